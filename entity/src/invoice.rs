use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub invoice_number: String,
    pub order_id: i32,
    pub business_entity_id: i32,
    /// `domain::Payer`: an invoice goes to the customer or to the partner.
    pub payer: String,
    pub amount_cents: i64,
    pub commission_cents: i64,
    /// `domain::InvoiceStatus`
    pub status: String,
    pub issued_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::order::Entity",
        from = "Column::OrderId",
        to = "super::order::Column::Id"
    )]
    Order,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}
