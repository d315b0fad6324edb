//! Visit photos (issue 19): stored as files, uploaded in chunks that resume
//! after a dropped connection. The phone names each photo (a UUID) before
//! the first byte, so that sending again continues the same photo instead
//! of starting a second one. The bytes go to a `PhotoStore`: local disk by
//! default (`LocalDisk`); an S3-compatible store implements the same trait.

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::field::{is_command_id, PHOTO_PHASES};
use entity::dto::CurrentUser;
use entity::{visit, visit_photo};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

/// The largest photo (the phone resizes and compresses before sending).
pub const MAX_PHOTO_BYTES: i32 = 8 * 1024 * 1024;
/// The largest chunk of one request.
pub const MAX_CHUNK_BYTES: usize = 128 * 1024;

type Io<'a, T> = Pin<Box<dyn Future<Output = std::io::Result<T>> + Send + 'a>>;

/// Where photo files live.
pub trait PhotoStore: Send + Sync {
    /// Writes `bytes` at `offset` of the file `key` (created if new).
    fn write_at<'a>(&'a self, key: &'a str, offset: u64, bytes: &'a [u8]) -> Io<'a, ()>;
    /// The whole file.
    fn read<'a>(&'a self, key: &'a str) -> Io<'a, Vec<u8>>;
}

/// Photos as files under a directory (`PHOTO_DIR`, default `data/photos`).
#[derive(Clone, Debug)]
pub struct LocalDisk {
    pub root: PathBuf,
}

impl LocalDisk {
    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        // Keys are made here from ids and UUIDs; refuse anything else.
        if key
            .split('/')
            .any(|p| p.is_empty() || p == ".." || p == ".")
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c))
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "bad key",
            ));
        }
        Ok(self.root.join(key))
    }
}

impl PhotoStore for LocalDisk {
    fn write_at<'a>(&'a self, key: &'a str, offset: u64, bytes: &'a [u8]) -> Io<'a, ()> {
        Box::pin(async move {
            use tokio::io::{AsyncSeekExt, AsyncWriteExt};
            let path = self.path(key)?;
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            let mut f = tokio::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(false)
                .open(&path)
                .await?;
            f.seek(std::io::SeekFrom::Start(offset)).await?;
            f.write_all(bytes).await?;
            f.flush().await?;
            f.sync_data().await
        })
    }

    fn read<'a>(&'a self, key: &'a str) -> Io<'a, Vec<u8>> {
        Box::pin(async move { tokio::fs::read(self.path(key)?).await })
    }
}

/// The store visit photos are written to: local disk under `PHOTO_DIR`.
pub fn store() -> LocalDisk {
    LocalDisk {
        root: crate::runtime::get().photo_dir.clone(),
    }
}

pub use entity::dto::{PhotoStartDto as PhotoStart, UploadStateDto as UploadState};

/// A chunk as the app sends it (base64 in JSON).
pub fn decode_chunk(data: &str) -> Result<Vec<u8>, ServiceError> {
    data_encoding::BASE64
        .decode(data.as_bytes())
        .map_err(|_| ServiceError::Invalid("data".into()))
}

fn state(p: &visit_photo::Model) -> UploadState {
    UploadState {
        client_id: p.client_id.clone(),
        received_bytes: p.received_bytes,
        size_bytes: p.size_bytes,
        complete: p.completed_at.is_some(),
    }
}

/// The caller's user and technician ids; only technicians upload visit
/// photos (the same rule as for the visit's commands).
async fn technician_id(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<(i32, i32), ServiceError> {
    let (caller, me) = crate::field::technician_of(db, caller).await?;
    Ok((caller.user_id, me.id))
}

/// Starts a photo, or tells how far it already is (the same `client_id`
/// again). The visit must be on a route of a team the technician is in.
pub async fn start(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    p: &PhotoStart,
) -> Result<UploadState, ServiceError> {
    let (user_id, tech_id) = technician_id(db, caller).await?;
    if !is_command_id(&p.client_id) {
        return Err(ServiceError::Invalid("client_id".into()));
    }
    let client_id = p.client_id.to_ascii_lowercase();
    if let Some(existing) = visit_photo::Entity::find()
        .filter(visit_photo::Column::ClientId.eq(&client_id))
        .one(db)
        .await?
    {
        if existing.uploaded_by_user_id != user_id {
            return Err(ServiceError::NotFound);
        }
        return Ok(state(&existing));
    }
    let mut fields = Vec::new();
    if !PHOTO_PHASES.contains(&p.phase.as_str()) {
        fields.push(("phase".to_owned(), "unknown".to_owned()));
    }
    let ext = match p.content_type.as_str() {
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/png" => "png",
        _ => {
            fields.push(("content_type".to_owned(), "unsupported".to_owned()));
            ""
        }
    };
    if !(1..=MAX_PHOTO_BYTES).contains(&p.size_bytes) {
        fields.push(("size_bytes".to_owned(), "too_large".to_owned()));
    }
    if !fields.is_empty() {
        return Err(ServiceError::Fields(fields));
    }
    let v = visit::Entity::find_by_id(p.visit_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mine = match v.day_team_id {
        Some(team) => crate::field::on_team(db, team, tech_id).await?,
        None => false,
    };
    if !mine {
        return Err(ServiceError::NotFound);
    }
    let row = visit_photo::ActiveModel {
        client_id: Set(client_id.clone()),
        visit_id: Set(v.id),
        phase: Set(p.phase.clone()),
        content_type: Set(p.content_type.clone()),
        size_bytes: Set(p.size_bytes),
        received_bytes: Set(0),
        storage_key: Set(format!("visits/{}/{client_id}.{ext}", v.id)),
        uploaded_by_user_id: Set(user_id),
        taken_at: Set(p.taken_at),
        completed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await;
    match row {
        Ok(row) => Ok(state(&row)),
        // Started twice at once: the other start won; answer as it.
        Err(e) if crate::db::is_unique_violation(&e) => {
            let row = visit_photo::Entity::find()
                .filter(visit_photo::Column::ClientId.eq(&client_id))
                .one(db)
                .await?
                .ok_or(ServiceError::Stale)?;
            Ok(state(&row))
        }
        Err(e) => Err(e.into()),
    }
}

/// Adds the chunk that starts at `offset`. A chunk the server already has
/// (a resend after a drop) is skipped; a chunk beyond what it has is
/// refused with the state to resume from. The last chunk checks that the
/// file is the image it claims to be and marks the photo complete.
pub async fn append(
    db: &DatabaseConnection,
    store: &dyn PhotoStore,
    caller: Option<&CurrentUser>,
    client_id: &str,
    offset: i32,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<UploadState, ServiceError> {
    let (user_id, _) = technician_id(db, caller).await?;
    let client_id = client_id.to_ascii_lowercase();
    let p = visit_photo::Entity::find()
        .filter(visit_photo::Column::ClientId.eq(&client_id))
        .filter(visit_photo::Column::UploadedByUserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if bytes.len() > MAX_CHUNK_BYTES {
        return Err(ServiceError::Invalid("chunk_too_large".into()));
    }
    if p.completed_at.is_some() || offset + bytes.len() as i32 <= p.received_bytes {
        return Ok(state(&p));
    }
    if offset > p.received_bytes || offset < 0 {
        return Err(ServiceError::Conflict(format!(
            "resume_at:{}",
            p.received_bytes
        )));
    }
    // Only the part the server does not have yet.
    let skip = (p.received_bytes - offset) as usize;
    let new = &bytes[skip..];
    let end = p.received_bytes + new.len() as i32;
    if end > p.size_bytes {
        return Err(ServiceError::Invalid("beyond_size".into()));
    }
    store
        .write_at(&p.storage_key, p.received_bytes as u64, new)
        .await
        .map_err(|e| ServiceError::Internal(format!("photo store: {e}")))?;
    // The conditional update decides between two senders of one chunk.
    let done = visit_photo::Entity::update_many()
        .col_expr(visit_photo::Column::ReceivedBytes, Expr::value(end))
        .filter(visit_photo::Column::Id.eq(p.id))
        .filter(visit_photo::Column::ReceivedBytes.eq(p.received_bytes))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        let now_p = visit_photo::Entity::find_by_id(p.id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        return Ok(state(&now_p));
    }
    if end == p.size_bytes {
        let file = store
            .read(&p.storage_key)
            .await
            .map_err(|e| ServiceError::Internal(format!("photo store: {e}")))?;
        if !looks_like(&p.content_type, &file) {
            // Start over: the phone sends the photo again from 0.
            visit_photo::Entity::update_many()
                .col_expr(visit_photo::Column::ReceivedBytes, Expr::value(0))
                .filter(visit_photo::Column::Id.eq(p.id))
                .exec(db)
                .await?;
            return Err(ServiceError::Invalid("not_an_image".into()));
        }
        visit_photo::Entity::update_many()
            .col_expr(visit_photo::Column::CompletedAt, Expr::value(Some(now)))
            .filter(visit_photo::Column::Id.eq(p.id))
            .exec(db)
            .await?;
    }
    let p = visit_photo::Entity::find_by_id(p.id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(state(&p))
}

/// A finished visit photo's type and bytes, for ops (and the technician
/// who took it). Anyone else: not there.
pub async fn read(
    db: &DatabaseConnection,
    store: &dyn PhotoStore,
    caller: Option<&CurrentUser>,
    id: i32,
) -> Result<(String, Vec<u8>), ServiceError> {
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    let p = visit_photo::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| p.completed_at.is_some())
        .ok_or(ServiceError::NotFound)?;
    let ops = crate::authz::authorize(Some(caller), crate::authz::Action::ManagePipeline).is_ok();
    if !ops && p.uploaded_by_user_id != caller.user_id {
        return Err(ServiceError::NotFound);
    }
    let bytes = store
        .read(&p.storage_key)
        .await
        .map_err(|e| ServiceError::Internal(format!("photo store: {e}")))?;
    Ok((p.content_type, bytes))
}

/// Whether the file starts as its type says (JPEG, PNG, WebP).
fn looks_like(content_type: &str, file: &[u8]) -> bool {
    match content_type {
        "image/jpeg" => file.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => file.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/webp" => file.len() > 12 && &file[0..4] == b"RIFF" && &file[8..12] == b"WEBP",
        _ => false,
    }
}

#[cfg(test)]
mod tests;
