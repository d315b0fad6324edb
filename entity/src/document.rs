use sea_orm::entity::prelude::*;

/// A file that belongs to an order: a meter-cabinet photo from the intake
/// form, installation photos, and so on. Never sent as a row; the bytes are
/// served by a checked download route.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    /// `meter_cabinet`, `installation_photo`, …
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub uploaded_by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// The service case a photo belongs to.
    pub service_case_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
