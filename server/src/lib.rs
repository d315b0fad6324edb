//! The axum application: Leptos pages and server functions, health probes,
//! the compiled stylesheet, request logging and panic recovery.

pub mod api_v1;
pub mod bench;
pub mod clock;
pub mod config;
pub mod documents;
pub mod edge;
pub mod events;
pub mod health;
pub mod session;
pub mod telemetry;
pub mod webhooks;

use axum::{extract::FromRef, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::DatabaseConnection;
use tower_http::{catch_panic::CatchPanicLayer, compression::CompressionLayer};

/// Everything a handler may need. Server functions receive the database
/// through Leptos context (see `provide_server_context`).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    /// Order changes, pushed to open boards.
    pub bus: services::events::Bus,
    /// Size and time limits of requests (`edge`).
    pub limits: edge::Limits,
    /// Whether the public URL is https: answers then carry HSTS.
    pub behind_tls: bool,
    /// Proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: edge::TrustedProxies,
    /// The open live-event streams per session.
    pub streams: events::Streams,
    /// The secrets of the SMS and WhatsApp webhooks.
    pub webhooks: webhooks::WebhookSecrets,
    /// The partner API's rate limit per key (`API_RATE_PER_MINUTE`,
    /// `API_RATE_BURST`).
    pub api_limiter: services::rate_limit::RateLimiter,
}

/// The stylesheet compiled by build.rs.
pub const APP_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/app.css"));

fn css_etag() -> String {
    // FNV-1a: stable, dependency-free, good enough to tell two builds apart.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in APP_CSS.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("\"{h:016x}\"")
}

/// `GET /style/brands.css`: each business entity's theme from its brand
/// colour (`services::brands::stylesheet`), revalidated on every load.
async fn brand_stylesheet(
    axum::extract::State(db): axum::extract::State<sea_orm::DatabaseConnection>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    match services::brands::stylesheet(&db).await {
        Ok(css) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            css,
        )
            .into_response(),
        Err(e) => app::error::AppError::from(e).into_response(),
    }
}

async fn stylesheet(headers: axum::http::HeaderMap) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    static ETAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let etag = ETAG.get_or_init(css_etag).as_str();
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::ETAG, etag),
        ],
        APP_CSS,
    )
        .into_response()
}

/// Builds the router. `main` adds nothing but the listener, so tests drive
/// exactly what production serves.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let db = state.db.clone();
    let bus = state.bus.clone();
    // The API's document, for the partner portal's reference page.
    let api_doc = services::api_docs::OpenApiDocument(std::sync::Arc::new(
        serde_json::to_value(api_v1::routes().1).unwrap_or_default(),
    ));
    let context = move || {
        provide_context(db.clone());
        provide_context(bus.clone());
        provide_context(api_doc.clone());
        edge::note_page_nonce();
    };
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/style/app.css", get(stylesheet))
        .route("/style/brands.css", get(brand_stylesheet))
        .merge(api_v1::router(&state))
        .route("/api/events/orders", get(events::orders))
        .route("/api/events/planning", get(events::planning))
        .route("/api/quotes/{id}/pdf", get(documents::quote_pdf))
        .route("/api/admin/audit.csv", get(documents::audit_csv))
        .route(
            "/api/partner/orders.csv",
            get(documents::partner_orders_csv),
        )
        .route(
            "/api/orders/{number}/afspraak.ics",
            get(documents::appointment_ics),
        )
        .route("/api/service-photos/{id}", get(documents::service_photo))
        .route("/api/field/photos/{id}", get(documents::field_photo))
        .route("/api/invoices/{number}/pdf", get(documents::invoice_pdf))
        .route(
            "/api/commission/{file}",
            get(documents::commission_statement),
        )
        .route(
            "/api/orders/{number}/opleverrapport.pdf",
            get(documents::sign_off_pdf),
        )
        .route(
            "/api/orders/{number}/garantiebewijs.pdf",
            get(documents::warranty_pdf),
        )
        .route("/api/documenten.zip", get(documents::documents_zip))
        .route("/api/mijn-gegevens.json", get(documents::my_data))
        .route("/api/brands/{code}/logo", get(documents::brand_logo))
        .route(
            "/api/webhooks/{channel}",
            axum::routing::post(webhooks::receive),
        )
        .route(
            "/api/unsubscribe",
            axum::routing::post(webhooks::one_click_unsubscribe),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(axum::middleware::from_fn_with_state(
            session::SessionLayer {
                db: state.db.clone(),
                proxies: state.trusted_proxies.clone(),
            },
            session::resolve,
        ))
        // Extractors of the plain routes may read up to the upload limit;
        // the edge has refused anything larger already.
        .layer(axum::extract::DefaultBodyLimit::max(
            state.limits.upload_bytes,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.limits,
            edge::guard,
        ))
        .layer(CatchPanicLayer::custom(telemetry::panic_response));
    let router = if state.behind_tls {
        router.layer(axum::middleware::from_fn(edge::hsts))
    } else {
        router
    };
    telemetry::with_request_logging(router).with_state(state)
}
