//! The partner API's usage log (issue 20): every call made with a key, with
//! its answer and how long it took, for the partner to see in the portal.

use crate::api_keys::ApiCaller;
use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::{Portal, Role};
use entity::dto::{ApiAccessDto, ApiCallDto, CurrentUser};
use entity::{api_call, api_key};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// How long the usage log keeps a call.
pub const KEEP_DAYS: i64 = 90;

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

/// The partner API page: the partner's keys (never a key itself), its
/// latest `limit` calls, and whether the caller may manage the keys.
pub async fn access(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    limit: u64,
) -> Result<ApiAccessDto, ServiceError> {
    let (partner_id, user_id) = crate::api_keys::partner_of(caller)?;
    Ok(ApiAccessDto {
        keys: crate::api_keys::list(db, caller).await?,
        calls: recent(db, caller, limit).await?,
        may_manage: crate::api_keys::is_partner_admin(db, user_id, partner_id).await?,
    })
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

/// Forgets the calls older than `KEEP_DAYS` (the hourly housekeeping).
/// Returns how many were forgotten.
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(api_call::Entity::delete_many()
        .filter(api_call::Column::At.lt(now - chrono::Duration::days(KEEP_DAYS)))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod prune_tests {
    use super::*;
    use crate::testing;
    use entity::api_idempotency;

    /// The hourly housekeeping forgets calls after 90 days and replayable
    /// answers after a day, and keeps everything younger.
    #[tokio::test]
    async fn old_calls_and_idempotency_answers_are_forgotten() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            let now = testing::TODAY.and_hms_opt(12, 0, 0).unwrap().and_utc();
            let caller = ApiCaller {
                key_id: 1,
                partner_id: 1,
                prefix: "cc_live_abcdefgh".into(),
                user_id: 5,
                scopes: vec![],
                test: false,
            };
            for days in [0, 89, 91, 400] {
                let call = Call {
                    method: "GET",
                    path: "/api/v1/orders",
                    status: 200,
                    duration_ms: 3,
                    ip: None,
                };
                record(db, &caller, call, now - chrono::Duration::days(days))
                    .await
                    .unwrap();
            }
            for (key, hours) in [("fresh", 1), ("day-old", 23), ("stale", 25)] {
                api_idempotency::ActiveModel {
                    partner_id: Set(1),
                    idem_key: Set(key.into()),
                    request_hash: Set("h".into()),
                    status: Set(Some(201)),
                    body: Set(Some("{}".into())),
                    created_at: Set(now - chrono::Duration::hours(hours)),
                    ..Default::default()
                }
                .insert(db)
                .await
                .unwrap();
            }
            assert_eq!(prune(db, now).await.unwrap(), 2, "{}", tdb.backend);
            assert_eq!(crate::idempotency::prune(db, now).await.unwrap(), 1);
            assert_eq!(prune(db, now).await.unwrap(), 0, "once");
            let kept: Vec<String> = api_idempotency::Entity::find()
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.idem_key)
                .collect();
            assert_eq!(kept, ["fresh", "day-old"]);
            use sea_orm::PaginatorTrait;
            assert_eq!(api_call::Entity::find().count(db).await.unwrap(), 2);
            tdb.cleanup().await;
        }
    }
}
