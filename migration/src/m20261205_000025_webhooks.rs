//! Partner webhooks (issue 20): endpoints with the events they want, the
//! events of a partner's orders (each with a stable id), one delivery per
//! event and endpoint (the outbox the worker claims), and every attempt
//! with its answer for the delivery log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(WebhookEndpoints::Table)
                .if_not_exists()
                .col(pk_auto(WebhookEndpoints::Id))
                .col(integer(WebhookEndpoints::PartnerId))
                .col(string_len(WebhookEndpoints::Url, 500))
                .col(string_len(WebhookEndpoints::Secret, 80))
                .col(string_len(WebhookEndpoints::Events, 300))
                .col(boolean(WebhookEndpoints::Active))
                .col(string_len_null(WebhookEndpoints::DisabledReason, 200))
                .col(integer(WebhookEndpoints::CreatedByUserId))
                .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_webhook_endpoints_partner")
                .table(WebhookEndpoints::Table)
                .col(WebhookEndpoints::PartnerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(WebhookEvents::Table)
                .if_not_exists()
                .col(pk_auto(WebhookEvents::Id))
                .col(string_len_uniq(WebhookEvents::EventId, 40))
                .col(integer(WebhookEvents::PartnerId))
                .col(string_len(WebhookEvents::Kind, 40))
                .col(integer_null(WebhookEvents::OrderId))
                .col(text(WebhookEvents::Payload))
                .col(timestamp_with_time_zone(WebhookEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_webhook_events_partner")
                .table(WebhookEvents::Table)
                .col(WebhookEvents::PartnerId)
                .col(WebhookEvents::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(WebhookDeliveries::Table)
                .if_not_exists()
                .col(pk_auto(WebhookDeliveries::Id))
                .col(integer(WebhookDeliveries::EndpointId))
                .col(integer(WebhookDeliveries::EventId))
                .col(string_len(WebhookDeliveries::State, 16))
                .col(integer(WebhookDeliveries::Attempts))
                .col(timestamp_with_time_zone_null(WebhookDeliveries::NotBefore))
                .col(timestamp_with_time_zone_null(WebhookDeliveries::ClaimedAt))
                .col(small_integer_null(WebhookDeliveries::LastStatus))
                .col(string_len_null(WebhookDeliveries::LastError, 500))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::DeliveredAt,
                ))
                .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_webhook_deliveries_due")
                .table(WebhookDeliveries::Table)
                .col(WebhookDeliveries::State)
                .col(WebhookDeliveries::NotBefore)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_webhook_deliveries_endpoint")
                .table(WebhookDeliveries::Table)
                .col(WebhookDeliveries::EndpointId)
                .col(WebhookDeliveries::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(WebhookAttempts::Table)
                .if_not_exists()
                .col(pk_auto(WebhookAttempts::Id))
                .col(integer(WebhookAttempts::DeliveryId))
                .col(timestamp_with_time_zone(WebhookAttempts::At))
                .col(small_integer_null(WebhookAttempts::Status))
                .col(integer(WebhookAttempts::LatencyMs))
                .col(text_null(WebhookAttempts::ResponseBody))
                .col(string_len_null(WebhookAttempts::Error, 500))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_webhook_attempts_delivery")
                .table(WebhookAttempts::Table)
                .col(WebhookAttempts::DeliveryId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            WebhookAttempts::Table.into_iden(),
            WebhookDeliveries::Table.into_iden(),
            WebhookEvents::Table.into_iden(),
            WebhookEndpoints::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    PartnerId,
    Url,
    Secret,
    Events,
    Active,
    DisabledReason,
    CreatedByUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Id,
    EventId,
    PartnerId,
    Kind,
    OrderId,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EndpointId,
    EventId,
    State,
    Attempts,
    NotBefore,
    ClaimedAt,
    LastStatus,
    LastError,
    DeliveredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempts {
    Table,
    Id,
    DeliveryId,
    At,
    Status,
    LatencyMs,
    ResponseBody,
    Error,
}
