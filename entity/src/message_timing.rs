use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A business entity's setting of one timed message
/// (`crate::domain::triggers`); without a row the default applies.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "message_timings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub business_entity_id: i32,
    pub trigger_key: String,
    pub enabled: bool,
    pub hours: i32,
    pub version: i32,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
