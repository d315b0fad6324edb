//! One order workflow per business entity (000's table as data). An entity
//! without a row follows 000's default workflow.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Workflows::Table)
                .col(integer(Workflows::BusinessEntityId).primary_key())
                .col(text(Workflows::Definition))
                .col(integer(Workflows::Version))
                .col(timestamp_with_time_zone(Workflows::UpdatedAt))
                .col(integer_null(Workflows::UpdatedByUserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Workflows::Table, Workflows::BusinessEntityId)
                        .to(BusinessEntities::Table, BusinessEntities::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Workflows::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Workflows {
    Table,
    BusinessEntityId,
    Definition,
    Version,
    UpdatedAt,
    UpdatedByUserId,
}

#[derive(DeriveIden)]
enum BusinessEntities {
    Table,
    Id,
}
