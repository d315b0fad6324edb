use sea_orm::entity::prelude::*;

/// One event to one endpoint: the outbox row the webhook worker claims
/// (`pending` → `sending` → `delivered`, or back to `pending` with
/// back-off, or `failed`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub endpoint_id: i32,
    /// `webhook_events.id`
    pub event_id: i32,
    pub state: String,
    pub attempts: i32,
    pub not_before: Option<DateTimeUtc>,
    pub claimed_at: Option<DateTimeUtc>,
    pub last_status: Option<i16>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
