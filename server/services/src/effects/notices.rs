//! The messages the lifecycle sends (001 "Status-Based Triggers"): the
//! order is confirmed, the quote is ready, the appointment is scheduled,
//! moved or cancelled, the order is on hold, completed or cancelled. The texts are templates (`templates`); this module only
//! says which kind goes to whom, with which variables.

use crate::messages::{self, Vars};
use crate::vars;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::workflow::{CANCELLED, COMPLETED, ON_HOLD, QUOTE_SENT};
use entity::order;
use sea_orm::ConnectionTrait;

/// A new order: the customer gets its confirmation and the partner that
/// brought the lead hears it arrived.
async fn on_created(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    messages::to_customer(db, o, "order_confirmation", Vars::new(), now, now).await?;
    messages::to_partner(db, o, "partner_order_received", Vars::new(), now).await?;
    Ok(())
}

/// Tells the partner (if any) and the customer that an order was cancelled,
/// the customer with the stage's fee.
async fn cancelled(
    db: &impl ConnectionTrait,
    o: &order::Model,
    reason: &str,
    fee: Option<entity::invoice::Model>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    messages::to_partner(
        db,
        o,
        "order_cancelled_partner",
        vars! {"reason" => reason},
        now,
    )
    .await?;
    let mut extra = vars! {"reason" => reason};
    if let Some(i) = fee {
        extra.extend(vars! {
            "fee_amount" => entity::domain::money::euro(i.amount_cents),
            "fee_invoice_number" => i.invoice_number,
        });
    }
    messages::to_customer(db, o, "order_cancelled", extra, now, now).await?;
    Ok(())
}

/// The variables of an appointment: its date and the customer's slot.
pub(crate) fn appointment_vars(a: &crate::domain_events::Appointment) -> Vars {
    let hhmm = entity::domain::time::clock;
    vars! {
        "date" => a.date.format("%d-%m-%Y").to_string(),
        "time_from" => hhmm(a.from_min),
        "time_to" => hhmm(a.to_min),
    }
}

/// Entering `quote_sent` tells both sides; `on_hold` and `completed` tell
/// the customer; `cancelled` invoices the stage's cancellation fee and
/// tells both sides, with the fee.
pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &crate::domain_events::DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::domain_events::DomainEvent;
    let (from, reason) = match event {
        DomainEvent::OrderCreated { .. } => return on_created(txn, before, now).await,
        DomainEvent::OrderEntered { from, reason, .. } => (from, reason.as_deref().unwrap_or("")),
        DomainEvent::VisitScheduled { appointment, .. } => {
            let mut vars = appointment_vars(appointment);
            vars.insert("installer_team".into(), appointment.team.clone().into());
            messages::to_customer(txn, before, "appointment_confirmation", vars, now, now).await?;
            return Ok(());
        }
        DomainEvent::VisitMoved { appointment, .. } => {
            let vars = appointment_vars(appointment);
            messages::to_customer(txn, before, "appointment_changed", vars, now, now).await?;
            return Ok(());
        }
        DomainEvent::VisitCancelled { .. } => {
            messages::to_customer(txn, before, "appointment_cancelled", Vars::new(), now, now)
                .await?;
            return Ok(());
        }
        DomainEvent::TechnicianOnTheWay { eta_min, team, .. } => {
            let eta = now + chrono::Duration::minutes(i64::from(*eta_min));
            let local = entity::domain::time::amsterdam(eta);
            let vars = vars! {
                "eta" => local.format("%H:%M").to_string(),
                "installer_team" => team.clone(),
            };
            messages::to_customer(txn, before, "technician_on_the_way", vars, now, now).await?;
            return Ok(());
        }
    };
    match super::entered(event) {
        Some(QUOTE_SENT) => {
            messages::to_customer(txn, before, "quote_ready", Vars::new(), now, now).await?;
            messages::to_partner(txn, before, "quote_sent_partner", Vars::new(), now).await?;
        }
        Some(ON_HOLD) => {
            messages::to_customer(txn, before, "on_hold", vars! {"reason" => reason}, now, now)
                .await?;
        }
        Some(COMPLETED) => {
            messages::to_customer(txn, before, "completion_thank_you", Vars::new(), now, now)
                .await?;
        }
        Some(CANCELLED) => {
            let fee = super::invoicing::cancellation_fee(txn, before, from, now).await?;
            cancelled(txn, before, reason, fee, now).await?;
        }
        _ => {}
    }
    Ok(())
}
