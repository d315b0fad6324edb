//! The partner REST API, `/api/v1` (issue 20): a key in `Authorization:
//! Bearer …` instead of a session, JSON answers, and one error shape for
//! every failure (RFC 9457 `application/problem+json`) with the same codes
//! the portal uses.
//!
//! Every call passes `gate` first: the key (401), the key's rate limit
//! (429 with `Retry-After`; every answer carries `RateLimit-*`), and after
//! the answer a line in the key's usage log. The handlers (`resources`)
//! are shims over `services::partner_api`, which checks the scope (403)
//! and the partner's rules. The OpenAPI 3.1 document is made from the same
//! handlers (utoipa), so it cannot list a route the router lacks or miss
//! one it has; it is served at `/api/v1/openapi.json`.

pub mod resources;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use services::auth::ClientIp;
use services::rate_limit::RateLimiter;
use services::ServiceError;
use std::collections::BTreeMap;
use utoipa::openapi::{self, RefOr};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where problem types are described.
const PROBLEM_BASE: &str = "https://docs.chargecars.nl/api/problems/";

/// A failed call (RFC 9457). `code` is the machine-readable reason, the
/// same the portal shows; `errors` names each wrong field.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(example = "https://docs.chargecars.nl/api/problems/not_found")]
    pub kind: String,
    #[schema(example = "Not found.")]
    pub title: String,
    #[schema(example = 404)]
    pub status: u16,
    #[schema(example = "not_found")]
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One wrong field: `postcode` / `postcode_invalid`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    #[schema(example = "postcode")]
    pub field: String,
    #[schema(example = "postcode_invalid")]
    pub code: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, title: &str) -> Self {
        Problem {
            kind: format!("{PROBLEM_BASE}{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            code: code.to_owned(),
            detail: None,
            errors: Vec::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"chargecars\""),
            );
        }
        res
    }
}

/// A problem answer: `code` is machine-readable, `title` for people.
pub fn problem(status: StatusCode, code: &str, title: &str) -> Response {
    Problem::new(status, code, title).into_response()
}

/// The answer to a service's refusal.
pub fn failure(e: ServiceError) -> Response {
    use StatusCode as S;
    match e {
        ServiceError::Unauthenticated => problem(
            S::UNAUTHORIZED,
            "unauthenticated",
            "A valid API key is needed (Authorization: Bearer cc_live_…).",
        ),
        ServiceError::Forbidden => problem(
            S::FORBIDDEN,
            "forbidden",
            "This API key does not have the scope this call needs.",
        ),
        ServiceError::NotFound => problem(S::NOT_FOUND, "not_found", "Not found."),
        ServiceError::Invalid(field) => Problem {
            errors: vec![FieldProblem {
                field: field.clone(),
                code: "invalid".into(),
            }],
            ..Problem::new(
                S::BAD_REQUEST,
                "invalid_parameter",
                "A parameter is not valid.",
            )
        }
        .detail(format!("`{field}` is not valid."))
        .into_response(),
        ServiceError::Fields(fields) => Problem {
            errors: fields
                .into_iter()
                .map(|(field, code)| FieldProblem { field, code })
                .collect(),
            ..Problem::new(
                S::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Some fields are not valid.",
            )
        }
        .into_response(),
        ServiceError::Conflict(code) if code == "idempotency_key_reused" => problem(
            S::UNPROCESSABLE_ENTITY,
            &code,
            "This Idempotency-Key was used for another request.",
        ),
        ServiceError::Conflict(code) => problem(
            S::CONFLICT,
            &code,
            "The order's state does not allow this now.",
        ),
        ServiceError::Refused(r) => problem(
            S::CONFLICT,
            r.code(),
            "The order's workflow does not allow this now.",
        ),
        ServiceError::Stale => problem(S::CONFLICT, "stale", "A newer version exists."),
        ServiceError::Gone => problem(S::GONE, "gone", "This is no longer open."),
        other => {
            tracing::error!(error = %other, "partner API");
            problem(
                S::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side.",
            )
        }
    }
}

/// The answers every route may give besides its own, for the document.
pub struct Problems;

impl utoipa::IntoResponses for Problems {
    fn responses() -> BTreeMap<String, RefOr<openapi::response::Response>> {
        let problem = || {
            openapi::ContentBuilder::new()
                .schema(Some(openapi::Ref::from_schema_name("Problem")))
                .build()
        };
        [
            ("400", "A parameter or the body is malformed."),
            ("401", "No key, or an unknown, expired or revoked one."),
            ("403", "The key lacks the scope this route needs."),
            ("404", "Not there, or not this partner's (the same answer)."),
            ("409", "The order's state does not allow this now."),
            ("413", "The body is too large."),
            ("415", "The body is not JSON."),
            (
                "422",
                "Fields are not valid, or an Idempotency-Key was reused.",
            ),
            ("429", "Too many calls: see Retry-After."),
        ]
        .into_iter()
        .map(|(status, what)| {
            (
                status.to_owned(),
                openapi::ResponseBuilder::new()
                    .description(what)
                    .content("application/problem+json", problem())
                    .build()
                    .into(),
            )
        })
        .collect()
    }
}

/// What the gate needs: the database and the buckets.
#[derive(Clone)]
pub struct Gate {
    pub db: DatabaseConnection,
    pub limiter: RateLimiter,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
}

/// Key, rate limit and usage log, around every `/api/v1` call (module text).
pub async fn gate(
    State(gate): State<Gate>,
    ip: Option<Extension<ClientIp>>,
    mut req: Request,
    next: Next,
) -> Response {
    let started = std::time::Instant::now();
    let now = chrono::Utc::now();
    let ip = ip.map(|Extension(ClientIp(ip))| ip);
    let Some(key) = bearer(req.headers()) else {
        return failure(ServiceError::Unauthenticated);
    };
    let caller = match services::api_keys::identify(&gate.db, key, ip.as_deref(), now).await {
        Ok(c) => c,
        Err(e) => return failure(e),
    };
    let (method, path) = (req.method().to_string(), req.uri().path().to_owned());
    let d = gate.limiter.check(caller.key_id);
    let mut res = if d.allowed {
        req.extensions_mut().insert(caller.clone());
        next.run(req).await
    } else {
        let mut r = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many calls with this key.",
        )
        .detail(format!("Try again in {} s.", d.retry_after_secs))
        .into_response();
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(d.retry_after_secs));
        r
    };
    let h = res.headers_mut();
    // Which world answered: the sandbox for a test key.
    h.insert(
        "chargecars-mode",
        HeaderValue::from_static(if caller.test { "test" } else { "live" }),
    );
    let policy = gate.limiter.policy();
    h.insert("ratelimit-limit", HeaderValue::from(d.limit));
    h.insert("ratelimit-remaining", HeaderValue::from(d.remaining));
    h.insert("ratelimit-reset", HeaderValue::from(d.reset_secs));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{};w=60;burst={}",
        policy.per_minute, policy.burst
    )) {
        h.insert("ratelimit-policy", v);
    }
    let call = services::api_usage::Call {
        method: &method,
        path: &path,
        status: res.status().as_u16(),
        duration_ms: started.elapsed().as_millis() as u64,
        ip: ip.as_deref(),
    };
    if let Err(e) = services::api_usage::record(&gate.db, &caller, call, now).await {
        tracing::warn!(error = %e, "API usage log");
    }
    res
}

/// The document's frame: title, the key as bearer token, the problem schema.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ChargeCars partner API",
        version = "1.0.0",
        description = "Leads, orders, quotes, visits and invoices of your own customers. \
Authenticate with `Authorization: Bearer cc_live_…` (a key from the partner portal, \
API-sleutels); a test key (`cc_test_…`) works on the sandbox instead. Every failure is `application/problem+json` with a `code`. POSTs take an \
`Idempotency-Key`: a repeat with the same key and body answers as the first did."
    ),
    components(schemas(Problem, FieldProblem)),
    modifiers(&BearerKey),
    tags(
        (name = "leads", description = "New leads (scope leads:write)"),
        (name = "orders", description = "Your orders, their history and visits (scope orders:read)"),
        (name = "quotes", description = "Co-approval of quotes (scope quotes:write)"),
        (name = "invoices", description = "Invoices and their PDFs (scope invoices:read)"),
        (name = "events", description = "What happened to your orders, as webhooks carry it (scope orders:read)"),
        (name = "sandbox", description = "Test keys (cc_test_…) work on sandbox orders (TEST-…) that never reach planning, messages or invoices; every answer to a test key carries ChargeCars-Mode: test"),
    )
)]
struct ApiDoc;

struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, doc: &mut openapi::OpenApi) {
        use openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cc_live_<id>_<secret> or cc_test_<id>_<secret>")
                    .build(),
            ),
        );
    }
}

/// The routes and their document, from the same list of handlers.
pub fn routes() -> (Router<crate::AppState>, openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(resources::list_orders))
        .routes(routes!(resources::get_order))
        .routes(routes!(resources::order_visits))
        .routes(routes!(resources::create_lead))
        .routes(routes!(resources::get_quote))
        .routes(routes!(resources::approve_quote))
        .routes(routes!(resources::request_revision))
        .routes(routes!(resources::list_invoices))
        .routes(routes!(resources::get_invoice))
        .routes(routes!(resources::invoice_pdf))
        .routes(routes!(resources::list_events))
        .routes(routes!(resources::sandbox_advance))
        .split_for_parts()
}

/// The API's part of the router: the gated routes, the public document
/// and problem answers for paths and methods it does not have.
pub fn router(state: &crate::AppState) -> Router<crate::AppState> {
    let (api, doc) = routes();
    let doc = std::sync::Arc::new(doc.to_json().unwrap_or_default());
    let gate = Gate {
        db: state.db.clone(),
        limiter: state.api_limiter.clone(),
    };
    api.route_layer(axum::middleware::from_fn_with_state(gate, self::gate))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, "application/json"),
                            (header::CACHE_CONTROL, "no-cache"),
                        ],
                        doc.as_str().to_owned(),
                    )
                }
            }),
        )
        .route("/api/v1", get(no_route).fallback(no_route))
        .route("/api/v1/{*rest}", get(no_route).fallback(no_route))
        .method_not_allowed_fallback(not_allowed)
}

async fn no_route() -> Response {
    problem(StatusCode::NOT_FOUND, "not_found", "No such API route.")
}

async fn not_allowed() -> Response {
    problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This route does not take this method.",
    )
}
