//! One order in full, for ops (002 "Order Details Manager"): the card and
//! its moves, the contact hierarchy, lines, quote versions, visits,
//! invoices, the status timeline and the audit log.

use crate::api::orders::order_detail;
use crate::components::auth::RequirePortal;
use crate::components::format::euro;
use crate::components::layout::Shell;
use crate::components::status::*;
use crate::i18n::*;
use entity::domain::pipeline::sla_state;
use entity::domain::Portal;
use entity::dto::{LineDto, OrderDetailDto};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(number, order_detail);
    view! {
        <Title text=move || format!("{} {}", t_string!(i18n, order_title), number()) />
        <Shell portal=Portal::Operations>
            <RequirePortal portal=Portal::Operations>
                <p class="mb-2 text-sm"><a href="/ops/pipeline">"← "{t!(i18n, back_to_board)}</a></p>
                <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(d) => view! { <Detail d=d /> }.into_any(),
                            Err(_) => view! {
                                <h1 class="text-2xl font-bold">{number}</h1>
                                <p role="alert">{t!(i18n, order_not_found)}</p>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </RequirePortal>
        </Shell>
    }
}

fn payer_label(locale: Locale, payer: &str) -> &'static str {
    if payer == "partner" {
        td_string!(locale, payer_partner)
    } else {
        td_string!(locale, payer_customer)
    }
}

#[component]
fn Lines(lines: Vec<LineDto>, label: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" aria-label=label>
                <thead><tr>
                    <th scope="col">{t!(i18n, col_description)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_qty)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_price)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_total)}</th>
                    <th scope="col">{t!(i18n, col_payer)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let total = euro(l.total_cents());
                        let payer = l.payer.clone();
                        let class = if payer == "partner" { "badge badge-info" } else { "badge" };
                        view! {
                            <tr>
                                <td>{l.description}</td>
                                <td class="text-right">{l.quantity}</td>
                                <td class="text-right whitespace-nowrap">{euro(l.unit_price_cents)}</td>
                                <td class="text-right whitespace-nowrap">{total}</td>
                                <td><span class=class>
                                    {move || payer_label(i18n.get_locale(), &payer)}
                                </span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Detail(d: OrderDetailDto) -> impl IntoView {
    let i18n = use_i18n();
    let card = d.card.clone();
    let sla = sla_state(card.status_since, card.sla_due, d.now);
    let status = card.status.clone();
    let none = move || view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> };
    view! {
        <header class="flex flex-wrap items-center gap-3 mb-4" data-entity=card.entity.clone()>
            <h1 class="text-2xl font-bold">{card.order_number.clone()}</h1>
            <span class="badge badge-info" data-testid="order-status">{move || status_label(i18n.get_locale(), &status)}</span>
            <span class=sla_badge_class(sla)>{move || sla_label(i18n.get_locale(), sla)}</span>
            <span class="badge badge-brand">{card.brand.clone()}</span>
        </header>
        <div class="detail-grid">
            <section class="card">
                <dl class="facts">
                    <dt>{t!(i18n, customer)}</dt><dd>{card.customer.clone()}</dd>
                    <dt>{t!(i18n, address)}</dt><dd>{d.address.clone()}</dd>
                    <dt>{t!(i18n, region_label)}</dt><dd>{card.region.clone().unwrap_or_default()}</dd>
                    <dt>{t!(i18n, channel)}</dt><dd>{d.channel.clone()}</dd>
                    <dt>{t!(i18n, chargers)}</dt><dd>{card.charger_count}</dd>
                    <dt>{t!(i18n, complexity)}</dt><dd>{d.complexity}</dd>
                    <dt>{t!(i18n, created)}</dt><dd>{d.created_at.clone()}</dd>
                    {card.hold_reason.clone().map(|r| view! { <dt>{t!(i18n, on_hold_reason)}</dt><dd>{r}</dd> })}
                    {d.cancel_reason.clone().map(|r| view! { <dt>{t!(i18n, cancel_reason)}</dt><dd>{r}</dd> })}
                </dl>
            </section>
            <section class="card" aria-labelledby="h-contacts">
                <h2 id="h-contacts" class="card-title mb-2">{t!(i18n, sec_contacts)}</h2>
                <ul role="list" class="flex flex-col gap-2">
                    {d.contacts.into_iter().map(|c| {
                        let role = c.role.clone();
                        view! {
                            <li>
                                <span class="badge">{move || match role.as_str() {
                                    "end_customer" => t_string!(i18n, role_end_customer),
                                    "account" => t_string!(i18n, role_account),
                                    "partner" => t_string!(i18n, role_partner),
                                    _ => t_string!(i18n, role_channel),
                                }}</span>" "
                                <strong>{c.name}</strong>
                                {c.parent.map(|p| format!(" ({p})"))}
                                <div class="text-sm text-muted">
                                    {[c.email, c.phone].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </div>

        <section class="mt-6" aria-labelledby="h-lines">
            <h2 id="h-lines" class="text-lg mb-2">{t!(i18n, sec_lines)}</h2>
            {if d.lines.is_empty() { none().into_any() } else {
                view! { <Lines lines=d.lines.clone() label=t_string!(i18n, sec_lines).to_string() /> }.into_any()
            }}
        </section>

        <section class="mt-6" aria-labelledby="h-quotes">
            <h2 id="h-quotes" class="text-lg mb-2">{t!(i18n, sec_quotes)}</h2>
            {if d.quotes.is_empty() { none().into_any() } else {
                d.quotes.into_iter().map(|q| {
                    let label = format!("{} {}", t_string!(i18n, quote_version), q.version_no);
                    view! {
                        <article class="card mb-3" data-testid="quote">
                            <h3 class="card-title flex flex-wrap items-center gap-2">
                                {label.clone()}<span class="badge">{q.status.clone()}</span>
                                <a class="btn btn-secondary btn-sm" href=format!("/api/quotes/{}/pdf", q.id) target="_blank" rel="noopener">"PDF"</a>
                            </h3>
                            <p class="text-sm text-muted mb-2">
                                {t!(i18n, created)}" "{q.created_at.clone()}
                                {q.sent_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, sent)))}
                                {q.customer_approved_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, approved_customer)))}
                                {q.partner_approved_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, approved_partner)))}
                            </p>
                            <Lines lines=q.lines.clone() label=label />
                            <p class="mt-2 text-right">
                                {t!(i18n, customer_total)}": "<strong>{euro(q.customer_total_cents)}</strong>
                                " · "{t!(i18n, partner_total)}": "<strong>{euro(q.partner_total_cents)}</strong>
                            </p>
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </section>

        <div class="detail-grid mt-6">
            <section aria-labelledby="h-visits">
                <h2 id="h-visits" class="text-lg mb-2">{t!(i18n, sec_visits)}</h2>
                {if d.visits.is_empty() { none().into_any() } else { view! {
                    <div class="table-wrap"><table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, col_kind)}</th><th scope="col">{t!(i18n, col_date)}</th>
                            <th scope="col">{t!(i18n, col_window)}</th><th scope="col">{t!(i18n, col_team)}</th>
                            <th scope="col">{t!(i18n, col_status)}</th>
                        </tr></thead>
                        <tbody>{d.visits.into_iter().map(|v| view! {
                            <tr><td>{v.kind}</td><td class="whitespace-nowrap">{v.date.unwrap_or_default()}</td><td class="whitespace-nowrap">{v.window}</td>
                            <td>{v.team.unwrap_or_default()}</td><td>{v.status}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any() }}
            </section>
            <section aria-labelledby="h-invoices">
                <h2 id="h-invoices" class="text-lg mb-2">{t!(i18n, sec_invoices)}</h2>
                {if d.invoices.is_empty() { none().into_any() } else { view! {
                    <div class="table-wrap"><table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, col_order)}</th><th scope="col">{t!(i18n, col_payer)}</th>
                            <th scope="col" class="text-right">{t!(i18n, col_total)}</th>
                            <th scope="col" class="text-right">{t!(i18n, commission)}</th>
                            <th scope="col">{t!(i18n, col_status)}</th><th scope="col">{t!(i18n, due)}</th>
                        </tr></thead>
                        <tbody>{d.invoices.into_iter().map(|i| {
                            let payer = i.payer.clone();
                            view! {
                                <tr><td class="whitespace-nowrap font-semibold">{i.invoice_number}</td>
                                <td>{move || payer_label(i18n.get_locale(), &payer)}</td>
                                <td class="text-right whitespace-nowrap">{euro(i.amount_cents)}</td>
                                <td class="text-right whitespace-nowrap">{euro(i.commission_cents)}</td>
                                <td>{i.status}</td><td class="whitespace-nowrap">{i.due_at}</td></tr>
                            }
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any() }}
            </section>
        </div>

        <div class="detail-grid mt-6">
            <section aria-labelledby="h-timeline">
                <h2 id="h-timeline" class="text-lg mb-2">{t!(i18n, sec_timeline)}</h2>
                <ol class="timeline" data-testid="timeline">
                    {d.timeline.into_iter().map(|t| {
                        let to = t.to.clone();
                        let from = t.from.clone();
                        view! {
                            <li>
                                <strong>{move || status_label(i18n.get_locale(), &to)}</strong>
                                {move || from.as_ref().map(|f| format!(" ← {}", status_label(i18n.get_locale(), f)))}
                                <div class="text-sm text-muted">
                                    {t.at}" · "{t.actor.unwrap_or_else(|| t_string!(i18n, system).to_string())}
                                </div>
                                {t.reason.map(|r| view! { <div class="text-sm">{r}</div> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="h-audit">
                <h2 id="h-audit" class="text-lg mb-2">{t!(i18n, sec_audit)}</h2>
                {if d.audit.is_empty() { none().into_any() } else { view! {
                    <ol class="timeline">{d.audit.into_iter().map(|a| view! {
                        <li><strong>{a.action}</strong>
                        <div class="text-sm text-muted">{a.at}" · "{a.actor.unwrap_or_default()}</div>
                        <code class="text-sm">{a.changes}</code></li>
                    }).collect_view()}</ol>
                }.into_any() }}
            </section>
        </div>
    }
}
