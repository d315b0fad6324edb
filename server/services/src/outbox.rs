//! Outgoing messages: written here in the transaction of what caused them,
//! delivered by `delivery`'s worker; admins read them on a page.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::{decide, Channel, Class, Earlier, Verdict};
use entity::domain::Portal;
use entity::dto::CurrentUser;
use entity::outbox_message;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryOrder, QuerySelect,
};

/// Queues a transactional e-mail without a template (tests of delivery;
/// services send through `messages`).
#[cfg(any(test, feature = "testing"))]
pub async fn queue_email(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
    template: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    queue(
        db,
        &Outgoing {
            channel: Channel::Email,
            class: Class::Transactional,
            to,
            subject,
            body,
            html: None,
            template,
            business_entity_id: None,
            order_id: None,
            unsubscribe_token: None,
            language: "nl",
            due: now,
        },
        now,
    )
    .await
}

/// One message to queue.
pub struct Outgoing<'a> {
    pub channel: Channel,
    pub class: Class,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// An e-mail's HTML part.
    pub html: Option<&'a str>,
    /// The kind of message (`quote_ready`, `password_reset`, …).
    pub template: &'a str,
    /// The entity it is sent for: its mailboxes are the sender.
    pub business_entity_id: Option<i32>,
    /// The order it is about.
    pub order_id: Option<i32>,
    /// An e-mail's one-click unsubscribe token.
    pub unsubscribe_token: Option<&'a str>,
    /// The language it is written in (`nl`, `en`): WhatsApp names it with
    /// the approved template.
    pub language: &'a str,
    /// When it should go out (now, or a reminder's time).
    pub due: DateTime<Utc>,
}

/// The dedupe key: the same kind, subject and text to the same contact is
/// the same message (a new reset link is a new message; the unsubscribe
/// link, new in every mail, does not count).
fn dedupe_key(m: &Outgoing) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(m.template)
        .chain_update([0])
        .chain_update(m.subject)
        .chain_update([0])
        .chain_update(without_unsubscribe(m.body, m.unsubscribe_token))
        .finalize();
    data_encoding::HEXLOWER.encode(&digest[..16])
}

fn without_unsubscribe(body: &str, token: Option<&str>) -> String {
    match token {
        Some(t) if !t.is_empty() => body.replace(t, ""),
        _ => body.to_owned(),
    }
}

/// Writes a message to the outbox, in the caller's transaction, after the
/// policies of 001 (`entity::domain::messaging::decide`) with what the
/// contact got in the last week: out of quiet hours (`not_before`), and
/// `suppressed` (with the reason in `last_error`) when it duplicates one of
/// the last 24 hours or a marketing message is over the weekly cap.
pub async fn queue(
    db: &impl ConnectionTrait,
    m: &Outgoing<'_>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let key = dedupe_key(m);
    let earlier: Vec<Earlier> = outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(m.to))
        .filter(outbox_message::Column::CreatedAt.gt(m.due - chrono::Duration::days(8)))
        .filter(outbox_message::Column::State.is_not_in([
            crate::delivery::SUPPRESSED,
            crate::delivery::FAILED,
            crate::delivery::CANCELLED,
            "skipped",
        ]))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(Earlier {
                channel: e.channel.parse().ok()?,
                class: e.class.parse().unwrap_or(Class::Transactional),
                kind: e.template,
                dedupe_key: e.dedupe_key,
                at: e.not_before.unwrap_or(e.created_at),
            })
        })
        .collect();
    // Marketing needs the recipient's explicit consent on this channel.
    let consent = m.class != Class::Marketing
        || crate::consent::marketing_allowed(db, m.to, m.channel).await?;
    let verdict = if consent {
        decide(m.channel, m.class, m.template, &key, m.due, &earlier)
    } else {
        Verdict::Suppress("no_consent")
    };
    let (state, not_before, reason) = match verdict {
        Verdict::SendAt(at) => (crate::delivery::PENDING, (at > now).then_some(at), None),
        Verdict::Suppress(why) => (crate::delivery::SUPPRESSED, None, Some(why.to_owned())),
    };
    outbox_message::ActiveModel {
        channel: Set(m.channel.as_str().to_owned()),
        recipient: Set(m.to.to_owned()),
        subject: Set(m.subject.to_owned()),
        body: Set(m.body.to_owned()),
        template: Set(m.template.to_owned()),
        business_entity_id: Set(m.business_entity_id),
        created_at: Set(now),
        sent_at: Set(None),
        state: Set(state.to_owned()),
        attempts: Set(0),
        not_before: Set(not_before),
        last_error: Set(reason),
        idempotency_key: Set(format!("{}-{}", m.template, uuid::Uuid::new_v4().simple())),
        claimed_at: Set(None),
        class: Set(m.class.as_str().to_owned()),
        dedupe_key: Set(key),
        html_body: Set(m.html.map(str::to_owned)),
        order_id: Set(m.order_id),
        unsubscribe_token: Set(m.unsubscribe_token.map(str::to_owned)),
        language: Set(m.language.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Cancels the messages about order `order_id` of these kinds that have
/// not gone out yet (a moved appointment's reminders), with the reason.
/// Returns how many.
pub async fn cancel_pending(
    db: &impl ConnectionTrait,
    order_id: i32,
    kinds: &[&str],
    reason: &str,
) -> Result<u64, ServiceError> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::State,
            Expr::value(crate::delivery::CANCELLED),
        )
        .col_expr(
            outbox_message::Column::LastError,
            Expr::value(Some(reason.to_owned())),
        )
        .filter(outbox_message::Column::OrderId.eq(order_id))
        .filter(outbox_message::Column::Template.is_in(kinds.iter().copied()))
        .filter(outbox_message::Column::State.eq(crate::delivery::PENDING))
        .exec(db)
        .await?
        .rows_affected)
}

/// The newest messages. Admins only, and with the secrets in their links
/// masked (`mask_links`): an admin reading the outbox must not be able to
/// sign in as the recipient.
pub async fn latest(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Admin))?;
    let mut rows = outbox_message::Entity::find()
        .order_by_desc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    for row in &mut rows {
        row.body = mask_links(&row.body);
    }
    Ok(rows)
}

/// Where a link carries a secret: after `token=` (reset, invitation and
/// sign-in links) and after `/intake/` (the customer's form).
const SECRET_MARKERS: [&str; 2] = ["token=", "/intake/"];
const MASK: &str = "•••";

/// `body` with every secret in its links replaced by `•••`.
pub fn mask_links(body: &str) -> String {
    let secret_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%');
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some((at, marker)) = SECRET_MARKERS
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, *m)))
        .min()
    {
        let start = at + marker.len();
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(|c: char| !secret_char(c))
            .map_or(rest.len(), |n| start + n);
        if end > start {
            out.push_str(MASK);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use sea_orm::{ColumnTrait, QueryFilter};

    fn msg<'a>(
        channel: Channel,
        class: Class,
        to: &'a str,
        body: &'a str,
        due: DateTime<Utc>,
    ) -> Outgoing<'a> {
        Outgoing {
            channel,
            class,
            to,
            subject: "Onderwerp",
            body,
            html: None,
            template: "test",
            business_entity_id: None,
            order_id: None,
            unsubscribe_token: None,
            language: "nl",
            due,
        }
    }

    async fn states(db: &DatabaseConnection, to: &str) -> Vec<(String, Option<String>)> {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::Recipient.eq(to))
            .order_by_asc(outbox_message::Column::Id)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.state, m.last_error))
            .collect()
    }

    #[tokio::test]
    async fn the_policies_apply_when_a_message_is_queued() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        // 2026-12-07 21:30 in Amsterdam (UTC+1).
        let evening = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 7, 20, 30, 0).unwrap();
        let pending = || ("pending".to_owned(), None);
        let suppressed = |why: &str| ("suppressed".to_owned(), Some(why.to_owned()));

        // The same message twice within a day: the second is held back.
        let a = msg(
            Channel::Email,
            Class::Transactional,
            "a@example.nl",
            "Uw offerte",
            evening,
        );
        queue(db, &a, evening).await.unwrap();
        queue(db, &a, evening + chrono::Duration::hours(2))
            .await
            .unwrap();
        // A different text (a new link) is a new message.
        let a2 = msg(
            Channel::Email,
            Class::Transactional,
            "a@example.nl",
            "Uw offerte, versie 2",
            evening,
        );
        queue(db, &a2, evening).await.unwrap();
        assert_eq!(
            states(db, "a@example.nl").await,
            [pending(), suppressed("duplicate"), pending()]
        );

        // Marketing without consent is not sent at all.
        let offer = msg(
            Channel::Email,
            Class::Marketing,
            "b@example.nl",
            "Aanbieding",
            evening,
        );
        queue(db, &offer, evening).await.unwrap();
        assert_eq!(states(db, "b@example.nl").await, [suppressed("no_consent")]);
        crate::consent::record(
            db,
            "b@example.nl",
            Channel::Email,
            true,
            "preferences",
            evening,
        )
        .await
        .unwrap();
        outbox_message::Entity::delete_many()
            .filter(outbox_message::Column::Recipient.eq("b@example.nl"))
            .exec(db)
            .await
            .unwrap();
        // With it, the fourth marketing e-mail of a week is not sent; a transactional one is.
        for i in 0..4 {
            let body = format!("Aanbieding {i}");
            let m = msg(
                Channel::Email,
                Class::Marketing,
                "b@example.nl",
                &body,
                evening,
            );
            queue(db, &m, evening).await.unwrap();
        }
        let t = msg(
            Channel::Email,
            Class::Transactional,
            "b@example.nl",
            "Uw afspraak",
            evening,
        );
        queue(db, &t, evening).await.unwrap();
        assert_eq!(
            states(db, "b@example.nl").await,
            [
                pending(),
                pending(),
                pending(),
                suppressed("weekly_cap"),
                pending()
            ]
        );

        // An SMS reminder due at 21:30 waits for 08:00.
        let sms = msg(
            Channel::Sms,
            Class::Transactional,
            "+31612345678",
            "Morgen komen we",
            evening,
        );
        queue(db, &sms, evening).await.unwrap();
        let row = outbox_message::Entity::find()
            .filter(outbox_message::Column::Channel.eq("sms"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.not_before.map(entity::domain::time::format_local),
            Some("2026-12-08 08:00".to_owned())
        );
        tdb.cleanup().await;
    }

    #[test]
    fn secrets_in_links_are_masked_and_the_rest_is_kept() {
        let body = "Beste Jan,\n\nhttps://cc.nl/wachtwoord-herstellen?token=Ab-_9~.x%2F\nof https://cc.nl/intake/tok123/ en /inloglink?token=q.\nGroet";
        assert_eq!(
            mask_links(body),
            "Beste Jan,\n\nhttps://cc.nl/wachtwoord-herstellen?token=•••\nof https://cc.nl/intake/•••/ en /inloglink?token=•••\nGroet"
        );
        assert_eq!(mask_links("token= niets"), "token= niets");
        assert_eq!(mask_links("geen links"), "geen links");
    }
}
