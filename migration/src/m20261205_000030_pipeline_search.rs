//! Text search on the pipeline board (issue 21) through an index on both
//! databases, so that a search at 10× the demo volume does not read every
//! order and every contact:
//! - SQLite: FTS5 tables with the trigram tokenizer over the orders' number,
//!   city and postcode and the contacts' names, kept in step by triggers
//!   (external content: the text is not stored twice);
//! - PostgreSQL: `pg_trgm` GIN indexes on the lowercased columns, which the
//!   service's `lower(column) LIKE '%…%'` uses as it is.
//!
//! `services::pipeline::search` is the one function that asks either.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE order_search USING fts5(order_number, city, postcode, \
     content='orders', content_rowid='id', tokenize='trigram')",
    "INSERT INTO order_search(order_search) VALUES ('rebuild')",
    "CREATE TRIGGER order_search_insert AFTER INSERT ON orders BEGIN \
     INSERT INTO order_search(rowid, order_number, city, postcode) \
     VALUES (new.id, new.order_number, new.city, new.postcode); END",
    "CREATE TRIGGER order_search_delete AFTER DELETE ON orders BEGIN \
     INSERT INTO order_search(order_search, rowid, order_number, city, postcode) \
     VALUES ('delete', old.id, old.order_number, old.city, old.postcode); END",
    "CREATE TRIGGER order_search_update AFTER UPDATE OF order_number, city, postcode ON orders BEGIN \
     INSERT INTO order_search(order_search, rowid, order_number, city, postcode) \
     VALUES ('delete', old.id, old.order_number, old.city, old.postcode); \
     INSERT INTO order_search(rowid, order_number, city, postcode) \
     VALUES (new.id, new.order_number, new.city, new.postcode); END",
    "CREATE VIRTUAL TABLE contact_search USING fts5(display_name, \
     content='contacts', content_rowid='id', tokenize='trigram')",
    "INSERT INTO contact_search(contact_search) VALUES ('rebuild')",
    "CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN \
     INSERT INTO contact_search(rowid, display_name) VALUES (new.id, new.display_name); END",
    "CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN \
     INSERT INTO contact_search(contact_search, rowid, display_name) \
     VALUES ('delete', old.id, old.display_name); END",
    "CREATE TRIGGER contact_search_update AFTER UPDATE OF display_name ON contacts BEGIN \
     INSERT INTO contact_search(contact_search, rowid, display_name) \
     VALUES ('delete', old.id, old.display_name); \
     INSERT INTO contact_search(rowid, display_name) VALUES (new.id, new.display_name); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS contact_search_update",
    "DROP TRIGGER IF EXISTS contact_search_delete",
    "DROP TRIGGER IF EXISTS contact_search_insert",
    "DROP TABLE IF EXISTS contact_search",
    "DROP TRIGGER IF EXISTS order_search_update",
    "DROP TRIGGER IF EXISTS order_search_delete",
    "DROP TRIGGER IF EXISTS order_search_insert",
    "DROP TABLE IF EXISTS order_search",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX idx_orders_number_trgm ON orders USING gin (lower(order_number) gin_trgm_ops)",
    "CREATE INDEX idx_orders_city_trgm ON orders USING gin (lower(city) gin_trgm_ops)",
    "CREATE INDEX idx_orders_postcode_trgm ON orders USING gin (lower(postcode) gin_trgm_ops)",
    "CREATE INDEX idx_contacts_name_trgm ON contacts USING gin (lower(display_name) gin_trgm_ops)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_contacts_name_trgm",
    "DROP INDEX IF EXISTS idx_orders_postcode_trgm",
    "DROP INDEX IF EXISTS idx_orders_city_trgm",
    "DROP INDEX IF EXISTS idx_orders_number_trgm",
];

async fn run(m: &SchemaManager<'_>, sqlite: &[&str], postgres: &[&str]) -> Result<(), DbErr> {
    let statements = match m.get_database_backend() {
        DatabaseBackend::Sqlite => sqlite,
        DatabaseBackend::Postgres => postgres,
        other => {
            return Err(DbErr::Migration(format!(
                "pipeline search: unsupported database {other:?}"
            )))
        }
    };
    let db = m.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(m, SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(m, SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
