//! The bottom of the order lifecycle: a status change (the workflow's rule
//! check, the version-checked write, the transition row) and the domain
//! event it records in the same transaction. The effects (quote drafts,
//! intake links, invoices, messages) react to that event (`effects`); none
//! of them calls back into a transition. The commands that move orders
//! (the board, approvals, the intake form, the SLA watch, the planning
//! board) all come through here.

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::pipeline::{self, check_move, OrderFacts, Refusal};
use entity::domain::workflow;
use entity::{order, quote, quote_line, sign_off, status_transition, visit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::{HashMap, HashSet};

pub use crate::domain_events::DomainEvent;

/// Stores `event` in the caller's transaction.
async fn record(
    txn: &impl ConnectionTrait,
    event: &DomainEvent,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    entity::domain_event::ActiveModel {
        order_id: Set(event.order_id()),
        kind: Set(event.kind().to_owned()),
        payload: Set(
            serde_json::to_string(event).map_err(|e| ServiceError::Internal(e.to_string()))?
        ),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Records that order `o` was created, and lets the effects react (the
/// confirmation to the customer, the notice to the partner).
pub(crate) async fn created(
    txn: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let event = DomainEvent::OrderCreated { order_id: o.id };
    record(txn, &event, now).await?;
    crate::effects::react(txn, &event, o, now).await
}

/// Records what happened to a visit of order `o` (scheduled, moved,
/// cancelled) and lets the effects react: the customer's message and the
/// appointment reminders.
pub(crate) async fn visit_event(
    txn: &impl ConnectionTrait,
    o: &order::Model,
    event: DomainEvent,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    record(txn, &event, now).await?;
    crate::effects::react(txn, &event, o, now).await
}

/// The rule facts of orders, from their newest quote, visits and sign-off.
pub(crate) async fn facts_for(
    db: &impl ConnectionTrait,
    orders: &[order::Model],
    ids: &[i32],
) -> Result<HashMap<i32, OrderFacts>, ServiceError> {
    let mut newest: HashMap<i32, quote::Model> = HashMap::new();
    for q in quote::Entity::find()
        .filter(quote::Column::OrderId.is_in(ids.to_vec()))
        .all(db)
        .await?
    {
        match newest.get(&q.order_id) {
            Some(n) if n.version_no >= q.version_no => {}
            _ => {
                newest.insert(q.order_id, q);
            }
        }
    }
    let quote_ids: Vec<i32> = newest.values().map(|q| q.id).collect();
    let line_counts: HashMap<i32, i64> = if quote_ids.is_empty() {
        HashMap::new()
    } else {
        quote_line::Entity::find()
            .select_only()
            .column(quote_line::Column::QuoteId)
            .column_as(quote_line::Column::Id.count(), "n")
            .filter(quote_line::Column::QuoteId.is_in(quote_ids))
            .group_by(quote_line::Column::QuoteId)
            .into_tuple::<(i32, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let planned: HashSet<i32> = visit::Entity::find()
        .select_only()
        .column(visit::Column::OrderId)
        .filter(visit::Column::OrderId.is_in(ids.to_vec()))
        .filter(visit::Column::Date.is_not_null())
        .filter(visit::Column::DayTeamId.is_not_null())
        .filter(visit::Column::Status.is_not_in(["cancelled", "unplanned"]))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let signed: HashSet<i32> = sign_off::Entity::find()
        .select_only()
        .column(sign_off::Column::OrderId)
        .filter(sign_off::Column::OrderId.is_in(ids.to_vec()))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(orders
        .iter()
        .map(|o| {
            let q = newest.get(&o.id);
            (
                o.id,
                OrderFacts {
                    status: o.status.clone(),
                    status_before_hold: o.status_before_hold.clone(),
                    has_partner: o.partner_id.is_some(),
                    quote_lines: q.and_then(|q| line_counts.get(&q.id)).copied().unwrap_or(0)
                        as u32,
                    quote_has_pdf: q.is_some(),
                    customer_approved: q.is_some_and(|q| q.customer_approved_at.is_some()),
                    partner_approved: q.is_some_and(|q| q.partner_approved_at.is_some()),
                    has_planned_visit: planned.contains(&o.id),
                    has_sign_off: signed.contains(&o.id),
                },
            )
        })
        .collect())
}

/// The move itself, inside the caller's transaction, without the access
/// check: also used by the system (the public intake form). `version` is
/// the one the mover saw; `actor` is `None` for the system.
pub(crate) async fn apply_move(
    txn: &impl ConnectionTrait,
    o: order::Model,
    version: i32,
    to: &str,
    reason: Option<&str>,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Result<(), Refusal>, ServiceError> {
    if o.version != version {
        return Ok(Err(Refusal::Stale));
    }
    let facts = facts_for(txn, std::slice::from_ref(&o), &[o.id])
        .await?
        .remove(&o.id)
        .unwrap_or_default();
    let wf = crate::workflows::for_entity(txn, o.business_entity_id).await?;
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(400).collect::<String>());
    if let Err(refusal) = check_move(&wf, &facts, to, reason.as_deref()) {
        return Ok(Err(refusal));
    }
    let from = o.status.clone();
    let to = to.to_owned();
    let (due, risk) = pipeline::sla_clock(now, wf.sla_hours(&to));
    let resuming = wf.status(&from).is_some_and(|s| s.resumes_previous);
    let holding = wf.status(&to).is_some_and(|s| s.resumes_previous);
    let mut update = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.clone()))
        .col_expr(order::Column::StatusSince, Expr::value(now))
        .col_expr(order::Column::SlaDueAt, Expr::value(due))
        .col_expr(order::Column::SlaRiskAt, Expr::value(risk))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            order::Column::Version,
            sea_orm::sea_query::ExprTrait::add(Expr::col(order::Column::Version), 1),
        );
    if holding {
        update = update
            .col_expr(order::Column::StatusBeforeHold, Expr::value(from.clone()))
            .col_expr(order::Column::HoldReason, Expr::value(reason.clone()));
    } else if resuming {
        update = update
            .col_expr(
                order::Column::StatusBeforeHold,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                order::Column::HoldReason,
                Expr::value(Option::<String>::None),
            );
    }
    if to == workflow::CANCELLED {
        update = update.col_expr(order::Column::CancelReason, Expr::value(reason.clone()));
    }
    // The version check: only one of two concurrent moves can match it.
    let done = update
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(Err(Refusal::Stale));
    }
    status_transition::ActiveModel {
        order_id: Set(o.id),
        from_status: Set(Some(from.clone())),
        to_status: Set(to.clone()),
        actor_user_id: Set(actor),
        reason: Set(reason.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // What happened is recorded with the change, and the effects react to
    // it in the same transaction.
    let event = DomainEvent::OrderEntered {
        order_id: o.id,
        from,
        to,
        reason,
        resumed: resuming,
    };
    record(txn, &event, now).await?;
    crate::effects::react(txn, &event, &o, now).await?;
    Ok(Ok(()))
}
