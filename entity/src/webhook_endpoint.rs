use sea_orm::entity::prelude::*;

/// A partner's webhook endpoint: where events go, which ones, and the
/// secret deliveries are signed with (kept as is: signing needs it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner_id: i32,
    pub url: String,
    pub secret: String,
    /// Comma-separated event types (`domain::webhooks::EVENTS`).
    pub events: String,
    pub active: bool,
    /// Why it was turned off (by the partner, or after failing for days).
    pub disabled_reason: Option<String>,
    pub created_by_user_id: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
