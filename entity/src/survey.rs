use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The satisfaction survey of an order (001 "Completed +7d"): opened by a
/// token whose SHA-256 is stored, answered once with a score of 1–5.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "surveys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub order_id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub score: Option<i32>,
    pub comment: Option<String>,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
