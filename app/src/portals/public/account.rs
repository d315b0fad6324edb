//! Getting back in: forgotten password, new password, sign-in link.

use crate::api::auth::{RequestMagicLink, RequestPasswordReset, ResetPassword};
use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Sign-in card used by the pages below.
#[component]
fn AccountCard(title: Signal<String>, lead: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <PageTitle text=move || title.get() />
        <Shell>
            <section class="card max-w-md mx-auto mt-6 sm:mt-12">
                <h1 class="text-2xl font-bold mb-1">{move || title.get()}</h1>
                <p class="text-muted mb-4">{move || lead.get()}</p>
                {children()}
            </section>
        </Shell>
    }
}

#[component]
fn EmailField() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label class="label" for="account-email">{t!(i18n, email)}</label>
            <input id="account-email" class="input" type="email" name="email" autocomplete="email" required />
        </div>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <AccountCard
            title=Signal::derive(move || t_string!(i18n, forgot_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, forgot_lead).to_string())
        >
            <Show
                when=sent
                fallback=move || view! {
                    <ActionForm action=action attr:class="flex flex-col gap-4">
                        <EmailField />
                        <button type="submit" class="btn btn-primary">{t!(i18n, send_reset)}</button>
                    </ActionForm>
                }
            >
                <p role="status" class="badge-ok p-3 rounded">{t!(i18n, reset_sent)}</p>
            </Show>
        </AccountCard>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = move || {
        action.value().get().and_then(|r| r.err()).map(|e| {
            if e == AppError::Invalid(entity::domain::users::RESET_WEAK.to_owned()) {
                t_string!(i18n, reset_weak)
            } else {
                t_string!(i18n, reset_invalid)
            }
        })
    };
    view! {
        <AccountCard
            title=Signal::derive(move || t_string!(i18n, reset_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, password_hint).to_string())
        >
            <Show
                when=done
                fallback=move || view! {
                    <ActionForm action=action attr:class="flex flex-col gap-4" attr:novalidate="">
                        <input type="hidden" name="token" prop:value=token />
                        <div class="field">
                            <label class="label" for="new-password">{t!(i18n, new_password)}</label>
                            <input id="new-password" class="input" type="password" name="password" autocomplete="new-password"
                                required minlength="10" aria-describedby="reset-error" aria-invalid=move || error().is_some().to_string() />
                        </div>
                        <p id="reset-error" role="alert" class="field-error">{error}</p>
                        <button type="submit" class="btn btn-primary">{t!(i18n, reset_submit)}</button>
                    </ActionForm>
                }
            >
                <p role="status" class="mb-4">{t!(i18n, reset_done)}</p>
                <a class="btn btn-primary" href=paths::LOGIN>{t!(i18n, sign_in)}</a>
            </Show>
        </AccountCard>
    }
}

#[component]
pub fn MagicLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let invalid = move || query.read().get("ongeldig").is_some();
    let token = move || query.read().get("token").filter(|t| !t.is_empty());
    let action = ServerAction::<RequestMagicLink>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    let sign_in = crate::components::auth::use_session().magic;
    view! {
        <AccountCard
            title=Signal::derive(move || t_string!(i18n, magic_title).to_string())
            lead=Signal::derive(move || {
                if token().is_some() && !invalid() {
                    t_string!(i18n, magic_opened_lead).to_string()
                } else {
                    t_string!(i18n, magic_lead).to_string()
                }
            })
        >
            // The link in the e-mail opens this page; only the button signs
            // in, so a mail scanner that opens the link does not use it up.
            <Show when=move || token().is_some() && !invalid()>
                <ActionForm action=sign_in attr:class="flex flex-col gap-4 mb-6">
                    <input type="hidden" name="token" prop:value=move || token().unwrap_or_default() />
                    <button type="submit" class="btn btn-primary">{t!(i18n, magic_sign_in)}</button>
                </ActionForm>
            </Show>
            <Show when=invalid>
                <p role="alert" class="field-error mb-3">{t!(i18n, magic_invalid)}</p>
            </Show>
            <Show when=move || token().is_none() || invalid()>
                <Show
                    when=sent
                    fallback=move || view! {
                        <ActionForm action=action attr:class="flex flex-col gap-4">
                            <EmailField />
                            <button type="submit" class="btn btn-primary">{t!(i18n, send_magic)}</button>
                        </ActionForm>
                    }
                >
                    <p role="status">{t!(i18n, magic_sent)}</p>
                </Show>
            </Show>
        </AccountCard>
    }
}
