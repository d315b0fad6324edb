//! SMS and WhatsApp providers behind one trait, over HTTP (`reqwest`):
//! a MessageBird-shaped SMS API and the WhatsApp Cloud API. Tests point
//! them at local fake servers; production at the real ones (README).
//!
//! How an answer is read, so that a message reaches a provider at most
//! once: no connection means nothing was sent (retry later); a refusal
//! (4xx) is final; 429 and 502–504 mean "not taken, try later"; anything
//! else after the request left (a timeout, another 5xx, an unreadable
//! answer) may or may not have been sent, so the message is `uncertain`.

use super::SendError;
use entity::domain::messaging::Channel;
use serde_json::{json, Value};
use std::time::Duration;

/// One text message as a provider gets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextMessage {
    /// The sender: an SMS originator (the brand, at most 11 characters).
    pub from: String,
    /// E.164 (`+31612345678`).
    pub to: String,
    pub body: String,
    /// The outbox's idempotency key (MessageBird's `reference`).
    pub reference: String,
    /// WhatsApp outside a customer's 24-hour session: the approved template
    /// (named after the message kind) that carries the text.
    pub template: Option<WhatsAppTemplate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatsAppTemplate {
    pub name: String,
    pub language: String,
}

/// A provider of text messages on one channel.
pub trait TextProvider: Send + Sync {
    fn channel(&self) -> Channel;
    /// Hands the message over; returns the provider's id for it (the key of
    /// its delivery-status webhooks).
    fn send(
        &self,
        message: &TextMessage,
    ) -> impl std::future::Future<Output = Result<String, SendError>> + Send;
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .build()
        .expect("an HTTP client")
}

/// Posts `body` and reads the provider's id from the answer with `id_of`.
async fn post(
    request: reqwest::RequestBuilder,
    body: &Value,
    id_of: fn(&Value) -> Option<String>,
) -> Result<String, SendError> {
    let response = match request.json(body).send().await {
        Ok(r) => r,
        Err(e) if e.is_connect() => return Err(SendError::Transient(e.to_string())),
        Err(e) => return Err(SendError::Uncertain(e.to_string())),
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let short: String = text.chars().take(300).collect();
    match status.as_u16() {
        200..=299 => serde_json::from_str::<Value>(&text)
            .ok()
            .as_ref()
            .and_then(id_of)
            .ok_or_else(|| SendError::Uncertain(format!("{status}: no message id in {short}"))),
        429 | 502..=504 => Err(SendError::Transient(format!("{status}: {short}"))),
        400..=499 => Err(SendError::Permanent(format!("{status}: {short}"))),
        _ => Err(SendError::Uncertain(format!("{status}: {short}"))),
    }
}

/// SMS through a MessageBird-shaped REST API: `POST {base}/messages` with
/// `Authorization: AccessKey …`.
#[derive(Clone)]
pub struct MessageBird {
    client: reqwest::Client,
    base: String,
    key: String,
}

impl MessageBird {
    pub fn new(base: &str, key: &str) -> MessageBird {
        MessageBird {
            client: client(),
            base: base.trim_end_matches('/').to_owned(),
            key: key.to_owned(),
        }
    }
}

impl TextProvider for MessageBird {
    fn channel(&self) -> Channel {
        Channel::Sms
    }

    async fn send(&self, m: &TextMessage) -> Result<String, SendError> {
        let originator: String = m
            .from
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(11)
            .collect();
        post(
            self.client
                .post(format!("{}/messages", self.base))
                .header("Authorization", format!("AccessKey {}", self.key)),
            &json!({
                "originator": originator,
                "recipients": [m.to.trim_start_matches('+')],
                "body": m.body,
                "reference": m.reference,
            }),
            |v| v["id"].as_str().map(str::to_owned),
        )
        .await
    }
}

/// WhatsApp through the Cloud API: `POST {base}/{phone_number_id}/messages`
/// with a bearer token; free text inside a session, else a template.
#[derive(Clone)]
pub struct WhatsAppCloud {
    client: reqwest::Client,
    base: String,
    token: String,
    phone_number_id: String,
}

impl WhatsAppCloud {
    pub fn new(base: &str, token: &str, phone_number_id: &str) -> WhatsAppCloud {
        WhatsAppCloud {
            client: client(),
            base: base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
            phone_number_id: phone_number_id.to_owned(),
        }
    }
}

impl TextProvider for WhatsAppCloud {
    fn channel(&self) -> Channel {
        Channel::WhatsApp
    }

    async fn send(&self, m: &TextMessage) -> Result<String, SendError> {
        let to = m.to.trim_start_matches('+');
        let body = match &m.template {
            None => json!({
                "messaging_product": "whatsapp",
                "to": to,
                "type": "text",
                "text": { "body": m.body },
            }),
            Some(t) => json!({
                "messaging_product": "whatsapp",
                "to": to,
                "type": "template",
                "template": {
                    "name": t.name,
                    "language": { "code": t.language },
                    "components": [{
                        "type": "body",
                        "parameters": [{ "type": "text", "text": m.body }],
                    }],
                },
            }),
        };
        post(
            self.client
                .post(format!("{}/{}/messages", self.base, self.phone_number_id))
                .bearer_auth(&self.token),
            &body,
            |v| v["messages"][0]["id"].as_str().map(str::to_owned),
        )
        .await
    }
}
