//! The day's routes on a map of the Netherlands, each in its team's
//! colour; a route lights up with its lane, and choosing a route chooses
//! the lane.

use super::lanes::colour;
use super::Plan;
use crate::i18n::*;
use entity::dto::PlanningDayDto;
use leptos::prelude::*;

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
pub(super) fn Map(d: PlanningDayDto) -> impl IntoView {
    let i18n = use_i18n();
    let plan = expect_context::<Plan>();
    let outline = OUTLINE
        .iter()
        .map(|(lat, lng)| {
            let (x, y) = project(*lat, *lng);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let (dx, dy) = project(d.depot_lat, d.depot_lng);
    let any_lit = move || plan.hover.get().or(plan.focus.get()).is_some();
    view! {
        <section class="dispatch-map card-flat" aria-labelledby="h-map">
            <h2 id="h-map" class="sr-only">{t!(i18n, plan_map)}</h2>
            <svg class="plan-map" viewBox="0 0 270 310" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="h-map" data-testid="map">
                <polygon points=outline class="map-land" />
                {d.unassigned.iter().map(|v| {
                    let (x, y) = project(v.lat, v.lng);
                    view! {
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="2.2" class="map-unplanned">
                            <title>{format!("{} · {}", v.order_number, v.city)}</title>
                        </circle>
                    }
                }).collect_view()}
                {d.teams.iter().enumerate().map(|(i, t)| {
                    let team = t.id;
                    let c = colour(i);
                    let mut pts = vec![(dx, dy)];
                    pts.extend(t.stops.iter().map(|s| project(s.visit.lat, s.visit.lng)));
                    pts.push((dx, dy));
                    let line = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
                    view! {
                        <g data-team=team class="map-route"
                            data-lit=move || plan.lit(team).to_string()
                            data-dim=move || (any_lit() && !plan.lit(team)).to_string()
                            on:mouseenter=move |_| plan.hover.set(Some(team))
                            on:mouseleave=move |_| plan.hover.set(None)
                            on:click=move |_| {
                                plan.choose(team);
                                if let Some(el) = document().get_element_by_id(&format!("lane-{team}")) {
                                    el.scroll_into_view_with_bool(false);
                                }
                            }>
                            <polyline points=line fill="none" stroke=c stroke-width="1.4" stroke-linejoin="round" />
                            {t.stops.iter().map(|s| {
                                let (x, y) = project(s.visit.lat, s.visit.lng);
                                view! {
                                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="3.2" fill=c>
                                        <title>{format!("{} · {} · {}", t.name, s.visit.order_number, s.visit.city)}</title>
                                    </circle>
                                }
                            }).collect_view()}
                        </g>
                    }
                }).collect_view()}
                <rect x=format!("{:.1}", dx - 3.5) y=format!("{:.1}", dy - 3.5) width="7" height="7" class="map-depot">
                    <title>"Depot Nijkerk"</title>
                </rect>
            </svg>
        </section>
    }
}
