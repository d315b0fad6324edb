//! The consent ledger (001 "GDPR Compliance"): per address and channel,
//! every opt-in and opt-out with its source and time; the newest counts.
//! Marketing needs an explicit opt-in; transactional and urgent messages
//! (about the customer's own order or account) need none. Every e-mail
//! carries a one-click unsubscribe link (and the `List-Unsubscribe` and
//! `List-Unsubscribe-Post` headers, RFC 8058) that opts its recipient out.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::{mobile_number, Channel};
use entity::domain::Portal;
use entity::dto::{ConsentDto, CurrentUser};
use entity::{consent, contact, outbox_message, user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

/// A fresh unsubscribe token (URL-safe, 256 bits).
pub fn new_token() -> String {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    data_encoding::BASE64URL_NOPAD.encode(&bytes)
}

/// The absolute unsubscribe link of a token.
pub fn link(token: &str) -> String {
    format!(
        "{}{}",
        crate::runtime::public_url(),
        entity::paths::unsubscribe(token)
    )
}

fn normalise(address: &str, channel: Channel) -> String {
    match channel {
        Channel::Email => address.trim().to_lowercase(),
        _ => mobile_number(address).unwrap_or_else(|| address.trim().to_owned()),
    }
}

/// Adds an entry to the ledger.
pub async fn record(
    db: &impl ConnectionTrait,
    address: &str,
    channel: Channel,
    granted: bool,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    consent::ActiveModel {
        address: Set(normalise(address, channel)),
        channel: Set(channel.as_str().to_owned()),
        granted: Set(granted),
        source: Set(source.to_owned()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Whether `address` agreed to marketing on `channel` (its newest entry is
/// an opt-in; no entry is no consent).
pub async fn marketing_allowed(
    db: &impl ConnectionTrait,
    address: &str,
    channel: Channel,
) -> Result<bool, ServiceError> {
    Ok(consent::Entity::find()
        .filter(consent::Column::Address.eq(normalise(address, channel)))
        .filter(consent::Column::Channel.eq(channel.as_str()))
        .order_by_desc(consent::Column::Id)
        .one(db)
        .await?
        .is_some_and(|c| c.granted))
}

/// Whom an unsubscribe token belongs to: the address its mail went to.
pub async fn token_address(db: &impl ConnectionTrait, token: &str) -> Result<String, ServiceError> {
    if token.is_empty() || token.len() > 64 {
        return Err(ServiceError::NotFound);
    }
    outbox_message::Entity::find()
        .filter(outbox_message::Column::UnsubscribeToken.eq(token))
        .one(db)
        .await?
        .map(|m| m.recipient)
        .ok_or(ServiceError::NotFound)
}

/// Opts the recipient of the mail with `token` out of marketing e-mail.
/// Returns the address (for the confirmation). Doing it twice is harmless.
pub async fn unsubscribe(
    db: &impl ConnectionTrait,
    token: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let address = token_address(db, token).await?;
    let newest = consent::Entity::find()
        .filter(consent::Column::Address.eq(normalise(&address, Channel::Email)))
        .filter(consent::Column::Channel.eq(Channel::Email.as_str()))
        .order_by_desc(consent::Column::Id)
        .one(db)
        .await?;
    if newest.is_none_or(|c| c.granted) {
        record(db, &address, Channel::Email, false, source, now).await?;
    }
    Ok(address)
}

/// The signed-in customer's addresses per channel.
async fn customer_addresses(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
) -> Result<Vec<(Channel, String)>, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Customer))?;
    let who = user.ok_or(ServiceError::Unauthenticated)?;
    let u = user::Entity::find_by_id(who.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let c = match u.contact_id {
        Some(id) => contact::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    // Messages about their orders go to their contact's address, account
    // messages to their sign-in address: each is its own choice.
    let mut out = Vec::new();
    if let Some(e) = c.as_ref().and_then(|c| c.email.clone()) {
        out.push((Channel::Email, e.trim().to_lowercase()));
    }
    let account = u.email.trim().to_lowercase();
    if !out.iter().any(|(_, a)| *a == account) {
        out.push((Channel::Email, account));
    }
    if let Some(mobile) = c.and_then(|c| c.phone).as_deref().and_then(mobile_number) {
        out.push((Channel::Sms, mobile.clone()));
        out.push((Channel::WhatsApp, mobile));
    }
    Ok(out)
}

/// The customer's communication preferences: per channel, the address and
/// whether they agreed to marketing.
pub async fn preferences(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
) -> Result<Vec<ConsentDto>, ServiceError> {
    let mut out = Vec::new();
    for (channel, address) in customer_addresses(db, user).await? {
        let hours = channel
            .sending_hours()
            .map(|(from, until)| format!("{from:02}:00–{until:02}:00"))
            .unwrap_or_default();
        out.push(ConsentDto {
            channel: channel.as_str().to_owned(),
            address: address.clone(),
            marketing: marketing_allowed(db, &address, channel).await?,
            hours,
        });
    }
    Ok(out)
}

/// Saves the customer's choices, `(channel, address, agreed)`: a ledger
/// entry for each whose choice changed (source `preferences`). Only their
/// own addresses can be chosen for.
pub async fn save_preferences(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    choices: &[(String, String, bool)],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let addresses = customer_addresses(db, user).await?;
    for (channel, address, granted) in choices {
        let channel: Channel = channel
            .parse()
            .map_err(|_| ServiceError::Invalid("channel".into()))?;
        let Some((_, address)) = addresses
            .iter()
            .find(|(c, a)| *c == channel && *a == normalise(address, channel))
        else {
            return Err(ServiceError::Invalid("channel".into()));
        };
        if marketing_allowed(db, address, channel).await? != *granted {
            record(db, address, channel, *granted, "preferences", now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn the_newest_entry_counts_and_no_entry_is_no_consent() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        let now = Utc::now();
        assert!(!marketing_allowed(db, "a@example.nl", Channel::Email)
            .await
            .unwrap());
        record(
            db,
            "A@Example.nl ",
            Channel::Email,
            true,
            "preferences",
            now,
        )
        .await
        .unwrap();
        assert!(marketing_allowed(db, "a@example.nl", Channel::Email)
            .await
            .unwrap());
        // Another channel of the same person is its own choice.
        assert!(!marketing_allowed(db, "a@example.nl", Channel::Sms)
            .await
            .unwrap());
        record(db, "a@example.nl", Channel::Email, false, "one_click", now)
            .await
            .unwrap();
        assert!(!marketing_allowed(db, "a@example.nl", Channel::Email)
            .await
            .unwrap());
        // Numbers match however they were typed.
        record(db, "06 1234 5678", Channel::Sms, true, "preferences", now)
            .await
            .unwrap();
        assert!(marketing_allowed(db, "+31612345678", Channel::Sms)
            .await
            .unwrap());
        let ledger = consent::Entity::find().all(db).await.unwrap();
        assert_eq!(ledger.len(), 3, "every choice is kept");
        assert_eq!(ledger[1].source, "one_click");
        tdb.cleanup().await;
    }
}
