//! Follow-ups of a quote (001 "Time-Based Triggers"): not answered after
//! three days, the customer gets a reminder; after seven days ops are asked
//! to call. Both are queued when the quote is sent, for their time; the
//! order leaving `quote_sent` first (approved, revised, cancelled) cancels
//! what has not gone out.

use crate::domain_events::DomainEvent;
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::workflow::QUOTE_SENT;
use entity::order;
use sea_orm::ConnectionTrait;

/// The follow-ups of a quote that waits for the customer.
pub const QUOTE_FOLLOW_UPS: [&str; 2] = ["quote_follow_up", "no_response_escalation"];
/// When after sending: the customer's reminder, then ops' call.
pub const QUOTE_REMINDER_AFTER: Duration = Duration::days(3);
pub const QUOTE_CALL_AFTER: Duration = Duration::days(7);

pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let DomainEvent::OrderEntered { to, resumed, .. } = event else {
        return Ok(());
    };
    // Whatever the order does next, a quote's follow-ups are over once it
    // leaves `quote_sent` (a hold that resumes into it does not restart them).
    if before.status == QUOTE_SENT && to != QUOTE_SENT {
        crate::outbox::cancel_pending(txn, before.id, &QUOTE_FOLLOW_UPS, "quote answered").await?;
    }
    if *resumed {
        return Ok(());
    }
    if to == QUOTE_SENT {
        crate::messages::to_customer(
            txn,
            before,
            "quote_follow_up",
            crate::messages::Vars::new(),
            now + QUOTE_REMINDER_AFTER,
            now,
        )
        .await?;
        for email in crate::messages::ops_managers(txn).await? {
            crate::messages::send(
                txn,
                crate::messages::Message {
                    kind: "no_response_escalation",
                    to: &crate::messages::Recipient::address(&email),
                    business_entity_id: None,
                    order_id: Some(before.id),
                    vars: crate::vars! {
                        "order_number" => before.order_number,
                        "hours" => QUOTE_CALL_AFTER.num_hours(),
                    },
                    due: now + QUOTE_CALL_AFTER,
                    only: None,
                },
                now,
            )
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::{CUSTOMER_APPROVED, QUOTE_DRAFT};
    use entity::outbox_message;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    fn entered(o: &order::Model, from: &str, to: &str) -> DomainEvent {
        DomainEvent::OrderEntered {
            order_id: o.id,
            from: from.to_owned(),
            to: to.to_owned(),
            reason: None,
            resumed: false,
        }
    }

    #[tokio::test]
    async fn a_sent_quote_is_followed_up_until_it_is_answered() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
        let o = order::Entity::find().one(db).await.unwrap().unwrap();
        let rows = || async {
            outbox_message::Entity::find()
                .filter(outbox_message::Column::OrderId.eq(o.id))
                .filter(outbox_message::Column::Template.is_in(QUOTE_FOLLOW_UPS))
                .all(db)
                .await
                .unwrap()
        };
        let draft = order::Model {
            status: QUOTE_DRAFT.into(),
            ..o.clone()
        };
        on_event(db, &entered(&draft, QUOTE_DRAFT, QUOTE_SENT), &draft, now)
            .await
            .unwrap();
        let queued = rows().await;
        let customer = queued
            .iter()
            .find(|m| m.template == "quote_follow_up" && m.channel == "email")
            .unwrap();
        assert_eq!(customer.not_before, Some(now + QUOTE_REMINDER_AFTER));
        let calls: Vec<_> = queued
            .iter()
            .filter(|m| m.template == "no_response_escalation")
            .collect();
        assert!(!calls.is_empty(), "every ops manager is asked to call");
        assert!(calls
            .iter()
            .all(|m| m.not_before == Some(now + QUOTE_CALL_AFTER)
                && m.body.contains(&o.order_number)));
        assert!(queued.iter().all(|m| m.state == "pending"));

        // The customer approves on day two: nothing of it goes out.
        let sent = order::Model {
            status: QUOTE_SENT.into(),
            ..o.clone()
        };
        on_event(
            db,
            &entered(&sent, QUOTE_SENT, CUSTOMER_APPROVED),
            &sent,
            now + Duration::days(2),
        )
        .await
        .unwrap();
        let after = rows().await;
        assert_eq!(after.len(), queued.len());
        assert!(after
            .iter()
            .all(|m| m.state == "cancelled" && m.last_error.as_deref() == Some("quote answered")));
        tdb.cleanup().await;
    }
}
