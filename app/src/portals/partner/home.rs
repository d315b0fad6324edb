//! `/partner`: the partner's dashboard (002 "Partner Dashboard", "Revenue
//! Tracking"): leads this month, conversion per step against 000's
//! targets, lead time to installation, installations, commission and the
//! monthly statements; then the partner's orders.

use crate::api::partner_api::partner_dashboard;
use crate::components::auth::use_session;
use crate::components::conversion::ConversionStrip;
use crate::components::notice::ErrorNotice;
use crate::components::portal_home::PortalHome;
use crate::i18n::*;
use entity::domain::money::euro;
use entity::domain::{Portal, Role};
use entity::dto::{CommissionStatementDto, PartnerDashboardDto};
use leptos::prelude::*;

#[component]
pub fn PartnerHomePage() -> impl IntoView {
    view! {
        <PortalHome portal=Portal::Partner>
            <DashboardIfPartner />
        </PortalHome>
    }
}

/// The dashboard is a partner's own; an admin looking at the portal has no
/// partner and sees the portal's sections only.
#[component]
fn DashboardIfPartner() -> impl IntoView {
    let session = use_session();
    move || {
        let partner = session
            .user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.role == Role::PartnerUser);
        partner.then(|| view! { <Dashboard /> })
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_dashboard());
    view! {
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Figures d=d /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A figure with what it compares to.
#[component]
fn Kpi(
    label: String,
    value: String,
    #[prop(optional)] note: Option<String>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="card" data-testid=testid>
            <p class="text-sm text-muted">{label}</p>
            <p class="text-2xl font-bold">{value}</p>
            {note.map(|n| view! { <p class="text-sm text-muted">{n}</p> })}
        </div>
    }
}

#[component]
fn Figures(d: PartnerDashboardDto) -> impl IntoView {
    let i18n = use_i18n();
    let s = |k: &str| -> String {
        match k {
            "leads" => t_string!(i18n, pd_leads_month).to_string(),
            "last" => t_string!(i18n, pd_last_month).to_string(),
            "inst" => t_string!(i18n, pd_installations_month).to_string(),
            "lead_time" => t_string!(i18n, pd_lead_time).to_string(),
            "days" => t_string!(i18n, pd_days).to_string(),
            "median" => t_string!(i18n, pd_median_over).to_string(),
            "open" => t_string!(i18n, pd_open_orders).to_string(),
            _ => String::new(),
        }
    };
    let lead_time = d
        .lead_time_days
        .map(|n| format!("{n} {}", s("days")))
        .unwrap_or_else(|| "–".into());
    view! {
        <section aria-labelledby="pd-perf" class="mb-6" data-testid="partner-dashboard">
            <h2 id="pd-perf" class="text-lg mb-3">
                {t!(i18n, pd_performance)}" · "{d.period_label.clone()}
            </h2>
            <div class="grid grid-cols-2 lg:grid-cols-4 gap-3 mb-4">
                <Kpi testid="pd-leads" label=s("leads") value=d.leads_this_month.to_string()
                    note=format!("{}: {}", s("last"), d.leads_last_month) />
                <Kpi testid="pd-installations" label=s("inst") value=d.installations_this_month.to_string()
                    note=format!("{}: {}", s("last"), d.installations_last_month) />
                <Kpi testid="pd-lead-time" label=s("lead_time") value=lead_time
                    note=format!("{} {}", s("median"), d.lead_time_orders) />
                <Kpi testid="pd-open" label=s("open") value=d.open_orders.to_string() />
            </div>
            <h3 class="text-base font-semibold mb-2">{t!(i18n, pd_conversion)}</h3>
            <ConversionStrip steps=d.conversion.clone() />
        </section>
        <section aria-labelledby="pd-commission" class="mb-6">
            <h2 id="pd-commission" class="text-lg mb-3">{t!(i18n, pd_commission)}</h2>
            <div class="grid grid-cols-2 lg:grid-cols-4 gap-3 mb-4" data-testid="pd-commission">
                <Kpi testid="pd-earned" label=t_string!(i18n, pd_earned).to_string() value=euro(d.commission_earned_cents)
                    note=t_string!(i18n, pd_earned_note).to_string() />
                <Kpi testid="pd-pending" label=t_string!(i18n, pd_pending).to_string() value=euro(d.commission_pending_cents)
                    note=t_string!(i18n, pd_pending_note).to_string() />
                <Kpi testid="pd-paid" label=t_string!(i18n, pd_paid).to_string() value=euro(d.commission_paid_cents) />
                <Kpi testid="pd-to-pay" label=t_string!(i18n, pd_to_pay).to_string() value=euro(d.commission_to_pay_cents) />
            </div>
            <Statements rows=d.statements />
        </section>
    }
}

#[component]
fn Statements(rows: Vec<CommissionStatementDto>) -> impl IntoView {
    let i18n = use_i18n();
    let state = move |r: &CommissionStatementDto| match r.state.as_str() {
        "paid" => format!(
            "{} {}",
            t_string!(i18n, pd_state_paid),
            r.paid_on.clone().unwrap_or_default()
        ),
        "payable" => format!("{} {}", t_string!(i18n, pd_state_payable), r.payable_by),
        "none" => t_string!(i18n, pd_state_none).to_string(),
        _ => t_string!(i18n, pd_state_open).to_string(),
    };
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="table" data-testid="pd-statements">
                <caption class="sr-only">{t!(i18n, pd_statements)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, pd_month)}</th>
                    <th scope="col" class="text-right">{t!(i18n, pd_invoices)}</th>
                    <th scope="col" class="text-right">{t!(i18n, inv_commission)}</th>
                    <th scope="col"><span class="sr-only">{t!(i18n, pd_downloads)}</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let label = state(&r);
                        let any = r.invoices > 0;
                        view! {
                            <tr data-period=r.period.clone() data-state=r.state.clone()>
                                <td>
                                    <span class="whitespace-nowrap">{r.label.clone()}</span>
                                    <span class="block text-sm text-muted">{label}</span>
                                </td>
                                <td class="text-right">{r.invoices}</td>
                                <td class="text-right whitespace-nowrap">{euro(r.commission_cents)}</td>
                                <td class="whitespace-nowrap">
                                    {any.then(|| view! {
                                        <a class="link" href=r.pdf_url.clone() download
                                            aria-label=format!("PDF {}", r.label)>"PDF"</a>
                                        " · "
                                        <a class="link" href=r.csv_url.clone() download
                                            aria-label=format!("CSV {}", r.label)>"CSV"</a>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
