use sea_orm::entity::prelude::*;

/// One request counted by a throttle (`services::throttle`): a reset or
/// sign-in link asked for an address, from an address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "throttle_hits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What is throttled, e.g. `forgot:email` or `forgot:ip`.
    pub bucket: String,
    /// The address (lower-cased) or IP it is counted for.
    pub key: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
