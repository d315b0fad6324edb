//! The event bus: order changes and planning-day changes are broadcast to
//! every open board (server-sent events).
//!
//! In one process the bus is a broadcast channel. With PostgreSQL the bus
//! also relays through `NOTIFY`/`LISTEN` on channel `cc_events`, so several
//! server processes sharing one database keep every board current: each
//! process publishes locally at once and notifies the others, and ignores
//! its own notifications when they come back.

use entity::dto::{DayEvent, OrderEvent};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// The PostgreSQL channel the processes share.
pub const CHANNEL: &str = "cc_events";

#[derive(Clone)]
pub struct Bus {
    orders: broadcast::Sender<OrderEvent>,
    days: broadcast::Sender<DayEvent>,
    /// Set when relaying through PostgreSQL: this process's id and the
    /// connection to notify on.
    relay: Option<(u64, DatabaseConnection)>,
    /// Stops the listener when the last clone of the bus is gone.
    _listener: Option<std::sync::Arc<StopOnDrop>>,
}

/// Aborts a task when dropped.
struct StopOnDrop(tokio::task::AbortHandle);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Default for Bus {
    fn default() -> Self {
        Bus {
            orders: broadcast::channel(256).0,
            days: broadcast::channel(256).0,
            relay: None,
            _listener: None,
        }
    }
}

/// What travels between processes.
#[derive(Serialize, Deserialize)]
struct Relayed {
    origin: u64,
    #[serde(default)]
    order: Option<OrderEvent>,
    #[serde(default)]
    day: Option<DayEvent>,
}

impl Bus {
    /// A bus that also relays through PostgreSQL when `db` is PostgreSQL
    /// (in-process only otherwise). `url` is `db`'s: the listener has a
    /// connection of its own, outside the pool. Starts the listener task,
    /// which stops when the last clone of the bus is dropped.
    pub async fn relaying(db: &DatabaseConnection, url: &str) -> Result<Bus, crate::ServiceError> {
        let mut bus = Bus::default();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(bus);
        }
        let origin = {
            use rand_core::RngCore;
            rand_core::OsRng.next_u64()
        };
        let mut listener = sea_orm::sqlx::postgres::PgListener::connect(url)
            .await
            .map_err(|e| crate::ServiceError::Internal(format!("event relay: {e}")))?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(|e| crate::ServiceError::Internal(format!("event relay: {e}")))?;
        let (orders, days) = (bus.orders.clone(), bus.days.clone());
        let task = tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(n) => {
                        let Ok(r) = serde_json::from_str::<Relayed>(n.payload()) else {
                            continue;
                        };
                        if r.origin == origin {
                            continue;
                        }
                        if let Some(e) = r.order {
                            let _ = orders.send(e);
                        }
                        if let Some(e) = r.day {
                            let _ = days.send(e);
                        }
                    }
                    Err(e) => {
                        // The listener reconnects by itself on the next recv.
                        tracing::warn!(error = %e, "event relay interrupted");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
            }
        });
        bus.relay = Some((origin, db.clone()));
        bus._listener = Some(std::sync::Arc::new(StopOnDrop(task.abort_handle())));
        Ok(bus)
    }

    fn forward(&self, order: Option<OrderEvent>, day: Option<DayEvent>) {
        let Some((origin, db)) = self.relay.clone() else {
            return;
        };
        let Ok(payload) = serde_json::to_string(&Relayed { origin, order, day }) else {
            return;
        };
        tokio::spawn(async move {
            let sql = Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            );
            if let Err(e) = db.execute_raw(sql).await {
                tracing::warn!(error = %e, "event relay: notify failed");
            }
        });
    }

    pub fn publish(&self, event: OrderEvent) {
        self.forward(Some(event.clone()), None);
        // No subscribers is fine: nobody has a board open.
        let _ = self.orders.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.orders.subscribe()
    }

    /// A planning day changed (teams, members, routes, publication).
    pub fn publish_day(&self, event: DayEvent) {
        self.forward(None, Some(event.clone()));
        let _ = self.days.send(event);
    }

    pub fn subscribe_days(&self) -> broadcast::Receiver<DayEvent> {
        self.days.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn day(by: &str) -> DayEvent {
        DayEvent {
            date: "2026-11-25".into(),
            by: by.into(),
            what: "assign".into(),
        }
    }

    #[tokio::test]
    async fn two_processes_on_one_postgres_see_each_others_changes_once() {
        let Some(tdb) = crate::testing::postgres().await else {
            return; // No PostgreSQL here (and not required): nothing to relay.
        };
        // Two "processes": two buses, each with its own pool.
        let url = tdb.url();
        let db_b = crate::db::connect(&url).await.unwrap();
        let a = Bus::relaying(&tdb.db, &url).await.unwrap();
        let b = Bus::relaying(&db_b, &url).await.unwrap();
        let mut at_a = a.subscribe_days();
        let mut at_b = b.subscribe_days();

        a.publish_day(day("Sanne"));
        let got = tokio::time::timeout(Duration::from_secs(2), at_b.recv())
            .await
            .expect("within a second or two")
            .unwrap();
        assert_eq!(got, day("Sanne"));
        // A's own board got it directly, and only once.
        assert_eq!(at_a.recv().await.unwrap(), day("Sanne"));
        assert!(
            tokio::time::timeout(Duration::from_millis(500), at_a.recv())
                .await
                .is_err(),
            "no echo of its own notification"
        );
        // Orders too, the other way round.
        let mut orders_a = a.subscribe();
        b.publish(OrderEvent {
            order_id: 7,
            order_number: "CC-2026-00007".into(),
            status: "planning".into(),
            version: 3,
        });
        let e = tokio::time::timeout(Duration::from_secs(2), orders_a.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.order_number, "CC-2026-00007");
        drop((a, b));
        let _ = db_b.close().await;
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn on_sqlite_the_bus_stays_in_process() {
        let tdb = crate::testing::sqlite().await;
        let bus = Bus::relaying(&tdb.db, &tdb.url()).await.unwrap();
        assert!(bus.relay.is_none());
        let mut rx = bus.subscribe_days();
        bus.publish_day(day("Joost"));
        assert_eq!(rx.recv().await.unwrap(), day("Joost"));
    }
}
