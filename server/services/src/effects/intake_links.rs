//! Entering `intake_sent` (000 step 2) opens a tokenised intake link and
//! mails it to the customer. Only the token's SHA-256 is stored.

use crate::auth::new_token;
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::{intake_request, order};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

/// How long an intake link works.
pub const LINK_DAYS: i64 = 14;

/// Opens an intake link for `o` and mails it to the customer.
pub(crate) async fn open_request(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (token, hash) = new_token();
    intake_request::ActiveModel {
        token_hash: Set(hash),
        order_id: Set(o.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(LINK_DAYS)),
        submitted_at: Set(None),
        answers: Set(None),
    }
    .insert(db)
    .await?;
    crate::messages::to_customer(
        db,
        o,
        "intake_form",
        crate::vars! {
            "intake_link" => format!("{}{}", crate::runtime::public_url(), entity::paths::intake(&token)),
            "link_days" => LINK_DAYS,
        },
        now,
        now,
    )
    .await?;
    Ok(token)
}

/// Entering `intake_sent` opens the link and mails it.
pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &crate::domain_events::DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if super::entered(event) == Some(entity::domain::workflow::INTAKE_SENT) {
        open_request(txn, before, now).await?;
    }
    Ok(())
}
