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
use entity::order;
use sea_orm::ConnectionTrait;

/// Each reminder and how long before the appointment it is due.
pub const REMINDERS: [(&str, Duration); 3] = [
    ("appointment_reminder_48h", Duration::hours(48)),
    ("appointment_reminder_24h", Duration::hours(24)),
    ("appointment_reminder_2h", Duration::hours(2)),
];

fn kinds_of_reminders() -> [&'static str; 3] {
    REMINDERS.map(|(k, _)| k)
}

/// The reminders to queue for an appointment starting at `start`, seen at
/// `now`: `(kind, due)`, without the ones already past or that quiet hours
/// would push to the start or later.
pub fn due_times(start: DateTime<Utc>, now: DateTime<Utc>) -> Vec<(&'static str, DateTime<Utc>)> {
    REMINDERS
        .iter()
        .filter_map(|&(key, before)| {
            let kind = kinds::find(key)?;
            let due = start - before;
            let channel = *kind.channels.first()?;
            (due > now && release_time(channel, kind.class, due) < start).then_some((key, due))
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
    for (kind, due) in due_times(start, now) {
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
            fmt(due_times(local(10, 10, 0), monday)),
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
            fmt(due_times(local(10, 8, 0), monday))
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["appointment_reminder_48h", "appointment_reminder_24h"]
        );
        // Scheduled 30 hours ahead: the 48-hour reminder has passed.
        assert_eq!(
            fmt(due_times(monday + Duration::hours(30), monday))
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["appointment_reminder_24h", "appointment_reminder_2h"]
        );
        // Today in an hour: nothing.
        assert!(due_times(monday + Duration::hours(1), monday).is_empty());
    }
}
