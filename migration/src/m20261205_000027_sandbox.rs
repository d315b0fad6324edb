//! The partner API's sandbox (issue 20): test keys, and the orders they
//! make, kept apart from the real ones so that nothing an integrator tries
//! reaches planning, messages, SLAs or figures.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ApiKeys::Table)
                .add_column(boolean(ApiKeys::Test).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SandboxOrders::Table)
                .if_not_exists()
                .col(pk_auto(SandboxOrders::Id))
                .col(integer(SandboxOrders::PartnerId))
                .col(string_len_uniq(SandboxOrders::Number, 20))
                .col(string_len(SandboxOrders::Entity, 40))
                .col(string_len(SandboxOrders::Status, 40))
                .col(string_len(SandboxOrders::Postcode, 7))
                .col(string_len(SandboxOrders::City, 80))
                .col(integer(SandboxOrders::ChargerCount))
                .col(text(SandboxOrders::Lead))
                .col(text(SandboxOrders::History))
                .col(timestamp_with_time_zone(SandboxOrders::CreatedAt))
                .col(timestamp_with_time_zone(SandboxOrders::StatusSince))
                .foreign_key(
                    ForeignKey::create()
                        .from(SandboxOrders::Table, SandboxOrders::PartnerId)
                        .to(Partners::Table, Partners::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sandbox_orders_partner")
                .table(SandboxOrders::Table)
                .col(SandboxOrders::PartnerId)
                .col(SandboxOrders::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SandboxOrders::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(ApiKeys::Table)
                .drop_column(ApiKeys::Test)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Test,
}

#[derive(DeriveIden)]
enum SandboxOrders {
    Table,
    Id,
    PartnerId,
    Number,
    Entity,
    Status,
    Postcode,
    City,
    ChargerCount,
    Lead,
    History,
    CreatedAt,
    StatusSince,
}

#[derive(DeriveIden)]
enum Partners {
    Table,
    Id,
}
