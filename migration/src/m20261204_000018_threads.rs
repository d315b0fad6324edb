//! The handling of each order's conversation (001 "Thread Lifecycle"): the
//! agent it is assigned to and the priority an agent set (none: the one
//! the messages suggest). Versioned, so two agents changing it at once
//! cannot overwrite each other unseen.
//!
//! And the language each outgoing message is written in, so that WhatsApp
//! names the right approved template (it was always `nl`); and when an
//! unanswered message was escalated for being overdue (once).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Threads::Table)
                .if_not_exists()
                .col(pk_auto(Threads::Id))
                .col(integer_uniq(Threads::OrderId))
                .col(integer_null(Threads::AssigneeUserId))
                .col(string_len_null(Threads::Priority, 16))
                .col(integer(Threads::Version))
                .col(integer_null(Threads::UpdatedBy))
                .col(timestamp_with_time_zone(Threads::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Threads::Table, Threads::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Threads::Table, Threads::AssigneeUserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxMessages::Table)
                .add_column(string_len(OutboxMessages::Language, 8).default("nl"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(InboundMessages::Table)
                .add_column(timestamp_with_time_zone_null(InboundMessages::EscalatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(InboundMessages::Table)
                .drop_column(InboundMessages::EscalatedAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxMessages::Table)
                .drop_column(OutboxMessages::Language)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Threads::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Threads {
    Table,
    Id,
    OrderId,
    AssigneeUserId,
    Priority,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Language,
}

#[derive(DeriveIden)]
enum InboundMessages {
    Table,
    EscalatedAt,
}
