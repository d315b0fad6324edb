//! `/afmelden?token=…`: the unsubscribe link of every e-mail. Opening it
//! changes nothing (mail scanners open links); the button opts the mail's
//! recipient out of marketing e-mail, which the consent ledger records.

use crate::api::consent::Unsubscribe;
use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<Unsubscribe>::new();
    view! {
        <PageTitle text=move || t_string!(i18n, unsub_title).to_string() />
        <Shell>
            <section class="card max-w-md mx-auto mt-6 sm:mt-12">
                <h1 class="text-2xl font-bold mb-1">{t!(i18n, unsub_title)}</h1>
                {move || match action.value().get() {
                    Some(Ok(address)) => view! {
                        <p role="status">{t!(i18n, unsub_done)}" "<strong>{address}</strong></p>
                    }.into_any(),
                    Some(Err(_)) => view! {
                        <p role="alert" class="field-error">{t!(i18n, unsub_invalid)}</p>
                    }.into_any(),
                    None => view! {
                        <p class="text-muted mb-4">{t!(i18n, unsub_lead)}</p>
                        <ActionForm action=action attr:class="flex flex-col gap-4">
                            <input type="hidden" name="token" prop:value=token />
                            <button type="submit" class="btn btn-primary">{t!(i18n, unsub_button)}</button>
                        </ActionForm>
                    }.into_any(),
                }}
            </section>
        </Shell>
    }
}
