//! The hourly housekeeping forgets API calls after 90 days and
//! idempotency answers after a day (issue 20): indexes on their times, so
//! that it does not read the whole log each hour.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("idx_api_calls_at")
                .table(ApiCalls::Table)
                .col(ApiCalls::At)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_api_idempotency_created")
                .table(ApiIdempotency::Table)
                .col(ApiIdempotency::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_api_idempotency_created")
                .table(ApiIdempotency::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_api_calls_at")
                .table(ApiCalls::Table)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ApiCalls {
    Table,
    At,
}

#[derive(DeriveIden)]
enum ApiIdempotency {
    Table,
    CreatedAt,
}
