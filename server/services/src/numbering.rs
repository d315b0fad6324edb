//! Gap-free document numbers (000: `{ENTITY_PREFIX}-{YEAR}-{SEQUENCE}` per
//! entity and year). The counter row is incremented inside the caller's
//! transaction: concurrent writers queue on the row (PostgreSQL) or the
//! database (SQLite), and a rolled-back transaction gives its number back.

use crate::ServiceError;
use entity::number_sequence;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The next number in `scope`, starting at 1.
pub async fn next(db: &impl ConnectionTrait, scope: &str) -> Result<i64, ServiceError> {
    // Make sure the row exists; a concurrent creator is fine.
    number_sequence::Entity::insert(number_sequence::ActiveModel {
        scope: sea_orm::ActiveValue::Set(scope.to_owned()),
        last_value: sea_orm::ActiveValue::Set(0),
    })
    .on_conflict(
        OnConflict::column(number_sequence::Column::Scope)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec(db)
    .await?;
    number_sequence::Entity::update_many()
        .col_expr(
            number_sequence::Column::LastValue,
            sea_orm::sea_query::ExprTrait::add(Expr::col(number_sequence::Column::LastValue), 1),
        )
        .filter(number_sequence::Column::Scope.eq(scope))
        .exec(db)
        .await?;
    number_sequence::Entity::find_by_id(scope.to_owned())
        .one(db)
        .await?
        .map(|r| r.last_value)
        .ok_or(ServiceError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use sea_orm::TransactionTrait;
    use std::collections::BTreeSet;

    /// Many tasks take numbers at once, some roll back: the committed
    /// numbers are 1..=n without gaps or doubles.
    #[tokio::test]
    async fn concurrent_numbers_are_unique_and_gap_free() {
        let mut dbs = testing::databases().await;
        // A file database, so SQLite really has several connections.
        let dir = std::env::temp_dir().join(format!("cc-numbering-{}", std::process::id()));
        let url = format!("sqlite://{}/n.db?mode=rwc", dir.display());
        let file = crate::db::connect(&url).await.unwrap();
        crate::db::migrate(&file).await.unwrap();
        for db in dbs.iter().map(|t| t.db.clone()).chain([file.clone()]) {
            let mut tasks = Vec::new();
            for i in 0..24 {
                let db = db.clone();
                tasks.push(tokio::spawn(async move {
                    loop {
                        let txn = db.begin().await.unwrap();
                        match next(&txn, "order:CC:2026").await {
                            Ok(n) => {
                                if i % 6 == 5 {
                                    txn.rollback().await.unwrap();
                                    return None;
                                }
                                if txn.commit().await.is_ok() {
                                    return Some(n);
                                }
                            }
                            // SQLite: another writer holds the lock; try again.
                            Err(_) => {
                                let _ = txn.rollback().await;
                                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                            }
                        }
                    }
                }));
            }
            let mut got = BTreeSet::new();
            for t in tasks {
                if let Some(n) = t.await.unwrap() {
                    assert!(got.insert(n), "{n} handed out twice");
                }
            }
            assert_eq!(got.len(), 20);
            assert_eq!(
                got.into_iter().collect::<Vec<_>>(),
                (1..=20).collect::<Vec<_>>()
            );
            // Another scope starts at one.
            assert_eq!(next(&db, "invoice:CC:2026").await.unwrap(), 1);
        }
        let _ = file.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        for t in dbs.drain(..) {
            t.cleanup().await;
        }
    }
}
