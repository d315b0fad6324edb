//! Probes for the orchestrator: `/healthz` says the process serves requests,
//! `/readyz` says the database answers too.

use axum::{extract::State, http::StatusCode, Json};
use sea_orm::DatabaseConnection;
use serde_json::{json, Value};

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(db): State<DatabaseConnection>) -> (StatusCode, Json<Value>) {
    match services::db::ready(&db).await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
