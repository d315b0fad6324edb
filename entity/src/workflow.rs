use sea_orm::entity::prelude::*;

/// A business entity's own order workflow (`domain::Workflow` as JSON).
/// Entities without one follow spec 000's default.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub business_entity_id: i32,
    pub definition: String,
    pub version: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by_user_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
