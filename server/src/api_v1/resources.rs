//! The `/api/v1` handlers: each reads its input, calls one function of
//! `services::partner_api` and answers JSON or a problem. Their
//! `#[utoipa::path]` is the OpenAPI document of the route.
// The input helpers fail with the finished answer, which the handler
// returns at once; boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use super::{failure, Problem, Problems};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use entity::dto::{
    ApiApproveDto, ApiEventPageDto, ApiInvoiceDto, ApiInvoicePageDto, ApiNewLeadDto, ApiOrderDto,
    ApiOrderPageDto, ApiQuoteDto, ApiRevisionDto, ApiSandboxAdvanceDto, ApiVisitDto,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use services::api_keys::ApiCaller;
use services::partner_api::{self, OrderFilter};
use utoipa::IntoParams;

fn bad_request(code: &str, detail: impl Into<String>) -> Response {
    Problem::new(StatusCode::BAD_REQUEST, code, "The request is malformed.")
        .detail(detail)
        .into_response()
}

fn path_of(p: Result<Path<String>, PathRejection>) -> Result<String, Response> {
    p.map(|Path(v)| v)
        .map_err(|e| bad_request("invalid_path", e.body_text()))
}

fn body_of<T: DeserializeOwned>(body: &Bytes) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| bad_request("invalid_body", e.to_string()))
}

/// The request's `Idempotency-Key` with the hash of what it asks, if it
/// has one; 400 when the header is not a usable key.
fn idempotency(
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
    body: &Bytes,
) -> Result<Option<(String, String)>, Response> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match v.to_str() {
        Ok(k) if services::idempotency::valid_key(k) => Ok(Some((
            k.to_owned(),
            services::idempotency::request_hash(method.as_str(), uri.path(), body),
        ))),
        _ => Err(bad_request(
            "idempotency_key",
            "Idempotency-Key must be 1–255 visible ASCII characters.",
        )),
    }
}

/// A POST's answer: the status and JSON the service made (or kept, for a
/// repeated Idempotency-Key), or its refusal as a problem.
fn json_answer(r: Result<(u16, String), services::ServiceError>) -> Response {
    match r {
        Ok((status, body)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(e) => failure(e),
    }
}

fn answer<T: serde::Serialize>(r: Result<T, services::ServiceError>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => failure(e),
    }
}

macro_rules! try_or {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(r) => return r,
        }
    };
}

/// Filters and paging of the order list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    /// 000's status code, e.g. `quote_sent`.
    status: Option<String>,
    /// A business entity's code, e.g. `chargecars`.
    entity: Option<String>,
    /// Orders created at or after this time (RFC 3339).
    created_from: Option<chrono::DateTime<chrono::Utc>>,
    /// Orders created before this time (RFC 3339).
    created_before: Option<chrono::DateTime<chrono::Utc>>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$", max_length = 64)]
    cursor: Option<String>,
}

/// Paging of the invoice list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$", max_length = 64)]
    cursor: Option<String>,
}

/// Paging of the event list, and the type to narrow it to.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// One event type, e.g. `order.status_changed`.
    #[serde(rename = "type")]
    kind: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$", max_length = 64)]
    cursor: Option<String>,
}

/// What happened to your orders, newest first: the same events your
/// webhooks get, to catch up after downtime.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    params(EventQuery),
    responses((status = 200, description = "A page of events", body = ApiEventPageDto), Problems),
    security(("api_key" = ["orders:read"]))
)]
pub async fn list_events(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    q: Result<Query<EventQuery>, QueryRejection>,
) -> Response {
    let Query(q) = try_or!(q.map_err(|e| bad_request("invalid_query", e.body_text())));
    answer(
        partner_api::events(
            &state.db,
            &caller,
            q.kind.as_deref(),
            q.limit,
            q.cursor.as_deref(),
        )
        .await,
    )
}

/// Your orders, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    tag = "orders",
    params(OrderQuery),
    responses((status = 200, description = "A page of orders", body = ApiOrderPageDto), Problems),
    security(("api_key" = ["orders:read"]))
)]
pub async fn list_orders(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    q: Result<Query<OrderQuery>, QueryRejection>,
) -> Response {
    let Query(q) = try_or!(q.map_err(|e| bad_request("invalid_query", e.body_text())));
    let filter = OrderFilter {
        status: q.status,
        entity: q.entity,
        created_from: q.created_from,
        created_before: q.created_before,
        limit: q.limit,
        cursor: q.cursor,
    };
    answer(partner_api::orders(&state.db, &caller, &filter).await)
}

/// One of your orders, with its status history.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{number}",
    tag = "orders",
    params(("number" = String, Path, description = "The order number", example = "CC-2026-00042")),
    responses((status = 200, description = "The order", body = ApiOrderDto), Problems),
    security(("api_key" = ["orders:read"]))
)]
pub async fn get_order(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    number: Result<Path<String>, PathRejection>,
) -> Response {
    let number = try_or!(path_of(number));
    answer(partner_api::order(&state.db, &caller, &number).await)
}

/// The visits of one of your orders (survey, installation), with their
/// date and the customer's slot once planned.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{number}/visits",
    tag = "orders",
    params(("number" = String, Path, description = "The order number")),
    responses((status = 200, description = "The visits", body = Vec<ApiVisitDto>), Problems),
    security(("api_key" = ["orders:read"]))
)]
pub async fn order_visits(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    number: Result<Path<String>, PathRejection>,
) -> Response {
    let number = try_or!(path_of(number));
    answer(partner_api::visits(&state.db, &caller, &number).await)
}

/// Submits a lead: an order in its first status, checked as the portal's
/// lead form checks it (422 names each wrong field).
#[utoipa::path(
    post,
    path = "/api/v1/leads",
    tag = "leads",
    request_body = ApiNewLeadDto,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body answer as the first call did (24 h).", pattern = "^[!-~]{1,255}$")),
    responses((status = 201, description = "The new order", body = ApiOrderDto), Problems),
    security(("api_key" = ["leads:write"]))
)]
pub async fn create_lead(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let idem = try_or!(idempotency(&headers, &method, &uri, &body));
    let lead: ApiNewLeadDto = try_or!(body_of(&body));
    let r = partner_api::create_lead(
        &state.db,
        Some(&state.bus),
        &caller,
        idem.as_ref().map(|(k, h)| (k.as_str(), h.as_str())),
        lead,
        chrono::Utc::now(),
    )
    .await;
    json_answer(r)
}

/// The quote on the table for one of your orders, with your lines and
/// whose approval it waits for.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{number}/quote",
    tag = "quotes",
    params(("number" = String, Path, description = "The order number")),
    responses((status = 200, description = "The quote", body = ApiQuoteDto), Problems),
    security(("api_key" = ["quotes:write"]))
)]
pub async fn get_quote(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    number: Result<Path<String>, PathRejection>,
) -> Response {
    let number = try_or!(path_of(number));
    answer(partner_api::quote(&state.db, &caller, &number).await)
}

/// Approves the quote you read (`quote_id`) for your side, after the
/// customer has (409 `waiting_for_customer` before).
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/quote/approve",
    tag = "quotes",
    request_body = ApiApproveDto,
    params(
        ("number" = String, Path, description = "The order number"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe.", pattern = "^[!-~]{1,255}$"),
    ),
    responses((status = 200, description = "The quote after approval", body = ApiQuoteDto), Problems),
    security(("api_key" = ["quotes:write"]))
)]
pub async fn approve_quote(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let number = try_or!(path_of(number));
    let idem = try_or!(idempotency(&headers, &method, &uri, &body));
    let input: ApiApproveDto = try_or!(body_of(&body));
    let r = partner_api::approve(
        &state.db,
        Some(&state.bus),
        &caller,
        idem.as_ref().map(|(k, h)| (k.as_str(), h.as_str())),
        &number,
        input.quote_id,
        chrono::Utc::now(),
    )
    .await;
    json_answer(r)
}

/// Asks for a new version of the quote instead of approving it, while the
/// customer has not decided; ops get the reason.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/quote/revision",
    tag = "quotes",
    request_body = ApiRevisionDto,
    params(
        ("number" = String, Path, description = "The order number"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe.", pattern = "^[!-~]{1,255}$"),
    ),
    responses((status = 200, description = "The quote, marked revision_requested", body = ApiQuoteDto), Problems),
    security(("api_key" = ["quotes:write"]))
)]
pub async fn request_revision(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let number = try_or!(path_of(number));
    let idem = try_or!(idempotency(&headers, &method, &uri, &body));
    let input: ApiRevisionDto = try_or!(body_of(&body));
    let r = partner_api::request_revision(
        &state.db,
        Some(&state.bus),
        &caller,
        idem.as_ref().map(|(k, h)| (k.as_str(), h.as_str())),
        &number,
        input.quote_id,
        &input.reason,
        chrono::Utc::now(),
    )
    .await;
    json_answer(r)
}

/// The invoices of your orders, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/invoices",
    tag = "invoices",
    params(PageQuery),
    responses((status = 200, description = "A page of invoices", body = ApiInvoicePageDto), Problems),
    security(("api_key" = ["invoices:read"]))
)]
pub async fn list_invoices(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    let Query(q) = try_or!(q.map_err(|e| bad_request("invalid_query", e.body_text())));
    answer(partner_api::invoices(&state.db, &caller, q.limit, q.cursor.as_deref()).await)
}

/// One invoice of your orders.
#[utoipa::path(
    get,
    path = "/api/v1/invoices/{number}",
    tag = "invoices",
    params(("number" = String, Path, description = "The invoice number")),
    responses((status = 200, description = "The invoice", body = ApiInvoiceDto), Problems),
    security(("api_key" = ["invoices:read"]))
)]
pub async fn get_invoice(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    number: Result<Path<String>, PathRejection>,
) -> Response {
    let number = try_or!(path_of(number));
    answer(partner_api::invoice(&state.db, &caller, &number).await)
}

/// One invoice of your orders as PDF.
#[utoipa::path(
    get,
    path = "/api/v1/invoices/{number}/pdf",
    tag = "invoices",
    params(("number" = String, Path, description = "The invoice number")),
    responses((status = 200, description = "The invoice as PDF", content_type = "application/pdf", body = Vec<u8>), Problems),
    security(("api_key" = ["invoices:read"]))
)]
pub async fn invoice_pdf(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    number: Result<Path<String>, PathRejection>,
) -> Response {
    let number = try_or!(path_of(number));
    match partner_api::invoice_pdf(&state.db, &caller, &number).await {
        Ok((name, bytes)) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => failure(e),
    }
}

/// Test keys only (the sandbox): moves one of your sandbox orders
/// (`TEST-…`) to its next status, or to `to` when its workflow allows that
/// step, so your integration can meet every status and event before it
/// goes live. A live key gets 404: it never sees sandbox orders.
#[utoipa::path(
    post,
    path = "/api/v1/sandbox/orders/{number}/advance",
    tag = "sandbox",
    request_body(content = ApiSandboxAdvanceDto, description = "Optional: the status to move to."),
    params(
        ("number" = String, Path, description = "The sandbox order's number", example = "TEST-7K2M9QXA"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe.", pattern = "^[!-~]{1,255}$"),
    ),
    responses((status = 200, description = "The sandbox order after the move", body = ApiOrderDto), Problems),
    security(("api_key" = ["leads:write"]))
)]
pub async fn sandbox_advance(
    State(state): State<AppState>,
    Extension(caller): Extension<ApiCaller>,
    number: Result<Path<String>, PathRejection>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let number = try_or!(path_of(number));
    let idem = try_or!(idempotency(&headers, &method, &uri, &body));
    let input: ApiSandboxAdvanceDto = if body.is_empty() {
        ApiSandboxAdvanceDto::default()
    } else {
        try_or!(body_of(&body))
    };
    json_answer(
        services::sandbox::advance(
            &state.db,
            &caller,
            idem.as_ref().map(|(k, h)| (k.as_str(), h.as_str())),
            &number,
            input.to.as_deref(),
            chrono::Utc::now(),
        )
        .await,
    )
}
