//! Database migrations. They run at server start-up (see `services::db`).

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_business_entities;
mod m20261122_000002_domain;
mod m20261122_000003_auth;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_business_entities::Migration),
            Box::new(m20261122_000002_domain::Migration),
            Box::new(m20261122_000003_auth::Migration),
        ]
    }
}
