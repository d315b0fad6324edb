//! In-process event bus: order changes are broadcast to every open board
//! (server-sent events). One server process holds all subscribers; several
//! processes behind a load balancer would relay through PostgreSQL
//! LISTEN/NOTIFY or NATS instead.

use entity::dto::{DayEvent, OrderEvent};
use tokio::sync::broadcast;

#[derive(Clone)]
pub struct Bus {
    orders: broadcast::Sender<OrderEvent>,
    days: broadcast::Sender<DayEvent>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus {
            orders: broadcast::channel(256).0,
            days: broadcast::channel(256).0,
        }
    }
}

impl Bus {
    pub fn publish(&self, event: OrderEvent) {
        // No subscribers is fine: nobody has a board open.
        let _ = self.orders.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.orders.subscribe()
    }

    /// A planning day changed (teams, members, routes, publication).
    pub fn publish_day(&self, event: DayEvent) {
        let _ = self.days.send(event);
    }

    pub fn subscribe_days(&self) -> broadcast::Receiver<DayEvent> {
        self.days.subscribe()
    }
}
