//! Messages the lifecycle sends: the quote is ready, an approval is due,
//! the order was cancelled. (The communications engine of 001 will render
//! them from templates; until then they are written here, and only here.)

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::{Payer, Portal};
use entity::{contact, order, partner};
use sea_orm::{ConnectionTrait, EntityTrait};

/// The absolute link to an order's page in a portal, for a message.
fn portal_link(o: &order::Model, portal: Portal) -> String {
    format!(
        "{}{}",
        crate::runtime::public_url(),
        entity::paths::order(portal, &o.order_number)
    )
}

pub(crate) async fn notify_customer(
    db: &impl ConnectionTrait,
    o: &order::Model,
    subject: &str,
    text: &str,
    template: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(email) = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
        .and_then(|c| c.email)
    else {
        return Ok(());
    };
    let body = format!(
        "{text}\n\n{}\n\nMet vriendelijke groet,\nChargeCars Operations",
        portal_link(o, Portal::Customer)
    );
    crate::outbox::queue_email(db, &email, subject, &body, template, now).await
}

pub(crate) async fn notify_partner(
    db: &impl ConnectionTrait,
    o: &order::Model,
    subject: &str,
    text: &str,
    template: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(pid) = o.partner_id else {
        return Ok(());
    };
    let Some((_, Some(c))) = partner::Entity::find_by_id(pid)
        .find_also_related(contact::Entity)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(email) = c.email else { return Ok(()) };
    let body = format!(
        "{text}\n\n{}\n\nMet vriendelijke groet,\nChargeCars Operations",
        portal_link(o, Portal::Partner)
    );
    crate::outbox::queue_email(db, &email, subject, &body, template, now).await
}

/// When a quote is sent (the board's `quote_sent`), the customer and the
/// partner get a link to their portal page.
pub(crate) async fn on_quote_sent(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    notify_customer(
        db,
        o,
        &format!("Uw offerte voor order {} staat klaar", o.order_number),
        "Uw offerte staat klaar. Bekijk hem en keur hem goed (of vraag een aanpassing) in uw klantportaal.",
        "quote_sent_customer",
        now,
    )
    .await?;
    notify_partner(
        db,
        o,
        &format!("Offerte verstuurd: order {}", o.order_number),
        "De offerte is naar de klant verstuurd. Na het akkoord van de klant vragen we het uwe.",
        "quote_sent_partner",
        now,
    )
    .await
}

/// Tells the partner (if any) and the customer that an order was cancelled.
pub(crate) async fn notify_cancellation(
    db: &impl ConnectionTrait,
    o: &order::Model,
    reason: &str,
    fee: Option<entity::invoice::Model>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut recipients = Vec::new();
    if let Some(pid) = o.partner_id {
        if let Some((_, Some(c))) = partner::Entity::find_by_id(pid)
            .find_also_related(contact::Entity)
            .one(db)
            .await?
        {
            recipients.push((c.email, Payer::Partner));
        }
    }
    if let Some(c) = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
    {
        recipients.push((c.email, Payer::Customer));
    }
    for (email, who) in recipients {
        let Some(email) = email else { continue };
        let fee_line = match (&fee, who) {
            (Some(i), Payer::Customer) => format!(
                "\n\nVolgens onze annuleringsvoorwaarden brengen we in deze fase {} in rekening (factuur {}).",
                entity::domain::money::euro(i.amount_cents),
                i.invoice_number
            ),
            _ => String::new(),
        };
        let body = format!(
            "Order {} ({} {}, {}) is geannuleerd.\n\nReden: {reason}{fee_line}\n\nMet vriendelijke groet,\nChargeCars Operations",
            o.order_number, o.street, o.house_number, o.city
        );
        crate::outbox::queue_email(
            db,
            &email,
            &format!("Order {} geannuleerd", o.order_number),
            &body,
            &format!("order_cancelled_{who}"),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Entering `quote_sent` tells both sides; entering `cancelled` invoices the
/// stage's cancellation fee and tells both sides, with the fee.
pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &crate::domain_events::DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use entity::domain::workflow::{CANCELLED, QUOTE_SENT};
    let crate::domain_events::DomainEvent::OrderEntered { from, reason, .. } = event;
    match super::entered(event) {
        Some(QUOTE_SENT) => on_quote_sent(txn, before, now).await,
        Some(CANCELLED) => {
            let fee = super::invoicing::cancellation_fee(txn, before, from, now).await?;
            notify_cancellation(txn, before, reason.as_deref().unwrap_or(""), fee, now).await
        }
        _ => Ok(()),
    }
}
