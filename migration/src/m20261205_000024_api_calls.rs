//! The partner API's call log per key (what the partner sees as usage) and
//! its idempotency store: the first answer to a POST with an
//! `Idempotency-Key`, replayed for a repeat of the same request.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiCalls::Table)
                .if_not_exists()
                .col(pk_auto(ApiCalls::Id))
                .col(integer(ApiCalls::ApiKeyId))
                .col(integer(ApiCalls::PartnerId))
                .col(string_len(ApiCalls::Method, 8))
                .col(string_len(ApiCalls::Path, 200))
                .col(small_integer(ApiCalls::Status))
                .col(integer(ApiCalls::DurationMs))
                .col(string_len_null(ApiCalls::Ip, 64))
                .col(timestamp_with_time_zone(ApiCalls::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_api_calls_partner_at")
                .table(ApiCalls::Table)
                .col(ApiCalls::PartnerId)
                .col(ApiCalls::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiIdempotency::Table)
                .if_not_exists()
                .col(pk_auto(ApiIdempotency::Id))
                .col(integer(ApiIdempotency::PartnerId))
                .col(string_len(ApiIdempotency::IdemKey, 255))
                .col(string_len(ApiIdempotency::RequestHash, 64))
                .col(small_integer_null(ApiIdempotency::Status))
                .col(text_null(ApiIdempotency::Body))
                .col(timestamp_with_time_zone(ApiIdempotency::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_api_idempotency_partner_key")
                .table(ApiIdempotency::Table)
                .col(ApiIdempotency::PartnerId)
                .col(ApiIdempotency::IdemKey)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApiIdempotency::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ApiCalls::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiCalls {
    Table,
    Id,
    ApiKeyId,
    PartnerId,
    Method,
    Path,
    Status,
    DurationMs,
    Ip,
    At,
}

#[derive(DeriveIden)]
enum ApiIdempotency {
    Table,
    Id,
    PartnerId,
    IdemKey,
    RequestHash,
    Status,
    Body,
    CreatedAt,
}
