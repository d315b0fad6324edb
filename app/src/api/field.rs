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
