//! When each business entity's timed messages go out
//! (`entity::domain::triggers`): the defaults of 001, unless an admin
//! switched one off or changed its hours on the page "Berichtregels". The
//! effects that queue reminders, follow-ups and escalations read them here.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::triggers::{self, Timing, TRIGGERS};
use entity::domain::Portal;
use entity::dto::{CurrentUser, TimingDto, TimingsDto};
use entity::{business_entity, message_timing, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

async fn rows(
    db: &impl ConnectionTrait,
    business_entity_id: i32,
) -> Result<Vec<message_timing::Model>, ServiceError> {
    Ok(message_timing::Entity::find()
        .filter(message_timing::Column::BusinessEntityId.eq(business_entity_id))
        .all(db)
        .await?)
}

/// Every trigger as this entity has set it (the default where it has not).
pub async fn of_entity(
    db: &impl ConnectionTrait,
    business_entity_id: i32,
) -> Result<Vec<Timing>, ServiceError> {
    let saved = rows(db, business_entity_id).await?;
    Ok(TRIGGERS
        .iter()
        .map(|t| match saved.iter().find(|r| r.trigger_key == t.key) {
            Some(r) => Timing {
                trigger: t,
                enabled: r.enabled,
                hours: r.hours,
            },
            None => Timing::default_of(t),
        })
        .collect())
}

fn admin(user: Option<&CurrentUser>) -> Result<&CurrentUser, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Admin))?;
    user.ok_or(ServiceError::Unauthenticated)
}

/// The page: one entity's timed messages (none: the first entity).
pub async fn list(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    business_entity_id: Option<i32>,
) -> Result<TimingsDto, ServiceError> {
    admin(user)?;
    let entities: Vec<(i32, String)> = business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    let id = match business_entity_id {
        Some(id) if entities.iter().any(|(e, _)| *e == id) => id,
        Some(_) => return Err(ServiceError::NotFound),
        None => entities.first().ok_or(ServiceError::NotFound)?.0,
    };
    let saved = rows(db, id).await?;
    let names: Vec<(i32, String)> = {
        let ids: Vec<i32> = saved.iter().filter_map(|r| r.updated_by).collect();
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    let rows = TRIGGERS
        .iter()
        .map(|t| match saved.iter().find(|r| r.trigger_key == t.key) {
            Some(r) => TimingDto {
                key: t.key.to_owned(),
                enabled: r.enabled,
                hours: r.hours,
                version: r.version,
                changed: Some(format!(
                    "{} · {}",
                    entity::domain::time::format_local(r.updated_at),
                    r.updated_by
                        .and_then(|u| names.iter().find(|(id, _)| *id == u))
                        .map_or("?", |(_, n)| n.as_str())
                )),
            },
            None => TimingDto {
                key: t.key.to_owned(),
                enabled: true,
                hours: t.hours,
                version: 0,
                changed: None,
            },
        })
        .collect();
    Ok(TimingsDto {
        business_entity_id: id,
        entities,
        rows,
    })
}

/// Saves one setting over `version` (0: never saved). Two admins saving the
/// same version: the second gets `Stale`, decided by the unique index (the
/// first save) or by the row count of the conditional update. Audited.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    business_entity_id: i32,
    key: &str,
    enabled: bool,
    hours: i32,
    version: i32,
    now: DateTime<Utc>,
) -> Result<TimingDto, ServiceError> {
    let who = admin(user)?;
    let trigger = triggers::find(key).ok_or(ServiceError::NotFound)?;
    business_entity::Entity::find_by_id(business_entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    triggers::check_hours(trigger, hours)
        .map_err(|code| ServiceError::Fields(vec![("hours".into(), code.into())]))?;
    let txn = crate::db::begin_write(db).await?;
    crate::db::save_keyed(
        &txn,
        version,
        message_timing::ActiveModel {
            business_entity_id: Set(business_entity_id),
            trigger_key: Set(trigger.key.to_owned()),
            enabled: Set(enabled),
            hours: Set(hours),
            version: Set(1),
            updated_by: Set(Some(who.user_id)),
            updated_at: Set(now),
            ..Default::default()
        },
        message_timing::Entity::update_many()
            .col_expr(message_timing::Column::Enabled, Expr::value(enabled))
            .col_expr(message_timing::Column::Hours, Expr::value(hours))
            .col_expr(message_timing::Column::UpdatedBy, Expr::value(who.user_id))
            .col_expr(message_timing::Column::UpdatedAt, Expr::value(now))
            .filter(message_timing::Column::BusinessEntityId.eq(business_entity_id))
            .filter(message_timing::Column::TriggerKey.eq(trigger.key)),
    )
    .await?;
    crate::audit::record(
        &txn,
        Some(who.user_id),
        "message_timings",
        format!("{business_entity_id}/{}", trigger.key),
        "saved",
        serde_json::json!({ "enabled": enabled, "hours": hours, "version": version + 1 }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(TimingDto {
        key: trigger.key.to_owned(),
        enabled,
        hours,
        version: version + 1,
        changed: Some(format!(
            "{} · {}",
            entity::domain::time::format_local(now),
            who.display_name
        )),
    })
}
