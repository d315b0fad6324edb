//! The public intake form. No sign-in: the link's token is the credential,
//! and it only opens the one order's form while the intake is due.

use entity::dto::{IntakeFormDto, IntakeSubmission};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
fn closed(e: services::intake::IntakeError) -> ServerFnError {
    use super::support::set_status;
    use services::intake::IntakeError;
    match e {
        IntakeError::Unknown => {
            set_status(http::StatusCode::NOT_FOUND);
            ServerFnError::new("intake_unknown")
        }
        IntakeError::Closed => {
            set_status(http::StatusCode::GONE);
            ServerFnError::new("intake_closed")
        }
        IntakeError::Invalid(fields) => super::support::invalid(fields),
    }
}

/// The form behind a link. Errors: `intake_unknown` (404), `intake_closed` (410).
/// Access: whoever holds the token.
#[server(endpoint = "intake/form", input = Json)]
pub async fn intake_form(token: String) -> Result<IntakeFormDto, ServerFnError> {
    use super::support::*;
    services::intake::form(&db()?, &token, chrono::Utc::now())
        .await
        .map_err(fail)?
        .map_err(closed)
}

/// Sends the form. Errors as `intake_form`, plus `invalid:<field>=<code>,…` (400).
/// Access: whoever holds the token.
#[server(endpoint = "intake/submit", input = Json)]
pub async fn submit_intake(
    token: String,
    answers: IntakeSubmission,
) -> Result<String, ServerFnError> {
    use super::support::*;
    services::intake::submit(&db()?, bus().as_ref(), &token, &answers, chrono::Utc::now())
        .await
        .map_err(fail)?
        .map_err(closed)
}
