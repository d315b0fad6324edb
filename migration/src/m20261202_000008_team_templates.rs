//! Saved team line-ups ("sjablonen") a planner can lay over a new day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TeamTemplates::Table)
                .col(pk_auto(TeamTemplates::Id))
                .col(string_uniq(TeamTemplates::Name))
                .col(text(TeamTemplates::Teams))
                .col(timestamp_with_time_zone(TeamTemplates::UpdatedAt))
                .col(integer_null(TeamTemplates::UpdatedByUserId))
                .col(integer(TeamTemplates::Version))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TeamTemplates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TeamTemplates {
    Table,
    Id,
    Name,
    Teams,
    UpdatedAt,
    UpdatedByUserId,
    Version,
}
