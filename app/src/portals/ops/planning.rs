//! The route-planning board (002 "Route Planning Interface") as a dispatch
//! board on one screen: the people on the left, the teams' days as
//! timelines from 07:00 to 19:00 in the middle (each stop a bar as long as
//! its work, each drive a thin bar, the customer's window shaded behind it,
//! lateness and overtime coloured on the bar), and on the right the map
//! with every route in its team's colour above one panel for the visits
//! still to plan, the warnings per team, the chosen team, suggested teams
//! and the optimiser's preview. Hovering or choosing a lane lights its
//! route on the map and the other way round.
//!
//! Visits are dragged onto a lane at a time, people onto a lane; the
//! keyboard (and phone) way is one "move" dialog opened from the focused
//! bar or card. "Optimaliseren" shows a preview with the difference per
//! team that the planner applies or throws away; "Publiceren" makes the day
//! final. Other planners' changes arrive by server push and reload the day.
//! On a phone the same lanes become lists.

mod dialogs;
mod lanes;
mod map;
mod side;

use crate::api::planning::*;
use crate::components::drag::{begin_drag, element_at, moved_from, track_pointer, DragGhost};
use crate::components::live::live_events;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::planning::Flag;
use entity::dto::{PlanPreviewDto, PlanVisitDto, PlanningDayDto};
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

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

impl Drag {
    /// A visit, labelled with its order number.
    fn visit(v: &PlanVisitDto) -> Drag {
        Drag::Visit {
            id: v.id,
            version: v.version,
            label: v.order_number.clone(),
        }
    }
}

/// What the move dialog is open for.
#[derive(Clone, Debug, PartialEq)]
enum Moving {
    /// A visit, from its lane (and place there) or from the unplanned list.
    Visit {
        visit: PlanVisitDto,
        team: Option<i32>,
        index: Option<usize>,
        published: bool,
    },
    /// A person, to add to a team.
    Person { id: i32, name: String },
}

/// The side panel's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Unplanned,
    Warnings,
    Team,
    Suggest,
    Preview,
}

/// The board's shared state.
#[derive(Clone, Copy)]
struct Plan {
    tick: RwSignal<u32>,
    date: RwSignal<String>,
    dragging: RwSignal<Option<Drag>>,
    pointer: RwSignal<(i32, i32)>,
    /// Where the drag began: a release on the same spot is a click.
    origin: StoredValue<(i32, i32)>,
    notice: RwSignal<Option<(bool, String)>>,
    preview: RwSignal<Option<PlanPreviewDto>>,
    solving: RwSignal<Option<String>>,
    /// The chosen lane (linked with its route on the map).
    focus: RwSignal<Option<i32>>,
    /// The lane or route under the pointer.
    hover: RwSignal<Option<i32>>,
    tab: RwSignal<Tab>,
    moving: RwSignal<Option<Moving>>,
    /// The page's language, readable from tasks (which have no context).
    locale: RwSignal<Locale>,
    runs: StoredValue<u32>,
}

impl Plan {
    fn reload(&self) {
        self.tick.update(|t| *t += 1);
    }

    /// Ends a running optimisation whose answer is no longer wanted (its
    /// plan so far was applied or discarded).
    fn stop_solving(&self) {
        if let Some(token) = self.solving.get_untracked() {
            self.solving.set(None);
            leptos::task::spawn_local(async move {
                let _ = planning_cancel(token).await;
            });
        }
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

    /// Whether `team` is the lit lane: the chosen one, else the hovered.
    fn lit(&self, team: i32) -> bool {
        self.hover.get().or(self.focus.get()) == Some(team)
    }

    /// Chooses a lane (again: lets go of it) and shows it in the panel.
    fn choose(&self, team: i32) {
        if self.focus.get_untracked() == Some(team) {
            self.focus.set(None);
            if self.tab.get_untracked() == Tab::Team {
                self.tab.set(Tab::Unplanned);
            }
        } else {
            self.focus.set(Some(team));
            self.tab.set(Tab::Team);
        }
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

/// While the optimisation under `token` runs, shows each better plan it
/// has found (numbered; `seen` is the last shown) as the preview, so the
/// planner has a first plan at once and a better one as the search goes on.
fn follow_progress(plan: Plan, token: String, seen: u32) {
    set_timeout(
        move || {
            if plan.solving.get_untracked().as_deref() != Some(token.as_str()) {
                return;
            }
            leptos::task::spawn_local(async move {
                let mut seen = seen;
                if let Ok(Some((n, p))) = planning_progress(token.clone()).await {
                    if n > seen && plan.solving.get_untracked().as_deref() == Some(token.as_str()) {
                        seen = n;
                        plan.preview.set(Some(p));
                    }
                }
                follow_progress(plan, token, seen);
            });
        },
        std::time::Duration::from_millis(PROGRESS_EVERY_MS),
    );
}

/// How often a running optimisation is asked for its best plan so far.
const PROGRESS_EVERY_MS: u64 = 350;

#[component]
pub fn PlanningPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let plan = Plan {
        tick: RwSignal::new(0),
        date: RwSignal::new(String::new()),
        dragging: RwSignal::new(None),
        pointer: RwSignal::new((0, 0)),
        origin: StoredValue::new((0, 0)),
        notice: RwSignal::new(None),
        preview: RwSignal::new(None),
        solving: RwSignal::new(None),
        focus: RwSignal::new(None),
        hover: RwSignal::new(None),
        tab: RwSignal::new(Tab::Unplanned),
        moving: RwSignal::new(None),
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
                            plan.focus.set(None);
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

/// Where on the board a point is: a team lane and the position on its
/// route that the pointer gives (after every other stop whose bar's middle
/// lies left of it, as drawn; last at the day's far right), or the
/// unplanned list (`None`).
fn drop_target(x: i32, y: i32, moving: Option<i32>) -> Option<(Option<i32>, usize)> {
    let lane = element_at(x, y, "[data-lane]")?;
    let team = lane.get_attribute("data-lane")?.parse::<i32>().ok();
    let Some(track) = element_at(x, y, "[data-track]") else {
        return Some((team, usize::MAX));
    };
    // The far right of the day (after 18:50) means "last", even when the
    // last bar is cut off at 19:00.
    let r = track.get_bounding_client_rect();
    if f64::from(x) >= r.right() - r.width() / 72.0 {
        return Some((team, usize::MAX));
    }
    let stops = lane.query_selector_all(".tl-stop[data-visit]").ok()?;
    let mut before = 0;
    for i in 0..stops.length() {
        let Some(el) = stops
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        let id = el
            .get_attribute("data-visit")
            .and_then(|v| v.parse::<i32>().ok());
        let r = el.get_bounding_client_rect();
        if id != moving && r.left() + r.width() / 2.0 < f64::from(x) {
            before += 1;
        }
    }
    Some((team, before + 1))
}

/// Follows the pointer while a visit or a person is dragged, and moves it
/// to the lane (at the time) under the pointer on release.
fn pointer_tracking(plan: Plan) {
    track_pointer(plan.dragging, plan.pointer, None, move |drag, x, y| {
        if !moved_from(plan.origin.get_value(), x, y) {
            return; // a click, not a drag
        }
        let moving = match &drag {
            Drag::Visit { id, .. } => Some(*id),
            Drag::Person { .. } => None,
        };
        let Some((team, position)) = drop_target(x, y, moving) else {
            return;
        };
        let locale = plan.locale();
        match drag {
            Drag::Visit { id, version, label } => {
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
        begin_drag(
            &ev,
            drag.get_value(),
            plan.dragging,
            plan.pointer,
            plan.origin,
        )
    }
}

/// `2026-12-07` moved by `days` (for the previous and next day buttons).
fn shift_date(date: &str, days: i64) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(
        (d + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string(),
    )
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
        plan.tab.set(Tab::Preview);
        let ids = only.get_untracked();
        follow_progress(plan, token.clone(), 0);
        leptos::task::spawn_local(async move {
            let r = planning_optimise(date, (!ids.is_empty()).then_some(ids), token.clone()).await;
            // Applied or discarded while it searched: the answer is not wanted.
            if plan.solving.get_untracked().as_deref() != Some(token.as_str()) {
                return;
            }
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
    let planned: usize = d.teams.iter().map(|t| t.stops.len()).sum();
    let km: f64 = d.teams.iter().map(|t| t.km).sum();
    let summary = format!(
        "{} {} · {planned} {} · {} {} · {km:.0} km",
        d.teams.len(),
        td_string!(plan.locale(), plan_teams_word),
        td_string!(plan.locale(), plan_visits_word),
        d.unassigned.len(),
        td_string!(plan.locale(), plan_to_plan_word),
    );
    let go = move |to: Option<String>| {
        if let Some(v) = to.filter(|v| !v.is_empty()) {
            plan.preview.set(None);
            navigate(&paths::ops::planning_day(&v), Default::default());
        }
    };
    let (go1, go2, go3) = (go.clone(), go.clone(), go);
    let (prev, next) = (shift_date(&date, -1), shift_date(&date, 1));
    let d_date = date.clone();
    let d_date2 = date.clone();
    let d_date3 = date.clone();
    view! {
        <div class="dispatch" data-testid="board">
            <header class="dispatch-bar">
                <h1 class="text-lg font-bold">{t!(i18n, nav.planning)}</h1>
                <div class="flex items-center gap-1">
                    <button type="button" class="btn btn-ghost btn-sm" aria-label=move || t_string!(i18n, plan_prev_day)
                        on:click=move |_| go1(prev.clone())>"‹"</button>
                    <label class="sr-only" for="plan-date">{t!(i18n, plan_day)}</label>
                    <input id="plan-date" class="input input-sm" type="date" value=date.clone()
                        on:change=move |ev| go2(Some(event_target_value(&ev))) />
                    <button type="button" class="btn btn-ghost btn-sm" aria-label=move || t_string!(i18n, plan_next_day)
                        on:click=move |_| go3(next.clone())>"›"</button>
                </div>
                {d.published.then(|| view! { <span class="badge badge-ok" data-testid="published">{t!(i18n, plan_is_published)}</span> })}
                <span class="text-sm text-muted" data-testid="day-summary">{summary}</span>
                <div class="dispatch-actions">
                    <a class="btn btn-ghost btn-sm" href=paths::ops::planning_week(&date)>{t!(i18n, plan_week_link)}</a>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| { new_team.dispatch(d_date.clone()); }>
                        {t!(i18n, plan_add_team)}
                    </button>
                    {d.teams.is_empty().then(|| {
                        let d = date.clone();
                        view! {
                            <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| { copy_previous.dispatch(d.clone()); }>
                                {t!(i18n, plan_copy_previous)}
                            </button>
                        }
                    })}
                    <details class="relative">
                        <summary class="btn btn-ghost btn-sm">{t!(i18n, plan_templates)}</summary>
                        <div class="card dispatch-pop flex flex-col gap-2">
                            <side::Templates date=date.clone() has_teams=!d.teams.is_empty() />
                        </div>
                    </details>
                    <button type="button" class="btn btn-secondary btn-sm" aria-pressed=move || (plan.tab.get() == Tab::Suggest).to_string()
                        on:click=move |_| plan.tab.set(Tab::Suggest)>
                        {t!(i18n, plan_suggest_show)}
                    </button>
                    {(d.teams.len() > 1).then(|| view! {
                        <details class="relative" id="optimise-teams">
                            <summary class="btn btn-ghost btn-sm">{t!(i18n, plan_only_teams)}</summary>
                            <div class="card dispatch-pop flex flex-col gap-1">
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
                    <button type="button" class="btn btn-secondary btn-sm" disabled=move || plan.solving.get().is_some()
                        on:click=move |_| optimise(d_date2.clone())>
                        {move || if only.with(Vec::is_empty) {
                            t_string!(i18n, plan_optimise).to_owned()
                        } else {
                            format!("{} ({})", t_string!(i18n, plan_optimise), only.with(Vec::len))
                        }}
                    </button>
                    <button type="button" class="btn btn-primary btn-sm" disabled=move || blocking || publish.pending().get()
                        title=move || if blocking { t_string!(i18n, plan_flags_block) } else { "" }
                        on:click=move |_| { publish.dispatch(d_date3.clone()); }>
                        {t!(i18n, plan_publish)}
                    </button>
                </div>
            </header>
            <div aria-live="polite" data-testid="plan-notice" class="dispatch-notice">
                {move || plan.notice.get().map(|(ok, text)| view! {
                    <p class=if ok { "notice-ok" } else { "badge badge-danger" } role=if ok { "status" } else { "alert" }>{text}</p>
                })}
            </div>
            <div class="dispatch-grid">
                <side::Pool people=d.people.clone() />
                <lanes::Timeline d=d.clone() people=people />
                <aside class="dispatch-side" aria-label=move || t_string!(i18n, plan_side)>
                    <map::Map d=d.clone() />
                    <side::Panel d=d teams=teams />
                </aside>
            </div>
        </div>
        <dialogs::MoveDialog teams=teams />
    }
}
