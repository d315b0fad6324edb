//! The web edge as an attacker meets it, through the real router: body
//! limits, cross-site requests, body types, security headers, redirects
//! after sign-in and the answers that must not tell what exists.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::testing;

#[tokio::test]
async fn oversized_bodies_are_refused_before_they_are_read() {
    let _watchdog = Watchdog::start("oversized_bodies_are_refused_before_they_are_read");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    // 64 MiB declared: refused at once with 413.
    let req = Request::post("/api/intake/submit")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, 64 * 1024 * 1024)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    // An ordinary server function takes far less than an upload route.
    let big = "x".repeat(300 * 1024);
    let r = call(&app, "/api/auth/login", &format!("email={big}"), None, &[]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Without a declared length (chunked), the edge counts.
    let stream = futures_body(9 * 1024 * 1024);
    let req = Request::post("/api/intake/submit")
        .header(header::CONTENT_TYPE, "application/json")
        .body(stream)
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    tdb.cleanup().await;
}

/// A body of `n` bytes without a Content-Length header.
fn futures_body(n: usize) -> Body {
    let chunks = (0..n / 65536).map(|_| Ok::<_, std::io::Error>(vec![b' '; 65536]));
    Body::from_stream(futures::stream::iter(chunks))
}

#[tokio::test]
async fn cross_site_and_plain_text_posts_change_nothing() {
    let _watchdog = Watchdog::start("cross_site_and_plain_text_posts_change_nothing");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let staff = sign_in(&app, "planner@chargecars.nl").await;
    // A JSON server function posted as text/plain from another site, with
    // the planner's cookie (what a hostile page can make a browser send).
    let req = Request::post("/api/pipeline/move")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, &staff)
        .body(Body::from(
            r#"{"order_id":1,"version":1,"to":"cancelled","reason":"x"}"#,
        ))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // The same from our own origin but as text/plain: not a body we take.
    let req = Request::post("/api/pipeline/move")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, &staff)
        .body(Body::from(
            r#"{"order_id":1,"version":1,"to":"cancelled","reason":"x"}"#,
        ))
        .unwrap();
    assert_eq!(
        send(&app, req).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    // Login CSRF: another site cannot sign a victim in to its account.
    let r = call(
        &app,
        "/api/auth/login",
        &login_form("planner@chargecars.nl", services::seed::DEMO_PASSWORD),
        None,
        &[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(session_cookie(&r).is_none());
    // Fetch metadata alone is enough to refuse.
    let r = call(
        &app,
        "/api/auth/logout",
        "",
        Some(&staff),
        &[("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Our own pages' requests pass.
    let r = call(
        &app,
        "/api/auth/me",
        "",
        Some(&staff),
        &[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tdb.cleanup().await;
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let _watchdog = Watchdog::start("every_answer_carries_the_security_headers");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    for (what, r) in [
        ("page", page(&app, "/login", None).await),
        ("404", page(&app, "/bestaat-niet", None).await),
        ("server fn", call(&app, "/api/auth/me", "", None, &[]).await),
        ("probe", get(&app, "/healthz").await),
    ] {
        assert_eq!(r.headers["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(r.headers["x-frame-options"], "DENY", "{what}");
        assert_eq!(
            r.headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{what}"
        );
        assert!(r.headers.contains_key("permissions-policy"), "{what}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(
            !r.headers.contains_key("strict-transport-security"),
            "{what}: no TLS here"
        );
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn pages_allow_only_their_own_nonced_inline_scripts() {
    let _watchdog = Watchdog::start("pages_allow_only_their_own_nonced_inline_scripts");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let customer = sign_in(&app, "klant@example.nl").await;
    let mut seen = std::collections::HashSet::new();
    for (path, cookie) in [
        ("/", None),
        ("/login", None),
        ("/bestaat-niet", None),
        ("/klant", Some(customer.as_str())),
        ("/klant", Some(customer.as_str())),
    ] {
        let r = page(&app, path, cookie).await;
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"));
        assert!(nonce.len() >= 16, "{path}: a nonce of at least 96 bits");
        assert!(
            seen.insert(nonce.to_owned()),
            "{path}: a new nonce per answer"
        );
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        assert!(!csp.contains("'unsafe-eval'") && !csp.contains("script-src 'unsafe-inline'"));
        // Every script in the page carries the nonce (leptos_i18n leaves an
        // empty placeholder, which browsers never run).
        let scripts =
            r.body.matches("<script").count() - r.body.matches("<script></script>").count();
        assert!(scripts > 0, "{path}: the hydration scripts");
        assert_eq!(
            r.body
                .matches(&format!("<script nonce=\"{nonce}\""))
                .count()
                + r.body
                    .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
                    .count(),
            scripts,
            "{path}: a script without this answer's nonce: {:?}",
            r.body
                .match_indices("<script")
                .map(|(i, _)| &r.body[i..(i + 80).min(r.body.len())])
                .collect::<Vec<_>>()
        );
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn hostile_next_targets_end_at_the_portal() {
    let _watchdog = Watchdog::start("hostile_next_targets_end_at_the_portal");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ] {
        let form = format!(
            "{}{next}",
            login_form("klant@example.nl", services::seed::DEMO_PASSWORD)
        );
        let r = call(
            &app,
            "/api/auth/login",
            &form,
            None,
            &[("accept", "text/html")],
        )
        .await;
        assert_eq!(r.headers[header::LOCATION], "/klant", "{next}");
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_quote_pdf_answers_alike_whether_it_exists_or_not() {
    let _watchdog = Watchdog::start("a_quote_pdf_answers_alike_whether_it_exists_or_not");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let some = get(&app, "/api/quotes/1/pdf").await;
    let none = get(&app, "/api/quotes/99999999/pdf").await;
    assert_eq!(some.status, none.status);
    assert_eq!(some.body, none.body);
    tdb.cleanup().await;
}

/// A sign-in POST from `peer`, optionally through a proxy that adds
/// `X-Forwarded-For`.
fn login_request(email: &str, password: &str, forwarded_for: Option<&str>) -> Request<Body> {
    let mut req = Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    req.body(Body::from(login_form(email, password))).unwrap()
}

#[tokio::test]
async fn parallel_wrong_passwords_get_no_more_checks_than_the_limit() {
    let _watchdog = Watchdog::start("parallel_wrong_passwords_get_no_more_checks_than_the_limit");
    for tdb in testing::concurrent_databases().await {
        let app = setup(&tdb).await;
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(20));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (app, start) = (app.clone(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    let r = send_from(
                        &app,
                        "6.6.6.6",
                        login_request("admin@chargecars.nl", "geraden", None),
                    )
                    .await;
                    (r.status, r.body)
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        let count = |s: StatusCode| statuses.iter().filter(|x| x.0 == s).count();
        let other: Vec<_> = statuses
            .iter()
            .filter(|x| x.0 != StatusCode::UNAUTHORIZED && x.0 != StatusCode::TOO_MANY_REQUESTS)
            .collect();
        eprintln!(
            "{}: 20 parallel wrong passwords: {} × 401, {} × 429, other: {other:?}",
            tdb.backend,
            count(StatusCode::UNAUTHORIZED),
            count(StatusCode::TOO_MANY_REQUESTS)
        );
        assert_eq!(
            (
                count(StatusCode::UNAUTHORIZED),
                count(StatusCode::TOO_MANY_REQUESTS)
            ),
            (5, 15),
            "{}: other answers {other:?}",
            tdb.backend
        );
        // The owner, from their own address, is not locked out.
        let owner = send_from(
            &app,
            "10.9.9.9",
            login_request("admin@chargecars.nl", services::seed::DEMO_PASSWORD, None),
        )
        .await;
        assert_eq!(
            owner.status,
            StatusCode::OK,
            "{}: {}",
            tdb.backend,
            owner.body
        );
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let _watchdog = Watchdog::start("behind_a_trusted_proxy_each_client_has_its_own_limit");
    let tdb = testing::sqlite().await;
    let proxies = server::edge::TrustedProxies::parse("10.0.0.0/8").unwrap();
    let app = setup_behind(&tdb, proxies).await;
    let wrong = |xff: &'static str| login_request("admin@chargecars.nl", "geraden", Some(xff));
    for _ in 0..5 {
        let r = send_from(&app, "10.0.0.1", wrong("6.6.6.6")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = send_from(&app, "10.0.0.1", wrong("6.6.6.6")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    // Another client through the same proxy signs in.
    let owner = send_from(
        &app,
        "10.0.0.1",
        login_request(
            "admin@chargecars.nl",
            services::seed::DEMO_PASSWORD,
            Some("7.7.7.7"),
        ),
    )
    .await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
    // A client that talks to the server directly cannot pick its address.
    for i in 0..5 {
        let spoof = format!("1.2.3.{i}");
        let req = login_request("planner@chargecars.nl", "geraden", Some(&spoof));
        assert_eq!(
            send_from(&app, "8.8.8.8", req).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let req = login_request("planner@chargecars.nl", "geraden", Some("1.2.3.99"));
    assert_eq!(
        send_from(&app, "8.8.8.8", req).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn reset_and_sign_in_links_are_throttled_per_address_and_ip() {
    let _watchdog = Watchdog::start("reset_and_sign_in_links_are_throttled_per_address_and_ip");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let ask = |path: &'static str, email: &'static str, peer: &'static str| {
        let app = app.clone();
        async move {
            let req = Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(format!("email={}", email.replace('@', "%40"))))
                .unwrap();
            send_from(&app, peer, req).await.status
        }
    };
    // Three links an hour for one address (known or not), reset and
    // sign-in links together; from any address.
    for (path, peer) in [
        ("/api/auth/forgot", "1.1.1.1"),
        ("/api/auth/magic-request", "1.1.1.2"),
        ("/api/auth/forgot", "1.1.1.3"),
    ] {
        assert_eq!(ask(path, "klant@example.nl", peer).await, StatusCode::OK);
    }
    assert_eq!(
        ask("/api/auth/forgot", "klant@example.nl", "1.1.1.4").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mails = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Recipient.eq("klant@example.nl"))
        .count(&tdb.db)
        .await
        .unwrap();
    assert_eq!(mails, 3, "the throttled request mailed nothing");
    // Twenty an hour from one IP address, whatever the addresses.
    let strangers = [
        "a@x.nl", "b@x.nl", "c@x.nl", "d@x.nl", "e@x.nl", "f@x.nl", "g@x.nl", "h@x.nl", "i@x.nl",
        "j@x.nl", "k@x.nl", "l@x.nl", "m@x.nl", "n@x.nl", "o@x.nl", "p@x.nl", "q@x.nl", "r@x.nl",
        "s@x.nl", "t@x.nl",
    ];
    for email in strangers {
        assert_eq!(
            ask("/api/auth/forgot", email, "9.9.9.9").await,
            StatusCode::OK
        );
    }
    assert_eq!(
        ask("/api/auth/magic-request", "u@x.nl", "9.9.9.9").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        ask("/api/auth/magic-request", "u@x.nl", "9.9.9.8").await,
        StatusCode::OK
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_svg_logo_is_stored_as_a_drawing_without_anything_active() {
    let _watchdog = Watchdog::start("an_svg_logo_is_stored_as_a_drawing_without_anything_active");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let admin = sign_in(&app, "admin@chargecars.nl").await;
    let upload = |svg: &str| {
        serde_json::json!({
            "entity_id": 1,
            "data_url": format!("data:image/svg+xml;base64,{}", data_encoding::BASE64.encode(svg.as_bytes())),
        })
    };
    // The probe from the report: refused, not stored.
    let r = call_json(
        &app,
        "/api/admin/entities/logo",
        upload("<svg/onload=alert(1)>"),
        Some(&admin),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("logo_type"), "{}", r.body);
    // A real logo with active parts: the drawing stays, the rest is gone.
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="alert(1)"><script>alert(2)</script><rect width="40" height="20" fill="#0f766e" onmouseover="alert(3)"/></svg>"##;
    let r = call_json(&app, "/api/admin/entities/logo", upload(svg), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let served = get(&app, "/api/brands/chargecars/logo").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(served.body.contains("#0f766e"), "{}", served.body);
    for gone in ["alert", "script", "onload", "onmouseover"] {
        assert!(!served.body.contains(gone), "{gone}: {}", served.body);
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn live_streams_end_with_their_session_and_are_capped_per_session() {
    let _watchdog =
        Watchdog::start("live_streams_end_with_their_session_and_are_capped_per_session");
    let tdb = testing::sqlite().await;
    let streams = server::events::Streams::new(2, std::time::Duration::from_millis(100));
    let app = server::router(server::AppState {
        streams: streams.clone(),
        ..setup_state(&tdb).await
    });
    let planner = sign_in(&app, "planner@chargecars.nl").await;
    let (s1, orders) = open_stream(&app, "/api/events/orders", &planner).await;
    let day = format!("/api/events/planning?date={}", testing::TODAY);
    let (s2, planning) = open_stream(&app, &day, &planner).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    // A third stream for the same session is refused; another session may.
    let (s3, _) = open_stream(&app, "/api/events/orders", &planner).await;
    assert_eq!(s3, StatusCode::TOO_MANY_REQUESTS);
    let ops = sign_in(&app, "ops@chargecars.nl").await;
    let (s4, other) = open_stream(&app, "/api/events/orders", &ops).await;
    assert_eq!(s4, StatusCode::OK);
    assert_eq!(streams.open_count(), 3);

    // Signing out ends both of the planner's streams, soon; the other
    // session's stays open.
    let out = call(&app, "/api/auth/logout", "", Some(&planner), &[]).await;
    assert!(out.status.is_success() || out.status.is_redirection());
    for body in [orders, planning] {
        let ended = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            axum::body::to_bytes(body, 1 << 20),
        )
        .await;
        assert!(ended.is_ok(), "the stream ended after sign-out");
    }
    assert_eq!(streams.open_count(), 1, "their places are free again");
    let still = tokio::time::timeout(
        std::time::Duration::from_millis(400),
        axum::body::to_bytes(other, 1 << 20),
    )
    .await;
    assert!(still.is_err(), "the other session's stream goes on");
    tdb.cleanup().await;
}
