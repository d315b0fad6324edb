//! Resolves the session cookie once per request and stores the caller (and
//! the client's IP address) as request extensions. Server functions and
//! pages read them through `app::api::caller()`; every access decision then
//! goes through `services::authz::authorize`.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use sea_orm::DatabaseConnection;
use services::auth::{self, Caller, ClientIp};
use std::net::SocketAddr;

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/style/")
        || path == "/favicon.svg"
        || path == "/healthz"
}

/// What the session layer needs: the database, and the proxies whose
/// `X-Forwarded-For` it believes.
#[derive(Clone)]
pub struct SessionLayer {
    pub db: DatabaseConnection,
    pub proxies: crate::edge::TrustedProxies,
}

pub async fn resolve(
    State(SessionLayer { db, proxies }): State<SessionLayer>,
    mut req: Request,
    next: Next,
) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| proxies.client_ip(c.0.ip(), req.headers()).to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    req.extensions_mut().insert(ClientIp(ip));
    let mut caller = Caller(None);
    if !is_static(req.uri().path()) {
        let token = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|h| auth::cookie_value(h, auth::SESSION_COOKIE).map(str::to_owned));
        if let Some(token) = token {
            req.extensions_mut()
                .insert(auth::SessionKey(auth::token_hash(&token)));
            match auth::resolve_session(&db, &token, chrono::Utc::now()).await {
                Ok(user) => caller = Caller(user),
                Err(e) => tracing::error!(error = %e, "session lookup failed"),
            }
        }
    }
    req.extensions_mut().insert(caller);
    next.run(req).await
}
