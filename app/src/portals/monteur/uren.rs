//! `/monteur/uren?datum=`: the technician's own hours of a day (002 "Time
//! Tracking"), from the steps they recorded: driving, on site, breaks,
//! worked against the shift, and overtime. Breaks are started and ended on
//! the visit page, where the app is during the day.

use crate::api::field::field_timesheet;
use crate::components::form::DayField;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::time::{duration, local_clock};
use entity::dto::TimesheetDto;
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TechnicianHoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let date = move || query.read().get("datum").unwrap_or_default();
    let data = Resource::new(date, field_timesheet);
    view! {
        <PageTitle text=move || t_string!(i18n, hours_title).to_string() />
        <super::InstallableApp />
        <section class="max-w-2xl">
            <div class="flex flex-wrap items-end justify-between gap-3 mb-3">
                <h1 class="text-2xl font-bold">{t!(i18n, hours_title)}</h1>
                <DayField id="hours-date" value=Signal::derive(date) to=paths::technician::hours />
            </div>
            <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(s)) => view! { <Sheet s=s /> }.into_any(),
                        Ok(None) => view! { <p class="card text-muted" role="status">{t!(i18n, tech_no_team)}</p> }.into_any(),
                        Err(_) => view! { <ErrorNotice /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The day's totals and its visits (also on ops' hours page).
#[component]
pub fn Sheet(s: TimesheetDto) -> impl IntoView {
    let i18n = use_i18n();
    let t = s.sheet.clone();
    let over_class = if t.overtime_min > 0 {
        "text-danger font-bold"
    } else {
        ""
    };
    let span = match (t.start, t.end) {
        (Some(a), Some(b)) => format!("{}–{}", local_clock(a), local_clock(b)),
        _ => "–".to_owned(),
    };
    view! {
        <div class="card flex flex-col gap-2" data-testid="timesheet" data-technician=s.technician.clone()>
            <p class="text-sm text-muted">
                {s.team.clone().unwrap_or_default()}" · "{t!(i18n, hours_shift)}" "{duration(s.shift_min)}" · "{span}
            </p>
            <dl class="hours-grid">
                <div><dt>{t!(i18n, hours_worked)}</dt><dd data-testid="hours-worked">{duration(t.worked_min)}</dd></div>
                <div><dt>{t!(i18n, hours_driving)}</dt><dd data-testid="hours-driving">{duration(t.driving_min)}</dd></div>
                <div><dt>{t!(i18n, hours_on_site)}</dt><dd data-testid="hours-on-site">{duration(t.on_site_min)}</dd></div>
                <div><dt>{t!(i18n, hours_breaks)}</dt><dd data-testid="hours-breaks">{duration(t.break_min)}</dd></div>
                <div><dt>{t!(i18n, hours_overtime)}</dt>
                    <dd data-testid="hours-overtime" class=over_class>
                        {duration(t.overtime_min)}
                    </dd>
                </div>
            </dl>
            {t.on_break.then(|| view! { <p class="badge badge-warn self-start" data-testid="on-break">{t!(i18n, hours_on_break)}</p> })}
            {(!s.visits.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0">
                    <table class="table text-sm">
                        <thead><tr>
                            <th scope="col">{t!(i18n, col_order)}</th>
                            <th scope="col" class="text-right">{t!(i18n, hours_driving)}</th>
                            <th scope="col" class="text-right">{t!(i18n, hours_on_site)}</th>
                        </tr></thead>
                        <tbody>
                            {s.visits.iter().map(|v| view! {
                                <tr>
                                    <td>{v.order_number.clone()}" · "{v.customer.clone()}</td>
                                    <td class="text-right">{duration(v.driving_min)}</td>
                                    <td class="text-right">{duration(v.on_site_min)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {s.visits.is_empty().then(|| view! { <p class="text-sm text-muted">{t!(i18n, hours_nothing_yet)}</p> })}
        </div>
    }
}
