use sea_orm::entity::prelude::*;

/// Something that happened to a partner's order, as its webhooks carry it:
/// `event_id` (`evt_…`) is stable across retries and replays.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: String,
    pub partner_id: i32,
    /// `order.status_changed`, …
    pub kind: String,
    pub order_id: Option<i32>,
    /// The JSON body that is delivered.
    pub payload: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
