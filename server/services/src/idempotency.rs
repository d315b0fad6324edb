//! `Idempotency-Key` for the partner API's POSTs (issue 20), as integrators
//! know it from Stripe: a repeat of a request with the same key and the
//! same body gets the first answer again and changes nothing; the same key
//! with another body is refused (422). Keys are the partner's, so a rotated
//! API key replays what the old one started, and they are kept 24 hours.
//!
//! `begin` and `finish` run in the caller's transaction where the work has
//! one (a new lead: the order and its record commit together, so a crash
//! leaves neither). Work that commits on its own (an approval) runs between
//! a committed `begin` and `finish`; should the process die in between, the
//! record is taken over after `ABANDONED_SECS`, and the work's own state
//! check (an approved quote cannot be approved again) keeps it single.

use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::api_idempotency as idem;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// How long a first request may take before a repeat may take over.
pub const ABANDONED_SECS: i64 = 60;
/// How long an answer is kept for replay.
pub const KEEP_HOURS: i64 = 24;

/// What to do with a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Begun {
    /// The first time: do the work, then `finish` record `id`.
    Fresh(i32),
    /// Done before: answer this again.
    Replay { status: u16, body: String },
}

/// SHA-256 (hex) of what makes two requests the same.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    data_encoding::HEXLOWER.encode(&h.finalize())
}

/// A key is 1–255 visible ASCII characters (a UUID, typically).
pub fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Claims `key` for this request, or finds what it answered before.
/// Errors: `Invalid("idempotency_key")` for a malformed key,
/// `Conflict("idempotency_key_reused")` for another request under the same
/// key, `Conflict("idempotency_in_progress")` while the first still runs.
pub async fn begin(
    db: &impl ConnectionTrait,
    partner_id: i32,
    key: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Begun, ServiceError> {
    if !valid_key(key) {
        return Err(ServiceError::Invalid("idempotency_key".into()));
    }
    let mine = || {
        idem::Entity::find()
            .filter(idem::Column::PartnerId.eq(partner_id))
            .filter(idem::Column::IdemKey.eq(key))
    };
    // An answer older than a day is forgotten: the key is new again.
    idem::Entity::delete_many()
        .filter(idem::Column::PartnerId.eq(partner_id))
        .filter(idem::Column::IdemKey.eq(key))
        .filter(idem::Column::CreatedAt.lt(now - Duration::hours(KEEP_HOURS)))
        .exec(db)
        .await?;
    // The unique index decides between two at once: on PostgreSQL the
    // second waits for the first to commit and then inserts nothing.
    let inserted = match idem::Entity::insert(idem::ActiveModel {
        partner_id: Set(partner_id),
        idem_key: Set(key.to_owned()),
        request_hash: Set(hash.to_owned()),
        status: Set(None),
        body: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([idem::Column::PartnerId, idem::Column::IdemKey])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    {
        Ok(n) => n,
        Err(sea_orm::DbErr::RecordNotInserted) => 0,
        Err(e) => return Err(e.into()),
    };
    let row = mine().one(db).await?.ok_or(ServiceError::NotFound)?;
    if inserted == 1 {
        return Ok(Begun::Fresh(row.id));
    }
    if row.request_hash != hash {
        return Err(ServiceError::Conflict("idempotency_key_reused".into()));
    }
    match (row.status, row.body) {
        (Some(status), Some(body)) => Ok(Begun::Replay {
            status: status as u16,
            body,
        }),
        _ => {
            // Still running, or its process died: take it over only after
            // a while, and only one repeat may (the row count decides).
            let taken = idem::Entity::update_many()
                .col_expr(idem::Column::CreatedAt, Expr::value(now))
                .filter(idem::Column::Id.eq(row.id))
                .filter(idem::Column::Status.is_null())
                .filter(idem::Column::CreatedAt.lt(now - Duration::seconds(ABANDONED_SECS)))
                .exec(db)
                .await?
                .rows_affected;
            if taken == 1 {
                Ok(Begun::Fresh(row.id))
            } else {
                Err(ServiceError::Conflict("idempotency_in_progress".into()))
            }
        }
    }
}

/// `begin` for a request that may carry a key: `Ok(Some(id))` to do the
/// work and `finish` it, `Ok(None)` without a key, or `Err(answer)` to give
/// the kept answer of a repeat again.
pub async fn claim(
    db: &impl ConnectionTrait,
    partner_id: i32,
    key: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<Result<Option<i32>, (u16, String)>, ServiceError> {
    let Some((key, hash)) = key else {
        return Ok(Ok(None));
    };
    Ok(match begin(db, partner_id, key, hash, now).await? {
        Begun::Replay { status, body } => Err((status, body)),
        Begun::Fresh(id) => Ok(Some(id)),
    })
}

/// Keeps the answer to replay.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: i32,
    status: u16,
    body: &str,
) -> Result<(), ServiceError> {
    idem::Entity::update_many()
        .col_expr(idem::Column::Status, Expr::value(Some(status as i16)))
        .col_expr(idem::Column::Body, Expr::value(Some(body.to_owned())))
        .filter(idem::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets a claim whose work failed on our side, so a retry runs again.
pub async fn abandon(db: &impl ConnectionTrait, id: i32) -> Result<(), ServiceError> {
    idem::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Forgets the answers older than `KEEP_HOURS` (the hourly housekeeping;
/// `begin` also forgets an old answer to the key it is given). Returns how
/// many were forgotten.
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(idem::Entity::delete_many()
        .filter(idem::Column::CreatedAt.lt(now - Duration::hours(KEEP_HOURS)))
        .exec(db)
        .await?
        .rows_affected)
}
