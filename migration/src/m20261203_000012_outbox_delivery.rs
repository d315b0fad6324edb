//! Delivery state of outgoing messages (`services::delivery`): a worker
//! claims due messages, retries with back-off and keeps dead letters; each
//! message has an idempotency key and is handed to the provider at most once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for col in [
            string_len(OutboxMessages::State, 16)
                .default("pending")
                .to_owned(),
            integer(OutboxMessages::Attempts).default(0).to_owned(),
            timestamp_with_time_zone_null(OutboxMessages::NotBefore),
            text_null(OutboxMessages::LastError),
            string_len_null(OutboxMessages::IdempotencyKey, 120),
            timestamp_with_time_zone_null(OutboxMessages::ClaimedAt),
        ] {
            m.alter_table(
                Table::alter()
                    .table(OutboxMessages::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // Messages written before delivery existed are not sent now.
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE outbox_messages SET state = 'skipped', idempotency_key = 'legacy-' || id",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_messages_key")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::IdempotencyKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_messages_due")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::State)
                .col(OutboxMessages::NotBefore)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_outbox_messages_key", "idx_outbox_messages_due"] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(OutboxMessages::Table)
                    .to_owned(),
            )
            .await?;
        }
        for col in [
            OutboxMessages::State,
            OutboxMessages::Attempts,
            OutboxMessages::NotBefore,
            OutboxMessages::LastError,
            OutboxMessages::IdempotencyKey,
            OutboxMessages::ClaimedAt,
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
    State,
    Attempts,
    NotBefore,
    LastError,
    IdempotencyKey,
    ClaimedAt,
}
