use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A price component. `kind` is `base` (a product's price, optionally per
/// business entity), `complexity` (a surcharge per installation complexity
/// level) or `partner_margin` (per partner type, in basis points).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pricing_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub product_id: Option<i32>,
    pub business_entity_id: Option<i32>,
    pub partner_type: Option<String>,
    /// For `complexity`: 1 (standard) to 3 (groundwork, long cable runs).
    pub complexity_level: Option<i32>,
    pub amount_cents: i64,
    pub basis_points: i32,
    pub valid_from: Date,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id"
    )]
    Product,
}

impl ActiveModelBehavior for ActiveModel {}
