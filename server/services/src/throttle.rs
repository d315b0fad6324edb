//! Throttles for requests that mail something (reset and sign-in links):
//! at most `limit` per key within a window. Requests for one key take turns
//! (`db::take_turns_on`), so parallel requests cannot slip past it together.

use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::throttle_hit::{ActiveModel, Column, Entity};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};

/// A throttle: `limit` requests per `key` within `window`.
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    pub bucket: &'static str,
    pub limit: u64,
    pub window: Duration,
}

/// Reset or sign-in links asked for one address: 3 an hour.
pub const LINKS_PER_ADDRESS: Throttle = Throttle {
    bucket: "links:address",
    limit: 3,
    window: Duration::hours(1),
};
/// Reset or sign-in links asked from one IP address: 20 an hour.
pub const LINKS_PER_IP: Throttle = Throttle {
    bucket: "links:ip",
    limit: 20,
    window: Duration::hours(1),
};

impl Throttle {
    /// Counts one request for `key`, or answers `RateLimited` (and does not
    /// count it) when the window already holds `limit`. Requests for one key
    /// take turns, so parallel ones cannot pass the limit together.
    pub async fn hit(
        &self,
        db: &DatabaseConnection,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let key: String = key.chars().take(254).collect();
        let since = now - self.window;
        let txn = crate::db::begin_write(db).await?;
        crate::db::take_turns_on(&txn, &format!("{}:{key}", self.bucket)).await?;
        Entity::delete_many()
            .filter(Column::Bucket.eq(self.bucket))
            .filter(Column::Key.eq(key.clone()))
            .filter(Column::At.lt(since))
            .exec(&txn)
            .await?;
        let counted = Entity::find()
            .filter(Column::Bucket.eq(self.bucket))
            .filter(Column::Key.eq(key.clone()))
            .count(&txn)
            .await?;
        if counted >= self.limit {
            txn.rollback().await?;
            return Err(ServiceError::RateLimited {
                retry_after_minutes: self.window.num_minutes(),
            });
        }
        ActiveModel {
            bucket: Set(self.bucket.to_owned()),
            key: Set(key),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn parallel_requests_cannot_pass_the_limit_together() {
        for tdb in testing::concurrent_databases().await {
            let db = &tdb.db;
            let now = Utc::now();
            let mut tries = tokio::task::JoinSet::new();
            for _ in 0..12 {
                let db = db.clone();
                tries.spawn(async move { LINKS_PER_ADDRESS.hit(&db, "x@example.nl", now).await });
            }
            let answers = tries.join_all().await;
            let passed = answers.iter().filter(|a| a.is_ok()).count();
            assert_eq!(passed as u64, LINKS_PER_ADDRESS.limit, "{}", tdb.backend);
            assert!(answers.iter().all(|a| a.is_ok()
                || matches!(
                    a,
                    Err(ServiceError::RateLimited {
                        retry_after_minutes: 60
                    })
                )));
            // Another key, and the same key after the window, pass.
            assert!(LINKS_PER_ADDRESS.hit(db, "y@example.nl", now).await.is_ok());
            let later = now + LINKS_PER_ADDRESS.window + Duration::seconds(1);
            assert!(LINKS_PER_ADDRESS
                .hit(db, "x@example.nl", later)
                .await
                .is_ok());
            tdb.cleanup().await;
        }
    }
}
