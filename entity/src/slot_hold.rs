use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A slot a customer picked for a visit, held on one team's day until
/// `expires_at` while they confirm. Every other slot search counts it as
/// taken.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "slot_holds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub visit_id: i32,
    pub day_team_id: i32,
    pub date: Date,
    pub slot_start_min: i32,
    pub slot_end_min: i32,
    pub user_id: Option<i32>,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
