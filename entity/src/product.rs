use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A charger, installation package, material or service.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub sku: String,
    pub name: String,
    /// `domain::ProductKind`
    pub kind: String,
    /// Comma-separated `domain::Skill`s a technician needs for it.
    pub required_skills: String,
    /// On-site minutes it adds to a visit.
    pub duration_minutes: i32,
    pub active: bool,
    pub version: i32,
    /// The warranty term (months from the installation).
    pub warranty_months: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
