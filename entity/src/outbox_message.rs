use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A message waiting to be sent (until the communication engine exists,
/// admins read them on a page).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `email`, `sms` or `whatsapp`
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub template: String,
    pub business_entity_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
