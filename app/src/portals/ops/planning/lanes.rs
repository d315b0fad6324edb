//! The team lanes as timelines, 07:00–19:00: the shift shaded, each stop a
//! bar as long as its work over the customer's window, each drive a thin
//! bar, lateness striped red on the stop and overtime red on the way back.

use super::{start_drag, Drag, Moving, Plan, Tab};
use crate::i18n::*;
use entity::domain::planning::{flags_of, Flag};
use entity::domain::time::clock as hhmm;
use entity::dto::{PersonDto, PlanningDayDto, TeamLaneDto};
use leptos::prelude::*;

/// The timeline's first and last minute of the day.
const DAY_START: i32 = 7 * 60;
const DAY_END: i32 = 19 * 60;

/// Team colours (on the lanes and their routes on the map); white text
/// stays readable on each.
pub(super) const COLOURS: [&str; 8] = [
    "#0f766e", "#b45309", "#7c3aed", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490",
];

pub(super) fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

/// Where a minute of the day lies on the track, in percent.
fn pct(minute: i32) -> f64 {
    (f64::from(minute - DAY_START) / f64::from(DAY_END - DAY_START) * 100.0).clamp(0.0, 100.0)
}

/// `left` and `width` of a bar from one minute to another.
fn span(from: i32, to: i32) -> String {
    let (a, b) = (pct(from), pct(to));
    format!("left:{a:.2}%;width:{:.2}%", (b - a).max(0.4))
}

/// "Daan Mulder" → "DM".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

#[component]
pub(super) fn Timeline(d: PlanningDayDto, people: StoredValue<Vec<PersonDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let hours = (DAY_START / 60..=DAY_END / 60).map(|h| {
        view! { <span class="tl-tick" style=format!("left:{:.2}%", pct(h * 60))>{format!("{h:02}")}</span> }
    });
    view! {
        <section class="dispatch-lanes card-flat" aria-labelledby="h-lanes">
            <h2 id="h-lanes" class="sr-only">{t!(i18n, plan_teams)}</h2>
            <div class="tl-hours" aria-hidden="true">
                <span></span>
                <div class="tl-track">{hours.collect_view()}</div>
            </div>
            <div class="dispatch-scroll" tabindex="0" aria-labelledby="h-lanes">
                {if d.teams.is_empty() {
                    view! { <p class="text-muted p-3">{t!(i18n, plan_no_teams)}</p> }.into_any()
                } else {
                    d.teams.iter().enumerate().map(|(i, t)| {
                        let flags: Vec<Flag> = flags_of(&d.flags, &t.name).cloned().collect();
                        view! { <Lane t=t.clone() index=i flags=flags people=people /> }
                    }).collect_view().into_any()
                }}
            </div>
        </section>
    }
}

#[component]
fn Lane(
    t: TeamLaneDto,
    index: usize,
    flags: Vec<Flag>,
    people: StoredValue<Vec<PersonDto>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let team = t.id;
    let names: Vec<String> = t
        .member_ids
        .iter()
        .filter_map(|id| {
            people.with_value(|ps| ps.iter().find(|p| p.id == *id).map(|p| p.name.clone()))
        })
        .collect();
    let short = names
        .iter()
        .map(|n| initials(n))
        .collect::<Vec<_>>()
        .join(" ");
    let blocking = flags.iter().any(Flag::blocks_publishing);
    let warnings = flags.len();
    let over = t.back_min - t.shift_end_min;
    let published = t.published;
    let mut bars = Vec::new();
    let mut prev_end = t.shift_start_min;
    let count = t.stops.len();
    for (i, s) in t.stops.iter().enumerate() {
        let v = s.visit.clone();
        let late = s.timing.late_min;
        let label = format!(
            "{} · {} · {} {} · {} {}–{}{}",
            v.order_number,
            v.city,
            td_string!(plan.locale(), plan_eta),
            hhmm(s.timing.arrive_min),
            td_string!(plan.locale(), plan_window),
            hhmm(v.window_start_min),
            hhmm(v.window_end_min),
            if late > 0 {
                format!(
                    " · {late} min {}",
                    td_string!(plan.locale(), plan_late_word)
                )
            } else {
                String::new()
            }
        );
        let drag = start_drag(plan, Drag::visit(&v));
        let moving = Moving::Visit {
            visit: v.clone(),
            team: Some(team),
            index: Some(i),
            published,
        };
        let (m1, m2) = (moving.clone(), moving);
        bars.push(view! {
            <div class="tl-window" style=span(v.window_start_min, v.window_end_min)></div>
            <div class="tl-drive" style=span(prev_end, s.timing.arrive_min)></div>
            <div class="tl-stop" role="button" tabindex="0" id=format!("visit-{}", v.id)
                data-stop=i data-visit=v.id data-order=v.order_number.clone() data-start=s.timing.start_min
                data-late=(late > 0).to_string() data-pinned=v.pinned.to_string()
                style=span(s.timing.start_min, s.timing.end_min) title=label.clone() aria-label=label
                on:pointerdown=move |ev| if !published { drag(ev) }
                on:click=move |_| plan.moving.set(Some(m1.clone()))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        plan.moving.set(Some(m2.clone()));
                    }
                }>
                <span class="tl-seq">{i + 1}</span>
                <span class="truncate">{v.city.clone()}</span>
            </div>
        });
        prev_end = s.timing.end_min;
    }
    let back = (count > 0).then(|| {
        view! {
            <div class="tl-drive" style=span(prev_end, t.back_min.min(t.shift_end_min.max(prev_end)))></div>
            {(over > 0).then(|| view! {
                <div class="tl-over" style=span(t.shift_end_min.max(prev_end), t.back_min)
                    title=format!("{over} min {}", td_string!(plan.locale(), plan_overtime_word))></div>
            })}
        }
    });
    let flag_title = flags
        .iter()
        .map(|f| super::flag_text(plan.locale(), f))
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        <div class="tl-lane" data-lane=team data-version=t.version data-members=t.member_ids.len() role="group" aria-labelledby=format!("lane-{team}")
            style=format!("--lane: {}", colour(index))
            data-focus=move || plan.lit(team).to_string()
            data-dragging=move || plan.dragging.with(Option::is_some).to_string()
            on:mouseenter=move |_| plan.hover.set(Some(team))
            on:mouseleave=move |_| plan.hover.set(None)>
            <div class="tl-label">
                <button type="button" id=format!("lane-{team}") class="tl-name"
                    aria-pressed=move || (plan.focus.get() == Some(team)).to_string()
                    on:click=move |_| plan.choose(team)>
                    {t.name.clone()}
                </button>
                <span class="tl-people" title=names.join(", ") data-testid="lane-people">
                    {if short.is_empty() { "—".to_owned() } else { short }}
                </span>
                {published.then(|| view! {
                    <span class="tl-pub" title=move || t_string!(i18n, plan_is_published)>"✓"<span class="sr-only">{t!(i18n, plan_is_published)}</span></span>
                })}
                {(warnings > 0).then(|| view! {
                    <button type="button" class=if blocking { "tl-flags tl-flags-block" } else { "tl-flags" }
                        data-testid="lane-flags" title=flag_title
                        aria-label=format!("{warnings} {} {}", td_string!(plan.locale(), plan_warnings_word), t.name)
                        on:click=move |_| { plan.focus.set(Some(team)); plan.tab.set(Tab::Warnings); }>
                        {format!("⚠ {warnings}")}
                    </button>
                })}
            </div>
            <div class="tl-track" data-track="true">
                <div class="tl-shift" style=span(t.shift_start_min, t.shift_end_min)></div>
                {bars}
                {back}
            </div>
        </div>
    }
}
