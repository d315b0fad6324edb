use crate::components::auth::use_session;
use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn error_message(locale: Locale, e: &AppError) -> &'static str {
    match e {
        AppError::InvalidCredentials => td_string!(locale, invalid_credentials),
        AppError::RateLimited { .. } => td_string!(locale, rate_limited),
        _ => td_string!(locale, login_failed),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || {
        session
            .login
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_message(i18n.get_locale(), &e))
    };
    let pending = session.login.pending();
    view! {
        <PageTitle text=move || t_string!(i18n, login_title).to_string() />
        <Shell>
            <section class="card max-w-md mx-auto mt-6 sm:mt-12">
                <h1 class="text-2xl font-bold mb-1">{t!(i18n, login_title)}</h1>
                <p class="text-muted mb-4">{t!(i18n, login_lead)}</p>
                <ActionForm action=session.login attr:class="flex flex-col gap-4" attr:novalidate="">
                    <div class="field">
                        <label class="label" for="login-email">{t!(i18n, email)}</label>
                        <input
                            id="login-email"
                            class="input"
                            type="email"
                            name="email"
                            autocomplete="username"
                            required
                            aria-invalid=move || error().is_some().to_string()
                            aria-describedby="login-error"
                        />
                    </div>
                    <div class="field">
                        <label class="label" for="login-password">{t!(i18n, password)}</label>
                        <input
                            id="login-password"
                            class="input"
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required
                            aria-invalid=move || error().is_some().to_string()
                            aria-describedby="login-error"
                        />
                    </div>
                    <input type="hidden" name="next" prop:value=next />
                    <p id="login-error" role="alert" class="field-error">{error}</p>
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                        {move || if pending.get() { t_string!(i18n, signing_in) } else { t_string!(i18n, sign_in) }}
                    </button>
                </ActionForm>
                <p class="mt-4 flex flex-col gap-2 text-sm">
                    <a href=paths::FORGOT_PASSWORD>{t!(i18n, forgot_link)}</a>
                    <a href=paths::MAGIC_LINK>{t!(i18n, magic_link_cta)}</a>
                </p>
            </section>
        </Shell>
    }
}
