//! Quote approval in the portals (000 steps 5–6, 002 "Quote Management
//! System"): the customer approves first (`customer_approved`), then the
//! partner who brought the order in (`partner_approved`), after which the
//! order is `both_approved`. A direct sale has no partner to wait for.
//!
//! While the quote waits for the customer, either side may ask for a
//! revision instead: the sent version is marked `revision_requested` and a
//! new draft version is made, which ops adjust and send (`send_revision`).
//! The order stays in `quote_sent`, as 000 has no way back to a draft.
//!
//! The waiting times are 000's: 168 hours in `quote_sent` for the customer,
//! 24 hours in `customer_approved` for the partner (the SLA clock of those
//! statuses, with its escalations).

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::messages;
use crate::pipeline::announce;
use crate::portal_order::{standing, Standing};
use crate::transition::apply_move;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::quotes::side_of;
use entity::domain::workflow::{
    BOTH_APPROVED, CUSTOMER_APPROVED, PARTNER_APPROVED, QUOTE_DRAFT, QUOTE_SENT,
};
use entity::domain::{Payer, QuoteStatus};
use entity::dto::{CurrentUser, PortalOrderDto};
use entity::{order, quote};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

/// Checks that the caller acts for a side and that the quote they saw is
/// still the one on the table.
async fn deciding(
    db: &impl ConnectionTrait,
    caller: Option<&CurrentUser>,
    order_number: &str,
    quote_id: i32,
) -> Result<(order::Model, Payer, Standing), ServiceError> {
    let o = crate::portal_order::load(db, caller, order_number).await?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    let side = side_of(caller.role).ok_or(ServiceError::Forbidden)?;
    let st = standing(db, &o).await?;
    match &st.visible {
        Some(v) if v.id == quote_id => {}
        Some(_) => return Err(ServiceError::Conflict("newer_version".into())),
        None => return Err(ServiceError::Conflict("no_quote".into())),
    }
    Ok((o, side, st))
}

/// Approves the quote for the caller's side and moves the order on:
/// customer → `customer_approved` (→ `both_approved` without a partner),
/// partner → `partner_approved` → `both_approved`. Mails the next party.
pub async fn approve(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    order_number: &str,
    quote_id: i32,
    now: DateTime<Utc>,
) -> Result<PortalOrderDto, ServiceError> {
    let txn = crate::db::begin_write(db).await?;
    let (o, side, st) = deciding(&txn, caller, order_number, quote_id).await?;
    if st.awaiting != Some(side) {
        return Err(waiting_elsewhere(&st));
    }
    let actor = caller.map(|c| c.user_id);
    let step = match side {
        Payer::Customer => CUSTOMER_APPROVED,
        Payer::Partner => PARTNER_APPROVED,
    };
    step_to(&txn, &o, step, actor, now).await?;
    let both = side == Payer::Partner || o.partner_id.is_none();
    if both {
        let fresh = reload(&txn, o.id).await?;
        // The system completes the pair; the transition names no person.
        step_to(&txn, &fresh, BOTH_APPROVED, None, now).await?;
        messages::to_customer(
            &txn,
            &o,
            "quote_both_approved",
            messages::Vars::new(),
            now,
            now,
        )
        .await?;
    } else {
        messages::to_partner(
            &txn,
            &o,
            "quote_partner_approval",
            messages::Vars::new(),
            now,
        )
        .await?;
    }
    let fresh = reload(&txn, o.id).await?;
    let dto = crate::portal_order::view(&txn, caller.ok_or(ServiceError::Unauthenticated)?, &fresh)
        .await?;
    txn.commit().await?;
    announce(db, bus, o.id).await?;
    Ok(dto)
}

/// Asks for a new version of the quote instead of approving it. The reason
/// (10–1000 characters) goes to ops with the request.
#[allow(clippy::too_many_arguments)]
pub async fn request_revision(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    order_number: &str,
    quote_id: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<PortalOrderDto, ServiceError> {
    let reason = reason.trim();
    let txn = crate::db::begin_write(db).await?;
    let (o, side, st) = deciding(&txn, caller, order_number, quote_id).await?;
    // Either side may ask, but only while the customer has not decided:
    // 000 has no way back from an approval.
    if st.awaiting != Some(Payer::Customer) {
        return Err(waiting_elsewhere(&st));
    }
    let n = reason.chars().count();
    if !(10..=1000).contains(&n) {
        return Err(ServiceError::Invalid("reason".into()));
    }
    let sent = st.visible.expect("checked by deciding");
    let mut a: quote::ActiveModel = sent.clone().into();
    a.status = Set(QuoteStatus::RevisionRequested.as_str().into());
    a.update(&txn).await?;
    let draft = crate::effects::quote_drafts::create_draft(&txn, &o, now).await?;
    let actor = caller.map(|c| c.user_id);
    crate::audit::record(
        &txn,
        actor,
        "quotes",
        sent.id,
        "revision_requested",
        serde_json::json!({
            "side": side.as_str(),
            "reason": reason,
            "version": sent.version_no,
            "new_version": draft.version_no,
        }),
        now,
    )
    .await?;
    messages::to_staff(
        &txn,
        &crate::messages::ops_managers(&txn).await?,
        "quote_revision_requested",
        crate::vars! {
            "order_number" => o.order_number,
            "version" => sent.version_no,
            "side" => if side == Payer::Customer { "klant" } else { "partner" },
            "reason" => reason,
        },
        Some(o.id),
        now,
    )
    .await?;
    let dto =
        crate::portal_order::view(&txn, caller.ok_or(ServiceError::Unauthenticated)?, &o).await?;
    txn.commit().await?;
    announce(db, bus, o.id).await?;
    Ok(dto)
}

/// Ops send the draft made after a revision request: it becomes the quote
/// on the table (`sent`), the older one is superseded, and the customer is
/// told. Only while the order is in `quote_sent` (other drafts go through
/// the board: `quote_draft` → `quote_ready` → `quote_sent`).
pub async fn send_revision(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    quote_id: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    let q = quote::Entity::find_by_id(quote_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let o = reload(&txn, q.order_id).await?;
    if q.status != QuoteStatus::Draft.as_str() {
        return Err(ServiceError::Conflict("not_a_draft".into()));
    }
    if o.status != QUOTE_SENT {
        // Before the first sending, the board's steps do this.
        return Err(ServiceError::Conflict(if o.status == QUOTE_DRAFT {
            "use_board".into()
        } else {
            "wrong_status".into()
        }));
    }
    // The draft must be the newest version.
    let newest = quote::Entity::find()
        .filter(quote::Column::OrderId.eq(o.id))
        .order_by_desc(quote::Column::VersionNo)
        .one(&txn)
        .await?;
    if newest.map(|n| n.id) != Some(q.id) {
        return Err(ServiceError::Conflict("newer_version".into()));
    }
    quote::Entity::update_many()
        .col_expr(
            quote::Column::Status,
            sea_orm::sea_query::Expr::value(QuoteStatus::Superseded.as_str()),
        )
        .filter(quote::Column::OrderId.eq(o.id))
        .filter(quote::Column::Id.ne(q.id))
        .filter(
            quote::Column::Status.is_in(
                [
                    QuoteStatus::Sent,
                    QuoteStatus::RevisionRequested,
                    QuoteStatus::Draft,
                ]
                .map(QuoteStatus::as_str),
            ),
        )
        .exec(&txn)
        .await?;
    let version = q.version_no;
    let mut a: quote::ActiveModel = q.into();
    a.status = Set(QuoteStatus::Sent.as_str().into());
    a.sent_at = Set(Some(now));
    a.update(&txn).await?;
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "quotes",
        quote_id,
        "revision_sent",
        serde_json::json!({ "version": version }),
        now,
    )
    .await?;
    messages::to_customer(
        &txn,
        &o,
        "quote_revision_sent",
        crate::vars! {"version" => version},
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    announce(db, bus, o.id).await?;
    Ok(())
}

fn waiting_elsewhere(st: &Standing) -> ServiceError {
    ServiceError::Conflict(if st.revision_pending {
        "revision_pending".into()
    } else {
        "not_awaiting_you".into()
    })
}

async fn reload(db: &impl ConnectionTrait, id: i32) -> Result<order::Model, ServiceError> {
    order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// One move of the approval path; a refusal (somebody was first) is a conflict.
async fn step_to(
    db: &impl ConnectionTrait,
    o: &order::Model,
    to: &str,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    apply_move(db, o.clone(), o.version, to, None, actor, now)
        .await?
        .map_err(ServiceError::from)
}

#[cfg(test)]
mod tests;
