use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A quote version. A revision request creates the next version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub version_no: i32,
    /// `domain::QuoteStatus`
    pub status: String,
    pub customer_total_cents: i64,
    pub partner_total_cents: i64,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub customer_approved_at: Option<DateTimeUtc>,
    pub partner_approved_at: Option<DateTimeUtc>,
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

impl ActiveModelBehavior for ActiveModel {}
