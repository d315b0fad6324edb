use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BusinessEntities::Table)
                    .if_not_exists()
                    .col(pk_auto(BusinessEntities::Id))
                    .col(string_len_uniq(BusinessEntities::Code, 40))
                    .col(string_len(BusinessEntities::Name, 120))
                    .col(string_len(BusinessEntities::Brand, 80))
                    .col(string_len_uniq(BusinessEntities::OrderPrefix, 5))
                    .col(string_len(BusinessEntities::SupportEmail, 254))
                    .col(string_len(BusinessEntities::SalesEmail, 254))
                    .col(string_len(BusinessEntities::AdminEmail, 254))
                    .col(string_len(BusinessEntities::NoreplyEmail, 254))
                    .col(string_len_null(BusinessEntities::WhatsappNumber, 32))
                    .col(string_len(BusinessEntities::BrandColor, 7))
                    .col(timestamp_with_time_zone(BusinessEntities::CreatedAt))
                    .col(timestamp_with_time_zone(BusinessEntities::UpdatedAt))
                    .col(integer(BusinessEntities::Version).default(1))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BusinessEntities::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum BusinessEntities {
    Table,
    Id,
    Code,
    Name,
    Brand,
    OrderPrefix,
    SupportEmail,
    SalesEmail,
    AdminEmail,
    NoreplyEmail,
    WhatsappNumber,
    BrandColor,
    CreatedAt,
    UpdatedAt,
    Version,
}
