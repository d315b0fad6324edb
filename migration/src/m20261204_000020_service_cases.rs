//! After the installation (issue 17; seed 004 #3 and #13): a customer
//! reports a problem or claims warranty as a service case linked to the
//! original order, with its own small workflow (new → triage → visit
//! planned → resolved), an SLA per step, and photos (stored as the order's
//! documents, linked to the case).
//!
//! Products get their warranty term in months (default 24), from which
//! each installed charger's warranty end follows.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ServiceCases::Table)
                .if_not_exists()
                .col(pk_auto(ServiceCases::Id))
                .col(string_len_uniq(ServiceCases::CaseNumber, 32))
                .col(integer(ServiceCases::OrderId))
                .col(string_len(ServiceCases::Kind, 16))
                .col(string_len(ServiceCases::Category, 32))
                .col(text(ServiceCases::Description))
                .col(string_len(ServiceCases::Status, 16))
                .col(timestamp_with_time_zone_null(ServiceCases::SlaDueAt))
                .col(text_null(ServiceCases::Resolution))
                .col(integer_null(ServiceCases::VisitId))
                .col(integer_null(ServiceCases::CreatedBy))
                .col(timestamp_with_time_zone(ServiceCases::CreatedAt))
                .col(timestamp_with_time_zone(ServiceCases::UpdatedAt))
                .col(integer(ServiceCases::Version))
                .foreign_key(
                    ForeignKey::create()
                        .from(ServiceCases::Table, ServiceCases::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_service_cases_order")
                .table(ServiceCases::Table)
                .col(ServiceCases::OrderId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Documents::Table)
                .add_column(integer_null(Documents::ServiceCaseId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Products::Table)
                .add_column(integer(Products::WarrantyMonths).default(24))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Products::Table)
                .drop_column(Products::WarrantyMonths)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Documents::Table)
                .drop_column(Documents::ServiceCaseId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(ServiceCases::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ServiceCases {
    Table,
    Id,
    CaseNumber,
    OrderId,
    Kind,
    Category,
    Description,
    Status,
    SlaDueAt,
    Resolution,
    VisitId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    ServiceCaseId,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    WarrantyMonths,
}
