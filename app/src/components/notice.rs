//! Notices a page shows instead of its content: a failed load, no access.

use crate::i18n::*;
use entity::paths;
use leptos::prelude::*;

/// A failure inside a page (a server function that errs). The page around
/// it keeps working; on the server the response status becomes 500.
#[component]
pub fn ErrorNotice() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::support::set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    let i18n = use_i18n();
    view! {
        <div role="alert" class="card border-l-4" style="border-left-color: var(--danger)">
            <p class="font-semibold">{t!(i18n, server_error_title)}</p>
            <p class="text-muted text-sm">{t!(i18n, server_error_body)}</p>
        </div>
    }
}

/// Signed in, but the role may not open this page (HTTP 403).
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::support::set_status(http::StatusCode::FORBIDDEN);
    let i18n = use_i18n();
    view! {
        <div class="error-page">
            <p class="error-code" aria-hidden="true">"403"</p>
            <h1>{t!(i18n, forbidden_title)}</h1>
            <p class="text-muted">{t!(i18n, forbidden_body)}</p>
            <p><a class="btn btn-primary" href=paths::HOME>{t!(i18n, back_home)}</a></p>
        </div>
    }
}
