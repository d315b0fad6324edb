//! Each business entity's setting of the timed messages of 001
//! (`entity::domain::triggers`): switched off, or sent after other hours
//! than the default. No row: the default. The version makes two admins
//! saving the same setting an optimistic conflict.
//!
//! And the satisfaction surveys that one of those messages links to: one
//! per order, opened by a token (only its SHA-256 is stored), answered once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MessageTimings::Table)
                .if_not_exists()
                .col(pk_auto(MessageTimings::Id))
                .col(integer(MessageTimings::BusinessEntityId))
                .col(string_len(MessageTimings::TriggerKey, 48))
                .col(boolean(MessageTimings::Enabled))
                .col(integer(MessageTimings::Hours))
                .col(integer(MessageTimings::Version))
                .col(integer_null(MessageTimings::UpdatedBy))
                .col(timestamp_with_time_zone(MessageTimings::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MessageTimings::Table, MessageTimings::BusinessEntityId)
                        .to(BusinessEntities::Table, BusinessEntities::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_message_timings_entity_trigger")
                .table(MessageTimings::Table)
                .col(MessageTimings::BusinessEntityId)
                .col(MessageTimings::TriggerKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Surveys::Table)
                .if_not_exists()
                .col(pk_auto(Surveys::Id))
                .col(integer_uniq(Surveys::OrderId))
                .col(string_len_uniq(Surveys::TokenHash, 64))
                .col(integer_null(Surveys::Score))
                .col(text_null(Surveys::Comment))
                .col(timestamp_with_time_zone(Surveys::CreatedAt))
                .col(timestamp_with_time_zone_null(Surveys::AnsweredAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Surveys::Table, Surveys::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Surveys::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(MessageTimings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum MessageTimings {
    Table,
    Id,
    BusinessEntityId,
    TriggerKey,
    Enabled,
    Hours,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BusinessEntities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Surveys {
    Table,
    Id,
    OrderId,
    TokenHash,
    Score,
    Comment,
    CreatedAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}
