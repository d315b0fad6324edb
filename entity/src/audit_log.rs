use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who changed what, and when, for every edit that is not a status change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub actor_user_id: Option<i32>,
    pub table_name: String,
    pub record_id: String,
    /// `create`, `update`, `delete`, `login`, …
    pub action: String,
    /// JSON object of changed fields: `{"field": [old, new]}`.
    pub changes: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
