use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The audit trail of spec 000: every status change of an order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "status_transitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i32,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_user_id: Option<i32>,
    pub reason: Option<String>,
    pub created_at: DateTimeUtc,
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
}

impl Related<super::order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
