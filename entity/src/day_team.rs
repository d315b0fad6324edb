use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A team of 2–3 technicians for one day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "day_teams")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub date: Date,
    pub name: String,
    /// Shift start and end, minutes after midnight.
    pub shift_start_min: i32,
    pub shift_end_min: i32,
    pub published: bool,
    pub version: i32,
    /// Bumped by every change to the team's route and by every customer's
    /// hold on it: a hold is taken by one conditional update on it.
    pub booking_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
