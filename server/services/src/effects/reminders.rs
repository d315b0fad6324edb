//! Appointment reminders (001 "Time-Based Triggers"): T-48h by e-mail,
//! T-24h by SMS, T-2h on WhatsApp. A scheduled appointment queues them for
//! their times; a moved one cancels the pending ones and queues them anew;
//! a cancelled one cancels them. A reminder whose time has passed, or that
//! quiet hours would hold back until the appointment has begun, is not sent.

use crate::domain_events::{Appointment, DomainEvent};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::messaging::release_time;
use entity::domain::templates as kinds;
use entity::domain::triggers::{Anchor, Timing, TRIGGERS};
use entity::order;
use sea_orm::ConnectionTrait;

/// The reminders' template kinds (each a trigger before the visit).
fn kinds_of_reminders() -> Vec<&'static str> {
    TRIGGERS
        .iter()
        .filter(|t| t.anchor == Anchor::BeforeVisit)
        .map(|t| t.kind)
        .collect()
}

/// The reminders to queue for an appointment starting at `start`, seen at
/// `now`, as the entity set them (`timings`): `(kind, due)`, without the
/// ones switched off, already past, or that quiet hours would push to the
/// start or later.
pub fn due_times(
    timings: &[Timing],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<(&'static str, DateTime<Utc>)> {
    timings
        .iter()
        .filter(|t| t.enabled && t.trigger.anchor == Anchor::BeforeVisit)
        .filter_map(|t| {
            let kind = kinds::find(t.trigger.kind)?;
            let due = start - Duration::hours(i64::from(t.hours));
            let channel = *kind.channels.first()?;
            (due > now && release_time(channel, kind.class, due) < start).then_some((kind.key, due))
        })
        .collect()
}

async fn schedule(
    txn: &impl ConnectionTrait,
    o: &order::Model,
    a: &Appointment,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let start = entity::domain::time::local_to_utc(a.date, a.from_min);
    let timings = crate::timings::of_entity(txn, o.business_entity_id).await?;
    for (kind, due) in due_times(&timings, start, now) {
        let mut vars = super::notices::appointment_vars(a);
        vars.insert("installer_team".into(), a.team.clone().into());
        crate::messages::to_customer(txn, o, kind, vars, due, now).await?;
    }
    Ok(())
}

pub(crate) async fn on_event(
    txn: &impl ConnectionTrait,
    event: &DomainEvent,
    before: &order::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match event {
        DomainEvent::VisitScheduled { appointment, .. } => {
            schedule(txn, before, appointment, now).await
        }
        DomainEvent::VisitMoved { appointment, .. } => {
            crate::outbox::cancel_pending(
                txn,
                before.id,
                &kinds_of_reminders(),
                "appointment moved",
            )
            .await?;
            schedule(txn, before, appointment, now).await
        }
        DomainEvent::VisitCancelled { .. } => {
            crate::outbox::cancel_pending(
                txn,
                before.id,
                &kinds_of_reminders(),
                "appointment cancelled",
            )
            .await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use entity::domain::triggers::defaults;

    #[test]
    fn reminders_fall_at_48_24_and_2_hours_unless_past_or_held_past_the_start() {
        let local = |d, h, m| {
            entity::domain::time::local_to_utc(
                chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap(),
                h * 60 + m,
            )
        };
        let fmt = |v: Vec<(&str, DateTime<Utc>)>| -> Vec<(String, String)> {
            v.into_iter()
                .map(|(k, t)| (k.to_owned(), entity::domain::time::format_local(t)))
                .collect()
        };
        let monday = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        // Thursday 10:00: all three.
        assert_eq!(
            fmt(due_times(&defaults(), local(10, 10, 0), monday)),
            [
                (
                    "appointment_reminder_48h".to_owned(),
                    "2026-12-08 10:00".to_owned()
                ),
                (
                    "appointment_reminder_24h".to_owned(),
                    "2026-12-09 10:00".to_owned()
                ),
                (
                    "appointment_reminder_2h".to_owned(),
                    "2026-12-10 08:00".to_owned()
                ),
            ]
        );
        // Thursday 08:00: the WhatsApp one would be due at 06:00, in quiet
        // hours until 08:00, so it is left out; the others stay.
        assert_eq!(
            fmt(due_times(&defaults(), local(10, 8, 0), monday))
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["appointment_reminder_48h", "appointment_reminder_24h"]
        );
        // Scheduled 30 hours ahead: the 48-hour reminder has passed.
        assert_eq!(
            fmt(due_times(&defaults(), monday + Duration::hours(30), monday))
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["appointment_reminder_24h", "appointment_reminder_2h"]
        );
        // Today in an hour: nothing.
        assert!(due_times(&defaults(), monday + Duration::hours(1), monday).is_empty());
    }

    #[test]
    fn an_entity_can_switch_a_reminder_off_or_move_it() {
        let start = entity::domain::time::local_to_utc(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            10 * 60,
        );
        let monday = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let mut timings = defaults();
        for t in timings.iter_mut() {
            match t.trigger.key {
                "reminder_48h" => t.hours = 50,
                "reminder_2h" => t.enabled = false,
                _ => {}
            }
        }
        let got: Vec<(&str, String)> = due_times(&timings, start, monday)
            .into_iter()
            .map(|(k, t)| (k, entity::domain::time::format_local(t)))
            .collect();
        assert_eq!(
            got,
            [
                ("appointment_reminder_48h", "2026-12-08 08:00".to_owned()),
                ("appointment_reminder_24h", "2026-12-09 10:00".to_owned()),
            ]
        );
    }
}
