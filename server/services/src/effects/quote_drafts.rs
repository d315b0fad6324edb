//! A quote's draft and its status (000 step 4): a draft is priced from the
//! order's lines, the installation complexity and the pricing rules when
//! the order enters `quote_draft` (or a revision is asked for); the newest
//! quote follows the order into sent and approved.

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::pricing;
use entity::domain::{Payer, QuoteStatus};
use entity::{order, order_line, pricing_rule, quote, quote_line};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

/// Creates the next quote version for `o`, priced now. Older drafts are
/// superseded.
pub(crate) async fn create_draft(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<quote::Model, ServiceError> {
    let rules = pricing_rule::Entity::find().all(db).await?;
    let previous = quote::Entity::find()
        .filter(quote::Column::OrderId.eq(o.id))
        .order_by_desc(quote::Column::VersionNo)
        .all(db)
        .await?;
    for q in previous
        .iter()
        .filter(|q| q.status == QuoteStatus::Draft.as_str())
    {
        let mut old: quote::ActiveModel = q.clone().into();
        old.status = Set(QuoteStatus::Superseded.as_str().into());
        old.update(db).await?;
    }
    let mut lines: Vec<(Option<i32>, String, i32, i64, String)> = Vec::new();
    for l in order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(o.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?
    {
        let price = l
            .product_id
            .and_then(|p| pricing::unit_price(&rules, p, o.business_entity_id))
            .unwrap_or(l.unit_price_cents);
        lines.push((l.product_id, l.description, l.quantity, price, l.payer));
    }
    if let Some(extra) = pricing::complexity_surcharge(&rules, o.complexity) {
        lines.push((
            None,
            format!("Toeslag installatiecomplexiteit (niveau {})", o.complexity),
            1,
            extra,
            Payer::Customer.as_str().into(),
        ));
    }
    let total = |payer: Payer| -> i64 {
        lines
            .iter()
            .filter(|l| l.4 == payer.as_str())
            .map(|l| l.3 * i64::from(l.2))
            .sum()
    };
    let q = quote::ActiveModel {
        order_id: Set(o.id),
        version_no: Set(previous.first().map_or(1, |q| q.version_no + 1)),
        status: Set(QuoteStatus::Draft.as_str().into()),
        customer_total_cents: Set(total(Payer::Customer)),
        partner_total_cents: Set(total(Payer::Partner)),
        created_at: Set(now),
        sent_at: Set(None),
        customer_approved_at: Set(None),
        partner_approved_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (product_id, description, quantity, unit, payer) in lines {
        quote_line::ActiveModel {
            quote_id: Set(q.id),
            product_id: Set(product_id),
            description: Set(description),
            quantity: Set(quantity),
            unit_price_cents: Set(unit),
            payer: Set(payer),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(q)
}

/// Keeps the newest quote in step with the order: sent, and each approval
/// with its time. (Ops record approvals by hand on the board until the
/// portals' approve buttons exist.)
pub(crate) async fn on_status(
    db: &impl ConnectionTrait,
    o: &order::Model,
    to: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use entity::domain::workflow::*;
    let Some(status) = entity::domain::quotes::quote_status_for(to) else {
        return Ok(());
    };
    let Some(q) = quote::Entity::find()
        .filter(quote::Column::OrderId.eq(o.id))
        .order_by_desc(quote::Column::VersionNo)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let mut a: quote::ActiveModel = q.into();
    a.status = Set(status.as_str().to_owned());
    match to {
        QUOTE_SENT => a.sent_at = Set(Some(now)),
        CUSTOMER_APPROVED => a.customer_approved_at = Set(Some(now)),
        PARTNER_APPROVED => a.partner_approved_at = Set(Some(now)),
        _ => {}
    }
    a.update(db).await?;
    Ok(())
}

/// Entering a status: the newest quote follows it; entering `quote_draft`
/// makes the next draft.
pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &crate::domain_events::DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(to) = super::entered(event) else {
        return Ok(());
    };
    on_status(txn, before, to, now).await?;
    if to == entity::domain::workflow::QUOTE_DRAFT {
        create_draft(txn, before, now).await?;
    }
    Ok(())
}
