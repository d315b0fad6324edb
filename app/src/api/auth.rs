use crate::error::AppError;
use entity::dto::CurrentUser;
use leptos::prelude::*;

/// Signs in with e-mail and password. On success the session cookie is set
/// and the browser goes to `next` (a same-site path) or the user's portal.
/// Errors: `InvalidCredentials` (401), `RateLimited` (429).
/// Access: public (it is the way in); rate-limited per account and per IP.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::support::*;
    use services::auth;
    let ua = header(http::header::USER_AGENT);
    let (token, user) = auth::login(
        &db()?,
        &email,
        &password,
        &client_ip(),
        ua.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?;
    set_cookie(auth::session_cookie(&token, behind_tls()));
    let home = user.role.home_portal().path();
    let target = next
        .as_deref()
        .and_then(auth::safe_next)
        .map(str::to_owned)
        .unwrap_or(home);
    // Staff continue to their second factor first.
    match user.pending_mfa {
        Some(step) => leptos_axum::redirect(&crate::nav::with_next(step.path(), &target)),
        None => leptos_axum::redirect(&target),
    }
    Ok(())
}

/// Ends the session. Access: anyone; without a session it only clears the cookie.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::support::*;
    if let Some(token) = session_token() {
        services::auth::logout(&db()?, &token).await.map_err(fail)?;
    }
    set_cookie(services::auth::clear_session_cookie(behind_tls()));
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in user, or `None`. Access: anyone (it only describes the caller).
#[server(endpoint = "auth/me")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    Ok(super::support::caller())
}

/// Mails a password-reset link if the address is known. Always answers the
/// same, so the form does not reveal accounts. Access: public.
#[server(endpoint = "auth/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use super::support::*;
    services::auth::request_password_reset(
        &db()?,
        &email,
        &client_ip(),
        &public_url(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Sets a new password with the token from the e-mail. Errors:
/// `Invalid("reset_invalid")`, `Invalid("reset_weak")` (400). Access: whoever holds the token.
#[server(endpoint = "auth/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use super::support::*;
    services::auth::reset_password(&db()?, &token, &password, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Mails a sign-in link to a customer's address. Access: public.
#[server(endpoint = "auth/magic-request")]
pub async fn request_magic_link(email: String) -> Result<(), AppError> {
    use super::support::*;
    services::auth::request_magic_link(
        &db()?,
        &email,
        &client_ip(),
        &public_url(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The button on the page the e-mail links to (`paths::magic_link`): signs
/// the customer in and opens their portal. A POST, so that opening the link
/// (as mail scanners do) does not use it up.
/// Access: whoever holds the (single-use, 20-minute) token.
#[server(endpoint = "auth/magic")]
pub async fn magic(token: String) -> Result<(), AppError> {
    use super::support::*;
    match services::auth::consume_magic_link(&db()?, &token, &client_ip(), chrono::Utc::now())
        .await
        .map_err(fail)?
    {
        Some((session, _)) => {
            set_cookie(services::auth::session_cookie(&session, behind_tls()));
            leptos_axum::redirect(entity::paths::customer::HOME);
        }
        None => leptos_axum::redirect(&format!("{}?ongeldig=1", entity::paths::MAGIC_LINK)),
    }
    Ok(())
}
