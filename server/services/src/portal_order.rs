//! A customer's or partner's page of one of their orders (002 "Order
//! Tracking" in the customer and partner portals): their side of the quote,
//! whether it waits for their approval, the timeline, visits and invoices.

use crate::authz::{authorize, Action, Denied};
use crate::ServiceError;
use entity::domain::quotes::{awaiting_approval, side_of};
use entity::domain::time::format_local;
use entity::domain::{Payer, Portal, QuoteStatus};
use entity::dto::{CurrentUser, InvoiceDto, PortalOrderDto, PortalQuoteDto, TransitionDto};
use entity::{business_entity, invoice, order, quote, status_transition};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

/// Loads an order by number for a portal user. Orders they may not see
/// answer like missing ones.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    caller: Option<&CurrentUser>,
    order_number: &str,
) -> Result<order::Model, ServiceError> {
    let o = order::Entity::find()
        .filter(order::Column::OrderNumber.eq(order_number.trim()))
        .one(db)
        .await?;
    let Some(o) = o else {
        authorize(caller, Action::OpenPortal(Portal::Customer))
            .or_else(|_| authorize(caller, Action::OpenPortal(Portal::Partner)))?;
        return Err(ServiceError::NotFound);
    };
    match authorize(
        caller,
        Action::ReadOrder {
            partner_id: o.partner_id,
            end_customer_contact_id: o.end_customer_contact_id,
        },
    ) {
        Ok(()) => Ok(o),
        Err(Denied::Forbidden) => Err(ServiceError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Where the order's approval stands, from its status and its quotes.
#[derive(Debug)]
pub(crate) struct Standing {
    /// The newest version the customer was sent.
    pub(crate) visible: Option<quote::Model>,
    pub(crate) awaiting: Option<Payer>,
    pub(crate) revision_pending: bool,
}

pub(crate) async fn standing(
    db: &impl ConnectionTrait,
    o: &order::Model,
) -> Result<Standing, ServiceError> {
    let quotes = quote::Entity::find()
        .filter(quote::Column::OrderId.eq(o.id))
        .order_by_desc(quote::Column::VersionNo)
        .all(db)
        .await?;
    let visible = quotes.iter().find(|q| q.sent_at.is_some()).cloned();
    let visible_status = visible.as_ref().and_then(|v| v.status.parse().ok());
    let revision_pending = visible_status == Some(QuoteStatus::RevisionRequested);
    let awaiting = awaiting_approval(
        &o.status,
        o.partner_id.is_some(),
        visible_status,
        visible
            .as_ref()
            .is_some_and(|v| v.partner_approved_at.is_some()),
    );
    Ok(Standing {
        visible,
        awaiting,
        revision_pending,
    })
}

/// The portal page of one order. Customers and partners see their own
/// side; staff (who may open every portal) see the customer's.
pub async fn portal_order(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    order_number: &str,
) -> Result<PortalOrderDto, ServiceError> {
    let o = load(db, caller, order_number).await?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    view(db, caller, &o).await
}

pub(crate) async fn view(
    db: &impl ConnectionTrait,
    caller: &CurrentUser,
    o: &order::Model,
) -> Result<PortalOrderDto, ServiceError> {
    let acting = side_of(caller.role);
    let side = acting.unwrap_or(Payer::Customer);
    let st = standing(db, o).await?;
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?;
    let logo_url = match &be {
        Some(b) => crate::brands::logo_url(db, b.id, &b.code).await?,
        None => None,
    };
    let brand = be.map(|b| b.brand).unwrap_or_default();
    let quote = match &st.visible {
        Some(v) => crate::order_detail::quote_dtos(db, o.id)
            .await?
            .into_iter()
            .find(|q| q.id == v.id)
            .map(|q| {
                let lines: Vec<_> = q
                    .lines
                    .into_iter()
                    .filter(|l| l.payer == side.as_str())
                    .collect();
                PortalQuoteDto {
                    id: q.id,
                    version_no: q.version_no,
                    status: q.status,
                    total_cents: match side {
                        Payer::Partner => q.partner_total_cents,
                        Payer::Customer => q.customer_total_cents,
                    },
                    created_at: q.created_at,
                    sent_at: q.sent_at,
                    customer_approved_at: q.customer_approved_at,
                    partner_approved_at: q.partner_approved_at,
                    lines,
                }
            }),
        None => None,
    };
    let timeline = status_transition::Entity::find()
        .filter(status_transition::Column::OrderId.eq(o.id))
        .order_by_asc(status_transition::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TransitionDto {
            from: t.from_status,
            to: t.to_status,
            actor: None,
            reason: None,
            at: format_local(t.created_at),
        })
        .collect();
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::OrderId.eq(o.id))
        .filter(invoice::Column::Payer.eq(side.as_str()))
        .order_by_asc(invoice::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvoiceDto {
            invoice_number: i.invoice_number,
            payer: i.payer,
            amount_cents: i.amount_cents,
            commission_cents: 0,
            status: i.status,
            issued_at: format_local(i.issued_at),
            due_at: format_local(i.due_at),
        })
        .collect();
    let mine = acting.is_some() && st.awaiting == acting;
    let booking = if side == Payer::Customer {
        Some(crate::booking::booking_of(db, o, chrono::Utc::now()).await?)
    } else {
        None
    };
    Ok(PortalOrderDto {
        logo_url,
        order_number: o.order_number.clone(),
        status: o.status.clone(),
        brand,
        address: format!("{} {}, {} {}", o.street, o.house_number, o.postcode, o.city),
        created_at: format_local(o.created_at),
        side: side.as_str().to_owned(),
        timeline,
        quote,
        awaiting: st.awaiting.map(|s| s.as_str().to_owned()),
        can_approve: mine,
        // Only while the customer has not decided yet: 000 has no way back.
        can_request_revision: acting.is_some() && st.awaiting == Some(Payer::Customer),
        revision_pending: st.revision_pending,
        visits: crate::order_detail::visit_dtos(db, o.id).await?,
        invoices,
        booking,
    })
}
