use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::paths;
use leptos::prelude::*;

/// Shown for every URL that no route matches, with HTTP status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::support::set_status(http::StatusCode::NOT_FOUND);
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found_title).to_string() />
        <Shell>
            <div class="error-page">
                <p class="error-code" aria-hidden="true">"404"</p>
                <h1>{t!(i18n, not_found_title)}</h1>
                <p class="text-muted">{t!(i18n, not_found_body)}</p>
                <p><a class="btn btn-primary" href=paths::HOME>{t!(i18n, back_home)}</a></p>
            </div>
        </Shell>
    }
}
