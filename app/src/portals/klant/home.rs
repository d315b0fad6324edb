//! `/klant`: the customer's start page: per order the next appointment,
//! what we need from them and how far it is; the latest messages; then
//! their orders and the portal's sections.

use crate::api::customer::customer_dashboard;
use crate::components::format::day_label;
use crate::components::portal_home::PortalHome;
use crate::components::status::{channel_label, status_label};
use crate::i18n::*;
use entity::domain::time::clock;
use entity::domain::workflow::CUSTOMER_STEPS;
use entity::domain::Portal;
use entity::dto::{CustomerDashboardDto, DashOrderDto};
use entity::paths;
use leptos::prelude::*;

#[component]
pub fn CustomerHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| customer_dashboard());
    view! {
        <PortalHome portal=Portal::Customer>
            <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    // Staff looking at the portal have no orders of their own.
                    data.await.ok().map(|d| view! { <Overview d=d /> })
                })}
            </Suspense>
        </PortalHome>
    }
}

fn step_label(locale: Locale, step: &str) -> &'static str {
    match step {
        "request" => td_string!(locale, dash_step_request),
        "quote" => td_string!(locale, dash_step_quote),
        "approved" => td_string!(locale, dash_step_approved),
        "planned" => td_string!(locale, dash_step_planned),
        "installation" => td_string!(locale, dash_step_installation),
        _ => td_string!(locale, dash_step_done),
    }
}

#[component]
fn Overview(d: CustomerDashboardDto) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section aria-labelledby="h-now" class="mb-6" data-testid="dashboard">
            <h2 id="h-now" class="text-lg mb-3">{t!(i18n, dash_now)}</h2>
            <ul role="list" class="flex flex-col gap-3">
                {d.orders.into_iter().map(|o| view! { <OrderNow o=o /> }).collect_view()}
            </ul>
        </section>
        {(!d.messages.is_empty()).then(|| view! {
            <section aria-labelledby="h-recent" class="mb-6">
                <h2 id="h-recent" class="text-lg mb-2">{t!(i18n, dash_messages)}</h2>
                <ul role="list" class="card flex flex-col gap-2" data-testid="recent-messages">
                    {d.messages.into_iter().map(|m| view! {
                        <li class="text-sm">
                            <span class="font-semibold">{m.title}</span>
                            <div class="text-xs text-muted">{channel_label(locale, &m.channel)}" · "{m.at}" · "{m.order_number}</div>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn OrderNow(o: DashOrderDto) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = paths::order(Portal::Customer, &o.order_number);
    let step = o.step;
    view! {
        <li class="card" data-order=o.order_number.clone()>
            <div class="flex flex-wrap items-center gap-2 mb-2">
                <a class="font-semibold" href=href.clone()>{o.order_number.clone()}</a>
                <span class="badge badge-brand">{o.brand.clone()}</span>
                <span class="badge badge-info">{status_label(locale, &o.status)}</span>
            </div>
            <ol class="progress-steps" aria-label=t_string!(i18n, dash_progress).replace("{n}", &step.to_string()).replace("{of}", &o.steps.to_string())>
                {CUSTOMER_STEPS.iter().enumerate().map(|(i, s)| {
                    let state = if i + 1 < step { "done" } else if i + 1 == step { "current" } else { "todo" };
                    view! { <li data-state=state aria-current=(state == "current").then_some("step")>{step_label(locale, s)}</li> }
                }).collect_view()}
            </ol>
            {o.next.clone().map(|a| view! {
                <p class="mt-2" data-testid="next-appointment">{t!(i18n, dash_next)}": "
                    <strong>{format!("{} · {}–{}", day_label(locale, &a.date), clock(a.start_min), clock(a.end_min))}</strong></p>
            })}
            {(!o.actions.is_empty()).then(|| view! {
                <div class="mt-2">
                    <h3 class="text-sm font-semibold">{t!(i18n, dash_needed)}</h3>
                    <ul role="list" class="flex flex-col gap-1 mt-1" data-testid="actions">
                        {o.actions.iter().map(|a| {
                            let text = match a.as_str() {
                                "intake" => td_string!(locale, dash_act_intake),
                                "approve_quote" => td_string!(locale, dash_act_quote),
                                "choose_slot" => td_string!(locale, dash_act_slot),
                                "choose_service_slot" => td_string!(locale, dash_act_service_slot),
                                _ => td_string!(locale, dash_act_access),
                            };
                            if a == "intake" {
                                view! { <li class="text-sm">"→ "{text}</li> }.into_any()
                            } else {
                                view! { <li><a class="text-sm font-semibold" href=href.clone()>{text}" →"</a></li> }.into_any()
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
        </li>
    }
}
