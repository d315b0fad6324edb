//! The partner portal's quotes (`/partner/offertes`, issue 20; 000 steps
//! 5–6): every quote on the table for the partner's orders, those waiting
//! for the partner first (000 gives the partner 24 hours), and approval of
//! several at once. Each approval is the portal's own (`approvals`), so a
//! quote that changed meanwhile or no longer waits is refused on its own
//! and the others go through.

use crate::api_keys::partner_of;
use crate::events::Bus;
use crate::portal_order::standing;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::time::format_local;
use entity::domain::workflow::{CUSTOMER_APPROVED, QUOTE_SENT};
use entity::domain::Payer;
use entity::dto::{BulkApprovalDto, CurrentUser, PartnerQuoteRowDto};
use entity::order;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// The most orders one bulk approval takes.
pub const BULK_MAX: usize = 100;

/// The quotes on the table for the caller's partner's orders: those that
/// wait for the partner first (oldest first), then those that wait for the
/// customer.
pub async fn waiting(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<Vec<PartnerQuoteRowDto>, ServiceError> {
    let (partner_id, _) = partner_of(caller)?;
    let orders = order::Entity::find()
        .filter(order::Column::PartnerId.eq(partner_id))
        .filter(order::Column::Status.is_in([CUSTOMER_APPROVED, QUOTE_SENT]))
        .order_by_asc(order::Column::StatusSince)
        .all(db)
        .await?;
    let brands = crate::names::brands(db).await?;
    let customers =
        crate::names::contacts(db, orders.iter().map(|o| o.end_customer_contact_id)).await?;
    let mut rows = Vec::new();
    for o in orders {
        let st = standing(db, &o).await?;
        let (Some(q), Some(awaiting)) = (st.visible, st.awaiting) else {
            continue;
        };
        rows.push(PartnerQuoteRowDto {
            customer: customers
                .get(&o.end_customer_contact_id)
                .cloned()
                .unwrap_or_default(),
            brand: brands
                .get(&o.business_entity_id)
                .cloned()
                .unwrap_or_default(),
            city: o.city.clone(),
            quote_id: q.id,
            version: q.version_no,
            partner_total_cents: q.partner_total_cents,
            awaiting: awaiting.as_str().to_owned(),
            since: format_local(o.status_since),
            due: o.sla_due_at.map(format_local),
            overdue: o.sla_due_at.is_some_and(|d| d < now),
            order_number: o.order_number,
        });
    }
    rows.sort_by_key(|r| r.awaiting != Payer::Partner.as_str());
    Ok(rows)
}

/// Approves each `(order number, quote id)` for the partner, one by one;
/// a refusal of one does not stop the others.
pub async fn approve_many(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    items: &[(String, i32)],
    now: DateTime<Utc>,
) -> Result<Vec<BulkApprovalDto>, ServiceError> {
    partner_of(caller)?;
    if items.is_empty() || items.len() > BULK_MAX {
        return Err(ServiceError::Invalid("items".into()));
    }
    let mut out = Vec::new();
    for (number, quote_id) in items {
        let refused = match crate::approvals::approve(db, bus, caller, number, *quote_id, now).await
        {
            Ok(_) => None,
            Err(ServiceError::Conflict(code)) => Some(code),
            Err(ServiceError::Stale) => Some("stale".to_owned()),
            Err(ServiceError::NotFound) => Some("not_found".to_owned()),
            Err(e) => return Err(e),
        };
        out.push(BulkApprovalDto {
            order_number: number.clone(),
            refused,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::BOTH_APPROVED;
    use entity::domain::Role;

    #[tokio::test]
    async fn a_partner_approves_the_quotes_that_wait_for_it_in_one_go() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = chrono::Utc::now();
            let o = order::Entity::find()
                .filter(order::Column::Status.eq(QUOTE_SENT))
                .filter(order::Column::PartnerId.is_not_null())
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let partner = CurrentUser {
                partner_id: o.partner_id,
                ..testing::caller(Role::PartnerUser)
            };
            let rows = waiting(db, Some(&partner), now).await.unwrap();
            let row = rows
                .iter()
                .find(|r| r.order_number == o.order_number)
                .unwrap();
            assert_eq!(row.awaiting, "customer", "{}", tdb.backend);
            // Not yet the partner's turn: refused, and nothing moves.
            let r = approve_many(
                db,
                None,
                Some(&partner),
                &[(o.order_number.clone(), row.quote_id)],
                now,
            )
            .await
            .unwrap();
            assert_eq!(r[0].refused.as_deref(), Some("not_awaiting_you"));
            // The customer approves; now it waits for the partner and is first.
            let customer = CurrentUser {
                contact_id: Some(o.end_customer_contact_id),
                ..testing::caller(Role::Customer)
            };
            crate::approvals::approve(
                db,
                None,
                Some(&customer),
                &o.order_number,
                row.quote_id,
                now,
            )
            .await
            .unwrap();
            let rows = waiting(db, Some(&partner), now).await.unwrap();
            assert_eq!(
                (rows[0].order_number.as_str(), rows[0].awaiting.as_str()),
                (o.order_number.as_str(), "partner")
            );
            assert!(rows[0].due.is_some());
            // One good, one stale id, one unknown order: each on its own.
            let r = approve_many(
                db,
                None,
                Some(&partner),
                &[
                    (o.order_number.clone(), row.quote_id + 1000),
                    (o.order_number.clone(), row.quote_id),
                    ("XX-2026-99999".into(), 1),
                ],
                now,
            )
            .await
            .unwrap();
            let refused: Vec<Option<&str>> = r.iter().map(|x| x.refused.as_deref()).collect();
            assert_eq!(refused, [Some("newer_version"), None, Some("not_found")]);
            let after = order::Entity::find_by_id(o.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(after.status, BOTH_APPROVED);
            assert!(waiting(db, Some(&partner), now)
                .await
                .unwrap()
                .iter()
                .all(|r| r.order_number != o.order_number));
            // Another partner sees none of it.
            let other = CurrentUser {
                partner_id: Some(o.partner_id.unwrap() + 1),
                ..partner.clone()
            };
            assert!(waiting(db, Some(&other), now)
                .await
                .unwrap()
                .iter()
                .all(|r| r.order_number != o.order_number));
            tdb.cleanup().await;
        }
    }
}
