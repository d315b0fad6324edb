//! `/partner/orders`: the partner's orders, with filters (status, brand,
//! region, created between), a search and a CSV download of the selection;
//! `/partner/orders/:number`: one of them, with their side of the quote and
//! its timeline.

use crate::api::partner_api::partner_orders;
use crate::components::notice::ErrorNotice;
use crate::components::portal_order::PortalOrderView;
use crate::components::status::status_label;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::Portal;
use entity::dto::PartnerOrderFilter;
use entity::paths;
use leptos::prelude::*;

#[component]
pub fn PartnerOrderPage() -> impl IntoView {
    view! { <PortalOrderView portal=Portal::Partner /> }
}

#[component]
pub fn PartnerOrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(PartnerOrderFilter::default());
    let data = Resource::new(move || filter.get(), partner_orders);
    let set = move |apply: fn(&mut PartnerOrderFilter, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|f| {
                apply(f, v);
                f.page = 0;
            });
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, po_title).to_string() />
        <div class="flex flex-wrap items-baseline justify-between gap-2 mb-3">
            <h1 class="text-2xl font-bold">{t!(i18n, po_title)}</h1>
            <a class="btn" href=move || paths::api::partner_orders_csv(&filter.get()) download="orders.csv" data-testid="po-csv">
                {t!(i18n, po_csv)}
            </a>
        </div>
        <form class="card grid sm:grid-cols-3 lg:grid-cols-7 gap-3 items-end mb-4" role="search"
            on:submit=|ev| ev.prevent_default()>
            <div class="field sm:col-span-2">
                <label class="label" for="po-q">{t!(i18n, po_search)}</label>
                <input id="po-q" class="input" type="search" placeholder="CC-2026-…, naam, 3861 AB, plaats"
                    on:change=set(|f, v| f.q = v) />
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let d = data.await.ok();
                    let (statuses, brands, regions) = d
                        .map(|d| (d.statuses, d.brands, d.regions))
                        .unwrap_or_default();
                    view! {
                        <div class="field">
                            <label class="label" for="po-status">{t!(i18n, po_status)}</label>
                            <select id="po-status" class="select" on:change=set(|f, v| f.status = v)
                                prop:value=move || filter.with(|f| f.status.clone())>
                                <option value="">{t!(i18n, po_all)}</option>
                                {statuses.into_iter().map(|s| {
                                    let label = status_label(i18n.get_locale(), &s);
                                    view! { <option value=s>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="label" for="po-brand">{t!(i18n, po_brand)}</label>
                            <select id="po-brand" class="select" on:change=set(|f, v| f.entity = v)
                                prop:value=move || filter.with(|f| f.entity.clone())>
                                <option value="">{t!(i18n, po_all)}</option>
                                {brands.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="label" for="po-region">{t!(i18n, po_region)}</label>
                            <select id="po-region" class="select" on:change=set(|f, v| f.region = v)
                                prop:value=move || filter.with(|f| f.region.clone())>
                                <option value="">{t!(i18n, po_all)}</option>
                                {regions.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                })}
            </Transition>
            <div class="field">
                <label class="label" for="po-from">{t!(i18n, po_from)}</label>
                <input id="po-from" class="input" type="date" on:change=set(|f, v| f.from = v) />
            </div>
            <div class="field">
                <label class="label" for="po-to">{t!(i18n, po_to)}</label>
                <input id="po-to" class="input" type="date" on:change=set(|f, v| f.to = v) />
            </div>
        </form>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let (page, pages) = (d.page, d.pages);
                        let (first, last) = (page == 0, page + 1 >= pages);
                        view! {
                            <p class="text-sm text-muted mb-2" data-testid="po-total">
                                {d.total}" "{t!(i18n, po_orders)}
                            </p>
                            <div class="table-wrap" tabindex="0">
                                <table class="table" data-testid="po-table">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, po_order)}</th>
                                        <th scope="col">{t!(i18n, po_customer)}</th>
                                        <th scope="col">{t!(i18n, po_place)}</th>
                                        <th scope="col">{t!(i18n, po_brand)}</th>
                                        <th scope="col">{t!(i18n, po_status)}</th>
                                        <th scope="col">{t!(i18n, po_created)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {d.rows.into_iter().map(|r| {
                                            let label = status_label(i18n.get_locale(), &r.status);
                                            view! {
                                                <tr>
                                                    <td class="whitespace-nowrap"><a class="link" href=paths::order(Portal::Partner, &r.order_number)>{r.order_number.clone()}</a></td>
                                                    <td>{r.customer}</td>
                                                    <td title=r.region>{r.postcode}" "{r.city}</td>
                                                    <td>{r.brand}</td>
                                                    <td>{label}<span class="text-muted text-sm">" · "{r.status_since}</span></td>
                                                    <td class="whitespace-nowrap">{r.created}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="flex gap-2 items-center mt-3" aria-label=move || t_string!(i18n, po_pages).to_string()>
                                <button class="btn btn-sm" type="button" disabled=first
                                    on:click=move |_| filter.update(|f| f.page = page.saturating_sub(1))>{t!(i18n, po_prev)}</button>
                                <span class="text-sm">{page + 1}" / "{pages}</span>
                                <button class="btn btn-sm" type="button" disabled=last
                                    on:click=move |_| filter.update(|f| f.page = page + 1)>{t!(i18n, po_next)}</button>
                            </nav>
                        }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}
