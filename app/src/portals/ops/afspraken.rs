//! `/ops/afspraken`: appointments customers chose or moved themselves,
//! newest first, with their reason, whether the route was already
//! published, and how often each order moved.

use crate::api::appointments::appointment_changes;
use crate::components::format::day_label;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::time::clock;
use entity::domain::Portal;
use entity::dto::{AppointmentChangeDto, AppointmentDto};
use entity::paths;
use leptos::prelude::*;

fn slot(locale: Locale, a: &AppointmentDto) -> String {
    format!(
        "{} {}–{}",
        day_label(locale, &a.date),
        clock(a.start_min),
        clock(a.end_min)
    )
}

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| appointment_changes());
    view! {
        <PageTitle text=move || t_string!(i18n, appts_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, appts_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, appts_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(r) if r.is_empty() => view! { <p class="text-muted">{t!(i18n, appts_none)}</p> }.into_any(),
                    Ok(r) => view! { <ChangesTable rows=r /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The bookings and moves as a table (also on the order page).
#[component]
pub fn ChangesTable(rows: Vec<AppointmentChangeDto>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="table" data-testid="appointment-changes">
                <thead><tr>
                    <th scope="col">{t!(i18n, col_order)}</th>
                    <th scope="col">{t!(i18n, col_kind)}</th>
                    <th scope="col">{t!(i18n, col_from)}</th>
                    <th scope="col">{t!(i18n, col_to_appt)}</th>
                    <th scope="col">{t!(i18n, col_reason)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_moves)}</th>
                    <th scope="col">{t!(i18n, col_by)}</th>
                    <th scope="col">{t!(i18n, col_at)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let href = paths::order(Portal::Operations, &r.order_number);
                        let kind = if r.kind == "rescheduled" { td_string!(locale, appt_kind_rescheduled) } else { td_string!(locale, appt_kind_booked) };
                        view! {
                            <tr>
                                <th scope="row" class="whitespace-nowrap"><a href=href>{r.order_number.clone()}</a>
                                    <div class="text-xs text-muted">{r.customer.clone()}</div></th>
                                <td>{kind}{r.after_publishing.then(|| view! { " " <span class="badge badge-warn">{t!(i18n, appt_after_publishing)}</span> })}</td>
                                <td class="whitespace-nowrap">{r.from.as_ref().map(|f| slot(locale, f)).unwrap_or_else(|| "–".into())}</td>
                                <td class="whitespace-nowrap">{slot(locale, &r.to)}</td>
                                <td>{r.reason.clone().unwrap_or_default()}</td>
                                <td class="text-right">{(r.moves > 0).then(|| { let class = if r.moves > 1 { "badge badge-warn" } else { "badge badge-info" }; view! { <span class=class>{r.moves}</span> } })}</td>
                                <td>{r.by.clone()}</td>
                                <td class="whitespace-nowrap">{r.at.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
