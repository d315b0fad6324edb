//! The second sign-in step for staff: enrolment with an authenticator app
//! and verification with a code or a recovery code. Each call works on the
//! caller's own session cookie and only while that step is due.

use crate::error::AppError;
use entity::dto::MfaSetupDto;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn required_session_token() -> Result<String, AppError> {
    use super::support::*;
    super::support::session_token().ok_or_else(|| fail(services::ServiceError::Unauthenticated))
}

/// The QR code and secret to enrol an authenticator app.
/// Access: a staff member signed in with a password who has no app yet.
#[server(endpoint = "auth/mfa-setup")]
pub async fn mfa_setup() -> Result<MfaSetupDto, AppError> {
    use super::support::*;
    services::mfa::setup(&db()?, &required_session_token()?, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Confirms enrolment with a first code; returns the recovery codes (shown once).
/// Access: as `mfa_setup`.
#[server(endpoint = "auth/mfa-enrol")]
pub async fn mfa_enrol(code: String) -> Result<Vec<String>, AppError> {
    use super::support::*;
    let enrolled = services::mfa::confirm_enrolment(
        &db()?,
        &required_session_token()?,
        &code,
        &client_ip(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?;
    // Passing the factor gives the session a new token.
    set_cookie(services::auth::session_cookie(
        &enrolled.session_token,
        behind_tls(),
    ));
    Ok(enrolled.recovery_codes)
}

/// Checks a code from the app (or a recovery code) and continues to `next`
/// or the user's portal. Errors: `InvalidCode` (401), `RateLimited` (429).
/// Access: a staff member signed in with a password whose code is due.
#[server(endpoint = "auth/mfa-verify")]
pub async fn mfa_verify(code: String, next: Option<String>) -> Result<(), AppError> {
    use super::support::*;
    let passed = services::mfa::verify(
        &db()?,
        &required_session_token()?,
        &code,
        &client_ip(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?;
    // Passing the factor gives the session a new token.
    set_cookie(services::auth::session_cookie(
        &passed.session_token,
        behind_tls(),
    ));
    let user = passed.user;
    let target = next
        .as_deref()
        .and_then(services::auth::safe_next)
        .map(str::to_owned)
        .unwrap_or_else(|| user.role.home_portal().path());
    leptos_axum::redirect(&target);
    Ok(())
}
