//! The customer's start page (002 "CUSTOMER PORTAL" dashboard): each order
//! with its next appointment, what we need from them, and their progress;
//! and the latest messages we sent them.

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::templates::{self, Audience};
use entity::domain::workflow::{customer_step, CUSTOMER_STEPS, INTAKE_SENT};
use entity::domain::{Payer, Role};
use entity::dto::{CurrentUser, CustomerDashboardDto, DashMessageDto, DashOrderDto};
use entity::{order, outbox_message};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// How many messages the page lists.
const MESSAGES: u64 = 5;

pub async fn dashboard(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<CustomerDashboardDto, ServiceError> {
    crate::authz::authorize(
        caller,
        crate::authz::Action::OpenPortal(entity::domain::Portal::Customer),
    )?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    // Staff looking at the customer portal have no orders of their own.
    if caller.role != Role::Customer {
        return Ok(CustomerDashboardDto::default());
    }
    let Some(contact) = caller.contact_id else {
        return Ok(CustomerDashboardDto::default());
    };
    let orders = order::Entity::find()
        .filter(order::Column::EndCustomerContactId.eq(contact))
        .order_by_desc(order::Column::CreatedAt)
        .all(db)
        .await?;
    let brands = crate::names::brands(db).await?;
    let mut out = CustomerDashboardDto::default();
    for o in &orders {
        let booking = crate::booking::booking_of(db, o, now).await?;
        let standing = crate::portal_order::standing(db, o).await?;
        let mut actions = Vec::new();
        if o.status == INTAKE_SENT {
            actions.push("intake".to_owned());
        }
        if standing.awaiting == Some(Payer::Customer) {
            actions.push("approve_quote".to_owned());
        }
        if booking.state == "choose" {
            actions.push(
                if booking.service {
                    "choose_service_slot"
                } else {
                    "choose_slot"
                }
                .to_owned(),
            );
        }
        if booking.state == "booked" && booking.access.is_empty() {
            actions.push("access".to_owned());
        }
        out.orders.push(DashOrderDto {
            order_number: o.order_number.clone(),
            status: o.status.clone(),
            brand: brands
                .get(&o.business_entity_id)
                .cloned()
                .unwrap_or_default(),
            city: o.city.clone(),
            next: booking.appointment,
            actions,
            step: customer_step(&o.status).map_or(0, |s| s + 1),
            steps: CUSTOMER_STEPS.len(),
        });
    }
    let numbers: HashMap<i32, String> = orders
        .iter()
        .map(|o| (o.id, o.order_number.clone()))
        .collect();
    let customer_kinds: Vec<&str> = templates::KINDS
        .iter()
        .filter(|k| k.audience == Audience::Customer)
        .map(|k| k.key)
        .collect();
    for m in outbox_message::Entity::find()
        .filter(outbox_message::Column::OrderId.is_in(numbers.keys().copied()))
        .filter(outbox_message::Column::Template.is_in(customer_kinds))
        .filter(outbox_message::Column::SentAt.is_not_null())
        .order_by_desc(outbox_message::Column::SentAt)
        .order_by_desc(outbox_message::Column::Id)
        .limit(MESSAGES)
        .all(db)
        .await?
    {
        let title = if m.subject.trim().is_empty() {
            let mut t: String = m.body.chars().take(90).collect();
            if m.body.chars().count() > 90 {
                t.push('…');
            }
            t
        } else {
            m.subject.clone()
        };
        out.messages.push(DashMessageDto {
            order_number: m
                .order_id
                .and_then(|id| numbers.get(&id).cloned())
                .unwrap_or_default(),
            channel: m.channel,
            title,
            at: m
                .sent_at
                .map(entity::domain::time::format_local)
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;

    #[tokio::test]
    async fn a_customer_sees_what_we_need_and_what_comes_next() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let me_for = |status: &'static str| async move {
            let o = order::Entity::find()
                .filter(order::Column::Status.eq(status))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let c = testing::customer(o.end_customer_contact_id);
            (o, c)
        };
        // A quote waiting for them: approve it.
        let (o, me) = me_for(entity::domain::workflow::QUOTE_SENT).await;
        let d = dashboard(db, Some(&me), now).await.unwrap();
        let mine = d
            .orders
            .iter()
            .find(|x| x.order_number == o.order_number)
            .unwrap();
        assert!(
            mine.actions.contains(&"approve_quote".to_owned()),
            "{mine:?}"
        );
        assert_eq!((mine.step, mine.steps), (2, 6));
        // Approved by both: choose the time.
        let (o, me) = me_for(entity::domain::workflow::BOTH_APPROVED).await;
        let d = dashboard(db, Some(&me), now).await.unwrap();
        let mine = d
            .orders
            .iter()
            .find(|x| x.order_number == o.order_number)
            .unwrap();
        if mine.next.is_none() {
            assert!(mine.actions.contains(&"choose_slot".to_owned()), "{mine:?}");
        }
        // Messages are the customer's own, newest first, never the partner's.
        let o = order::Entity::find()
            .filter(order::Column::Status.eq(entity::domain::workflow::COMPLETED))
            .filter(order::Column::PartnerId.is_not_null())
            .one(db)
            .await
            .unwrap()
            .expect("a completed partner order");
        let me = testing::customer(o.end_customer_contact_id);
        crate::messages::to_customer(db, &o, "completion_thank_you", Default::default(), now, now)
            .await
            .unwrap();
        crate::messages::to_partner(db, &o, "quote_sent_partner", Default::default(), now)
            .await
            .unwrap();
        outbox_message::Entity::update_many()
            .col_expr(
                outbox_message::Column::SentAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .exec(db)
            .await
            .unwrap();
        let d = dashboard(db, Some(&me), now).await.unwrap();
        assert!(d
            .orders
            .iter()
            .any(|x| x.order_number == o.order_number && x.step == 6));
        assert!(!d.messages.is_empty());
        assert!(d.messages.iter().all(|m| m.order_number == o.order_number));
        let partner_subjects: Vec<String> = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("quote_sent_partner"))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .collect();
        assert!(!partner_subjects.is_empty());
        assert!(d
            .messages
            .iter()
            .all(|m| !partner_subjects.contains(&m.title)));
        assert!(d.messages.len() <= 5);
        // Staff see the portal without orders; partners not at all.
        let staff = dashboard(db, Some(&testing::caller(Role::Admin)), now)
            .await
            .unwrap();
        assert!(staff.orders.is_empty() && staff.messages.is_empty());
        assert!(matches!(
            dashboard(db, Some(&testing::caller(Role::PartnerUser)), now).await,
            Err(ServiceError::Forbidden)
        ));
        tdb.cleanup().await;
    }
}
