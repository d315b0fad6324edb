//! Partner admins (issue 20): within a partner organisation only its
//! admins make, rotate and revoke API keys and manage webhook endpoints.
//! Existing partner organisations keep someone who can: their oldest
//! partner account becomes its admin.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(boolean(Users::PartnerAdmin).default(false))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE users SET partner_admin = TRUE WHERE id IN \
                 (SELECT MIN(id) FROM users WHERE role = 'partner_user' \
                  AND partner_id IS NOT NULL GROUP BY partner_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::PartnerAdmin)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    PartnerAdmin,
}
