//! Consent (001 "GDPR Compliance"): the unsubscribe link of a mail (anyone
//! holding the mail's token) and the customer's communication preferences
//! (the signed-in customer). Shims over `services::consent`.

use crate::error::AppError;
use entity::dto::ConsentDto;
use leptos::prelude::*;

/// Opts the recipient of the mail with this token out of marketing e-mail;
/// returns their address. Errors: `not_found` for an unknown token.
#[server(endpoint = "unsubscribe/confirm")]
pub async fn unsubscribe(token: String) -> Result<String, AppError> {
    use super::support::*;
    services::consent::unsubscribe(&db()?, &token, "unsubscribe_link", chrono::Utc::now())
        .await
        .map_err(fail)
}

/// The signed-in customer's preferences per channel. Access: customers.
#[server(endpoint = "customer/preferences")]
pub async fn my_preferences() -> Result<Vec<ConsentDto>, AppError> {
    use super::support::*;
    services::consent::preferences(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Saves the customer's marketing choices: `(channel, address, agreed)`.
/// Errors: `Invalid("channel")` for an address that is not theirs.
/// Access: customers.
#[server(endpoint = "customer/preferences/save", input = leptos::server_fn::codec::Json)]
pub async fn save_preferences(choices: Vec<(String, String, bool)>) -> Result<(), AppError> {
    use super::support::*;
    services::consent::save_preferences(&db()?, caller().as_ref(), &choices, chrono::Utc::now())
        .await
        .map_err(fail)
}
