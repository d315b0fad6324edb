//! An order's thread (001 "Communication Thread Management"): every
//! message about the order, out and in, on every channel, in time order;
//! ops read it on the order page and answer the customer on a channel of
//! their choice. Answering marks the customer's messages as answered.
//!
//! Each thread has an agent and a priority (001 "Escalation & Priority
//! Handling"): suggested by the messages until an agent chooses, and with it
//! the time by which the oldest unanswered message needs its answer. The
//! inbox (`waiting`) lists the threads that wait, the most pressing first.

use crate::authz::{authorize, Action};
use crate::messages::{self, Message};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::{mobile_number, Channel, Priority};
use entity::domain::{Portal, Role};
use entity::dto::{CurrentUser, ThreadDto, ThreadEntryDto, WaitingThreadDto};
use entity::{contact, inbound_message, order, outbox_message, thread, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

/// How a thread is handled now: its row (if an agent changed it), the
/// priority, whether an agent chose it, and when the oldest unanswered
/// message needs its answer.
struct Handling {
    row: Option<thread::Model>,
    priority: Priority,
    chosen: bool,
    due: Option<DateTime<Utc>>,
}

fn handling(
    o: &order::Model,
    row: Option<thread::Model>,
    unanswered: &[&inbound_message::Model],
) -> Handling {
    let chosen = row
        .as_ref()
        .and_then(|r| r.priority.as_deref())
        .and_then(Priority::parse);
    let priority = chosen.unwrap_or_else(|| {
        Priority::suggested(
            o.partner_id.is_some(),
            unanswered.iter().map(|m| m.body.as_str()),
        )
    });
    let due = unanswered
        .iter()
        .map(|m| m.received_at)
        .min()
        .map(|at| at + priority.response_time());
    Handling {
        row,
        priority,
        chosen: chosen.is_some(),
        due,
    }
}

/// The ops staff a thread can be assigned to: active ops managers and
/// planners, by name.
async fn agents(db: &impl ConnectionTrait) -> Result<Vec<(i32, String)>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([Role::OpsManager.as_str(), Role::Planner.as_str()]))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

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
    let inbound = inbound_message::Entity::find()
        .filter(inbound_message::Column::OrderId.eq(o.id))
        .all(db)
        .await?;
    let unanswered: Vec<&inbound_message::Model> =
        inbound.iter().filter(|m| m.answered_at.is_none()).collect();
    let row = thread::Entity::find()
        .filter(thread::Column::OrderId.eq(o.id))
        .one(db)
        .await?;
    let h = handling(&o, row, &unanswered);
    for m in inbound.clone() {
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
        assignee: h.row.as_ref().and_then(|r| r.assignee_user_id),
        agents: agents(db).await?,
        priority: h.priority.as_str().to_owned(),
        priority_chosen: h.chosen,
        reply_due: h.due.map(entity::domain::time::format_local),
        overdue: h.due.is_some_and(|d| d < now),
        version: h.row.map_or(0, |r| r.version),
    })
}

/// Assigns the thread of order `number` to an agent (or nobody) and sets
/// its priority (`None`: the suggested one), over `version` (0: never
/// changed). Optimistic: the unique index decides the first change, a
/// conditional update every later one; the loser gets `Stale`. Audited.
#[allow(clippy::too_many_arguments)]
pub async fn set_handling(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    number: &str,
    assignee: Option<i32>,
    priority: Option<&str>,
    version: i32,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Operations))?;
    let who = user.ok_or(ServiceError::Unauthenticated)?;
    let o = order_by_number(db, number).await?;
    let priority = match priority {
        None | Some("") => None,
        Some(p) => Some(
            Priority::parse(p)
                .ok_or_else(|| ServiceError::Invalid("priority".into()))?
                .as_str(),
        ),
    };
    if let Some(a) = assignee {
        if !agents(db).await?.iter().any(|(id, _)| *id == a) {
            return Err(ServiceError::Invalid("assignee".into()));
        }
    }
    let txn = crate::db::begin_write(db).await?;
    crate::db::save_keyed(
        &txn,
        version,
        thread::ActiveModel {
            order_id: Set(o.id),
            assignee_user_id: Set(assignee),
            priority: Set(priority.map(str::to_owned)),
            version: Set(1),
            updated_by: Set(Some(who.user_id)),
            updated_at: Set(now),
            ..Default::default()
        },
        thread::Entity::update_many()
            .col_expr(thread::Column::AssigneeUserId, Expr::value(assignee))
            .col_expr(
                thread::Column::Priority,
                Expr::value(priority.map(str::to_owned)),
            )
            .col_expr(thread::Column::UpdatedBy, Expr::value(who.user_id))
            .col_expr(thread::Column::UpdatedAt, Expr::value(now))
            .filter(thread::Column::OrderId.eq(o.id)),
    )
    .await?;
    crate::audit::record(
        &txn,
        Some(who.user_id),
        "orders",
        o.id,
        "thread_handling",
        serde_json::json!({ "assignee": assignee, "priority": priority }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(version + 1)
}

/// Every unanswered message that belongs to an order, oldest first, and the
/// ids of those orders (each once).
async fn unanswered(
    db: &impl ConnectionTrait,
) -> Result<(Vec<inbound_message::Model>, Vec<i32>), ServiceError> {
    let open = inbound_message::Entity::find()
        .filter(inbound_message::Column::AnsweredAt.is_null())
        .filter(inbound_message::Column::OrderId.is_not_null())
        .order_by_asc(inbound_message::Column::ReceivedAt)
        .all(db)
        .await?;
    let mut order_ids: Vec<i32> = open.iter().filter_map(|m| m.order_id).collect();
    order_ids.sort_unstable();
    order_ids.dedup();
    Ok((open, order_ids))
}

/// Escalates the threads whose oldest unanswered message passed its answer
/// time (001 "Priority Matrix", the escalation column): urgent and high go
/// to the ops managers, normal and low to the thread's agent (the managers
/// when it has none). Once per message: marking it escalated is one
/// conditional update, so two sweeps at once mail once. Returns how many
/// threads were escalated.
pub async fn escalate_overdue(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let (open, order_ids) = unanswered(db).await?;
    let mut escalated = 0;
    for order_id in order_ids {
        let mine: Vec<&inbound_message::Model> = open
            .iter()
            .filter(|m| m.order_id == Some(order_id))
            .collect();
        if mine.iter().all(|m| m.escalated_at.is_some()) {
            continue;
        }
        let Some(o) = order::Entity::find_by_id(order_id).one(db).await? else {
            continue;
        };
        let row = thread::Entity::find()
            .filter(thread::Column::OrderId.eq(o.id))
            .one(db)
            .await?;
        let agent = match row.as_ref().and_then(|r| r.assignee_user_id) {
            Some(a) => user::Entity::find_by_id(a).one(db).await?,
            None => None,
        };
        let h = handling(&o, row, &mine);
        let (Some(due), Some(first)) = (h.due, mine.first()) else {
            continue;
        };
        if due >= now {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let ids: Vec<i32> = mine.iter().map(|m| m.id).collect();
        let marked = inbound_message::Entity::update_many()
            .col_expr(inbound_message::Column::EscalatedAt, Expr::value(Some(now)))
            .filter(inbound_message::Column::Id.is_in(ids))
            .filter(inbound_message::Column::EscalatedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected == 0 {
            continue;
        }
        let to: Vec<String> = match (&agent, h.priority) {
            (Some(a), Priority::Normal | Priority::Low) => vec![a.email.clone()],
            _ => messages::ops_managers(&txn).await?,
        };
        messages::to_staff(
            &txn,
            &to,
            "conversation_overdue",
            crate::vars! {
                "order_number" => o.order_number,
                "priority" => h.priority.as_str(),
                "due" => entity::domain::time::format_local(due),
                "message" => first.body.chars().take(300).collect::<String>(),
                "agent" => agent.as_ref().map(|a| a.display_name.clone()).unwrap_or_default(),
            },
            Some(o.id),
            now,
        )
        .await?;
        txn.commit().await?;
        escalated += 1;
    }
    Ok(escalated)
}

/// The inbox: every thread with an unanswered message, the one whose
/// answer is due first on top.
pub async fn waiting(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<Vec<WaitingThreadDto>, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Operations))?;
    let (open, order_ids) = unanswered(db).await?;
    let orders = order::Entity::find()
        .filter(order::Column::Id.is_in(order_ids.clone()))
        .all(db)
        .await?;
    let rows = thread::Entity::find()
        .filter(thread::Column::OrderId.is_in(order_ids))
        .all(db)
        .await?;
    let contacts = contact::Entity::find()
        .filter(contact::Column::Id.is_in(orders.iter().map(|o| o.end_customer_contact_id)))
        .all(db)
        .await?;
    let agents = agents(db).await?;
    let mut out: Vec<(DateTime<Utc>, WaitingThreadDto)> = Vec::new();
    for o in &orders {
        let mine: Vec<&inbound_message::Model> =
            open.iter().filter(|m| m.order_id == Some(o.id)).collect();
        let row = rows.iter().find(|r| r.order_id == o.id).cloned();
        let h = handling(o, row, &mine);
        let (Some(first), Some(due)) = (mine.first(), h.due) else {
            continue;
        };
        out.push((
            due,
            WaitingThreadDto {
                order_number: o.order_number.clone(),
                customer: contacts
                    .iter()
                    .find(|c| c.id == o.end_customer_contact_id)
                    .map(|c| c.display_name.clone())
                    .unwrap_or_default(),
                channel: first.channel.clone(),
                from: first.sender.clone(),
                received: entity::domain::time::format_local(first.received_at),
                excerpt: first.body.chars().take(120).collect(),
                priority: h.priority.as_str().to_owned(),
                reply_due: entity::domain::time::format_local(due),
                overdue: due < now,
                assignee: h
                    .row
                    .and_then(|r| r.assignee_user_id)
                    .and_then(|a| agents.iter().find(|(id, _)| *id == a))
                    .map(|(_, n)| n.clone()),
            },
        ));
    }
    out.sort_by_key(|(due, _)| *due);
    Ok(out.into_iter().map(|(_, w)| w).collect())
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
    use sea_orm::ActiveModelTrait;

    #[tokio::test]
    async fn an_overdue_conversation_is_escalated_once_to_whom_its_priority_names() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
            let orders = order::Entity::find()
                .filter(order::Column::PartnerId.is_null())
                .all(db)
                .await
                .unwrap();
            let (complaint, question) = (&orders[0], &orders[1]);
            for (o, text, id) in [
                (complaint, "Ik heb een klacht: de laadpaal valt uit", "in-c"),
                (question, "Kan het ook op vrijdag?", "in-q"),
            ] {
                inbound_message::ActiveModel {
                    channel: Set("sms".into()),
                    sender: Set("+31612345678".into()),
                    contact_id: Set(Some(o.end_customer_contact_id)),
                    order_id: Set(Some(o.id)),
                    body: Set(text.into()),
                    provider_ref: Set(id.into()),
                    received_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await
                .unwrap();
            }
            let ops = testing::caller(Role::OpsManager);
            let agent = agents(db).await.unwrap()[0].clone();
            set_handling(
                db,
                Some(&ops),
                &question.order_number,
                Some(agent.0),
                None,
                0,
                now,
            )
            .await
            .unwrap();
            let mails = |kind: &'static str| async move {
                outbox_message::Entity::find()
                    .filter(outbox_message::Column::Template.eq(kind))
                    .all(db)
                    .await
                    .unwrap()
            };
            // Within their answer times: nothing.
            assert_eq!(
                escalate_overdue(db, now + chrono::Duration::minutes(59))
                    .await
                    .unwrap(),
                0
            );
            // Past the hour: the complaint (urgent) goes to the managers.
            let later = now + chrono::Duration::hours(2);
            assert_eq!(escalate_overdue(db, later).await.unwrap(), 1);
            let managers = messages::ops_managers(db).await.unwrap();
            let sent = mails("conversation_overdue").await;
            assert_eq!(sent.len(), managers.len());
            assert!(sent.iter().all(|m| m.order_id == Some(complaint.id)
                && m.body.contains("de laadpaal valt uit")
                && managers.contains(&m.recipient)));
            // Again, and two sweeps at once: no second mail.
            let (a, b) = tokio::join!(escalate_overdue(db, later), escalate_overdue(db, later));
            assert_eq!(a.unwrap() + b.unwrap(), 0);
            // A day later the question (normal) goes to its agent alone.
            assert_eq!(
                escalate_overdue(db, now + chrono::Duration::hours(25))
                    .await
                    .unwrap(),
                1
            );
            let agent_mail = user::Entity::find_by_id(agent.0)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .email;
            let to_agent: Vec<_> = mails("conversation_overdue")
                .await
                .into_iter()
                .filter(|m| m.order_id == Some(question.id))
                .collect();
            assert_eq!(to_agent.len(), 1);
            assert_eq!(to_agent[0].recipient, agent_mail);
            assert!(to_agent[0].body.contains(&agent.1), "{}", to_agent[0].body);
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn a_waiting_thread_gets_a_priority_an_agent_and_a_time_to_answer_by() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
            let plain = order::Entity::find()
                .filter(order::Column::PartnerId.is_null())
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let partnered = order::Entity::find()
                .filter(order::Column::PartnerId.is_not_null())
                .one(db)
                .await
                .unwrap()
                .unwrap();
            for (o, text, ago, id) in [
                (&plain, "Wanneer komt de monteur?", 120, "in-plain"),
                (
                    &partnered,
                    "Ik heb een klacht over de offerte",
                    30,
                    "in-partner",
                ),
            ] {
                inbound_message::ActiveModel {
                    channel: Set("email".into()),
                    sender: Set("klant@example.nl".into()),
                    contact_id: Set(Some(o.end_customer_contact_id)),
                    order_id: Set(Some(o.id)),
                    body: Set(text.into()),
                    provider_ref: Set(id.into()),
                    received_at: Set(now - chrono::Duration::minutes(ago)),
                    answered_at: Set(None),
                    ..Default::default()
                }
                .insert(db)
                .await
                .unwrap();
            }
            let ops = testing::caller(Role::OpsManager);
            let list = waiting(db, Some(&ops), now).await.unwrap();
            let order_of = |l: &[WaitingThreadDto]| -> Vec<String> {
                l.iter()
                    .map(|w| format!("{} {}", w.order_number, w.priority))
                    .collect()
            };
            // The complaint is urgent (an hour from 09:30), the question normal
            // (a day from 08:00): the complaint first.
            assert_eq!(
                order_of(&list),
                [
                    format!("{} urgent", partnered.order_number),
                    format!("{} normal", plain.order_number)
                ]
            );
            assert!(!list[0].overdue);
            assert!(
                waiting(db, Some(&ops), now + chrono::Duration::hours(2))
                    .await
                    .unwrap()[0]
                    .overdue
            );

            // An agent takes it and lowers it; a second change over the same
            // version is stale; nonsense is refused.
            let agent = agents(db).await.unwrap()[0].clone();
            let v = set_handling(
                db,
                Some(&ops),
                &partnered.order_number,
                Some(agent.0),
                Some("low"),
                0,
                now,
            )
            .await
            .unwrap();
            assert_eq!(v, 1);
            assert!(matches!(
                set_handling(db, Some(&ops), &partnered.order_number, None, None, 0, now).await,
                Err(ServiceError::Stale)
            ));
            assert!(matches!(
                set_handling(db, Some(&ops), &partnered.order_number, None, Some("asap"), 1, now).await,
                Err(ServiceError::Invalid(w)) if w == "priority"
            ));
            let customer_user = user::Entity::find()
                .filter(user::Column::Role.eq(Role::Customer.as_str()))
                .one(db)
                .await
                .unwrap()
                .map(|u| u.id);
            if let Some(c) = customer_user {
                assert!(matches!(
                    set_handling(db, Some(&ops), &partnered.order_number, Some(c), None, 1, now).await,
                    Err(ServiceError::Invalid(w)) if w == "assignee"
                ));
            }
            assert!(set_handling(
                db,
                Some(&testing::caller(Role::Customer)),
                &partnered.order_number,
                None,
                None,
                1,
                now
            )
            .await
            .is_err());
            let t = for_order(db, Some(&ops), &partnered.order_number, now)
                .await
                .unwrap();
            assert_eq!(
                (
                    t.priority.as_str(),
                    t.priority_chosen,
                    t.assignee,
                    t.version
                ),
                ("low", true, Some(agent.0), 1)
            );
            assert_eq!(
                t.reply_due.as_deref(),
                Some(
                    entity::domain::time::format_local(
                        now - chrono::Duration::minutes(30) + chrono::Duration::hours(48)
                    )
                    .as_str()
                )
            );
            let list = waiting(db, Some(&ops), now).await.unwrap();
            assert_eq!(list[0].order_number, plain.order_number);
            assert_eq!(list[1].assignee.as_deref(), Some(agent.1.as_str()));
            tdb.cleanup().await;
        }
    }

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
