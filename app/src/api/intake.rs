//! The public intake form. No sign-in: the link's token is the credential,
//! and it only opens the one order's form while the intake is due.

use crate::error::AppError;
use entity::dto::{IntakeFormDto, IntakeSubmission};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The form behind a link. Errors: `NotFound` (404), `Gone` (410).
/// Access: whoever holds the token.
#[server(endpoint = "intake/form", input = Json)]
pub async fn intake_form(token: String) -> Result<IntakeFormDto, AppError> {
    use super::support::*;
    services::intake::form(&db()?, &token, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Sends the form. Errors as `intake_form`, plus `Fields` (400).
/// Access: whoever holds the token.
#[server(endpoint = "intake/submit", input = Json)]
pub async fn submit_intake(token: String, answers: IntakeSubmission) -> Result<String, AppError> {
    use super::support::*;
    services::intake::submit(&db()?, bus().as_ref(), &token, &answers, chrono::Utc::now())
        .await
        .map_err(fail)
}
