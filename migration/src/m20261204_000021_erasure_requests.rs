//! A customer asks us to erase their personal data (GDPR article 17); ops
//! approve or reject the request (issue 17). What the law makes us keep
//! (orders and invoices, seven years) stays; the rest is erased on approval.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ErasureRequests::Table)
                .if_not_exists()
                .col(pk_auto(ErasureRequests::Id))
                .col(integer(ErasureRequests::UserId))
                .col(integer_null(ErasureRequests::ContactId))
                .col(string_len(ErasureRequests::Status, 16))
                .col(text_null(ErasureRequests::Note))
                .col(timestamp_with_time_zone(ErasureRequests::RequestedAt))
                .col(integer_null(ErasureRequests::DecidedBy))
                .col(timestamp_with_time_zone_null(ErasureRequests::DecidedAt))
                .col(integer(ErasureRequests::Version))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ErasureRequests::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ErasureRequests {
    Table,
    Id,
    UserId,
    ContactId,
    Status,
    Note,
    RequestedAt,
    DecidedBy,
    DecidedAt,
    Version,
}
