//! The second sign-in step for staff: verify a code, or enrol an app first.

use crate::api::mfa::mfa_setup;
use crate::components::auth::use_session;
use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn error_text(locale: Locale, e: &AppError) -> &'static str {
    match e {
        AppError::InvalidCode => td_string!(locale, mfa_invalid),
        AppError::Unauthenticated | AppError::Forbidden => td_string!(locale, mfa_session_gone),
        AppError::RateLimited { .. } => td_string!(locale, rate_limited),
        _ => td_string!(locale, login_failed),
    }
}

/// The code field both pages share: digits from the app, or a recovery code.
#[component]
fn CodeField(
    error: Signal<Option<&'static str>>,
    #[prop(optional, into)] recovery: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label class="label" for="mfa-code">
                {move || if recovery.get() { t_string!(i18n, recovery_code) } else { t_string!(i18n, mfa_code) }}
            </label>
            <input
                id="mfa-code"
                class="input text-xl tracking-widest"
                type="text"
                name="code"
                inputmode=move || if recovery.get() { "text" } else { "numeric" }
                autocapitalize="off"
                spellcheck="false"
                autocomplete="one-time-code"
                maxlength="12"
                required
                autofocus
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby="mfa-error"
            />
        </div>
        <p id="mfa-error" role="alert" class="field-error">{move || error.get()}</p>
    }
}

#[component]
pub fn MfaVerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let action = session.mfa_verify;
    let error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_text(i18n.get_locale(), &e))
    });
    let pending = action.pending();
    let recovery = RwSignal::new(false);
    view! {
        <PageTitle text=move || t_string!(i18n, mfa_title).to_string() />
        <Shell>
            <section class="card max-w-md mx-auto mt-6 sm:mt-12">
                <h1 class="text-2xl font-bold mb-1">{t!(i18n, mfa_title)}</h1>
                <p class="text-muted mb-4">{t!(i18n, mfa_lead)}</p>
                <ActionForm action=action attr:class="flex flex-col gap-4" attr:novalidate="">
                    <CodeField error=error recovery=recovery />
                    <input type="hidden" name="next" prop:value=next />
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                        {t!(i18n, mfa_submit)}
                    </button>
                </ActionForm>
                <p class="mt-4 flex flex-col gap-2 text-sm items-start">
                    <button type="button" class="link" on:click=move |_| recovery.update(|r| *r = !*r)>
                        {move || if recovery.get() { t_string!(i18n, use_app_code) } else { t_string!(i18n, use_recovery_code) }}
                    </button>
                    <a href=paths::LOGIN>{t!(i18n, sign_in_again)}</a>
                </p>
            </section>
        </Shell>
    }
}

#[component]
pub fn MfaEnrolPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let next = move || {
        query
            .read()
            .get("next")
            .filter(|n| entity::paths::safe_next(n).is_some())
            .unwrap_or_else(|| entity::paths::HOME.to_owned())
    };
    let setup = Resource::new_blocking(|| (), |_| mfa_setup());
    let action = session.mfa_enrol;
    let error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_text(i18n.get_locale(), &e))
    });
    let codes = move || action.value().get().and_then(|r| r.ok());
    let pending = action.pending();
    let form = move || {
        Suspend::new(async move {
            match setup.await {
                Ok(s) => view! {
                    <p class="text-muted mb-4">{t!(i18n, enrol_lead)}</p>
                    <figure class="flex flex-col items-center gap-2 mb-4">
                        <div
                            class="qr"
                            role="img"
                            aria-label=move || t_string!(i18n, enrol_qr_alt)
                            data-testid="mfa-qr"
                            inner_html=s.qr_svg
                        ></div>
                        <figcaption class="text-sm text-muted text-center">
                            {t!(i18n, enrol_manual)}
                            <code class="block code-chip mt-1 select-all" data-testid="mfa-secret">
                                {s.secret_grouped}
                            </code>
                        </figcaption>
                    </figure>
                    <ActionForm action=action attr:class="flex flex-col gap-4" attr:novalidate="">
                        <CodeField error=error />
                        <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                            {t!(i18n, enrol_submit)}
                        </button>
                    </ActionForm>
                }
                .into_any(),
                Err(_) => view! {
                    <p role="alert" class="mb-4">{t!(i18n, enrol_unavailable)}</p>
                    <a class="btn btn-primary" href=paths::LOGIN>{t!(i18n, sign_in)}</a>
                }
                .into_any(),
            }
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, enrol_title).to_string() />
        <Shell>
            <section class="card max-w-md mx-auto mt-6 sm:mt-12">
                <Show
                    when=move || codes().is_some()
                    fallback=move || view! {
                        <h1 class="text-2xl font-bold mb-1">{t!(i18n, enrol_title)}</h1>
                        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                            {form}
                        </Suspense>
                    }
                >
                    <h1 class="text-2xl font-bold mb-1">{t!(i18n, recovery_title)}</h1>
                    <p class="text-muted mb-4">{t!(i18n, recovery_lead)}</p>
                    <ol class="grid grid-cols-2 gap-2 font-mono text-base mb-4" data-testid="recovery-codes">
                        {move || codes().unwrap_or_default().into_iter().map(|c| view! { <li class="code-chip">{c}</li> }).collect_view()}
                    </ol>
                    <div class="flex flex-wrap gap-2">
                        <a class="btn btn-primary" href=next>{t!(i18n, recovery_continue)}</a>
                        <button type="button" class="btn btn-secondary" onclick="window.print()">{t!(i18n, recovery_print)}</button>
                    </div>
                </Show>
            </section>
        </Shell>
    }
}
