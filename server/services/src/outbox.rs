//! Outgoing messages. Until the communication engine exists, mail is only
//! written here and admins read it on a page.

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
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The newest messages. Admins only.
pub async fn latest(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Admin))?;
    Ok(outbox_message::Entity::find()
        .order_by_desc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
