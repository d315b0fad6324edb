//! The general audit log: who changed what, and when. Status changes of
//! orders go to `status_transitions` instead.

pub mod search;

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

/// `{"field": [old, new]}` for the fields in which two versions of a form
/// differ: what an update's audit line records.
pub fn changed_fields<T: serde::Serialize>(before: &T, after: &T) -> serde_json::Value {
    let (a, b) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    let mut out = serde_json::Map::new();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, new) in b {
            let old = a.get(k).cloned().unwrap_or_default();
            if &old != new {
                out.insert(k.clone(), serde_json::json!([old, new]));
            }
        }
    }
    serde_json::Value::Object(out)
}

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
