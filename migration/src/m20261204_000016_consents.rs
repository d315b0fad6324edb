//! The consent ledger (001 "GDPR Compliance"): every opt-in and opt-out of
//! an address (an e-mail address or a mobile number) for marketing on a
//! channel, with where and when it was given; the newest entry counts. Each
//! e-mail keeps the token of its one-click unsubscribe link.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Consents::Table)
                .if_not_exists()
                .col(pk_auto(Consents::Id))
                .col(string_len(Consents::Address, 320))
                .col(string_len(Consents::Channel, 16))
                .col(boolean(Consents::Granted))
                .col(string_len(Consents::Source, 32))
                .col(timestamp_with_time_zone(Consents::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_consents_address")
                .table(Consents::Table)
                .col(Consents::Address)
                .col(Consents::Channel)
                .col(Consents::Id)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxMessages::Table)
                .add_column(string_len_null(OutboxMessages::UnsubscribeToken, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_messages_unsubscribe")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::UnsubscribeToken)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_outbox_messages_unsubscribe")
                .table(OutboxMessages::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxMessages::Table)
                .drop_column(OutboxMessages::UnsubscribeToken)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Consents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    Address,
    Channel,
    Granted,
    Source,
    At,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    UnsubscribeToken,
}
