use sea_orm::entity::prelude::*;

/// A saved line-up of teams: `teams` is a JSON list of technician-id lists,
/// one per team, laid over a new day by the planner.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "team_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    pub teams: String,
    pub updated_at: DateTimeUtc,
    pub updated_by_user_id: Option<i32>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
