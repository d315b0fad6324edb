//! The web edge as an attacker meets it, through the real router: body
//! limits, cross-site requests, body types, security headers, redirects
//! after sign-in and the answers that must not tell what exists.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
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
