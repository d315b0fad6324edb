//! The access matrix, through the production router: every demo role against
//! every portal and every server function, and the tenant boundaries.

mod common;

use axum::http::{header, StatusCode};
use common::*;
use entity::domain::{Portal, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use services::seed::DEMO_ACCOUNTS;
use services::testing;

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    let _watchdog = Watchdog::start("sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session");
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let r = call(
            &app,
            "/api/auth/login",
            &login_form("planner@chargecars.nl", "ChargeCars!2026"),
            None,
            &[],
        )
        .await;
        let set = session_cookie(&r).expect("cookie");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"),
            "{set}"
        );
        let cookie = set.split(';').next().unwrap().to_owned();

        let me = call(&app, "/api/auth/me", "", Some(&cookie), &[]).await;
        assert_eq!(me.status, StatusCode::OK);
        let json: serde_json::Value = serde_json::from_str(&me.body).unwrap();
        assert_eq!(json["role"], "planner");
        // No secrets in what the client gets.
        for secret in ["password", "hash", "totp", "secret", "token"] {
            assert!(
                !me.body.to_lowercase().contains(secret),
                "{secret} in {}",
                me.body
            );
        }

        let out = call(&app, "/api/auth/logout", "", Some(&cookie), &[]).await;
        assert!(out
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.to_str().unwrap().contains("Max-Age=0")));
        let me = call(&app, "/api/auth/me", "", Some(&cookie), &[]).await;
        assert_eq!(me.body, "null", "{}", tdb.backend);

        // Behind a TLS proxy the cookie is Secure.
        let tls = call(
            &app,
            "/api/auth/login",
            &login_form("planner@chargecars.nl", "ChargeCars!2026"),
            None,
            &[("x-forwarded-proto", "https")],
        )
        .await;
        assert!(session_cookie(&tls).unwrap().contains("; Secure"));
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn wrong_passwords_are_refused_and_then_rate_limited() {
    let _watchdog = Watchdog::start("wrong_passwords_are_refused_and_then_rate_limited");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    for _ in 0..5 {
        let r = call(
            &app,
            "/api/auth/login",
            &login_form("ops@chargecars.nl", "fout"),
            None,
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("invalid_credentials"), "{}", r.body);
        assert!(session_cookie(&r).is_none());
    }
    let r = call(
        &app,
        "/api/auth/login",
        &login_form("ops@chargecars.nl", "ChargeCars!2026"),
        None,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("rate_limited"));
    tdb.cleanup().await;
}

#[tokio::test]
async fn every_role_reaches_exactly_its_portals() {
    let _watchdog = Watchdog::start("every_role_reaches_exactly_its_portals");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    for account in DEMO_ACCOUNTS {
        let cookie = sign_in(&app, account.email).await;
        let (_, row) = testing::PORTAL_MATRIX
            .into_iter()
            .find(|(role, _)| *role == account.role)
            .expect("every role is in the matrix");
        for (portal, allowed) in row {
            let r = page(&app, &portal.path(), Some(&cookie)).await;
            if allowed {
                assert_eq!(r.status, StatusCode::OK, "{} {portal:?}", account.email);
                assert!(
                    r.body.contains(account.name),
                    "{} not shown as signed in",
                    account.email
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {portal:?}",
                    account.email
                );
                assert!(r.body.contains("Geen toegang"));
            }
        }
    }
    for portal in Portal::ALL {
        let anon = page(&app, &portal.path(), None).await;
        assert_eq!(
            anon.status,
            StatusCode::FOUND,
            "anonymous {portal:?}: {:?}",
            anon.headers
        );
        assert_eq!(
            anon.headers[header::LOCATION],
            format!("/login?next={}", portal.path())
        );
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn orders_are_scoped_to_their_partner_and_customer() {
    let _watchdog = Watchdog::start("orders_are_scoped_to_their_partner_and_customer");
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let db = &tdb.db;
        let order_of_partner = |p: i32| async move {
            entity::order::Entity::find()
                .filter(entity::order::Column::PartnerId.eq(p))
                .order_by_asc(entity::order::Column::Id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
        };
        let groendus_order = order_of_partner(1).await;
        let essent_order = order_of_partner(2).await;
        let klant = entity::user::Entity::find()
            .filter(entity::user::Column::Email.eq("klant@example.nl"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let klant_order = entity::order::Entity::find()
            .filter(entity::order::Column::EndCustomerContactId.eq(klant.contact_id.unwrap()))
            .one(db)
            .await
            .unwrap()
            .unwrap();

        let get = |cookie: Option<String>, number: String| {
            let app = app.clone();
            async move {
                call(
                    &app,
                    "/api/orders/get",
                    &format!("order_number={number}"),
                    cookie.as_deref(),
                    &[],
                )
                .await
            }
        };
        let groendus = Some(sign_in(&app, "partner@groendus.nl").await);
        let essent = Some(sign_in(&app, "partner@essent.nl").await);
        let klant1 = Some(sign_in(&app, "klant@example.nl").await);
        let klant2 = Some(sign_in(&app, "klant2@example.nl").await);
        let admin = Some(sign_in(&app, "admin@chargecars.nl").await);
        let monteur = Some(sign_in(&app, "monteur@chargecars.nl").await);

        // Partner A reads its own order; partner B cannot read it (and vice versa).
        assert_eq!(
            get(groendus.clone(), groendus_order.order_number.clone())
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            get(essent.clone(), groendus_order.order_number.clone())
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(essent.clone(), essent_order.order_number.clone())
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            get(groendus.clone(), essent_order.order_number.clone())
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Customer X reads their order; customer Y cannot.
        let own = get(klant1.clone(), klant_order.order_number.clone()).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        assert!(own.body.contains(&klant_order.order_number));
        assert_eq!(
            get(klant2.clone(), klant_order.order_number.clone())
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Staff read everything; technicians not through this function; strangers must sign in.
        assert_eq!(
            get(admin.clone(), essent_order.order_number.clone())
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            get(monteur.clone(), essent_order.order_number.clone())
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(None, essent_order.order_number.clone()).await.status,
            StatusCode::UNAUTHORIZED
        );

        // "My orders": only one's own, and only for partners and customers.
        let mine = call(&app, "/api/orders/mine", "", groendus.as_deref(), &[]).await;
        assert_eq!(mine.status, StatusCode::OK);
        let list: Vec<serde_json::Value> = serde_json::from_str(&mine.body).unwrap();
        assert!(!list.is_empty());
        assert!(list
            .iter()
            .all(|o| o["order_number"] != essent_order.order_number.as_str()));
        assert!(mine.body.contains(&groendus_order.order_number) || list.len() == 50);
        let mine = call(&app, "/api/orders/mine", "", klant2.as_deref(), &[]).await;
        assert!(!mine.body.contains(&klant_order.order_number));
        assert_eq!(
            call(&app, "/api/orders/mine", "", admin.as_deref(), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            call(&app, "/api/orders/mine", "", None, &[]).await.status,
            StatusCode::UNAUTHORIZED
        );
        tdb.cleanup().await;
    }
}

#[test]
fn every_demo_role_is_covered() {
    for role in Role::ALL {
        assert!(
            DEMO_ACCOUNTS.iter().any(|a| a.role == role),
            "{role} has no demo account"
        );
    }
}

#[tokio::test]
async fn only_admins_read_the_outbox_and_reset_links_work_over_http() {
    let _watchdog = Watchdog::start("only_admins_read_the_outbox_and_reset_links_work_over_http");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    // Anyone may ask for a reset; the answer never says whether the address exists.
    let known = call(
        &app,
        "/api/auth/forgot",
        "email=planner%40chargecars.nl",
        None,
        &[],
    )
    .await;
    let unknown = call(
        &app,
        "/api/auth/forgot",
        "email=niemand%40example.nl",
        None,
        &[],
    )
    .await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(known.body, unknown.body);

    assert_eq!(
        call(&app, "/api/admin/outbox", "", None, &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    for account in DEMO_ACCOUNTS.iter().filter(|a| a.role != Role::Admin) {
        let cookie = sign_in(&app, account.email).await;
        let r = call(&app, "/api/admin/outbox", "", Some(&cookie), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", account.email);
        let p = page(&app, "/admin/outbox", Some(&cookie)).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", account.email);
    }
    let admin = sign_in(&app, "admin@chargecars.nl").await;
    let outbox = call(&app, "/api/admin/outbox", "", Some(&admin), &[]).await;
    assert_eq!(outbox.status, StatusCode::OK);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&outbox.body).unwrap();
    assert_eq!(rows.len(), 1, "only the known address got mail");
    let shown = rows[0]["body"].as_str().unwrap();
    assert!(
        shown.contains("/wachtwoord-herstellen?token=•••"),
        "the admin sees the link without its token: {shown}"
    );
    // The recipient's mail holds the real link.
    let token = mailed_token(&tdb.db, "planner@chargecars.nl", "token=").await;
    assert!(!shown.contains(&token));

    let weak = call(
        &app,
        "/api/auth/reset",
        &format!("token={token}&password=kort"),
        None,
        &[],
    )
    .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(weak.body.contains("reset_weak"));
    let ok = call(
        &app,
        "/api/auth/reset",
        &format!("token={token}&password=een-nieuw-wachtwoord"),
        None,
        &[],
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let again = call(
        &app,
        "/api/auth/reset",
        &format!("token={token}&password=een-nieuw-wachtwoord"),
        None,
        &[],
    )
    .await;
    assert!(again.body.contains("reset_invalid"));
    let r = call(
        &app,
        "/api/auth/login",
        &login_form("planner@chargecars.nl", "een-nieuw-wachtwoord"),
        None,
        &[],
    )
    .await;
    assert!(session_cookie(&r).is_some());
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_magic_link_signs_a_customer_in_once() {
    let _watchdog = Watchdog::start("a_magic_link_signs_a_customer_in_once");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    call(
        &app,
        "/api/auth/magic-request",
        "email=klant%40example.nl",
        None,
        &[],
    )
    .await;
    let token = mailed_token(&tdb.db, "klant@example.nl", "/inloglink?token=").await;
    let link = entity::paths::magic_link(&token);
    // Opening the link, as a mail scanner does, shows a button and signs
    // nobody in; the link stays good.
    for _ in 0..2 {
        let opened = page(&app, &link, None).await;
        assert_eq!(opened.status, StatusCode::OK);
        assert!(opened.body.contains("Inloggen"), "{}", opened.body);
        assert!(session_cookie(&opened).is_none());
    }
    let old_get = page(&app, &format!("/api/auth/magic?token={token}"), None).await;
    assert!(session_cookie(&old_get).is_none(), "GET consumes nothing");
    let form = format!("token={token}");
    let first = call(
        &app,
        "/api/auth/magic",
        &form,
        None,
        &[("accept", "text/html")],
    )
    .await;
    assert!(first.status.is_success() || first.status.is_redirection());
    assert_eq!(first.headers[header::LOCATION], "/klant");
    let cookie = session_cookie(&first)
        .expect("session")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        page(&app, "/klant", Some(&cookie)).await.status,
        StatusCode::OK
    );
    let second = call(
        &app,
        "/api/auth/magic",
        &form,
        None,
        &[("accept", "text/html")],
    )
    .await;
    assert_eq!(second.headers[header::LOCATION], "/inloglink?ongeldig=1");
    assert!(session_cookie(&second).is_none());
    tdb.cleanup().await;
}

#[tokio::test]
async fn staff_need_their_second_factor_before_anything_else() {
    let _watchdog = Watchdog::start("staff_need_their_second_factor_before_anything_else");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;

    // Password only: the login answers with the way to the code page.
    let r = call(
        &app,
        "/api/auth/login",
        &login_form("ops@chargecars.nl", "ChargeCars!2026"),
        None,
        &[("accept", "text/html")],
    )
    .await;
    assert_eq!(
        r.headers[header::LOCATION],
        "/mfa?next=/ops",
        "{:?}",
        r.headers
    );
    let half = sign_in_password_only(&app, "ops@chargecars.nl").await;
    let p = page(&app, "/ops", Some(&half)).await;
    assert_eq!(p.status, StatusCode::FOUND);
    assert_eq!(p.headers[header::LOCATION], "/mfa?next=/ops");
    let r = call(&app, "/api/orders/mine", "", Some(&half), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("mfa_required"), "{}", r.body);
    // Setting up a second app is not possible once one is enrolled.
    let r = call(&app, "/api/auth/mfa-setup", "", Some(&half), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A wrong code is refused; the right one opens the portal.
    let r = call(
        &app,
        "/api/auth/mfa-verify",
        "code=000000",
        Some(&half),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        serde_json::from_str::<app::error::AppError>(&r.body).unwrap(),
        app::error::AppError::InvalidCode,
        "{}",
        r.body
    );
    let code = next_code("ops@chargecars.nl", services::seed::DEMO_TOTP_SECRET).await;
    let r = call(
        &app,
        "/api/auth/mfa-verify",
        &format!("code={code}&next=%2Fops"),
        Some(&half),
        &[("accept", "text/html")],
    )
    .await;
    assert_eq!(r.headers[header::LOCATION], "/ops");
    // The session goes on under a new token; the password-only one (which
    // a planted cookie could be) is gone.
    let full = passed_cookie(&r);
    assert_ne!(full, half);
    assert_eq!(page(&app, "/ops", Some(&full)).await.status, StatusCode::OK);
    assert_eq!(
        page(&app, "/ops", Some(&half)).await.status,
        StatusCode::FOUND
    );
    let me = call(&app, "/api/auth/me", "", Some(&half), &[]).await;
    assert_eq!(me.body, "null", "the old token signs nobody in");

    // Partners and customers have no second step.
    let partner = sign_in_password_only(&app, "partner@groendus.nl").await;
    assert_eq!(
        page(&app, "/partner", Some(&partner)).await.status,
        StatusCode::OK
    );
    let r = call(
        &app,
        "/api/auth/mfa-verify",
        "code=123456",
        Some(&partner),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A colleague without an app is sent to enrolment, and the QR code is
    // only ever shown to them.
    let new = sign_in_password_only(&app, "nieuw@chargecars.nl").await;
    let p = page(&app, "/ops", Some(&new)).await;
    assert_eq!(p.headers[header::LOCATION], "/mfa/instellen?next=/ops");
    let enrol_page = page(&app, "/mfa/instellen?next=/ops", Some(&new)).await;
    assert_eq!(enrol_page.status, StatusCode::OK);
    assert!(
        enrol_page.body.contains("<svg"),
        "QR code rendered on the server"
    );
    let anon = call(&app, "/api/auth/mfa-setup", "", None, &[]).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    let r = call(&app, "/api/auth/mfa-setup", "", Some(&full), &[]).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "verified staff cannot re-enrol"
    );
    let setup: serde_json::Value = serde_json::from_str(
        &call(&app, "/api/auth/mfa-setup", "", Some(&new), &[])
            .await
            .body,
    )
    .unwrap();
    let secret = setup["secret_grouped"].as_str().unwrap().replace(' ', "");
    assert!(setup["otpauth_uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/ChargeCars%3Anieuw@chargecars.nl?secret="));
    let code = next_code("nieuw@chargecars.nl", &secret).await;
    let r = call(
        &app,
        "/api/auth/mfa-enrol",
        &format!("code={code}"),
        Some(&new),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let codes: Vec<String> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(codes.len(), 10);
    let new = passed_cookie(&r);
    assert_eq!(page(&app, "/ops", Some(&new)).await.status, StatusCode::OK);

    // Next time, one recovery code stands in for the app.
    let again = sign_in_password_only(&app, "nieuw@chargecars.nl").await;
    let r = call(
        &app,
        "/api/auth/mfa-verify",
        &format!("code={}", codes[0]),
        Some(&again),
        &[],
    )
    .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    assert_eq!(
        page(&app, "/ops", Some(&passed_cookie(&r))).await.status,
        StatusCode::OK
    );
    tdb.cleanup().await;
}

/// Every admin page and admin server function: 401 without a session, 403
/// for every role but admin, and the admin's own path works end to end
/// (a sixth entity, whose first lead is `{PREFIX}-{YEAR}-00001`).
#[tokio::test]
async fn admin_pages_and_functions_are_for_admins_only() {
    let _watchdog = Watchdog::start("admin_pages_and_functions_are_for_admins_only");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let form = serde_json::json!({
        "code": "laadpaal-direct", "name": "LaadpaalDirect B.V.", "brand": "LaadpaalDirect",
        "order_prefix": "LD", "support_email": "support@laadpaaldirect.nl",
        "sales_email": "sales@laadpaaldirect.nl", "admin_email": "admin@laadpaaldirect.nl",
        "noreply_email": "noreply@laadpaaldirect.nl", "whatsapp_number": "", "brand_color": "#7c3aed"
    });
    let pages = [
        "/admin",
        "/admin/outbox",
        "/admin/bedrijven",
        "/admin/audit",
        "/admin/regios",
        "/admin/gebruikers",
        "/admin/workflows",
        "/admin/catalogus",
        "/admin/partners",
        "/admin/instellingen",
        "/admin/sjablonen",
        "/admin/berichtregels",
        "/admin/commissie",
    ];
    let tpl_key = serde_json::json!({ "scope": 2, "kind": "quote_ready", "channel": "email", "language": "nl" });
    let workflow =
        serde_json::to_value(entity::domain::Workflow::default_order_workflow()).unwrap();
    // Functions that take form fields (the default codec), with their body.
    let form_functions = [
        ("/api/admin/outbox", ""),
        ("/api/admin/entities", ""),
        ("/api/admin/regions", ""),
        ("/api/admin/users", "query="),
        ("/api/admin/workflow", ""),
        ("/api/admin/catalogue", ""),
        ("/api/admin/settings", ""),
        ("/api/admin/templates", "language=nl"),
        ("/api/admin/commission", ""),
    ];
    let functions: [(&str, serde_json::Value); 20] = [
        (
            "/api/admin/commission/pay",
            serde_json::json!({ "form": { "partner_id": 1, "period": "2026-10", "reference": "X" } }),
        ),
        (
            "/api/admin/timings",
            serde_json::json!({ "business_entity_id": null }),
        ),
        (
            "/api/admin/timings/save",
            serde_json::json!({ "business_entity_id": 1, "key": "survey", "enabled": false, "hours": 24, "version": 0 }),
        ),
        (
            "/api/admin/templates/open",
            serde_json::json!({ "key": tpl_key }),
        ),
        (
            "/api/admin/templates/preview",
            serde_json::json!({ "key": tpl_key, "subject": "{{order_number}}", "body": "{{portal_link}}" }),
        ),
        (
            "/api/admin/templates/test",
            serde_json::json!({ "key": tpl_key, "subject": "{{order_number}}", "body": "{{portal_link}}" }),
        ),
        (
            "/api/admin/templates/save",
            serde_json::json!({ "key": tpl_key, "version": 0, "subject": "Gekaapt {{order_number}}", "body": "{{portal_link}}" }),
        ),
        (
            "/api/admin/audit",
            serde_json::json!({ "filter": {}, "offset": 0 }),
        ),
        (
            "/api/admin/entities/create",
            serde_json::json!({ "form": form }),
        ),
        (
            "/api/admin/entities/update",
            serde_json::json!({ "id": 1, "version": 1, "form": form }),
        ),
        (
            "/api/admin/regions/update",
            serde_json::json!({ "id": 1, "version": 1, "name": "Noord", "ranges": "1000-1099" }),
        ),
        (
            "/api/admin/users/invite",
            serde_json::json!({ "form": { "email": "indringer@chargecars.nl", "display_name": "Indringer",
                "role": "admin", "partner_id": null, "locale": "nl" } }),
        ),
        (
            "/api/admin/users/change",
            serde_json::json!({ "id": 1, "version": 1, "change": "Deactivate" }),
        ),
        (
            "/api/admin/products/save",
            serde_json::json!({ "id": 1, "version": 1, "form": { "sku": "X-1", "name": "Gratis",
                "kind": "charger", "required_skills": "", "duration_minutes": 0, "active": false } }),
        ),
        (
            "/api/admin/prices/save",
            serde_json::json!({ "changes": [{ "Base": { "product_id": 1, "entity_id": null, "cents": 1, "seen": null } }] }),
        ),
        (
            "/api/admin/partners",
            serde_json::json!({ "filter": { "query": "", "partner_type": null, "onboarding_status": null }, "offset": 0 }),
        ),
        (
            "/api/admin/partners/save",
            serde_json::json!({ "id": 1, "version": 1, "form": { "name": "Groendus", "email": "x@groendus.nl",
                "phone": "", "partner_type": "reseller", "onboarding_status": "suspended",
                "commission_bp": 5000, "commission_terms": "" } }),
        ),
        (
            "/api/admin/entities/logo",
            serde_json::json!({ "entity_id": 1, "data_url": null }),
        ),
        (
            "/api/admin/settings/save",
            serde_json::json!({ "settings": { "site_readiness_days": 1, "site_readiness_statuses": ["planning"],
                "cancellation_fees": {} }, "token": "" }),
        ),
        (
            "/api/admin/workflow/save",
            serde_json::json!({ "entity_id": 1, "version": null, "workflow": workflow }),
        ),
    ];
    for (path, body) in &form_functions {
        let r = call(&app, path, body, None, &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    for (path, body) in &functions {
        let r = call_json(&app, path, body.clone(), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    for account in DEMO_ACCOUNTS.iter().filter(|a| a.role != Role::Admin) {
        let cookie = sign_in(&app, account.email).await;
        for path in pages {
            let p = page(&app, path, Some(&cookie)).await;
            assert_eq!(p.status, StatusCode::FORBIDDEN, "{} {path}", account.email);
        }
        for (path, body) in &form_functions {
            let r = call(&app, path, body, Some(&cookie), &[]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{} {path}", account.email);
        }
        for (path, body) in &functions {
            let r = call_json(&app, path, body.clone(), Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{} {path}", account.email);
        }
        let csv = page(&app, "/api/admin/audit.csv", Some(&cookie)).await;
        assert_eq!(
            csv.status,
            StatusCode::FORBIDDEN,
            "{} audit.csv",
            account.email
        );
    }
    // Nothing was created or changed by all those attempts.
    assert!(entity::commission_payout::Entity::find()
        .filter(entity::commission_payout::Column::Reference.eq("X"))
        .all(&tdb.db)
        .await
        .unwrap()
        .is_empty());
    assert!(entity::message_template::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .iter()
        .all(|t| t.version == 1 && !t.subject.contains("Gekaapt")));
    assert!(entity::outbox_message::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .iter()
        .all(|m| m.template != "template_test"));
    assert!(entity::workflow::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .is_empty());
    assert!(entity::message_timing::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .is_empty());
    let accounts = entity::user::Entity::find().all(&tdb.db).await.unwrap();
    assert_eq!(accounts.len(), DEMO_ACCOUNTS.len());
    assert!(
        accounts.iter().all(|u| u.active && u.version == 1),
        "no account changed"
    );
    assert!(entity::partner::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .iter()
        .all(|p| p.version == 1));
    assert!(entity::pricing_rule::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .iter()
        .all(|r| r.amount_cents != 1));
    assert!(entity::product::Entity::find()
        .all(&tdb.db)
        .await
        .unwrap()
        .iter()
        .all(|p| p.version == 1 && p.active));
    assert_eq!(
        entity::region::Entity::find_by_id(1)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
    assert_eq!(
        entity::business_entity::Entity::find()
            .all(&tdb.db)
            .await
            .unwrap()
            .len(),
        5
    );

    let admin = sign_in(&app, "admin@chargecars.nl").await;
    assert_eq!(
        page(&app, "/admin/bedrijven", Some(&admin)).await.status,
        StatusCode::OK
    );
    // The admin's template path: the page, a draft with an unknown variable
    // refused with its name, a valid one saved as version 1.
    let tpl_page = page(&app, "/admin/sjablonen", Some(&admin)).await;
    assert_eq!(tpl_page.status, StatusCode::OK);
    let refused = call_json(
        &app,
        "/api/admin/templates/save",
        serde_json::json!({ "key": tpl_key, "version": 0, "subject": "{{order_number}}", "body": "{{portal_link}} {{klant}}" }),
        Some(&admin),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("{{klant}}"), "{}", refused.body);
    let saved = call_json(
        &app,
        "/api/admin/templates/save",
        serde_json::json!({ "key": tpl_key, "version": 0, "subject": "Offerte {{order_number}}", "body": "{{portal_link}}" }),
        Some(&admin),
    )
    .await;
    assert_eq!((saved.status, saved.body.as_str()), (StatusCode::OK, "1"));
    let bad = call_json(
        &app,
        "/api/admin/entities/create",
        serde_json::json!({ "form": { "code": "x", "name": "", "brand": "B", "order_prefix": "CC",
            "support_email": "nope", "sales_email": "s@b.nl", "admin_email": "a@b.nl",
            "noreply_email": "n@b.nl", "whatsapp_number": "", "brand_color": "#000000" } }),
        Some(&admin),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The field errors arrive typed (`AppError::Fields`), in the form's order.
    let fields: Vec<(String, String)> = match serde_json::from_str(&bad.body).unwrap() {
        app::error::AppError::Fields(list) => list.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    };
    assert_eq!(
        fields,
        [
            ("code", "code_invalid"),
            ("name", "required"),
            ("support_email", "email_invalid"),
            ("order_prefix", "taken")
        ]
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
    );
    let made = call_json(
        &app,
        "/api/admin/entities/create",
        serde_json::json!({ "form": form }),
        Some(&admin),
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    // Its brand colour themes its pages from the next load (public stylesheet).
    let themes = page(&app, "/style/brands.css", None).await;
    assert_eq!(themes.status, StatusCode::OK);
    assert!(
        themes
            .body
            .contains("[data-entity=\"laadpaal-direct\"]{--brand:#7c3aed;"),
        "{}",
        themes.body
    );
    assert!(themes
        .body
        .contains("[data-entity=\"chargecars\"]{--brand:#0f766e;"));
    let lead = call_json(
        &app,
        "/api/orders/lead",
        serde_json::json!({ "lead": {
            "entity_code": "laadpaal-direct", "first_name": "Fleur", "last_name": "de Wit",
            "email": "fleur@example.nl", "phone": "", "street": "Stationsweg", "house_number": "1",
            "postcode": "3811AB", "city": "Amersfoort", "charger_count": 1, "partner_id": null } }),
        Some(&admin),
    )
    .await;
    assert_eq!(lead.status, StatusCode::OK, "{}", lead.body);
    let year = chrono::Datelike::year(&chrono::Utc::now());
    assert_eq!(lead.body, format!("\"LD-{year}-00001\""));
    // Both show in the audit trail and its export.
    let csv = page(
        &app,
        "/api/admin/audit.csv?table=business_entities",
        Some(&admin),
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);
    assert!(csv.body.contains("entity_created"), "{}", csv.body);
    let bad = page(&app, "/api/admin/audit.csv?from=yesterday", Some(&admin)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// The token in the newest link holding `marker` mailed to `to`, as the
/// recipient reads it (the admin outbox masks it).
async fn mailed_token(db: &sea_orm::DatabaseConnection, to: &str, marker: &str) -> String {
    let mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Recipient.eq(to))
        .order_by_desc(entity::outbox_message::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a mail");
    let at = mail.body.find(marker).expect("a link") + marker.len();
    let link_rest = &mail.body[at..];
    let token = link_rest.split_whitespace().next().unwrap();
    token.split("token=").last().unwrap().to_owned()
}

/// The `cc_session=…` pair set when the second factor passed.
fn passed_cookie(r: &Reply) -> String {
    session_cookie(r)
        .expect("a new session token")
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A customer or partner gets their own side of a quote: their lines and
/// their total, never the other side's amounts.
#[tokio::test]
async fn each_side_gets_only_its_own_quote_amounts() {
    let _watchdog = Watchdog::start("each_side_gets_only_its_own_quote_amounts");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let partner_user = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq("partner@groendus.nl"))
        .one(&tdb.db)
        .await
        .unwrap()
        .unwrap();
    let sent = entity::quote::Entity::find()
        .filter(entity::quote::Column::SentAt.is_not_null())
        .order_by_desc(entity::quote::Column::Id)
        .all(&tdb.db)
        .await
        .unwrap();
    let mut checked = 0;
    let partner = sign_in(&app, "partner@groendus.nl").await;
    let ops = sign_in(&app, "ops@chargecars.nl").await;
    for q in sent {
        let o = entity::order::Entity::find_by_id(q.order_id)
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        if o.partner_id != partner_user.partner_id {
            continue;
        }
        for (cookie, side) in [(&partner, "partner"), (&ops, "customer")] {
            let r = call(
                &app,
                "/api/orders/portal",
                &format!("order_number={}", o.order_number),
                Some(cookie),
                &[],
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert!(
                !r.body.contains("customer_total_cents") && !r.body.contains("partner_total_cents"),
                "no amounts of both sides: {}",
                r.body
            );
            let view: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(view["side"], side);
            let Some(quote) = view["quote"].as_object() else {
                continue;
            };
            let lines = quote["lines"].as_array().unwrap();
            assert!(
                lines.iter().all(|l| l["payer"] == side),
                "{side}: {lines:?}"
            );
            let sum: i64 = lines
                .iter()
                .map(|l| l["unit_price_cents"].as_i64().unwrap() * l["quantity"].as_i64().unwrap())
                .sum();
            assert_eq!(quote["total_cents"].as_i64(), Some(sum), "{side}");
            checked += 1;
        }
        if checked >= 4 {
            break;
        }
    }
    assert!(checked >= 2, "the demo data has sent partner quotes");
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_customers_appointment_is_theirs_alone() {
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let db = &tdb.db;
        let klant = entity::user::Entity::find()
            .filter(entity::user::Column::Email.eq("klant@example.nl"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let number = entity::order::Entity::find()
            .filter(entity::order::Column::EndCustomerContactId.eq(klant.contact_id.unwrap()))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .order_number;
        let owner = Some(sign_in(&app, "klant@example.nl").await);
        let other = Some(sign_in(&app, "klant2@example.nl").await);
        // The order's own partner does not choose the customer's time.
        let partner = Some(sign_in(&app, "partner@groendus.nl").await);
        let monteur = Some(sign_in(&app, "monteur@chargecars.nl").await);
        let planner = Some(sign_in(&app, "planner@chargecars.nl").await);
        let calls = [
            ("/api/appointment/get", format!("order_number={number}")),
            ("/api/appointment/slots", format!("order_number={number}")),
            (
                "/api/appointment/hold",
                format!("order_number={number}&date=2026-12-20&start_min=480"),
            ),
            ("/api/appointment/release", format!("order_number={number}")),
            ("/api/appointment/confirm", format!("order_number={number}")),
        ];
        for (path, body) in &calls {
            for who in [&other, &partner, &monteur] {
                let r = call(&app, path, body, who.as_deref(), &[]).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
            }
            let r = call(&app, path, body, None, &[]).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        }
        let access = serde_json::json!({ "order_number": number, "notes": { "pets": "Kat" } });
        for who in [&other, &partner, &monteur] {
            let r = call_json(
                &app,
                "/api/appointment/access",
                access.clone(),
                who.as_deref(),
            )
            .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        }
        let r = call_json(&app, "/api/appointment/access", access, owner.as_deref()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = call(
            &app,
            "/api/appointment/get",
            &calls[0].1,
            owner.as_deref(),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("Kat"));
        // The calendar file: nobody else's (nor before there is a date).
        let ics = format!("/api/orders/{number}/afspraak.ics");
        for who in [&other, &partner, &monteur, &owner] {
            assert_eq!(
                page(&app, &ics, who.as_deref()).await.status,
                StatusCode::NOT_FOUND
            );
        }
        // The list of bookings and moves is for planners.
        for (who, status) in [
            (&owner, StatusCode::FORBIDDEN),
            (&partner, StatusCode::FORBIDDEN),
            (&planner, StatusCode::OK),
        ] {
            let r = call(&app, "/api/appointment/changes", "", who.as_deref(), &[]).await;
            assert_eq!(r.status, status, "{}", r.body);
        }
        assert_eq!(
            call(&app, "/api/appointment/changes", "", None, &[])
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );

        // Service: one's own cases; ops see all; nobody files on another's order.
        let klant3 = Some(sign_in(&app, "klant3@example.nl").await);
        for (who, status) in [
            (&klant3, StatusCode::OK),
            (&partner, StatusCode::FORBIDDEN),
            (&planner, StatusCode::FORBIDDEN),
        ] {
            let r = call(&app, "/api/service/mine", "", who.as_deref(), &[]).await;
            assert_eq!(r.status, status, "{}", r.body);
        }
        let mine: entity::dto::MyServiceDto = serde_json::from_str(
            &call(&app, "/api/service/mine", "", klant3.as_deref(), &[])
                .await
                .body,
        )
        .unwrap();
        let completed = mine
            .orders
            .first()
            .expect("klant3's completed order")
            .clone();
        let request = serde_json::json!({ "input": {
            "order_number": completed, "kind": "service", "category": "other",
            "description": "De kabel is beschadigd geraakt.", "photos": [] } });
        for who in [&other, &partner, &planner] {
            let r = call_json(&app, "/api/service/file", request.clone(), who.as_deref()).await;
            assert!(
                [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&r.status),
                "{}",
                r.body
            );
        }
        let r = call_json(&app, "/api/service/file", request, klant3.as_deref()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        for (who, status) in [
            (&klant3, StatusCode::FORBIDDEN),
            (&partner, StatusCode::FORBIDDEN),
            (&planner, StatusCode::OK),
        ] {
            let r = call(&app, "/api/service/cases", "", who.as_deref(), &[]).await;
            assert_eq!(r.status, status, "{}", r.body);
        }
        assert_eq!(
            page(&app, "/api/service-photos/1", owner.as_deref())
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        tdb.cleanup().await;
    }
}
