//! The companies (brands) that sell and install chargers. Spec 001 lists
//! their mailboxes and WhatsApp numbers; the order-number prefix feeds
//! `{ENTITY_PREFIX}-{YEAR}-{SEQUENCE}` (spec 000).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "business_entities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable slug, used in URLs and as the CSS theme key (`data-entity`).
    #[sea_orm(unique)]
    pub code: String,
    /// Legal name, e.g. "ChargeCars B.V.".
    pub name: String,
    /// Customer-facing brand, e.g. "ChargeCars".
    pub brand: String,
    #[sea_orm(unique)]
    pub order_prefix: String,
    pub support_email: String,
    pub sales_email: String,
    pub admin_email: String,
    pub noreply_email: String,
    pub whatsapp_number: Option<String>,
    /// `#rrggbb`
    pub brand_color: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Optimistic-locking counter.
    pub version: i32,
    /// The number customers call (after the reschedule cut-off, say).
    pub phone: Option<String>,
    /// Hours before an appointment after which the customer can no longer
    /// move it themselves (default 48).
    pub reschedule_cutoff_hours: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
