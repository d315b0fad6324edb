use sea_orm::entity::prelude::*;

/// A business entity's logo (PNG, JPEG or SVG), served at
/// `/api/brands/{code}/logo`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "brand_logos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub business_entity_id: i32,
    pub content_type: String,
    /// The image, base64.
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
