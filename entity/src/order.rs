use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An order, from lead to completion. `status` is a workflow status code
/// (`domain::workflow`); `version` guards against lost updates.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `{ENTITY_PREFIX}-{YEAR}-{SEQUENCE}`, e.g. `CC-2026-00123`.
    #[sea_orm(unique)]
    pub order_number: String,
    pub business_entity_id: i32,
    pub status: String,
    /// Who the order is for commercially: the partner's organisation for a
    /// partner lead, the customer for direct sales.
    pub account_contact_id: i32,
    pub end_customer_contact_id: i32,
    /// The partner that brought the lead, if any.
    pub partner_id: Option<i32>,
    /// Further channel partners (JSON array of contact ids).
    pub channel_contact_ids: String,
    /// `domain::Channel`
    pub channel: String,
    pub region_id: Option<i32>,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub lat: f64,
    pub lng: f64,
    pub charger_count: i32,
    /// 1 = standard, 2 = long cable run or meter-cabinet work, 3 = groundwork.
    pub complexity: i32,
    pub status_since: DateTimeUtc,
    pub sla_due_at: Option<DateTimeUtc>,
    /// When 80 % of the status's SLA is used (the at-risk flag).
    pub sla_risk_at: Option<DateTimeUtc>,
    pub hold_reason: Option<String>,
    pub cancel_reason: Option<String>,
    pub status_before_hold: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// What the installer should know to get in and to work (parking,
    /// meter cabinet, pets), as JSON `dto::AccessNotes`; set by the customer.
    pub access_notes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::business_entity::Entity",
        from = "Column::BusinessEntityId",
        to = "super::business_entity::Column::Id"
    )]
    BusinessEntity,
    #[sea_orm(
        belongs_to = "super::contact::Entity",
        from = "Column::EndCustomerContactId",
        to = "super::contact::Column::Id"
    )]
    EndCustomer,
    #[sea_orm(
        belongs_to = "super::partner::Entity",
        from = "Column::PartnerId",
        to = "super::partner::Column::Id"
    )]
    Partner,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionId",
        to = "super::region::Column::Id"
    )]
    Region,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::business_entity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BusinessEntity.def()
    }
}
