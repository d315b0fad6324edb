use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where teams start and end their day (Nijkerk).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "depots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
