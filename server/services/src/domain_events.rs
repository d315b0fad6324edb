//! What happens to orders, as the lifecycle records it (`transition`) and
//! the effects react to it (`effects`). A leaf: it imports neither.

use serde::{Deserialize, Serialize};

/// Something that happened to an order, recorded (table `domain_events`)
/// in the transaction that made it happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DomainEvent {
    /// A new order (a lead) was created, in its workflow's first status.
    OrderCreated { order_id: i32 },
    /// The order entered status `to` from `from`. `resumed`: a hold ended
    /// and the order went back to where it was (nothing starts again).
    OrderEntered {
        order_id: i32,
        from: String,
        to: String,
        reason: Option<String>,
        resumed: bool,
    },
    /// A visit of the order got its appointment: the customer's slot on
    /// `date` from `from_min` to `to_min` (minutes after local midnight).
    VisitScheduled {
        order_id: i32,
        visit_id: i32,
        appointment: Appointment,
    },
    /// A published appointment moved to another day or slot.
    VisitMoved {
        order_id: i32,
        visit_id: i32,
        appointment: Appointment,
    },
    /// A published appointment was taken off every route: no date now.
    VisitCancelled { order_id: i32, visit_id: i32 },
    /// The technicians left for the visit and expect to arrive in
    /// `eta_min` minutes (the field app's "Onderweg").
    TechnicianOnTheWay {
        order_id: i32,
        visit_id: i32,
        eta_min: i32,
        team: String,
    },
}

/// When the customer expects the installers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub date: chrono::NaiveDate,
    pub from_min: i32,
    pub to_min: i32,
    /// The team's name.
    pub team: String,
}

impl DomainEvent {
    pub fn order_id(&self) -> i32 {
        match self {
            DomainEvent::OrderCreated { order_id } => *order_id,
            DomainEvent::OrderEntered { order_id, .. }
            | DomainEvent::VisitScheduled { order_id, .. }
            | DomainEvent::VisitMoved { order_id, .. }
            | DomainEvent::VisitCancelled { order_id, .. }
            | DomainEvent::TechnicianOnTheWay { order_id, .. } => *order_id,
        }
    }

    /// The stored kind, e.g. `order_entered`.
    pub fn kind(&self) -> &'static str {
        match self {
            DomainEvent::OrderCreated { .. } => "order_created",
            DomainEvent::OrderEntered { .. } => "order_entered",
            DomainEvent::VisitScheduled { .. } => "visit_scheduled",
            DomainEvent::VisitMoved { .. } => "visit_moved",
            DomainEvent::VisitCancelled { .. } => "visit_cancelled",
            DomainEvent::TechnicianOnTheWay { .. } => "technician_on_the_way",
        }
    }
}
