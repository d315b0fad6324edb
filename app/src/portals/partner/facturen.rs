//! `/partner/facturen`: the invoices of the partner's orders (those the
//! customer pays, with the partner's commission, and those the partner
//! pays), with their PDFs and what they add up to.

use crate::api::partner_api::partner_invoices;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::money::euro;
use entity::domain::Portal;
use entity::paths;
use leptos::prelude::*;

/// How many invoices show at first, and how many more each "Meer tonen".
const PAGE: usize = 25;

#[component]
pub fn PartnerInvoicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_invoices());
    // Newest first, a page at a time: a phone need not lay out hundreds.
    let shown = RwSignal::new(PAGE);
    let status = move |s: &str| match s {
        "paid" => t_string!(i18n, inv_paid).to_string(),
        "overdue" => t_string!(i18n, inv_overdue).to_string(),
        "credited" => t_string!(i18n, inv_credited).to_string(),
        _ => t_string!(i18n, inv_open).to_string(),
    };
    view! {
        <PageTitle text=move || t_string!(i18n, inv_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, inv_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, inv_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! {
                        <div class="grid sm:grid-cols-3 gap-3 mb-4" data-testid="inv-totals">
                            <div class="card"><p class="text-sm text-muted">{t!(i18n, inv_to_pay)}</p>
                                <p class="text-xl font-bold" data-testid="inv-to-pay">{euro(d.to_pay_cents)}</p></div>
                            <div class="card"><p class="text-sm text-muted">{t!(i18n, inv_commission_earned)}</p>
                                <p class="text-xl font-bold" data-testid="inv-earned">{euro(d.commission_earned_cents)}</p></div>
                            <div class="card"><p class="text-sm text-muted">{t!(i18n, inv_commission_pending)}</p>
                                <p class="text-xl font-bold">{euro(d.commission_pending_cents)}</p></div>
                        </div>
                        {if d.rows.is_empty() {
                            view! { <p class="text-muted">{t!(i18n, inv_none)}</p> }.into_any()
                        } else {
                            let total = d.rows.len();
                            let rows = StoredValue::new(d.rows);
                            view! {
                                <div class="table-wrap" tabindex="0">
                                    <table class="table table-stack" data-testid="inv-table">
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, inv_number)}</th>
                                            <th scope="col">{t!(i18n, po_order)}</th>
                                            <th scope="col">{t!(i18n, inv_payer)}</th>
                                            <th scope="col" class="text-right">{t!(i18n, inv_amount)}</th>
                                            <th scope="col" class="text-right">{t!(i18n, inv_commission)}</th>
                                            <th scope="col">{t!(i18n, po_status)}</th>
                                            <th scope="col">{t!(i18n, inv_issued)}</th>
                                            <th scope="col">{t!(i18n, inv_due)}</th>
                                            <th scope="col"><span class="sr-only">"PDF"</span></th>
                                        </tr></thead>
                                        <tbody>
                                            {move || rows.with_value(|all| all.iter().take(shown.get()).cloned().map(|r| {
                                                let payer = if r.payer == "partner" { t_string!(i18n, inv_payer_partner) } else { t_string!(i18n, inv_payer_customer) };
                                                let label = status(&r.status);
                                                let late = r.status == "overdue";
                                                view! {
                                                    <tr>
                                                        <td class="whitespace-nowrap font-semibold">{r.invoice_number.clone()}</td>
                                                        <td class="whitespace-nowrap" data-label=t_string!(i18n, po_order)><a class="link" href=paths::order(Portal::Partner, &r.order_number)>{r.order_number.clone()}</a></td>
                                                        <td data-label=t_string!(i18n, inv_payer)>{payer}</td>
                                                        <td class="text-right whitespace-nowrap" data-label=t_string!(i18n, inv_amount)>{euro(r.amount_cents)}</td>
                                                        <td class="text-right whitespace-nowrap" data-label=t_string!(i18n, inv_commission)>{euro(r.commission_cents)}</td>
                                                        <td class:text-danger=late data-label=t_string!(i18n, po_status)>{label}{r.paid.map(|p| format!(" · {p}"))}</td>
                                                        <td class="whitespace-nowrap" data-label=t_string!(i18n, inv_issued)>{r.issued}</td>
                                                        <td class="whitespace-nowrap" data-label=t_string!(i18n, inv_due)>{r.due}</td>
                                                        <td><a class="link" href=r.pdf_url download
                                                            aria-label=format!("PDF {}", r.invoice_number)>"PDF"</a></td>
                                                    </tr>
                                                }
                                            }).collect_view())}
                                        </tbody>
                                    </table>
                                </div>
                                <Show when=move || { shown.get() < total }>
                                    <p class="mt-3 flex flex-wrap gap-3 items-center">
                                        <button class="btn" type="button" data-testid="inv-more"
                                            on:click=move |_| shown.update(|n| *n += PAGE)>{t!(i18n, inv_more)}</button>
                                        <span class="text-sm text-muted">{move || format!("{} / {total}", shown.get().min(total))}</span>
                                    </p>
                                </Show>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}
