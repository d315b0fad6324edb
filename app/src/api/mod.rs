//! Server functions, grouped by domain. Each is a thin shim over a service
//! in `services` (which has its own tests) and checks who is calling.

pub mod admin;
pub mod appointments;
pub mod auth;
pub mod brands;
pub mod consent;
pub mod customer;
pub mod field;
pub mod intake;
pub mod messages;
pub mod mfa;
pub mod orders;
pub mod partner_api;
pub mod pipeline;
pub mod planning;
pub mod service;
pub mod surveys;
pub mod templates;
pub mod timings;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    //! What every server function needs: the database, the caller, and a
    //! way to turn a service error into an HTTP status and a safe message.
    pub use crate::error::AppError;
    use entity::dto::CurrentUser;
    use leptos::prelude::*;
    pub use services::ServiceError;

    pub fn db() -> Result<sea_orm::DatabaseConnection, AppError> {
        use_context::<sea_orm::DatabaseConnection>()
            .ok_or_else(|| fail(ServiceError::Internal("no database in context".into())))
    }

    /// The order event bus (server push to open boards).
    pub fn bus() -> Option<services::events::Bus> {
        use_context::<services::events::Bus>()
    }

    fn parts() -> Option<http::request::Parts> {
        use_context::<http::request::Parts>()
    }

    /// Who is calling, as resolved by the server's session layer.
    pub fn caller() -> Option<CurrentUser> {
        parts()?
            .extensions
            .get::<services::auth::Caller>()?
            .0
            .clone()
    }

    pub fn client_ip() -> String {
        parts()
            .and_then(|p| {
                p.extensions
                    .get::<services::auth::ClientIp>()
                    .map(|ip| ip.0.clone())
            })
            .unwrap_or_else(|| "unknown".to_owned())
    }

    pub fn header(name: http::HeaderName) -> Option<String> {
        parts()?.headers.get(name)?.to_str().ok().map(str::to_owned)
    }

    /// The caller's session token from the `cc_session` cookie, if any.
    pub fn session_token() -> Option<String> {
        header(http::header::COOKIE)
            .as_deref()
            .and_then(|h| services::auth::cookie_value(h, services::auth::SESSION_COOKIE))
            .map(str::to_owned)
    }

    /// Behind a TLS-terminating proxy the cookie must be `Secure`.
    pub fn behind_tls() -> bool {
        header(http::HeaderName::from_static("x-forwarded-proto"))
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }

    /// Where links in e-mails point: the configured `PUBLIC_URL`, never the
    /// request's Host header (which a caller chooses).
    pub fn public_url() -> String {
        services::runtime::public_url().to_owned()
    }

    /// Adds a `Set-Cookie` header to the response.
    pub fn set_cookie(value: String) {
        if let (Some(r), Ok(v)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&value),
        ) {
            r.append_header(http::header::SET_COOKIE, v);
        }
    }

    pub fn set_status(status: http::StatusCode) {
        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(status);
        }
    }

    /// Turns a service error into the `AppError` the caller gets, and
    /// sets the response's status from `AppError::status`.
    pub fn fail(e: impl Into<AppError>) -> AppError {
        let e = e.into();
        set_status(e.status());
        if let (Some(secs), Some(r)) = (
            e.retry_after_secs(),
            use_context::<leptos_axum::ResponseOptions>(),
        ) {
            r.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
        e
    }
}
