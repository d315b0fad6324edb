use sea_orm::entity::prelude::*;

/// One try of a delivery, with the receiver's answer (the delivery log).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub delivery_id: i32,
    pub at: DateTimeUtc,
    /// The HTTP status; `None` when no answer came.
    pub status: Option<i16>,
    pub latency_ms: i32,
    /// The first 2 KB of the answer.
    pub response_body: Option<String>,
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
