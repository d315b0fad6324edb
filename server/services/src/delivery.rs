//! The outbox worker: messages written by the lifecycle (`outbox`) leave
//! here, e-mail through SMTP (`lettre`), SMS and WhatsApp through their
//! providers' HTTP APIs (`providers`).
//!
//! - A batch of due messages (`pending`, `not_before` passed) is claimed in
//!   one short transaction: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//!   several workers never take the same message; an IMMEDIATE transaction
//!   on SQLite. Claimed messages are `sending` before anything is sent.
//! - A message whose hand-over failed before the provider took it goes back
//!   to `pending` with exponential back-off; after `MAX_ATTEMPTS`, or at
//!   once when the provider refuses it for good, it is `failed` with its
//!   last error (a dead letter).
//! - A message that stays `sending` past `LEASE` belonged to a worker that
//!   died mid-send. Nobody can tell whether the provider got it, so it
//!   becomes `uncertain` and is never sent again automatically: each
//!   message (one idempotency key, also its Message-ID) reaches the
//!   provider at most once.

use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::messaging::Channel;
use entity::outbox_message::{self, Column, Entity};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const UNCERTAIN: &str = "uncertain";
/// A policy said no (duplicate, weekly cap): never sent.
pub const SUPPRESSED: &str = "suppressed";
/// No longer wanted before it went out (a moved appointment's reminder).
pub const CANCELLED: &str = "cancelled";

/// Hand-overs tried before a message is a dead letter.
pub const MAX_ATTEMPTS: i32 = 6;
/// How long a claimed message may stay `sending`.
pub const LEASE: Duration = Duration::minutes(5);

/// The wait before attempt `n + 1` after `n` failed ones: 1, 2, 4, 8, 16 min.
pub fn backoff(attempts: i32) -> Duration {
    Duration::minutes(1 << attempts.clamp(1, 5).saturating_sub(1))
}

/// Why a hand-over failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try later (connection refused, 4xx).
    Transient(String),
    /// The provider refused the message itself (5xx): a dead letter now.
    Permanent(String),
    /// The request left but its outcome is unknown (a timeout, an
    /// unreadable answer): `uncertain`, never sent again automatically.
    Uncertain(String),
}

/// One e-mail, as the transport gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub from: String,
    pub reply_to: Option<String>,
    pub to: String,
    pub subject: String,
    pub text: String,
    /// The HTML alternative of `text`, if the message has one.
    pub html: Option<String>,
    /// `<key@domain>`: the same message always has the same id.
    pub message_id: String,
    /// The one-click unsubscribe URL (`List-Unsubscribe`, RFC 8058).
    pub unsubscribe: Option<String>,
}

/// Where mail goes: SMTP in production and in the tests (a real local
/// server), a recorder in unit tests.
pub trait Transport: Send + Sync {
    fn send(&self, mail: &Mail) -> impl std::future::Future<Output = Result<(), SendError>> + Send;
}

impl<T: Transport> Transport for &T {
    fn send(&self, mail: &Mail) -> impl std::future::Future<Output = Result<(), SendError>> + Send {
        (**self).send(mail)
    }
}

/// SMTP through lettre, from a URL such as `smtp://127.0.0.1:2525`,
/// `smtp://user:pass@relay:587?tls=required` or `smtps://relay:465`.
#[derive(Clone)]
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
}

impl Smtp {
    pub fn from_url(url: &str) -> Result<Smtp, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Smtp { transport })
    }
}

impl Transport for Smtp {
    async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        use lettre::AsyncTransport;
        let message = build_message(mail).map_err(SendError::Permanent)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

/// An address as mail carries it (`Name <box@example.nl>` or a bare one).
pub fn mailbox(a: &str) -> Result<lettre::message::Mailbox, String> {
    a.parse::<lettre::message::Mailbox>()
        .map_err(|e| format!("address `{a}`: {e}"))
}

/// The MIME message for `mail`: its text part, and the HTML part as the
/// preferred alternative when it has one (UTF-8).
pub fn build_message(mail: &Mail) -> Result<lettre::Message, String> {
    let mut b = lettre::Message::builder()
        .from(mailbox(&mail.from)?)
        .to(mailbox(&mail.to)?)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()));
    if let Some(r) = &mail.reply_to {
        b = b.reply_to(mailbox(r)?);
    }
    if let Some(url) = &mail.unsubscribe {
        use lettre::message::header::{HeaderName, HeaderValue};
        b = b
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    match &mail.html {
        Some(html) => b.multipart(lettre::message::MultiPart::alternative_plain_html(
            mail.text.clone(),
            html.clone(),
        )),
        None => b
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(mail.text.clone()),
    }
    .map_err(|e| e.to_string())
}

/// Who sends what: the entity's `noreply` mailbox, replies to its
/// `support` mailbox; messages without an entity come from `default_from`.
async fn envelope(
    db: &impl ConnectionTrait,
    m: &outbox_message::Model,
    default_from: &str,
) -> Result<Mail, ServiceError> {
    let entity = match m.business_entity_id {
        Some(id) => {
            entity::business_entity::Entity::find_by_id(id)
                .one(db)
                .await?
        }
        None => None,
    };
    let (from, reply_to) = match entity {
        Some(e) => (
            format!("{} <{}>", e.brand, e.noreply_email),
            Some(e.support_email),
        ),
        None => (default_from.to_owned(), None),
    };
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').to_owned())
        .unwrap_or_else(|| "chargecars.nl".to_owned());
    Ok(Mail {
        from,
        reply_to,
        to: m.recipient.clone(),
        subject: m.subject.clone(),
        text: m.body.clone(),
        html: m.html_body.clone(),
        unsubscribe: m.unsubscribe_token.as_deref().map(|t| {
            format!(
                "{}{}",
                crate::runtime::public_url(),
                entity::paths::unsubscribe_one_click(t)
            )
        }),
        message_id: format!("<{}@{domain}>", m.idempotency_key),
    })
}

/// Takes up to `limit` due messages on `channels` for this worker: they
/// are `sending` from here on. Two workers never get the same message.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
    channels: &[&str],
) -> Result<Vec<outbox_message::Model>, ServiceError> {
    crate::db::claim_due::<Entity, i64>(
        db,
        crate::db::LeaseQueue {
            id: Column::Id,
            state: Column::State,
            not_before: Column::NotBefore,
            claimed_at: Column::ClaimedAt,
            attempts: Column::Attempts,
        },
        sea_orm::Condition::all().add(Column::Channel.is_in(channels.iter().copied())),
        now,
        limit,
    )
    .await
}

/// Messages left `sending` by a worker that died: `uncertain`, for ops to
/// check; never sent again automatically. Returns how many.
pub async fn expire_leases(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    Ok(Entity::update_many()
        .col_expr(Column::State, Expr::value(UNCERTAIN))
        .col_expr(
            Column::LastError,
            Expr::value(Some(
                "the worker stopped while sending; not retried".to_owned(),
            )),
        )
        .filter(Column::State.eq(SENDING))
        .filter(Column::ClaimedAt.lt(now - LEASE))
        .exec(db)
        .await?
        .rows_affected)
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Where messages go: e-mail through `mail` (from `default_from` when a
/// message belongs to no entity), SMS and WhatsApp through their providers.
/// A channel without a carrier keeps its messages waiting.
pub struct Carriers<T: Transport> {
    pub mail: Option<T>,
    pub default_from: String,
    pub sms: Option<providers::MessageBird>,
    pub whatsapp: Option<providers::WhatsAppCloud>,
}

impl<T: Transport> Carriers<T> {
    /// E-mail only.
    pub fn mail(mail: T, default_from: &str) -> Carriers<T> {
        Carriers {
            mail: Some(mail),
            default_from: default_from.to_owned(),
            sms: None,
            whatsapp: None,
        }
    }

    fn channels(&self) -> Vec<&'static str> {
        let mut c = Vec::new();
        if self.mail.is_some() {
            c.push(Channel::Email.as_str());
        }
        if self.sms.is_some() {
            c.push(Channel::Sms.as_str());
        }
        if self.whatsapp.is_some() {
            c.push(Channel::WhatsApp.as_str());
        }
        c
    }
}

/// How long after a customer's last WhatsApp message free text may go to
/// them (WhatsApp's customer-service window).
pub const WHATSAPP_SESSION: Duration = Duration::hours(24);

/// Whether `number` wrote to us on WhatsApp within the session window.
pub async fn whatsapp_session_open(
    db: &impl ConnectionTrait,
    number: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    use entity::inbound_message as inbound;
    use sea_orm::PaginatorTrait;
    Ok(inbound::Entity::find()
        .filter(inbound::Column::Channel.eq(Channel::WhatsApp.as_str()))
        .filter(inbound::Column::Sender.eq(number))
        .filter(inbound::Column::ReceivedAt.gt(now - WHATSAPP_SESSION))
        .count(db)
        .await?
        > 0)
}

/// The text message for an SMS or WhatsApp row: from the entity's brand;
/// on WhatsApp outside a session, as the approved template of its kind.
async fn text_message(
    db: &impl ConnectionTrait,
    m: &outbox_message::Model,
    now: DateTime<Utc>,
) -> Result<providers::TextMessage, ServiceError> {
    let entity = match m.business_entity_id {
        Some(id) => {
            entity::business_entity::Entity::find_by_id(id)
                .one(db)
                .await?
        }
        None => None,
    };
    let template = if m.channel == Channel::WhatsApp.as_str()
        && !whatsapp_session_open(db, &m.recipient, now).await?
    {
        Some(providers::WhatsAppTemplate {
            name: m.template.clone(),
            language: m.language.clone(),
        })
    } else {
        None
    };
    Ok(providers::TextMessage {
        from: entity.map_or_else(|| "ChargeCars".to_owned(), |e| e.brand),
        to: m.recipient.clone(),
        body: m.body.clone(),
        reference: m.idempotency_key.clone(),
        template,
    })
}

/// Hands one claimed message to its carrier; the provider's id on success.
async fn hand_over<T: Transport>(
    db: &DatabaseConnection,
    carriers: &Carriers<T>,
    m: &outbox_message::Model,
    now: DateTime<Utc>,
) -> Result<Result<Option<String>, SendError>, ServiceError> {
    use providers::TextProvider;
    let no_carrier = || {
        Err(SendError::Transient(format!(
            "no carrier for {}",
            m.channel
        )))
    };
    Ok(match m.channel.parse::<Channel>() {
        Ok(Channel::Email) => match &carriers.mail {
            Some(t) => {
                let mail = envelope(db, m, &carriers.default_from).await?;
                t.send(&mail).await.map(|()| None)
            }
            None => no_carrier(),
        },
        Ok(Channel::Sms) => match &carriers.sms {
            Some(p) => p.send(&text_message(db, m, now).await?).await.map(Some),
            None => no_carrier(),
        },
        Ok(Channel::WhatsApp) => match &carriers.whatsapp {
            Some(p) => p.send(&text_message(db, m, now).await?).await.map(Some),
            None => no_carrier(),
        },
        Err(()) => Err(SendError::Permanent(format!(
            "unknown channel {}",
            m.channel
        ))),
    })
}

/// One round: expires dead workers' leases, claims due messages on the
/// channels that have a carrier and hands each to it, recording the outcome.
pub async fn deliver_due<T: Transport>(
    db: &DatabaseConnection,
    carriers: &Carriers<T>,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Round, ServiceError> {
    expire_leases(db, now).await?;
    let mut round = Round::default();
    for m in claim(db, now, limit, &carriers.channels()).await? {
        let outcome = hand_over(db, carriers, &m, now).await?;
        let (state, not_before, error, reference) = match outcome {
            Ok(reference) => (SENT, None, None, reference),
            Err(SendError::Transient(e)) if m.attempts < MAX_ATTEMPTS => {
                (PENDING, Some(now + backoff(m.attempts)), Some(e), None)
            }
            Err(SendError::Uncertain(e)) => (UNCERTAIN, None, Some(e), None),
            Err(SendError::Transient(e) | SendError::Permanent(e)) => (FAILED, None, Some(e), None),
        };
        match state {
            SENT => round.sent += 1,
            PENDING => round.retried += 1,
            _ => round.failed += 1,
        }
        if let Some(e) = &error {
            tracing::warn!(message = m.id, attempts = m.attempts, error = %e, state, "delivery failed");
        }
        Entity::update_many()
            .col_expr(Column::State, Expr::value(state))
            .col_expr(Column::SentAt, Expr::value((state == SENT).then_some(now)))
            .col_expr(Column::NotBefore, Expr::value(not_before))
            .col_expr(Column::LastError, Expr::value(error))
            .col_expr(Column::ProviderRef, Expr::value(reference))
            .filter(Column::Id.eq(m.id))
            .filter(Column::State.eq(SENDING))
            .exec(db)
            .await?;
    }
    Ok(round)
}

pub mod providers;

#[cfg(test)]
mod tests;
