//! The effects of the order lifecycle, each a subscriber to the domain
//! events that `transition` records: quote drafts and their status, intake
//! links, invoices, and the messages that go with them. They run in the
//! transaction of the change that caused them, and none of them moves an
//! order: the modules here import nothing that does.

pub mod intake_links;
pub mod invoicing;
pub mod notices;
pub mod quote_drafts;
pub mod reminders;
pub mod timed;
pub mod webhooks;

use crate::domain_events::DomainEvent;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::order;
use sea_orm::ConnectionTrait;

/// Hands `event` to every subscriber, in order. `before` is the order as it
/// was before the change.
pub(crate) async fn react(
    txn: &impl ConnectionTrait,
    event: &DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    quote_drafts::on_event(txn, event, before, now).await?;
    intake_links::on_event(txn, event, before, now).await?;
    invoicing::on_event(txn, event, before, now).await?;
    notices::on_event(txn, event, before, now).await?;
    reminders::on_event(txn, event, before, now).await?;
    timed::on_event(txn, event, before, now).await?;
    webhooks::on_event(txn, event, before, now).await?;
    Ok(())
}

/// The status an event says the order entered, unless a hold merely ended.
pub(crate) fn entered(event: &DomainEvent) -> Option<&str> {
    match event {
        DomainEvent::OrderEntered {
            to, resumed: false, ..
        } => Some(to.as_str()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::{INTAKE_SENT, NEW_LEAD, QUOTE_DRAFT};
    use entity::{intake_request, outbox_message, quote};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

    fn entered(o: &order::Model, to: &str, resumed: bool) -> DomainEvent {
        DomainEvent::OrderEntered {
            order_id: o.id,
            from: o.status.clone(),
            to: to.to_owned(),
            reason: None,
            resumed,
        }
    }

    /// Each subscriber on its own: it does its one thing for its event and
    /// nothing for any other, without a transition around it.
    #[tokio::test]
    async fn each_effect_reacts_to_its_own_event_only() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
        let o = order::Entity::find()
            .filter(order::Column::Status.eq(NEW_LEAD))
            .order_by_asc(order::Column::Id)
            .one(db)
            .await
            .unwrap()
            .expect("a new lead");
        let links = || {
            intake_request::Entity::find()
                .filter(intake_request::Column::OrderId.eq(o.id))
                .count(db)
        };
        let mails = || outbox_message::Entity::find().count(db);
        let (links0, mails0) = (links().await.unwrap(), mails().await.unwrap());

        // A hold that ends does not start anything again.
        intake_links::on_event(db, &entered(&o, INTAKE_SENT, true), &o, now)
            .await
            .unwrap();
        // Another status is not this subscriber's business.
        intake_links::on_event(db, &entered(&o, QUOTE_DRAFT, false), &o, now)
            .await
            .unwrap();
        assert_eq!(
            (links().await.unwrap(), mails().await.unwrap()),
            (links0, mails0)
        );
        intake_links::on_event(db, &entered(&o, INTAKE_SENT, false), &o, now)
            .await
            .unwrap();
        assert_eq!(links().await.unwrap(), links0 + 1, "one intake link");
        assert_eq!(mails().await.unwrap(), mails0 + 1, "mailed to the customer");

        let drafts = || {
            quote::Entity::find()
                .filter(quote::Column::OrderId.eq(o.id))
                .count(db)
        };
        let drafts0 = drafts().await.unwrap();
        quote_drafts::on_event(db, &entered(&o, INTAKE_SENT, false), &o, now)
            .await
            .unwrap();
        assert_eq!(drafts().await.unwrap(), drafts0);
        quote_drafts::on_event(db, &entered(&o, QUOTE_DRAFT, false), &o, now)
            .await
            .unwrap();
        assert_eq!(drafts().await.unwrap(), drafts0 + 1, "a priced draft");
        tdb.cleanup().await;
    }
}
