use crate::api::orders::my_orders;
use crate::components::auth::use_session;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::nav;
use entity::domain::{Portal, Role};
use entity::paths;
use leptos::prelude::*;

/// The landing page of a portal: what it offers, and which parts are live.
/// Only roles that may open the portal see it.
#[component]
pub fn PortalHome(
    portal: Portal,
    /// What the portal's own user sees first (e.g. the customer's orders
    /// now), under the heading.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || nav::portal_label(i18n.get_locale(), portal);
    view! {
        <PageTitle text=move || label().to_string() />
        <section class="max-w-5xl">
            <h1 class="text-2xl sm:text-3xl font-bold mb-2">{label}</h1>
            <p class="text-muted mb-6">{move || nav::portal_description(i18n.get_locale(), portal)}</p>
            {children.map(|c| c())}
            <OwnOrdersIfTenant portal=portal />
            <h2 class="text-lg mb-3">{t!(i18n, portal_sections)}</h2>
            <ul role="list" class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {nav::items(portal)
                    .iter()
                    .skip(1)
                    .map(|item| {
                        let section = item.section;
                        let label = move || nav::section_label(i18n.get_locale(), section);
                        match item.href {
                            Some(href) => view! {
                                <li class="card flex items-center justify-between gap-2">
                                    <a class="font-semibold" href=href>{label}</a>
                                </li>
                            }
                            .into_any(),
                            None => view! {
                                <li class="card flex items-center justify-between gap-2">
                                    <span class="font-semibold">{label}</span>
                                    <span class="badge">{move || t_string!(i18n, coming_soon)}</span>
                                </li>
                            }
                            .into_any(),
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Partners and customers see their own orders on their portal; staff
/// visiting these portals do not (they have the pipeline).
#[component]
fn OwnOrdersIfTenant(portal: Portal) -> impl IntoView {
    let session = use_session();
    move || {
        let tenant = session
            .user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| {
                matches!(
                    (portal, u.role),
                    (Portal::Partner, Role::PartnerUser) | (Portal::Customer, Role::Customer)
                )
            });
        tenant.then(|| view! { <MyOrders portal=portal /> })
    }
}

/// How many of a partner's orders its start page lists.
const RECENT: usize = 10;

/// The orders the caller may see: a partner's or a customer's own.
#[component]
fn MyOrders(portal: Portal) -> impl IntoView {
    let i18n = use_i18n();
    let orders = Resource::new(|| (), |_| my_orders());
    view! {
        <h2 id="my-orders" class="text-lg mb-3">
            {move || if portal == Portal::Partner { t_string!(i18n, partner_orders) } else { t_string!(i18n, my_orders) }}
        </h2>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(list) if list.is_empty() => view! { <p class="text-muted mb-6">{t!(i18n, no_orders)}</p> }.into_any(),
                    Ok(mut list) => {
                        // A partner has hundreds: the newest here, the rest
                        // on its orders page with search and filters.
                        let total = list.len();
                        let more = portal == Portal::Partner && total > RECENT;
                        if more {
                            list.truncate(RECENT);
                        }
                        view! {
                        <div class="table-wrap" class:mb-8=!more>
                            <table class="table" aria-labelledby="my-orders">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, col_order)}</th>
                                        <th scope="col">{t!(i18n, col_status)}</th>
                                        <th scope="col">{t!(i18n, col_brand)}</th>
                                        <th scope="col">{t!(i18n, col_city)}</th>
                                        <th scope="col">{t!(i18n, col_created)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|o| { let status = o.status.clone(); let href = paths::order(if portal == Portal::Partner { Portal::Partner } else { Portal::Customer }, &o.order_number); view! {
                                        <tr>
                                            <td class="font-semibold whitespace-nowrap"><a href=href>{o.order_number}</a></td>
                                            <td><span class="badge" data-status=o.status>{move || crate::components::status::status_label(i18n.get_locale(), &status)}</span></td>
                                            <td>{o.brand}</td>
                                            <td>{o.city}</td>
                                            <td>{o.created_at}</td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {more.then(|| view! {
                            <p class="mt-2 mb-8"><a class="link" href=paths::partner::ORDERS data-testid="all-orders">
                                {t!(i18n, po_see_all)}" ("{total}") →"
                            </a></p>
                        })}
                    }
                    .into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
