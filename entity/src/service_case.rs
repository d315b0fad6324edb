use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A problem a customer reported after the installation, or a warranty
/// claim (`kind`), linked to the original order (`domain::service`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "service_cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `{order number}-S{n}`
    #[sea_orm(unique)]
    pub case_number: String,
    pub order_id: i32,
    /// "service" or "warranty"
    pub kind: String,
    /// `domain::service::CATEGORIES`
    pub category: String,
    pub description: String,
    /// `domain::service::STATUSES`
    pub status: String,
    /// When the current step should be done (`domain::service::sla_hours`).
    pub sla_due_at: Option<DateTimeUtc>,
    /// What ops did about it (when resolved).
    pub resolution: Option<String>,
    /// The service visit planned for it.
    pub visit_id: Option<i32>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
