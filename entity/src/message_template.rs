use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One version of a message template (`entity::domain::templates`): the
/// highest version of a scope, kind, channel and language is in use.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "message_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// A business entity's id, or `domain::templates::PLATFORM` (0).
    pub scope: i32,
    pub kind: String,
    pub channel: String,
    pub language: String,
    pub version: i32,
    /// Empty for SMS and WhatsApp.
    pub subject: String,
    pub body: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
