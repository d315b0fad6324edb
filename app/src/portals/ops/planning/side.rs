//! The board's side: the people on the left, and on the right one panel
//! for the visits still to plan (with filters), the warnings grouped per
//! team, the chosen team, suggested teams and the optimiser's preview.

use super::{error_text, flag_text, start_drag, Drag, Moving, Plan, Tab};
use crate::api::planning::*;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::planning::{flags_of, Flag};
use entity::domain::time::clock as hhmm;
use entity::domain::Portal;
use entity::dto::{PersonDto, PlanPreviewDto, PlanVisitDto, PlanningDayDto, TeamLaneDto};
use entity::paths;
use leptos::prelude::*;
use std::collections::HashMap;

/// The people of the day: drag one onto a lane, or "+" for the dialog.
#[component]
pub(super) fn Pool(people: Vec<PersonDto>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let free = people
        .iter()
        .filter(|p| p.absent.is_none() && p.team_ids.is_empty())
        .count();
    view! {
        <section class="dispatch-pool card-flat" aria-labelledby="h-pool">
            <h2 id="h-pool" class="dispatch-h">{t!(i18n, plan_pool)}" "<span class="text-muted font-normal">{format!("{free}/{}", people.len())}</span></h2>
            <ul role="list" class="dispatch-scroll" tabindex="0" aria-labelledby="h-pool">
                {people.into_iter().map(|p| {
                    let absent = p.absent.clone();
                    let busy = !p.team_ids.is_empty();
                    let drag = start_drag(plan, Drag::Person { id: p.id, label: p.name.clone() });
                    let (id, name) = (p.id, p.name.clone());
                    view! {
                        <li class="plan-person" data-person=p.id data-absent=absent.is_some().to_string() data-busy=busy.to_string()
                            on:pointerdown=move |ev| if absent.is_none() { drag(ev) }>
                            <div class="flex items-center gap-1">
                                {p.absent.is_none().then(|| view! { <span class="card-grip" aria-hidden="true">"⠿"</span> })}
                                <span class="grow truncate font-medium">{p.name.clone()}</span>
                                <span class="text-xs text-muted" title=move || t_string!(i18n, plan_week_hours)>
                                    {format!("{}/{}u", p.week_min / 60, p.contract_min / 60)}
                                </span>
                                {p.absent.is_none().then(|| {
                                    let name = name.clone();
                                    view! {
                                        <button type="button" class="chip-x" aria-label=format!("{} {}", td_string!(plan.locale(), plan_add_to), p.name)
                                            on:click=move |_| plan.moving.set(Some(Moving::Person { id, name: name.clone() }))>"+"</button>
                                    }
                                })}
                            </div>
                            <div class="text-xs text-muted truncate">{p.skills.join(" · ")}</div>
                            {p.absent.clone().map(|a| view! { <div class="text-xs text-muted">{t!(i18n, plan_absent)}": "{a}</div> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The right-hand panel and the buttons that switch it.
#[component]
pub(super) fn Panel(d: PlanningDayDto, teams: StoredValue<Vec<TeamLaneDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let flags = d.flags.len();
    let unplanned = d.unassigned.len();
    let tab = move |which: Tab, label: String| {
        view! {
            <button type="button" class="dispatch-tab" aria-pressed=move || (plan.tab.get() == which).to_string()
                aria-controls="dispatch-panel" data-tab=format!("{which:?}").to_lowercase()
                on:click=move |_| plan.tab.set(which)>
                {label}
            </button>
        }
    };
    let d2 = d.clone();
    let d3 = d.clone();
    view! {
        <section class="dispatch-panel card-flat" aria-labelledby="h-panel">
            <h2 id="h-panel" class="sr-only">{t!(i18n, plan_side)}</h2>
            <div class="dispatch-tabs">
                {tab(Tab::Unplanned, format!("{} ({unplanned})", td_string!(plan.locale(), plan_unplanned)))}
                {tab(Tab::Warnings, format!("⚠ {} ({flags})", td_string!(plan.locale(), plan_flags)))}
                {move || plan.focus.get().map(|_| tab(Tab::Team, td_string!(plan.locale(), plan_team_tab).to_owned()))}
                {move || (plan.preview.with(Option::is_some) || plan.solving.with(Option::is_some))
                    .then(|| tab(Tab::Preview, td_string!(plan.locale(), plan_preview_tab).to_owned()))}
            </div>
            <div id="dispatch-panel" class="dispatch-scroll dispatch-body" tabindex="0" aria-labelledby="h-panel">
                {move || match plan.tab.get() {
                    Tab::Unplanned => view! { <Unplanned visits=d.unassigned.clone() /> }.into_any(),
                    Tab::Warnings => view! { <Warnings d=d.clone() /> }.into_any(),
                    Tab::Team => view! { <TeamDetail teams=teams people=d.people.clone() flags=d.flags.clone() /> }.into_any(),
                    Tab::Suggest => view! { <Suggestions d=d2.clone() /> }.into_any(),
                    Tab::Preview => view! { <Solving /><Preview d=d3.clone() /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// Visits waiting for a team (this day's and the week ahead's), filtered
/// by region, by what the team must be able to do, and by text.
#[component]
fn Unplanned(visits: Vec<PlanVisitDto>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let region = RwSignal::new(String::new());
    let skill = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let mut regions: Vec<String> = visits.iter().filter_map(|v| v.region.clone()).collect();
    regions.sort();
    regions.dedup();
    let mut skills: Vec<String> = visits.iter().flat_map(|v| v.skills.clone()).collect();
    skills.sort();
    skills.dedup();
    let visits = StoredValue::new(visits);
    view! {
        <div class="plan-unplanned" data-lane="none" data-dragging=move || plan.dragging.with(Option::is_some).to_string()>
            <div class="flex flex-wrap gap-1 mb-2">
                <select class="input input-sm" aria-label=move || t_string!(i18n, region_label) on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, all_regions)}</option>
                    {regions.into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                </select>
                <select class="input input-sm" aria-label=move || t_string!(i18n, plan_skill_filter) on:change=move |ev| skill.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, plan_all_skills)}</option>
                    {skills.into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                </select>
                <input class="input input-sm grow" type="search" aria-label=move || t_string!(i18n, plan_search)
                    placeholder=move || t_string!(i18n, plan_search) on:input=move |ev| text.set(event_target_value(&ev).to_lowercase()) />
            </div>
            <ul role="list" class="flex flex-col gap-1">
                {move || {
                    let (r, s, q) = (region.get(), skill.get(), text.get());
                    visits.with_value(|vs| vs.iter().filter(|v| {
                        (r.is_empty() || v.region.as_deref() == Some(r.as_str()))
                            && (s.is_empty() || v.skills.contains(&s))
                            && (q.is_empty()
                                || v.order_number.to_lowercase().contains(&q)
                                || v.city.to_lowercase().contains(&q)
                                || v.customer.to_lowercase().contains(&q))
                    }).cloned().collect::<Vec<_>>())
                        .into_iter()
                        .map(|v| view! { <VisitCard v=v /> })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

#[component]
fn VisitCard(v: PlanVisitDto) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let drag = start_drag(plan, Drag::visit(&v));
    let moving = Moving::Visit {
        visit: v.clone(),
        team: None,
        index: None,
        published: false,
    };
    view! {
        <li class="plan-stop" id=format!("visit-{}", v.id) data-visit=v.id data-order=v.order_number.clone() on:pointerdown=drag>
            <div class="flex items-center gap-1">
                <span class="card-grip" aria-hidden="true">"⠿"</span>
                <a class="font-semibold grow text-sm" href=paths::order(Portal::Operations, &v.order_number)>{v.order_number.clone()}</a>
                {v.region.clone().map(|r| view! { <span class="badge">{r}</span> })}
                <button type="button" class="btn btn-secondary btn-xs" aria-label=format!("{} {}", td_string!(plan.locale(), plan_plan_in), v.order_number)
                    on:click=move |_| plan.moving.set(Some(moving.clone()))>
                    {t!(i18n, plan_plan_in)}
                </button>
            </div>
            <div class="text-xs">{v.customer.clone()}" · "{v.city.clone()}</div>
            <div class="text-xs text-muted">
                {format!("{} {}–{} · {} min", td_string!(plan.locale(), plan_window), hhmm(v.window_start_min), hhmm(v.window_end_min), v.duration_min)}
                {(!v.skills.is_empty()).then(|| format!(" · {}", v.skills.join(", ")))}
            </div>
            {(!v.periods.is_empty()).then(|| {
                let l = i18n.get_locale();
                let list = v.periods.iter().map(|p| crate::components::format::period_label(l, p)).collect::<Vec<_>>().join(", ");
                view! { <div class="text-xs" data-testid="visit-periods">{t!(i18n, plan_prefers)}": "{list}</div> }
            })}
        </li>
    }
}

/// A team by id and name.
type TeamRef = (i32, String);

/// Every warning of the day, grouped per team (people in two teams first).
#[component]
fn Warnings(d: PlanningDayDto) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    if d.flags.is_empty() {
        return view! { <p class="text-sm text-muted">{t!(i18n, plan_no_flags)}</p> }.into_any();
    }
    let mut groups: Vec<(Option<TeamRef>, Vec<Flag>)> = Vec::new();
    let day: Vec<Flag> = d
        .flags
        .iter()
        .filter(|f| f.team().is_none())
        .cloned()
        .collect();
    if !day.is_empty() {
        groups.push((None, day));
    }
    for t in &d.teams {
        let own: Vec<Flag> = flags_of(&d.flags, &t.name).cloned().collect();
        if !own.is_empty() {
            groups.push((Some((t.id, t.name.clone())), own));
        }
    }
    view! {
        <div data-testid="flags" class="flex flex-col gap-3">
            {groups.into_iter().map(|(team, flags)| {
                let lit = team.as_ref().map(|t| t.0);
                view! {
                    <section data-flags-team=lit.map(|t| t.to_string()).unwrap_or_default()
                        data-focus=move || lit.is_some_and(|t| plan.lit(t)).to_string()>
                        <h3 class="font-semibold text-sm">
                            {match team {
                                Some((id, name)) => view! {
                                    <button type="button" class="tl-name" on:click=move |_| plan.choose(id)>{name}</button>
                                }.into_any(),
                                None => view! { <span>{t!(i18n, plan_day_flags)}</span> }.into_any(),
                            }}
                        </h3>
                        <ul class="text-sm flex flex-col gap-1">
                            {flags.into_iter().map(|f| {
                                let class = if f.blocks_publishing() { "flag flag-block" } else { "flag" };
                                view! { <li class=class>{move || flag_text(i18n.get_locale(), &f)}</li> }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// The chosen team: people (removable), skills, and every stop in detail
/// with its "move" button.
#[component]
fn TeamDetail(
    teams: StoredValue<Vec<TeamLaneDto>>,
    people: Vec<PersonDto>,
    flags: Vec<Flag>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let names: HashMap<i32, String> = people.iter().map(|p| (p.id, p.name.clone())).collect();
    move || {
        let team = plan.focus.get()?;
        let t = teams.with_value(|ts| ts.iter().find(|t| t.id == team).cloned())?;
        let own: Vec<Flag> = flags_of(&flags, &t.name).cloned().collect();
        let (version, published) = (t.version, t.published);
        Some(view! {
            <div data-testid="team-detail" data-team=team class="flex flex-col gap-2">
                <h3 class="font-semibold">{t.name.clone()}</h3>
                <p class="text-xs text-muted">
                    {format!("{}–{} · {:.0} km · {} min {} · {} {}", hhmm(t.shift_start_min), hhmm(t.shift_end_min), t.km, t.drive_min,
                        td_string!(plan.locale(), plan_drive), td_string!(plan.locale(), plan_back), hhmm(t.back_min))}
                </p>
                <ul role="list" class="flex flex-wrap gap-1" aria-label=move || t_string!(i18n, plan_members)>
                    {t.member_ids.iter().map(|id| {
                        let id = *id;
                        let name = names.get(&id).cloned().unwrap_or_default();
                        let label = name.clone();
                        let remove = move |_| {
                            let label = label.clone();
                            leptos::task::spawn_local(async move {
                                let r = planning_member(team, version, id, false).await;
                                plan.report(r, format!("{label} {}", td_string!(plan.locale(), plan_removed)));
                            });
                        };
                        view! {
                            <li class="badge badge-info plan-member">
                                {name.clone()}
                                <button type="button" class="chip-x" aria-label=format!("{} {}", t_string!(i18n, plan_remove), name) on:click=remove>"×"</button>
                            </li>
                        }
                    }).collect_view()}
                    {t.skills.iter().map(|s| view! { <li class="badge">{s.clone()}</li> }).collect_view()}
                </ul>
                {(!own.is_empty()).then(|| view! {
                    <ul class="text-sm flex flex-col gap-1">
                        {own.into_iter().map(|f| {
                            let class = if f.blocks_publishing() { "flag flag-block" } else { "flag" };
                            view! { <li class=class>{move || flag_text(i18n.get_locale(), &f)}</li> }
                        }).collect_view()}
                    </ul>
                })}
                <ol class="flex flex-col gap-1">
                    {t.stops.iter().enumerate().map(|(i, s)| {
                        let v = s.visit.clone();
                        let late = s.timing.late_min;
                        let moving = Moving::Visit { visit: v.clone(), team: Some(team), index: Some(i), published };
                        view! {
                            <li class="plan-stop" data-stop=i data-order=v.order_number.clone() data-late=(late > 0).to_string()>
                                <div class="flex items-center gap-1">
                                    <span class="plan-seq">{i + 1}</span>
                                    <a class="font-semibold grow text-sm" href=paths::order(Portal::Operations, &v.order_number)>{v.order_number.clone()}</a>
                                    {v.pinned.then(|| view! { <span class="badge">{t!(i18n, plan_pinned)}</span> })}
                                    <button type="button" class="btn btn-secondary btn-xs" aria-label=format!("{} {}", t_string!(i18n, move_btn), v.order_number)
                                        on:click=move |_| plan.moving.set(Some(moving.clone()))>{t!(i18n, move_btn)}</button>
                                </div>
                                <div class="text-xs">{v.customer.clone()}" · "{v.city.clone()}</div>
                                <div class="text-xs text-muted" data-testid="eta">
                                    {format!("{} {} · {} {}–{} · {} min {} · {} min {}", t_string!(i18n, plan_eta), hhmm(s.timing.arrive_min),
                                        t_string!(i18n, plan_window), hhmm(v.window_start_min), hhmm(v.window_end_min),
                                        s.travel_min, t_string!(i18n, plan_drive), s.timing.wait_min, t_string!(i18n, plan_wait))}
                                </div>
                                {(late > 0).then(|| view! { <span class="badge badge-danger">{format!("{late} min {}", t_string!(i18n, plan_late_word))}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </div>
        })
    }
}

#[component]
fn Solving() -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    move || {
        plan.solving.get().map(|token| {
            let stop = move |_| {
                let token = token.clone();
                leptos::task::spawn_local(async move {
                    let _ = planning_cancel(token).await;
                });
            };
            // Once a first plan is shown, the search goes on for a better one.
            let interim = move || plan.preview.with(Option::is_some);
            view! {
                <div class="flex flex-wrap items-center gap-3" role="status" data-testid="solving"
                    data-interim=move || interim().to_string()>
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{move || if interim() { t_string!(i18n, plan_solving_better) } else { t_string!(i18n, plan_solving) }}</span>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=stop>{t!(i18n, plan_cancel)}</button>
                </div>
            }
        })
    }
}

/// "before → after" (and a unit), with the direction marked: better,
/// worse or equal.
fn change(before: f64, after: f64, digits: usize, unit: &'static str) -> impl IntoView {
    let class = if after < before - 0.05 {
        "diff-better"
    } else if after > before + 0.05 {
        "diff-worse"
    } else {
        "diff-same"
    };
    view! { <span class=class>{format!("{before:.digits$} → {after:.digits$}{unit}")}</span> }
}

/// The optimiser's proposal against today's plan: per team km, overtime,
/// late arrivals and visits, then the visits that change team and the
/// ones it could not place, and "apply" or "discard".
#[component]
fn Preview(d: PlanningDayDto) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    // Order numbers of every visit the plan may name: planned or not.
    let numbers: HashMap<i32, String> = d
        .teams
        .iter()
        .flat_map(|t| t.stops.iter().map(|s| &s.visit))
        .chain(d.unassigned.iter())
        .map(|v| (v.id, v.order_number.clone()))
        .collect();
    let numbers = StoredValue::new(numbers);
    let order_of = move |id: i32| -> String {
        numbers
            .with_value(|n| n.get(&id).cloned())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let apply = Action::new(move |p: &PlanPreviewDto| {
        let p = p.clone();
        async move {
            // A plan applied while the search goes on ends the search.
            plan.stop_solving();
            let r = planning_apply(p).await;
            plan.preview.set(None);
            plan.tab.set(Tab::Unplanned);
            plan.report(r, td_string!(plan.locale(), plan_applied).to_owned());
        }
    });
    move || {
        plan.preview.get().map(|p| {
            let for_apply = p.clone();
            // Which team each visit is on before and after.
            let mut before: HashMap<i32, String> = HashMap::new();
            let mut after: HashMap<i32, String> = HashMap::new();
            for t in &p.teams {
                for v in &t.before_visits {
                    before.insert(*v, t.name.clone());
                }
                for v in &t.after_visits {
                    after.insert(*v, t.name.clone());
                }
            }
            let unplanned = td_string!(plan.locale(), plan_unplanned_option).to_owned();
            let mut moved: Vec<(String, String, String)> = after
                .iter()
                .filter(|(v, t)| before.get(v) != Some(*t))
                .map(|(v, t)| (order_of(*v), before.get(v).cloned().unwrap_or_else(|| unplanned.clone()), t.clone()))
                .chain(before.iter().filter(|(v, _)| !after.contains_key(v)).map(|(v, t)| (order_of(*v), t.clone(), unplanned.clone())))
                .collect();
            moved.sort();
            let (late_b, late_a): (u32, u32) = (p.teams.iter().map(|t| t.before_late).sum(), p.teams.iter().map(|t| t.after_late).sum());
            let (over_b, over_a): (i32, i32) = (p.teams.iter().map(|t| t.before_overtime_min).sum(), p.teams.iter().map(|t| t.after_overtime_min).sum());
            view! {
                <section aria-labelledby="h-preview" data-testid="preview" class="flex flex-col gap-2">
                    <h3 id="h-preview" class="font-semibold">{t!(i18n, plan_preview)}</h3>
                    <dl class="preview-totals" data-testid="preview-totals">
                        <div><dt>"km"</dt><dd>{change(p.before_km, p.after_km, 0, "")}</dd></div>
                        <div><dt>{t!(i18n, plan_overtime_col)}</dt><dd>{change(f64::from(over_b), f64::from(over_a), 0, " min")}</dd></div>
                        <div><dt>{t!(i18n, plan_late)}</dt><dd>{change(f64::from(late_b), f64::from(late_a), 0, "")}</dd></div>
                        <div><dt>{t!(i18n, plan_unplanned)}</dt><dd>{change(f64::from(p.before_unplanned), p.unplanned.len() as f64, 0, "")}</dd></div>
                    </dl>
                    <p class="text-xs text-muted">{format!("{} ms", p.solve_ms)}</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-preview"><table class="table table-compact">
                        <thead><tr>
                            <th scope="col">{t!(i18n, col_team)}</th>
                            <th scope="col" class="text-right">"km"</th>
                            <th scope="col" class="text-right">{t!(i18n, plan_overtime_col)}</th>
                            <th scope="col" class="text-right">{t!(i18n, plan_late)}</th>
                        </tr></thead>
                        <tbody>
                            {p.teams.iter().map(|t| view! {
                                <tr data-preview-team=t.team_id>
                                    <td>
                                        <span class="font-semibold">{t.name.clone()}</span>
                                        <span class="block text-xs" data-testid="route">{t.after_visits.iter().map(|v| order_of(*v)).collect::<Vec<_>>().join(" → ")}</span>
                                    </td>
                                    <td class="text-right whitespace-nowrap">{change(t.before_km, t.after_km, 0, "")}</td>
                                    <td class="text-right whitespace-nowrap">{change(f64::from(t.before_overtime_min), f64::from(t.after_overtime_min), 0, " min")}</td>
                                    <td class="text-right whitespace-nowrap">{change(f64::from(t.before_late), f64::from(t.after_late), 0, "")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    {(!moved.is_empty()).then(|| view! {
                        <details data-testid="team-changes" open>
                            <summary class="font-semibold text-sm">{t!(i18n, plan_team_changes)}" ("{moved.len()}")"</summary>
                            <ul class="text-xs">
                                {moved.into_iter().map(|(o, from, to)| view! { <li>{format!("{o}: {from} → {to}")}</li> }).collect_view()}
                            </ul>
                        </details>
                    })}
                    {(!p.unplanned.is_empty()).then(|| view! {
                        <details data-testid="left-over">
                            <summary class="font-semibold text-sm">{t!(i18n, plan_left_over)}" ("{p.unplanned.len()}")"</summary>
                            <ul class="text-xs">
                                {p.unplanned.iter().map(|u| view! { <li>{u.order_number.clone()}": "{u.reason.clone()}</li> }).collect_view()}
                            </ul>
                        </details>
                    })}
                    <div class="flex gap-2">
                        <button type="button" class="btn btn-primary btn-sm" disabled=move || apply.pending().get()
                            on:click=move |_| { apply.dispatch(for_apply.clone()); }>{t!(i18n, plan_apply)}</button>
                        <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| { plan.stop_solving(); plan.preview.set(None); plan.tab.set(Tab::Unplanned); }>{t!(i18n, plan_discard)}</button>
                    </div>
                </section>
            }
        })
    }
}

/// Saved line-ups: lay one over an empty day, or save the day's teams.
#[component]
pub(super) fn Templates(date: String, has_teams: bool) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    // Loaded in the browser after hydration: the first paint (server and
    // browser alike) has no list, so both render the same.
    let list = RwSignal::new(Vec::<entity::dto::TeamTemplateDto>::new());
    let load = move || {
        leptos::task::spawn_local(async move {
            if let Ok(l) = planning_templates().await {
                list.set(l);
            }
        })
    };
    Effect::new(move |_| load());
    let chosen = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let naming = RwSignal::new(false);
    let d1 = date.clone();
    let apply = Action::new(move |id: &i32| {
        let (id, date) = (*id, d1.clone());
        async move {
            let locale = plan.locale();
            match planning_apply_template(id, date).await {
                Ok((teams, left_out)) => {
                    let mut text = format!("{teams} {}", td_string!(locale, plan_template_applied));
                    if !left_out.is_empty() {
                        text.push_str(&format!(
                            " {} {}",
                            td_string!(locale, plan_template_left_out),
                            left_out.join(", ")
                        ));
                    }
                    plan.notice.set(Some((true, text)));
                }
                Err(AppError::Conflict(c)) if c == "has_teams" => plan
                    .notice
                    .set(Some((false, td_string!(locale, plan_has_teams).to_owned()))),
                Err(e) => plan.notice.set(Some((false, error_text(locale, &e)))),
            }
            plan.reload();
        }
    });
    let d2 = date.clone();
    let save = Action::new(move |n: &String| {
        let (n, date) = (n.clone(), d2.clone());
        async move {
            let r = planning_save_template(date, n).await.map(|_| ());
            if r.is_ok() {
                naming.set(false);
                name.set(String::new());
                load();
            }
            plan.report(r, td_string!(plan.locale(), plan_template_saved).to_owned());
        }
    });
    view! {
        {move || {
            let templates = list.get();
            if has_teams {
                view! {
                    <Show when=move || naming.get() fallback=move || view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| naming.set(true)>
                            {t!(i18n, plan_template_save)}
                        </button>
                    }>
                        <form class="flex items-end gap-2" on:submit=move |ev| { ev.prevent_default(); save.dispatch(name.get_untracked()); }>
                            <div class="field">
                                <label class="label" for="template-name">{t!(i18n, plan_template_name)}</label>
                                <input id="template-name" class="input" type="text" maxlength="60" required
                                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, plan_template_store)}</button>
                        </form>
                    </Show>
                }.into_any()
            } else if templates.is_empty() {
                ().into_any()
            } else {
                view! {
                    <div class="field">
                        <label class="label" for="template-pick">{t!(i18n, plan_template)}</label>
                        <select id="template-pick" class="input" prop:value=chosen
                            on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">"…"</option>
                            {templates.iter().map(|t| view! {
                                <option value=t.id.to_string()>{format!("{} ({} teams)", t.name, t.teams.len())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="btn btn-secondary"
                        disabled=move || chosen.get().is_empty() || apply.pending().get()
                        on:click=move |_| { if let Ok(id) = chosen.get_untracked().parse() { apply.dispatch(id); } }>
                        {t!(i18n, plan_template_apply)}
                    </button>
                }.into_any()
            }
        }}
    }
}

/// "Stel teams voor": teams of free people that cover the day's skills
/// (the same rule the server tests, `PlanningDayDto::team_suggestions`).
#[component]
fn Suggestions(d: PlanningDayDto) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let (suggested, missing) = d.team_suggestions();
    let names: std::collections::HashMap<i32, String> =
        d.people.iter().map(|p| (p.id, p.name.clone())).collect();
    let date = d.date.clone();
    let take = Action::new(move |teams: &Vec<Vec<i32>>| {
        let (teams, date) = (teams.clone(), date.clone());
        async move {
            let mut result = Ok(());
            for members in teams {
                if let Err(e) = planning_team_of(date.clone(), members).await {
                    result = Err(e);
                    break;
                }
            }
            plan.tab.set(Tab::Unplanned);
            plan.report(
                result,
                td_string!(plan.locale(), plan_suggested_taken).to_owned(),
            );
        }
    });
    let all: Vec<Vec<i32>> = suggested.iter().map(|s| s.member_ids.clone()).collect();
    let nothing = suggested.is_empty() && missing.is_empty();
    view! {
        <section id="suggest-list" aria-labelledby="h-suggest" data-testid="suggestions">
            <h3 id="h-suggest" class="font-semibold">{t!(i18n, plan_suggest_title)}</h3>
            <div>
                {nothing.then(|| view! { <p class="text-muted">{t!(i18n, plan_suggest_none)}</p> })}
                {(!missing.is_empty()).then(|| view! {
                    <p class="badge badge-warn mb-2">{t!(i18n, plan_suggest_missing)}" "{missing.join(", ")}</p>
                })}
                <ul class="flex flex-col gap-2 my-2">
                    {suggested.iter().map(|s| {
                        let members = s.member_ids.clone();
                        let who: Vec<String> = s.member_ids.iter().filter_map(|id| names.get(id).cloned()).collect();
                        let key: Vec<String> = s.member_ids.iter().map(i32::to_string).collect();
                        view! {
                            <li class="flex flex-wrap items-center gap-2" data-suggestion=key.join(",")>
                                <span class="font-medium">{who.join(" + ")}</span>
                                <span class="text-sm text-muted">{s.skills.join(", ")}</span>
                                <button type="button" class="btn btn-secondary btn-sm" disabled=move || take.pending().get()
                                    on:click=move |_| { take.dispatch(vec![members.clone()]); }>
                                    {t!(i18n, plan_suggest_take)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(!all.is_empty()).then(|| view! {
                    <button type="button" class="btn btn-primary btn-sm" disabled=move || take.pending().get()
                        on:click=move |_| { take.dispatch(all.clone()); }>
                        {t!(i18n, plan_suggest_take_all)}
                    </button>
                })}
            </div>
        </section>
    }
}
