use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A customer's request to erase their personal data; `status` is
/// "requested", "approved" (erased) or "rejected".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "erasure_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub contact_id: Option<i32>,
    pub status: String,
    /// Why it was rejected (told to the customer).
    pub note: Option<String>,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
