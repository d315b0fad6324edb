use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An SLA breach: the order stayed in `status` past `due_at`. Ops managers
/// are notified once per breach; it resolves when the order moves on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sla_escalations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub status: String,
    pub due_at: DateTimeUtc,
    pub escalated_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
