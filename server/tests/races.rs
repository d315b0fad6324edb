//! Concurrent writers through the real router, on a file-backed SQLite
//! database (the production pool) and on PostgreSQL: of N requests that
//! saw the same version, exactly one succeeds, every other one is told 409
//! `stale` (never 500), and what is stored is the winner's change.

mod common;

use axum::http::StatusCode;
use common::*;
use entity::{day_team, day_team_member, order, region, technician, visit};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};
use services::testing;

/// How many requests race for one record.
const RACERS: usize = 12;

/// Sends every body to `path` at once (one task each, on several threads)
/// and returns each one's status and body, in the order of `bodies`.
async fn race(
    app: &axum::Router,
    cookie: &str,
    path: &'static str,
    bodies: Vec<Value>,
) -> Vec<(StatusCode, String)> {
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(bodies.len()));
    let tasks: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let (app, cookie, start) = (app.clone(), cookie.to_owned(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                let r = call_json(&app, path, body, Some(&cookie)).await;
                (r.status, r.body)
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("request task"));
    }
    out
}

/// Exactly one winner; every loser a 409 `stale`. Returns the winner's index.
fn one_winner(backend: &str, what: &str, results: &[(StatusCode, String)]) -> usize {
    let winners: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| s.is_success())
        .map(|(i, _)| i)
        .collect();
    let count = |code: StatusCode| results.iter().filter(|(s, _)| *s == code).count();
    eprintln!(
        "{backend} {what}: {} racers, {} × 200, {} × 409, {} other",
        results.len(),
        count(StatusCode::OK),
        count(StatusCode::CONFLICT),
        results.len() - count(StatusCode::OK) - count(StatusCode::CONFLICT)
    );
    assert_eq!(winners.len(), 1, "{backend} {what}: {results:?}");
    for (s, body) in results.iter().filter(|(s, _)| !s.is_success()) {
        assert_eq!(*s, StatusCode::CONFLICT, "{backend} {what}: {body}");
        assert!(body.contains("stale"), "{backend} {what}: {body}");
    }
    winners[0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_planners_move_a_visit_once() {
    let _watchdog = Watchdog::start("racing_planners_move_a_visit_once");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        let planner = sign_in(&app, "planner@chargecars.nl").await;
        // A planned visit; half the racers take it off its team, half move
        // it to another place in the team's route.
        let v = visit::Entity::find()
            .filter(visit::Column::DayTeamId.is_not_null())
            .order_by_asc(visit::Column::Id)
            .one(&tdb.db)
            .await
            .unwrap()
            .expect("a planned visit");
        let team = v.day_team_id.unwrap();
        let targets: Vec<(Option<i32>, usize)> = (0..RACERS)
            .map(|i| {
                if i % 2 == 0 {
                    (None, 1)
                } else {
                    (Some(team), 1 + i / 2)
                }
            })
            .collect();
        let bodies = targets
            .iter()
            .map(|(t, pos)| {
                json!({ "visit_id": v.id, "version": v.version, "team_id": t,
                        "position": pos, "reason": "Race test" })
            })
            .collect();
        let results = race(&app, &planner, "/api/planning/assign", bodies).await;
        let w = one_winner(tdb.backend, "visit move", &results);
        let stored = visit::Entity::find_by_id(v.id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.day_team_id, targets[w].0, "{}", tdb.backend);
        match targets[w].0 {
            None => assert_eq!(stored.sequence, None, "{}", tdb.backend),
            Some(t) => {
                let lane = visit::Entity::find()
                    .filter(visit::Column::DayTeamId.eq(t))
                    .filter(
                        visit::Column::Status.ne(entity::domain::VisitStatus::Cancelled.as_str()),
                    )
                    .count(&tdb.db)
                    .await
                    .unwrap() as usize;
                let expected = targets[w].1.min(lane) as i32;
                assert_eq!(stored.sequence, Some(expected), "{}", tdb.backend);
            }
        }
        assert!(stored.version > v.version);
        tdb.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_planners_add_one_person_to_a_team() {
    let _watchdog = Watchdog::start("racing_planners_add_one_person_to_a_team");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        let planner = sign_in(&app, "planner@chargecars.nl").await;
        let team = day_team::Entity::find()
            .order_by_asc(day_team::Column::Id)
            .one(&tdb.db)
            .await
            .unwrap()
            .expect("a team");
        let members: Vec<i32> = day_team_member::Entity::find()
            .filter(day_team_member::Column::DayTeamId.eq(team.id))
            .all(&tdb.db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.technician_id)
            .collect();
        let free: Vec<i32> = technician::Entity::find()
            .order_by_asc(technician::Column::Id)
            .all(&tdb.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.id)
            .filter(|id| !members.contains(id))
            .take(RACERS)
            .collect();
        assert!(free.len() >= 4, "technicians to add");
        let bodies = free
            .iter()
            .map(|t| {
                json!({ "team_id": team.id, "version": team.version,
                             "technician_id": t, "member": true })
            })
            .collect();
        let results = race(&app, &planner, "/api/planning/member", bodies).await;
        let w = one_winner(tdb.backend, "team member", &results);
        let mut after: Vec<i32> = day_team_member::Entity::find()
            .filter(day_team_member::Column::DayTeamId.eq(team.id))
            .all(&tdb.db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.technician_id)
            .collect();
        after.sort_unstable();
        let mut expected = members.clone();
        expected.push(free[w]);
        expected.sort_unstable();
        assert_eq!(after, expected, "{}", tdb.backend);
        tdb.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_moves_of_one_order_and_edits_of_one_region_have_one_winner() {
    let _watchdog =
        Watchdog::start("racing_moves_of_one_order_and_edits_of_one_region_have_one_winner");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        // The pipeline: racing moves of one new lead (to intake, or
        // cancelled with each racer's own reason).
        let planner = sign_in(&app, "planner@chargecars.nl").await;
        let lead = order::Entity::find()
            .filter(order::Column::Status.eq(entity::domain::workflow::NEW_LEAD))
            .order_by_asc(order::Column::Id)
            .one(&tdb.db)
            .await
            .unwrap()
            .expect("a new lead");
        let targets: Vec<&str> = (0..RACERS)
            .map(|i| {
                if i % 2 == 0 {
                    entity::domain::workflow::INTAKE_SENT
                } else {
                    entity::domain::workflow::CANCELLED
                }
            })
            .collect();
        let bodies = targets
            .iter()
            .enumerate()
            .map(|(i, to)| {
                json!({ "order_id": lead.id, "version": lead.version, "to": to,
                                   "reason": format!("Klant ziet af, reden {i}") })
            })
            .collect();
        let results = race(&app, &planner, "/api/pipeline/move", bodies).await;
        let w = one_winner(tdb.backend, "order move", &results);
        let stored = order::Entity::find_by_id(lead.id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, targets[w], "{}", tdb.backend);
        assert_eq!(stored.version, lead.version + 1, "{}", tdb.backend);
        if targets[w] == entity::domain::workflow::CANCELLED {
            assert_eq!(
                stored.cancel_reason,
                Some(format!("Klant ziet af, reden {w}")),
                "{}",
                tdb.backend
            );
        }

        // An admin form: racing renames of one region.
        let admin = sign_in(&app, "admin@chargecars.nl").await;
        let r = region::Entity::find()
            .order_by_asc(region::Column::Id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        let bodies = (0..RACERS)
            .map(|i| {
                json!({ "id": r.id, "version": r.version, "name": format!("Regio {i}"),
                             "ranges": r.pc4_ranges })
            })
            .collect();
        let results = race(&app, &admin, "/api/admin/regions/update", bodies).await;
        let w = one_winner(tdb.backend, "region edit", &results);
        let stored = region::Entity::find_by_id(r.id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.name, format!("Regio {w}"), "{}", tdb.backend);
        assert_eq!(stored.version, r.version + 1, "{}", tdb.backend);

        // The pricing matrix: racing changes of one cell, each from the
        // rule the admin saw.
        let rules = entity::pricing_rule::Entity::find()
            .all(&tdb.db)
            .await
            .unwrap();
        let product = entity::product::Entity::find()
            .order_by_asc(entity::product::Column::Id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        let cell = |cents: i64, seen: Option<i32>| entity::domain::catalogue::PriceChange::Base {
            product_id: product.id,
            entity_id: None,
            cents: Some(cents),
            seen,
        };
        let seen = cell(0, None).current(&rules).map(|r| r.id);
        let bodies = (0..RACERS)
            .map(|i| json!({ "changes": [cell(100_000 + i as i64, seen)] }))
            .collect();
        let results = race(&app, &admin, "/api/admin/prices/save", bodies).await;
        let w = one_winner(tdb.backend, "price change", &results);
        let rules = entity::pricing_rule::Entity::find()
            .all(&tdb.db)
            .await
            .unwrap();
        let now = cell(0, None).current(&rules).expect("a general price");
        assert_eq!(now.amount_cents, 100_000 + w as i64, "{}", tdb.backend);
        let today = rules
            .iter()
            .filter(|r| {
                r.kind == "base"
                    && r.product_id == Some(product.id)
                    && r.business_entity_id.is_none()
            })
            .filter(|r| r.valid_from == now.valid_from)
            .count();
        assert_eq!(
            today, 1,
            "{}: one rule for the day, not one per racer",
            tdb.backend
        );
        tdb.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_admins_save_a_message_timing_and_a_template_once() {
    let _watchdog = Watchdog::start("racing_admins_save_a_message_timing_and_a_template_once");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        let admin = sign_in(&app, "admin@chargecars.nl").await;
        let timing = || async {
            entity::message_timing::Entity::find()
                .filter(entity::message_timing::Column::BusinessEntityId.eq(1))
                .filter(entity::message_timing::Column::TriggerKey.eq("survey"))
                .all(&tdb.db)
                .await
                .unwrap()
        };
        // The first change of a default (version 0): the unique index decides.
        let bodies = (0..RACERS)
            .map(|i| json!({ "business_entity_id": 1, "key": "survey", "enabled": true, "hours": 24 + i, "version": 0 }))
            .collect();
        let results = race(&app, &admin, "/api/admin/timings/save", bodies).await;
        let w = one_winner(tdb.backend, "first timing save", &results);
        let rows = timing().await;
        assert_eq!(rows.len(), 1, "{}", tdb.backend);
        assert_eq!((rows[0].hours, rows[0].version), (24 + w as i32, 1));
        // A change of that setting: the conditional update decides.
        let bodies = (0..RACERS)
            .map(|i| json!({ "business_entity_id": 1, "key": "survey", "enabled": i % 2 == 0, "hours": 100 + i, "version": 1 }))
            .collect();
        let results = race(&app, &admin, "/api/admin/timings/save", bodies).await;
        let w = one_winner(tdb.backend, "timing change", &results);
        let rows = timing().await;
        assert_eq!(
            (rows[0].hours, rows[0].enabled, rows[0].version),
            (100 + w as i32, w.is_multiple_of(2), 2),
            "{}",
            tdb.backend
        );

        // A template: every admin edited the version they opened.
        let newest = entity::message_template::Entity::find()
            .filter(entity::message_template::Column::Scope.eq(1))
            .filter(entity::message_template::Column::Kind.eq("quote_follow_up"))
            .filter(entity::message_template::Column::Channel.eq("email"))
            .filter(entity::message_template::Column::Language.eq("nl"))
            .order_by_desc(entity::message_template::Column::Version)
            .one(&tdb.db)
            .await
            .unwrap()
            .map_or(0, |t| t.version);
        let key =
            json!({ "scope": 1, "kind": "quote_follow_up", "channel": "email", "language": "nl" });
        let bodies = (0..RACERS)
            .map(|i| {
                json!({ "key": key, "version": newest,
                        "subject": format!("Herinnering {i}"),
                        "body": "Beste {{customer_name}}, bekijk uw offerte: {{portal_link}}" })
            })
            .collect();
        let results = race(&app, &admin, "/api/admin/templates/save", bodies).await;
        let w = one_winner(tdb.backend, "template save", &results);
        let saved = entity::message_template::Entity::find()
            .filter(entity::message_template::Column::Scope.eq(1))
            .filter(entity::message_template::Column::Kind.eq("quote_follow_up"))
            .filter(entity::message_template::Column::Channel.eq("email"))
            .filter(entity::message_template::Column::Language.eq("nl"))
            .filter(entity::message_template::Column::Version.eq(newest + 1))
            .all(&tdb.db)
            .await
            .unwrap();
        assert_eq!(saved.len(), 1, "{}", tdb.backend);
        assert_eq!(saved[0].subject, format!("Herinnering {w}"));
        tdb.cleanup().await;
    }
}

/// Customers near the depot whose orders are ready to plan, each with an
/// account of their own (signed in), and a team on a day of their horizon
/// that has room for exactly one more visit: every other team is published.
async fn last_place(
    app: &axum::Router,
    db: &sea_orm::DatabaseConnection,
) -> (i32, Vec<(String, String)>) {
    use chrono::Duration;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let depot = entity::depot::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let near = |o: &order::Model| (o.lat - depot.lat).powi(2) + (o.lng - depot.lng).powi(2);
    let mut orders = order::Entity::find().all(db).await.unwrap();
    orders.sort_by(|a, b| near(a).total_cmp(&near(b)));
    let mut seen = std::collections::HashSet::new();
    orders.retain(|o| seen.insert(o.end_customer_contact_id));
    let (filling, racing) = (&orders[..2], &orders[2..2 + RACERS]);

    day_team::Entity::update_many()
        .col_expr(day_team::Column::Published, Expr::value(true))
        .exec(db)
        .await
        .unwrap();
    let today = entity::domain::time::amsterdam(chrono::Utc::now()).date_naive();
    let mut date = today + Duration::days(10);
    while chrono::Datelike::weekday(&date).num_days_from_monday() > 4 {
        date += Duration::days(1);
    }
    let team = day_team::ActiveModel {
        date: Set(date),
        name: Set("Team 9".into()),
        shift_start_min: Set(450),
        shift_end_min: Set(1020),
        published: Set(false),
        version: Set(1),
        booking_version: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let mut people = technician::Entity::find().all(db).await.unwrap();
    people.sort_by_key(|p| std::cmp::Reverse(p.skills.len()));
    for p in people.iter().take(3) {
        day_team_member::ActiveModel {
            day_team_id: Set(team.id),
            technician_id: Set(p.id),
        }
        .insert(db)
        .await
        .unwrap();
    }
    for (i, o) in filling.iter().enumerate() {
        visit::ActiveModel {
            order_id: Set(o.id),
            kind: Set("installation".into()),
            date: Set(Some(date)),
            window_start_min: Set(450),
            window_end_min: Set(1020),
            duration_minutes: Set(120),
            required_skills: Set(String::new()),
            day_team_id: Set(Some(team.id)),
            sequence: Set(Some(i as i32 + 1)),
            pinned: Set(false),
            status: Set("planned".into()),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let klant = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq("klant@example.nl"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut out = Vec::new();
    for (i, o) in racing.iter().enumerate() {
        order::Entity::update_many()
            .col_expr(order::Column::Status, Expr::value("both_approved"))
            .filter(order::Column::Id.eq(o.id))
            .exec(db)
            .await
            .unwrap();
        visit::Entity::delete_many()
            .filter(visit::Column::OrderId.eq(o.id))
            .exec(db)
            .await
            .unwrap();
        let email = format!("racer{i}@example.nl");
        let mut user: entity::user::ActiveModel = klant.clone().into();
        user.id = sea_orm::ActiveValue::NotSet;
        user.email = Set(email.clone());
        user.contact_id = Set(Some(o.end_customer_contact_id));
        user.insert(db).await.unwrap();
        out.push((o.order_number.clone(), sign_in(app, &email).await));
    }
    (team.id, out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_customers_take_the_last_place_of_a_day_once() {
    let _watchdog = Watchdog::start("racing_customers_take_the_last_place_of_a_day_once");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        let (team, racers) = last_place(&app, &tdb.db).await;
        // Each is offered the last place on that team, at a time of their own.
        let mut bodies = Vec::new();
        for (number, cookie) in &racers {
            let r = call(
                &app,
                "/api/appointment/slots",
                &format!("order_number={number}"),
                Some(cookie),
                &[],
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", tdb.backend, r.body);
            let slots: Vec<entity::dto::SlotDto> = serde_json::from_str(&r.body).unwrap();
            let s = slots
                .first()
                .unwrap_or_else(|| panic!("{}: no slot for {number}", tdb.backend));
            bodies.push((
                cookie.clone(),
                format!(
                    "order_number={number}&date={}&start_min={}",
                    s.date, s.start_min
                ),
            ));
        }
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(bodies.len()));
        let tasks: Vec<_> = bodies
            .into_iter()
            .map(|(cookie, body)| {
                let (app, start) = (app.clone(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    let r = call(&app, "/api/appointment/hold", &body, Some(&cookie), &[]).await;
                    (r.status, r.body)
                })
            })
            .collect();
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        let won = results.iter().filter(|(s, _)| s.is_success()).count();
        eprintln!(
            "{} last place: {} racers, {won} × 200",
            tdb.backend,
            results.len()
        );
        assert_eq!(won, 1, "{}: {results:?}", tdb.backend);
        for (s, body) in results.iter().filter(|(s, _)| !s.is_success()) {
            assert_eq!(*s, StatusCode::CONFLICT, "{}: {body}", tdb.backend);
            assert!(body.contains("slot_taken"), "{}: {body}", tdb.backend);
        }
        let holds = entity::slot_hold::Entity::find()
            .filter(entity::slot_hold::Column::DayTeamId.eq(team))
            .count(&tdb.db)
            .await
            .unwrap();
        assert_eq!(holds, 1, "{}", tdb.backend);
        // The winner confirms: the visit is on the team, unpublished.
        let w = results.iter().position(|(s, _)| s.is_success()).unwrap();
        let (number, cookie) = &racers[w];
        let r = call(
            &app,
            "/api/appointment/confirm",
            &format!("order_number={number}"),
            Some(cookie),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", tdb.backend, r.body);
        let on_team = visit::Entity::find()
            .filter(visit::Column::DayTeamId.eq(team))
            .count(&tdb.db)
            .await
            .unwrap();
        assert_eq!(on_team, 3, "{}", tdb.backend);
        tdb.cleanup().await;
    }
}
