//! In-process event bus: order changes are broadcast to every open board
//! (server-sent events). One server process holds all subscribers; several
//! processes behind a load balancer would relay through PostgreSQL
//! LISTEN/NOTIFY or NATS instead.

use entity::dto::OrderEvent;
use tokio::sync::broadcast;

#[derive(Clone)]
pub struct Bus(broadcast::Sender<OrderEvent>);

impl Default for Bus {
    fn default() -> Self {
        Bus(broadcast::channel(256).0)
    }
}

impl Bus {
    pub fn publish(&self, event: OrderEvent) {
        // No subscribers is fine: nobody has a board open.
        let _ = self.0.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.0.subscribe()
    }
}
