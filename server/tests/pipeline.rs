//! The pipeline board over HTTP: who may read and move, refusals as 409,
//! and the event stream's access check.

mod common;

use axum::http::StatusCode;
use common::*;
use entity::domain::pipeline::Refusal;
use entity::domain::workflow::{INTAKE_SENT, NEW_LEAD};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use services::testing;

#[tokio::test]
async fn only_ops_staff_read_the_board_and_move_cards() {
    let _watchdog = Watchdog::start("only_ops_staff_read_the_board_and_move_cards");
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let lead = entity::order::Entity::find()
            .filter(entity::order::Column::Status.eq(NEW_LEAD))
            .order_by_asc(entity::order::Column::Id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        let board = json!({ "filter": {} });
        let mv = |version: i32, to: &str| json!({ "order_id": lead.id, "version": version, "to": to, "reason": null });

        assert_eq!(
            call_json(&app, "/api/pipeline/board", board.clone(), None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        for email in [
            "monteur@chargecars.nl",
            "partner@groendus.nl",
            "klant@example.nl",
        ] {
            let c = sign_in(&app, email).await;
            let r = call_json(&app, "/api/pipeline/board", board.clone(), Some(&c)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
            let r = call_json(
                &app,
                "/api/pipeline/move",
                mv(lead.version, INTAKE_SENT),
                Some(&c),
            )
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
            let r = page(&app, "/api/events/orders", Some(&c)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email} events");
        }
        let half = sign_in_password_only(&app, "planner@chargecars.nl").await;
        let r = call_json(&app, "/api/pipeline/board", board.clone(), Some(&half)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);

        let planner = sign_in(&app, "planner@chargecars.nl").await;
        let r = call_json(&app, "/api/pipeline/board", board.clone(), Some(&planner)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let b: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(b["columns"].as_array().unwrap().len(), 9);
        assert!(!r.body.contains("password"), "no secrets");

        // An illegal move is refused with its reason; a legal one moves.
        let r = call_json(
            &app,
            "/api/pipeline/move",
            mv(lead.version, "completed"),
            Some(&planner),
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let refusal: app::error::AppError = serde_json::from_str(&r.body).unwrap();
        assert!(
            matches!(
                refusal,
                app::error::AppError::Refused(Refusal::NotAllowed { .. })
            ),
            "{}",
            r.body
        );
        let r = call_json(
            &app,
            "/api/pipeline/move",
            mv(lead.version, INTAKE_SENT),
            Some(&planner),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let card: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(card["status"], INTAKE_SENT);
        // The same version again lost the race.
        let r = call_json(
            &app,
            "/api/pipeline/move",
            mv(lead.version, INTAKE_SENT),
            Some(&planner),
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        // (A lost race is `Stale`, as for every other versioned write.)
        assert_eq!(
            serde_json::from_str::<app::error::AppError>(&r.body).unwrap(),
            app::error::AppError::Stale,
            "{}",
            r.body
        );
        let r = call_json(
            &app,
            "/api/pipeline/column",
            json!({ "filter": {}, "column": "nonsense", "offset": 0 }),
            Some(&planner),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn quote_pdfs_go_only_to_who_may_read_the_order() {
    let _watchdog = Watchdog::start("quote_pdfs_go_only_to_who_may_read_the_order");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let o = entity::order::Entity::find()
        .filter(entity::order::Column::PartnerId.eq(1))
        .filter(entity::order::Column::Status.eq("completed"))
        .one(&tdb.db)
        .await
        .unwrap()
        .expect("a completed Groendus order");
    let q = entity::quote::Entity::find()
        .filter(entity::quote::Column::OrderId.eq(o.id))
        .one(&tdb.db)
        .await
        .unwrap()
        .expect("its quote");
    let path = format!("/api/quotes/{}/pdf", q.id);
    assert_eq!(get(&app, &path).await.status, StatusCode::UNAUTHORIZED);
    let ops = sign_in(&app, "ops@chargecars.nl").await;
    let r = page(&app, &path, Some(&ops)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/pdf");
    assert!(r.body.starts_with("%PDF-"));
    assert!(r.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&o.order_number));
    let groendus = sign_in(&app, "partner@groendus.nl").await;
    assert_eq!(
        page(&app, &path, Some(&groendus)).await.status,
        StatusCode::OK
    );
    let essent = sign_in(&app, "partner@essent.nl").await;
    assert_eq!(
        page(&app, &path, Some(&essent)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, "/api/quotes/999999/pdf", Some(&ops))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn order_details_and_sign_offs_are_for_ops_and_intake_links_are_checked() {
    let _watchdog =
        Watchdog::start("order_details_and_sign_offs_are_for_ops_and_intake_links_are_checked");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let o = entity::order::Entity::find()
        .filter(entity::order::Column::PartnerId.eq(1))
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap();
    let detail = format!("order_number={}", o.order_number);
    let sign_off = json!({ "order_id": o.id, "input": { "signed_by_name": "X", "signature": "M1 1 L20 20 L30 5", "photo_count": 1, "checked": [] } });
    assert_eq!(
        call(&app, "/api/orders/detail", &detail, None, &[])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Even the order's own partner and a technician get no internal view.
    for email in [
        "partner@groendus.nl",
        "klant@example.nl",
        "monteur@chargecars.nl",
    ] {
        let c = sign_in(&app, email).await;
        assert_eq!(
            call(&app, "/api/orders/detail", &detail, Some(&c), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        assert_eq!(
            call_json(&app, "/api/orders/sign-off", sign_off.clone(), Some(&c))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        // Nor the order's thread, to read or to answer in.
        assert_eq!(
            call(&app, "/api/orders/thread", &detail, Some(&c), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        // Nor the communication analytics.
        assert_eq!(
            call(&app, "/api/ops/messages/stats", "days=14", Some(&c), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        let answer = format!("{detail}&channel=email&text=Hallo");
        assert_eq!(
            call(&app, "/api/orders/thread/answer", &answer, Some(&c), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        // Nor who handles it, nor the inbox.
        let handling = serde_json::json!({ "order_number": o.order_number, "assignee": null,
            "priority": "low", "version": 0 });
        assert_eq!(
            call_json(&app, "/api/orders/thread/handling", handling, Some(&c))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
        assert_eq!(
            call(&app, "/api/orders/threads/waiting", "", Some(&c), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{email}"
        );
    }
    assert!(entity::thread::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .is_empty());
    let ops = sign_in(&app, "ops@chargecars.nl").await;
    let r = call(&app, "/api/orders/detail", &detail, Some(&ops), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&o.order_number));
    // Ops answer the customer by e-mail; the answer is in the thread.
    let answer = format!("{detail}&channel=email&text=We+bellen+u+morgen.");
    assert_eq!(
        call(&app, "/api/orders/thread/answer", &answer, Some(&ops), &[])
            .await
            .status,
        StatusCode::OK
    );
    // The customer's preferences are the customer's: ops are refused them.
    assert_eq!(
        call(&app, "/api/customer/preferences", "", Some(&ops), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let stats = call(&app, "/api/ops/messages/stats", "days=14", Some(&ops), &[]).await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    assert!(
        stats.body.contains("\"channel\":\"whatsapp\""),
        "{}",
        stats.body
    );
    let thread = call(&app, "/api/orders/thread", &detail, Some(&ops), &[]).await;
    assert!(
        thread.body.contains("We bellen u morgen."),
        "{}",
        thread.body
    );
    let empty = format!("{detail}&channel=email&text=+");
    assert_eq!(
        call(&app, "/api/orders/thread/answer", &empty, Some(&ops), &[])
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    // Unknown intake tokens answer 404 and say nothing about orders.
    let r = call_json(
        &app,
        "/api/intake/form",
        json!({ "token": "not-a-token" }),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<app::error::AppError>(&r.body).unwrap(),
        app::error::AppError::NotFound,
        "{}",
        r.body
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn quote_approval_over_http_is_for_the_order_s_own_customer_and_partner() {
    let _watchdog = Watchdog::start("quote_approval_over_http");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    // klant2@example.nl owns an Essent order whose quote waits for approval.
    let klant2 = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq("klant2@example.nl"))
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap();
    let o = entity::order::Entity::find()
        .filter(entity::order::Column::EndCustomerContactId.eq(klant2.contact_id.unwrap()))
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap();
    let number = format!("order_number={}", o.order_number);
    assert_eq!(
        call(&app, "/api/orders/portal", &number, None, &[])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Another customer and another partner: as if the order did not exist.
    for email in ["klant@example.nl", "partner@groendus.nl"] {
        let c = sign_in(&app, email).await;
        assert_eq!(
            call(&app, "/api/orders/portal", &number, Some(&c), &[])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{email}"
        );
    }
    let customer = sign_in(&app, "klant2@example.nl").await;
    let r = call(&app, "/api/orders/portal", &number, Some(&customer), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view: entity::dto::PortalOrderDto = serde_json::from_str(&r.body).unwrap();
    assert!(view.can_approve);
    let quote = view.quote.unwrap().id;
    let approve = format!("{number}&quote_id={quote}");

    // The partner's turn has not come; staff never approve for a customer.
    let essent = sign_in(&app, "partner@essent.nl").await;
    let r = call(&app, "/api/quotes/approve", &approve, Some(&essent), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("not_awaiting_you"), "{}", r.body);
    let ops = sign_in(&app, "ops@chargecars.nl").await;
    assert_eq!(
        call(&app, "/api/quotes/approve", &approve, Some(&ops), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A revision reason that says nothing is refused.
    let r = call(
        &app,
        "/api/quotes/revision",
        &format!("{approve}&reason=nee"),
        Some(&customer),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let r = call(&app, "/api/quotes/approve", &approve, Some(&customer), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(&app, "/api/quotes/approve", &approve, Some(&essent), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after: entity::dto::PortalOrderDto = serde_json::from_str(&r.body).unwrap();
    assert_eq!(after.status, "both_approved");

    // Planning a visit is for ops only.
    let plan = json!({ "order_id": o.id, "input": { "day_team_id": 1, "window_start_min": 480, "window_end_min": 720 } });
    for c in [&customer, &essent] {
        assert_eq!(
            call_json(&app, "/api/visits/plan", plan.clone(), Some(c))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            call(&app, "/api/visits/teams", "", Some(c), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let r = call(&app, "/api/visits/teams", "", Some(&ops), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_planning_board_is_for_ops_only() {
    let _watchdog = Watchdog::start("the_planning_board_is_for_ops_only");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let day = json!({ "date": "2026-11-25" });
    let calls = [
        ("/api/planning/day", day.clone()),
        ("/api/planning/team", day.clone()),
        ("/api/planning/publish", day.clone()),
        (
            "/api/planning/assign",
            json!({ "visit_id": 1, "version": 1, "team_id": 1, "position": 1 }),
        ),
        (
            "/api/planning/member",
            json!({ "team_id": 1, "version": 1, "technician_id": 1, "member": true }),
        ),
        (
            "/api/planning/optimise",
            json!({ "date": "2026-11-25", "team_ids": null, "token": "t" }),
        ),
        ("/api/planning/progress", json!({ "token": "t" })),
        ("/api/planning/cancel", json!({ "token": "t" })),
    ];
    for (path, body) in &calls {
        assert_eq!(
            call_json(&app, path, body.clone(), None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    for email in [
        "partner@groendus.nl",
        "klant@example.nl",
        "monteur@chargecars.nl",
    ] {
        let c = sign_in(&app, email).await;
        for (path, body) in &calls {
            assert_eq!(
                call_json(&app, path, body.clone(), Some(&c)).await.status,
                StatusCode::FORBIDDEN,
                "{email} {path}"
            );
        }
        assert_eq!(
            page(&app, "/api/events/planning?date=2026-11-25", Some(&c))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let planner = sign_in(&app, "planner@chargecars.nl").await;
    // No run under that token (or somebody else's): nothing, as for none.
    let r = call_json(
        &app,
        "/api/planning/progress",
        json!({ "token": "t" }),
        Some(&planner),
    )
    .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "null"));
    let r = call_json(&app, "/api/planning/day", day.clone(), Some(&planner)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let board: entity::dto::PlanningDayDto = serde_json::from_str(&r.body).unwrap();
    assert_eq!(board.date, "2026-11-25");
    assert!(!board.people.is_empty());
    // A bad date is a clear 400, not a crash.
    let r = call_json(
        &app,
        "/api/planning/day",
        json!({ "date": "25-11" }),
        Some(&planner),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    tdb.cleanup().await;
}

/// The field app's sync over HTTP: technicians only (401 without a session,
/// 403 for ops, partners and customers); a command the technician may not
/// run is answered in words (200), a malformed id is a 400, and a command
/// sent again gets the same answer.
#[tokio::test]
async fn the_field_sync_is_for_technicians_and_answers_repeats_alike() {
    let _watchdog = Watchdog::start("the_field_sync_is_for_technicians_and_answers_repeats_alike");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let command = |id: &str| {
        json!({ "commands": [{
            "id": id, "visit_id": 999999, "planned_date": "2026-11-25",
            "done_at": "2026-11-25T07:00:00Z",
            "action": { "step": "on_the_way", "eta_min": 20 }
        }] })
    };
    let ok = command("5b0c3c1e-4a4f-4d7e-9f3e-1d2c3b4a5f60");
    let r = call_json(&app, "/api/field/sync", ok.clone(), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for email in [
        "planner@chargecars.nl",
        "partner@groendus.nl",
        "klant@example.nl",
    ] {
        let c = sign_in(&app, email).await;
        let r = call_json(&app, "/api/field/sync", ok.clone(), Some(&c)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
    }
    let monteur = sign_in(&app, "monteur@chargecars.nl").await;
    let first = call_json(&app, "/api/field/sync", ok.clone(), Some(&monteur)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let replies: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(replies[0]["outcome"], "conflict");
    assert_eq!(replies[0]["code"], "visit_moved");
    let again = call_json(&app, "/api/field/sync", ok, Some(&monteur)).await;
    assert_eq!((again.status, again.body), (first.status, first.body));
    let bad = call_json(&app, "/api/field/sync", command("x"), Some(&monteur)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);

    // Hours: a technician reads their own, ops read everyone's; each is
    // refused the other's, and nobody without a session.
    let day = json!({ "date": "2026-11-25" });
    let own = call_json(&app, "/api/field/timesheet", day.clone(), Some(&monteur)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let ops = sign_in(&app, "planner@chargecars.nl").await;
    let all = call_json(&app, "/api/planning/timesheets", day.clone(), Some(&ops)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let _: Vec<entity::dto::TimesheetDto> = serde_json::from_str(&all.body).unwrap();
    for (path, who) in [
        ("/api/field/timesheet", Some(&ops)),
        ("/api/planning/timesheets", Some(&monteur)),
    ] {
        let r = call_json(&app, path, day.clone(), who.map(|c| c.as_str())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        let r = call_json(&app, path, day.clone(), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = call_json(
        &app,
        "/api/planning/timesheets",
        json!({ "date": "25-11" }),
        Some(&ops),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // A photo of a visit on the technician's team, in two chunks.
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let me = entity::technician::Entity::find()
        .filter(
            entity::technician::Column::UserId
                .eq(services::testing::caller(entity::domain::Role::Technician).user_id),
        )
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap();
    let v = entity::visit::Entity::find()
        .filter(entity::visit::Column::DayTeamId.is_not_null())
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap();
    let _ = entity::day_team_member::ActiveModel {
        day_team_id: Set(v.day_team_id.unwrap()),
        technician_id: Set(me.id),
    }
    .insert(&tdb.db)
    .await;
    let file: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
        .into_iter()
        .chain((0..5000u32).map(|i| (i % 251) as u8))
        .collect();
    let start = json!({ "photo": {
        "client_id": "3c9d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "visit_id": v.id,
        "phase": "before", "content_type": "image/jpeg",
        "size_bytes": file.len(), "taken_at": "2026-11-25T08:00:00Z" } });
    let planner = ops.clone();
    let r = call_json(
        &app,
        "/api/field/photo/start",
        start.clone(),
        Some(&planner),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = call_json(
        &app,
        "/api/field/photo/start",
        start.clone(),
        Some(&monteur),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b64 = |b: &[u8]| data_encoding::BASE64.encode(b);
    let chunk = |offset: usize, end: usize| {
        json!({ "client_id": "3c9d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
                "offset": offset, "data": b64(&file[offset..end]) })
    };
    let r = call_json(
        &app,
        "/api/field/photo/chunk",
        chunk(0, 2500),
        Some(&monteur),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Beyond what the server has: where to resume.
    let r = call_json(
        &app,
        "/api/field/photo/chunk",
        chunk(3000, 4000),
        Some(&monteur),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("resume_at:2500"), "{}", r.body);
    let r = call_json(
        &app,
        "/api/field/photo/chunk",
        chunk(2500, file.len()),
        Some(&monteur),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let state: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(state["complete"], true);
    assert_eq!(state["received_bytes"], file.len());
    // The photo itself: for ops and the technician who took it.
    let id = entity::visit_photo::Entity::find()
        .filter(entity::visit_photo::Column::ClientId.eq("3c9d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"))
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let url = format!("/api/field/photos/{id}");
    for (who, status) in [
        (Some(&monteur), StatusCode::OK),
        (Some(&planner), StatusCode::OK),
    ] {
        let r = page(&app, &url, who.map(|c| c.as_str())).await;
        assert_eq!(r.status, status);
        assert_eq!(r.headers[axum::http::header::CONTENT_TYPE], "image/jpeg");
    }
    let klant = sign_in(&app, "klant@example.nl").await;
    assert_eq!(
        page(&app, &url, Some(&klant)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, &url, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    tdb.cleanup().await;
}
