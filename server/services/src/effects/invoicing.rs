//! Invoices made by the order's lifecycle (000 step 9): at completion the
//! customer's share (with the partner's commission on it) and, for a dual
//! quote, the partner's share; at cancellation the fee of the stage the
//! order was cancelled from. Numbered per entity and year.

use crate::settings::SettingKey;
use crate::ServiceError;
use chrono::{DateTime, Datelike, Duration, Utc};
use entity::domain::{numbering, pricing, InvoiceStatus, Payer};
use entity::{business_entity, invoice, order, partner, pricing_rule, quote, quote_line};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

/// Days an invoice may be paid in.
pub const PAYMENT_DAYS: i64 = 14;

/// Invoices for a completed order: the customer's share (with the partner's
/// commission on it) and, for a dual quote, the partner's share.
pub(crate) async fn invoice_order(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<Vec<invoice::Model>, ServiceError> {
    let Some(q) = quote::Entity::find()
        .filter(quote::Column::OrderId.eq(o.id))
        .order_by_desc(quote::Column::VersionNo)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let lines = quote_line::Entity::find()
        .filter(quote_line::Column::QuoteId.eq(q.id))
        .all(db)
        .await?;
    let share = |payer: Payer| -> i64 {
        lines
            .iter()
            .filter(|l| l.payer == payer.as_str())
            .map(|l| l.unit_price_cents * i64::from(l.quantity))
            .sum()
    };
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let commission_bp = match o.partner_id {
        Some(p) => match partner::Entity::find_by_id(p).one(db).await? {
            // The partner's contract, else the standard margin of its type.
            Some(p) if p.commission_bp > 0 => p.commission_bp,
            Some(p) => {
                let rules = pricing_rule::Entity::find().all(db).await?;
                pricing::partner_margin_bp(&rules, &p.partner_type)
            }
            None => 0,
        },
        None => 0,
    };
    let mut out = Vec::new();
    for (payer, amount) in [
        (Payer::Customer, share(Payer::Customer)),
        (Payer::Partner, share(Payer::Partner)),
    ] {
        if amount <= 0 {
            continue;
        }
        let year = year_of(now);
        let n =
            crate::numbering::next(db, &numbering::invoice_scope(&be.order_prefix, year)).await?;
        let commission = if payer == Payer::Customer {
            pricing::commission_cents(amount, commission_bp)
        } else {
            0
        };
        out.push(
            invoice::ActiveModel {
                invoice_number: Set(numbering::invoice_number(&be.order_prefix, year, n)),
                order_id: Set(o.id),
                business_entity_id: Set(o.business_entity_id),
                payer: Set(payer.as_str().to_owned()),
                amount_cents: Set(amount),
                commission_cents: Set(commission),
                status: Set(InvoiceStatus::Open.as_str().to_owned()),
                issued_at: Set(now),
                due_at: Set(now + Duration::days(PAYMENT_DAYS)),
                paid_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    Ok(out)
}

/// Invoices the cancellation fee of the stage the order was cancelled
/// from, if the policy sets one.
pub(crate) async fn cancellation_fee(
    db: &impl ConnectionTrait,
    o: &order::Model,
    from: &str,
    now: DateTime<Utc>,
) -> Result<Option<invoice::Model>, ServiceError> {
    let fee = crate::settings::setting_json(db, SettingKey::CancellationFees)
        .await?
        .and_then(|v| v.get(from).and_then(|f| f.as_i64()))
        .unwrap_or(0);
    if fee <= 0 {
        return Ok(None);
    }
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let year = year_of(now);
    let n = crate::numbering::next(db, &numbering::invoice_scope(&be.order_prefix, year)).await?;
    Ok(Some(
        invoice::ActiveModel {
            invoice_number: Set(numbering::invoice_number(&be.order_prefix, year, n)),
            order_id: Set(o.id),
            business_entity_id: Set(o.business_entity_id),
            payer: Set(Payer::Customer.as_str().to_owned()),
            amount_cents: Set(fee),
            commission_cents: Set(0),
            status: Set(InvoiceStatus::Open.as_str().to_owned()),
            issued_at: Set(now),
            due_at: Set(now + Duration::days(PAYMENT_DAYS)),
            paid_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?,
    ))
}

/// The year of the invoice number: the Dutch calendar year of completion.
pub fn year_of(now: DateTime<Utc>) -> i32 {
    entity::domain::time::amsterdam(now).year()
}

/// Entering `completed` invoices the order. (The cancellation fee is
/// invoiced by `notices`, whose cancellation message names it.)
pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &crate::domain_events::DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if super::entered(event) == Some(entity::domain::workflow::COMPLETED) {
        invoice_order(txn, before, now).await?;
    }
    Ok(())
}
