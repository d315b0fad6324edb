use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An order made with a test key (the partner API's sandbox, issue 20).
/// It lives only here, apart from `orders`: planning, messages, SLAs, the
/// pipeline and the figures never see it. Its number starts with `TEST-`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sandbox_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner_id: i32,
    #[sea_orm(unique)]
    pub number: String,
    /// The business entity's code.
    pub entity: String,
    /// 000's status code, moved on by `POST /api/v1/sandbox/orders/{number}/advance`.
    pub status: String,
    pub postcode: String,
    pub city: String,
    pub charger_count: i32,
    /// The lead as it was sent (JSON).
    pub lead: String,
    /// The status changes (JSON list of `dto::ApiStatusChangeDto`).
    pub history: String,
    pub created_at: DateTimeUtc,
    pub status_since: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
