//! Requests from outside parties, not from our pages.
//!
//! `POST /api/webhooks/sms` and `/api/webhooks/whatsapp`: delivery statuses
//! and inbound messages from the providers; `POST /api/webhooks/email`: an
//! e-mail reply as the raw message (`message/rfc822`), from the mail
//! provider's inbound route. Each signed with its own secret
//! (`services::inbound`). A refused request learns only its status:
//! 401 for a bad or missing signature (and when no secret is configured),
//! 400 for a payload that cannot be read; a good one gets 200 and what it
//! changed, so that a provider's retry of the same report is harmless.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use entity::domain::messaging::Channel;
use services::inbound::{self, Refused};

/// The secrets the providers sign their webhooks with.
#[derive(Clone, Debug, Default)]
pub struct WebhookSecrets {
    pub sms: Option<String>,
    pub whatsapp: Option<String>,
    /// Inbound e-mail: the mail provider's route posts each reply raw.
    pub email: Option<String>,
}

pub async fn receive(
    State(state): State<crate::AppState>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (channel, secret) = match channel.as_str() {
        "sms" => (Channel::Sms, state.webhooks.sms.as_deref()),
        "whatsapp" => (Channel::WhatsApp, state.webhooks.whatsapp.as_deref()),
        "email" => (Channel::Email, state.webhooks.email.as_deref()),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let now = chrono::Utc::now();
    let signature = headers.get("x-signature").and_then(|v| v.to_str().ok());
    let reports = inbound::verify(secret, signature, &body, now)
        .and_then(|()| inbound::parse(channel, &body, now));
    let reports = match reports {
        Ok(r) => r,
        Err(Refused::BadPayload) => return StatusCode::BAD_REQUEST.into_response(),
        Err(why) => {
            tracing::warn!(channel = channel.as_str(), ?why, "webhook refused");
            return StatusCode::UNAUTHORIZED.into_response();
        }
    };
    match inbound::record(&state.db, channel, &reports).await {
        Ok(done) => Json(serde_json::json!({
            "statuses": done.statuses,
            "messages": done.messages,
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "webhook not recorded");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `POST /api/unsubscribe?token=…`: the one-click unsubscribe of RFC 8058
/// that mail clients post (`List-Unsubscribe=One-Click`) from the mail's
/// `List-Unsubscribe` header. 200 when recorded, 404 for an unknown token.
pub async fn one_click_unsubscribe(
    State(state): State<crate::AppState>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if !String::from_utf8_lossy(&body).contains("List-Unsubscribe=One-Click") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let token = q.get("token").map(String::as_str).unwrap_or_default();
    match services::consent::unsubscribe(&state.db, token, "one_click", chrono::Utc::now()).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(services::ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "unsubscribe not recorded");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
