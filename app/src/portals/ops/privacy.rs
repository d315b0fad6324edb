//! `/ops/privacy`: customers' requests to erase their personal data,
//! waiting ones first; ops approve (what the law does not make us keep is
//! erased) or reject with a note the customer sees.

use crate::api::customer::{decide_erasure, erasure_requests};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::dto::ErasureDto;
use leptos::prelude::*;

pub fn erasure_status(locale: Locale, status: &str) -> &'static str {
    match status {
        "approved" => td_string!(locale, er_approved),
        "rejected" => td_string!(locale, er_rejected),
        _ => td_string!(locale, er_requested),
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| erasure_requests());
    view! {
        <PageTitle text=move || t_string!(i18n, er_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, er_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, er_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(r) if r.is_empty() => view! { <p class="text-muted">{t!(i18n, er_none)}</p> }.into_any(),
                    Ok(r) => view! {
                        <ul role="list" class="flex flex-col gap-3" data-testid="erasures">
                            {r.into_iter().map(|e| view! { <Request e=e /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Request(e: ErasureDto) -> impl IntoView {
    let i18n = use_i18n();
    let row = RwSignal::new(e);
    let note = RwSignal::new(String::new());
    let decide = Action::new(move |approve: &bool| {
        let r = row.get_untracked();
        decide_erasure(
            r.id,
            r.version,
            *approve,
            Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        )
    });
    Effect::new(move |_| {
        if let Some(Ok(r)) = decide.value().get() {
            row.set(r);
        }
    });
    let id = row.with_untracked(|r| r.id);
    view! {
        <li class="card" data-erasure=id>
            {move || {
                let r = row.get();
                view! {
                    <div class="flex flex-wrap items-center gap-2">
                        <strong>{r.customer.clone()}</strong>
                        <span class="text-sm text-muted">{r.email.clone()}</span>
                        <span class="badge badge-info" data-testid="erasure-status">{erasure_status(i18n.get_locale(), &r.status)}</span>
                        <span class="text-xs text-muted">{r.requested_at.clone()}</span>
                    </div>
                    {r.note.clone().map(|n| view! { <p class="text-sm mt-1">{n}</p> })}
                }
            }}
            <Show when=move || row.with(|r| r.status == "requested")>
                <div class="flex flex-wrap items-end gap-2 mt-2">
                    <div class="grow">
                        <label class="label" for=format!("er-note-{id}")>{t!(i18n, er_note)}</label>
                        <input id=format!("er-note-{id}") class="input" maxlength="400" on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" class="btn btn-primary" disabled=move || decide.pending().get() on:click=move |_| { decide.dispatch(true); }>{t!(i18n, er_approve)}</button>
                    <button type="button" class="btn btn-secondary" disabled=move || decide.pending().get() on:click=move |_| { decide.dispatch(false); }>{t!(i18n, er_reject)}</button>
                </div>
            </Show>
            {move || decide.value().get().and_then(|r| r.err()).map(|_| view! { <p role="alert" class="field-error">{t!(i18n, er_error)}</p> })}
        </li>
    }
}
