//! The keyboard (and phone) way to move work: one dialog, opened from the
//! focused bar or card. A visit goes to a team at a place on its route (or
//! back to the unplanned list), with a reason on a published day; a person
//! goes into a team.

use super::{Moving, Plan};
use crate::api::planning::*;
use crate::i18n::*;
use entity::domain::Portal;
use entity::dto::TeamLaneDto;
use entity::paths;
use leptos::prelude::*;

#[component]
pub(super) fn MoveDialog(teams: StoredValue<Vec<TeamLaneDto>>) -> impl IntoView {
    let plan = expect_context::<Plan>();
    move || {
        plan.moving.get().map(|m| match m {
            Moving::Visit {
                visit,
                team,
                index,
                published,
            } => view! {
                <VisitDialog visit=visit team=team index=index published=published teams=teams />
            }
            .into_any(),
            Moving::Person { id, name } => {
                view! { <PersonDialog id=id name=name teams=teams /> }.into_any()
            }
        })
    }
}

#[component]
fn VisitDialog(
    visit: entity::dto::PlanVisitDto,
    team: Option<i32>,
    index: Option<usize>,
    published: bool,
    teams: StoredValue<Vec<TeamLaneDto>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let target = RwSignal::new(team);
    // Empty: at the end of the route.
    let position = RwSignal::new(index.map(|i| (i + 1).to_string()).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let missing_reason = RwSignal::new(false);
    let close = move || plan.moving.set(None);
    crate::components::dialog::focus_dialog();
    let (id, version, label, pinned) = (
        visit.id,
        visit.version,
        visit.order_number.clone(),
        visit.pinned,
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked();
        if published && why.trim().is_empty() {
            missing_reason.set(true);
            return;
        }
        let to = target.get_untracked();
        let at = position
            .get_untracked()
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(usize::MAX);
        let why = (!why.trim().is_empty()).then_some(why);
        let label = label.clone();
        plan.moving.set(None);
        leptos::task::spawn_local(async move {
            let r = planning_assign(id, version, to, at, why).await;
            plan.report(
                r,
                format!("{label} {}", td_string!(plan.locale(), plan_moved)),
            );
        });
    };
    let toggle_pin = move |_| {
        plan.moving.set(None);
        leptos::task::spawn_local(async move {
            let r = planning_pin(id, version, !pinned).await;
            plan.report(r, td_string!(plan.locale(), plan_pin_saved).to_owned());
        });
    };
    let choices = teams.with_value(|ts| {
        ts.iter()
            .map(|t| (Some(t.id), t.name.clone(), t.stops.len(), t.km))
            .collect::<Vec<_>>()
    });
    let order = visit.order_number.clone();
    view! {
        <div class="modal-backdrop" on:click=move |_| close()></div>
        <form class="modal" role="dialog" aria-modal="true" aria-labelledby="move-visit-title" novalidate on:submit=submit
            on:keydown=move |ev| if ev.key() == "Escape" { close() }>
            <h2 id="move-visit-title" class="dialog-header">{t!(i18n, plan_move_title)}" "{visit.order_number.clone()}</h2>
            <div class="dialog-body flex flex-col gap-3">
                <p class="text-sm">
                    {visit.customer.clone()}" · "{visit.city.clone()}" · "
                    <a class="underline" href=paths::order(Portal::Operations, &order)>{t!(i18n, plan_open_order)}</a>
                </p>
                <fieldset class="flex flex-col gap-1">
                    <legend class="label">{t!(i18n, plan_move_to)}</legend>
                    <div class="move-choices">
                        {std::iter::once((None, td_string!(i18n.get_locale_untracked(), plan_unplanned_option).to_owned(), 0, 0.0))
                            .chain(choices)
                            .enumerate()
                            .map(|(i, (tid, name, stops, km))| {
                                let detail = tid.map(|_| format!(" · {stops} · {km:.0} km")).unwrap_or_default();
                                view! {
                                    <label class="choice">
                                        <input type="radio" name="move-team" value=tid.map(|t| t.to_string()).unwrap_or_default()
                                            autofocus=tid == team || (i == 0 && team.is_none())
                                            prop:checked=move || target.get() == tid
                                            on:change=move |_| target.set(tid) />
                                        <span>{name}<span class="text-muted text-sm">{detail}</span></span>
                                    </label>
                                }
                            }).collect_view()}
                    </div>
                </fieldset>
                <div class="field" hidden=move || target.get().is_none()>
                    <label class="label" for="move-position">{t!(i18n, plan_position)}</label>
                    <input id="move-position" class="input" type="number" min="1" max="9" inputmode="numeric"
                        placeholder=move || t_string!(i18n, plan_position_end)
                        prop:value=move || position.get() on:input=move |ev| position.set(event_target_value(&ev)) />
                </div>
                {published.then(|| view! {
                    <div class="field">
                        <label class="label" for="move-reason">{t!(i18n, plan_reason)}</label>
                        <input id="move-reason" class="input" type="text" maxlength="200" required
                            aria-invalid=move || missing_reason.get().to_string()
                            aria-describedby="move-reason-error"
                            on:input=move |ev| reason.set(event_target_value(&ev)) />
                        <p id="move-reason-error" role="alert" class="field-error" hidden=move || !missing_reason.get()>
                            {t!(i18n, plan_reason_needed)}
                        </p>
                    </div>
                })}
                {team.map(|_| view! {
                    <button type="button" class="btn btn-secondary btn-sm self-start" aria-pressed=pinned.to_string() on:click=toggle_pin>
                        {if pinned { td_string!(plan.locale(), plan_unpin) } else { td_string!(plan.locale(), plan_pin) }}
                    </button>
                })}
            </div>
            <div class="dialog-footer">
                <button type="button" class="btn btn-secondary" on:click=move |_| close()>{t!(i18n, cancel_action)}</button>
                <button type="submit" class="btn btn-primary">{t!(i18n, move_btn)}</button>
            </div>
        </form>
    }
}

#[component]
fn PersonDialog(id: i32, name: String, teams: StoredValue<Vec<TeamLaneDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let close = move || plan.moving.set(None);
    crate::components::dialog::focus_dialog();
    let choices = teams.with_value(|ts| {
        ts.iter()
            .map(|t| (t.id, t.version, t.name.clone(), t.member_ids.len()))
            .collect::<Vec<_>>()
    });
    let empty = choices.is_empty();
    view! {
        <div class="modal-backdrop" on:click=move |_| close()></div>
        <div class="modal" role="dialog" aria-modal="true" aria-labelledby="move-person-title"
            on:keydown=move |ev| if ev.key() == "Escape" { close() }>
            <h2 id="move-person-title" class="dialog-header">{name.clone()}" "{t!(i18n, plan_add_to_lower)}</h2>
            <div class="dialog-body flex flex-col gap-2">
                {empty.then(|| view! { <p>{t!(i18n, plan_no_teams)}</p> })}
                {choices.into_iter().enumerate().map(|(i, (team, version, team_name, size))| {
                    let name = name.clone();
                    view! {
                        <button type="button" class="btn btn-secondary" autofocus=i == 0
                            on:click=move |_| {
                                plan.moving.set(None);
                                let name = name.clone();
                                leptos::task::spawn_local(async move {
                                    let r = planning_member(team, version, id, true).await;
                                    plan.report(r, format!("{name} {}", td_string!(plan.locale(), plan_added)));
                                });
                            }>
                            {format!("{team_name} ({size})")}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="dialog-footer">
                <button type="button" class="btn btn-secondary" on:click=move |_| close()>{t!(i18n, cancel_action)}</button>
            </div>
        </div>
    }
}
