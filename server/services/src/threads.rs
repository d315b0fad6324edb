//! An order's thread (001 "Communication Thread Management"): every
//! message about the order, out and in, on every channel, in time order;
//! ops read it on the order page and answer the customer on a channel of
//! their choice. Answering marks the customer's messages as answered.

use crate::authz::{authorize, Action};
use crate::messages::{self, Message};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::{mobile_number, Channel};
use entity::domain::Portal;
use entity::dto::{CurrentUser, ThreadDto, ThreadEntryDto};
use entity::{contact, inbound_message, order, outbox_message};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The longest answer ops can write (an SMS answer: three parts with the
/// brand's prefix).
pub const MAX_ANSWER: usize = 2000;
pub const MAX_SMS_ANSWER: usize = 400;

async fn order_by_number(
    db: &impl ConnectionTrait,
    number: &str,
) -> Result<order::Model, ServiceError> {
    order::Entity::find()
        .filter(order::Column::OrderNumber.eq(number))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The channels the customer of `o` can be answered on, and their mobile
/// number if they have one.
async fn reachable(
    db: &impl ConnectionTrait,
    o: &order::Model,
) -> Result<(Vec<Channel>, Option<String>), ServiceError> {
    let Some(c) = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
    else {
        return Ok((Vec::new(), None));
    };
    let mut channels = Vec::new();
    if c.email.as_deref().is_some_and(|e| !e.trim().is_empty()) {
        channels.push(Channel::Email);
    }
    let mobile = c.phone.as_deref().and_then(mobile_number);
    if mobile.is_some() {
        channels.extend([Channel::Sms, Channel::WhatsApp]);
    }
    Ok((channels, mobile))
}

/// The thread of order `number`, for ops.
pub async fn for_order(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    number: &str,
    now: DateTime<Utc>,
) -> Result<ThreadDto, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Operations))?;
    let o = order_by_number(db, number).await?;
    let mut entries: Vec<(DateTime<Utc>, ThreadEntryDto)> = Vec::new();
    for m in outbox_message::Entity::find()
        .filter(outbox_message::Column::OrderId.eq(o.id))
        .all(db)
        .await?
    {
        let at = m.sent_at.or(m.not_before).unwrap_or(m.created_at);
        entries.push((
            at,
            ThreadEntryDto {
                at: entity::domain::time::format_local(at),
                direction: "out".into(),
                channel: m.channel,
                party: m.recipient,
                subject: m.subject,
                body: crate::outbox::mask_links(&m.body),
                state: m.provider_status.unwrap_or(m.state),
                unanswered: false,
            },
        ));
    }
    for m in inbound_message::Entity::find()
        .filter(inbound_message::Column::OrderId.eq(o.id))
        .all(db)
        .await?
    {
        entries.push((
            m.received_at,
            ThreadEntryDto {
                at: entity::domain::time::format_local(m.received_at),
                direction: "in".into(),
                channel: m.channel,
                party: m.sender,
                subject: String::new(),
                body: m.body,
                state: "received".into(),
                unanswered: m.answered_at.is_none(),
            },
        ));
    }
    entries.sort_by_key(|(at, _)| *at);
    let (channels, mobile) = reachable(db, &o).await?;
    let whatsapp_session = match mobile {
        Some(n) => crate::delivery::whatsapp_session_open(db, &n, now).await?,
        None => false,
    };
    Ok(ThreadDto {
        entries: entries.into_iter().map(|(_, e)| e).collect(),
        channels: channels.iter().map(|c| c.as_str().to_owned()).collect(),
        whatsapp_session,
    })
}

/// Ops answer the customer of order `number` on `channel`: the answer goes
/// through the outbox like every message (in the entity's
/// `conversation_reply` template), and the customer's messages so far
/// count as answered. Errors: `Invalid("empty" | "too_long" | "channel")`.
pub async fn answer(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    number: &str,
    channel: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Operations))?;
    let who = user.ok_or(ServiceError::Unauthenticated)?;
    let o = order_by_number(db, number).await?;
    let text = text.trim();
    let channel: Channel = channel
        .parse()
        .map_err(|_| ServiceError::Invalid("channel".into()))?;
    if text.is_empty() {
        return Err(ServiceError::Invalid("empty".into()));
    }
    let max = if channel == Channel::Sms {
        MAX_SMS_ANSWER
    } else {
        MAX_ANSWER
    };
    if text.chars().count() > max {
        return Err(ServiceError::Invalid("too_long".into()));
    }
    if !reachable(db, &o).await?.0.contains(&channel) {
        return Err(ServiceError::Invalid("channel".into()));
    }
    let to = messages::customer_of(db, &o)
        .await?
        .ok_or(ServiceError::Invalid("channel".into()))?;
    let mut vars = messages::order_vars(db, &o, Portal::Customer).await?;
    vars.insert("message".into(), text.into());
    messages::send(
        db,
        Message {
            kind: "conversation_reply",
            to: &to,
            business_entity_id: Some(o.business_entity_id),
            order_id: Some(o.id),
            vars,
            due: now,
            only: Some(channel),
        },
        now,
    )
    .await?;
    inbound_message::Entity::update_many()
        .col_expr(inbound_message::Column::AnsweredAt, Expr::value(Some(now)))
        .filter(inbound_message::Column::OrderId.eq(o.id))
        .filter(inbound_message::Column::AnsweredAt.is_null())
        .exec(db)
        .await?;
    crate::audit::record(
        db,
        Some(who.user_id),
        "orders",
        o.id,
        "thread_answered",
        serde_json::json!({ "channel": channel.as_str() }),
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    #[tokio::test]
    async fn ops_read_both_directions_and_answer_on_the_customers_channel() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            // A weekday morning: no quiet hours hold anything back.
            let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let planner = testing::caller(Role::Planner);
            let customer = testing::caller(Role::Customer);
            let o = order::Entity::find().one(db).await.unwrap().unwrap();
            messages::to_customer(db, &o, "quote_ready", messages::Vars::new(), now, now)
                .await
                .unwrap();
            let number = messages::customer_of(db, &o)
                .await
                .unwrap()
                .unwrap()
                .phone
                .and_then(|p| mobile_number(&p))
                .unwrap();
            crate::inbound::record(
                db,
                Channel::WhatsApp,
                &[crate::inbound::Report::Message {
                    from: number.trim_start_matches('+').into(),
                    body: "Kan het sneller?".into(),
                    provider_ref: "wamid.t1".into(),
                    at: now - chrono::Duration::minutes(1),
                }],
            )
            .await
            .unwrap();

            let t = for_order(db, Some(&planner), &o.order_number, now)
                .await
                .unwrap();
            let shape: Vec<(&str, &str)> = t
                .entries
                .iter()
                .map(|e| (e.direction.as_str(), e.channel.as_str()))
                .collect();
            assert_eq!(
                shape,
                [("in", "whatsapp"), ("out", "email"), ("out", "sms")]
            );
            assert!(t.entries[0].unanswered && t.entries[0].body == "Kan het sneller?");
            assert!(t.whatsapp_session);
            assert_eq!(t.channels, ["email", "sms", "whatsapp"]);
            // Customers do not read ops' thread; an unknown order is not there.
            assert!(matches!(
                for_order(db, Some(&customer), &o.order_number, now).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                for_order(db, Some(&planner), "XX-0000-00000", now).await,
                Err(ServiceError::NotFound)
            ));

            // Bad answers are refused and change nothing.
            for (channel, text, why) in [
                ("whatsapp", "   ", "empty"),
                ("fax", "Hallo", "channel"),
                ("sms", &"x".repeat(401), "too_long"),
            ] {
                assert!(
                    matches!(
                        answer(db, Some(&planner), &o.order_number, channel, text, now).await,
                        Err(ServiceError::Invalid(w)) if w == why
                    ),
                    "{why}"
                );
            }
            answer(
                db,
                Some(&planner),
                &o.order_number,
                "whatsapp",
                "Ja, we komen morgen om 10:00.",
                now,
            )
            .await
            .unwrap();
            let t = for_order(db, Some(&planner), &o.order_number, now)
                .await
                .unwrap();
            let last = t.entries.last().unwrap();
            assert_eq!(
                (
                    last.direction.as_str(),
                    last.channel.as_str(),
                    last.party.as_str()
                ),
                ("out", "whatsapp", number.as_str())
            );
            assert_eq!(last.body, "Ja, we komen morgen om 10:00.");
            assert!(t.entries.iter().all(|e| !e.unanswered));
            tdb.cleanup().await;
        }
    }
}
