//! The planning week, `/ops/planning/week`: teams × Monday–Friday, each
//! cell a team's day with its load against the shift, its km, its warnings
//! and its visits. Dragging a visit onto another day's team moves its
//! appointment there (the same move as on the day board); when either day
//! is published a reason is asked, and the customer hears of the new day
//! through the outbox. The keyboard way is the move dialog of each visit.

use crate::api::planning::{planning_assign, planning_week};
use crate::components::drag::{begin_drag, element_at, moved_from, track_pointer, DragGhost};
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::dto::{PlanningWeekDto, WeekTeamDto, WeekVisitDto};
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// A visit being moved: from which team, and whether that day is published.
#[derive(Clone, Debug, PartialEq)]
struct Moving {
    visit: WeekVisitDto,
    from_team: i32,
    from_published: bool,
    /// Where to, when it was dropped (the dialog then asks only the reason).
    to: Option<i32>,
}

#[derive(Clone, Copy)]
struct Week {
    tick: RwSignal<u32>,
    dragging: RwSignal<Option<Moving>>,
    pointer: RwSignal<(i32, i32)>,
    origin: StoredValue<(i32, i32)>,
    dialog: RwSignal<Option<Moving>>,
    notice: RwSignal<Option<(bool, String)>>,
    /// Which teams are published, by id (for the reason rule).
    published: StoredValue<Vec<i32>>,
    /// Every team of the week as the dialog offers it: id and "ma 7-12 · Team 3".
    cells: StoredValue<Vec<(i32, String)>>,
    locale: RwSignal<Locale>,
}

impl Week {
    fn send(&self, m: Moving, to: i32, reason: Option<String>) {
        let week = *self;
        let label = m.visit.order_number.clone();
        leptos::task::spawn_local(async move {
            let locale = week.locale.get_untracked();
            let r =
                planning_assign(m.visit.id, m.visit.version, Some(to), usize::MAX, reason).await;
            week.notice.set(Some(match r {
                Ok(()) => (true, format!("{label} {}", td_string!(locale, plan_moved))),
                Err(AppError::Stale) => (false, td_string!(locale, plan_stale).to_owned()),
                Err(_) => (false, td_string!(locale, error_generic).to_owned()),
            }));
            week.tick.update(|t| *t += 1);
        });
    }

    /// Moves at once, or asks for a reason first when a published day
    /// changes.
    fn request(&self, m: Moving, to: i32) {
        if to == m.from_team {
            return;
        }
        let to_published = self.published.with_value(|p| p.contains(&to));
        if m.from_published || to_published {
            self.dialog.set(Some(Moving { to: Some(to), ..m }));
        } else {
            self.send(m, to, None);
        }
    }
}

/// `2026-12-07` moved by `days`.
fn shift(date: &str, days: i64) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| {
            (d + chrono::Duration::days(days))
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default()
}

/// "ma 7-12" for a date.
fn day_label(locale: Locale, date: &str) -> String {
    use chrono::Datelike;
    let Ok(d) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        return date.to_owned();
    };
    let names = match locale {
        Locale::nl => ["ma", "di", "wo", "do", "vr", "za", "zo"],
        _ => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    format!(
        "{} {}-{}",
        names[d.weekday().num_days_from_monday() as usize],
        d.day(),
        d.month()
    )
}

#[component]
pub fn PlanningWeekPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let week = Week {
        tick: RwSignal::new(0),
        dragging: RwSignal::new(None),
        pointer: RwSignal::new((0, 0)),
        origin: StoredValue::new((0, 0)),
        dialog: RwSignal::new(None),
        notice: RwSignal::new(None),
        published: StoredValue::new(Vec::new()),
        cells: StoredValue::new(Vec::new()),
        locale: RwSignal::new(i18n.get_locale_untracked()),
    };
    Effect::new(move |_| week.locale.set(i18n.get_locale()));
    provide_context(week);
    let data = Resource::new(
        move || {
            (
                query.read().get("datum").unwrap_or_default(),
                week.tick.get(),
            )
        },
        |(date, _)| planning_week(date),
    );
    track_pointer(week.dragging, week.pointer, None, move |m, x, y| {
        if !moved_from(week.origin.get_value(), x, y) {
            return; // a click, not a drag
        }
        let to = element_at(x, y, "[data-week-team]")
            .and_then(|el| el.get_attribute("data-week-team"))
            .and_then(|t| t.parse::<i32>().ok());
        if let Some(to) = to {
            week.request(m, to);
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, plan_week_title).to_string() />
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(w) => {
                        week.published.set_value(
                            w.days.iter().flat_map(|d| d.teams.iter().filter(|t| t.published).map(|t| t.id)).collect(),
                        );
                        let locale = week.locale.get_untracked();
                        week.cells.set_value(
                            w.days.iter().flat_map(|d| d.teams.iter().map(move |t| (t.id, format!("{} · {}", day_label(locale, &d.date), t.name)))).collect(),
                        );
                        view! { <WeekBoard w=w /> }.into_any()
                    }
                    Err(_) => view! { <p role="alert">{t!(i18n, error_generic)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <MoveDialog />
        <DragGhost label=Signal::derive(move || week.dragging.get().map(|m| m.visit.order_number)) pointer=week.pointer />
    }
}

#[component]
fn WeekBoard(w: PlanningWeekDto) -> impl IntoView {
    let i18n = use_i18n();
    let week = expect_context::<Week>();
    let navigate = use_navigate();
    // Rows by team name, in the order of their number.
    let mut names: Vec<String> = w
        .days
        .iter()
        .flat_map(|d| d.teams.iter().map(|t| t.name.clone()))
        .collect();
    names.sort_by_key(|n| {
        (
            n.trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse::<u32>()
                .unwrap_or(u32::MAX),
            n.clone(),
        )
    });
    names.dedup();
    let (prev, next) = (shift(&w.monday, -7), shift(&w.monday, 7));
    let nav = navigate.clone();
    let days = w.days.clone();
    view! {
        <header class="flex flex-wrap items-center gap-3 mb-3">
            <h1 class="text-2xl font-bold">{t!(i18n, plan_week_title)}</h1>
            <div class="flex items-center gap-1">
                <button type="button" class="btn btn-ghost btn-sm" aria-label=move || t_string!(i18n, plan_prev_week)
                    on:click=move |_| nav(&paths::ops::planning_week(&prev), Default::default())>"‹"</button>
                <span class="font-semibold" data-testid="week-of">{format!("{} – {}", day_label(week.locale.get_untracked(), &w.monday), day_label(week.locale.get_untracked(), &shift(&w.monday, 4)))}</span>
                <button type="button" class="btn btn-ghost btn-sm" aria-label=move || t_string!(i18n, plan_next_week)
                    on:click=move |_| navigate(&paths::ops::planning_week(&next), Default::default())>"›"</button>
            </div>
            <a class="btn btn-secondary btn-sm ml-auto" href=paths::ops::planning_day(&w.monday)>{t!(i18n, plan_day_board)}</a>
        </header>
        <p class="text-sm text-muted mb-2">{t!(i18n, plan_week_lead)}</p>
        <div aria-live="polite" data-testid="plan-notice">
            {move || week.notice.get().map(|(ok, text)| view! {
                <p class=if ok { "notice-ok mb-2" } else { "badge badge-danger mb-2" } role=if ok { "status" } else { "alert" }>{text}</p>
            })}
        </div>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="week-caption">
            <table class="table week-table" data-testid="week">
                <caption id="week-caption" class="sr-only">{t!(i18n, plan_week_title)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, col_team)}</th>
                    {days.iter().map(|d| view! {
                        <th scope="col" data-date=d.date.clone()>
                            <a class="underline" href=paths::ops::planning_day(&d.date)>{day_label(week.locale.get_untracked(), &d.date)}</a>
                            {(d.unplanned > 0).then(|| view! { <span class="block text-xs text-muted font-normal">{format!("{} {}", d.unplanned, td_string!(week.locale.get_untracked(), plan_to_plan_word))}</span> })}
                        </th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {names.into_iter().map(|name| view! {
                        <tr>
                            <th scope="row" class="whitespace-nowrap">{name.clone()}</th>
                            {days.iter().map(|d| match d.teams.iter().find(|t| t.name == name) {
                                Some(t) => view! { <Cell t=t.clone() /> }.into_any(),
                                None => view! { <td class="week-empty text-muted">"—"</td> }.into_any(),
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Cell(t: WeekTeamDto) -> impl IntoView {
    let i18n = use_i18n();
    let week = expect_context::<Week>();
    let load = if t.shift_min > 0 {
        (f64::from(t.busy_min) / f64::from(t.shift_min) * 100.0).round() as i32
    } else {
        0
    };
    let (team, published) = (t.id, t.published);
    view! {
        <td class="week-cell" data-week-team=t.id data-published=t.published.to_string()
            data-dragging=move || week.dragging.with(Option::is_some).to_string()>
            <div class="week-load" title=format!("{load}%") data-over=(load > 100).to_string()>
                <span style=format!("width:{}%", load.min(100))></span>
            </div>
            <div class="text-xs text-muted">
                {format!("{} · {:.0} km · {} p", t.visits.len(), t.km, t.members)}
                {published.then_some(" · ✓")}
                {(t.flags > 0).then(|| view! { <span class="tl-flags ml-1">{format!("⚠ {}", t.flags)}</span> })}
            </div>
            <div class="flex flex-col gap-1 mt-1">
                {t.visits.into_iter().map(|v| {
                    let m = Moving { visit: v.clone(), from_team: team, from_published: published, to: None };
                    let (m1, m2, m3) = (m.clone(), m.clone(), m);
                    let label = format!("{} · {} — {}", v.order_number, v.city, td_string!(week.locale.get_untracked(), move_btn));
                    view! {
                        <div class="week-visit" role="button" tabindex="0" data-visit=v.id data-order=v.order_number.clone()
                            data-late=v.late.to_string() aria-label=label title=v.order_number.clone()
                            on:pointerdown=move |ev| begin_drag(&ev, m1.clone(), week.dragging, week.pointer, week.origin)
                            on:click=move |_| week.dialog.set(Some(m2.clone()))
                            on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                week.dialog.set(Some(m3.clone()));
                            }>
                            {v.city.clone()}
                        </div>
                    }
                }).collect_view()}
            </div>
            <span class="sr-only">{t!(i18n, plan_members)}": "{t.members}</span>
        </td>
    }
}

/// Where to (every team of the week) and why, for the keyboard and for a
/// drop onto a published day.
#[component]
fn MoveDialog() -> impl IntoView {
    let i18n = use_i18n();
    let week = expect_context::<Week>();
    move || {
        week.dialog.get().map(|m| {
            let target = RwSignal::new(m.to);
            let reason = RwSignal::new(String::new());
            let missing = RwSignal::new(false);
            let close = move || week.dialog.set(None);
            let published = week.published.get_value();
            let needs_reason = {
                let published = published.clone();
                let from = m.from_published;
                move || from || target.get().is_some_and(|t| published.contains(&t))
            };
            let needs = needs_reason.clone();
            let moving = m.clone();
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Some(to) = target.get_untracked() else { return };
                let why = reason.get_untracked();
                if needs() && why.trim().is_empty() {
                    missing.set(true);
                    return;
                }
                week.dialog.set(None);
                week.send(moving.clone(), to, (!why.trim().is_empty()).then_some(why));
            };
            let from = m.from_team;
            let cells: Vec<(i32, String)> = week
                .cells
                .get_value()
                .into_iter()
                .filter(|(id, _)| *id != from)
                .collect();
            crate::components::dialog::focus_dialog();
            view! {
                <div class="modal-backdrop" on:click=move |_| close()></div>
                <form class="modal" role="dialog" aria-modal="true" aria-labelledby="week-move-title" novalidate on:submit=submit
                    on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                    <h2 id="week-move-title" class="dialog-header">{t!(i18n, plan_move_title)}" "{m.visit.order_number.clone()}</h2>
                    <div class="dialog-body flex flex-col gap-3">
                        {m.to.is_none().then(|| view! {
                            <div class="field">
                                <label class="label" for="week-move-to">{t!(i18n, plan_move_to)}</label>
                                <select id="week-move-to" class="input" autofocus=true
                                    on:change=move |ev| target.set(event_target_value(&ev).parse().ok())>
                                    <option value="">"…"</option>
                                    {cells.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                                </select>
                            </div>
                        })}
                        <div class="field" hidden=move || !needs_reason()>
                            <label class="label" for="week-move-reason">{t!(i18n, plan_reason)}</label>
                            <input id="week-move-reason" class="input" type="text" maxlength="200" autofocus=m.to.is_some()
                                aria-invalid=move || missing.get().to_string() aria-describedby="week-move-hint"
                                on:input=move |ev| reason.set(event_target_value(&ev)) />
                            <p id="week-move-hint" class="text-sm text-muted">{t!(i18n, plan_week_reason_hint)}</p>
                            <p role="alert" class="field-error" hidden=move || !missing.get()>{t!(i18n, plan_reason_needed)}</p>
                        </div>
                    </div>
                    <div class="dialog-footer">
                        <button type="button" class="btn btn-secondary" on:click=move |_| close()>{t!(i18n, cancel_action)}</button>
                        <button type="submit" class="btn btn-primary" disabled=move || target.get().is_none()>{t!(i18n, move_btn)}</button>
                    </div>
                </form>
            }
        })
    }
}
