//! The partner API's usage log (issue 20): every call made with a key, with
//! its answer and how long it took, for the partner to see in the portal.

use crate::api_keys::ApiCaller;
use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::{Portal, Role};
use entity::dto::{ApiCallDto, CurrentUser};
use entity::{api_call, api_key};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// One call as it was answered.
pub struct Call<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub duration_ms: u64,
    pub ip: Option<&'a str>,
}

/// Notes a call made with `caller`'s key.
pub async fn record(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    call: Call<'_>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    api_call::ActiveModel {
        api_key_id: Set(caller.key_id),
        partner_id: Set(caller.partner_id),
        method: Set(call.method.chars().take(8).collect()),
        path: Set(call.path.chars().take(200).collect()),
        status: Set(call.status as i16),
        duration_ms: Set(call.duration_ms.min(i32::MAX as u64) as i32),
        ip: Set(call.ip.map(|i| i.chars().take(64).collect())),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The partner's latest calls, newest first, with the key each was made
/// with. Only the partner's own users see them.
pub async fn recent(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    limit: u64,
) -> Result<Vec<ApiCallDto>, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Partner))?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    let partner_id = match (caller.role, caller.partner_id) {
        (Role::PartnerUser, Some(p)) => p,
        _ => return Err(ServiceError::Forbidden),
    };
    let prefixes: HashMap<i32, String> = api_key::Entity::find()
        .filter(api_key::Column::PartnerId.eq(partner_id))
        .all(db)
        .await?
        .into_iter()
        .map(|k| (k.id, k.prefix))
        .collect();
    Ok(api_call::Entity::find()
        .filter(api_call::Column::PartnerId.eq(partner_id))
        .order_by_desc(api_call::Column::Id)
        .limit(limit.clamp(1, 500))
        .all(db)
        .await?
        .into_iter()
        .map(|c| ApiCallDto {
            key_prefix: prefixes.get(&c.api_key_id).cloned().unwrap_or_default(),
            method: c.method,
            path: c.path,
            status: c.status as u16,
            duration_ms: c.duration_ms,
            ip: c.ip,
            at: c.at,
        })
        .collect())
}
