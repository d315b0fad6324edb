//! The public satisfaction survey. No sign-in: the link's token is the
//! credential, and it only opens the one order's survey.

use crate::error::AppError;
use entity::dto::SurveyDto;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The survey behind a link. Errors: `NotFound` (404).
/// Access: whoever holds the token.
#[server(endpoint = "survey/form", input = Json)]
pub async fn survey_form(token: String) -> Result<SurveyDto, AppError> {
    use super::support::*;
    services::surveys::form(&db()?, &token).await.map_err(fail)
}

/// Sends the answer, once. Errors as `survey_form`, plus `Fields` (400)
/// and `Gone` (410) when it was answered already.
/// Access: whoever holds the token.
#[server(endpoint = "survey/answer", input = Json)]
pub async fn survey_answer(token: String, score: i32, comment: String) -> Result<(), AppError> {
    use super::support::*;
    services::surveys::answer(&db()?, &token, score, &comment, chrono::Utc::now())
        .await
        .map_err(fail)
}
