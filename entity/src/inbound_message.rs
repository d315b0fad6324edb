use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A message a customer or partner sent us (an SMS or WhatsApp reply),
/// in the thread of the order it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inbound_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `sms` or `whatsapp`.
    pub channel: String,
    /// The sender's number (E.164) or address.
    pub sender: String,
    pub contact_id: Option<i32>,
    pub order_id: Option<i32>,
    pub body: String,
    /// The provider's id: a webhook delivered twice stores it once.
    #[sea_orm(unique)]
    pub provider_ref: String,
    pub received_at: DateTimeUtc,
    /// When ops answered it.
    pub answered_at: Option<DateTimeUtc>,
    /// When it was escalated for waiting past its answer time (once).
    pub escalated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
