//! Message templates (001 "Email Communication Templates"): per scope (a
//! business entity, or 0 for the platform's own messages), kind, channel
//! and language, versioned: a save adds the next version, and the highest
//! is the one in use. The outbox keeps each message's HTML part and the
//! order it is about (its thread); contacts get the language they are
//! written to in.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MessageTemplates::Table)
                .if_not_exists()
                .col(pk_auto(MessageTemplates::Id))
                .col(integer(MessageTemplates::Scope))
                .col(string_len(MessageTemplates::Kind, 48))
                .col(string_len(MessageTemplates::Channel, 16))
                .col(string_len(MessageTemplates::Language, 8))
                .col(integer(MessageTemplates::Version))
                .col(text(MessageTemplates::Subject))
                .col(text(MessageTemplates::Body))
                .col(timestamp_with_time_zone(MessageTemplates::CreatedAt))
                .col(integer_null(MessageTemplates::CreatedBy))
                .to_owned(),
        )
        .await?;
        // Two saves of the same version: the second is refused (stale).
        m.create_index(
            Index::create()
                .name("idx_message_templates_version")
                .table(MessageTemplates::Table)
                .col(MessageTemplates::Scope)
                .col(MessageTemplates::Kind)
                .col(MessageTemplates::Channel)
                .col(MessageTemplates::Language)
                .col(MessageTemplates::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        for col in [
            text_null(OutboxMessages::HtmlBody).to_owned(),
            integer_null(OutboxMessages::OrderId).to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_outbox_messages_order")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::OrderId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Contacts::Table)
                .add_column(string_len(Contacts::Language, 8).default("nl"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Contacts::Table)
                .drop_column(Contacts::Language)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_outbox_messages_order")
                .table(OutboxMessages::Table)
                .to_owned(),
        )
        .await?;
        for col in [OutboxMessages::HtmlBody, OutboxMessages::OrderId] {
            m.alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(MessageTemplates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum MessageTemplates {
    Table,
    Id,
    Scope,
    Kind,
    Channel,
    Language,
    Version,
    Subject,
    Body,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    HtmlBody,
    OrderId,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Language,
}
