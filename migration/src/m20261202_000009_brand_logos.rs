//! A logo per business entity, shown on its customer-facing pages. Kept
//! apart from `business_entities` so the public brand list stays small.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(BrandLogos::Table)
                .col(integer(BrandLogos::BusinessEntityId).primary_key())
                .col(string(BrandLogos::ContentType))
                .col(text(BrandLogos::Data))
                .col(timestamp_with_time_zone(BrandLogos::UpdatedAt))
                .col(integer(BrandLogos::Version))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(BrandLogos::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum BrandLogos {
    Table,
    BusinessEntityId,
    ContentType,
    /// The image, base64.
    Data,
    UpdatedAt,
    Version,
}
