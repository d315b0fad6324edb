use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A photo taken at a visit, in one of `domain::field::PHOTO_PHASES`. The
/// phone names it (`client_id`, a UUID) so that an upload that is cut off
/// resumes into the same photo; the file itself is in the photo storage
/// under `storage_key`, whole once `received_bytes == size_bytes`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "visit_photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub client_id: String,
    pub visit_id: i32,
    pub phase: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub received_bytes: i32,
    pub storage_key: String,
    pub uploaded_by_user_id: i32,
    pub taken_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
