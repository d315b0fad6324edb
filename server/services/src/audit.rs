//! The general audit log: who changed what, and when. Status changes of
//! orders go to `status_transitions` instead.

pub mod search;

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

/// Records one event. `changes` is a JSON object, e.g. `{"field":[old,new]}`.
pub async fn record(
    db: &impl ConnectionTrait,
    actor_user_id: Option<i32>,
    table_name: &str,
    record_id: impl ToString,
    action: &str,
    changes: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    audit_log::ActiveModel {
        actor_user_id: Set(actor_user_id),
        table_name: Set(table_name.to_owned()),
        record_id: Set(record_id.to_string()),
        action: Set(action.to_owned()),
        changes: Set(changes.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
