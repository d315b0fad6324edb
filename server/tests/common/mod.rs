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
///
/// It also makes the HTTP tests of one binary take turns: a full run once
/// hung in a page render while they ran in parallel (not reproduced since).
/// Only these tests are serialised; every other test, here and in the other
/// crates, runs in parallel.
pub struct Watchdog(
    std::sync::Arc<std::sync::atomic::AtomicBool>,
    #[allow(dead_code)] std::sync::MutexGuard<'static, ()>,
);

/// Held by the running HTTP test of this binary.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub const HANG_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

impl Watchdog {
    pub fn start(name: &'static str) -> Watchdog {
        // A test that failed while holding the lock poisons it; the next one
        // may still run.
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
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
        Watchdog(done, turn)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The production router on a small seeded world.
/// The secret the test router's SMS and WhatsApp webhooks check.
pub const WEBHOOK_SECRET: &str = "webhook-test-secret";

pub async fn setup(tdb: &TestDb) -> Router {
    server::router(setup_state(tdb).await)
}

/// As `setup`, behind the given reverse proxies (`TRUSTED_PROXIES`).
pub async fn setup_behind(tdb: &TestDb, trusted_proxies: server::edge::TrustedProxies) -> Router {
    server::router(AppState {
        trusted_proxies,
        ..setup_state(tdb).await
    })
}

/// What `setup` builds its router from (seeds the database), for tests
/// that change a setting first.
pub async fn setup_state(tdb: &TestDb) -> AppState {
    services::seed::seed_with(&tdb.db, testing::TODAY, Volumes::small())
        .await
        .expect("seed");
    let options = LeptosOptions::builder()
        .output_name("chargecars")
        .site_root("target/site")
        .build();
    AppState {
        leptos_options: options,
        db: tdb.db.clone(),
        bus: services::events::Bus::default(),
        limits: server::edge::Limits::default(),
        behind_tls: false,
        trusted_proxies: server::edge::TrustedProxies::default(),
        streams: server::events::Streams::default(),
        webhooks: server::webhooks::WebhookSecrets {
            sms: Some(WEBHOOK_SECRET.to_owned()),
            whatsapp: Some(WEBHOOK_SECRET.to_owned()),
            email: Some(WEBHOOK_SECRET.to_owned()),
        },
        api_limiter: services::rate_limit::RateLimiter::new(Default::default()),
    }
}

/// Opens a request whose answer streams (server-sent events): the status,
/// and the body to read from while the test goes on.
pub async fn open_stream(app: &Router, path: &str, cookie: &str) -> (StatusCode, Body) {
    let req = Request::get(path)
        .header(header::ACCEPT, "text/event-stream")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.expect("response");
    (res.status(), res.into_body())
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

/// Sends `req` as if it came over a connection from `peer`.
pub async fn send_from(app: &Router, peer: &str, mut req: Request<Body>) -> Reply {
    let addr: std::net::SocketAddr = format!("{peer}:40000").parse().expect("peer address");
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    send(app, req).await
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

/// Calls a server function that takes JSON (the pipeline's).
pub async fn call_json(
    app: &Router,
    path: &str,
    body: serde_json::Value,
    cookie: Option<&str>,
) -> Reply {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body.to_string())).unwrap()).await
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

/// Signs in with the demo password, and for staff with the second factor
/// (enrolling first where needed); returns the `cc_session=…` pair.
pub async fn sign_in(app: &Router, email: &str) -> String {
    let cookie = sign_in_password_only(app, email).await;
    let me = call(app, "/api/auth/me", "", Some(&cookie), &[]).await;
    let me: serde_json::Value = serde_json::from_str(&me.body).unwrap();
    let passed = match me["pending_mfa"].as_str() {
        None => return cookie,
        Some("Verify") => {
            let code = next_code(email, services::seed::DEMO_TOTP_SECRET).await;
            let r = call(
                app,
                "/api/auth/mfa-verify",
                &format!("code={code}"),
                Some(&cookie),
                &[],
            )
            .await;
            assert!(
                r.status.is_success(),
                "{email} mfa: {} {}",
                r.status,
                r.body
            );
            r
        }
        Some("Enrol") => {
            let setup = call(app, "/api/auth/mfa-setup", "", Some(&cookie), &[]).await;
            let setup: serde_json::Value = serde_json::from_str(&setup.body).unwrap();
            let secret = setup["secret_grouped"].as_str().unwrap().replace(' ', "");
            let code = next_code(email, &secret).await;
            let r = call(
                app,
                "/api/auth/mfa-enrol",
                &format!("code={code}"),
                Some(&cookie),
                &[],
            )
            .await;
            assert!(
                r.status.is_success(),
                "{email} enrol: {} {}",
                r.status,
                r.body
            );
            r
        }
        Some(other) => panic!("unexpected step {other}"),
    };
    // Passing the second factor gives the session a new token.
    let rotated = session_cookie(&passed).expect("a new session token after the second factor");
    rotated.split(';').next().unwrap().to_owned()
}

/// Only the password step; staff are left half signed in.
pub async fn sign_in_password_only(app: &Router, email: &str) -> String {
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

/// An authenticator code that this process has not used yet for `email`:
/// the server accepts one step either side of now, each step once, so
/// repeated sign-ins take the next step and wait only when all are spent.
pub async fn next_code(email: &str, secret: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    // The server refuses a code whose time step a user already used, and
    // keeps that step in the user's row. Every test has its own database,
    // so a step is only "used" within the test that used it: the memory is
    // per test thread (a `#[tokio::test]` runs on its own thread). Shared by
    // the whole binary, it made each test wait for fresh 30 s steps that
    // other tests had taken, and the access tests took 2 minutes instead
    // of 10 s.
    thread_local! {
        static LAST: RefCell<HashMap<String, i64>> = RefCell::new(HashMap::new());
    }
    loop {
        let step_now = services::mfa::step_at(chrono::Utc::now());
        let wanted = LAST.with_borrow_mut(|last| {
            let step = last
                .get(email)
                .map_or(step_now - 1, |l| (l + 1).max(step_now - 1));
            (step <= step_now + 1).then(|| {
                last.insert(email.to_owned(), step);
                step
            })
        });
        match wanted {
            Some(step) => {
                let key = services::mfa::decode_secret(secret).unwrap();
                return services::mfa::hotp(&key, step as u64);
            }
            None => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
        }
    }
}
