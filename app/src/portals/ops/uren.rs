//! `/ops/uren?datum=`: every technician's hours on a day (002 "Overtime
//! Tracking"), by team: worked against the shift, driving, on site,
//! breaks, and overtime first to the eye.

use crate::api::planning::planning_timesheets;
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
pub fn HoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let date = move || query.read().get("datum").unwrap_or_default();
    let rows = Resource::new(date, planning_timesheets);
    view! {
        <PageTitle text=move || t_string!(i18n, hours_ops_title).to_string() />
        <div class="flex flex-wrap items-end justify-between gap-3 mb-3">
            <div>
                <h1 class="text-2xl font-bold">{t!(i18n, hours_ops_title)}</h1>
                <p class="text-muted">{t!(i18n, hours_ops_intro)}</p>
            </div>
            <DayField id="hours-date" value=Signal::derive(date) to=paths::ops::hours />
        </div>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(r) if r.is_empty() => view! { <p class="text-muted">{t!(i18n, hours_ops_none)}</p> }.into_any(),
                    Ok(r) => view! { <HoursTable rows=r /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HoursTable(rows: Vec<TimesheetDto>) -> impl IntoView {
    let i18n = use_i18n();
    let over: i32 = rows.iter().map(|r| r.sheet.overtime_min).sum();
    let over_class = if over > 0 { "text-danger" } else { "" };
    view! {
        <p class="mb-2" data-testid="hours-total-overtime">
            {t!(i18n, hours_overtime)}": "<strong class=over_class>{duration(over)}</strong>
        </p>
        <div class="table-wrap" tabindex="0">
            <table class="table" data-testid="hours-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, hours_technician)}</th>
                    <th scope="col">{t!(i18n, hours_team)}</th>
                    <th scope="col">{t!(i18n, hours_span)}</th>
                    <th scope="col" class="text-right">{t!(i18n, hours_shift)}</th>
                    <th scope="col" class="text-right">{t!(i18n, hours_worked)}</th>
                    <th scope="col" class="text-right">{t!(i18n, hours_driving)}</th>
                    <th scope="col" class="text-right">{t!(i18n, hours_on_site)}</th>
                    <th scope="col" class="text-right">{t!(i18n, hours_breaks)}</th>
                    <th scope="col" class="text-right">{t!(i18n, hours_overtime)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let t = r.sheet;
                        let span = match (t.start, t.end) {
                            (Some(a), Some(b)) => format!("{}–{}", local_clock(a), local_clock(b)),
                            _ => "–".to_owned(),
                        };
                        view! {
                            <tr data-technician=r.technician.clone()>
                                <td>{r.technician.clone()}</td>
                                <td>{r.team.clone().unwrap_or_default()}</td>
                                <td>{span}{t.on_break.then(|| view! { " " <span class="badge badge-warn">{t!(i18n, hours_on_break)}</span> })}</td>
                                <td class="text-right">{duration(r.shift_min)}</td>
                                <td class="text-right">{duration(t.worked_min)}</td>
                                <td class="text-right">{duration(t.driving_min)}</td>
                                <td class="text-right">{duration(t.on_site_min)}</td>
                                <td class="text-right">{duration(t.break_min)}</td>
                                <td class="text-right" data-testid="row-overtime">
                                    {if t.overtime_min > 0 {
                                        view! { <strong class="text-danger">{format!("+{}", duration(t.overtime_min))}</strong> }.into_any()
                                    } else {
                                        view! { <span class="text-muted">"0:00"</span> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
