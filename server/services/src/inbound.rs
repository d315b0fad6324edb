//! What the SMS and WhatsApp providers tell us: delivery statuses of sent
//! messages and messages customers send; and e-mail replies, which the mail
//! provider's inbound route posts as the raw message. They arrive at signed
//! webhooks (`POST /api/webhooks/sms`, `/whatsapp`, `/email`):
//!
//! - the header `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` signs
//!   `"<t>.<body>"` with the channel's secret; a request older or newer
//!   than `REPLAY_WINDOW` is refused, so a captured request cannot be
//!   replayed later, and one replayed within the window changes nothing
//!   (provider ids are unique, statuses only move forward in time);
//! - an inbound message lands in the thread of the order its sender was
//!   last written to about, and opens a WhatsApp session;
//! - an e-mail reply lands in the thread of the mail it answers (its
//!   `In-Reply-To` or `References` name our `Message-ID`, which is the
//!   outbox key), else of the order its subject names if the sender is that
//!   order's customer or partner, else of the sender's newest order.

use crate::ServiceError;
use chrono::{DateTime, Duration, TimeZone, Utc};
use entity::domain::messaging::{mobile_number, Channel};
use entity::{contact, inbound_message, outbox_message};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::Value;
use sha2::Sha256;

/// How far a signature's time may be from ours.
pub const REPLAY_WINDOW: Duration = Duration::minutes(5);

/// Why a webhook was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No secret is configured for this channel.
    NotConfigured,
    /// Missing, malformed or wrong signature.
    BadSignature,
    /// Signed too long ago (or in the future).
    Stale,
    /// Signed correctly but not a payload we understand.
    BadPayload,
}

/// The `X-Signature` value for `body` at `t` (what a provider sends; tests
/// and the fake providers sign with it).
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    format!(
        "t={t},v1={}",
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    )
}

/// Checks a webhook's signature header against `secret` at `now`.
pub fn verify(
    secret: Option<&str>,
    header: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), Refused> {
    let secret = secret.ok_or(Refused::NotConfigured)?;
    let header = header.ok_or(Refused::BadSignature)?;
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = data_encoding::HEXLOWER_PERMISSIVE.decode(v.as_bytes()).ok(),
            _ => {}
        }
    }
    let (t, v1) = (
        t.ok_or(Refused::BadSignature)?,
        v1.ok_or(Refused::BadSignature)?,
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&v1).map_err(|_| Refused::BadSignature)?;
    if (now.timestamp() - t).abs() > REPLAY_WINDOW.num_seconds() {
        return Err(Refused::Stale);
    }
    Ok(())
}

/// One thing a provider reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    Status {
        provider_ref: String,
        status: String,
        at: DateTime<Utc>,
    },
    Message {
        from: String,
        body: String,
        provider_ref: String,
        at: DateTime<Utc>,
    },
    Email(InboundEmail),
}

/// An e-mail someone sent us, as far as a thread needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundEmail {
    /// The sender's address, lower case.
    pub from: String,
    /// Its `Message-ID` (a replay of the same mail changes nothing).
    pub message_id: String,
    /// The ids it answers: `In-Reply-To`, then `References`.
    pub answers: Vec<String>,
    pub subject: String,
    /// The new text, without the quoted mail it answers.
    pub text: String,
    pub at: DateTime<Utc>,
}

/// The reply's own text: everything before the quoted mail (a "> " block,
/// or the line a mail client puts above it). No crate does only this
/// for Dutch and English clients, and it is a few lines.
pub fn strip_quoted(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let header = (t.starts_with("Op ") && t.contains(" schreef") && t.ends_with(':'))
            || (t.starts_with("On ") && t.contains(" wrote") && t.ends_with(':'))
            || t.starts_with("-----Original Message")
            || t.starts_with("-----Oorspronkelijk bericht")
            || t.starts_with("Van: ")
            || t.starts_with("From: ");
        if header || t.starts_with('>') {
            break;
        }
        out.push(line);
    }
    out.join("\n").trim().to_owned()
}

/// Reads a raw RFC 5322 message (with mail-parser: MIME parts, encodings
/// and header folding are undone).
pub fn parse_email(raw: &[u8], now: DateTime<Utc>) -> Result<InboundEmail, Refused> {
    use mail_parser::MessageParser;
    let m = MessageParser::default()
        .parse(raw)
        .ok_or(Refused::BadPayload)?;
    let from = m
        .from()
        .and_then(|f| f.first())
        .and_then(|a| a.address())
        .map(str::to_lowercase)
        .ok_or(Refused::BadPayload)?;
    let ids = |v: &mail_parser::HeaderValue| -> Vec<String> {
        match v {
            mail_parser::HeaderValue::Text(t) => vec![t.to_string()],
            mail_parser::HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
            _ => Vec::new(),
        }
    };
    let mut answers = ids(m.in_reply_to());
    answers.extend(ids(m.references()));
    let text = m.body_text(0).map(|t| t.to_string()).unwrap_or_default();
    let message_id = match m.message_id() {
        Some(id) => id.to_owned(),
        None => format!(
            "sha256:{}",
            crate::auth::token_hash(&String::from_utf8_lossy(raw))
        ),
    };
    Ok(InboundEmail {
        from,
        message_id,
        answers,
        subject: m.subject().unwrap_or_default().to_owned(),
        text: strip_quoted(&text),
        at: m
            .date()
            .and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single())
            .unwrap_or(now),
    })
}

fn unix(v: &Value, now: DateTime<Utc>) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| s.parse::<i64>().ok())
        .or_else(|| v.as_i64())
        .and_then(|s| Utc.timestamp_opt(s, 0).single())
        .unwrap_or(now)
}

fn rfc3339(v: &Value, now: DateTime<Utc>) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map_or(now, |d| d.with_timezone(&Utc))
}

/// The reports in a provider's payload: the WhatsApp Cloud API's
/// `entry[].changes[].value.{messages,statuses}`, or MessageBird-shaped
/// SMS (`{id, status, statusDatetime}` or `{id, originator, body,
/// createdDatetime}`).
pub fn parse(channel: Channel, body: &[u8], now: DateTime<Utc>) -> Result<Vec<Report>, Refused> {
    if channel == Channel::Email {
        return Ok(vec![Report::Email(parse_email(body, now)?)]);
    }
    let v: Value = serde_json::from_slice(body).map_err(|_| Refused::BadPayload)?;
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let mut out = Vec::new();
    match channel {
        Channel::WhatsApp => {
            let values = v["entry"]
                .as_array()
                .ok_or(Refused::BadPayload)?
                .iter()
                .flat_map(|e| e["changes"].as_array().cloned().unwrap_or_default())
                .map(|c| c["value"].clone());
            for value in values {
                for s in value["statuses"].as_array().into_iter().flatten() {
                    out.push(Report::Status {
                        provider_ref: text(&s["id"]).ok_or(Refused::BadPayload)?,
                        status: text(&s["status"]).ok_or(Refused::BadPayload)?,
                        at: unix(&s["timestamp"], now),
                    });
                }
                for m in value["messages"].as_array().into_iter().flatten() {
                    let body = text(&m["text"]["body"])
                        .or_else(|| text(&m["button"]["text"]))
                        .unwrap_or_else(|| format!("[{}]", m["type"].as_str().unwrap_or("?")));
                    out.push(Report::Message {
                        from: text(&m["from"]).ok_or(Refused::BadPayload)?,
                        body,
                        provider_ref: text(&m["id"]).ok_or(Refused::BadPayload)?,
                        at: unix(&m["timestamp"], now),
                    });
                }
            }
        }
        Channel::Sms => {
            let id = text(&v["id"]).ok_or(Refused::BadPayload)?;
            if let Some(status) = text(&v["status"]) {
                out.push(Report::Status {
                    provider_ref: id,
                    status,
                    at: rfc3339(&v["statusDatetime"], now),
                });
            } else {
                out.push(Report::Message {
                    from: text(&v["originator"]).ok_or(Refused::BadPayload)?,
                    body: text(&v["body"]).ok_or(Refused::BadPayload)?,
                    provider_ref: id,
                    at: rfc3339(&v["createdDatetime"], now),
                });
            }
        }
        Channel::Email => unreachable!("read as a raw mail above"),
    }
    Ok(out)
}

/// Where an inbound message from `number` belongs: the order (and contact)
/// of the newest message we sent that number; else the newest order of the
/// contact whose phone is that number; else nowhere (kept, unassigned).
async fn thread_of(
    db: &impl ConnectionTrait,
    number: &str,
) -> Result<(Option<i32>, Option<i32>), ServiceError> {
    let last_sent = outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(number))
        .filter(outbox_message::Column::OrderId.is_not_null())
        .order_by_desc(outbox_message::Column::Id)
        .one(db)
        .await?;
    if let Some(order_id) = last_sent.and_then(|m| m.order_id) {
        let contact = entity::order::Entity::find_by_id(order_id)
            .one(db)
            .await?
            .map(|o| o.end_customer_contact_id);
        return Ok((contact, Some(order_id)));
    }
    // Stored numbers are written as people type them: compare normalised.
    let tail = &number[number.len().saturating_sub(4)..];
    let contact = contact::Entity::find()
        .filter(contact::Column::Phone.contains(tail))
        .all(db)
        .await?
        .into_iter()
        .find(|c| c.phone.as_deref().and_then(mobile_number).as_deref() == Some(number));
    let Some(contact) = contact else {
        return Ok((None, None));
    };
    // Their newest order as customer is the one they write about.
    let order = entity::order::Entity::find()
        .filter(entity::order::Column::EndCustomerContactId.eq(contact.id))
        .order_by_desc(entity::order::Column::Id)
        .one(db)
        .await?;
    Ok((Some(contact.id), order.map(|o| o.id)))
}

/// What recording a batch did.
/// The `(contact, order)` of the thread an e-mail reply belongs to.
async fn email_thread_of(
    db: &impl ConnectionTrait,
    mail: &InboundEmail,
) -> Result<(Option<i32>, Option<i32>), ServiceError> {
    use entity::order;
    use sea_orm::sea_query::{ExprTrait, Func};
    // 1. It answers one of our mails: `<key@host>`.
    let keys: Vec<String> = mail
        .answers
        .iter()
        .filter_map(|id| id.trim_matches(['<', '>']).split('@').next())
        .map(str::to_owned)
        .collect();
    if !keys.is_empty() {
        if let Some(order_id) = outbox_message::Entity::find()
            .filter(outbox_message::Column::IdempotencyKey.is_in(keys))
            .filter(outbox_message::Column::OrderId.is_not_null())
            .one(db)
            .await?
            .and_then(|m| m.order_id)
        {
            let contact = order::Entity::find_by_id(order_id)
                .one(db)
                .await?
                .map(|o| o.end_customer_contact_id);
            return Ok((contact, Some(order_id)));
        }
    }
    let contact = contact::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(contact::Column::Email))).eq(mail.from.as_str()))
        .order_by_desc(contact::Column::Id)
        .one(db)
        .await?;
    // 2. Its subject names an order of the sender (customer or partner).
    for word in mail
        .subject
        .split(|c: char| c.is_whitespace() || "()[]:,".contains(c))
    {
        if !entity::domain::numbering::looks_like_order_number(word) {
            continue;
        }
        let Some(o) = order::Entity::find()
            .filter(order::Column::OrderNumber.eq(word))
            .one(db)
            .await?
        else {
            continue;
        };
        let customer = contact
            .as_ref()
            .is_some_and(|c| c.id == o.end_customer_contact_id);
        let partner = match o.partner_id {
            Some(pid) => match entity::partner::Entity::find_by_id(pid).one(db).await? {
                Some(p) => contact::Entity::find_by_id(p.contact_id)
                    .one(db)
                    .await?
                    .and_then(|c| c.email)
                    .is_some_and(|e| e.eq_ignore_ascii_case(&mail.from)),
                None => false,
            },
            None => false,
        };
        if customer || partner {
            return Ok((contact.map(|c| c.id), Some(o.id)));
        }
    }
    // 3. The sender's newest order.
    let Some(contact) = contact else {
        return Ok((None, None));
    };
    let newest = order::Entity::find()
        .filter(order::Column::EndCustomerContactId.eq(contact.id))
        .order_by_desc(order::Column::Id)
        .one(db)
        .await?;
    Ok((Some(contact.id), newest.map(|o| o.id)))
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub statuses: u64,
    pub messages: u64,
}

/// Records a provider's reports: a status moves its message's
/// `provider_status` forward (never back to an older report); a message
/// is stored once per provider id, in its thread. Returns what changed.
pub async fn record(
    db: &impl ConnectionTrait,
    channel: Channel,
    reports: &[Report],
) -> Result<Recorded, ServiceError> {
    let mut done = Recorded::default();
    for r in reports {
        match r {
            Report::Status {
                provider_ref,
                status,
                at,
            } => {
                done.statuses += outbox_message::Entity::update_many()
                    .col_expr(
                        outbox_message::Column::ProviderStatus,
                        Expr::value(Some(status.clone())),
                    )
                    .col_expr(outbox_message::Column::StatusAt, Expr::value(Some(*at)))
                    .filter(outbox_message::Column::ProviderRef.eq(provider_ref))
                    .filter(outbox_message::Column::Channel.eq(channel.as_str()))
                    .filter(
                        Condition::any()
                            .add(outbox_message::Column::StatusAt.is_null())
                            .add(outbox_message::Column::StatusAt.lt(*at)),
                    )
                    .exec(db)
                    .await?
                    .rows_affected;
            }
            Report::Message {
                from,
                body,
                provider_ref,
                at,
            } => {
                let number = mobile_number(&format!("+{}", from.trim_start_matches('+')))
                    .unwrap_or_else(|| from.clone());
                let (contact_id, order_id) = thread_of(db, &number).await?;
                let inserted = inbound_message::Entity::insert(inbound_message::ActiveModel {
                    channel: Set(channel.as_str().to_owned()),
                    sender: Set(number),
                    contact_id: Set(contact_id),
                    order_id: Set(order_id),
                    body: Set(body.chars().take(4000).collect()),
                    provider_ref: Set(provider_ref.clone()),
                    received_at: Set(*at),
                    answered_at: Set(None),
                    ..Default::default()
                })
                .on_conflict(
                    OnConflict::column(inbound_message::Column::ProviderRef)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
                done.messages += inserted;
            }
            Report::Email(mail) => {
                let (contact_id, order_id) = email_thread_of(db, mail).await?;
                let text = if mail.text.is_empty() {
                    mail.subject.clone()
                } else {
                    mail.text.clone()
                };
                done.messages += inbound_message::Entity::insert(inbound_message::ActiveModel {
                    channel: Set(Channel::Email.as_str().to_owned()),
                    sender: Set(mail.from.clone()),
                    contact_id: Set(contact_id),
                    order_id: Set(order_id),
                    body: Set(text.chars().take(4000).collect()),
                    provider_ref: Set(mail.message_id.chars().take(128).collect()),
                    received_at: Set(mail.at),
                    answered_at: Set(None),
                    ..Default::default()
                })
                .on_conflict(
                    OnConflict::column(inbound_message::Column::ProviderRef)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
            }
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_keeps_its_own_text_and_drops_what_it_quotes() {
        let gmail_nl = "Prima, tot dan!\n\nOp do 3 dec 2026 om 10:00 schreef ChargeCars <noreply@chargecars.nl>:\n> Uw afspraak";
        assert_eq!(strip_quoted(gmail_nl), "Prima, tot dan!");
        let outlook = "Graag na 14:00.\r\n\r\n-----Oorspronkelijk bericht-----\r\nVan: ChargeCars";
        assert_eq!(strip_quoted(outlook), "Graag na 14:00.");
        let english = "Fine.\nOn Thu, Dec 3, 2026 at 10:00 AM ChargeCars <noreply@chargecars.nl> wrote:\n> Your appointment";
        assert_eq!(strip_quoted(english), "Fine.");
        // Nothing quoted: all of it, and a colon alone does not cut.
        assert_eq!(
            strip_quoted("Vraag: kan het eerder?\nGroet"),
            "Vraag: kan het eerder?\nGroet"
        );
    }

    #[test]
    fn a_signature_is_checked_in_constant_time_within_the_replay_window() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
        let body = br#"{"id":"mb-1","status":"delivered"}"#;
        let good = sign("geheim", now.timestamp(), body);
        assert_eq!(verify(Some("geheim"), Some(&good), body, now), Ok(()));
        // Four minutes later still fine; six minutes later a replay.
        assert_eq!(
            verify(
                Some("geheim"),
                Some(&good),
                body,
                now + Duration::minutes(4)
            ),
            Ok(())
        );
        assert_eq!(
            verify(
                Some("geheim"),
                Some(&good),
                body,
                now + Duration::minutes(6)
            ),
            Err(Refused::Stale)
        );
        // Another body, secret or timestamp under the same MAC: refused.
        assert_eq!(
            verify(
                Some("geheim"),
                Some(&good),
                br#"{"id":"mb-1","status":"failed"}"#,
                now
            ),
            Err(Refused::BadSignature)
        );
        assert_eq!(
            verify(Some("anders"), Some(&good), body, now),
            Err(Refused::BadSignature)
        );
        let moved = good.replace(
            &now.timestamp().to_string(),
            &(now.timestamp() + 1).to_string(),
        );
        assert_eq!(
            verify(Some("geheim"), Some(&moved), body, now),
            Err(Refused::BadSignature)
        );
        for bad in ["", "t=1", "v1=00", "t=x,v1=zz"] {
            assert_eq!(
                verify(Some("geheim"), Some(bad), body, now),
                Err(Refused::BadSignature),
                "{bad}"
            );
        }
        assert_eq!(
            verify(Some("geheim"), None, body, now),
            Err(Refused::BadSignature)
        );
        assert_eq!(
            verify(None, Some(&good), body, now),
            Err(Refused::NotConfigured)
        );
    }

    #[test]
    fn both_providers_payloads_are_read() {
        let now = Utc::now();
        let wa = br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{
            "statuses":[{"id":"wamid.1","status":"read","timestamp":"1765101600"}],
            "messages":[{"from":"31612345678","id":"wamid.in","timestamp":"1765101660","type":"text","text":{"body":"Kan het later?"}}]}}]}]}"#;
        assert_eq!(
            parse(Channel::WhatsApp, wa, now).unwrap(),
            [
                Report::Status {
                    provider_ref: "wamid.1".into(),
                    status: "read".into(),
                    at: Utc.timestamp_opt(1765101600, 0).unwrap()
                },
                Report::Message {
                    from: "31612345678".into(),
                    body: "Kan het later?".into(),
                    provider_ref: "wamid.in".into(),
                    at: Utc.timestamp_opt(1765101660, 0).unwrap()
                },
            ]
        );
        let status =
            br#"{"id":"mb-1","status":"delivered","statusDatetime":"2026-12-07T10:00:00+01:00"}"#;
        assert!(
            matches!(&parse(Channel::Sms, status, now).unwrap()[..], [Report::Status { status, .. }] if status == "delivered")
        );
        let inbound = br#"{"id":"mb-in","originator":"31612345678","body":"Ja"}"#;
        assert!(
            matches!(&parse(Channel::Sms, inbound, now).unwrap()[..], [Report::Message { body, .. }] if body == "Ja")
        );
        assert_eq!(parse(Channel::Sms, b"{}", now), Err(Refused::BadPayload));
        assert_eq!(
            parse(Channel::WhatsApp, b"nope", now),
            Err(Refused::BadPayload)
        );
    }
}
