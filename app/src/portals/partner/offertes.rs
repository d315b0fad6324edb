//! `/partner/offertes`: the quotes on the table for the partner's orders.
//! Those waiting for the partner (000: 24 hours after the customer's
//! approval) come first and can be approved one by one or several at
//! once; a revision is asked on the order's page, with a reason.

use crate::api::partner_api::{approve_partner_quotes, partner_quotes};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::money::euro;
use entity::domain::Portal;
use entity::dto::BulkApprovalDto;
use entity::paths;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn PartnerQuotesPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| partner_quotes());
    let chosen = RwSignal::new(BTreeSet::<(String, i32)>::new());
    let approve = Action::new(|items: &Vec<(String, i32)>| {
        let items = items.clone();
        async move { approve_partner_quotes(items).await }
    });
    Effect::new(move |_| {
        if approve.value().get().is_some() {
            chosen.set(BTreeSet::new());
            reload.update(|n| *n += 1);
        }
    });
    let outcome = move || {
        approve.value().get().map(|r| match r {
            Ok(list) => {
                let ok = list.iter().filter(|b| b.refused.is_none()).count();
                let refused: Vec<BulkApprovalDto> = list.into_iter().filter(|b| b.refused.is_some()).collect();
                view! {
                    <div class="card mt-3" role="status" data-testid="pq-outcome">
                        <p><strong>{ok}</strong>" "{t!(i18n, pq_approved)}</p>
                        <ul class="text-sm text-danger">
                            {refused.into_iter().map(|b| view! {
                                <li>{b.order_number}": "{t!(i18n, pq_refused)}" ("{b.refused.unwrap_or_default()}")"</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any()
            }
            Err(_) => view! { <ErrorNotice /> }.into_any(),
        })
    };
    view! {
        <PageTitle text=move || t_string!(i18n, pq_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, pq_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, pq_intro)}</p>
        <div class="flex flex-wrap gap-3 items-center mb-3">
            <button class="btn btn-primary" type="button" data-testid="pq-approve-selected"
                disabled=move || chosen.with(|c| c.is_empty()) || approve.pending().get()
                on:click=move |_| { approve.dispatch(chosen.get_untracked().into_iter().collect()); }>
                {move || format!("{} ({})", t_string!(i18n, pq_approve_selected), chosen.with(|c| c.len()))}
            </button>
        </div>
        {outcome}
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="text-muted">{t!(i18n, pq_none)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap" tabindex="0">
                            <table class="table table-stack" data-testid="pq-table">
                                <thead><tr>
                                    <th scope="col"><span class="sr-only">{t!(i18n, pq_select)}</span></th>
                                    <th scope="col">{t!(i18n, po_order)}</th>
                                    <th scope="col">{t!(i18n, po_customer)}</th>
                                    <th scope="col">{t!(i18n, po_brand)}</th>
                                    <th scope="col" class="text-right">{t!(i18n, pq_your_share)}</th>
                                    <th scope="col">{t!(i18n, pq_waits_for)}</th>
                                    <th scope="col">{t!(i18n, pq_due)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let mine = r.awaiting == "partner";
                                        let key = (r.order_number.clone(), r.quote_id);
                                        let k2 = key.clone();
                                        let label = format!("{} {}", t_string!(i18n, pq_select), r.order_number);
                                        view! {
                                            <tr data-testid="pq-row" data-awaiting=r.awaiting.clone()>
                                                <td class="stack-side">
                                                    {mine.then(|| view! {
                                                        <input type="checkbox" aria-label=label.clone()
                                                            prop:checked=move || chosen.with(|c| c.contains(&k2))
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                let k = key.clone();
                                                                chosen.update(|c| { if on { c.insert(k); } else { c.remove(&k); } });
                                                            } />
                                                    })}
                                                </td>
                                                <td class="whitespace-nowrap"><a class="link" href=paths::order(Portal::Partner, &r.order_number)>{r.order_number.clone()}</a>
                                                    <span class="text-muted text-sm">" v"{r.version}</span></td>
                                                <td>{r.customer}<span class="text-muted">" · "{r.city}</span></td>
                                                <td data-label=t_string!(i18n, po_brand)>{r.brand}</td>
                                                <td class="text-right whitespace-nowrap" data-label=t_string!(i18n, pq_your_share)>{euro(r.partner_total_cents)}</td>
                                                <td data-label=t_string!(i18n, pq_waits_for)>{if mine { t_string!(i18n, pq_you) } else { t_string!(i18n, pq_customer) }}</td>
                                                <td class:text-danger=r.overdue class="whitespace-nowrap" data-label=t_string!(i18n, pq_due)>{r.due.unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}
