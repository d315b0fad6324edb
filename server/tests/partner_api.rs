//! The partner API (`/api/v1`) through the production router: a key reads
//! only its own partner's data, scopes and revocation hold, a lead sent
//! twice with one Idempotency-Key makes one order (also when both copies
//! arrive at once, on SQLite and PostgreSQL), the rate limit answers 429
//! with its headers, every call is in the usage log, and the served
//! OpenAPI document lists exactly the routes the router has.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use entity::domain::Role;
use entity::dto::{ApiOrderDto, ApiOrderPageDto, CreatedApiKeyDto, CurrentUser, NewApiKeyDto};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{json, Value};
use services::testing;

/// A partner user who need not be in the database (reading the usage log).
fn partner_user(id: i32) -> CurrentUser {
    CurrentUser {
        user_id: 900 + id,
        partner_id: Some(id),
        ..testing::caller(Role::PartnerUser)
    }
}

/// A user of `partner`, in the database (what a key does is recorded in
/// its maker's name), who administers the partner's API.
async fn real_partner_user(db: &DatabaseConnection, partner: i32) -> CurrentUser {
    real_user(db, Role::PartnerUser, Some(partner), None).await
}

async fn real_user(
    db: &DatabaseConnection,
    role: Role,
    partner: Option<i32>,
    contact: Option<i32>,
) -> CurrentUser {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let now = chrono::Utc::now();
    let email =
        format!("api-{}-{partner:?}-{contact:?}@example.nl", role.as_str()).replace(['(', ')'], "");
    let existing = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
        .unwrap();
    let u = match existing {
        Some(u) => u,
        None => entity::user::ActiveModel {
            email: Set(email),
            display_name: Set(format!("{} {partner:?}", role.as_str())),
            password_hash: Set(None),
            role: Set(role.as_str().into()),
            partner_id: Set(partner),
            partner_admin: Set(role == Role::PartnerUser),
            contact_id: Set(contact),
            totp_secret: Set(None),
            mfa_enabled: Set(false),
            totp_last_step: Set(None),
            locale: Set("nl".into()),
            active: Set(true),
            last_login_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap(),
    };
    CurrentUser {
        user_id: u.id,
        partner_id: partner,
        contact_id: contact,
        ..testing::caller(role)
    }
}

async fn key(db: &DatabaseConnection, partner: i32, scopes: &[&str]) -> CreatedApiKeyDto {
    made_key(db, partner, scopes, false).await
}

/// A sandbox key (`cc_test_…`) of `partner`.
async fn test_key(db: &DatabaseConnection, partner: i32, scopes: &[&str]) -> CreatedApiKeyDto {
    made_key(db, partner, scopes, true).await
}

async fn made_key(
    db: &DatabaseConnection,
    partner: i32,
    scopes: &[&str],
    test: bool,
) -> CreatedApiKeyDto {
    let input = NewApiKeyDto {
        test,
        name: "test".into(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        expires_in_days: Some(1),
    };
    let user = real_partner_user(db, partner).await;
    services::api_keys::create(db, Some(&user), &input, chrono::Utc::now())
        .await
        .unwrap()
}

async fn api(
    app: &axum::Router,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
    idempotency_key: Option<&str>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(k) = bearer {
        req = req.header("authorization", format!("Bearer {k}"));
    }
    if let Some(k) = idempotency_key {
        req = req.header("idempotency-key", k);
    }
    let req = match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    };
    send(app, req.unwrap()).await
}

fn problem(r: &Reply, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "{}",
        r.body
    );
    let p: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        (p["status"].as_u64(), p["code"].as_str()),
        (Some(status.as_u16() as u64), Some(code)),
        "{}",
        r.body
    );
    p
}

fn lead(email: &str) -> Value {
    json!({
        "entity": "chargecars",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": email,
        "phone": "+31612345678",
        "street": "Kerkstraat",
        "house_number": "12a",
        "postcode": "3861 AB",
        "city": "Nijkerk",
        "charger_count": 1
    })
}

#[tokio::test]
async fn a_key_reads_only_its_own_partners_orders_visits_and_invoices() {
    let _watchdog = Watchdog::start("a_key_reads_only_its_own_partners_orders_visits_and_invoices");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let db = &tdb.db;
    let orders = entity::order::Entity::find()
        .filter(entity::order::Column::PartnerId.is_not_null())
        .order_by_asc(entity::order::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mine = &orders[0];
    let (pa, pb) = (
        mine.partner_id.unwrap(),
        orders
            .iter()
            .find(|o| o.partner_id != mine.partner_id)
            .expect("orders of two partners")
            .partner_id
            .unwrap(),
    );
    let theirs = orders.iter().find(|o| o.partner_id == Some(pb)).unwrap();
    let a = key(db, pa, &["orders:read", "invoices:read"]).await;
    let a_leads = key(db, pa, &["leads:write"]).await;
    let b = key(db, pb, &["orders:read", "invoices:read"]).await;
    let path = format!("/api/v1/orders/{}", mine.order_number);

    let r = api(&app, "GET", &path, Some(&a.secret), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let o: ApiOrderDto = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        (o.number.as_str(), o.status.as_str()),
        (mine.order_number.as_str(), mine.status.as_str())
    );
    assert_eq!(o.history.last().unwrap().to, mine.status);
    assert!(r.headers.contains_key("ratelimit-remaining"));

    // Another partner's order reads as no order at all, on every route.
    for p in [
        path.clone(),
        format!("{path}/visits"),
        "/api/v1/orders/XX-0000-00000".to_owned(),
    ] {
        problem(
            &api(&app, "GET", &p, Some(&b.secret), None, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
    }
    let visits = api(
        &app,
        "GET",
        &format!("/api/v1/orders/{}/visits", theirs.order_number),
        Some(&b.secret),
        None,
        None,
    )
    .await;
    assert_eq!(visits.status, StatusCode::OK, "{}", visits.body);

    // The list holds exactly the partner's orders, page by page, once each.
    let want: Vec<String> = orders
        .iter()
        .filter(|o| o.partner_id == Some(pa))
        .map(|o| o.order_number.clone())
        .rev()
        .collect();
    let (mut seen, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let q = match &cursor {
            Some(c) => format!("/api/v1/orders?limit=2&cursor={c}"),
            None => "/api/v1/orders?limit=2".to_owned(),
        };
        let r = api(&app, "GET", &q, Some(&a.secret), None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let page: ApiOrderPageDto = serde_json::from_str(&r.body).unwrap();
        assert!(page.data.len() <= 2);
        seen.extend(page.data.into_iter().map(|o| o.number));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, want);
    let filtered = api(
        &app,
        "GET",
        &format!("/api/v1/orders?status={}&limit=100", mine.status),
        Some(&a.secret),
        None,
        None,
    )
    .await;
    let page: ApiOrderPageDto = serde_json::from_str(&filtered.body).unwrap();
    assert!(!page.data.is_empty() && page.data.iter().all(|o| o.status == mine.status));
    problem(
        &api(
            &app,
            "GET",
            "/api/v1/orders?limit=0",
            Some(&a.secret),
            None,
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    problem(
        &api(
            &app,
            "GET",
            "/api/v1/orders?cursor=bm9wZQ",
            Some(&a.secret),
            None,
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    problem(
        &api(
            &app,
            "GET",
            "/api/v1/orders?limit=abc",
            Some(&a.secret),
            None,
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    );

    // Invoices: the partner's own; another's is not there.
    let inv = entity::invoice::Entity::find()
        .find_also_related(entity::order::Entity)
        .all(db)
        .await
        .unwrap();
    let r = api(
        &app,
        "GET",
        "/api/v1/invoices?limit=100",
        Some(&a.secret),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let listed: Value = serde_json::from_str(&r.body).unwrap();
    let own = inv
        .iter()
        .filter(|(_, o)| o.as_ref().and_then(|o| o.partner_id) == Some(pa))
        .count();
    assert_eq!(listed["data"].as_array().unwrap().len(), own);
    {
        let (other, _) = inv
            .iter()
            .find(|(_, o)| o.as_ref().and_then(|o| o.partner_id) == Some(pb))
            .expect("an invoice of partner B");
        let p = format!("/api/v1/invoices/{}", other.invoice_number);
        problem(
            &api(&app, "GET", &p, Some(&a.secret), None, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        let r = api(
            &app,
            "GET",
            &format!("{p}/pdf"),
            Some(&b.secret),
            None,
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.headers["content-type"], "application/pdf");
        assert!(r.body.starts_with("%PDF"));
    }

    // No key, a key without the scope, a revoked key.
    let r = api(&app, "GET", &path, None, None, None).await;
    problem(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert!(r.headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    problem(
        &api(&app, "GET", &path, Some(&a_leads.secret), None, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    problem(
        &api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&a.secret),
            Some(lead("x@example.nl")),
            None,
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let admin = real_partner_user(db, pa).await;
    services::api_keys::revoke(db, Some(&admin), a.key.id, chrono::Utc::now())
        .await
        .unwrap();
    problem(
        &api(&app, "GET", &path, Some(&a.secret), None, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );

    // Every call with a key is in that partner's usage log, and only there.
    let log = services::api_usage::recent(db, Some(&partner_user(pa)), 500)
        .await
        .unwrap();
    assert!(log
        .iter()
        .any(|c| c.path == path && c.status == 200 && c.key_prefix == a.key.prefix));
    assert!(log
        .iter()
        .any(|c| c.status == 403 && c.key_prefix == a_leads.key.prefix));
    assert!(log.iter().all(|c| c.key_prefix != b.key.prefix));
    tdb.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lead_sent_twice_with_one_idempotency_key_makes_one_order() {
    let _watchdog = Watchdog::start("a_lead_sent_twice_with_one_idempotency_key_makes_one_order");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        let db = &tdb.db;
        // The demo partner's own user makes the key: what the key does is
        // recorded in that user's name.
        let user = testing::caller(Role::PartnerUser);
        let partner = entity::partner::Entity::find_by_id(user.partner_id.unwrap())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let input = NewApiKeyDto {
            test: false,
            name: "ERP".into(),
            scopes: vec!["leads:write".into(), "orders:read".into()],
            expires_in_days: None,
        };
        let k = services::api_keys::create(db, Some(&user), &input, chrono::Utc::now())
            .await
            .unwrap();
        let count = || async { entity::order::Entity::find().count(db).await.unwrap() };
        let before = count().await;

        let first = api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&k.secret),
            Some(lead("sanne@example.nl")),
            Some("lead-0001"),
        )
        .await;
        assert_eq!(
            first.status,
            StatusCode::CREATED,
            "{} {}",
            tdb.backend,
            first.body
        );
        let made: ApiOrderDto = serde_json::from_str(&first.body).unwrap();
        assert_eq!(made.history.len(), 1);
        let again = api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&k.secret),
            Some(lead("sanne@example.nl")),
            Some("lead-0001"),
        )
        .await;
        assert_eq!(
            (again.status, &again.body),
            (StatusCode::CREATED, &first.body)
        );
        assert_eq!(count().await, before + 1, "{}", tdb.backend);
        let o = entity::order::Entity::find()
            .filter(entity::order::Column::OrderNumber.eq(made.number.as_str()))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (o.partner_id, o.channel.as_str()),
            (Some(partner.id), "partner_portal")
        );
        let t = entity::status_transition::Entity::find()
            .filter(entity::status_transition::Column::OrderId.eq(o.id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t.actor_user_id, Some(user.user_id));

        // The same key for another request is refused; nothing is made.
        problem(
            &api(
                &app,
                "POST",
                "/api/v1/leads",
                Some(&k.secret),
                Some(lead("other@example.nl")),
                Some("lead-0001"),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
        );
        // A wrong lead names its fields with the form's codes, and keeps
        // nothing, not even the key.
        let mut bad = lead("not-an-email");
        bad["postcode"] = json!("12");
        let r = api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&k.secret),
            Some(bad),
            Some("lead-0002"),
        )
        .await;
        let p = problem(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let fields: Vec<(&str, &str)> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [("email", "email_invalid"), ("postcode", "postcode_invalid")]
        );
        let r = api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&k.secret),
            Some(lead("fixed@example.nl")),
            Some("lead-0002"),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        problem(
            &api(
                &app,
                "POST",
                "/api/v1/leads",
                Some(&k.secret),
                Some(json!({"entity": 1})),
                None,
            )
            .await,
            StatusCode::BAD_REQUEST,
            "invalid_body",
        );
        assert_eq!(count().await, before + 2, "{}", tdb.backend);

        // Eight copies at once: one order, eight equal answers.
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(8));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (app, secret, start) = (app.clone(), k.secret.clone(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    api(
                        &app,
                        "POST",
                        "/api/v1/leads",
                        Some(&secret),
                        Some(lead("race@example.nl")),
                        Some("lead-race"),
                    )
                    .await
                })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        let created: Vec<&Reply> = answers
            .iter()
            .filter(|r| r.status == StatusCode::CREATED)
            .collect();
        let busy = answers
            .iter()
            .filter(|r| r.status == StatusCode::CONFLICT)
            .count();
        eprintln!(
            "{}: 8 copies at once: {} × 201, {} × 409 in progress",
            tdb.backend,
            created.len(),
            busy
        );
        assert_eq!(created.len() + busy, 8, "{}", tdb.backend);
        assert!(created.iter().all(|r| r.body == created[0].body));
        for r in answers.iter().filter(|r| r.status == StatusCode::CONFLICT) {
            problem(r, StatusCode::CONFLICT, "idempotency_in_progress");
        }
        assert_eq!(count().await, before + 3, "{}", tdb.backend);
        tdb.cleanup().await;
    }
}

/// A test key works on the sandbox: its lead is checked as a real one,
/// becomes a `TEST-` order that no real list, message, event or webhook
/// sees, moves on along its workflow on request, and the two worlds never
/// see each other's orders (404 both ways), not even through a reused
/// Idempotency-Key.
#[tokio::test]
async fn a_test_key_works_on_sandbox_orders_that_never_reach_the_real_ones() {
    let _watchdog =
        Watchdog::start("a_test_key_works_on_sandbox_orders_that_never_reach_the_real_ones");
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let db = &tdb.db;
        let user = testing::caller(Role::PartnerUser);
        let make = |test: bool| NewApiKeyDto {
            test,
            name: if test { "sandbox" } else { "live" }.into(),
            scopes: vec![
                "leads:write".into(),
                "orders:read".into(),
                "quotes:write".into(),
                "invoices:read".into(),
            ],
            expires_in_days: None,
        };
        let now = chrono::Utc::now();
        let test = services::api_keys::create(db, Some(&user), &make(true), now)
            .await
            .unwrap();
        let live = services::api_keys::create(db, Some(&user), &make(false), now)
            .await
            .unwrap();
        assert!(test.secret.starts_with("cc_test_") && test.key.test);
        assert!(live.secret.starts_with("cc_live_") && !live.key.test);

        let orders = || async { entity::order::Entity::find().count(db).await.unwrap() };
        let outbox = || async {
            entity::outbox_message::Entity::find()
                .count(db)
                .await
                .unwrap()
        };
        let events = || async {
            entity::domain_event::Entity::find()
                .count(db)
                .await
                .unwrap()
        };
        let hooks = || async {
            entity::webhook_event::Entity::find()
                .count(db)
                .await
                .unwrap()
        };
        let before = (
            orders().await,
            outbox().await,
            events().await,
            hooks().await,
        );

        // A wrong lead gets the same field codes as a real one.
        let mut bad = lead("sandbox@example.nl");
        bad["postcode"] = json!("12");
        let p = problem(
            &api(
                &app,
                "POST",
                "/api/v1/leads",
                Some(&test.secret),
                Some(bad),
                None,
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(p["errors"][0]["field"], "postcode", "{p}");

        let made = api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&test.secret),
            Some(lead("sandbox@example.nl")),
            Some("sbx-0001"),
        )
        .await;
        assert_eq!(
            made.status,
            StatusCode::CREATED,
            "{} {}",
            tdb.backend,
            made.body
        );
        assert_eq!(made.headers["chargecars-mode"], "test");
        let order: ApiOrderDto = serde_json::from_str(&made.body).unwrap();
        assert!(order.number.starts_with("TEST-"), "{}", order.number);
        assert_eq!(
            (order.status.as_str(), order.history.len()),
            ("new_lead", 1)
        );
        // The same Idempotency-Key and body with the live key is another
        // request: refused, never answered with the sandbox order.
        problem(
            &api(
                &app,
                "POST",
                "/api/v1/leads",
                Some(&live.secret),
                Some(lead("sandbox@example.nl")),
                Some("sbx-0001"),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
        );
        // Nothing real was made, sent or announced.
        assert_eq!(
            (
                orders().await,
                outbox().await,
                events().await,
                hooks().await
            ),
            before,
            "{}",
            tdb.backend
        );

        // The two worlds do not see each other's orders.
        let sandbox_path = format!("/api/v1/orders/{}", order.number);
        let r = api(&app, "GET", &sandbox_path, Some(&test.secret), None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        problem(
            &api(&app, "GET", &sandbox_path, Some(&live.secret), None, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        let real = api(
            &app,
            "POST",
            "/api/v1/leads",
            Some(&live.secret),
            Some(lead("echt@example.nl")),
            None,
        )
        .await;
        assert_eq!(real.status, StatusCode::CREATED, "{}", real.body);
        assert_eq!(real.headers["chargecars-mode"], "live");
        let real: ApiOrderDto = serde_json::from_str(&real.body).unwrap();
        problem(
            &api(
                &app,
                "GET",
                &format!("/api/v1/orders/{}", real.number),
                Some(&test.secret),
                None,
                None,
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        let listed = |key: String| {
            let app = app.clone();
            async move {
                let r = api(
                    &app,
                    "GET",
                    "/api/v1/orders?limit=100",
                    Some(&key),
                    None,
                    None,
                )
                .await;
                let page: ApiOrderPageDto = serde_json::from_str(&r.body).unwrap();
                page.data.into_iter().map(|o| o.number).collect::<Vec<_>>()
            }
        };
        assert_eq!(
            listed(test.secret.clone()).await,
            vec![order.number.clone()]
        );
        let live_list = listed(live.secret.clone()).await;
        assert!(live_list.contains(&real.number));
        assert!(live_list.iter().all(|n| !n.starts_with("TEST-")));

        // The sandbox order moves on along its workflow, on request.
        let advance = format!("/api/v1/sandbox/orders/{}/advance", order.number);
        let r = api(
            &app,
            "POST",
            &advance,
            Some(&test.secret),
            Some(json!({})),
            Some("adv-1"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let moved: ApiOrderDto = serde_json::from_str(&r.body).unwrap();
        assert_eq!(
            (moved.status.as_str(), moved.history.len()),
            ("intake_sent", 2)
        );
        // A retry with the same key moves nothing more.
        let again = api(
            &app,
            "POST",
            &advance,
            Some(&test.secret),
            Some(json!({})),
            Some("adv-1"),
        )
        .await;
        assert_eq!(again.body, r.body);
        problem(
            &api(
                &app,
                "POST",
                &advance,
                Some(&test.secret),
                Some(json!({"to": "planning"})),
                None,
            )
            .await,
            StatusCode::CONFLICT,
            "transition_not_allowed",
        );
        let r = api(
            &app,
            "POST",
            &advance,
            Some(&test.secret),
            Some(json!({"to": "cancelled"})),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        problem(
            &api(
                &app,
                "POST",
                &advance,
                Some(&test.secret),
                Some(json!({})),
                None,
            )
            .await,
            StatusCode::CONFLICT,
            "final_status",
        );
        // A live key cannot move a sandbox order, nor a real one.
        for number in [&order.number, &real.number] {
            problem(
                &api(
                    &app,
                    "POST",
                    &format!("/api/v1/sandbox/orders/{number}/advance"),
                    Some(&live.secret),
                    Some(json!({})),
                    None,
                )
                .await,
                StatusCode::NOT_FOUND,
                "not_found",
            );
        }

        // Its events are the sandbox's own; it has no quotes or invoices.
        let r = api(
            &app,
            "GET",
            "/api/v1/events",
            Some(&test.secret),
            None,
            None,
        )
        .await;
        let page: Value = serde_json::from_str(&r.body).unwrap();
        let kinds: Vec<(&str, &str)> = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["type"].as_str().unwrap(),
                    e["data"]["to"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("order.status_changed", "cancelled"),
                ("order.status_changed", "intake_sent")
            ]
        );
        assert_eq!(page["data"][0]["data"]["livemode"], false);
        problem(
            &api(
                &app,
                "GET",
                &format!("/api/v1/orders/{}/quote", order.number),
                Some(&test.secret),
                None,
                None,
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        let r = api(
            &app,
            "GET",
            "/api/v1/invoices",
            Some(&test.secret),
            None,
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            serde_json::from_str::<Value>(&r.body).unwrap()["data"],
            json!([])
        );
        // Still nothing real besides the one live lead.
        assert_eq!(orders().await, before.0 + 1, "{}", tdb.backend);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_its_headers() {
    let _watchdog = Watchdog::start("the_rate_limit_answers_429_with_its_headers");
    let tdb = testing::sqlite().await;
    let app = server::router(server::AppState {
        api_limiter: services::rate_limit::RateLimiter::new(services::rate_limit::RatePolicy {
            per_minute: 6,
            burst: 3,
        }),
        ..setup_state(&tdb).await
    });
    let db = &tdb.db;
    let partner = entity::partner::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let k = key(db, partner.id, &["orders:read"]).await;
    let other = key(db, partner.id, &["orders:read"]).await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = api(&app, "GET", "/api/v1/orders", Some(&k.secret), None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.headers["ratelimit-limit"], "3");
        remaining.push(
            r.headers["ratelimit-remaining"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let r = api(&app, "GET", "/api/v1/orders", Some(&k.secret), None, None).await;
    let p = problem(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // One call every 10 s comes back.
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((9..=10).contains(&retry), "Retry-After {retry}");
    assert_eq!(r.headers["ratelimit-remaining"], "0");
    assert_eq!(r.headers["ratelimit-policy"], "6;w=60;burst=3");
    assert!(p["detail"].as_str().unwrap().contains("Try again"));
    // Each key has its own bucket.
    let r = api(
        &app,
        "GET",
        "/api/v1/orders",
        Some(&other.secret),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let log = services::api_usage::recent(db, Some(&partner_user(partner.id)), 10)
        .await
        .unwrap();
    let statuses: Vec<u16> = log.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [200, 429, 200, 200, 200]);
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_served_openapi_document_lists_exactly_the_routes() {
    let _watchdog = Watchdog::start("the_served_openapi_document_lists_exactly_the_routes");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let r = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["scheme"],
        "bearer"
    );
    let mut ops: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            ops.push((method.to_uppercase(), path.clone()));
        }
    }
    ops.sort();
    let expected = [
        ("GET", "/api/v1/events"),
        ("GET", "/api/v1/invoices"),
        ("GET", "/api/v1/invoices/{number}"),
        ("GET", "/api/v1/invoices/{number}/pdf"),
        ("GET", "/api/v1/orders"),
        ("GET", "/api/v1/orders/{number}"),
        ("GET", "/api/v1/orders/{number}/quote"),
        ("GET", "/api/v1/orders/{number}/visits"),
        ("POST", "/api/v1/leads"),
        ("POST", "/api/v1/orders/{number}/quote/approve"),
        ("POST", "/api/v1/orders/{number}/quote/revision"),
        ("POST", "/api/v1/sandbox/orders/{number}/advance"),
    ];
    assert_eq!(
        ops.iter()
            .map(|(m, p)| (m.as_str(), p.as_str()))
            .collect::<Vec<_>>(),
        expected
    );
    // Each documented operation is served and guarded: without a key it
    // answers 401, not the 404 of a path the router lacks.
    for (method, path) in &ops {
        let path = path.replace("{number}", "CC-2026-00001");
        let body = (method == "POST").then(|| json!({}));
        problem(
            &api(&app, method, &path, None, body, None).await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        );
        for status in ["400", "401", "403", "404", "429"] {
            let p = &doc["paths"][path.replace("CC-2026-00001", "{number}")][method.to_lowercase()];
            assert!(
                p["responses"][status]["content"]["application/problem+json"].is_object(),
                "{method} {path} {status}"
            );
        }
    }
    // What the router does not have answers as a problem too.
    problem(
        &get(&app, "/api/v1/nothing-here").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    problem(
        &api(&app, "PUT", "/api/v1/orders", None, Some(json!({})), None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_partner_asks_for_a_revision_then_co_approves_the_new_quote_by_api() {
    use entity::domain::workflow::{BOTH_APPROVED, CUSTOMER_APPROVED, QUOTE_SENT};
    use entity::dto::ApiQuoteDto;
    let _watchdog =
        Watchdog::start("a_partner_asks_for_a_revision_then_co_approves_the_new_quote_by_api");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let db = &tdb.db;
    let o = entity::order::Entity::find()
        .filter(entity::order::Column::Status.eq(QUOTE_SENT))
        .filter(entity::order::Column::PartnerId.is_not_null())
        .one(db)
        .await
        .unwrap()
        .expect("a partner order with a quote sent");
    let k = key(db, o.partner_id.unwrap(), &["quotes:write"]).await;
    let base = format!("/api/v1/orders/{}/quote", o.order_number);
    let read = || async {
        let r = api(&app, "GET", &base, Some(&k.secret), None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        serde_json::from_str::<ApiQuoteDto>(&r.body).unwrap()
    };
    let post = |what: &'static str, body: Value, idem: Option<&'static str>| {
        let (app, secret, path) = (app.clone(), k.secret.clone(), format!("{base}/{what}"));
        async move { api(&app, "POST", &path, Some(&secret), Some(body), idem).await }
    };

    // While the customer decides, the partner cannot approve, but may ask
    // for a new version (with a real reason).
    let first = read().await;
    assert_eq!(first.awaiting.as_deref(), Some("customer"));
    assert!(first.lines.iter().all(|l| l.payer == "partner"));
    problem(
        &post("approve", json!({"quote_id": first.id}), None).await,
        StatusCode::CONFLICT,
        "not_awaiting_you",
    );
    let p = problem(
        &post(
            "revision",
            json!({"quote_id": first.id, "reason": "kort"}),
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert_eq!(p["errors"][0]["field"], "reason");
    let r = post(
        "revision",
        json!({"quote_id": first.id, "reason": "Graag een tweede laadpaal op de oprit."}),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        serde_json::from_str::<ApiQuoteDto>(&r.body).unwrap().status,
        "revision_requested"
    );

    // Ops send the new version; the customer approves it in their portal.
    let draft = entity::quote::Entity::find()
        .filter(entity::quote::Column::OrderId.eq(o.id))
        .order_by_desc(entity::quote::Column::VersionNo)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    services::approvals::send_revision(
        db,
        None,
        Some(&testing::caller(Role::Planner)),
        draft.id,
        now,
    )
    .await
    .unwrap();
    let customer = CurrentUser {
        contact_id: Some(o.end_customer_contact_id),
        ..testing::caller(Role::Customer)
    };
    services::approvals::approve(db, None, Some(&customer), &o.order_number, draft.id, now)
        .await
        .unwrap();
    let status = |db| async move {
        entity::order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .status
    };
    assert_eq!(status(db).await, CUSTOMER_APPROVED);

    // Now it waits for the partner. The version read before is not the one
    // on the table: approving it changes nothing.
    let second = read().await;
    assert_eq!(
        (second.id, second.awaiting.as_deref()),
        (draft.id, Some("partner"))
    );
    problem(
        &post("approve", json!({"quote_id": first.id}), None).await,
        StatusCode::CONFLICT,
        "newer_version",
    );
    let ok = post("approve", json!({"quote_id": second.id}), Some("approve-1")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let after: ApiQuoteDto = serde_json::from_str(&ok.body).unwrap();
    assert!(after.partner_approved_at.is_some() && after.awaiting.is_none());
    assert_eq!(status(db).await, BOTH_APPROVED);
    // A retry of that call answers as the first did; a new call is refused.
    let again = post("approve", json!({"quote_id": second.id}), Some("approve-1")).await;
    assert_eq!((again.status, &again.body), (StatusCode::OK, &ok.body));
    problem(
        &post("approve", json!({"quote_id": second.id}), None).await,
        StatusCode::CONFLICT,
        "not_awaiting_you",
    );
    // A key without the scope reads no quote.
    let reader = key(db, o.partner_id.unwrap(), &["orders:read"]).await;
    problem(
        &api(&app, "GET", &base, Some(&reader.secret), None, None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );

    // The events tell the same story, newest first, for this partner only.
    let r = api(
        &app,
        "GET",
        "/api/v1/events?type=order.status_changed&limit=100",
        Some(&reader.secret),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page: Value = serde_json::from_str(&r.body).unwrap();
    let mine: Vec<&Value> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["order_number"] == o.order_number.as_str())
        .collect();
    let statuses: Vec<&str> = mine
        .iter()
        .map(|e| e["data"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["both_approved", "partner_approved", "customer_approved"]
    );
    assert!(mine
        .iter()
        .all(|e| e["type"] == "order.status_changed"
            && e["id"].as_str().unwrap().starts_with("evt_")));
    let other = entity::partner::Entity::find()
        .filter(entity::partner::Column::Id.ne(o.partner_id.unwrap()))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let theirs = key(db, other.id, &["orders:read"]).await;
    let r = api(
        &app,
        "GET",
        "/api/v1/events?limit=100",
        Some(&theirs.secret),
        None,
        None,
    )
    .await;
    assert!(
        !r.body.contains(&o.order_number),
        "another partner's events"
    );
    tdb.cleanup().await;
}

/// A server killed (SIGKILL) while its webhook worker waits for the
/// receiver's answer: after a restart the delivery goes out again, with the
/// same event id, and is recorded as delivered. The real binary, on a
/// SQLite file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_cut_off_by_kill_9_is_delivered_after_the_restart_with_the_same_id() {
    use std::sync::{Arc, Mutex};
    let _watchdog = Watchdog::start(
        "a_webhook_cut_off_by_kill_9_is_delivered_after_the_restart_with_the_same_id",
    );
    // The receiver: the first request never gets an answer; later ones 200.
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let log = log.clone();
            async move {
                let id = headers
                    .get("chargecars-event-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let first = {
                    let mut l = log.lock().unwrap();
                    l.push(id);
                    l.len() == 1
                };
                if first {
                    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                }
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    // The database: demo data, an endpoint and a test event waiting.
    let file = std::env::temp_dir().join(format!("cc_kill9_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = services::db::connect(&url).await.unwrap();
    services::db::migrate(&db).await.unwrap();
    services::seed::seed_with(&db, testing::TODAY, services::seed::Volumes::small())
        .await
        .unwrap();
    let me = testing::caller(Role::PartnerUser);
    let endpoint = {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        entity::webhook_endpoint::ActiveModel {
            partner_id: Set(me.partner_id.unwrap()),
            url: Set(hook.clone()),
            secret: Set("whsec_kill9".into()),
            events: Set("quote.sent".into()),
            active: Set(true),
            disabled_reason: Set(None),
            created_by_user_id: Set(me.user_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap()
    };
    let delivery = services::webhooks::send_test(&db, Some(&me), endpoint.id, chrono::Utc::now())
        .await
        .unwrap();
    let state = |db: &DatabaseConnection| {
        let db = db.clone();
        async move {
            entity::webhook_delivery::Entity::find_by_id(delivery)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
        }
    };

    let start = || {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .env("DATABASE_URL", &url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("SLA_SWEEP_SECS", "0")
            .env("WEBHOOK_POLL_SECS", "1")
            .env("WEBHOOK_LEASE_SECS", "3")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server binary")
    };
    let wait_for = |n: usize| {
        let seen = seen.clone();
        async move {
            for _ in 0..300 {
                if seen.lock().unwrap().len() >= n {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            panic!(
                "the receiver got {} requests, not {n}",
                seen.lock().unwrap().len()
            );
        }
    };

    let mut server = start();
    wait_for(1).await;
    // Mid-delivery: the request is out, no answer has come.
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let cut = state(&db).await;
    assert_eq!((cut.state.as_str(), cut.attempts), ("sending", 1));

    let mut server = start();
    wait_for(2).await;
    for _ in 0..100 {
        if state(&db).await.state == "delivered" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let done = state(&db).await;
    assert_eq!((done.state.as_str(), done.attempts), ("delivered", 2));
    let ids = seen.lock().unwrap().clone();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids[0].starts_with("evt_") && ids[0] == ids[1], "{ids:?}");
    db.close().await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

/// The access matrix of the API, over every operation the served document
/// lists (so a new route is in it without a change here): no key is 401, a
/// signed-in session is no key, a key without the scope is 403, another
/// partner's key gets 404 for this partner's order or invoice, and the
/// owner's key gets past all three.
#[tokio::test]
async fn every_api_route_keeps_to_the_access_matrix() {
    let _watchdog = Watchdog::start("every_api_route_keeps_to_the_access_matrix");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let db = &tdb.db;
    let sent = entity::order::Entity::find()
        .filter(entity::order::Column::Status.eq(entity::domain::workflow::QUOTE_SENT))
        .filter(entity::order::Column::PartnerId.is_not_null())
        .one(db)
        .await
        .unwrap()
        .expect("a partner order with a quote sent");
    let a = sent.partner_id.unwrap();
    let (invoice, _) = entity::invoice::Entity::find()
        .find_also_related(entity::order::Entity)
        .filter(entity::order::Column::PartnerId.eq(a))
        .one(db)
        .await
        .unwrap()
        .expect("an invoice of the same partner");
    let b = entity::order::Entity::find()
        .filter(entity::order::Column::PartnerId.ne(a))
        .filter(entity::order::Column::PartnerId.is_not_null())
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .partner_id
        .unwrap();
    let all = [
        "leads:write",
        "orders:read",
        "quotes:write",
        "invoices:read",
    ];
    let owner = key(db, a, &all).await.secret;
    let other = key(db, b, &all).await.secret;
    // The sandbox's routes take test keys and sandbox orders.
    let owner_test = test_key(db, a, &all).await.secret;
    let other_test = test_key(db, b, &all).await.secret;
    let made = api(
        &app,
        "POST",
        "/api/v1/leads",
        Some(&owner_test),
        Some(lead("sandbox-matrix@example.nl")),
        None,
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let sandbox_number = serde_json::from_str::<ApiOrderDto>(&made.body)
        .unwrap()
        .number;
    let cookie = sign_in(&app, "partner@groendus.nl").await;

    let doc: Value = serde_json::from_str(&get(&app, "/api/v1/openapi.json").await.body).unwrap();
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method = method.to_uppercase();
            let sandbox = template.starts_with("/api/v1/sandbox/");
            let (owner, other) = if sandbox {
                (&owner_test, &other_test)
            } else {
                (&owner, &other)
            };
            let path = if sandbox {
                template.replace("{number}", &sandbox_number)
            } else if template.starts_with("/api/v1/invoices/") {
                template.replace("{number}", &invoice.invoice_number)
            } else {
                template.replace("{number}", &sent.order_number)
            };
            let body = (method == "POST").then(|| match template.as_str() {
                "/api/v1/leads" => lead("matrix@example.nl"),
                t if t.ends_with("/revision") => {
                    json!({"quote_id": 1, "reason": "Graag een andere laadpaal."})
                }
                t if t.ends_with("/advance") => json!({}),
                _ => json!({"quote_id": 1}),
            });
            // The scope the document states for the operation is the one the
            // handler demands: a key without it gets 403.
            let scope = op["security"][0]["api_key"][0]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {template}: no scope in the document"));
            assert!(all.contains(&scope), "{method} {template}: {scope}");
            let what = format!("{method} {path}");
            problem(
                &api(&app, &method, &path, None, body.clone(), None).await,
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
            );
            // A portal session is not a key (no cookie-borne calls, no CSRF).
            let mut req = Request::builder()
                .method(method.as_str())
                .uri(&path)
                .header("cookie", &cookie);
            if body.is_some() {
                req = req.header("content-type", "application/json");
            }
            let r = send(
                &app,
                req.body(Body::from(
                    body.clone().map(|b| b.to_string()).unwrap_or_default(),
                ))
                .unwrap(),
            )
            .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what} with a session");
            let without: Vec<&str> = all.iter().copied().filter(|s| *s != scope).collect();
            let narrow = key(db, a, &without).await.secret;
            problem(
                &api(&app, &method, &path, Some(&narrow), body.clone(), None).await,
                StatusCode::FORBIDDEN,
                "forbidden",
            );
            if path.contains(&sent.order_number)
                || path.contains(&invoice.invoice_number)
                || path.contains(&sandbox_number)
            {
                problem(
                    &api(&app, &method, &path, Some(other), body.clone(), None).await,
                    StatusCode::NOT_FOUND,
                    "not_found",
                );
            }
            let r = api(&app, &method, &path, Some(owner), body.clone(), None).await;
            assert!(
                ![
                    StatusCode::UNAUTHORIZED,
                    StatusCode::FORBIDDEN,
                    StatusCode::NOT_FOUND
                ]
                .contains(&r.status)
                    && !r.status.is_server_error(),
                "{what} with the owner's key: {} {}",
                r.status,
                r.body
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 12);
    tdb.cleanup().await;
}

/// The portal's functions behind the API page and the lead import are for
/// partner users only: anybody else is refused, strangers must sign in.
#[tokio::test]
async fn the_api_page_and_lead_import_functions_are_for_partner_users_only() {
    let _watchdog =
        Watchdog::start("the_api_page_and_lead_import_functions_are_for_partner_users_only");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let file =
        json!({"file": {"file_name": "x.csv", "content_base64": "eA==", "entity": "chargecars"}});
    let calls: [(&str, Value); 17] = [
        ("/api/partner/api-access", json!({})),
        (
            "/api/partner/api-keys/create",
            json!({"input": {"name": "x", "scopes": ["orders:read"], "expires_in_days": 1}}),
        ),
        ("/api/partner/api-keys/revoke", json!({"id": 1})),
        (
            "/api/partner/api-keys/rotate",
            json!({"id": 1, "overlap_hours": 0}),
        ),
        ("/api/partner/webhooks", json!({})),
        (
            "/api/partner/webhooks/create",
            json!({"input": {"url": "https://erp.example.com/h", "events": ["quote.sent"]}}),
        ),
        ("/api/partner/webhooks/test", json!({"id": 1})),
        ("/api/partner/webhooks/replay", json!({"id": 1})),
        ("/api/partner/leads/import/preview", file.clone()),
        ("/api/partner/leads/import/run", file),
        (
            "/api/partner/webhooks/active",
            json!({"id": 1, "active": false}),
        ),
        ("/api/partner/orders", json!({"filter": {}})),
        ("/api/partner/invoices", json!({})),
        ("/api/partner/quotes", json!({})),
        (
            "/api/partner/quotes/approve",
            json!({"items": [["CC-2026-00001", 1]]}),
        ),
        ("/api/partner/dashboard", json!({})),
        ("/api/partner/api-docs", json!({})),
    ];
    // The functions that take form fields (no body here); the rest JSON.
    let form = |path: &str| {
        [
            "api-access",
            "webhooks",
            "invoices",
            "quotes",
            "dashboard",
            "api-docs",
        ]
        .iter()
        .any(|f| path.ends_with(&format!("/partner/{f}")))
    };
    let planner = sign_in(&app, "planner@chargecars.nl").await;
    let customer = sign_in(&app, "klant@example.nl").await;
    let partner = sign_in(&app, "partner@groendus.nl").await;
    for (path, body) in calls {
        let (a, b) = if form(path) {
            (
                call(&app, path, "", Some(&planner), &[]).await.status,
                call(&app, path, "", Some(&customer), &[]).await.status,
            )
        } else {
            (
                call_json(&app, path, body.clone(), Some(&planner))
                    .await
                    .status,
                call_json(&app, path, body.clone(), Some(&customer))
                    .await
                    .status,
            )
        };
        assert_eq!(
            (a, b),
            (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN),
            "{path}"
        );
        let none = if form(path) {
            call(&app, path, "", None, &[]).await.status
        } else {
            call_json(&app, path, body.clone(), None).await.status
        };
        assert_eq!(none, StatusCode::UNAUTHORIZED, "{path}");
    }
    // The partner itself gets its pages; the reference has every operation
    // of the served document, each with its scope and a curl call.
    let own = call(&app, "/api/partner/api-access", "", Some(&partner), &[]).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let dash = call(&app, "/api/partner/dashboard", "", Some(&partner), &[]).await;
    assert_eq!(dash.status, StatusCode::OK, "{}", dash.body);
    let docs = call(&app, "/api/partner/api-docs", "", Some(&partner), &[]).await;
    assert_eq!(docs.status, StatusCode::OK, "{}", docs.body);
    let docs: entity::dto::ApiReferenceDto = serde_json::from_str(&docs.body).unwrap();
    assert_eq!(docs.operations.len(), 12);
    for op in &docs.operations {
        assert!(
            entity::domain::api::SCOPES.contains(&op.scope.as_str()),
            "{} {}: scope {:?}",
            op.method,
            op.path,
            op.scope
        );
        assert!(op.curl.starts_with(&format!("curl -sS -X {} '", op.method)));
        let first = op.curl.lines().next().unwrap();
        assert!(!first.contains('{'), "path filled in: {first}");
    }
    // A commission statement: the partner's own, and nobody else's; staff
    // name the partner; anything but .pdf or .csv is not there.
    let mine = testing::caller(Role::PartnerUser).partner_id.unwrap();
    let own = page(&app, "/api/commission/2026-10.csv", Some(&partner)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(
        own.body.starts_with("periode;factuur;order;betaald op;"),
        "{}",
        own.body
    );
    let pdf = page(&app, "/api/commission/2026-10.pdf", Some(&partner)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let theirs = format!("/api/commission/2026-10.csv?partner={}", mine + 1);
    for (path, who, status) in [
        (theirs.as_str(), Some(&partner), StatusCode::NOT_FOUND),
        (
            "/api/commission/2026-10.csv",
            Some(&customer),
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/commission/2026-10.csv",
            Some(&planner),
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/commission/2026-10.xls",
            Some(&partner),
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/commission/2026-1.csv",
            Some(&partner),
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/commission/2026-10.csv",
            None,
            StatusCode::UNAUTHORIZED,
        ),
    ] {
        assert_eq!(
            page(&app, path, who.map(|c| c.as_str())).await.status,
            status,
            "{path}"
        );
    }
    let staff = page(
        &app,
        &format!("/api/commission/2026-10.csv?partner={mine}"),
        Some(&planner),
    )
    .await;
    assert_eq!(
        staff.body, own.body,
        "staff read the partner's own statement"
    );
    tdb.cleanup().await;
}
