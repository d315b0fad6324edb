//! The customer's own appointment (002 "CUSTOMER PORTAL"): slots that fit
//! the routes, holding and confirming one, moving it with a reason, and
//! what the installer should know. Ops read the bookings and moves.

use crate::error::AppError;
use entity::dto::{AccessNotes, AppointmentChangeDto, BookingDto, HoldDto, SlotDto};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The appointment part of the customer's order page. Access: the
/// order's customer (and staff); anyone else gets 404.
#[server(endpoint = "appointment/get")]
pub async fn appointment(order_number: String) -> Result<BookingDto, AppError> {
    use super::support::*;
    services::slots::booking(&db()?, caller().as_ref(), &order_number, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// The slots the customer may choose (the next 3 weeks, only those that
/// keep a team's day feasible), least extra driving first. Errors (409):
/// `cutoff`, `not_bookable`. Access: the order's customer (and staff).
#[server(endpoint = "appointment/slots")]
pub async fn appointment_slots(order_number: String) -> Result<Vec<SlotDto>, AppError> {
    use super::support::*;
    services::slots::offers(&db()?, caller().as_ref(), &order_number, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Holds a slot for 10 minutes. Errors: `slot` (400), `slot_taken`,
/// `cutoff`, `not_bookable` (409). Access: the order's customer (and staff).
#[server(endpoint = "appointment/hold")]
pub async fn hold_slot(
    order_number: String,
    date: String,
    start_min: i32,
) -> Result<HoldDto, AppError> {
    use super::support::*;
    let date = date
        .parse()
        .map_err(|_| fail(ServiceError::Invalid("slot".into())))?;
    services::slots::hold(
        &db()?,
        caller().as_ref(),
        &order_number,
        date,
        start_min,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Lets go of the held slot. Access: the order's customer (and staff).
#[server(endpoint = "appointment/release")]
pub async fn release_slot(order_number: String) -> Result<(), AppError> {
    use super::support::*;
    services::slots::release(&db()?, caller().as_ref(), &order_number)
        .await
        .map_err(fail)
}

/// Confirms the held slot; moving a booked appointment needs a `reason`.
/// Errors: `reason` (400), `hold_expired`, `slot_taken`, `cutoff` (409).
/// Access: the order's customer (and staff).
#[server(endpoint = "appointment/confirm")]
pub async fn confirm_slot(
    order_number: String,
    reason: Option<String>,
) -> Result<BookingDto, AppError> {
    use super::support::*;
    services::slots::confirm(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &order_number,
        reason.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Saves what the installer should know. Errors: the field (400) of a
/// note that is too long. Access: the order's customer (and staff).
#[server(endpoint = "appointment/access", input = Json)]
pub async fn save_access_notes(
    order_number: String,
    notes: AccessNotes,
) -> Result<AccessNotes, AppError> {
    use super::support::*;
    services::slots::save_access(
        &db()?,
        caller().as_ref(),
        &order_number,
        &notes,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Every booking and move of an appointment, newest first, with how often
/// each order moved. Access: admin, ops_manager, planner.
#[server(endpoint = "appointment/changes")]
pub async fn appointment_changes() -> Result<Vec<AppointmentChangeDto>, AppError> {
    use super::support::*;
    services::slots::changes(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}
