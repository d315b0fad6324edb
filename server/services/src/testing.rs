//! Test databases: a fresh in-memory SQLite database always, plus a fresh
//! PostgreSQL database when one is reachable.
//!
//! `TEST_POSTGRES_URL` points at a maintenance database (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each test creates and
//! drops its own database there. With `REQUIRE_POSTGRES=1` an unreachable
//! server fails the test instead of skipping it, so CI cannot silently skip.

use crate::db;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::sync::atomic::{AtomicU32, Ordering};

/// The fixed "today" of seeded test worlds, so that tests are repeatable.
pub const TODAY: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2026, 11, 18) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// Who may open which portal, written out by hand from the access rules
/// (admins everywhere, everybody else only their own portal). Tests compare
/// `authorize` and the HTTP pages against this table, not against
/// `Role::can_open`, which is the rule under test.
pub const PORTAL_MATRIX: [(entity::domain::Role, [(entity::domain::Portal, bool); 5]); 6] = {
    use entity::domain::Portal::{
        Admin as A, Customer as C, Operations as O, Partner as P, Technician as T,
    };
    use entity::domain::Role;
    [
        (
            Role::Admin,
            [(O, true), (P, true), (C, true), (T, true), (A, true)],
        ),
        (
            Role::OpsManager,
            [(O, true), (P, false), (C, false), (T, false), (A, false)],
        ),
        (
            Role::Planner,
            [(O, true), (P, false), (C, false), (T, false), (A, false)],
        ),
        (
            Role::Technician,
            [(O, false), (P, false), (C, false), (T, true), (A, false)],
        ),
        (
            Role::PartnerUser,
            [(O, false), (P, true), (C, false), (T, false), (A, false)],
        ),
        (
            Role::Customer,
            [(O, false), (P, false), (C, true), (T, false), (A, false)],
        ),
    ]
};

pub const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct TestDb {
    pub backend: &'static str,
    pub db: DatabaseConnection,
    pg_drop: Option<(String, String)>,
    /// The file of a file-backed SQLite database, removed on cleanup.
    sqlite_file: Option<std::path::PathBuf>,
}

impl TestDb {
    /// Where a second connection finds the same database (PostgreSQL; an
    /// in-memory SQLite database cannot be shared).
    pub fn url(&self) -> String {
        match (&self.pg_drop, &self.sqlite_file) {
            (Some((admin, name)), _) => replace_db_name(admin, name),
            (None, Some(file)) => format!("sqlite://{}?mode=rwc", file.display()),
            (None, None) => "sqlite::memory:".to_owned(),
        }
    }

    /// Closes the pool and drops the PostgreSQL database, if any.
    pub async fn cleanup(self) {
        let _ = self.db.close().await;
        if let Some((admin_url, name)) = self.pg_drop {
            if let Ok(admin) = db::connect(&admin_url).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
                let _ = admin.close().await;
            }
        }
        if let Some(file) = self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = file.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

/// A migrated in-memory SQLite database.
pub async fn sqlite() -> TestDb {
    let db = db::connect("sqlite::memory:").await.expect("sqlite memory");
    db::migrate(&db).await.expect("migrate sqlite");
    TestDb {
        backend: "sqlite",
        db,
        pg_drop: None,
        sqlite_file: None,
    }
}

/// A migrated, freshly created PostgreSQL database, or `None` when no server
/// answers (and `REQUIRE_POSTGRES` is not set).
pub async fn postgres() -> Option<TestDb> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let admin_url =
        std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.to_owned());
    let required = std::env::var("REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let admin = match db::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) if !required => {
            eprintln!(
                "PostgreSQL not reachable at {admin_url} ({e}); skipping the PostgreSQL half"
            );
            return None;
        }
        Err(e) => panic!("REQUIRE_POSTGRES=1 but {admin_url} is not reachable: {e}"),
    };
    let name = format!(
        "cc_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    let _ = admin.close().await;
    let url = replace_db_name(&admin_url, &name);
    let db = db::connect(&url).await.expect("connect to test database");
    db::migrate(&db).await.expect("migrate postgres");
    Some(TestDb {
        backend: "postgres",
        db,
        pg_drop: Some((admin_url, name)),
        sqlite_file: None,
    })
}

/// A migrated SQLite database in a temporary file, with the production
/// pool (several connections, WAL): the one to race writers against.
pub async fn sqlite_file() -> TestDb {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let file = std::env::temp_dir().join(format!(
        "cc_test_{}_{}.db",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = db::connect(&url).await.expect("sqlite file");
    db::migrate(&db).await.expect("migrate sqlite file");
    TestDb {
        backend: "sqlite-file",
        db,
        pg_drop: None,
        sqlite_file: Some(file),
    }
}

/// A file-backed SQLite database always, PostgreSQL when reachable: for
/// tests of concurrent writers.
pub async fn concurrent_databases() -> Vec<TestDb> {
    let mut out = vec![sqlite_file().await];
    if let Some(pg) = postgres().await {
        out.push(pg);
    }
    out
}

/// SQLite always, PostgreSQL when reachable.
pub async fn databases() -> Vec<TestDb> {
    let mut out = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        out.push(pg);
    }
    out
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A signed-in caller with `role`, as the demo account of that role (user
/// id, e-mail and name as seeded), past its second factor. Tests set
/// `partner_id` / `contact_id` where the role needs a tenant.
pub fn caller(role: entity::domain::Role) -> entity::dto::CurrentUser {
    let (i, account) = crate::seed::DEMO_ACCOUNTS
        .iter()
        .enumerate()
        .find(|(_, a)| a.role == role)
        .expect("a demo account for every role");
    entity::dto::CurrentUser {
        user_id: i as i32 + 1,
        email: account.email.to_owned(),
        display_name: account.name.to_owned(),
        role,
        partner_id: account.partner_id,
        contact_id: None,
        pending_mfa: None,
    }
}

/// The demo partner desk of partner `id`, as seeded: a partner user who is
/// their partner's admin (API keys, webhooks).
pub fn partner_desk(id: i32) -> entity::dto::CurrentUser {
    let i = crate::seed::DEMO_ACCOUNTS
        .iter()
        .position(|a| a.partner_id == Some(id))
        .expect("a demo desk for the partner");
    entity::dto::CurrentUser {
        user_id: i as i32 + 1,
        email: crate::seed::DEMO_ACCOUNTS[i].email.to_owned(),
        display_name: crate::seed::DEMO_ACCOUNTS[i].name.to_owned(),
        partner_id: Some(id),
        ..caller(entity::domain::Role::PartnerUser)
    }
}

/// The demo customer acting as the customer `contact_id` (of an order).
pub fn customer(contact_id: i32) -> entity::dto::CurrentUser {
    let mut c = caller(entity::domain::Role::Customer);
    c.contact_id = Some(contact_id);
    c
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            super::replace_db_name("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::replace_db_name("postgres://u@h/postgres?sslmode=disable", "y"),
            "postgres://u@h/y?sslmode=disable"
        );
    }
}
