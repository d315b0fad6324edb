use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A survey, installation or service visit at the order's address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "visits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    /// `domain::VisitKind`
    pub kind: String,
    pub date: Option<Date>,
    /// Customer's time window, minutes after midnight.
    pub window_start_min: i32,
    pub window_end_min: i32,
    pub duration_minutes: i32,
    /// Comma-separated `domain::Skill`s.
    pub required_skills: String,
    pub day_team_id: Option<i32>,
    /// Position in the team's route (1-based).
    pub sequence: Option<i32>,
    /// Kept on its team (and at its position) by the optimiser.
    pub pinned: bool,
    /// `domain::VisitStatus`
    pub status: String,
    pub version: i32,
    /// The slot the customer was told when the day was published
    /// (`domain::planning::time_slot`), minutes after midnight.
    pub slot_start_min: Option<i32>,
    pub slot_end_min: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::order::Entity",
        from = "Column::OrderId",
        to = "super::order::Column::Id",
        on_delete = "Cascade"
    )]
    Order,
    #[sea_orm(
        belongs_to = "super::day_team::Entity",
        from = "Column::DayTeamId",
        to = "super::day_team::Column::Id"
    )]
    DayTeam,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}
