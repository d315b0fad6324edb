//! Communication analytics (001 "Communication Analytics"): messages per
//! channel and day, how each channel delivered (sent, delivered and read as
//! the providers' webhooks report them, failed, held back, waiting), how
//! often customers answered (SMS and WhatsApp; e-mail replies go to the
//! entity's support mailbox), and the latest failures. E-mail opens are not
//! tracked: the platform puts no tracking pixels in mail.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::messaging::Channel;
use entity::domain::Portal;
use entity::dto::{
    ChannelStatsDto, CurrentUser, MessageDayDto, MessageFailureDto, MessageStatsDto,
};
use entity::{inbound_message, outbox_message};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeMap, HashMap};

/// How long after a message an answer counts as a response.
pub const RESPONSE_WINDOW: Duration = Duration::hours(72);

const CHANNELS: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::WhatsApp];

/// The last `days` days up to `now`, for ops.
pub async fn overview(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    days: u32,
    now: DateTime<Utc>,
) -> Result<MessageStatsDto, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Operations))?;
    let days = days.clamp(1, 90);
    let since = now - Duration::days(i64::from(days));
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::CreatedAt.gte(since))
        .all(db)
        .await?;
    let inbound = inbound_message::Entity::find()
        .filter(inbound_message::Column::ReceivedAt.gte(since))
        .all(db)
        .await?;

    // Messages that left, per local day and channel.
    let mut per_day: BTreeMap<String, MessageDayDto> = BTreeMap::new();
    for d in 0..days {
        let date = entity::domain::time::amsterdam(now - Duration::days(i64::from(d)))
            .format("%Y-%m-%d")
            .to_string();
        per_day.insert(
            date.clone(),
            MessageDayDto {
                date,
                email: 0,
                sms: 0,
                whatsapp: 0,
            },
        );
    }
    // Answers per order and channel, for the response rate.
    let mut answers: HashMap<(i32, &str), Vec<DateTime<Utc>>> = HashMap::new();
    for m in &inbound {
        if let Some(o) = m.order_id {
            answers
                .entry((o, m.channel.as_str()))
                .or_default()
                .push(m.received_at);
        }
    }
    let mut channels: Vec<ChannelStatsDto> = CHANNELS
        .iter()
        .map(|c| ChannelStatsDto {
            channel: c.as_str().to_owned(),
            sent: 0,
            delivered: 0,
            read: 0,
            failed: 0,
            suppressed: 0,
            waiting: 0,
            response_rate: None,
        })
        .collect();
    let mut about_orders = [0u32; 3];
    let mut answered = [0u32; 3];
    for m in &rows {
        let Some(i) = CHANNELS.iter().position(|c| c.as_str() == m.channel) else {
            continue;
        };
        let s = &mut channels[i];
        match m.state.as_str() {
            crate::delivery::SENT => {
                s.sent += 1;
                let at = m.sent_at.unwrap_or(m.created_at);
                let day = entity::domain::time::amsterdam(at)
                    .format("%Y-%m-%d")
                    .to_string();
                if let Some(d) = per_day.get_mut(&day) {
                    match CHANNELS[i] {
                        Channel::Email => d.email += 1,
                        Channel::Sms => d.sms += 1,
                        Channel::WhatsApp => d.whatsapp += 1,
                    }
                }
                match m.provider_status.as_deref() {
                    Some("delivered") => s.delivered += 1,
                    Some("read") => {
                        s.delivered += 1;
                        s.read += 1;
                    }
                    _ => {}
                }
                if let Some(o) = m.order_id {
                    about_orders[i] += 1;
                    if answers
                        .get(&(o, m.channel.as_str()))
                        .is_some_and(|ts| ts.iter().any(|t| *t > at && *t <= at + RESPONSE_WINDOW))
                    {
                        answered[i] += 1;
                    }
                }
            }
            crate::delivery::FAILED | crate::delivery::UNCERTAIN => s.failed += 1,
            crate::delivery::SUPPRESSED | crate::delivery::CANCELLED => s.suppressed += 1,
            _ => s.waiting += 1,
        }
    }
    for (i, s) in channels.iter_mut().enumerate() {
        // E-mail replies do not reach the platform yet (they go to the
        // entity's support mailbox): no rate rather than a false 0 %.
        if CHANNELS[i] != Channel::Email {
            s.response_rate = (answered[i] * 100).checked_div(about_orders[i]);
        }
    }
    let failures = outbox_message::Entity::find()
        .filter(
            outbox_message::Column::State
                .is_in([crate::delivery::FAILED, crate::delivery::UNCERTAIN]),
        )
        .order_by_desc(outbox_message::Column::Id)
        .limit(20)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MessageFailureDto {
            at: entity::domain::time::format_local(m.created_at),
            channel: m.channel,
            kind: m.template,
            recipient: m.recipient,
            state: m.state,
            error: m.last_error.unwrap_or_default(),
        })
        .collect();
    let (surveys, average) = crate::surveys::summary(db, since).await?;
    Ok(MessageStatsDto {
        days,
        per_day: per_day.into_values().rev().collect(),
        channels,
        failures,
        surveys,
        survey_average_tenths: average.map(|a| (a * 10.0).round() as u32),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use entity::domain::Role;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};

    async fn row(
        db: &impl ConnectionTrait,
        channel: &str,
        state: &str,
        status: Option<&str>,
        order: Option<i32>,
        at: DateTime<Utc>,
    ) {
        outbox_message::ActiveModel {
            channel: Set(channel.into()),
            recipient: Set("+31612345678".into()),
            subject: Set(String::new()),
            body: Set("x".into()),
            template: Set("quote_ready".into()),
            business_entity_id: Set(None),
            created_at: Set(at),
            sent_at: Set((state == "sent").then_some(at)),
            state: Set(state.into()),
            attempts: Set(1),
            not_before: Set(None),
            last_error: Set((state == "failed").then(|| "550 no such user".to_owned())),
            idempotency_key: Set(uuid::Uuid::new_v4().to_string()),
            claimed_at: Set(None),
            class: Set("transactional".into()),
            dedupe_key: Set(String::new()),
            html_body: Set(None),
            order_id: Set(order),
            provider_ref: Set(None),
            provider_status: Set(status.map(str::to_owned)),
            status_at: Set(None),
            unsubscribe_token: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn channels_days_rates_and_failures_are_counted() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 7, 11, 0, 0).unwrap();
        let yesterday = now - Duration::days(1);
        row(db, "email", "sent", None, Some(1), yesterday).await;
        row(db, "email", "failed", None, None, now).await;
        row(db, "email", "suppressed", None, None, now).await;
        row(db, "whatsapp", "sent", Some("read"), Some(1), yesterday).await;
        row(db, "whatsapp", "sent", Some("delivered"), Some(2), now).await;
        row(db, "sms", "pending", None, None, now).await;
        // Forty days ago: outside the period.
        row(db, "sms", "sent", None, None, now - Duration::days(40)).await;
        // Order 1's customer answered the WhatsApp message within the window.
        inbound_message::ActiveModel {
            channel: Set("whatsapp".into()),
            sender: Set("+31612345678".into()),
            contact_id: Set(None),
            order_id: Set(Some(1)),
            body: Set("Prima".into()),
            provider_ref: Set("wamid.a".into()),
            received_at: Set(yesterday + Duration::hours(2)),
            answered_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();

        let ops = testing::caller(Role::OpsManager);
        let s = overview(db, Some(&ops), 14, now).await.unwrap();
        let by = |c: &str| s.channels.iter().find(|x| x.channel == c).unwrap().clone();
        let email = by("email");
        assert_eq!(
            (
                email.sent,
                email.failed,
                email.suppressed,
                email.response_rate
            ),
            (1, 1, 1, None)
        );
        let wa = by("whatsapp");
        assert_eq!(
            (wa.sent, wa.delivered, wa.read, wa.response_rate),
            (2, 2, 1, Some(50))
        );
        let sms = by("sms");
        assert_eq!((sms.sent, sms.waiting, sms.response_rate), (0, 1, None));
        assert_eq!(s.per_day.len(), 14);
        assert_eq!(s.per_day[0].date, "2026-12-07");
        assert_eq!((s.per_day[0].email, s.per_day[0].whatsapp), (0, 1));
        assert_eq!((s.per_day[1].email, s.per_day[1].whatsapp), (1, 1));
        assert_eq!(s.failures.len(), 1);
        assert_eq!(s.failures[0].error, "550 no such user");
        // Customers and partners do not see it.
        let customer = testing::caller(Role::Customer);
        assert!(matches!(
            overview(db, Some(&customer), 14, now).await,
            Err(ServiceError::Forbidden)
        ));
        tdb.cleanup().await;
    }
}
