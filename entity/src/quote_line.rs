use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "quote_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub quote_id: i32,
    pub product_id: Option<i32>,
    pub description: String,
    pub quantity: i32,
    pub unit_price_cents: i64,
    /// `domain::Payer`: whether the customer or the partner pays this line.
    pub payer: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::quote::Entity",
        from = "Column::QuoteId",
        to = "super::quote::Column::Id",
        on_delete = "Cascade"
    )]
    Quote,
}

impl ActiveModelBehavior for ActiveModel {}
