//! The partner REST API, `/api/v1` (issue 20): a key in `Authorization:
//! Bearer …` instead of a session, JSON answers, and one error shape for
//! every failure (RFC 9457 `application/problem+json`) with the same codes
//! the portal uses. Handlers are shims over `services::partner_api`.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use sea_orm::DatabaseConnection;
use services::auth::ClientIp;
use services::ServiceError;

/// An RFC 9457 problem: `code` is machine-readable, `title` for people.
pub fn problem(status: StatusCode, code: &str, title: &str) -> Response {
    let body = serde_json::json!({
        "type": format!("https://docs.chargecars.nl/api/problems/{code}"),
        "title": title,
        "status": status.as_u16(),
        "code": code,
    });
    let mut res = (status, body.to_string()).into_response();
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

fn failure(e: ServiceError) -> Response {
    match e {
        ServiceError::Unauthenticated => problem(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "A valid API key is needed (Authorization: Bearer cc_live_…).",
        ),
        ServiceError::Forbidden => problem(
            StatusCode::FORBIDDEN,
            "forbidden",
            "This API key does not have the scope this call needs.",
        ),
        ServiceError::NotFound => problem(StatusCode::NOT_FOUND, "not_found", "Not found."),
        ServiceError::Invalid(fields) => {
            problem(StatusCode::BAD_REQUEST, &fields, "Invalid input.")
        }
        ServiceError::Conflict(code) => problem(StatusCode::CONFLICT, &code, "Conflict."),
        other => {
            tracing::error!(error = %other, "partner API");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side.",
            )
        }
    }
}

/// The key's partner, if the key is good for `scope`.
async fn caller(
    db: &DatabaseConnection,
    headers: &HeaderMap,
    ip: Option<&ClientIp>,
    scope: &str,
) -> Result<services::api_keys::ApiCaller, ServiceError> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ServiceError::Unauthenticated)?;
    services::api_keys::authenticate(db, key, scope, ip.map(|i| i.0.as_str()), chrono::Utc::now())
        .await
}

/// `GET /api/v1/orders/{number}`: one of the partner's orders with its
/// status history. Scope `orders:read`.
pub async fn order(
    State(db): State<DatabaseConnection>,
    ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    let result = async {
        let who = caller(&db, &headers, ip.as_ref().map(|e| &e.0), "orders:read").await?;
        services::partner_api::order(&db, &who, &number).await
    }
    .await;
    match result {
        Ok(o) => Json(o).into_response(),
        Err(e) => failure(e),
    }
}
