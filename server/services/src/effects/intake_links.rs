//! Entering `intake_sent` (000 step 2) opens a tokenised intake link and
//! mails it to the customer. Only the token's SHA-256 is stored.

use crate::auth::new_token;
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::{business_entity, contact, intake_request, order};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

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
    let customer = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?;
    let brand = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .map(|b| b.brand)
        .unwrap_or_else(|| "ChargeCars".to_owned());
    if let Some(c) = customer {
        if let Some(email) = c.email {
            let body = format!(
                "Beste {},\n\nVoor uw laadpaal (order {}) hebben we nog een paar gegevens nodig: uw adres, een foto van de meterkast, de laadpaal van uw keuze en wanneer het u uitkomt.\n\nVul het formulier in via {}{} (14 dagen geldig).\n\nMet vriendelijke groet,\n{brand}",
                c.display_name,
                o.order_number,
                crate::runtime::public_url(),
                entity::paths::intake(&token)
            );
            crate::outbox::queue_email(
                db,
                &email,
                &format!("Uw intake voor order {}", o.order_number),
                &body,
                "intake_form",
                now,
            )
            .await?;
        }
    }
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
