//! The concrete time slot a published visit is announced with (minutes
//! after midnight), next to the customer's wider window.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for col in [Visits::SlotStartMin, Visits::SlotEndMin] {
            m.alter_table(
                Table::alter()
                    .table(Visits::Table)
                    .add_column(integer_null(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [Visits::SlotStartMin, Visits::SlotEndMin] {
            m.alter_table(
                Table::alter()
                    .table(Visits::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Visits {
    Table,
    SlotStartMin,
    SlotEndMin,
}
