//! Publishes what happens to a partner's order to its webhooks (issue 20):
//! a status change (`order.status_changed`, and `quote.sent` or
//! `order.completed` when it is one), a visit planned or moved
//! (`visit.scheduled`, `visit.rescheduled`) and the invoices a completion
//! made (`invoice.created`). Runs after `invoicing`, in the same
//! transaction, so the invoices are there to be told.

use crate::domain_events::DomainEvent;
use crate::ServiceError;
use chrono::{DateTime, SecondsFormat, Utc};
use entity::domain::time::clock;
use entity::domain::workflow::{COMPLETED, QUOTE_SENT};
use entity::{invoice, order};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(partner_id) = before.partner_id else {
        return Ok(());
    };
    let number = before.order_number.as_str();
    let publish = |kind: &'static str, data: serde_json::Value| {
        crate::webhooks::publish(txn, partner_id, kind, Some(before.id), data, now)
    };
    match event {
        DomainEvent::OrderEntered {
            from, to, reason, ..
        } => {
            let data = json!({
                "order_number": number,
                "status": to,
                "previous_status": from,
                "reason": reason,
            });
            publish("order.status_changed", data.clone()).await?;
            if to == QUOTE_SENT {
                publish("quote.sent", data).await?;
            } else if to == COMPLETED {
                publish("order.completed", data).await?;
                let made = invoice::Entity::find()
                    .filter(invoice::Column::OrderId.eq(before.id))
                    .filter(invoice::Column::IssuedAt.eq(now))
                    .order_by_asc(invoice::Column::Id)
                    .all(txn)
                    .await?;
                for i in made {
                    publish(
                        "invoice.created",
                        json!({
                            "order_number": number,
                            "invoice_number": i.invoice_number,
                            "payer": i.payer,
                            "amount_cents": i.amount_cents,
                            "commission_cents": i.commission_cents,
                            "due_at": i.due_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                        }),
                    )
                    .await?;
                }
            }
        }
        DomainEvent::VisitScheduled {
            visit_id,
            appointment,
            ..
        }
        | DomainEvent::VisitMoved {
            visit_id,
            appointment,
            ..
        } => {
            let kind = if matches!(event, DomainEvent::VisitScheduled { .. }) {
                "visit.scheduled"
            } else {
                "visit.rescheduled"
            };
            publish(
                kind,
                json!({
                    "order_number": number,
                    "visit_id": visit_id,
                    "date": appointment.date,
                    "slot_from": clock(appointment.from_min),
                    "slot_to": clock(appointment.to_min),
                }),
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
