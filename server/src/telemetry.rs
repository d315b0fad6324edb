//! Structured logs: one span per request with method, path and a request id
//! (taken from `x-request-id` or generated), and a line per response with
//! status and latency. `LOG_FORMAT=json` switches to JSON lines.

use axum::body::Body;
use axum::http::{header, HeaderName, Request, Response, StatusCode};
use std::any::Any;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use tracing_subscriber::{fmt, EnvFilter};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn,sea_orm=warn"));
    let builder = fmt().with_env_filter(filter).with_target(true);
    // `try_init` so that tests which build several apps don't panic.
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

/// One span per request, carrying the request id set by `SetRequestIdLayer`.
pub fn make_span(req: &Request<Body>) -> tracing::Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
}

/// Adds request ids, request spans and response log lines to `router`.
pub fn with_request_logging<S: Clone + Send + Sync + 'static>(
    router: axum::Router<S>,
) -> axum::Router<S> {
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(make_span)
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// The page shown when a handler panics: styled like the app, in both
/// languages (the panic handler does not know the visitor's choice).
pub const PANIC_PAGE: &str = r#"<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>500 — Er ging iets mis</title><link rel="stylesheet" href="/style/app.css"></head><body><main id="main" class="error-page"><p class="error-code">500</p><h1>Er ging iets mis</h1><p>Er is een onverwachte fout opgetreden. Wij zijn op de hoogte gebracht. Probeer het over een ogenblik opnieuw.</p><p lang="en" class="text-muted">Something went wrong on our side. Please try again in a moment.</p><p><a class="btn btn-primary" href="/">Naar de startpagina</a></p></main></body></html>"#;

pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "handler panicked");
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(PANIC_PAGE))
        .unwrap()
}
