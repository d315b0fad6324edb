use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
}

/// The newest outgoing e-mails. Access: admin only.
#[server(endpoint = "admin/outbox")]
pub async fn outbox() -> Result<Vec<OutboxRow>, ServerFnError> {
    use super::support::*;
    let rows = services::outbox::latest(&db()?, caller().as_ref(), 100)
        .await
        .map_err(fail)?;
    Ok(rows
        .into_iter()
        .map(|m| OutboxRow {
            recipient: m.recipient,
            subject: m.subject,
            body: m.body,
            created_at: m.created_at.format("%Y-%m-%d %H:%M").to_string(),
        })
        .collect())
}
