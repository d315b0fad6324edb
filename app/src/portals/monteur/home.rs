//! The technician's day (`/monteur`): their team's published route, phone
//! first. Each stop: the slot the customer was told, the expected arrival,
//! address with a route link, and the customer's phone.

use crate::api::planning::planning_my_day;
use crate::components::form::DayField;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::dto::MyDayDto;
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use entity::domain::time::clock as hhmm;

#[component]
pub fn TechnicianDayPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("datum").unwrap_or_default(),
        planning_my_day,
    );
    view! {
        <PageTitle text=move || t_string!(i18n, nav.today).to_string() />
        <super::InstallableApp />
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <MyDay d=d /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Keeps the shown day and the next, with their visit pages, on the phone
/// once the page runs in the browser with a connection, so that both open
/// without one (the basement, the next morning's garage).
fn keep_for_offline(date: String) {
    Effect::new(move |_| {
        let date = date.clone();
        leptos::task::spawn_local(async move {
            if !super::queue::online() {
                return;
            }
            let Ok(day) = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                return;
            };
            for d in [day, day + chrono::Duration::days(1)] {
                if let Ok(mine) = planning_my_day(d.to_string()).await {
                    if mine.published {
                        super::queue::keep_day(&mine).await;
                    }
                }
            }
        });
    });
}

#[component]
fn MyDay(d: MyDayDto) -> impl IntoView {
    let i18n = use_i18n();
    keep_for_offline(d.date.clone());
    let status = if d.technician.is_none() {
        Some(t_string!(i18n, tech_not_technician))
    } else if d.team.is_none() {
        Some(t_string!(i18n, tech_no_team))
    } else if !d.published {
        Some(t_string!(i18n, tech_not_published))
    } else {
        None
    };
    // What to load into the van for the whole day, by item.
    let mut load: Vec<(String, i32)> = Vec::new();
    for m in d.stops.iter().flat_map(|s| s.bring.iter()) {
        match load.iter_mut().find(|(n, _)| *n == m.name) {
            Some((_, q)) => *q += m.quantity,
            None => load.push((m.name.clone(), m.quantity)),
        }
    }
    view! {
        <section class="max-w-2xl">
            <div class="flex flex-wrap items-end justify-between gap-3 mb-3">
                <div>
                    <h1 class="text-2xl font-bold">{t!(i18n, nav.today)}</h1>
                    {d.team.clone().map(|t| view! {
                        <p class="text-muted" data-testid="my-team">
                            {t}{(!d.team_mates.is_empty()).then(|| format!(" · {}", d.team_mates.join(", ")))}
                        </p>
                    })}
                </div>
                <DayField id="my-date" value=Signal::stored(d.date.clone()) to=paths::technician::day />
            </div>
            {status.map(|s| view! { <p class="card text-muted" role="status">{s}</p> })}
            {d.published.then(|| view! {
                <p class="mb-3 text-sm" data-testid="my-summary">
                    {t!(i18n, tech_depart)}" "{hhmm(d.depart_min)}" · "
                    {format!("{:.0} km", d.km)}" · "
                    {t!(i18n, tech_back)}" "{hhmm(d.back_min)}
                </p>
            })}
            {(!load.is_empty()).then(|| view! {
                <details class="card mb-3" data-testid="day-bring">
                    <summary class="font-bold">{t!(i18n, tech_bring_day)}</summary>
                    <ul class="text-sm mt-2">
                        {load.into_iter().map(|(name, q)| view! { <li>{q}" × "{name}</li> }).collect_view()}
                    </ul>
                </details>
            })}
            <ol class="flex flex-col gap-3" aria-label=move || t_string!(i18n, tech_route)>
                {d.stops.iter().enumerate().map(|(i, s)| {
                    let slot = match (s.slot_start_min, s.slot_end_min) {
                        (Some(a), Some(b)) => format!("{}–{}", hhmm(a), hhmm(b)),
                        _ => String::new(),
                    };
                    let route = format!("https://www.google.com/maps/dir/?api=1&destination={},{}", s.lat, s.lng);
                    view! {
                        <li class="card flex flex-col gap-1" data-stop=s.order_number.clone()>
                            <div class="flex items-center justify-between gap-2">
                                <strong>{format!("{}. {}", i + 1, s.customer)}</strong>
                                <span class="badge badge-brand" title=move || t_string!(i18n, tech_slot)>{slot}</span>
                            </div>
                            <p class="text-sm">{s.address.clone()}</p>
                            <p class="text-sm text-muted">
                                {t!(i18n, tech_eta)}" "{hhmm(s.eta_min)}" · "{s.duration_min}" min · "
                                {s.order_number.clone()}" · "{s.chargers}" × "{t!(i18n, tech_charger)}
                            </p>
                            {(!s.skills.is_empty()).then(|| view! { <p class="text-sm text-muted">{s.skills.join(", ")}</p> })}
                            {(!s.bring.is_empty()).then(|| view! {
                                <p class="text-sm" data-testid="stop-bring">
                                    <strong>{t!(i18n, tech_bring)}": "</strong>
                                    {s.bring.iter().map(|m| format!("{} × {}", m.quantity, m.name)).collect::<Vec<_>>().join(", ")}
                                </p>
                            })}
                            {s.access.clone().map(|a| view! {
                                <crate::components::access::AccessList notes=a class="text-sm mt-1" testid="stop-access" />
                            })}
                            <div class="flex gap-2 flex-wrap mt-1">
                                <a class="btn btn-primary btn-sm" href=paths::technician::visit(s.visit_id, &d.date)>{t!(i18n, tech_open_visit)}</a>
                                <a class="btn btn-secondary btn-sm" href=route target="_blank" rel="noopener">{t!(i18n, tech_navigate)}</a>
                                {s.phone.clone().map(|p| view! {
                                    <a class="btn btn-secondary btn-sm" href=format!("tel:{}", p.replace(' ', ""))>{t!(i18n, tech_call)}" "{p.clone()}</a>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
