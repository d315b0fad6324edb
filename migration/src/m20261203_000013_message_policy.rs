//! What the communication policies (`entity::domain::messaging`) need to
//! know of each message: its class (transactional, urgent, marketing) and
//! its dedupe key.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            string_len(OutboxMessages::Class, 16)
                .default("transactional")
                .to_owned(),
            string_len(OutboxMessages::DedupeKey, 64)
                .default("")
                .to_owned(),
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
                .name("idx_outbox_messages_recipient")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::Recipient)
                .col(OutboxMessages::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_outbox_messages_recipient")
                .table(OutboxMessages::Table)
                .to_owned(),
        )
        .await?;
        for col in [OutboxMessages::Class, OutboxMessages::DedupeKey] {
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
    Class,
    DedupeKey,
    Recipient,
    CreatedAt,
}
