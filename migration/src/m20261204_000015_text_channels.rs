//! SMS and WhatsApp (001): each sent message keeps the provider's id and
//! the last delivery status its webhook reported; messages that come in
//! (an SMS or WhatsApp reply) are stored with the order they belong to, so
//! that an order's thread holds both directions. The newest inbound
//! WhatsApp message of a number opens its 24-hour session.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            string_len_null(OutboxMessages::ProviderRef, 128).to_owned(),
            string_len_null(OutboxMessages::ProviderStatus, 32).to_owned(),
            timestamp_with_time_zone_null(OutboxMessages::StatusAt).to_owned(),
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
                .name("idx_outbox_messages_provider_ref")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::ProviderRef)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InboundMessages::Table)
                .if_not_exists()
                .col(pk_auto(InboundMessages::Id))
                .col(string_len(InboundMessages::Channel, 16))
                .col(string_len(InboundMessages::Sender, 320))
                .col(integer_null(InboundMessages::ContactId))
                .col(integer_null(InboundMessages::OrderId))
                .col(text(InboundMessages::Body))
                .col(string_len(InboundMessages::ProviderRef, 128).unique_key())
                .col(timestamp_with_time_zone(InboundMessages::ReceivedAt))
                .col(timestamp_with_time_zone_null(InboundMessages::AnsweredAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_inbound_messages_order")
                .table(InboundMessages::Table)
                .col(InboundMessages::OrderId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_inbound_messages_sender")
                .table(InboundMessages::Table)
                .col(InboundMessages::Sender)
                .col(InboundMessages::ReceivedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(InboundMessages::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_outbox_messages_provider_ref")
                .table(OutboxMessages::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            OutboxMessages::ProviderRef,
            OutboxMessages::ProviderStatus,
            OutboxMessages::StatusAt,
        ] {
            m.alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    ProviderRef,
    ProviderStatus,
    StatusAt,
}

#[derive(DeriveIden)]
enum InboundMessages {
    Table,
    Id,
    Channel,
    Sender,
    ContactId,
    OrderId,
    Body,
    ProviderRef,
    ReceivedAt,
    AnsweredAt,
}
