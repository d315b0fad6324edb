//! `server bench-board [SCALE…]`: how long the pipeline board's data takes
//! to load, on a fresh SQLite file seeded at SCALE × the demo volume
//! (default 1 and 10). Prints figures; it asserts nothing.

use entity::domain::Role;
use entity::dto::{BoardFilter, CurrentUser};
use std::time::{Duration, Instant};

/// The demo planner, as the benchmarks act.
fn bench_planner() -> CurrentUser {
    CurrentUser {
        user_id: 3,
        email: "planner@chargecars.nl".into(),
        display_name: "Bench".into(),
        role: Role::Planner,
        partner_id: None,
        contact_id: None,
        pending_mfa: None,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn time<F, Fut>(runs: usize, mut f: F) -> Result<Duration, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), services::ServiceError>>,
{
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f().await.map_err(|e| e.to_string())?;
        out.push(t.elapsed());
    }
    Ok(median(out))
}

pub async fn board(scales: &[usize]) -> Result<(), String> {
    // PostgreSQL too when `.ci/bench` names a server (BENCH_POSTGRES_URL,
    // an administrative database to create the bench's own from).
    let postgres = std::env::var("BENCH_POSTGRES_URL").ok();
    for &scale in scales {
        let dir = std::env::temp_dir().join(format!("cc-bench-{}-{scale}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let url = format!("sqlite://{}/board.db?mode=rwc", dir.display());
        board_on("SQLite", &url, scale).await?;
        let _ = std::fs::remove_dir_all(&dir);
        if let Some(admin) = &postgres {
            use sea_orm::ConnectionTrait;
            let name = format!("cc_bench_board_{}_{scale}", std::process::id());
            let server = sea_orm::Database::connect(admin.as_str())
                .await
                .map_err(|e| e.to_string())?;
            server
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .map_err(|e| e.to_string())?;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            let result = board_on("PostgreSQL", &format!("{base}/{name}"), scale).await;
            server
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .map_err(|e| e.to_string())?;
            result?;
        }
    }
    Ok(())
}

async fn board_on(label: &str, url: &str, scale: usize) -> Result<(), String> {
    let planner = bench_planner();
    let db = services::db::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    services::db::migrate(&db)
        .await
        .map_err(|e| e.to_string())?;
    let demo = services::seed::Volumes::demo();
    let volumes = services::seed::Volumes {
        customers: demo.customers * scale,
        visits: demo.visits * scale,
        ..demo
    };
    let t = Instant::now();
    let today = chrono::Utc::now().date_naive();
    let report = services::seed::seed_with(&db, today, volumes)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{label}, scale {scale}×: {} orders, {} transitions seeded in {:.1} s",
        report.counts.orders,
        report.counts.status_transitions,
        t.elapsed().as_secs_f64()
    );
    let now = chrono::Utc::now();
    let month_ago = (today - chrono::Days::new(30)).to_string();
    let cases: [(&str, BoardFilter); 7] = [
        ("whole board, no filter", BoardFilter::default()),
        (
            "SLA overdue",
            BoardFilter {
                sla: Some("overdue".into()),
                ..Default::default()
            },
        ),
        (
            "partner Groendus",
            BoardFilter {
                partner_id: Some(1),
                ..Default::default()
            },
        ),
        (
            "region ZH",
            BoardFilter {
                region: Some("ZH".into()),
                ..Default::default()
            },
        ),
        (
            "entity LaderThuis",
            BoardFilter {
                entity: Some("laderthuis".into()),
                ..Default::default()
            },
        ),
        (
            "created last 30 days",
            BoardFilter {
                from: Some(month_ago),
                ..Default::default()
            },
        ),
        (
            "text search \"jansen\"",
            BoardFilter {
                q: Some("jansen".into()),
                ..Default::default()
            },
        ),
    ];
    for (label, filter) in cases {
        let d = time(7, || async {
            services::pipeline::board(&db, Some(&planner), &filter, now)
                .await
                .map(|_| ())
        })
        .await?;
        println!(
            "  board {label:<28} median {:>7.1} ms",
            d.as_secs_f64() * 1000.0
        );
    }
    // The page after the 300th card of the Cancelled column.
    let column = entity::domain::pipeline::Column::Cancelled;
    let all = BoardFilter::default();
    let mut after = None;
    for size in [200, 100] {
        let page =
            services::pipeline::column_page(&db, Some(&planner), &all, column, after, size, now)
                .await
                .map_err(|e| e.to_string())?;
        after = page.cards.last().map(|c| c.id);
    }
    let d = time(7, || async {
        services::pipeline::column_page(
            &db,
            Some(&planner),
            &all,
            column,
            after,
            services::pipeline::PAGE,
            now,
        )
        .await
        .map(|_| ())
    })
    .await?;
    println!(
        "  next page of Cancelled (after 300)   median {:>7.1} ms",
        d.as_secs_f64() * 1000.0
    );
    db.close().await.map_err(|e| e.to_string())?;
    Ok(())
}

/// The route optimiser's quality on generated Dutch days of the issue's
/// shapes (12/20/34 teams with 30/55/90 visits): km and unplanned visits
/// of the plan the day was booked from (the demo generator's rule:
/// farthest first, neighbours within 50 km, on time and within the shift;
/// it does not look at skills), then of the optimiser after 1 s and 5 s
/// on one thread, and after 5 s on two. Travel: straight line × 1.3 at
/// 60 km/h. Three seeds per shape, so the figures are reproducible.
pub fn solve() -> Result<(), String> {
    use services::optimise::{generated_day, solve, Budget, OptimiseGoal};
    use services::seed::days::{plan_day, Job};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    println!("route optimiser (vrp-pragmatic; objective: unplanned, then km; straight-line travel times):");
    for (visits, teams) in [(30, 12), (55, 20), (90, 34)] {
        for seed in [7, 8, 9] {
            let day = generated_day(visits, teams, seed);
            let matrix = services::routing::Haversine::default().compute(&day.points());
            let run = |budget: Budget| {
                solve(&day, &matrix, &budget, Arc::new(AtomicBool::new(false)))
                    .map_err(|e| e.to_string())
            };
            // The booked plan: the demo rule's routes, measured on the same matrix.
            let jobs: Vec<Job> = day
                .visits
                .iter()
                .map(|v| Job {
                    point: v.point,
                    window: (v.window_start_min, v.window_end_min),
                    minutes: v.duration_min,
                })
                .collect();
            let booked = plan_day(day.depot, &jobs, teams);
            let mut booked_m = 0;
            let mut placed = 0;
            for route in &booked {
                let mut at = 0;
                for (j, _) in route {
                    booked_m += matrix.metres(at, j + 1);
                    at = j + 1;
                    placed += 1;
                }
                booked_m += matrix.metres(at, 0);
            }
            let first = run(Budget::first_feasible())?;
            let one = run(Budget {
                time: Duration::from_secs(1),
                generations: None,
                threads: 1,
                goal: OptimiseGoal::Distance,
            })?;
            let five = run(Budget::default_good())?;
            let two = run(Budget {
                threads: 2,
                ..Budget::default_good()
            })?;
            let km = |m: i64| m as f64 / 1000.0;
            // For the OR-Tools comparison (`.ci/ortools_solve.py`): the same
            // day, travel times and figures, as JSON.
            if let Ok(dir) = std::env::var("BENCH_SOLVE_EXPORT") {
                let day_json = serde_json::json!({
                    "name": format!("{visits} visits, {teams} teams, seed {seed}"),
                    "max_visits_per_team": services::optimise::MAX_VISITS_PER_TEAM,
                    "teams": day.teams.iter().map(|t| serde_json::json!({
                        "id": t.id, "shift_start_min": t.shift_start_min,
                        "shift_end_min": t.shift_end_min, "skills": t.skills,
                    })).collect::<Vec<_>>(),
                    // Visit i is matrix index i + 1; the depot is 0.
                    "visits": day.visits.iter().map(|v| serde_json::json!({
                        "id": v.id, "window_start_min": v.window_start_min,
                        "window_end_min": v.window_end_min, "duration_min": v.duration_min,
                        "skills": v.skills,
                    })).collect::<Vec<_>>(),
                    "n": matrix.n, "seconds": matrix.seconds, "metres": matrix.metres,
                    "booked_km": km(booked_m), "booked_unplanned": visits - placed,
                    "vrp_1s_km": km(one.metres), "vrp_1s_unplanned": one.unassigned.len(),
                    "vrp_5s_km": km(five.metres), "vrp_5s_unplanned": five.unassigned.len(),
                    "vrp_5s_2t_km": km(two.metres), "vrp_5s_2t_unplanned": two.unassigned.len(),
                });
                let file = format!("{dir}/day-{visits}-{teams}-{seed}.json");
                std::fs::write(&file, day_json.to_string()).map_err(|e| format!("{file}: {e}"))?;
            }
            println!(
                "  {visits:>2} visits, {teams:>2} teams, seed {seed}: booked {:>6.1} km, {:>2} unplanned · first plan {:>4} ms · 1 s: {:>6.1} km, {} unplanned · 5 s: {:>6.1} km, {} unplanned · 5 s on 2 threads: {:>6.1} km, {} unplanned",
                km(booked_m),
                visits - placed,
                first.solve_ms,
                km(one.metres),
                one.unassigned.len(),
                km(five.metres),
                five.unassigned.len(),
                km(two.metres),
                two.unassigned.len(),
            );
        }
    }
    Ok(())
}

/// `server bench-planning [KEEP_DIR]`: the route-planning board on days of
/// 30, 55 and 90 visits (10, 18 and 30 teams of two, three visits a lane)
/// in the 1× demo world on a SQLite file: how long the day's board data
/// takes to load, and the latency of one version-checked move (a visit to
/// another lane), both median of many. With KEEP_DIR the database stays
/// there and the dates are printed as `BENCH_DATES=…` for the browser half
/// (`end2end/bench`), which measures SSR, interactivity and a move through
/// the HTTP API.
pub async fn planning(keep: Option<String>) -> Result<(), String> {
    use entity::{order, visit};
    use sea_orm::{
        ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    };
    let e = |e: services::ServiceError| e.to_string();
    let planner = bench_planner();
    let p = Some(&planner);
    let dir = match &keep {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("cc-bench-planning-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("planning.db");
    let _ = std::fs::remove_file(&file);
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = services::db::connect(&url)
        .await
        .map_err(|e| e.to_string())?;
    services::db::migrate(&db)
        .await
        .map_err(|e| e.to_string())?;
    let today = chrono::Utc::now().date_naive();
    services::seed::seed_with(&db, today, services::seed::Volumes::demo())
        .await
        .map_err(e)?;
    let people: Vec<i32> = entity::technician::Entity::find()
        .filter(entity::technician::Column::Active.eq(true))
        .order_by_asc(entity::technician::Column::Id)
        .all(&db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|t| t.id)
        .collect();
    // Orders that may be planned; each day takes its own.
    let mut orders = order::Entity::find()
        .filter(order::Column::Status.is_in([
            "both_approved",
            "planning",
            "quote_draft",
            "intake_sent",
        ]))
        .order_by_asc(order::Column::Id)
        .all(&db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("route-planning board (SQLite file, 1× demo world, {build} build):");
    let mut dates = Vec::new();
    for (k, (visits, teams)) in [(30usize, 10usize), (55, 18), (90, 30)]
        .into_iter()
        .enumerate()
    {
        let date = today + chrono::Duration::days(120 + k as i64);
        dates.push(date.to_string());
        let mut team_ids = Vec::new();
        for t in 0..teams {
            let id = services::planning::create_team(&db, None, p, date)
                .await
                .map_err(e)?;
            for (m, person) in people.iter().skip(t * 2).take(2).enumerate() {
                services::planning::set_member(&db, None, p, id, m as i32 + 1, *person, true)
                    .await
                    .map_err(e)?;
            }
            team_ids.push(id);
        }
        let mut visit_ids = Vec::new();
        for o in orders.by_ref().take(visits) {
            order::Entity::update_many()
                .col_expr(
                    order::Column::Status,
                    sea_orm::sea_query::Expr::value("planning"),
                )
                .filter(order::Column::Id.eq(o.id))
                .exec(&db)
                .await
                .map_err(|e| e.to_string())?;
            let v = visit::ActiveModel {
                order_id: Set(o.id),
                kind: Set("installation".into()),
                date: Set(Some(date)),
                window_start_min: Set(8 * 60),
                window_end_min: Set(17 * 60),
                duration_minutes: Set(120),
                required_skills: Set(String::new()),
                day_team_id: Set(None),
                sequence: Set(None),
                pinned: Set(false),
                status: Set("unplanned".into()),
                version: Set(1),
                ..Default::default()
            }
            .insert(&db)
            .await
            .map_err(|e| e.to_string())?;
            visit_ids.push(v.id);
        }
        let now = chrono::Utc::now();
        for (i, v) in visit_ids.iter().enumerate() {
            let team = team_ids[i % teams];
            services::planning::assign(&db, None, p, *v, 1, Some((team, i / teams)), None, now)
                .await
                .map_err(e)?;
        }
        let load = time(7, || async {
            services::planning::day(&db, p, date).await.map(|_| ())
        })
        .await?;
        // One visit back and forth between the first two lanes.
        let bus = services::events::Bus::default();
        let mut moves = Vec::new();
        for i in 0..20 {
            let v = visit::Entity::find_by_id(visit_ids[0])
                .one(&db)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("visit gone")?;
            let to = team_ids[(i + 1) % 2];
            let t = Instant::now();
            services::planning::assign(
                &db,
                Some(&bus),
                p,
                v.id,
                v.version,
                Some((to, 0)),
                None,
                now,
            )
            .await
            .map_err(e)?;
            moves.push(t.elapsed());
        }
        println!(
            "  {visits:>2} visits, {teams:>2} teams: board data median {:>6.1} ms · move median {:>5.1} ms (version-checked, announced)",
            load.as_secs_f64() * 1000.0,
            median(moves).as_secs_f64() * 1000.0
        );
    }
    db.close().await.map_err(|e| e.to_string())?;
    match keep {
        Some(_) => println!(
            "BENCH_DB={} BENCH_DATES={}",
            file.display(),
            dates.join(",")
        ),
        None => {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    Ok(())
}

/// `server bench-slots`: how long a customer's slot search takes (the next
/// 3 weeks of 2-hour slots against every unpublished team day) on a fresh
/// SQLite file with the demo volumes, for orders ready to plan: median and
/// slowest of the searches.
pub async fn slots() -> Result<(), String> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let dir = std::env::temp_dir().join(format!("cc-bench-slots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let url = format!("sqlite://{}/slots.db?mode=rwc", dir.display());
    let db = services::db::connect(&url)
        .await
        .map_err(|e| e.to_string())?;
    services::db::migrate(&db)
        .await
        .map_err(|e| e.to_string())?;
    let now = chrono::Utc::now();
    let today = services::seed::demo_day(now);
    services::seed::seed_with(&db, today, services::seed::Volumes::demo())
        .await
        .map_err(|e| e.to_string())?;
    let orders = entity::order::Entity::find()
        .filter(entity::order::Column::Status.is_in(entity::domain::workflow::PLANNABLE))
        .limit(20)
        .all(&db)
        .await
        .map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut offered = Vec::new();
    for o in &orders {
        let customer = CurrentUser {
            user_id: 1,
            email: "klant@example.nl".into(),
            display_name: "Bench".into(),
            role: Role::Customer,
            partner_id: None,
            contact_id: Some(o.end_customer_contact_id),
            pending_mfa: None,
        };
        let t = Instant::now();
        match services::slots::offers(&db, Some(&customer), &o.order_number, now).await {
            Ok(s) => {
                times.push(t.elapsed());
                offered.push(s.len());
            }
            // Booked orders past their cut-off are not searched.
            Err(_) => continue,
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    if times.is_empty() {
        return Err("no order to search slots for".into());
    }
    let slowest = times.iter().max().copied().unwrap_or_default();
    println!(
        "slot search, 3 weeks, demo world (SQLite): {} orders, median {:.0} ms, slowest {:.0} ms, {}–{} slots offered",
        times.len(),
        median(times).as_secs_f64() * 1000.0,
        slowest.as_secs_f64() * 1000.0,
        offered.iter().min().unwrap_or(&0),
        offered.iter().max().unwrap_or(&0),
    );
    Ok(())
}
