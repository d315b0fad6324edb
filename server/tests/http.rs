//! Drives the production router over HTTP semantics (tower `oneshot`), on
//! SQLite and, when reachable, PostgreSQL.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use services::testing;

#[tokio::test]
async fn probes_report_process_and_database_health() {
    let _watchdog = Watchdog::start("probes_report_process_and_database_health");
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let health = get(&app, "/healthz").await;
        assert_eq!(health.status, StatusCode::OK, "{}", tdb.backend);
        assert_eq!(health.body, r#"{"status":"ok"}"#);
        let ready = get(&app, "/readyz").await;
        assert_eq!(ready.status, StatusCode::OK, "{}", tdb.backend);
        assert!(ready.body.contains(r#""database":"ok""#), "{}", ready.body);

        // Once the database is gone, the process is still healthy but not ready.
        tdb.db.clone().close().await.unwrap();
        assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
        let ready = get(&app, "/readyz").await;
        assert_eq!(
            ready.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            tdb.backend
        );
        assert!(ready.body.contains("unreachable"), "{}", ready.body);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn home_page_is_server_rendered_in_dutch_with_brands_from_the_database() {
    let _watchdog =
        Watchdog::start("home_page_is_server_rendered_in_dutch_with_brands_from_the_database");
    for tdb in testing::databases().await {
        let app = setup(&tdb).await;
        let home = get(&app, "/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", tdb.backend);
        assert!(
            home.body.contains("<html lang=\"nl\""),
            "lang: {}",
            &home.body[..300.min(home.body.len())]
        );
        assert!(home
            .body
            .contains("Eén platform voor leads, offertes, planning en installatie"));
        for (code, brand) in [
            ("chargecars", "ChargeCars"),
            ("laderthuis", "LaderThuis"),
            ("meterkastthuis", "MeterKastThuis"),
            ("zaptecshop", "ZaptecShop"),
            ("ratioshop", "RatioShop"),
        ] {
            // One card per brand, themed by its code, with its name.
            let card = home
                .body
                .split(&format!("data-entity=\"{code}\""))
                .nth(1)
                .unwrap_or_else(|| panic!("{brand} card missing on {}", tdb.backend));
            let title = card.split("</h3>").next().unwrap_or_default();
            assert!(
                title.contains(brand),
                "{brand} missing on {}: {title}",
                tdb.backend
            );
        }
        assert!(home.body.contains("support@meterkastthuis.nl"));
        assert!(
            home.body.contains("/pkg/chargecars.js"),
            "hydration script missing"
        );
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn the_language_cookie_selects_english_and_accept_language_does_not() {
    let _watchdog =
        Watchdog::start("the_language_cookie_selects_english_and_accept_language_does_not");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let admin = sign_in(&app, "admin@chargecars.nl").await;
    let en = send(
        &app,
        Request::get("/partner")
            .header(header::COOKIE, format!("cc_lang=en; {admin}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(en.body.contains("<html lang=\"en\""));
    assert!(en.body.contains("Portal navigation"));
    assert!(en.body.contains("Quotes"));

    let browser_en = send(
        &app,
        Request::get("/partner")
            .header(header::COOKIE, admin.as_str())
            .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        browser_en.body.contains("<html lang=\"nl\""),
        "Dutch stays the default"
    );
    assert!(browser_en.body.contains("Offertes"));
    tdb.cleanup().await;
}

#[tokio::test]
async fn every_portal_renders_its_own_navigation() {
    let _watchdog = Watchdog::start("every_portal_renders_its_own_navigation");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let admin = sign_in(&app, "admin@chargecars.nl").await;
    for (path, item) in [
        ("/ops", "Routeplanning"),
        ("/partner", "API-sleutels en webhooks"),
        ("/klant", "Service en garantie"),
        ("/monteur", "Checklists"),
        ("/admin", "Workflows"),
    ] {
        let page = page(&app, path, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(item), "{path} lacks {item}");
        assert!(
            page.body
                .contains(&format!("href=\"{path}\" aria-current=\"page\"")),
            "{path} tab not marked current"
        );
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn unknown_urls_get_the_styled_404_page() {
    let _watchdog = Watchdog::start("unknown_urls_get_the_styled_404_page");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    for path in ["/dit-bestaat-niet", "/ops/onbekend", "/pkg/missing.js"] {
        let page = get(&app, path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        if !path.starts_with("/pkg") {
            assert!(page.body.contains("Pagina niet gevonden"), "{path}");
            assert!(page.body.contains("class=\"error-page\""));
        }
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn stylesheet_is_served_with_an_etag_and_revalidates() {
    let _watchdog = Watchdog::start("stylesheet_is_served_with_an_etag_and_revalidates");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let css = get(&app, "/style/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    // Design tokens, components and generated utilities are all there.
    for needle in [
        "--brand:",
        ".btn-primary",
        ".badge-warn",
        ".grid {",
        "lg\\:grid-cols-3",
    ] {
        assert!(css.body.contains(needle), "stylesheet lacks {needle}");
    }
    // Each entity's theme comes from its brand colour in the database.
    let themes = get(&app, "/style/brands.css").await;
    assert_eq!(
        themes.headers[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    assert!(
        themes
            .body
            .contains("[data-entity=\"laderthuis\"]{--brand:#15803d;"),
        "{}",
        themes.body
    );
    let etag = css.headers[header::ETAG].to_str().unwrap().to_owned();
    let again = send(
        &app,
        Request::get("/style/app.css")
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    tdb.cleanup().await;
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let _watchdog = Watchdog::start("every_response_carries_a_request_id");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let generated = get(&app, "/healthz").await;
    let id = generated.headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "uuid expected, got {id}");
    let given = send(
        &app,
        Request::get("/healthz")
            .header("x-request-id", "abc-123")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(given.headers["x-request-id"], "abc-123");
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_brands_server_fn_answers_json() {
    let _watchdog = Watchdog::start("the_brands_server_fn_answers_json");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let res = send(
        &app,
        Request::post("/api/brands")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let brands: Vec<serde_json::Value> = serde_json::from_str(&res.body).unwrap();
    assert_eq!(brands.len(), 5);
    assert_eq!(brands[3]["order_prefix"], "ZS");
    // The DTO carries only public fields.
    assert!(brands[0].get("admin_email").is_none());
    tdb.cleanup().await;
}

#[test]
fn the_panic_page_is_a_styled_500() {
    let res = server::telemetry::panic_response(Box::new("boom".to_owned()));
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(server::telemetry::PANIC_PAGE.contains("/style/app.css"));
    assert!(server::telemetry::PANIC_PAGE.contains("Er ging iets mis"));
}
