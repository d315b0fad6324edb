//! The partner REST API's resources (`/api/v1`, issue 20), for a caller
//! whose key `api_keys::identify` accepted. Every rule is the portal's: a
//! call acts as the partner user who made the key, so a partner reads only
//! its own orders (another partner's order is not there: 404), a lead is
//! checked as the lead form checks it, and a quote is approved by the same
//! co-approval rules.

use crate::api_keys::ApiCaller;
use crate::api_page::{cut, page_size, parse_cursor};
pub use crate::api_page::{OrderFilter, MAX_PAGE};
use crate::events::Bus;
use crate::idempotency::{self, Begun};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::time::clock;
use entity::domain::Payer;
use entity::dto::{
    ApiEventDto, ApiEventPageDto, ApiInvoiceDto, ApiInvoicePageDto, ApiNewLeadDto, ApiOrderDto,
    ApiOrderPageDto, ApiQuoteDto, ApiQuoteLineDto, ApiStatusChangeDto, ApiVisitDto,
};
use entity::{
    business_entity, invoice, order, quote_line, status_transition, visit, webhook_event,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

async fn entity_codes(db: &impl ConnectionTrait) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(business_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.code))
        .collect())
}

fn order_dto(o: order::Model, entity: String, history: Vec<ApiStatusChangeDto>) -> ApiOrderDto {
    ApiOrderDto {
        number: o.order_number,
        status: o.status,
        entity,
        postcode: o.postcode,
        city: o.city,
        charger_count: o.charger_count,
        created_at: o.created_at,
        status_since: o.status_since,
        history,
    }
}

/// The partner's order by number; another partner's is not there.
async fn own_order(
    db: &impl ConnectionTrait,
    caller: &ApiCaller,
    number: &str,
) -> Result<order::Model, ServiceError> {
    order::Entity::find()
        .filter(order::Column::OrderNumber.eq(number.trim()))
        .filter(order::Column::PartnerId.eq(caller.partner_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn with_history(
    db: &impl ConnectionTrait,
    o: order::Model,
) -> Result<ApiOrderDto, ServiceError> {
    let entity = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .map(|b| b.code)
        .unwrap_or_default();
    let history = status_transition::Entity::find()
        .filter(status_transition::Column::OrderId.eq(o.id))
        .order_by_asc(status_transition::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| ApiStatusChangeDto {
            from: t.from_status,
            to: t.to_status,
            at: t.created_at,
        })
        .collect();
    Ok(order_dto(o, entity, history))
}

/// One of the partner's orders, with its status history. Scope `orders:read`.
pub async fn order(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<ApiOrderDto, ServiceError> {
    caller.allow("orders:read")?;
    if caller.test {
        return crate::sandbox::order(db, caller, number).await;
    }
    let o = own_order(db, caller, number).await?;
    with_history(db, o).await
}

/// The partner's orders, newest first, a page at a time (keyset on the id,
/// so a page stays right while orders come in). Scope `orders:read`.
pub async fn orders(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    filter: &OrderFilter,
) -> Result<ApiOrderPageDto, ServiceError> {
    caller.allow("orders:read")?;
    if caller.test {
        return crate::sandbox::orders(db, caller, filter).await;
    }
    let size = page_size(filter.limit)?;
    let after = parse_cursor(filter.cursor.as_deref())?;
    let codes = entity_codes(db).await?;
    let mut q = order::Entity::find().filter(order::Column::PartnerId.eq(caller.partner_id));
    if let Some(s) = filter.status.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(order::Column::Status.eq(s));
    }
    if let Some(code) = filter.entity.as_deref().filter(|s| !s.is_empty()) {
        // An unknown entity matches nothing, as an unknown status does.
        let id = codes
            .iter()
            .find(|(_, c)| c.as_str() == code)
            .map(|(id, _)| *id);
        q = q.filter(order::Column::BusinessEntityId.eq(id.unwrap_or(-1)));
    }
    if let Some(t) = filter.created_from {
        q = q.filter(order::Column::CreatedAt.gte(t));
    }
    if let Some(t) = filter.created_before {
        q = q.filter(order::Column::CreatedAt.lt(t));
    }
    if let Some(id) = after {
        q = q.filter(order::Column::Id.lt(id));
    }
    let mut rows = q
        .order_by_desc(order::Column::Id)
        .limit(size + 1)
        .all(db)
        .await?;
    let next_cursor = cut(&mut rows, size, |o| o.id);
    Ok(ApiOrderPageDto {
        data: rows
            .into_iter()
            .map(|o| {
                let e = codes
                    .get(&o.business_entity_id)
                    .cloned()
                    .unwrap_or_default();
                order_dto(o, e, Vec::new())
            })
            .collect(),
        next_cursor,
    })
}

/// Creates an order for a lead, as the lead form does, and answers
/// `(201, the order)`. With an idempotency key the order and the kept
/// answer commit together; a repeat gets that answer again. Scope
/// `leads:write`.
pub async fn create_lead(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: &ApiCaller,
    idempotency: Option<(&str, &str)>,
    lead: ApiNewLeadDto,
    now: DateTime<Utc>,
) -> Result<(u16, String), ServiceError> {
    caller.allow("leads:write")?;
    if caller.test {
        return crate::sandbox::create_lead(db, caller, idempotency, lead, now).await;
    }
    let txn = crate::db::begin_write(db).await?;
    let claim = match idempotency::claim(&txn, caller.partner_id, idempotency, now).await? {
        Ok(claim) => claim,
        Err(replay) => return Ok(replay),
    };
    let user = caller.as_user();
    let o = crate::leads::create_in(&txn, &user, &lead.into_lead(), now).await?;
    let id = o.id;
    let body = serde_json::to_string(&with_history(&txn, o).await?)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    if let Some(claim) = claim {
        idempotency::finish(&txn, claim, 201, &body).await?;
    }
    txn.commit().await?;
    crate::pipeline::announce(db, bus, id).await?;
    Ok((201, body))
}

/// The quote on the table for one of the partner's orders, with the
/// partner's lines. 404 while the customer has been sent none.
/// Scope `quotes:write` (reading what one may approve).
pub async fn quote(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<ApiQuoteDto, ServiceError> {
    caller.allow("quotes:write")?;
    // The sandbox has no quotes or invoices.
    if caller.test {
        return Err(ServiceError::NotFound);
    }
    let o = own_order(db, caller, number).await?;
    let st = crate::portal_order::standing(db, &o).await?;
    let q = st.visible.ok_or(ServiceError::NotFound)?;
    let lines = quote_line::Entity::find()
        .filter(quote_line::Column::QuoteId.eq(q.id))
        .filter(quote_line::Column::Payer.eq(Payer::Partner.as_str()))
        .order_by_asc(quote_line::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| ApiQuoteLineDto {
            description: l.description,
            quantity: l.quantity,
            unit_price_cents: l.unit_price_cents,
            payer: l.payer,
        })
        .collect();
    Ok(ApiQuoteDto {
        id: q.id,
        version: q.version_no,
        status: q.status,
        total_cents: q.partner_total_cents,
        sent_at: q.sent_at,
        customer_approved_at: q.customer_approved_at,
        partner_approved_at: q.partner_approved_at,
        awaiting: st.awaiting.map(|p| p.as_str().to_owned()),
        lines,
    })
}

/// What a POST that commits on its own does with an idempotency key: the
/// work runs between a committed claim and the kept answer.
async fn once<F, Fut>(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    idempotency: Option<(&str, &str)>,
    now: DateTime<Utc>,
    work: F,
) -> Result<(u16, String), ServiceError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, ServiceError>>,
{
    let Some((key, hash)) = idempotency else {
        return work().await.map(|body| (200, body));
    };
    let claim = match idempotency::begin(db, caller.partner_id, key, hash, now).await? {
        Begun::Replay { status, body } => return Ok((status, body)),
        Begun::Fresh(id) => id,
    };
    match work().await {
        Ok(body) => {
            idempotency::finish(db, claim, 200, &body).await?;
            Ok((200, body))
        }
        Err(e) => {
            // A refusal is not kept: the same request may be sent again
            // once the order allows it.
            idempotency::abandon(db, claim).await?;
            Err(e)
        }
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// Approves the quote `quote_id` for the partner: the portal's
/// co-approval rules (409 `waiting_for_customer`, `newer_version`, …).
/// Scope `quotes:write`.
pub async fn approve(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: &ApiCaller,
    idempotency: Option<(&str, &str)>,
    number: &str,
    quote_id: i32,
    now: DateTime<Utc>,
) -> Result<(u16, String), ServiceError> {
    caller.allow("quotes:write")?;
    // The sandbox has no quotes or invoices.
    if caller.test {
        return Err(ServiceError::NotFound);
    }
    own_order(db, caller, number).await?;
    once(db, caller, idempotency, now, || async {
        let user = caller.as_user();
        crate::approvals::approve(db, bus, Some(&user), number, quote_id, now).await?;
        json(&quote(db, caller, number).await?)
    })
    .await
}

/// Asks for a new version of the quote, with a reason for ops.
/// Scope `quotes:write`.
#[allow(clippy::too_many_arguments)]
pub async fn request_revision(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: &ApiCaller,
    idempotency: Option<(&str, &str)>,
    number: &str,
    quote_id: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(u16, String), ServiceError> {
    caller.allow("quotes:write")?;
    // The sandbox has no quotes or invoices.
    if caller.test {
        return Err(ServiceError::NotFound);
    }
    own_order(db, caller, number).await?;
    once(db, caller, idempotency, now, || async {
        let user = caller.as_user();
        crate::approvals::request_revision(db, bus, Some(&user), number, quote_id, reason, now)
            .await?;
        json(&quote(db, caller, number).await?)
    })
    .await
}

/// The visits of one of the partner's orders, in date order.
/// Scope `orders:read`.
pub async fn visits(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<Vec<ApiVisitDto>, ServiceError> {
    caller.allow("orders:read")?;
    if caller.test {
        return crate::sandbox::visits(db, caller, number).await;
    }
    let o = own_order(db, caller, number).await?;
    Ok(visit::Entity::find()
        .filter(visit::Column::OrderId.eq(o.id))
        .order_by_asc(visit::Column::Date)
        .order_by_asc(visit::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|v| ApiVisitDto {
            id: v.id,
            kind: v.kind,
            date: v.date,
            slot_from: v.slot_start_min.map(clock),
            slot_to: v.slot_end_min.map(clock),
            duration_minutes: v.duration_minutes,
            status: v.status,
        })
        .collect())
}

fn invoice_dto(i: invoice::Model, order_number: String) -> ApiInvoiceDto {
    ApiInvoiceDto {
        number: i.invoice_number,
        order_number,
        payer: i.payer,
        amount_cents: i.amount_cents,
        commission_cents: i.commission_cents,
        status: i.status,
        issued_at: i.issued_at,
        due_at: i.due_at,
        paid_at: i.paid_at,
    }
}

/// The invoices of the partner's orders, newest first, a page at a time.
/// Scope `invoices:read`.
pub async fn invoices(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> Result<ApiInvoicePageDto, ServiceError> {
    caller.allow("invoices:read")?;
    if caller.test {
        // The sandbox has no invoices; a cursor is still checked.
        parse_cursor(cursor)?;
        page_size(limit)?;
        return Ok(ApiInvoicePageDto {
            data: Vec::new(),
            next_cursor: None,
        });
    }
    let size = page_size(limit)?;
    let mut q = invoice::Entity::find()
        .find_also_related(order::Entity)
        .filter(order::Column::PartnerId.eq(caller.partner_id));
    if let Some(id) = parse_cursor(cursor)? {
        q = q.filter(invoice::Column::Id.lt(id));
    }
    let mut rows = q
        .order_by_desc(invoice::Column::Id)
        .limit(size + 1)
        .all(db)
        .await?;
    let next_cursor = cut(&mut rows, size, |(i, _)| i.id);
    Ok(ApiInvoicePageDto {
        data: rows
            .into_iter()
            .map(|(i, o)| invoice_dto(i, o.map(|o| o.order_number).unwrap_or_default()))
            .collect(),
        next_cursor,
    })
}

/// One invoice of the partner's orders. Scope `invoices:read`.
pub async fn invoice(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<ApiInvoiceDto, ServiceError> {
    caller.allow("invoices:read")?;
    // The sandbox has no quotes or invoices.
    if caller.test {
        return Err(ServiceError::NotFound);
    }
    let (i, o) = invoice::Entity::find()
        .find_also_related(order::Entity)
        .filter(invoice::Column::InvoiceNumber.eq(number.trim()))
        .filter(order::Column::PartnerId.eq(caller.partner_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(invoice_dto(
        i,
        o.map(|o| o.order_number).unwrap_or_default(),
    ))
}

/// One invoice of the partner's orders as PDF: `(file name, bytes)`.
/// Scope `invoices:read`.
pub async fn invoice_pdf(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<(String, Vec<u8>), ServiceError> {
    let i = invoice(db, caller, number).await?;
    crate::customer_documents::render_invoice(db, &i.number).await
}

/// The events of the partner's orders (what its webhooks carry, whether or
/// not it has any), newest first, a page at a time; `kind` narrows to one
/// type. Scope `orders:read`.
pub async fn events(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    kind: Option<&str>,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> Result<ApiEventPageDto, ServiceError> {
    caller.allow("orders:read")?;
    if caller.test {
        return crate::sandbox::events(db, caller, kind, limit, cursor).await;
    }
    let size = page_size(limit)?;
    let mut q = webhook_event::Entity::find()
        .filter(webhook_event::Column::PartnerId.eq(caller.partner_id))
        .filter(webhook_event::Column::Kind.ne(entity::domain::webhooks::TEST_EVENT));
    if let Some(k) = kind.filter(|k| !k.is_empty()) {
        q = q.filter(webhook_event::Column::Kind.eq(k));
    }
    if let Some(id) = parse_cursor(cursor)? {
        q = q.filter(webhook_event::Column::Id.lt(id));
    }
    let mut rows = q
        .order_by_desc(webhook_event::Column::Id)
        .limit(size + 1)
        .all(db)
        .await?;
    let next_cursor = cut(&mut rows, size, |e| e.id);
    Ok(ApiEventPageDto {
        data: rows
            .into_iter()
            .map(|e| {
                let body: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
                ApiEventDto {
                    id: e.event_id,
                    kind: e.kind,
                    created: e.created_at,
                    data: body.get("data").cloned().unwrap_or_default(),
                }
            })
            .collect(),
        next_cursor,
    })
}
