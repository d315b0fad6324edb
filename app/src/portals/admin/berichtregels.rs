//! Admin: when each business entity's timed messages go out (001's
//! reminders, follow-ups, escalations, survey and check-up). The triggers,
//! their labels, defaults and limits come from `entity::domain::triggers`,
//! the same catalogue the server schedules from; each row saves on its own
//! over the version it showed.

use crate::api::timings::{admin_timing_save, admin_timings};
use crate::components::form::{error_text, field_errors};
use crate::components::notice::ErrorNotice;
use crate::components::status::{channel_label, status_label};
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::templates as kinds;
use entity::domain::triggers::{self, Anchor, Recipient};
use entity::dto::TimingDto;
use leptos::prelude::*;

#[component]
pub fn TimingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let entity = RwSignal::new(None::<i32>);
    let data = Resource::new(move || entity.get(), admin_timings);
    view! {
        <PageTitle text=move || t_string!(i18n, tm_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, tm_title)}</h1>
        <p class="text-muted mb-4 max-w-3xl">{t!(i18n, tm_lead)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dto) => {
                        let current = dto.business_entity_id;
                        view! {
                            <div class="field max-w-xs mb-4">
                                <label class="label" for="tm-entity">{t!(i18n, tm_entity)}</label>
                                <select id="tm-entity" class="select"
                                    on:change=move |ev| {
                                        if let Ok(v) = event_target_value(&ev).parse() {
                                            entity.set(Some(v));
                                        }
                                    }>
                                    {dto.entities.iter().map(|(id, name)| view! {
                                        <option value=id.to_string() selected=*id == current>{name.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="card p-0 overflow-x-auto">
                                <table class="table w-full" data-testid="timings" data-entity=current.to_string()>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, tm_message)}</th>
                                            <th scope="col">{t!(i18n, tm_to)}</th>
                                            <th scope="col">{t!(i18n, tm_on)}</th>
                                            <th scope="col">{t!(i18n, tm_hours)}</th>
                                            <th scope="col">{t!(i18n, tm_when)}</th>
                                            <th scope="col"><span class="sr-only">{t!(i18n, tm_save)}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {dto.rows.into_iter().map(|r| view! { <TimingRow row=r entity=current /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Hours as a person reads them: "168 uur (7 dagen)".
fn days_hint(hours: i32) -> Option<String> {
    (hours >= 48 && hours % 24 == 0).then(|| format!("= {} d", hours / 24))
}

#[component]
fn TimingRow(row: TimingDto, entity: i32) -> impl IntoView {
    let i18n = use_i18n();
    let Some(trigger) = triggers::find(&row.key) else {
        return ().into_any();
    };
    let kind = kinds::find(trigger.kind);
    let enabled = RwSignal::new(row.enabled);
    let hours = RwSignal::new(row.hours.to_string());
    let version = RwSignal::new(row.version);
    let changed = RwSignal::new(row.changed.clone());
    let dirty = RwSignal::new(false);
    let key = row.key.clone();
    let save = Action::new(move |_: &()| {
        let key = key.clone();
        let (on, h, v) = (
            enabled.get_untracked(),
            hours.get_untracked().trim().parse().unwrap_or(0),
            version.get_untracked(),
        );
        async move { admin_timing_save(entity, key, on, h, v).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            version.set(saved.version);
            changed.set(saved.changed);
            dirty.set(false);
        }
    });
    let id = format!("tm-{}", row.key);
    let hours_id = format!("{id}-hours");
    let on_id = format!("{id}-on");
    let problem = move || {
        let locale = i18n.get_locale();
        match save.value().get() {
            Some(Err(AppError::Stale)) => Some(t_string!(i18n, tm_stale).to_string()),
            Some(Err(e)) => Some(
                field_errors(&e)
                    .get("hours")
                    .map(|c| error_text(locale, c).to_owned())
                    .unwrap_or_else(|| t_string!(i18n, err_failed).to_string()),
            ),
            _ => None,
        }
    };
    let saved_note = move || matches!(save.value().get(), Some(Ok(_))) && !dirty.get();
    let to = match trigger.to {
        Recipient::Customer => t_string!(i18n, tm_to_customer),
        Recipient::Partner => t_string!(i18n, tm_to_partner),
        Recipient::OpsManagers => t_string!(i18n, tm_to_ops),
    };
    let channels = kind
        .map(|k| {
            k.channels
                .iter()
                .map(|c| channel_label(i18n.get_locale_untracked(), c.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let when = match trigger.anchor {
        Anchor::BeforeVisit => t_string!(i18n, tm_before_visit).to_string(),
        Anchor::Entered(status) => format!(
            "{} {}",
            t_string!(i18n, tm_after_status),
            status_label(i18n.get_locale_untracked(), status)
        ),
    };
    let max = triggers::max_hours(trigger.anchor);
    view! {
        <tr data-trigger=row.key.clone()>
            <th scope="row" class="text-left font-normal">
                <span class="block font-semibold" id=id.clone()>{trigger.label}</span>
                <span class="block text-sm text-muted">{channels}</span>
            </th>
            <td>{to}</td>
            <td>
                <label class="flex items-center gap-2">
                    <input id=on_id type="checkbox" prop:checked=enabled
                        aria-describedby=id.clone()
                        on:change=move |ev| { enabled.set(event_target_checked(&ev)); dirty.set(true); } />
                    <span class="sr-only">{t!(i18n, tm_on)}</span>
                </label>
            </td>
            <td>
                <label class="sr-only" for=hours_id.clone()>{t!(i18n, tm_hours)}" · "{trigger.label}</label>
                <input id=hours_id class="input w-24" type="number" min="1" max=max.to_string() inputmode="numeric"
                    prop:value=hours
                    aria-invalid=move || problem().is_some().to_string()
                    on:input=move |ev| { hours.set(event_target_value(&ev)); dirty.set(true); } />
                <span class="block text-sm text-muted">
                    {move || days_hint(hours.get().trim().parse().unwrap_or(0)).unwrap_or_default()}
                    " ("{t!(i18n, tm_default)}" "{trigger.hours}" "{t!(i18n, tm_hours_unit)}")"
                </span>
            </td>
            <td class="text-sm">
                {when}
                {trigger.ends_when_left.then(|| view! { <span class="block text-muted">{t!(i18n, tm_ends)}</span> })}
            </td>
            <td class="text-sm">
                <button type="button" class="btn btn-secondary btn-sm" disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch(()); }>
                    {t!(i18n, tm_save)}
                </button>
                <p role="status" class="text-sm">
                    {move || saved_note().then(|| t_string!(i18n, tm_saved))}
                </p>
                <p role="alert" class="field-error">{problem}</p>
                {move || changed.get().map(|c| view! { <span class="block text-muted">{t!(i18n, tm_changed)}": "{c}</span> })}
            </td>
        </tr>
    }
    .into_any()
}
