//! Customers choose and move their own appointment (issue 17):
//!
//! - `slot_holds`: a slot a customer picked, held for a few minutes while
//!   they confirm (one per visit), counted as taken by every other search;
//! - `appointment_changes`: each booking and each move of an appointment,
//!   with who asked and why, so that ops see how often an order moved;
//! - `day_teams.booking_version`: bumped by every change to a team's route,
//!   so that a hold is taken with one conditional `UPDATE … WHERE
//!   booking_version = ?` (two customers cannot take the last place);
//! - `business_entities.phone` and `reschedule_cutoff_hours` (default 48):
//!   after the cut-off the customer is asked to call;
//! - `orders.access_notes`: parking, meter cabinet, pets, for the installer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SlotHolds::Table)
                .if_not_exists()
                .col(pk_auto(SlotHolds::Id))
                .col(integer_uniq(SlotHolds::VisitId))
                .col(integer(SlotHolds::DayTeamId))
                .col(date(SlotHolds::Date))
                .col(integer(SlotHolds::SlotStartMin))
                .col(integer(SlotHolds::SlotEndMin))
                .col(integer_null(SlotHolds::UserId))
                .col(timestamp_with_time_zone(SlotHolds::ExpiresAt))
                .col(timestamp_with_time_zone(SlotHolds::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SlotHolds::Table, SlotHolds::VisitId)
                        .to(Visits::Table, Visits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SlotHolds::Table, SlotHolds::DayTeamId)
                        .to(DayTeams::Table, DayTeams::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_slot_holds_team")
                .table(SlotHolds::Table)
                .col(SlotHolds::DayTeamId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AppointmentChanges::Table)
                .if_not_exists()
                .col(pk_auto(AppointmentChanges::Id))
                .col(integer(AppointmentChanges::OrderId))
                .col(integer(AppointmentChanges::VisitId))
                .col(string_len(AppointmentChanges::Kind, 16))
                .col(date_null(AppointmentChanges::FromDate))
                .col(integer_null(AppointmentChanges::FromStartMin))
                .col(integer_null(AppointmentChanges::FromEndMin))
                .col(date(AppointmentChanges::ToDate))
                .col(integer(AppointmentChanges::ToStartMin))
                .col(integer(AppointmentChanges::ToEndMin))
                .col(text_null(AppointmentChanges::Reason))
                .col(boolean(AppointmentChanges::AfterPublishing).default(false))
                .col(integer_null(AppointmentChanges::ByUserId))
                .col(timestamp_with_time_zone(AppointmentChanges::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AppointmentChanges::Table, AppointmentChanges::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AppointmentChanges::Table, AppointmentChanges::VisitId)
                        .to(Visits::Table, Visits::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_appointment_changes_order")
                .table(AppointmentChanges::Table)
                .col(AppointmentChanges::OrderId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(DayTeams::Table)
                .add_column(integer(DayTeams::BookingVersion).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(BusinessEntities::Table)
                .add_column(string_len_null(BusinessEntities::Phone, 32))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(BusinessEntities::Table)
                .add_column(integer(BusinessEntities::RescheduleCutoffHours).default(48))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Orders::Table)
                .add_column(text_null(Orders::AccessNotes))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (Orders::Table.into_iden(), Orders::AccessNotes.into_iden()),
            (
                BusinessEntities::Table.into_iden(),
                BusinessEntities::RescheduleCutoffHours.into_iden(),
            ),
            (
                BusinessEntities::Table.into_iden(),
                BusinessEntities::Phone.into_iden(),
            ),
            (
                DayTeams::Table.into_iden(),
                DayTeams::BookingVersion.into_iden(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(AppointmentChanges::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SlotHolds::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SlotHolds {
    Table,
    Id,
    VisitId,
    DayTeamId,
    Date,
    SlotStartMin,
    SlotEndMin,
    UserId,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppointmentChanges {
    Table,
    Id,
    OrderId,
    VisitId,
    Kind,
    FromDate,
    FromStartMin,
    FromEndMin,
    ToDate,
    ToStartMin,
    ToEndMin,
    Reason,
    AfterPublishing,
    ByUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DayTeams {
    Table,
    Id,
    BookingVersion,
}

#[derive(DeriveIden)]
enum BusinessEntities {
    Table,
    Phone,
    RescheduleCutoffHours,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    AccessNotes,
}
