//! Counted requests for the throttles of reset and sign-in links
//! (`services::throttle`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ThrottleHits::Table)
                .col(big_pk_auto(ThrottleHits::Id))
                .col(string_len(ThrottleHits::Bucket, 40))
                .col(string_len(ThrottleHits::Key, 254))
                .col(timestamp_with_time_zone(ThrottleHits::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_throttle_hits_key")
                .table(ThrottleHits::Table)
                .col(ThrottleHits::Bucket)
                .col(ThrottleHits::Key)
                .col(ThrottleHits::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ThrottleHits::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ThrottleHits {
    Table,
    Id,
    Bucket,
    Key,
    At,
}
