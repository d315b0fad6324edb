//! Timed messages that count from a status (001 "Time-Based Triggers" and
//! "Escalation Triggers", as data in `entity::domain::triggers`, set per
//! business entity in `crate::timings`): a quote or intake not answered
//! (a reminder to the customer, then a call for ops), a partner that does
//! not approve (an escalation to the partner), and after completion the
//! survey and the annual check-up. Each is queued when the order enters its
//! status, for its time; the order leaving that status first cancels the
//! ones that only make sense while it waits there.

use crate::domain_events::DomainEvent;
use crate::messages::{self, Message, Recipient as To};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::triggers::{Anchor, Recipient, Timing, TRIGGERS};
use entity::order;
use sea_orm::ConnectionTrait;

fn anchored_at(anchor: Anchor, status: &str) -> bool {
    matches!(anchor, Anchor::Entered(s) if s == status)
}

/// The kinds that the order leaving `status` cancels.
pub fn ended_by_leaving(status: &str) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = TRIGGERS
        .iter()
        .filter(|t| t.ends_when_left && anchored_at(t.anchor, status))
        .map(|t| t.kind)
        .collect();
    kinds.dedup();
    kinds
}

/// Queues one timed message for `o`, due at `due`.
async fn queue(
    txn: &impl ConnectionTrait,
    o: &order::Model,
    timing: &Timing,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let t = timing.trigger;
    let mut vars = messages::Vars::new();
    vars.insert("hours".into(), timing.hours.into());
    match t.to {
        Recipient::Customer => {
            if t.kind == "survey" {
                let link = crate::surveys::open_link(txn, o, now).await?;
                vars.insert("survey_link".into(), link.into());
            }
            messages::to_customer(txn, o, t.kind, vars, due, now).await?;
        }
        Recipient::Partner => {
            messages::to_partner_at(txn, o, t.kind, vars, due, now).await?;
        }
        Recipient::OpsManagers => {
            for email in messages::ops_managers(txn).await? {
                messages::send(
                    txn,
                    Message {
                        kind: t.kind,
                        to: &To::address(&email),
                        business_entity_id: None,
                        order_id: Some(o.id),
                        vars: crate::vars! {
                            "order_number" => o.order_number,
                            "hours" => timing.hours,
                        },
                        due,
                        only: None,
                    },
                    now,
                )
                .await?;
            }
        }
    }
    Ok(())
}

pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let DomainEvent::OrderEntered { to, resumed, .. } = event else {
        return Ok(());
    };
    // Whatever the order does next, the waiting is over once it leaves the
    // status (a hold that resumes into it does not restart it).
    if before.status != *to {
        let ended = ended_by_leaving(&before.status);
        if !ended.is_empty() {
            crate::outbox::cancel_pending(txn, before.id, &ended, "order moved on").await?;
        }
    }
    if *resumed {
        return Ok(());
    }
    let starts: Vec<Timing> = crate::timings::of_entity(txn, before.business_entity_id)
        .await?
        .into_iter()
        .filter(|t| t.enabled && anchored_at(t.trigger.anchor, to))
        .collect();
    for timing in &starts {
        let due = now + Duration::hours(i64::from(timing.hours));
        queue(txn, before, timing, due, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::{
        BOTH_APPROVED, COMPLETED, CUSTOMER_APPROVED, INTAKE_COMPLETED, INTAKE_SENT, IN_PROGRESS,
        NEW_LEAD, QUOTE_DRAFT, QUOTE_SENT,
    };
    use entity::domain::Role;
    use entity::outbox_message;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

    fn entered(o: &order::Model, to: &str) -> DomainEvent {
        DomainEvent::OrderEntered {
            order_id: o.id,
            from: o.status.clone(),
            to: to.to_owned(),
            reason: None,
            resumed: false,
        }
    }

    /// Moves `o` (as the event would) from its status to `to` at `at`.
    async fn enter(db: &DatabaseConnection, o: &mut order::Model, to: &str, at: DateTime<Utc>) {
        on_event(db, &entered(o, to), o, at).await.unwrap();
        o.status = to.to_owned();
    }

    async fn queued(
        db: &DatabaseConnection,
        o: &order::Model,
        kinds: &[&str],
    ) -> Vec<outbox_message::Model> {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::OrderId.eq(o.id))
            .filter(outbox_message::Column::Template.is_in(kinds.iter().copied()))
            .all(db)
            .await
            .unwrap()
    }

    async fn setup() -> (testing::TestDb, order::Model, DateTime<Utc>) {
        let tdb = testing::sqlite().await;
        seed_with(&tdb.db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let o = order::Entity::find()
            .filter(order::Column::PartnerId.is_not_null())
            .one(&tdb.db)
            .await
            .unwrap()
            .unwrap();
        (
            tdb,
            o,
            testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc(),
        )
    }

    #[tokio::test]
    async fn a_sent_quote_is_followed_up_until_it_is_answered() {
        let (tdb, mut o, now) = setup().await;
        let db = &tdb.db;
        o.status = QUOTE_DRAFT.into();
        enter(db, &mut o, QUOTE_SENT, now).await;
        let kinds = ["quote_follow_up", "no_response_escalation"];
        let rows = queued(db, &o, &kinds).await;
        let customer = rows
            .iter()
            .find(|m| m.template == "quote_follow_up" && m.channel == "email")
            .unwrap();
        assert_eq!(customer.not_before, Some(now + Duration::days(3)));
        let calls: Vec<_> = rows
            .iter()
            .filter(|m| m.template == "no_response_escalation")
            .collect();
        assert!(!calls.is_empty(), "every ops manager is asked to call");
        assert!(calls
            .iter()
            .all(|m| m.not_before == Some(now + Duration::days(7))
                && m.body.contains(&o.order_number)
                && m.body.contains("168 uur")));
        assert!(rows.iter().all(|m| m.state == "pending"));

        // The customer approves on day two: nothing of it goes out.
        enter(db, &mut o, CUSTOMER_APPROVED, now + Duration::days(2)).await;
        let after = queued(db, &o, &kinds).await;
        assert_eq!(after.len(), rows.len());
        assert!(after
            .iter()
            .all(|m| m.state == "cancelled" && m.last_error.as_deref() == Some("order moved on")));
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn an_unanswered_intake_gets_an_sms_after_48_hours_and_a_call_after_72() {
        let (tdb, mut o, now) = setup().await;
        let db = &tdb.db;
        o.status = NEW_LEAD.into();
        enter(db, &mut o, INTAKE_SENT, now).await;
        let rows = queued(db, &o, &["intake_reminder", "no_response_escalation"]).await;
        let sms = rows
            .iter()
            .find(|m| m.template == "intake_reminder")
            .unwrap();
        assert_eq!(sms.channel, "sms");
        assert_eq!(sms.not_before, Some(now + Duration::hours(48)));
        assert!(sms.body.contains(&o.order_number), "{}", sms.body);
        assert!(rows.iter().any(|m| m.template == "no_response_escalation"
            && m.not_before == Some(now + Duration::hours(72))));
        // The customer fills it in: the reminders stop.
        enter(db, &mut o, INTAKE_COMPLETED, now + Duration::hours(5)).await;
        assert!(
            queued(db, &o, &["intake_reminder", "no_response_escalation"])
                .await
                .iter()
                .all(|m| m.state == "cancelled")
        );
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn a_partner_that_does_not_approve_within_24_hours_is_escalated_to() {
        let (tdb, mut o, now) = setup().await;
        let db = &tdb.db;
        let partner_mail = crate::messages::partner_of(db, &o)
            .await
            .unwrap()
            .unwrap()
            .0;
        o.status = QUOTE_SENT.into();
        enter(db, &mut o, CUSTOMER_APPROVED, now).await;
        let rows = queued(db, &o, &["partner_approval_reminder"]).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].not_before, Some(now + Duration::hours(24)));
        assert!(
            rows[0]
                .recipient
                .contains(partner_mail.email.as_deref().unwrap()),
            "{}",
            rows[0].recipient
        );
        assert!(rows[0].body.contains("24 uur"), "{}", rows[0].body);
        enter(db, &mut o, BOTH_APPROVED, now + Duration::hours(3)).await;
        assert_eq!(
            queued(db, &o, &["partner_approval_reminder"]).await[0].state,
            "cancelled"
        );
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn completion_queues_the_survey_and_the_annual_check_up_as_the_entity_set_them() {
        let (tdb, mut o, now) = setup().await;
        let db = &tdb.db;
        // This entity sends its survey after two days and no check-up.
        let admin = testing::caller(Role::Admin);
        let survey = crate::timings::save(
            db,
            Some(&admin),
            o.business_entity_id,
            "survey",
            true,
            48,
            0,
            now,
        )
        .await
        .unwrap();
        crate::timings::save(
            db,
            Some(&admin),
            o.business_entity_id,
            "annual_checkup",
            false,
            8760,
            0,
            now,
        )
        .await
        .unwrap();
        // Both are marketing: they need the customer's consent.
        let consent = |o: order::Model| async move {
            let to = crate::messages::customer_of(db, &o).await.unwrap().unwrap();
            crate::consent::record(
                db,
                to.email.as_deref().unwrap(),
                entity::domain::messaging::Channel::Email,
                true,
                "preferences",
                now,
            )
            .await
            .unwrap();
        };
        consent(o.clone()).await;
        o.status = IN_PROGRESS.into();
        enter(db, &mut o, COMPLETED, now).await;
        let rows = queued(db, &o, &["survey", "annual_checkup"]).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].template, "survey");
        assert_eq!(rows[0].not_before, Some(now + Duration::hours(48)));
        // Its link opens this order's survey.
        let token = rows[0]
            .body
            .split_whitespace()
            .find_map(|w| w.split("/tevredenheid/").nth(1))
            .unwrap_or_else(|| panic!("{}", rows[0].body));
        let form = crate::surveys::form(db, token).await.unwrap();
        assert_eq!(form.order_number, o.order_number);

        // Switched back on with the default year: the next order gets both.
        crate::timings::save(
            db,
            Some(&admin),
            o.business_entity_id,
            "survey",
            true,
            168,
            survey.version,
            now,
        )
        .await
        .unwrap();
        let mut next = order::Entity::find()
            .filter(order::Column::BusinessEntityId.eq(o.business_entity_id))
            .filter(order::Column::Id.ne(o.id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        consent(next.clone()).await;
        next.status = IN_PROGRESS.into();
        crate::timings::save(
            db,
            Some(&admin),
            o.business_entity_id,
            "annual_checkup",
            true,
            8760,
            1,
            now,
        )
        .await
        .unwrap();
        enter(db, &mut next, COMPLETED, now).await;
        let mut due: Vec<_> = queued(db, &next, &["survey", "annual_checkup"])
            .await
            .into_iter()
            .map(|m| (m.template, m.not_before))
            .collect();
        due.sort();
        assert_eq!(
            due,
            [
                ("annual_checkup".to_owned(), Some(now + Duration::days(365))),
                ("survey".to_owned(), Some(now + Duration::days(7))),
            ]
        );
        tdb.cleanup().await;
    }
}
