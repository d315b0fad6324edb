//! Commission paid out to partners, one row per partner and month.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CommissionPayouts::Table)
                .if_not_exists()
                .col(pk_auto(CommissionPayouts::Id))
                .col(integer(CommissionPayouts::PartnerId))
                .col(string_len(CommissionPayouts::Period, 7))
                .col(big_integer(CommissionPayouts::AmountCents))
                .col(integer(CommissionPayouts::Invoices))
                .col(string_len(CommissionPayouts::Reference, 80))
                .col(timestamp_with_time_zone(CommissionPayouts::PaidAt))
                .col(integer_null(CommissionPayouts::PaidByUserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(CommissionPayouts::Table, CommissionPayouts::PartnerId)
                        .to(Partners::Table, Partners::Id),
                )
                .to_owned(),
        )
        .await?;
        // One payout per partner and month: a second "paid" for the same
        // month fails here, whoever clicks first.
        m.create_index(
            Index::create()
                .name("uq_commission_payouts_partner_period")
                .table(CommissionPayouts::Table)
                .col(CommissionPayouts::PartnerId)
                .col(CommissionPayouts::Period)
                .unique()
                .to_owned(),
        )
        .await?;
        // The statements look up paid invoices by month.
        m.create_index(
            Index::create()
                .name("idx_invoices_paid_at")
                .table(Invoices::Table)
                .col(Invoices::PaidAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_invoices_paid_at")
                .table(Invoices::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(CommissionPayouts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CommissionPayouts {
    Table,
    Id,
    PartnerId,
    Period,
    AmountCents,
    Invoices,
    Reference,
    PaidAt,
    PaidByUserId,
}

#[derive(DeriveIden)]
enum Partners {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Invoices {
    Table,
    PaidAt,
}
