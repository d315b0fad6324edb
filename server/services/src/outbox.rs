//! Outgoing messages: written here in the transaction of what caused them,
//! delivered by `delivery`'s worker; admins read them on a page.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::Portal;
use entity::dto::CurrentUser;
use entity::outbox_message;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryOrder, QuerySelect,
};

pub async fn queue_email(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
    template: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    outbox_message::ActiveModel {
        channel: Set("email".to_owned()),
        recipient: Set(to.to_owned()),
        subject: Set(subject.to_owned()),
        body: Set(body.to_owned()),
        template: Set(template.to_owned()),
        business_entity_id: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        state: Set(crate::delivery::PENDING.to_owned()),
        attempts: Set(0),
        not_before: Set(None),
        last_error: Set(None),
        idempotency_key: Set(format!("{template}-{}", uuid::Uuid::new_v4().simple())),
        claimed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
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
    use super::mask_links;

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
