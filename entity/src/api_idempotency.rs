use sea_orm::entity::prelude::*;

/// The first answer to a partner's POST with an `Idempotency-Key` (per
/// partner), replayed when the same request comes again. `status` is
/// `None` while the first request is still being handled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_idempotency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner_id: i32,
    pub idem_key: String,
    /// SHA-256 (hex) of method, path and body.
    pub request_hash: String,
    pub status: Option<i16>,
    pub body: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
