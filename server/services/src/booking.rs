//! A customer's appointment as it stands (no search, no writes): which
//! visit they schedule, the appointment they were told, whether they may
//! still move it (the entity's cut-off), how often it moved, and what the
//! installer should know. Read by the order pages, the technician's day
//! and the slot search (`slots`) alike, so it depends on none of them.

use crate::ServiceError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::domain::planning::RESCHEDULE_CUTOFF_HOURS;
use entity::domain::time::{amsterdam, local_to_utc};
use entity::domain::workflow::{PLANNABLE, SCHEDULED};
use entity::domain::{VisitKind, VisitStatus};
use entity::dto::{AccessNotes, AppointmentChangeDto, AppointmentDto, BookingDto, HoldDto};
use entity::{appointment_change, business_entity, order, slot_hold, user, visit};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The visit the customer schedules: the installation (the newest still to
/// happen) or, once installed, a service visit ops planned for a case.
pub(crate) async fn installation(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Option<visit::Model>, ServiceError> {
    Ok(visit::Entity::find()
        .filter(visit::Column::OrderId.eq(order_id))
        .filter(visit::Column::Kind.is_in([
            VisitKind::Installation.as_str(),
            VisitKind::Service.as_str(),
        ]))
        .filter(visit::Column::Status.is_in([
            VisitStatus::Unplanned.as_str(),
            VisitStatus::Planned.as_str(),
            VisitStatus::Published.as_str(),
        ]))
        .order_by_desc(visit::Column::Id)
        .one(db)
        .await?)
}

/// The appointment the customer knows: the slot they were told, else the
/// window of a visit on a team.
pub(crate) fn appointment_of(v: &visit::Model) -> Option<AppointmentDto> {
    v.day_team_id?;
    let date = v.date?;
    let (start, end) = match (v.slot_start_min, v.slot_end_min) {
        (Some(s), Some(e)) => (s, e),
        _ => (v.window_start_min, v.window_end_min),
    };
    Some(AppointmentDto {
        date: date.to_string(),
        start_min: start,
        end_min: end,
    })
}

fn cutoff_of(be: Option<&business_entity::Model>) -> i32 {
    be.map(|b| b.reschedule_cutoff_hours)
        .filter(|h| *h >= 0)
        .unwrap_or(RESCHEDULE_CUTOFF_HOURS)
}

/// Whether an appointment starting at `start` is still the customer's to
/// move at `now`.
pub(crate) fn before_cutoff(
    date: NaiveDate,
    start_min: i32,
    cutoff_hours: i32,
    now: DateTime<Utc>,
) -> bool {
    local_to_utc(date, start_min) - Duration::hours(cutoff_hours.into()) > now
}

async fn moves_of(db: &impl ConnectionTrait, order_id: i32) -> Result<i32, ServiceError> {
    Ok(appointment_change::Entity::find()
        .filter(appointment_change::Column::OrderId.eq(order_id))
        .filter(appointment_change::Column::Kind.eq("rescheduled"))
        .count(db)
        .await? as i32)
}

pub(crate) async fn booking_of(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<BookingDto, ServiceError> {
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?;
    let cutoff = cutoff_of(be.as_ref());
    let v = installation(db, o.id).await?;
    let appointment = v.as_ref().and_then(appointment_of);
    let hold = match &v {
        Some(v) => slot_hold::Entity::find()
            .filter(slot_hold::Column::VisitId.eq(v.id))
            .filter(slot_hold::Column::ExpiresAt.gt(now))
            .one(db)
            .await?
            .map(|h| HoldDto {
                date: h.date.to_string(),
                start_min: h.slot_start_min,
                end_min: h.slot_end_min,
                until: amsterdam(h.expires_at).format("%H:%M").to_string(),
            }),
        None => None,
    };
    let service = v
        .as_ref()
        .is_some_and(|v| v.kind == VisitKind::Service.as_str());
    let ready = PLANNABLE.contains(&o.status.as_str())
        || o.status == SCHEDULED
        || (service && o.status == entity::domain::workflow::COMPLETED);
    let state = match (&appointment, ready) {
        (Some(_), true) => "booked",
        (None, true) if PLANNABLE.contains(&o.status.as_str()) || service => "choose",
        _ if matches!(
            o.status.as_str(),
            entity::domain::workflow::COMPLETED | entity::domain::workflow::CANCELLED
        ) =>
        {
            "done"
        }
        _ => "waiting",
    };
    let can_reschedule = state == "booked"
        && appointment.as_ref().is_some_and(|a| {
            a.date
                .parse()
                .is_ok_and(|d| before_cutoff(d, a.start_min, cutoff, now))
        });
    Ok(BookingDto {
        service,
        order_number: o.order_number.clone(),
        state: state.into(),
        appointment,
        can_reschedule,
        cutoff_hours: cutoff,
        phone: be.as_ref().and_then(|b| b.phone.clone()),
        brand: be.map(|b| b.brand).unwrap_or_default(),
        hold,
        moves: moves_of(db, o.id).await?,
        access: access_of(o),
    })
}

fn access_of(o: &order::Model) -> AccessNotes {
    o.access_notes
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok())
        .unwrap_or_default()
}

/// The access notes of an order, for the technician and ops.
pub(crate) fn access_notes(o: &order::Model) -> Option<AccessNotes> {
    Some(access_of(o)).filter(|a| !a.is_empty())
}

/// The bookings and moves of all orders or of one (no access check).
pub(crate) async fn changes_of(
    db: &impl ConnectionTrait,
    order_id: Option<i32>,
) -> Result<Vec<AppointmentChangeDto>, ServiceError> {
    let mut q = appointment_change::Entity::find()
        .order_by_desc(appointment_change::Column::CreatedAt)
        .order_by_desc(appointment_change::Column::Id);
    if let Some(id) = order_id {
        q = q.filter(appointment_change::Column::OrderId.eq(id));
    }
    let rows = q.all(db).await?;
    let (orders, customers) =
        crate::orders::with_customers(db, rows.iter().map(|r| r.order_id)).await?;
    let users: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.by_user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut moves: HashMap<i32, i32> = HashMap::new();
    for r in rows.iter().filter(|r| r.kind == "rescheduled") {
        *moves.entry(r.order_id).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let o = orders.get(&r.order_id)?;
            Some(AppointmentChangeDto {
                order_number: o.order_number.clone(),
                customer: customers
                    .get(&o.end_customer_contact_id)
                    .cloned()
                    .unwrap_or_default(),
                kind: r.kind.clone(),
                from: r
                    .from_date
                    .zip(r.from_start_min)
                    .zip(r.from_end_min)
                    .map(|((d, s), e)| AppointmentDto {
                        date: d.to_string(),
                        start_min: s,
                        end_min: e,
                    }),
                to: AppointmentDto {
                    date: r.to_date.to_string(),
                    start_min: r.to_start_min,
                    end_min: r.to_end_min,
                },
                reason: r.reason.clone(),
                after_publishing: r.after_publishing,
                by: r
                    .by_user_id
                    .and_then(|u| users.get(&u).cloned())
                    .unwrap_or_default(),
                at: entity::domain::time::format_local(r.created_at),
                moves: moves.get(&r.order_id).copied().unwrap_or(0),
            })
        })
        .collect())
}
