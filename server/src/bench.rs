//! `server bench-board [SCALE…]`: how long the pipeline board's data takes
//! to load, on a fresh SQLite file seeded at SCALE × the demo volume
//! (default 1 and 10). Prints figures; it asserts nothing.

use entity::domain::Role;
use entity::dto::{BoardFilter, CurrentUser};
use std::time::{Duration, Instant};

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
    let planner = CurrentUser {
        user_id: 3,
        email: "planner@chargecars.nl".into(),
        display_name: "Bench".into(),
        role: Role::Planner,
        partner_id: None,
        contact_id: None,
        pending_mfa: None,
    };
    for &scale in scales {
        let dir = std::env::temp_dir().join(format!("cc-bench-{}-{scale}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let url = format!("sqlite://{}/board.db?mode=rwc", dir.display());
        let db = services::db::connect(&url)
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
            "scale {scale}×: {} orders, {} transitions seeded in {:.1} s",
            report.counts.orders,
            report.counts.status_transitions,
            t.elapsed().as_secs_f64()
        );
        let now = chrono::Utc::now();
        let cases: [(&str, BoardFilter); 4] = [
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
        let d = time(7, || async {
            services::pipeline::column_page(
                &db,
                Some(&planner),
                &BoardFilter::default(),
                entity::domain::pipeline::Column::Cancelled,
                300,
                services::pipeline::PAGE,
                now,
            )
            .await
            .map(|_| ())
        })
        .await?;
        println!(
            "  next page of Cancelled (offset 300)  median {:>7.1} ms",
            d.as_secs_f64() * 1000.0
        );
        db.close().await.map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// The route optimiser on generated days of 30, 55 and 90 visits (10, 18
/// and 30 teams): time to the first feasible plan, and the total distance
/// after a 1 s and a 5 s search. Travel times: the straight-line provider.
pub fn solve() -> Result<(), String> {
    use services::optimise::{generated_day, solve, Budget};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    println!("route optimiser (vrp-pragmatic, 1 thread, straight-line travel times):");
    for (visits, teams) in [(30, 10), (55, 18), (90, 30)] {
        let day = generated_day(visits, teams, 7);
        let matrix = services::routing::Haversine::default().compute(&day.points());
        let run = |budget: Budget| {
            solve(&day, &matrix, &budget, Arc::new(AtomicBool::new(false)))
                .map_err(|e| e.to_string())
        };
        let first = run(Budget::first_feasible())?;
        let one = run(Budget {
            time: Duration::from_secs(1),
            generations: None,
        })?;
        let five = run(Budget::default_good())?;
        let km = |m: i64| m as f64 / 1000.0;
        println!(
            "  {visits:>2} visits, {teams:>2} teams: first plan {:>5} ms ({:>6.1} km, {} unplanned) · 1 s: {:>6.1} km, {} unplanned · 5 s: {:>6.1} km, {} unplanned",
            first.solve_ms,
            km(first.metres),
            first.unassigned.len(),
            km(one.metres),
            one.unassigned.len(),
            km(five.metres),
            five.unassigned.len(),
        );
    }
    Ok(())
}
