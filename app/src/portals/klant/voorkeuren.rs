//! `/klant/voorkeuren`: the customer's communication preferences (001
//! "Consent Management"): per channel, the address messages go to, the
//! hours it sends in, and whether they want offers and surveys. Messages
//! about their own order always come.

use crate::api::consent::{my_preferences, save_preferences};
use crate::components::notice::ErrorNotice;
use crate::components::status::channel_label;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::dto::ConsentDto;
use leptos::prelude::*;

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = Resource::new(|| (), |_| my_preferences());
    view! {
        <PageTitle text=move || t_string!(i18n, pref_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, pref_title)}</h1>
        <p class="text-muted mb-4 max-w-prose">{t!(i18n, pref_lead)}</p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match prefs.await {
                    Ok(list) => view! { <Choices list=list /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Choices(list: Vec<ConsentDto>) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Vec<(ConsentDto, RwSignal<bool>)> = list
        .into_iter()
        .map(|c| {
            let on = RwSignal::new(c.marketing);
            (c, on)
        })
        .collect();
    let signals: Vec<(String, String, RwSignal<bool>)> = rows
        .iter()
        .map(|(c, on)| (c.channel.clone(), c.address.clone(), *on))
        .collect();
    let save = Action::new(move |choices: &Vec<(String, String, bool)>| {
        let choices = choices.clone();
        async move { save_preferences(choices).await }
    });
    let locale = i18n.get_locale_untracked();
    view! {
        <form class="flex flex-col gap-3 max-w-xl" novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(signals.iter().map(|(c, a, on)| (c.clone(), a.clone(), on.get_untracked())).collect());
            }>
            {rows.into_iter().enumerate().map(|(i, (c, on))| {
                let (id, label_for) = (format!("pref-{i}"), format!("pref-{i}"));
                view! {
                    <fieldset class="card" data-address=c.address.clone()>
                        <legend class="font-semibold">{channel_label(locale, &c.channel)}</legend>
                        <p class="text-sm text-muted">{c.address.clone()}" · "
                            {if c.hours.is_empty() {
                                t_string!(i18n, pref_any_time).to_string()
                            } else {
                                format!("{} {}", t_string!(i18n, pref_hours), c.hours)
                            }}</p>
                        <label class="flex items-center gap-2 mt-2" for=label_for>
                            <input id=id type="checkbox" prop:checked=on
                                on:change=move |ev| on.set(event_target_checked(&ev)) />
                            {t!(i18n, pref_marketing)}
                        </label>
                    </fieldset>
                }
            }).collect_view()}
            <div><button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, pref_save)}</button></div>
            <p role="status">{move || matches!(save.value().get(), Some(Ok(()))).then(|| t_string!(i18n, pref_saved))}</p>
        </form>
    }
}
