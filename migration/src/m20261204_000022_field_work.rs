//! The technician's field app (issue 19): the commands the phones sent,
//! each kept once by the id the phone made, and what was recorded at each
//! visit.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FieldCommands::Table)
                .if_not_exists()
                .col(pk_auto(FieldCommands::Id))
                .col(string_len_uniq(FieldCommands::ClientId, 36))
                .col(integer(FieldCommands::UserId))
                .col(integer(FieldCommands::VisitId))
                .col(string_len(FieldCommands::Kind, 24))
                .col(text(FieldCommands::Payload))
                .col(text(FieldCommands::Reply))
                .col(timestamp_with_time_zone(FieldCommands::DoneAt))
                .col(timestamp_with_time_zone(FieldCommands::ReceivedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_field_commands_visit")
                .table(FieldCommands::Table)
                .col(FieldCommands::VisitId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(VisitReports::Table)
                .if_not_exists()
                .col(pk_auto(VisitReports::Id))
                .col(integer_uniq(VisitReports::VisitId))
                .col(timestamp_with_time_zone_null(VisitReports::OnTheWayAt))
                .col(integer_null(VisitReports::EtaMin))
                .col(timestamp_with_time_zone_null(VisitReports::ArrivedAt))
                .col(double_null(VisitReports::ArrivedLat))
                .col(double_null(VisitReports::ArrivedLng))
                .col(text_null(VisitReports::PreChecklist))
                .col(text_null(VisitReports::InstallChecklist))
                .col(text_null(VisitReports::Commissioning))
                .col(text_null(VisitReports::Materials))
                .col(string_len_null(VisitReports::IssueCode, 32))
                .col(text_null(VisitReports::IssueNote))
                .col(timestamp_with_time_zone_null(VisitReports::FinishedAt))
                .col(timestamp_with_time_zone(VisitReports::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(VisitPhotos::Table)
                .if_not_exists()
                .col(pk_auto(VisitPhotos::Id))
                .col(string_len_uniq(VisitPhotos::ClientId, 36))
                .col(integer(VisitPhotos::VisitId))
                .col(string_len(VisitPhotos::Phase, 24))
                .col(string_len(VisitPhotos::ContentType, 32))
                .col(integer(VisitPhotos::SizeBytes))
                .col(integer(VisitPhotos::ReceivedBytes))
                .col(string_len(VisitPhotos::StorageKey, 120))
                .col(integer(VisitPhotos::UploadedByUserId))
                .col(timestamp_with_time_zone(VisitPhotos::TakenAt))
                .col(timestamp_with_time_zone_null(VisitPhotos::CompletedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_visit_photos_visit")
                .table(VisitPhotos::Table)
                .col(VisitPhotos::VisitId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(VisitPhotos::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(VisitReports::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FieldCommands::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FieldCommands {
    Table,
    Id,
    ClientId,
    UserId,
    VisitId,
    Kind,
    Payload,
    Reply,
    DoneAt,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum VisitReports {
    Table,
    Id,
    VisitId,
    OnTheWayAt,
    EtaMin,
    ArrivedAt,
    ArrivedLat,
    ArrivedLng,
    PreChecklist,
    InstallChecklist,
    Commissioning,
    Materials,
    IssueCode,
    IssueNote,
    FinishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum VisitPhotos {
    Table,
    Id,
    ClientId,
    VisitId,
    Phase,
    ContentType,
    SizeBytes,
    ReceivedBytes,
    StorageKey,
    UploadedByUserId,
    TakenAt,
    CompletedAt,
}
