use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "day_team_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day_team_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub technician_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::day_team::Entity",
        from = "Column::DayTeamId",
        to = "super::day_team::Column::Id",
        on_delete = "Cascade"
    )]
    DayTeam,
    #[sea_orm(
        belongs_to = "super::technician::Entity",
        from = "Column::TechnicianId",
        to = "super::technician::Column::Id"
    )]
    Technician,
}

impl ActiveModelBehavior for ActiveModel {}
