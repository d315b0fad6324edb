use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry of the consent ledger: an address opted in to or out of
/// marketing on a channel. The newest entry of an address and channel counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// An e-mail address (lower case) or a mobile number (E.164).
    pub address: String,
    /// `email`, `sms` or `whatsapp`.
    pub channel: String,
    pub granted: bool,
    /// Where: `unsubscribe_link`, `one_click`, `preferences`, `admin`.
    pub source: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
