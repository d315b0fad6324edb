//! The technician's field app: the queued commands of a visit (issue 19).

use crate::error::AppError;
use entity::domain::field::{FieldCommand, FieldReply};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Applies the phone's queued commands in order, each exactly once by its
/// id, and answers each (applied, a conflict in words, or invalid fields).
/// A command sent again gets its first answer. Errors: more than 100
/// commands (400). Access: technicians.
#[server(endpoint = "field/sync", input = Json)]
pub async fn field_sync(commands: Vec<FieldCommand>) -> Result<Vec<FieldReply>, AppError> {
    use super::support::*;
    services::field::sync(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &commands,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Starts a visit photo, or tells how far its upload is (the same
/// `client_id` again). Errors: the fields (400); a visit not on the
/// technician's routes is 404. Access: technicians.
#[server(endpoint = "field/photo/start", input = Json)]
pub async fn field_photo_start(
    photo: entity::dto::PhotoStartDto,
) -> Result<entity::dto::UploadStateDto, AppError> {
    use super::support::*;
    services::photos::start(&db()?, caller().as_ref(), &photo)
        .await
        .map_err(fail)
}

/// Adds the chunk (base64) that starts at `offset`. A resent chunk is
/// skipped; one beyond what the server has is `resume_at:<n>` (409).
/// Access: the technician who started the photo.
#[server(endpoint = "field/photo/chunk", input = Json)]
pub async fn field_photo_chunk(
    client_id: String,
    offset: i32,
    data: String,
) -> Result<entity::dto::UploadStateDto, AppError> {
    use super::support::*;
    let bytes = services::photos::decode_chunk(&data).map_err(fail)?;
    services::photos::append(
        &db()?,
        &services::photos::store(),
        caller().as_ref(),
        &client_id,
        offset,
        &bytes,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The caller's own hours on a day (`YYYY-MM-DD`; empty: today): driving,
/// on site, breaks and overtime from their recorded steps; `None` when not
/// on a team that day. Access: technicians.
#[server(endpoint = "field/timesheet", input = Json)]
pub async fn field_timesheet(date: String) -> Result<Option<entity::dto::TimesheetDto>, AppError> {
    use super::support::*;
    let day = super::planning::day_or_today(&date)?;
    services::timesheets::mine(&db()?, caller().as_ref(), day)
        .await
        .map_err(fail)
}
