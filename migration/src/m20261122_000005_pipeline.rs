//! The order pipeline: the at-risk moment of the SLA clock, sign-off data,
//! SLA escalations, intake-form links, documents (photos, uploads) and
//! configurable settings (cancellation fees, site-readiness timeout).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .add_column(timestamp_with_time_zone_null(Orders::SlaRiskAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Documents::Table)
                .col(pk_auto(Documents::Id))
                .col(integer(Documents::OrderId))
                .col(string_len(Documents::Kind, 32))
                .col(string_len(Documents::FileName, 200))
                .col(string_len(Documents::ContentType, 100))
                .col(blob(Documents::Bytes))
                .col(integer_null(Documents::UploadedByUserId))
                .col(timestamp_with_time_zone(Documents::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Documents::Table, Documents::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_documents_order")
                .table(Documents::Table)
                .col(Documents::OrderId)
                .col(Documents::Kind)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SignOffs::Table)
                .col(pk_auto(SignOffs::Id))
                .col(integer_uniq(SignOffs::OrderId))
                .col(string_len(SignOffs::SignedByName, 120))
                .col(text(SignOffs::Signature))
                .col(integer(SignOffs::PhotoCount))
                .col(text(SignOffs::Checklist))
                .col(integer_null(SignOffs::RecordedByUserId))
                .col(timestamp_with_time_zone(SignOffs::RecordedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SignOffs::Table, SignOffs::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SlaEscalations::Table)
                .col(pk_auto(SlaEscalations::Id))
                .col(integer(SlaEscalations::OrderId))
                .col(string_len(SlaEscalations::Status, 40))
                .col(timestamp_with_time_zone(SlaEscalations::DueAt))
                .col(timestamp_with_time_zone(SlaEscalations::EscalatedAt))
                .col(timestamp_with_time_zone_null(SlaEscalations::ResolvedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SlaEscalations::Table, SlaEscalations::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sla_escalations_once")
                .table(SlaEscalations::Table)
                .col(SlaEscalations::OrderId)
                .col(SlaEscalations::Status)
                .col(SlaEscalations::DueAt)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IntakeRequests::Table)
                .col(string_len(IntakeRequests::TokenHash, 64).primary_key())
                .col(integer(IntakeRequests::OrderId))
                .col(timestamp_with_time_zone(IntakeRequests::CreatedAt))
                .col(timestamp_with_time_zone(IntakeRequests::ExpiresAt))
                .col(timestamp_with_time_zone_null(IntakeRequests::SubmittedAt))
                .col(text_null(IntakeRequests::Answers))
                .foreign_key(
                    ForeignKey::create()
                        .from(IntakeRequests::Table, IntakeRequests::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_intake_requests_order")
                .table(IntakeRequests::Table)
                .col(IntakeRequests::OrderId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .col(timestamp_with_time_zone(Settings::UpdatedAt))
                .col(integer_null(Settings::UpdatedByUserId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Settings::Table.into_iden(),
            IntakeRequests::Table.into_iden(),
            SlaEscalations::Table.into_iden(),
            SignOffs::Table.into_iden(),
            Documents::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .drop_column(Orders::SlaRiskAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    SlaRiskAt,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    OrderId,
    Kind,
    FileName,
    ContentType,
    Bytes,
    UploadedByUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignOffs {
    Table,
    Id,
    OrderId,
    SignedByName,
    Signature,
    PhotoCount,
    Checklist,
    RecordedByUserId,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SlaEscalations {
    Table,
    Id,
    OrderId,
    Status,
    DueAt,
    EscalatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum IntakeRequests {
    Table,
    TokenHash,
    OrderId,
    CreatedAt,
    ExpiresAt,
    SubmittedAt,
    Answers,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
    UpdatedByUserId,
}
