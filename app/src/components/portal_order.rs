//! One order in a customer's or partner's portal (002 "Quote Management
//! System", customer and partner sides): their side of the quote with its
//! PDF, the approve and revision buttons when it waits for them, visits,
//! invoices and the progress so far.

use crate::api::orders::{approve_quote, portal_order, request_quote_revision};
use crate::components::format::euro;
use crate::components::quote_lines::{payer_label, Lines};
use crate::components::status::status_label;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::Portal;
use entity::dto::{PortalOrderDto, PortalQuoteDto};
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Why an approval or revision request did not go through.
fn refusal_text(locale: Locale, e: &AppError) -> &'static str {
    match e {
        AppError::Stale => td_string!(locale, approval_not_awaiting),
        AppError::Invalid(_) => td_string!(locale, revision_reason_short),
        AppError::Conflict(c) => match c.as_str() {
            "newer_version" => td_string!(locale, approval_newer_version),
            "not_awaiting_you" => td_string!(locale, approval_not_awaiting),
            "revision_pending" => td_string!(locale, approval_revision_pending),
            _ => td_string!(locale, error_generic),
        },
        _ => td_string!(locale, error_generic),
    }
}

#[component]
pub fn PortalOrderView(portal: Portal) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(number, portal_order);
    let home = entity::paths::portal_home(if portal == Portal::Partner {
        Portal::Partner
    } else {
        Portal::Customer
    });
    view! {
        <PageTitle text=move || format!("{} {}", t_string!(i18n, order_title), number()) />
        <p class="mb-2 text-sm"><a href=format!("{home}#my-orders")>"← "{t!(i18n, back_to_orders)}</a></p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <PortalOrder d=d /> }.into_any(),
                    Err(_) => view! {
                        <h1 class="text-2xl font-bold">{number}</h1>
                        <p role="alert">{t!(i18n, order_not_found)}</p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PortalOrder(d: PortalOrderDto) -> impl IntoView {
    let i18n = use_i18n();
    // The page follows the server's answer to each decision.
    let order = RwSignal::new(d);
    let status = move || order.with(|o| o.status.clone());
    view! {
        <header class="flex flex-wrap items-center gap-3 mb-4">
            {order.with_untracked(|o| o.logo_url.clone().map(|u| view! { <img src=u alt=format!("Logo {}", o.brand) class="h-9 max-w-[8rem] object-contain" data-testid="brand-logo" /> }))}
            <h1 class="text-2xl font-bold">{move || order.with(|o| o.order_number.clone())}</h1>
            <span class="badge badge-info" data-testid="order-status">{move || status_label(i18n.get_locale(), &status())}</span>
            <span class="badge badge-brand">{move || order.with(|o| o.brand.clone())}</span>
        </header>
        <p class="text-muted mb-4">{move || order.with(|o| o.address.clone())}</p>
        <Decision order=order />
        {order.with_untracked(|o| o.booking.clone()).map(|b| {
            // A booking or move changes the order's status and visits too.
            let refresh = Action::new(move |n: &String| portal_order(n.clone()));
            Effect::new(move |_| {
                if let Some(Ok(d)) = refresh.value().get() {
                    order.set(d);
                }
            });
            let changed = Callback::new(move |_: ()| {
                refresh.dispatch(order.with_untracked(|o| o.order_number.clone()));
            });
            view! { <crate::components::appointment::AppointmentPanel booking=b on_change=changed /> }
        })}
        {move || order.with(|o| o.quote.clone()).map(|q| view! { <QuoteCard q=q side=order.with_untracked(|o| o.side.clone()) /> })}
        <div class="detail-grid mt-6">
            <section aria-labelledby="h-visits">
                <h2 id="h-visits" class="text-lg mb-2">{t!(i18n, sec_visits)}</h2>
                {move || {
                    let visits = order.with(|o| o.visits.clone());
                    if visits.is_empty() {
                        view! { <p class="text-muted">{t!(i18n, no_visit_yet)}</p> }.into_any()
                    } else {
                        view! { <ul role="list" class="flex flex-col gap-2">
                            {visits.into_iter().map(|v| view! {
                                <li class="card">
                                    {v.date.map(|d| view! { <strong>{d}</strong>" · " })}{v.window}
                                    <div class="text-sm text-muted">{let (kind, st) = (v.kind.clone(), v.status.clone()); move || crate::components::status::visit_label(i18n.get_locale(), &kind, &st)}</div>
                                </li>
                            }).collect_view()}
                        </ul> }.into_any()
                    }
                }}
            </section>
            <section aria-labelledby="h-invoices">
                <h2 id="h-invoices" class="text-lg mb-2">{t!(i18n, sec_invoices)}</h2>
                {move || {
                    let invoices = order.with(|o| o.invoices.clone());
                    if invoices.is_empty() {
                        view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> }.into_any()
                    } else {
                        view! { <div class="table-wrap" tabindex="0"><table class="table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, col_invoice)}</th>
                                <th scope="col" class="text-right">{t!(i18n, col_total)}</th>
                                <th scope="col">{t!(i18n, col_status)}</th>
                                <th scope="col">{t!(i18n, due)}</th>
                            </tr></thead>
                            <tbody>{invoices.into_iter().map(|i| view! {
                                <tr><td class="font-semibold whitespace-nowrap">{if i.payer == "customer" {
                                    view! { <a href=paths::api::invoice_pdf(&i.invoice_number) rel="external">{i.invoice_number.clone()}</a> }.into_any()
                                } else { view! { {i.invoice_number.clone()} }.into_any() }}</td>
                                <td class="text-right whitespace-nowrap">{euro(i.amount_cents)}</td>
                                <td>{i.status}</td><td class="whitespace-nowrap">{i.due_at}</td></tr>
                            }).collect_view()}</tbody>
                        </table></div> }.into_any()
                    }
                }}
            </section>
        </div>
        <section class="mt-6" aria-labelledby="h-progress">
            <h2 id="h-progress" class="text-lg mb-2">{t!(i18n, sec_progress)}</h2>
            <ol class="timeline" data-testid="timeline">
                {move || order.with(|o| o.timeline.clone()).into_iter().map(|t| {
                    let to = t.to.clone();
                    view! {
                        <li>
                            <strong>{move || status_label(i18n.get_locale(), &to)}</strong>
                            <div class="text-sm text-muted">{t.at}</div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// What the order waits for, and, when that is the caller, the buttons.
#[component]
fn Decision(order: RwSignal<PortalOrderDto>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let local_error = RwSignal::new(None::<&'static str>);
    let done = RwSignal::new(None::<&'static str>);
    let approve =
        Action::new(move |(number, quote): &(String, i32)| approve_quote(number.clone(), *quote));
    let revise = Action::new(move |(number, quote, reason): &(String, i32, String)| {
        request_quote_revision(number.clone(), *quote, reason.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(d)) = approve.value().get() {
            order.set(d);
            done.set(Some("approved"));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(d)) = revise.value().get() {
            order.set(d);
            asking.set(false);
            done.set(Some("revision"));
        }
    });
    let error = move || {
        local_error.get().map(str::to_owned).or_else(|| {
            [approve.value().get(), revise.value().get()]
                .into_iter()
                .flatten()
                .find_map(|r| r.err())
                .map(|e| refusal_text(i18n.get_locale(), &e).to_owned())
        })
    };
    let target = move || {
        order.with_untracked(|o| (o.order_number.clone(), o.quote.as_ref().map_or(0, |q| q.id)))
    };
    let form = move || {
        view! {
            <form class="flex flex-col gap-2 mt-3" novalidate on:submit=move |ev| {
                ev.prevent_default();
                let text = reason.get_untracked();
                if text.trim().chars().count() < 10 {
                    local_error.set(Some(td_string!(i18n.get_locale_untracked(), revision_reason_short)));
                    return;
                }
                local_error.set(None);
                let (n, q) = target();
                revise.dispatch((n, q, text));
            }>
                <label class="label" for="revision-reason">{t!(i18n, revision_reason)}</label>
                <textarea id="revision-reason" class="input" rows="3" maxlength="1000"
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <button type="submit" class="btn btn-secondary self-start" disabled=move || revise.pending().get()>
                    {t!(i18n, send_revision_request)}
                </button>
            </form>
        }
    };
    view! {
        <div aria-live="polite">
            {move || done.get().map(|what| view! {
                <p role="status" class="badge badge-ok mb-3">{move || if what == "approved" {
                    t_string!(i18n, approval_thanks)
                } else {
                    t_string!(i18n, revision_sent)
                }}</p>
            })}
        </div>
        {move || {
            let o = order.get();
            if o.can_approve {
                view! {
                    <section class="card card-accent mb-4" aria-labelledby="h-decide" data-testid="decision">
                        <h2 id="h-decide" class="card-title">{t!(i18n, approval_asked)}</h2>
                        <p class="text-sm text-muted mb-3">
                            {move || if order.with(|o| o.side == "partner") { t_string!(i18n, approval_asked_partner) } else { t_string!(i18n, approval_asked_customer) }}
                        </p>
                        <div class="flex flex-wrap gap-2">
                            <button type="button" class="btn btn-primary" disabled=move || approve.pending().get()
                                on:click=move |_| { local_error.set(None); approve.dispatch(target()); }>
                                {t!(i18n, approve_quote)}
                            </button>
                            {o.can_request_revision.then(|| view! {
                                <button type="button" class="btn btn-secondary" aria-expanded=move || asking.get().to_string()
                                    on:click=move |_| asking.update(|a| *a = !*a)>
                                    {t!(i18n, ask_revision)}
                                </button>
                            })}
                        </div>
                        <Show when=move || asking.get()>
                            {form()}
                        </Show>
                        <p role="alert" class="field-error mt-2">{error}</p>
                    </section>
                }.into_any()
            } else if o.can_request_revision {
                // The partner, while the customer decides: may ask for a revision.
                view! {
                    <section class="card mb-4" data-testid="decision">
                        <p class="mb-2">{t!(i18n, awaiting_customer)}</p>
                        <Show when=move || asking.get() fallback=move || view! {
                            <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(true)>{t!(i18n, ask_revision)}</button>
                        }>
                            {form()}
                        </Show>
                        <p role="alert" class="field-error mt-2">{error}</p>
                    </section>
                }.into_any()
            } else {
                let msg = match (o.revision_pending, o.awaiting.as_deref()) {
                    (true, _) => Some(td_string!(i18n.get_locale(), approval_revision_pending)),
                    (_, Some("customer")) => Some(td_string!(i18n.get_locale(), awaiting_customer)),
                    (_, Some("partner")) => Some(td_string!(i18n.get_locale(), awaiting_partner)),
                    _ => None,
                };
                msg.map(|m| view! { <p class="card mb-4" data-testid="decision">{m}</p> }).into_any()
            }
        }}
    }
}

#[component]
fn QuoteCard(q: PortalQuoteDto, side: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = q.total_cents;
    let label = format!("{} {}", t_string!(i18n, quote_version), q.version_no);
    let side_label = side.clone();
    view! {
        <section class="card" aria-labelledby="h-quote" data-testid="quote">
            <h2 id="h-quote" class="card-title flex flex-wrap items-center gap-2">
                {label.clone()}
                <span class="badge">{move || payer_label(i18n.get_locale(), &side_label)}</span>
                <a class="btn btn-secondary btn-sm" href=paths::api::quote_pdf(q.id) target="_blank" rel="noopener">
                    {t!(i18n, download_pdf)}
                </a>
            </h2>
            <p class="text-sm text-muted mb-2">
                {q.sent_at.clone().map(|s| format!("{} {s}", t_string!(i18n, sent)))}
                {q.customer_approved_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, approved_customer)))}
                {q.partner_approved_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, approved_partner)))}
            </p>
            {if q.lines.is_empty() {
                view! { <p class="text-muted">{t!(i18n, no_lines_for_you)}</p> }.into_any()
            } else {
                view! { <Lines lines=q.lines.clone() label=label /> }.into_any()
            }}
            <p class="mt-2 text-right">{t!(i18n, your_total)}": "<strong data-testid="quote-total">{euro(total)}</strong></p>
        </section>
    }
}
