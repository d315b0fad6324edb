//! Partner API keys (issue 20): kept as a hash with the public part they
//! are found by, their scopes, expiry, revocation and last use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .if_not_exists()
                .col(pk_auto(ApiKeys::Id))
                .col(integer(ApiKeys::PartnerId))
                .col(string_len(ApiKeys::Name, 80))
                .col(string_len_uniq(ApiKeys::Prefix, 24))
                .col(string_len(ApiKeys::SecretHash, 64))
                .col(string_len(ApiKeys::Scopes, 120))
                .col(integer(ApiKeys::CreatedByUserId))
                .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiKeys::ExpiresAt))
                .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                .col(string_len_null(ApiKeys::LastUsedIp, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_api_keys_partner")
                .table(ApiKeys::Table)
                .col(ApiKeys::PartnerId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApiKeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    PartnerId,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    CreatedByUserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
    LastUsedIp,
}
