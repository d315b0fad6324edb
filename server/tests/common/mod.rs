//! Shared by the HTTP-level tests: a seeded router and requests as a
//! browser or a server-function client makes them.
#![allow(dead_code)]

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use leptos::prelude::LeptosOptions;
use server::AppState;
use services::seed::Volumes;
use services::testing::{self, TestDb};
use tower::ServiceExt;

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

/// Aborts the test process if a test runs longer than `HANG_LIMIT`, so a
/// hang fails fast with a message instead of stalling CI.
pub struct Watchdog(std::sync::Arc<std::sync::atomic::AtomicBool>);

pub const HANG_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

impl Watchdog {
    pub fn start(name: &'static str) -> Watchdog {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            while started.elapsed() < HANG_LIMIT {
                if flag.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            eprintln!("test `{name}` hung for {HANG_LIMIT:?}; aborting");
            std::process::abort();
        });
        Watchdog(done)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The production router on a small seeded world.
pub async fn setup(tdb: &TestDb) -> Router {
    services::seed::seed_with(&tdb.db, testing::TODAY, Volumes::small())
        .await
        .expect("seed");
    let options = LeptosOptions::builder()
        .output_name("chargecars")
        .site_root("target/site")
        .build();
    server::router(AppState {
        leptos_options: options,
        db: tdb.db.clone(),
    })
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = to_bytes(res.into_body(), 4 << 20).await.expect("body");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A plain GET without cookies or content negotiation.
pub async fn get(app: &Router, path: &str) -> Reply {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

/// A page load as a browser makes it.
pub async fn page(app: &Router, path: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::get(path).header(header::ACCEPT, "text/html,application/xhtml+xml");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

/// Calls a server function the way the Leptos client does.
pub async fn call(
    app: &Router,
    path: &str,
    form: &str,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
) -> Reply {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    send(app, req.body(Body::from(form.to_owned())).unwrap()).await
}

pub fn login_form(email: &str, password: &str) -> String {
    format!(
        "email={}&password={}&next=",
        email.replace('@', "%40"),
        password.replace('!', "%21")
    )
}

/// The `Set-Cookie` header that carries a session, if any.
pub fn session_cookie(r: &Reply) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("cc_session="))
}

/// Signs in with the demo password; returns the `cc_session=…` pair.
pub async fn sign_in(app: &Router, email: &str) -> String {
    let r = call(
        app,
        "/api/auth/login",
        &login_form(email, services::seed::DEMO_PASSWORD),
        None,
        &[],
    )
    .await;
    let c = session_cookie(&r)
        .unwrap_or_else(|| panic!("no session for {email}: {} {}", r.status, r.body));
    c.split(';').next().unwrap().to_owned()
}
