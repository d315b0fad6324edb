//! Two-factor sign-in for staff: single-use recovery codes (stored as
//! SHA-256 hashes) and the last accepted TOTP time step, so that a code
//! cannot be used twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(big_integer_null(Users::TotpLastStep))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MfaRecoveryCodes::Table)
                .col(pk_auto(MfaRecoveryCodes::Id))
                .col(integer(MfaRecoveryCodes::UserId))
                .col(string_len_uniq(MfaRecoveryCodes::CodeHash, 64))
                .col(timestamp_with_time_zone(MfaRecoveryCodes::CreatedAt))
                .col(timestamp_with_time_zone_null(MfaRecoveryCodes::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MfaRecoveryCodes::Table, MfaRecoveryCodes::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_mfa_recovery_codes_user")
                .table(MfaRecoveryCodes::Table)
                .col(MfaRecoveryCodes::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MfaRecoveryCodes::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::TotpLastStep)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TotpLastStep,
}

#[derive(DeriveIden)]
enum MfaRecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    CreatedAt,
    UsedAt,
}
