use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A partner's API key (issue 20). The key itself is shown once, when it
/// is made; only its SHA-256 is kept, with the public part it is found by.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner_id: i32,
    pub name: String,
    /// `cc_live_<8 characters>`: shown in lists, so the partner can tell
    /// their keys apart.
    #[sea_orm(unique)]
    pub prefix: String,
    /// SHA-256 of the whole key, hex.
    pub secret_hash: String,
    /// Comma-separated `domain::api::SCOPES`.
    pub scopes: String,
    pub created_by_user_id: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
    pub last_used_ip: Option<String>,
    /// A test key (`cc_test_…`): its calls go to the sandbox.
    pub test: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
