//! Admin: the operational settings. How long an order may wait for the
//! customer's site before it goes on hold (004 #1), in which statuses, the
//! cancellation fee per stage (000's cancellation policy), and how the
//! route optimiser searches (seconds, and what it minimises).

use crate::api::admin::{admin_save_settings, admin_settings};
use crate::components::form::{error_text, form_error_text, form_errors};
use crate::components::notice::ErrorNotice;
use crate::components::status::status_label;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::money::parse_euro;
use entity::domain::settings::OptimiseGoal;
use entity::dto::SettingsDto;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| admin_settings());
    // Kept here: a save reloads (and so redraws) the form.
    let saved = RwSignal::new(false);
    view! {
        <PageTitle text=move || t_string!(i18n, set_title).to_string() />
        <h1 id="set-title" class="text-2xl font-bold mb-1">{t!(i18n, set_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, set_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Form d=d reload=reload saved=saved /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `49,00`: cents as the fee inputs show them.
fn cents_text(c: i64) -> String {
    format!("{},{:02}", c / 100, c % 100)
}

#[component]
fn Form(d: SettingsDto, reload: RwSignal<u32>, saved: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let days = RwSignal::new(d.settings.site_readiness_days.to_string());
    let watched = RwSignal::new(d.settings.site_readiness_statuses.clone());
    let fees: Vec<(String, RwSignal<String>)> = d
        .cancellable
        .iter()
        .map(|s| {
            let c = d.settings.cancellation_fees.get(s).copied().unwrap_or(0);
            (s.clone(), RwSignal::new(cents_text(c)))
        })
        .collect();
    let fees = StoredValue::new(fees);
    let budget = RwSignal::new(d.settings.optimise_budget_secs.to_string());
    let goal = RwSignal::new(d.settings.optimise_goal);
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let token = d.token.clone();
    let save = Action::new(move |s: &entity::domain::settings::OpsSettings| {
        let (s, token) = (s.clone(), token.clone());
        async move { admin_save_settings(s, token).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            saved.set(true);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => errors.set(form_errors(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let mut local = HashMap::new();
        let site_readiness_days = days.get_untracked().trim().parse::<i64>().unwrap_or(0);
        let mut cancellation_fees = std::collections::BTreeMap::new();
        fees.with_value(|f| {
            for (status, text) in f {
                match parse_euro(&text.get_untracked()) {
                    Some(c) => {
                        cancellation_fees.insert(status.clone(), c);
                    }
                    None => {
                        local.insert(format!("fee:{status}"), "amount_invalid".to_owned());
                    }
                }
            }
        });
        let s = entity::domain::settings::OpsSettings {
            site_readiness_days,
            site_readiness_statuses: watched.get_untracked(),
            cancellation_fees,
            optimise_budget_secs: budget.get_untracked().trim().parse::<i64>().unwrap_or(0),
            optimise_goal: goal.get_untracked(),
        };
        local.extend(s.problems());
        errors.set(local.clone());
        if local.is_empty() {
            save.dispatch(s);
        }
    };
    let err = move |field: String| {
        move || {
            errors
                .with(|e| e.get(&field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    view! {
        <form class="flex flex-col gap-4 max-w-3xl" novalidate on:submit=submit>
            <section class="card">
                <h2 class="text-lg font-semibold mb-1">{t!(i18n, set_readiness)}</h2>
                <p class="text-sm text-muted mb-3">{t!(i18n, set_readiness_intro)}</p>
                <div class="field max-w-xs">
                    <label class="label" for="set-days">{t!(i18n, set_days)}</label>
                    <input id="set-days" class="input" type="number" min="1" max="365" prop:value=days
                        on:input=move |ev| days.set(event_target_value(&ev))
                        aria-invalid=move || err("days".into())().is_some().to_string() />
                    <p class="field-error" role="alert">{err("days".into())}</p>
                </div>
                <fieldset class="mt-3">
                    <legend class="label">{t!(i18n, set_statuses)}</legend>
                    <div class="flex flex-wrap gap-3">
                        {d.statuses.iter().map(|s| {
                            let code = s.clone();
                            let code2 = s.clone();
                            let label = s.clone();
                            view! {
                                <label class="flex items-center gap-1 text-sm">
                                    <input type="checkbox" data-status=s.clone()
                                        prop:checked=move || watched.with(|w| w.contains(&code))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            watched.update(|w| {
                                                w.retain(|x| x != &code2);
                                                if on { w.push(code2.clone()); }
                                            });
                                        } />
                                    {move || status_label(i18n.get_locale(), &label)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <p class="field-error" role="alert">{err("statuses".into())}</p>
                </fieldset>
            </section>
            <section class="card">
                <h2 class="text-lg font-semibold mb-1">{t!(i18n, set_fees)}</h2>
                <p class="text-sm text-muted mb-3">{t!(i18n, set_fees_intro)}</p>
                {fees.get_value().into_iter().map(|(status, text)| {
                    let id = format!("fee-{status}");
                    let label = status.clone();
                    view! {
                        <div class="flex flex-wrap items-center gap-3 mb-2">
                            <label class="w-56" for=id.clone()>{move || status_label(i18n.get_locale(), &label)}</label>
                            <span>"€"</span>
                            <input id=id class="input w-32 text-right" type="text" inputmode="decimal" prop:value=text
                                on:input=move |ev| text.set(event_target_value(&ev))
                                aria-invalid={let e = err(format!("fee:{status}")); move || e().is_some().to_string()} />
                            <p class="field-error" role="alert">{err(format!("fee:{status}"))}</p>
                        </div>
                    }
                }).collect_view()}
            </section>
            <section class="card">
                <h2 class="text-lg font-semibold mb-1">{t!(i18n, set_optimise)}</h2>
                <p class="text-sm text-muted mb-3">{t!(i18n, set_optimise_intro)}</p>
                <div class="field max-w-xs">
                    <label class="label" for="set-budget">{t!(i18n, set_budget)}</label>
                    <input id="set-budget" class="input" type="number" min="1" max="60" prop:value=budget
                        on:input=move |ev| budget.set(event_target_value(&ev))
                        aria-invalid=move || err("budget".into())().is_some().to_string() />
                    <p class="field-error" role="alert">{err("budget".into())}</p>
                </div>
                <fieldset class="mt-3">
                    <legend class="label">{t!(i18n, set_goal)}</legend>
                    <div class="flex flex-col gap-2">
                        {OptimiseGoal::ALL.into_iter().map(|g| view! {
                            <label class="choice">
                                <input type="radio" name="set-goal" value=g.as_str()
                                    prop:checked=move || goal.get() == g on:change=move |_| goal.set(g) />
                                <span>{move || match g {
                                    OptimiseGoal::Distance => t_string!(i18n, set_goal_distance),
                                    OptimiseGoal::Cost => t_string!(i18n, set_goal_cost),
                                }}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
            </section>
            <div class="flex flex-wrap gap-2 items-center">
                <button type="submit" id="set-save" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, ent_save)}</button>
                <p role="status">{move || saved.get().then(|| view! { <span class="badge badge-ok" data-testid="set-saved">{t!(i18n, ent_saved)}</span> })}</p>
                <p class="field-error" role="alert">
                    {move || errors.with(|e| e.get("form").cloned()).map(|c| form_error_text(i18n.get_locale(), &c))}
                </p>
            </div>
        </form>
    }
}
