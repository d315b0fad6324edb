//! Connecting to the database and keeping its schema current.

use crate::ServiceError;
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// The embedded default: a SQLite file under `./data`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/chargecars.db?mode=rwc";

/// Opens a connection pool. For a SQLite file URL the parent directory is
/// created first, so a fresh checkout runs without any setup.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file_path(url) {
        if let Some(parent) = std::path::Path::new(&path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    DbErr::Custom(format!("cannot create {}: {e}", parent.display()))
                })?;
            }
        }
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One pool-wide writer keeps SQLite free of "database is locked".
        // An in-memory database must stay on a single connection or each
        // connection would see its own empty database.
        opts.max_connections(if url.contains(":memory:") { 1 } else { 8 });
    } else {
        opts.max_connections(16).min_connections(1);
    }
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .await?;
        if !url.contains(":memory:") {
            db.execute_unprepared("PRAGMA journal_mode = WAL;").await?;
        }
    }
    Ok(db)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Readiness: the database answers a query.
pub async fn ready(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}

/// Which backend a URL selects, for logs ("sqlite" or "postgres").
pub fn backend_name(url: &str) -> &'static str {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        "postgres"
    } else if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "unknown"
    }
}

fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        None
    } else {
        Some(path.to_owned())
    }
}

/// Starts a transaction that will write. On SQLite it begins IMMEDIATE:
/// the write lock is taken at `BEGIN`, so concurrent writers queue on the
/// busy timeout instead of failing halfway with SQLITE_BUSY_SNAPSHOT (a
/// deferred transaction that read and then tried to write). PostgreSQL
/// ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// The one optimistic check: `UPDATE <table> SET version = version + 1
/// WHERE id = ? AND version = ?`, and the row count decides. One row: the
/// caller saw the current version, which is now taken (on PostgreSQL the row
/// stays locked until commit, so a concurrent writer waits and then finds
/// the version moved on). No row: `Stale` if the record exists, `NotFound`
/// if not. Run it as the first write of the transaction; the caller's later
/// writes to the same row must not bump the version again.
pub async fn claim<E>(db: &impl ConnectionTrait, id: i32, version: i32) -> Result<(), ServiceError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    let (id_col, version_col) = id_and_version::<E>()?;
    let done = E::update_many()
        .col_expr(version_col, Expr::col(version_col).add(1))
        .filter(id_col.eq(id))
        .filter(version_col.eq(version))
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        return Ok(());
    }
    let exists = E::find().filter(id_col.eq(id)).one(db).await?.is_some();
    Err(if exists {
        ServiceError::Stale
    } else {
        ServiceError::NotFound
    })
}

/// An update of one versioned row, checked and bumped in the same
/// statement: the columns `update` sets, plus `version = version + 1`,
/// `WHERE id = ? AND version = ?`. Same verdicts as [`claim`].
pub async fn update_versioned<E>(
    db: &impl ConnectionTrait,
    update: sea_orm::UpdateMany<E>,
    id: i32,
    version: i32,
) -> Result<(), ServiceError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    let (id_col, version_col) = id_and_version::<E>()?;
    let done = update
        .col_expr(version_col, Expr::col(version_col).add(1))
        .filter(id_col.eq(id))
        .filter(version_col.eq(version))
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        return Ok(());
    }
    let exists = E::find().filter(id_col.eq(id)).one(db).await?.is_some();
    Err(if exists {
        ServiceError::Stale
    } else {
        ServiceError::NotFound
    })
}

/// A versioned row that exists only once something was changed (one per
/// order, per entity and key, …, under a unique index): `version` 0 inserts
/// `first`, and the unique index decides between two first saves; any other
/// version runs `later` (the caller's update, filtered to its row) with
/// `version = version + 1 … AND version = ?`, and the row count decides.
/// The loser gets `Stale`.
pub async fn save_keyed<E, A>(
    db: &impl ConnectionTrait,
    version: i32,
    first: A,
    later: sea_orm::UpdateMany<E>,
) -> Result<(), ServiceError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
    A: sea_orm::ActiveModelTrait<Entity = E>,
{
    if version == 0 {
        return match E::insert(first).exec_without_returning(db).await {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(ServiceError::Stale),
            Err(e) => Err(e.into()),
        };
    }
    let (_, version_col) = id_and_version::<E>()?;
    let done = later
        .col_expr(version_col, Expr::col(version_col).add(1))
        .filter(version_col.eq(version))
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        Ok(())
    } else {
        Err(ServiceError::Stale)
    }
}

fn id_and_version<E>() -> Result<(E::Column, E::Column), ServiceError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    let col = |name: &str| {
        <E::Column as std::str::FromStr>::from_str(name).map_err(|_| {
            ServiceError::Internal(format!(
                "{} has no {name} column",
                E::default().table_name()
            ))
        })
    };
    Ok((col("id")?, col("version")?))
}

/// Writes that have no version column of their own to check (the
/// settings, one JSON value per key) but must not interleave.
#[derive(Clone, Copy, Debug)]
pub enum Turn {
    Settings = 1,
    /// The pricing matrix: a save reads the rules it replaces, so two saves
    /// must not interleave.
    Pricing = 2,
}

/// Makes transactions of the same kind take turns until commit. On SQLite a
/// write transaction (`begin_write`) already holds the database's write
/// lock; on PostgreSQL a transaction-scoped advisory lock does it.
pub async fn take_turns(txn: &DatabaseTransaction, turn: Turn) -> Result<(), ServiceError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!(
            "SELECT pg_advisory_xact_lock(7470, {})",
            turn as i32
        ))
        .await?;
    }
    Ok(())
}

/// Makes transactions about the same `scope` (an account, an address) take
/// turns until commit, as `take_turns` does for a kind of write: a count
/// and the insert that depends on it then cannot interleave.
pub async fn take_turns_on(txn: &DatabaseTransaction, scope: &str) -> Result<(), ServiceError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(7471, hashtext($1))",
            [scope.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Whether a database error means "busy, try again": SQLite's lock (5, 517),
/// PostgreSQL's deadlock (40P01), serialization (40001) and lock (55P03)
/// failures, or no free connection in time. Answered 503 with a retry hint.
pub fn is_busy(e: &DbErr) -> bool {
    if matches!(e, DbErr::ConnectionAcquire(_)) {
        return true;
    }
    let text = e.to_string();
    [
        "database is locked",
        "database table is locked",
        "40P01",
        "deadlock detected",
        "40001",
        "could not serialize access",
        "55P03",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Whether a database error is a unique-constraint violation (a row that
/// another writer inserted first).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// `column` contains `text` in any case, with `%`, `_` and `\` taken
/// literally: for the admin lists' search boxes.
pub fn contains_text(
    column: impl sea_orm::sea_query::IntoColumnRef,
    text: &str,
) -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
    let like = format!(
        "%{}%",
        text.trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    Expr::expr(Func::lower(Expr::col(column))).like(LikeExpr::new(like).escape('\\'))
}

/// The columns of a table worked as a leased queue (the message outbox,
/// webhook deliveries): rows wait `pending` until `not_before`, a worker
/// claims them as `sending` with `claimed_at` and one more `attempts`.
pub(crate) struct LeaseQueue<C> {
    pub id: C,
    pub state: C,
    pub not_before: C,
    pub claimed_at: C,
    pub attempts: C,
}

/// Takes up to `limit` due rows of `q` that also meet `extra`: `sending`
/// from here on, and no other worker gets them. On PostgreSQL the rows are
/// picked `FOR UPDATE SKIP LOCKED`; on SQLite the write transaction starts
/// IMMEDIATE, so claims queue up. The conditional update decides: only the
/// rows still `pending` are claimed and returned.
pub(crate) async fn claim_due<E, K>(
    db: &DatabaseConnection,
    q: LeaseQueue<E::Column>,
    extra: sea_orm::Condition,
    now: chrono::DateTime<chrono::Utc>,
    limit: u64,
) -> Result<Vec<E::Model>, ServiceError>
where
    E: sea_orm::EntityTrait,
    K: sea_orm::TryGetableMany + Into<sea_orm::Value> + Clone,
{
    use sea_orm::sea_query::{LockBehavior, LockType};
    use sea_orm::{QueryOrder, QuerySelect};
    const PENDING: &str = "pending";
    const SENDING: &str = "sending";
    let txn = begin_write(db).await?;
    let mut due = E::find()
        .select_only()
        .column(q.id)
        .filter(q.state.eq(PENDING))
        .filter(extra)
        .filter(q.not_before.is_null().or(q.not_before.lte(now)))
        .order_by_asc(q.id)
        .limit(limit);
    if txn.get_database_backend() == DbBackend::Postgres {
        due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let ids: Vec<K> = due.into_tuple().all(&txn).await?;
    if ids.is_empty() {
        txn.commit().await?;
        return Ok(Vec::new());
    }
    E::update_many()
        .col_expr(q.state, Expr::value(SENDING))
        .col_expr(q.claimed_at, Expr::value(Some(now)))
        .col_expr(q.attempts, Expr::col(q.attempts).add(1))
        .filter(q.id.is_in(ids.clone()))
        .filter(q.state.eq(PENDING))
        .exec(&txn)
        .await?;
    let claimed = E::find()
        .filter(q.id.is_in(ids))
        .filter(q.state.eq(SENDING))
        .order_by_asc(q.id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(claimed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_sqlite_paths() {
        assert_eq!(
            sqlite_file_path("sqlite://data/chargecars.db?mode=rwc").as_deref(),
            Some("data/chargecars.db")
        );
        assert_eq!(
            sqlite_file_path("sqlite:/tmp/x.db").as_deref(),
            Some("/tmp/x.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/db"), None);
    }

    #[test]
    fn names_backends() {
        assert_eq!(backend_name(DEFAULT_DATABASE_URL), "sqlite");
        assert_eq!(backend_name("postgres://u@h/db"), "postgres");
        assert_eq!(backend_name("postgresql://u@h/db"), "postgres");
        assert_eq!(backend_name("mysql://u@h/db"), "unknown");
    }

    #[tokio::test]
    async fn creates_the_directory_of_a_sqlite_file() {
        let dir = std::env::temp_dir().join(format!("cc-db-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let url = format!("sqlite://{}/nested/app.db?mode=rwc", dir.display());
        let db = connect(&url).await.expect("connect");
        migrate(&db).await.expect("migrate");
        ready(&db).await.expect("ready");
        assert!(dir.join("nested/app.db").exists());
        db.close().await.unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn migrations_apply_on_every_available_backend() {
        for tdb in crate::testing::databases().await {
            // Applying twice is a no-op, as it is on every restart.
            migrate(&tdb.db).await.expect("second migrate");
            ready(&tdb.db)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", tdb.backend));
            tdb.cleanup().await;
        }
    }
}
