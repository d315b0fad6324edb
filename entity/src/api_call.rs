use sea_orm::entity::prelude::*;

/// One `/api/v1` call made with a key: the partner's usage log.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_calls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub api_key_id: i32,
    pub partner_id: i32,
    pub method: String,
    pub path: String,
    pub status: i16,
    pub duration_ms: i32,
    pub ip: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
