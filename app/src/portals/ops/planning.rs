//! The route-planning board (002 "Route Planning Interface"): one day at a
//! time. People are dragged into team lanes, visits onto lanes at any
//! position; every drag has a keyboard alternative (the "Verplaatsen" and
//! "Toevoegen aan" controls). "Optimaliseren" shows a preview that the
//! planner applies or throws away; "Publiceren" makes the day final. Other
//! planners' changes arrive by server push and reload the day.

use crate::api::planning::*;
use crate::components::drag::{element_at, may_start, track_pointer, DragGhost};
use crate::components::live::live_events;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::planning::Flag;
use entity::domain::Portal;
use entity::dto::{
    PersonDto, PlanPreviewDto, PlanStopDto, PlanVisitDto, PlanningDayDto, TeamLaneDto,
};
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use entity::domain::time::clock as hhmm;

/// What is being dragged.
#[derive(Clone, Debug, PartialEq)]
enum Drag {
    Visit {
        id: i32,
        version: i32,
        label: String,
    },
    Person {
        id: i32,
        label: String,
    },
}

/// The board's shared state.
#[derive(Clone, Copy)]
struct Plan {
    tick: RwSignal<u32>,
    date: RwSignal<String>,
    dragging: RwSignal<Option<Drag>>,
    pointer: RwSignal<(i32, i32)>,
    notice: RwSignal<Option<(bool, String)>>,
    preview: RwSignal<Option<PlanPreviewDto>>,
    solving: RwSignal<Option<String>>,
    /// The page's language, readable from tasks (which have no context).
    locale: RwSignal<Locale>,
    runs: StoredValue<u32>,
}

impl Plan {
    fn reload(&self) {
        self.tick.update(|t| *t += 1);
    }

    fn report(&self, result: Result<(), AppError>, done: String) {
        match result {
            Ok(()) => self.notice.set(Some((true, done))),
            Err(e) => self
                .notice
                .set(Some((false, error_text(self.locale.get_untracked(), &e)))),
        }
        self.reload();
    }

    fn locale(&self) -> Locale {
        self.locale.get_untracked()
    }
}

fn error_text(locale: Locale, e: &AppError) -> String {
    match e {
        AppError::Stale => td_string!(locale, plan_stale),
        AppError::Forbidden => td_string!(locale, plan_forbidden),
        AppError::Conflict(c) if c == "flags" => td_string!(locale, plan_flags_block),
        AppError::Conflict(c) if c == "in_team" => td_string!(locale, plan_in_team),
        _ => td_string!(locale, error_generic),
    }
    .to_owned()
}

fn flag_text(locale: Locale, f: &Flag) -> String {
    match (locale, f) {
        (Locale::nl, Flag::TeamSize { team, size }) => {
            format!("{team}: {size} personen (2–3 nodig)")
        }
        (_, Flag::TeamSize { team, size }) => format!("{team}: {size} people (2–3 needed)"),
        (Locale::nl, Flag::DoubleBooked { person, teams }) => {
            format!("{person} staat in {}", teams.join(" en "))
        }
        (_, Flag::DoubleBooked { person, teams }) => {
            format!("{person} is in {}", teams.join(" and "))
        }
        (
            Locale::nl,
            Flag::Absent {
                person,
                team,
                reason,
            },
        ) => format!("{person} ({team}) is afwezig: {reason}"),
        (
            _,
            Flag::Absent {
                person,
                team,
                reason,
            },
        ) => format!("{person} ({team}) is away: {reason}"),
        (
            Locale::nl,
            Flag::SkillGap {
                team,
                order,
                skills,
            },
        ) => format!("{team} mist {} voor {order}", skills.join(", ")),
        (
            _,
            Flag::SkillGap {
                team,
                order,
                skills,
            },
        ) => format!("{team} lacks {} for {order}", skills.join(", ")),
        (
            Locale::nl,
            Flag::Late {
                team,
                order,
                minutes,
            },
        ) => format!("{team} komt {minutes} min te laat bij {order}"),
        (
            _,
            Flag::Late {
                team,
                order,
                minutes,
            },
        ) => format!("{team} is {minutes} min late at {order}"),
        (Locale::nl, Flag::Overtime { team, minutes }) => {
            format!("{team} maakt {minutes} min overuren")
        }
        (_, Flag::Overtime { team, minutes }) => format!("{team} works {minutes} min overtime"),
        (Locale::nl, Flag::Workload { team, visits }) => {
            format!("{team} heeft {visits} installaties (2–3 per dag)")
        }
        (_, Flag::Workload { team, visits }) => {
            format!("{team} has {visits} installations (2–3 a day)")
        }
    }
}

#[component]
pub fn PlanningPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let plan = Plan {
        tick: RwSignal::new(0),
        date: RwSignal::new(String::new()),
        dragging: RwSignal::new(None),
        pointer: RwSignal::new((0, 0)),
        notice: RwSignal::new(None),
        preview: RwSignal::new(None),
        solving: RwSignal::new(None),
        locale: RwSignal::new(i18n.get_locale_untracked()),
        runs: StoredValue::new(0),
    };
    Effect::new(move |_| plan.locale.set(i18n.get_locale()));
    provide_context(plan);
    let data = Resource::new(
        move || {
            (
                query.read().get("datum").unwrap_or_default(),
                plan.tick.get(),
            )
        },
        |(date, _)| planning_day(date),
    );
    live_updates(plan);
    pointer_tracking(plan);
    view! {
        <PageTitle text=move || t_string!(i18n, nav.planning).to_string() />
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        // Only on a new day: the live connection follows
                        // the date, and reopening it could miss a change.
                        if plan.date.get_untracked() != d.date {
                            plan.date.set(d.date.clone());
                        }
                        view! { <Board d=d /> }.into_any()
                    }
                    Err(_) => view! { <p role="alert">{t!(i18n, error_generic)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <DragGhost label=Signal::derive(move || plan.dragging.get().map(|d| match d {
            Drag::Visit { label, .. } | Drag::Person { label, .. } => label,
        })) pointer=plan.pointer />
    }
}

/// Reloads the day when any planner changes it (server-sent events).
fn live_updates(plan: Plan) {
    live_events(
        move || {
            let date = plan.date.get();
            (!date.is_empty()).then(|| paths::api::planning_events(&date))
        },
        &["day"],
        move || plan.reload(),
    );
}

/// Where on the board a point is: a team lane (and the stop index under
/// it), or the unplanned list.
fn drop_target(x: i32, y: i32) -> Option<(Option<i32>, Option<usize>)> {
    let lane = element_at(x, y, "[data-lane]")?;
    let team = lane.get_attribute("data-lane")?.parse::<i32>().ok();
    let index = element_at(x, y, "[data-stop]")
        .and_then(|s| s.get_attribute("data-stop"))
        .and_then(|i| i.parse::<usize>().ok());
    Some((team, index))
}

/// Follows the pointer while a visit or a person is dragged, and moves it
/// to the lane (and position) under the pointer on release.
fn pointer_tracking(plan: Plan) {
    track_pointer(plan.dragging, plan.pointer, None, move |drag, x, y| {
        let Some((team, index)) = drop_target(x, y) else {
            return;
        };
        let locale = plan.locale();
        match drag {
            Drag::Visit { id, version, label } => {
                let position = index.map_or(usize::MAX, |i| i + 1);
                leptos::task::spawn_local(async move {
                    let r = planning_assign(id, version, team, position, None).await;
                    plan.report(r, format!("{label} {}", td_string!(locale, plan_moved)));
                });
            }
            Drag::Person { id, label } => {
                let Some(team) = team else { return };
                let version = team_version(team);
                leptos::task::spawn_local(async move {
                    let r = planning_member(team, version, id, true).await;
                    plan.report(r, format!("{label} {}", td_string!(locale, plan_added)));
                });
            }
        }
    });
}

/// The version of a team as shown (each lane carries it).
fn team_version(team: i32) -> i32 {
    document()
        .query_selector(&format!("[data-lane=\"{team}\"]"))
        .ok()
        .flatten()
        .and_then(|el| el.get_attribute("data-version"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Starts a drag from a grip (mouse anywhere on the card, touch on the grip).
fn start_drag(plan: Plan, drag: Drag) -> impl Fn(leptos::ev::PointerEvent) + Copy + 'static {
    let drag = StoredValue::new(drag);
    move |ev: leptos::ev::PointerEvent| {
        if !may_start(&ev) {
            return;
        }
        ev.prevent_default();
        plan.pointer.set((ev.client_x(), ev.client_y()));
        plan.dragging.set(Some(drag.get_value()));
    }
}

#[component]
fn Board(d: PlanningDayDto) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let navigate = use_navigate();
    let date = d.date.clone();
    let people = StoredValue::new(d.people.clone());
    let teams = StoredValue::new(d.teams.clone());
    let new_team = Action::new(move |date: &String| {
        let date = date.clone();
        async move {
            let r = planning_new_team(date).await.map(|_| ());
            plan.report(r, td_string!(plan.locale(), plan_team_added).to_owned());
        }
    });
    let copy_previous = Action::new(move |date: &String| {
        let date = date.clone();
        async move {
            let locale = plan.locale();
            match planning_copy_previous(date).await {
                Ok(n) => plan.notice.set(Some((
                    true,
                    format!("{n} {}", td_string!(locale, plan_copied)),
                ))),
                Err(AppError::NotFound) => plan.notice.set(Some((
                    false,
                    td_string!(locale, plan_nothing_to_copy).to_owned(),
                ))),
                Err(AppError::Conflict(c)) if c == "has_teams" => plan
                    .notice
                    .set(Some((false, td_string!(locale, plan_has_teams).to_owned()))),
                Err(e) => plan.notice.set(Some((false, error_text(locale, &e)))),
            }
            plan.reload();
        }
    });
    // Teams to optimise; none chosen means every team.
    let only = RwSignal::new(Vec::<i32>::new());
    let optimise = move |date: String| {
        plan.runs.update_value(|n| *n += 1);
        let token = format!("{}-{}", date, plan.runs.get_value());
        plan.solving.set(Some(token.clone()));
        plan.preview.set(None);
        let ids = only.get_untracked();
        leptos::task::spawn_local(async move {
            let r = planning_optimise(date, (!ids.is_empty()).then_some(ids), token).await;
            plan.solving.set(None);
            match r {
                Ok(p) => plan.preview.set(Some(p)),
                Err(e) => plan
                    .notice
                    .set(Some((false, error_text(plan.locale(), &e)))),
            }
        });
    };
    let publish = Action::new(move |date: &String| {
        let date = date.clone();
        async move {
            let locale = plan.locale();
            match planning_publish(date).await {
                Ok((teams, scheduled, messages)) => {
                    plan.notice.set(Some((
                        true,
                        format!(
                            "{} {teams} {} · {scheduled} {} · {messages} {}",
                            td_string!(locale, plan_published),
                            td_string!(locale, plan_teams_word),
                            td_string!(locale, plan_scheduled_word),
                            td_string!(locale, plan_messages_word)
                        ),
                    )));
                }
                Err(e) => plan.notice.set(Some((false, error_text(locale, &e)))),
            }
            plan.reload();
        }
    });
    let blocking = d.flags.iter().any(Flag::blocks_publishing);
    let suggest_open = RwSignal::new(false);
    let d_date = date.clone();
    let d_date2 = date.clone();
    let d_date3 = date.clone();
    view! {
        <header class="flex flex-wrap items-end justify-between gap-3 mb-3">
            <div>
                <h1 class="text-2xl font-bold">{t!(i18n, nav.planning)}</h1>
                <p class="text-sm text-muted">{t!(i18n, plan_lead)}</p>
            </div>
            <div class="flex flex-wrap items-end gap-2">
                <div class="field">
                    <label class="label" for="plan-date">{t!(i18n, plan_day)}</label>
                    <input id="plan-date" class="input" type="date" value=date.clone()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if !v.is_empty() {
                                plan.preview.set(None);
                                navigate(&paths::ops::planning_day(&v), Default::default());
                            }
                        } />
                </div>
                {d.published.then(|| view! { <span class="badge badge-ok" data-testid="published">{t!(i18n, plan_is_published)}</span> })}
                <button type="button" class="btn btn-secondary" on:click=move |_| { new_team.dispatch(d_date.clone()); }>
                    {t!(i18n, plan_add_team)}
                </button>
                {d.teams.is_empty().then(|| {
                    let d = date.clone();
                    view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| { copy_previous.dispatch(d.clone()); }>
                            {t!(i18n, plan_copy_previous)}
                        </button>
                    }
                })}
                <Templates date=date.clone() has_teams=!d.teams.is_empty() />
                <button type="button" class="btn btn-secondary" aria-expanded=move || suggest_open.get().to_string()
                    aria-controls="suggest-list" on:click=move |_| suggest_open.update(|o| *o = !*o)>
                    {t!(i18n, plan_suggest_show)}
                </button>
                <button type="button" class="btn btn-secondary" disabled=move || plan.solving.get().is_some()
                    on:click=move |_| optimise(d_date2.clone())>
                    {move || if only.with(Vec::is_empty) {
                        t_string!(i18n, plan_optimise).to_owned()
                    } else {
                        format!("{} ({})", t_string!(i18n, plan_optimise), only.with(Vec::len))
                    }}
                </button>
                {(d.teams.len() > 1).then(|| view! {
                    <details class="relative" id="optimise-teams">
                        <summary class="btn btn-ghost btn-sm">{t!(i18n, plan_only_teams)}</summary>
                        <div class="card absolute z-20 mt-1 flex flex-col gap-1 min-w-[12rem]">
                            <p class="text-sm text-muted">{t!(i18n, plan_only_teams_hint)}</p>
                            {d.teams.iter().map(|t| {
                                let id = t.id;
                                view! {
                                    <label class="flex items-center gap-2 text-sm">
                                        <input type="checkbox" data-team-choice=id
                                            prop:checked=move || only.with(|o| o.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                only.update(|o| { o.retain(|x| *x != id); if on { o.push(id); } });
                                            } />
                                        {t.name.clone()}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </details>
                })}
                <button type="button" class="btn btn-primary" disabled=move || blocking || publish.pending().get()
                    title=move || if blocking { t_string!(i18n, plan_flags_block) } else { "" }
                    on:click=move |_| { publish.dispatch(d_date3.clone()); }>
                    {t!(i18n, plan_publish)}
                </button>
            </div>
        </header>
        <div aria-live="polite" data-testid="plan-notice">
            {move || plan.notice.get().map(|(ok, text)| view! {
                <p class=if ok { "badge badge-ok mb-2" } else { "badge badge-danger mb-2" } role=if ok { "status" } else { "alert" }>{text}</p>
            })}
        </div>
        <Solving />
        <Preview teams=teams />
        <Suggestions d=d.clone() open=suggest_open />
        {(!d.flags.is_empty()).then(|| view! {
            <section class="card mb-3" aria-labelledby="h-flags" data-testid="flags">
                <h2 id="h-flags" class="card-title">{t!(i18n, plan_flags)}</h2>
                <ul class="text-sm flex flex-col gap-1">
                    {d.flags.iter().map(|f| {
                        let f = f.clone();
                        let class = if f.blocks_publishing() { "badge badge-danger" } else { "badge badge-warn" };
                        view! { <li><span class=class>{move || flag_text(i18n.get_locale(), &f)}</span></li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <div class="plan-grid">
            <Pool people=d.people.clone() teams=teams />
            <section aria-labelledby="h-lanes" class="plan-lanes">
                <h2 id="h-lanes" class="sr-only">{t!(i18n, plan_teams)}</h2>
                {if d.teams.is_empty() {
                    view! { <p class="card text-muted">{t!(i18n, plan_no_teams)}</p> }.into_any()
                } else {
                    d.teams.iter().enumerate().map(|(i, t)| view! { <Lane t=t.clone() colour=i people=people teams=teams /> }).collect_view().into_any()
                }}
            </section>
            <Unplanned visits=d.unassigned.clone() teams=teams />
        </div>
        <Map d=d />
    }
}

/// Saved line-ups: lay one over an empty day, or save the day's teams.
#[component]
fn Templates(date: String, has_teams: bool) -> impl IntoView {
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
fn Suggestions(d: PlanningDayDto, open: RwSignal<bool>) -> impl IntoView {
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
            open.set(false);
            plan.report(
                result,
                td_string!(plan.locale(), plan_suggested_taken).to_owned(),
            );
        }
    });
    let all: Vec<Vec<i32>> = suggested.iter().map(|s| s.member_ids.clone()).collect();
    let nothing = suggested.is_empty() && missing.is_empty();
    view! {
        <section id="suggest-list" class="card mb-3" aria-labelledby="h-suggest" data-testid="suggestions" hidden=move || !open.get()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id="h-suggest" class="card-title">{t!(i18n, plan_suggest_title)}</h2>
                <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| open.set(false)>
                    {t!(i18n, plan_suggest_hide)}
                </button>
            </div>
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
            view! {
                <section class="card mb-3 flex flex-wrap items-center gap-3" role="status" data-testid="solving">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{t!(i18n, plan_solving)}</span>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=stop>{t!(i18n, plan_cancel)}</button>
                </section>
            }
        })
    }
}

#[component]
fn Preview(teams: StoredValue<Vec<TeamLaneDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let order_of = move |id: i32| -> String {
        teams
            .with_value(|ts| {
                ts.iter()
                    .flat_map(|t| t.stops.iter())
                    .find(|s| s.visit.id == id)
                    .map(|s| s.visit.order_number.clone())
            })
            .or_else(|| {
                document()
                    .get_element_by_id(&format!("visit-{id}"))
                    .and_then(|el| el.get_attribute("data-order"))
            })
            .unwrap_or_else(|| format!("#{id}"))
    };
    let apply = Action::new(move |p: &PlanPreviewDto| {
        let p = p.clone();
        async move {
            let r = planning_apply(p).await;
            plan.preview.set(None);
            plan.report(r, td_string!(plan.locale(), plan_applied).to_owned());
        }
    });
    move || {
        plan.preview.get().map(|p| {
            let for_apply = p.clone();
            view! {
                <section class="card card-accent mb-3" aria-labelledby="h-preview" data-testid="preview">
                    <h2 id="h-preview" class="card-title">{t!(i18n, plan_preview)}</h2>
                    <p class="text-sm text-muted mb-2">
                        {format!("{:.1} km → {:.1} km · {} ms", p.before_km, p.after_km, p.solve_ms)}
                    </p>
                    <div class="table-wrap" tabindex="0"><table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, col_team)}</th>
                            <th scope="col">{t!(i18n, plan_before)}</th>
                            <th scope="col">{t!(i18n, plan_after)}</th>
                            <th scope="col" class="text-right">"km"</th>
                            <th scope="col" class="text-right">{t!(i18n, plan_late)}</th>
                        </tr></thead>
                        <tbody>
                            {p.teams.iter().map(|t| view! {
                                <tr>
                                    <td class="font-semibold">{t.name.clone()}</td>
                                    <td class="text-sm">{t.before_visits.iter().map(|v| order_of(*v)).collect::<Vec<_>>().join(" → ")}</td>
                                    <td class="text-sm">{t.after_visits.iter().map(|v| order_of(*v)).collect::<Vec<_>>().join(" → ")}</td>
                                    <td class="text-right whitespace-nowrap">{format!("{:.1} → {:.1}", t.before_km, t.after_km)}</td>
                                    <td class="text-right">{format!("{} → {}", t.before_late, t.after_late)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    {(!p.unplanned.is_empty()).then(|| view! {
                        <details class="mt-3" data-testid="left-over">
                            <summary class="font-semibold">{t!(i18n, plan_left_over)}" ("{p.unplanned.len()}")"</summary>
                            <ul class="text-sm">
                                {p.unplanned.iter().map(|u| view! { <li>{u.order_number.clone()}": "{u.reason.clone()}</li> }).collect_view()}
                            </ul>
                        </details>
                    })}
                    <div class="flex gap-2 mt-3">
                        <button type="button" class="btn btn-primary" disabled=move || apply.pending().get()
                            on:click=move |_| { apply.dispatch(for_apply.clone()); }>{t!(i18n, plan_apply)}</button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| plan.preview.set(None)>{t!(i18n, plan_discard)}</button>
                    </div>
                </section>
            }
        })
    }
}

#[component]
fn Pool(people: Vec<PersonDto>, teams: StoredValue<Vec<TeamLaneDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    view! {
        <section class="plan-pool" aria-labelledby="h-pool">
            <h2 id="h-pool" class="text-lg mb-2">{t!(i18n, plan_pool)}</h2>
            <ul role="list" class="flex flex-col gap-2">
                {people.into_iter().map(|p| {
                    let absent = p.absent.clone();
                    let busy = !p.team_ids.is_empty();
                    let drag = start_drag(plan, Drag::Person { id: p.id, label: p.name.clone() });
                    let pid = p.id;
                    let name = p.name.clone();
                    let add = move |ev: leptos::ev::Event| {
                        let Ok(team) = event_target_value(&ev).parse::<i32>() else { return };
                        let version = teams.with_value(|ts| ts.iter().find(|t| t.id == team).map(|t| t.version)).unwrap_or(0);
                        let name = name.clone();
                        leptos::task::spawn_local(async move {
                            let r = planning_member(team, version, pid, true).await;
                            plan.report(r, format!("{name} {}", td_string!(plan.locale(), plan_added)));
                        });
                    };
                    view! {
                        <li class="plan-person" data-person=p.id data-absent=absent.is_some().to_string() data-busy=busy.to_string()
                            on:pointerdown=drag>
                            <div class="flex items-center gap-2">
                                {absent.is_none().then(|| view! { <span class="card-grip" aria-hidden="true">"⠿"</span> })}
                                <strong class="grow">{p.name.clone()}</strong>
                                <span class="text-sm text-muted" title=move || t_string!(i18n, plan_week_hours)>
                                    {format!("{}/{} u", p.week_min / 60, p.contract_min / 60)}
                                </span>
                            </div>
                            <div class="flex flex-wrap gap-1 mt-1">
                                {p.skills.iter().map(|s| view! { <span class="badge">{s.clone()}</span> }).collect_view()}
                            </div>
                            {absent.clone().map(|a| view! { <p class="text-sm text-muted">{t!(i18n, plan_absent)}": "{a}</p> })}
                            {absent.is_none().then(|| view! {
                                <select class="input input-sm mt-1" aria-label=format!("{} {}", t_string!(i18n, plan_add_to), p.name) on:change=add>
                                    <option value="">{t!(i18n, plan_add_to)}"…"</option>
                                    {teams.with_value(|ts| ts.iter().map(|t| view! { <option value=t.id.to_string()>{t.name.clone()}</option> }).collect_view())}
                                </select>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

const COLOURS: [&str; 8] = [
    "#0f766e", "#b45309", "#7c3aed", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490",
];

#[component]
fn Lane(
    t: TeamLaneDto,
    colour: usize,
    people: StoredValue<Vec<PersonDto>>,
    teams: StoredValue<Vec<TeamLaneDto>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let team = t.id;
    let version = t.version;
    let count = t.stops.len();
    let published = t.published;
    let members: Vec<(i32, String)> = t
        .member_ids
        .iter()
        .map(|id| {
            let name = people
                .with_value(|ps| ps.iter().find(|p| p.id == *id).map(|p| p.name.clone()))
                .unwrap_or_default();
            (*id, name)
        })
        .collect();
    let dragging = move || plan.dragging.with(Option::is_some);
    view! {
        <article class="plan-lane card" data-lane=t.id data-version=t.version data-dragging=move || dragging().to_string()
            aria-labelledby=format!("lane-{}", t.id) style=format!("--lane: {}", COLOURS[colour % COLOURS.len()])>
            <header class="flex flex-wrap items-center gap-2 mb-2">
                <h3 id=format!("lane-{}", t.id) class="card-title">{t.name.clone()}</h3>
                {t.published.then(|| view! { <span class="badge badge-ok">{t!(i18n, plan_is_published)}</span> })}
                <span class="text-sm text-muted">
                    {format!("{}–{} · {:.0} km · {} min · terug {}", hhmm(t.shift_start_min), hhmm(t.shift_end_min), t.km, t.drive_min, hhmm(t.back_min))}
                </span>
            </header>
            <ul role="list" class="flex flex-wrap gap-1 mb-2" aria-label=move || t_string!(i18n, plan_members)>
                {members.into_iter().map(|(id, name)| {
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
            <ol class="flex flex-col gap-2 plan-stops">
                {t.stops.iter().enumerate().map(|(i, s)| view! { <Stop s=s.clone() index=i team=Some(team) count=count teams=teams published=published /> }).collect_view()}
                <li class="plan-drop text-sm text-muted" data-stop=count>{t!(i18n, plan_drop_here)}</li>
            </ol>
        </article>
    }
}

/// The keyboard way to move a visit: a team (or none) and a position.
#[component]
fn MoveControl(
    v: PlanVisitDto,
    team: Option<i32>,
    teams: StoredValue<Vec<TeamLaneDto>>,
    #[prop(optional)] published: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let target = RwSignal::new(team.map(|t| t.to_string()).unwrap_or_default());
    let position = RwSignal::new(String::from("1"));
    let reason = RwSignal::new(String::new());
    let (id, version, label) = (v.id, v.version, v.order_number.clone());
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let team = target.get_untracked().parse::<i32>().ok();
        let position = position
            .get_untracked()
            .parse::<usize>()
            .unwrap_or(usize::MAX);
        let why = reason.get_untracked();
        if published && why.trim().is_empty() {
            plan.notice.set(Some((
                false,
                td_string!(plan.locale(), plan_reason_needed).to_owned(),
            )));
            return;
        }
        let why = (!why.trim().is_empty()).then_some(why);
        let label = label.clone();
        leptos::task::spawn_local(async move {
            let r = planning_assign(id, version, team, position, why).await;
            plan.report(
                r,
                format!("{label} {}", td_string!(plan.locale(), plan_moved)),
            );
        });
    };
    view! {
        <form class="flex flex-wrap items-end gap-1 mt-1" on:submit=go>
            <select class="input input-sm" aria-label=format!("{} {}", t_string!(i18n, plan_move_to), v.order_number)
                on:change=move |ev| target.set(event_target_value(&ev))>
                <option value="" selected=team.is_none()>{t!(i18n, plan_unplanned_option)}</option>
                {teams.with_value(|ts| ts.iter().map(|t| {
                    let selected = team == Some(t.id);
                    view! { <option value=t.id.to_string() selected=selected>{t.name.clone()}</option> }
                }).collect_view())}
            </select>
            <input class="input input-sm" type="number" min="1" max="9" style="width: 4rem" prop:value=move || position.get()
                aria-label=format!("{} {}", t_string!(i18n, plan_position), v.order_number)
                on:input=move |ev| position.set(event_target_value(&ev)) />
            {published.then(|| view! {
                <input class="input input-sm" type="text" maxlength="200" placeholder=move || t_string!(i18n, plan_reason)
                    aria-label=format!("{} {}", t_string!(i18n, plan_reason), v.order_number)
                    on:input=move |ev| reason.set(event_target_value(&ev)) />
            })}
            <button type="submit" class="btn btn-secondary btn-sm">{t!(i18n, move_btn)}</button>
        </form>
    }
}

#[component]
fn Stop(
    s: PlanStopDto,
    index: usize,
    team: Option<i32>,
    count: usize,
    teams: StoredValue<Vec<TeamLaneDto>>,
    #[prop(optional)] published: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let v = s.visit.clone();
    let drag_start = start_drag(
        plan,
        Drag::Visit {
            id: v.id,
            version: v.version,
            label: v.order_number.clone(),
        },
    );
    // A published day changes only with a reason: the move control asks
    // for one, so there is no dragging there.
    let drag = move |ev: leptos::ev::PointerEvent| {
        if !published {
            drag_start(ev);
        }
    };
    let (id, version, label) = (v.id, v.version, v.order_number.clone());
    let shift = move |to: usize| {
        let label = label.clone();
        move |_| {
            let label = label.clone();
            leptos::task::spawn_local(async move {
                let r = planning_assign(id, version, team, to, None).await;
                plan.report(
                    r,
                    format!("{label} {}", td_string!(plan.locale(), plan_moved)),
                );
            });
        }
    };
    let pinned = v.pinned;
    let toggle_pin = move |_| {
        leptos::task::spawn_local(async move {
            let r = planning_pin(id, version, !pinned).await;
            plan.report(r, td_string!(plan.locale(), plan_pin_saved).to_owned());
        });
    };
    let late = s.timing.late_min;
    view! {
        <li class="plan-stop" id=format!("visit-{}", v.id) tabindex="-1" data-stop=index data-visit=v.id data-order=v.order_number.clone()
            data-late=(late > 0).to_string() on:pointerdown=drag>
            <div class="flex items-center gap-2">
                {(!published).then(|| view! { <span class="card-grip" aria-hidden="true">"⠿"</span> })}
                <span class="plan-seq">{index + 1}</span>
                <a class="font-semibold grow" href=paths::order(Portal::Operations, &v.order_number)>{v.order_number.clone()}</a>
                <button type="button" class="btn btn-secondary btn-sm" aria-pressed=pinned.to_string()
                    aria-label=format!("{} {}", t_string!(i18n, plan_pin), v.order_number) on:click=toggle_pin>
                    {move || if pinned { t_string!(i18n, plan_pinned) } else { t_string!(i18n, plan_pin) }}
                </button>
            </div>
            <div class="text-sm">{v.customer.clone()}" · "{v.city.clone()}{v.region.clone().map(|r| format!(" · {r}"))}</div>
            <div class="text-sm text-muted" data-testid="eta">
                {format!("{} {} · {} {}–{} · ", t_string!(i18n, plan_eta), hhmm(s.timing.arrive_min), t_string!(i18n, plan_window), hhmm(v.window_start_min), hhmm(v.window_end_min))}
                {format!("{} min {} · {} min {}", s.travel_min, t_string!(i18n, plan_drive), s.timing.wait_min, t_string!(i18n, plan_wait))}
            </div>
            {(late > 0).then(|| view! { <span class="badge badge-danger">{format!("{late} min {}", t_string!(i18n, plan_late_word))}</span> })}
            <div class="flex flex-wrap items-center gap-1 mt-1">
                <button type="button" class="btn btn-secondary btn-sm" disabled={index == 0 || published}
                    aria-label=format!("{} {}", t_string!(i18n, plan_up), v.order_number) on:click=shift(index)>"↑"</button>
                <button type="button" class="btn btn-secondary btn-sm" disabled={index + 1 >= count || published}
                    aria-label=format!("{} {}", t_string!(i18n, plan_down), v.order_number) on:click=shift(index + 2)>"↓"</button>
                <MoveControl v=v.clone() team=team teams=teams published=published />
            </div>
        </li>
    }
}

#[component]
fn Unplanned(visits: Vec<PlanVisitDto>, teams: StoredValue<Vec<TeamLaneDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let region = RwSignal::new(String::new());
    let mut regions: Vec<String> = visits.iter().filter_map(|v| v.region.clone()).collect();
    regions.sort();
    regions.dedup();
    let visits = StoredValue::new(visits);
    view! {
        <section class="plan-unplanned card" data-lane="none" aria-labelledby="h-unplanned">
            <div class="flex flex-wrap items-center justify-between gap-2 mb-2">
                <h2 id="h-unplanned" class="card-title">{t!(i18n, plan_unplanned)}" ("{visits.with_value(Vec::len)}")"</h2>
                <select class="input input-sm" aria-label=move || t_string!(i18n, region_label) on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, all_regions)}</option>
                    {regions.into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                </select>
            </div>
            <p class="text-sm text-muted mb-2">{t!(i18n, plan_unplanned_lead)}</p>
            <ul role="list" class="flex flex-col gap-2">
                {move || {
                    let r = region.get();
                    visits.with_value(|vs| vs.iter().filter(|v| r.is_empty() || v.region.as_deref() == Some(r.as_str())).cloned().collect::<Vec<_>>())
                        .into_iter()
                        .map(|v| {
                            let drag = start_drag(plan, Drag::Visit { id: v.id, version: v.version, label: v.order_number.clone() });
                            view! {
                                <li class="plan-stop" id=format!("visit-{}", v.id) tabindex="-1" data-visit=v.id data-order=v.order_number.clone() on:pointerdown=drag>
                                    <div class="flex items-center gap-2">
                                        <span class="card-grip" aria-hidden="true">"⠿"</span>
                                        <a class="font-semibold grow" href=paths::order(Portal::Operations, &v.order_number)>{v.order_number.clone()}</a>
                                        {v.region.clone().map(|r| view! { <span class="badge">{r}</span> })}
                                    </div>
                                    <div class="text-sm">{v.customer.clone()}" · "{v.city.clone()}</div>
                                    <div class="text-sm text-muted">
                                        {format!("{} {}–{} · {} min", t_string!(i18n, plan_window), hhmm(v.window_start_min), hhmm(v.window_end_min), v.duration_min)}
                                        {(!v.skills.is_empty()).then(|| format!(" · {}", v.skills.join(", ")))}
                                    </div>
                                    {(!v.periods.is_empty()).then(|| {
                                        let l = i18n.get_locale();
                                        let list = v.periods.iter().map(|p| crate::components::format::period_label(l, p)).collect::<Vec<_>>().join(", ");
                                        view! { <div class="text-sm" data-testid="visit-periods">{t!(i18n, plan_prefers)}": "{list}</div> }
                                    })}
                                    <MoveControl v=v.clone() team=None teams=teams />
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// Lat/lng to the map's SVG coordinates (a plain equirectangular view of
/// the Netherlands, corrected for latitude).
fn project(lat: f64, lng: f64) -> (f64, f64) {
    let x = (lng - 3.2) * 61.0 * 52.2_f64.to_radians().cos() * 1.65;
    let y = (53.7 - lat) * 100.0;
    (x, y)
}

/// A simplified outline of the Netherlands (coast and borders), drawn from
/// rounded coordinates: enough to place the day's routes without tiles.
const OUTLINE: [(f64, f64); 30] = [
    (51.37, 3.37),
    (51.56, 3.44),
    (51.73, 3.69),
    (51.85, 3.98),
    (52.00, 4.10),
    (52.25, 4.42),
    (52.46, 4.56),
    (52.96, 4.72),
    (53.18, 4.85),
    (53.36, 5.20),
    (53.45, 5.90),
    (53.48, 6.25),
    (53.45, 6.85),
    (53.30, 7.20),
    (53.00, 7.20),
    (52.85, 7.05),
    (52.65, 6.72),
    (52.45, 7.05),
    (52.22, 7.05),
    (51.95, 6.75),
    (51.85, 6.10),
    (51.60, 6.20),
    (51.15, 6.10),
    (50.85, 6.02),
    (50.75, 5.70),
    (50.95, 5.75),
    (51.25, 5.50),
    (51.45, 5.00),
    (51.45, 4.40),
    (51.27, 3.80),
];

#[component]
fn Map(d: PlanningDayDto) -> impl IntoView {
    let i18n = use_i18n();
    let outline = OUTLINE
        .iter()
        .map(|(lat, lng)| {
            let (x, y) = project(*lat, *lng);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let (dx, dy) = project(d.depot_lat, d.depot_lng);
    view! {
        <section class="card mt-4" aria-labelledby="h-map">
            <h2 id="h-map" class="card-title mb-2">{t!(i18n, plan_map)}</h2>
            <svg class="plan-map" viewBox="0 0 270 310" role="img" aria-labelledby="h-map" data-testid="map">
                <polygon points=outline class="map-land" />
                {d.teams.iter().enumerate().map(|(i, t)| {
                    let colour = COLOURS[i % COLOURS.len()];
                    let mut pts = vec![(dx, dy)];
                    pts.extend(t.stops.iter().map(|s| project(s.visit.lat, s.visit.lng)));
                    pts.push((dx, dy));
                    let line = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
                    view! {
                        <g data-team=t.id>
                            <polyline points=line fill="none" stroke=colour stroke-width="1.2" stroke-linejoin="round" />
                            {t.stops.iter().map(|s| {
                                let (x, y) = project(s.visit.lat, s.visit.lng);
                                view! {
                                    <a href=format!("#visit-{}", s.visit.id)>
                                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="3.2" fill=colour>
                                            <title>{format!("{} · {} · {}", t.name, s.visit.order_number, s.visit.city)}</title>
                                        </circle>
                                    </a>
                                }
                            }).collect_view()}
                        </g>
                    }
                }).collect_view()}
                {d.unassigned.iter().map(|v| {
                    let (x, y) = project(v.lat, v.lng);
                    view! {
                        <a href=format!("#visit-{}", v.id)>
                            <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.4" class="map-unplanned">
                                <title>{format!("{} · {}", v.order_number, v.city)}</title>
                            </circle>
                        </a>
                    }
                }).collect_view()}
                <rect x=format!("{:.1}", dx - 3.5) y=format!("{:.1}", dy - 3.5) width="7" height="7" class="map-depot">
                    <title>"Depot Nijkerk"</title>
                </rect>
            </svg>
        </section>
    }
}
