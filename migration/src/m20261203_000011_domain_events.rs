//! The domain events of the order lifecycle (`services::transition`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DomainEvents::Table)
                .col(big_pk_auto(DomainEvents::Id))
                .col(integer(DomainEvents::OrderId))
                .col(string_len(DomainEvents::Kind, 40))
                .col(text(DomainEvents::Payload))
                .col(timestamp_with_time_zone(DomainEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_domain_events_order")
                .table(DomainEvents::Table)
                .col(DomainEvents::OrderId)
                .col(DomainEvents::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DomainEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    Id,
    OrderId,
    Kind,
    Payload,
    CreatedAt,
}
