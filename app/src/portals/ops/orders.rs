//! One order in full, for ops (002 "Order Details Manager"): the card and
//! its moves, the contact hierarchy, lines, quote versions, visits,
//! invoices, the status timeline and the audit log.

use crate::api::orders::{answer_thread, order_detail, order_thread, thread_handling};
use crate::components::format::euro;
use crate::components::labels::check_label;
use crate::components::quote_lines::{payer_label, Lines};
use crate::components::status::*;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::pipeline::sla_state;
use entity::dto::{LineDto, OrderDetailDto};
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(number, order_detail);
    let reload = Callback::new(move |_: ()| data.refetch());
    // Created here, outside the suspense, so that its server answer is
    // part of the page and the thread hydrates with it.
    let thread_reload = RwSignal::new(0u32);
    let thread = Resource::new(
        move || (number(), thread_reload.get()),
        |(n, _)| order_thread(n),
    );
    view! {
        <PageTitle text=move || format!("{} {}", t_string!(i18n, order_title), number()) />
        <p class="mb-2 text-sm"><a href=paths::ops::PIPELINE>"← "{t!(i18n, back_to_board)}</a></p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Detail d=d reload=reload thread=thread thread_reload=thread_reload /> }.into_any(),
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
fn Detail(
    d: OrderDetailDto,
    reload: Callback<()>,
    thread: ThreadResource,
    thread_reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let card = d.card.clone();
    let sla = sla_state(card.status_since, card.sla_due, d.now);
    let status = card.status.clone();
    let labels = StoredValue::new(d.labels.clone());
    // A configured workflow's own name for a status, else the app's.
    let status_label = move |locale, code: &str| {
        labels
            .with_value(|l| l.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()))
            .unwrap_or_else(|| status_label(locale, code))
    };
    let none = move || view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> };
    view! {
        <header class="flex flex-wrap items-center gap-3 mb-4" data-entity=card.entity.clone()>
            <h1 class="text-2xl font-bold">{card.order_number.clone()}</h1>
            <span class="badge badge-info" data-testid="order-status">{move || status_label(i18n.get_locale(), &status)}</span>
            <span class=sla_badge_class(sla)>{move || sla_label(i18n.get_locale(), sla)}</span>
            <span class="badge badge-brand">{card.brand.clone()}</span>
        </header>
        {(!d.events.is_empty()).then(|| view! { <Events order_id=card.id events=d.events.clone() reload=reload /> })}
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

        {(!d.field.is_empty()).then(|| view! { <FieldReports reports=d.field.clone() signature=d.signature.clone() /> })}
        {(card.status == entity::domain::workflow::IN_PROGRESS).then(|| view! { <SignOffForm order_id=card.id /> })}
        {matches!(card.status.as_str(), entity::domain::workflow::BOTH_APPROVED | entity::domain::workflow::PLANNING)
            .then(|| view! { <PlanVisitForm order_id=card.id teams=d.plan_teams.clone() /> })}

        <section class="mt-6" aria-labelledby="h-lines">
            <h2 id="h-lines" class="text-lg mb-2">{t!(i18n, sec_lines)}</h2>
            {
                let revision_draft = d.quotes.first().is_some_and(|q| q.status == "draft" && q.version_no > 1);
                if entity::domain::lines::editable(&card.status, revision_draft) {
                    view! { <LineEditor order_id=card.id version=card.version lines=d.lines.clone()
                        has_partner=card.facts.has_partner reload=reload /> }.into_any()
                } else if d.lines.is_empty() { none().into_any() } else {
                    view! { <Lines lines=d.lines.clone() label=t_string!(i18n, sec_lines).to_string() /> }.into_any()
                }
            }
        </section>

        <section class="mt-6" aria-labelledby="h-quotes">
            <h2 id="h-quotes" class="text-lg mb-2">{t!(i18n, sec_quotes)}</h2>
            {if d.quotes.is_empty() { none().into_any() } else {
                let revising = card.status == entity::domain::workflow::QUOTE_SENT;
                d.quotes.into_iter().map(|q| {
                    let send = (revising && q.status == "draft").then(|| view! { <SendRevision quote_id=q.id /> });
                    let label = format!("{} {}", t_string!(i18n, quote_version), q.version_no);
                    view! {
                        <article class="card mb-3" data-testid="quote">
                            <h3 class="card-title flex flex-wrap items-center gap-2">
                                {label.clone()}<span class="badge">{q.status.clone()}</span>
                                <a class="btn btn-secondary btn-sm" href=paths::api::quote_pdf(q.id) target="_blank" rel="noopener">"PDF"</a>
                            </h3>
                            <p class="text-sm text-muted mb-2">
                                {t!(i18n, created)}" "{q.created_at.clone()}
                                {q.sent_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, sent)))}
                                {q.customer_approved_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, approved_customer)))}
                                {q.partner_approved_at.clone().map(|s| format!(" · {} {s}", t_string!(i18n, approved_partner)))}
                            </p>
                            {send}
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
                    <div class="table-wrap" tabindex="0"><table class="table">
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
            {d.access.clone().map(|a| view! {
                <section aria-labelledby="h-access">
                    <h2 id="h-access" class="text-lg mb-2">{t!(i18n, sec_access)}</h2>
                    <crate::components::access::AccessList notes=a class="text-sm" testid="access-notes" />
                </section>
            })}
            {(!d.appointment_changes.is_empty()).then(|| view! {
                <section aria-labelledby="h-appt-changes">
                    <h2 id="h-appt-changes" class="text-lg mb-2">{t!(i18n, sec_appointment_changes)}</h2>
                    <crate::portals::ops::afspraken::ChangesTable rows=d.appointment_changes.clone() />
                </section>
            })}
            <section aria-labelledby="h-invoices">
                <h2 id="h-invoices" class="text-lg mb-2">{t!(i18n, sec_invoices)}</h2>
                {if d.invoices.is_empty() { none().into_any() } else { view! {
                    <div class="table-wrap" tabindex="0"><table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, col_invoice)}</th><th scope="col">{t!(i18n, col_payer)}</th>
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

        <Thread number=card.order_number.clone() thread=thread reload=thread_reload />

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

/// The order's thread (001): every message out and in, and an answer to
/// the customer on the channel ops pick (WhatsApp preselected when the
/// customer wrote there within 24 hours).
type ThreadResource = Resource<Result<entity::dto::ThreadDto, AppError>>;

#[component]
fn Thread(number: String, thread: ThreadResource, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let number = StoredValue::new(number);
    let channel = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let send = Action::new(move |(n, c, t): &(String, String, String)| {
        let (n, c, t) = (n.clone(), c.clone(), t.clone());
        async move { answer_thread(n, c, t).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            text.set(String::new());
            reload.update(|r| *r += 1);
        }
    });
    let error = move || {
        let locale = i18n.get_locale();
        match send.value().get()? {
            Ok(()) => None,
            Err(AppError::Invalid(w)) if w == "empty" => {
                Some(td_string!(locale, thread_empty).to_owned())
            }
            Err(AppError::Invalid(w)) if w == "too_long" => {
                Some(td_string!(locale, thread_too_long).to_owned())
            }
            Err(_) => Some(td_string!(locale, err_failed).to_owned()),
        }
    };
    view! {
        <section class="card mt-6" aria-labelledby="h-thread" data-testid="thread">
            <h2 id="h-thread" class="text-lg mb-2">{t!(i18n, sec_thread)}</h2>
            <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match thread.await {
                        Ok(t) => {
                            if channel.get_untracked().is_empty() || !t.channels.contains(&channel.get_untracked()) {
                                let pick = if t.whatsapp_session { "whatsapp" } else { "email" };
                                channel.set(t.channels.iter().find(|c| *c == pick).or(t.channels.first()).cloned().unwrap_or_default());
                            }
                            let can_answer = !t.channels.is_empty();
                            let channels = t.channels.clone();
                            let handling = view! { <Handling number=number.get_value() t=t.clone() reload=reload /> };
                            view! {
                                {handling}
                                {if t.entries.is_empty() {
                                    view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> }.into_any()
                                } else { view! {
                                    <ol class="flex flex-col gap-2 thread" data-testid="thread-entries">
                                        {t.entries.into_iter().map(|e| {
                                            let incoming = e.direction == "in";
                                            view! {
                                                <li class=if incoming { "card thread-in" } else { "card thread-out" } data-direction=e.direction.clone()>
                                                    <div class="text-sm text-muted">
                                                        {e.at}" · "{channel_label(i18n.get_locale_untracked(), &e.channel)}" · "
                                                        {if incoming { t_string!(i18n, thread_from).to_string() } else { t_string!(i18n, thread_to).to_string() }}" "{e.party}
                                                        {(!incoming).then(|| format!(" · {}", delivery_label(i18n.get_locale_untracked(), &e.state)))}
                                                        {e.unanswered.then(|| view! { " " <span class="badge badge-warn">{t!(i18n, thread_unanswered)}</span> })}
                                                    </div>
                                                    {(!e.subject.is_empty()).then(|| view! { <strong>{e.subject}</strong> })}
                                                    <p class="whitespace-pre-wrap text-sm">{e.body}</p>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                }.into_any() }}
                                {can_answer.then(|| view! {
                                    <form class="flex flex-col gap-2 mt-3" novalidate
                                        on:submit=move |ev| {
                                            ev.prevent_default();
                                            send.dispatch((number.get_value(), channel.get_untracked(), text.get_untracked()));
                                        }>
                                        <div class="field">
                                            <label class="label" for="thread-channel">{t!(i18n, thread_channel)}</label>
                                            <select id="thread-channel" class="select"
                                                on:change=move |ev| channel.set(event_target_value(&ev))>
                                                {channels.into_iter().map(|c| {
                                                    let selected = c == channel.get_untracked();
                                                    view! { <option value=c.clone() selected=selected>{channel_label(i18n.get_locale_untracked(), &c)}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label class="label" for="thread-text">{t!(i18n, thread_answer)}</label>
                                            <textarea id="thread-text" class="textarea w-full" rows="3" maxlength="2000"
                                                prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                        </div>
                                        <p class="field-error" role="alert">{error}</p>
                                        <div><button type="submit" class="btn btn-primary" disabled=move || send.pending().get()>{t!(i18n, thread_send)}</button></div>
                                    </form>
                                })}
                            }.into_any()
                        }
                        Err(_) => view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Who handles the thread and how urgent it is (001's priority matrix):
/// suggested by the messages until an agent chooses, with the time the
/// oldest unanswered message needs its answer by.
#[component]
fn Handling(number: String, t: entity::dto::ThreadDto, reload: RwSignal<u32>) -> impl IntoView {
    use entity::domain::messaging::Priority;
    let i18n = use_i18n();
    let assignee = RwSignal::new(t.assignee.map(|a| a.to_string()).unwrap_or_default());
    let priority = RwSignal::new(if t.priority_chosen {
        t.priority.clone()
    } else {
        String::new()
    });
    let save = Action::new(move |_: &()| {
        let (n, a, p, v) = (
            number.clone(),
            assignee.get_untracked().parse::<i32>().ok(),
            Some(priority.get_untracked()).filter(|p| !p.is_empty()),
            t.version,
        );
        async move { thread_handling(n, a, p, v).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) | Some(Err(AppError::Stale)) = save.value().get() {
            reload.update(|r| *r += 1);
        }
    });
    let suggested = t.priority.clone();
    let due = t.reply_due.clone().map(|d| (d, t.overdue));
    view! {
        <div class="flex flex-wrap items-end gap-3 mb-3" data-testid="thread-handling" data-priority=t.priority.clone()>
            <div class="field">
                <label class="label" for="thread-agent">{t!(i18n, th_agent)}</label>
                <select id="thread-agent" class="select" on:change=move |ev| assignee.set(event_target_value(&ev))>
                    <option value="" selected=t.assignee.is_none()>{t!(i18n, th_nobody)}</option>
                    {t.agents.iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=t.assignee == Some(*id)>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="thread-priority">{t!(i18n, th_priority)}</label>
                <select id="thread-priority" class="select" on:change=move |ev| priority.set(event_target_value(&ev))>
                    <option value="" selected=!t.priority_chosen>
                        {move || format!("{} · {}", t_string!(i18n, th_auto), priority_label(i18n.get_locale(), &suggested))}
                    </option>
                    {Priority::ALL.iter().map(|p| {
                        let code = p.as_str();
                        view! { <option value=code selected=t.priority_chosen && t.priority == code>{move || priority_label(i18n.get_locale(), code)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="btn btn-secondary" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(()); }>{t!(i18n, th_save)}</button>
            {due.map(|(d, overdue)| view! {
                <span class=if overdue { "badge badge-danger" } else { "badge badge-warn" } data-testid="reply-due">
                    {if overdue { t_string!(i18n, th_overdue) } else { t_string!(i18n, th_due) }}" "{d}
                </span>
            })}
            // An error only: the page's own status line reports the order's
            // actions, and a saved choice shows in the fields.
            <p role="alert" class="field-error">
                {move || match save.value().get() {
                    Some(Err(AppError::Stale)) => Some(t_string!(i18n, th_stale).to_string()),
                    Some(Err(_)) => Some(t_string!(i18n, err_failed).to_string()),
                    _ => None,
                }}
            </p>
        </div>
    }
}

/// One line as typed in the editor (numbers stay text until saved).
#[derive(Clone, Debug, PartialEq)]
struct EditRow {
    key: u32,
    product_id: Option<i32>,
    description: String,
    quantity: String,
    price: String,
    payer: String,
}

fn line_problem_label(locale: Locale, field: &str) -> &'static str {
    match field {
        "description" => td_string!(locale, line_bad_description),
        "quantity" => td_string!(locale, line_bad_quantity),
        "price" => td_string!(locale, line_bad_price),
        "payer" => td_string!(locale, line_bad_payer),
        _ => td_string!(locale, line_bad_product),
    }
}

/// Ops edit the order's lines while the status allows it (before the quote
/// is sent, or while a revision is a draft). Checked here with the same
/// rules as on the server; a draft quote is re-priced on saving.
#[component]
fn LineEditor(
    order_id: i32,
    version: i32,
    lines: Vec<LineDto>,
    has_partner: bool,
    reload: Callback<()>,
) -> impl IntoView {
    use crate::api::orders::save_order_lines;
    use entity::domain::money::parse_euro;
    let i18n = use_i18n();
    let next_key = StoredValue::new(lines.len() as u32);
    let rows = RwSignal::new(
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| EditRow {
                key: i as u32,
                product_id: l.product_id,
                description: l.description,
                quantity: l.quantity.to_string(),
                price: format!(
                    "{},{:02}",
                    l.unit_price_cents / 100,
                    l.unit_price_cents % 100
                ),
                payer: l.payer,
            })
            .collect::<Vec<_>>(),
    );
    let problems = RwSignal::new(Vec::<String>::new());
    let save = Action::new(move |lines: &Vec<LineDto>| {
        let lines = lines.clone();
        async move { save_order_lines(order_id, version, lines).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => reload.run(()),
        Some(Err(AppError::Problems(p))) => problems.set(p),
        Some(Err(e)) => problems.set(vec![e.code().to_owned()]),
        _ => {}
    });
    let submit = move || {
        let mut bad = Vec::new();
        let dtos: Vec<LineDto> = rows
            .get_untracked()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let quantity = r.quantity.trim().parse().unwrap_or_else(|_| {
                    bad.push(format!("{i}:quantity"));
                    0
                });
                let unit_price_cents = parse_euro(&r.price).unwrap_or_else(|| {
                    bad.push(format!("{i}:price"));
                    -1
                });
                LineDto {
                    product_id: r.product_id,
                    description: r.description,
                    quantity,
                    unit_price_cents,
                    payer: r.payer,
                }
            })
            .collect();
        bad.extend(entity::domain::lines::problems(&dtos, has_partner));
        bad.sort();
        bad.dedup();
        if bad.is_empty() {
            problems.set(Vec::new());
            save.dispatch(dtos);
        } else {
            problems.set(bad);
        }
    };
    let row_problems = move |i: usize| -> Vec<String> {
        problems.with(|p| {
            p.iter()
                .filter_map(|c| c.strip_prefix(&format!("{i}:")).map(str::to_owned))
                .collect()
        })
    };
    let indexed = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    let set = move |key: u32, f: &dyn Fn(&mut EditRow)| {
        rows.update(|v| {
            if let Some(r) = v.iter_mut().find(|r| r.key == key) {
                f(r)
            }
        })
    };
    view! {
        <form class="flex flex-col gap-2" novalidate data-testid="line-editor" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <div class="table-wrap" tabindex="0">
                <table class="table" aria-label=move || t_string!(i18n, sec_lines)>
                    <thead><tr>
                        <th scope="col">{t!(i18n, col_description)}</th>
                        <th scope="col">{t!(i18n, col_qty)}</th>
                        <th scope="col">{t!(i18n, col_price)}</th>
                        <th scope="col">{t!(i18n, col_payer)}</th>
                        <th scope="col"><span class="sr-only">{t!(i18n, remove_line)}</span></th>
                    </tr></thead>
                    <tbody>
                        <For each=indexed key=|(i, r)| (*i, r.key) let:item>
                            {
                                let (i, r) = item;
                                let key = r.key;
                                let n = i + 1;
                                view! {
                                    <tr>
                                        <td>
                                            <input class="input" type="text" maxlength="200" prop:value=r.description.clone()
                                                aria-label=move || format!("{} {n}", t_string!(i18n, col_description))
                                                on:input=move |ev| { let v = event_target_value(&ev); set(key, &|r| r.description = v.clone()); } />
                                        </td>
                                        <td>
                                            <input class="input" type="text" inputmode="numeric" style="max-width: 5rem" prop:value=r.quantity.clone()
                                                aria-label=move || format!("{} {n}", t_string!(i18n, col_qty))
                                                on:input=move |ev| { let v = event_target_value(&ev); set(key, &|r| r.quantity = v.clone()); } />
                                        </td>
                                        <td>
                                            <input class="input" type="text" inputmode="decimal" style="max-width: 8rem" prop:value=r.price.clone()
                                                aria-label=move || format!("{} {n}", t_string!(i18n, col_price))
                                                on:input=move |ev| { let v = event_target_value(&ev); set(key, &|r| r.price = v.clone()); } />
                                        </td>
                                        <td>
                                            <select class="input" aria-label=move || format!("{} {n}", t_string!(i18n, col_payer))
                                                on:change=move |ev| { let v = event_target_value(&ev); set(key, &|r| r.payer = v.clone()); }>
                                                <option value="customer" selected=r.payer == "customer">{t!(i18n, payer_customer)}</option>
                                                {has_partner.then(|| view! { <option value="partner" selected=r.payer == "partner">{t!(i18n, payer_partner)}</option> })}
                                            </select>
                                        </td>
                                        <td>
                                            <button type="button" class="btn btn-secondary btn-sm"
                                                aria-label=move || format!("{} {n}", t_string!(i18n, remove_line))
                                                on:click=move |_| rows.update(|v| v.retain(|r| r.key != key))>"×"</button>
                                        </td>
                                    </tr>
                                    {move || {
                                        let p = row_problems(i);
                                        (!p.is_empty()).then(|| view! {
                                            <tr><td colspan="5" class="field-error" role="alert">
                                                {format!("{} {n}: ", t_string!(i18n, line_word))}
                                                {p.iter().map(|f| line_problem_label(i18n.get_locale(), f)).collect::<Vec<_>>().join(" ")}
                                            </td></tr>
                                        })
                                    }}
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <p role="alert" class="field-error">{move || problems.with(|p| {
                if p.iter().any(|c| c == "count") { t_string!(i18n, lines_count).to_string() }
                else if p.iter().any(|c| c == "stale") { t_string!(i18n, lines_stale).to_string() }
                else if p.iter().any(|c| c == "locked") { t_string!(i18n, lines_locked).to_string() }
                else { String::new() }
            })}</p>
            <div class="flex flex-wrap gap-2">
                <button type="button" class="btn btn-secondary" on:click=move |_| {
                    let key = next_key.get_value();
                    next_key.set_value(key + 1);
                    rows.update(|v| v.push(EditRow { key, product_id: None, description: String::new(), quantity: "1".into(), price: String::new(), payer: "customer".into() }));
                }>{t!(i18n, add_line)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, save_lines)}</button>
            </div>
        </form>
    }
}

/// Time windows offered to customers (minutes after midnight).
const WINDOWS: [(i32, i32); 3] = [(8 * 60, 12 * 60), (12 * 60, 17 * 60), (8 * 60, 17 * 60)];

fn window_label((a, b): (i32, i32)) -> String {
    format!("{:02}:{:02}–{:02}:{:02}", a / 60, a % 60, b / 60, b % 60)
}

/// Ops plan the installation visit on a day team by hand (until the route
/// planning board does it for many visits at once).
#[component]
fn PlanVisitForm(order_id: i32, teams: Vec<entity::dto::TeamChoiceDto>) -> impl IntoView {
    use crate::api::orders::plan_visit;
    use entity::dto::PlanVisitInput;
    let i18n = use_i18n();
    let team_ref = NodeRef::<leptos::html::Select>::new();
    let window_ref = NodeRef::<leptos::html::Select>::new();
    let chosen = RwSignal::new(String::new());
    let missing_team = RwSignal::new(false);
    let plan = Action::new(move |input: &PlanVisitInput| {
        let input = input.clone();
        async move { plan_visit(order_id, input).await }
    });
    view! {
        <section class="card mt-6" aria-labelledby="h-plan" data-testid="plan-visit">
            <h2 id="h-plan" class="card-title">{t!(i18n, sec_plan_visit)}</h2>
            <p class="text-sm text-muted mb-3">{t!(i18n, plan_visit_lead)}</p>
            {
                    let labels: Vec<(i32, String)> = teams
                        .iter()
                        .map(|t| (t.id, format!("{} · {} ({}) · {} {}", t.date, t.name, t.members.join(", "), t.visits, t_string!(i18n, visits_word))))
                        .collect();
                    let lookup = labels.clone();
                    view! {
                        <form class="flex flex-wrap items-end gap-3" novalidate on:submit=move |ev| {
                            ev.prevent_default();
                            let team: i32 = team_ref.get().map(|s| s.value()).and_then(|v| v.parse().ok()).unwrap_or(0);
                            let w: usize = window_ref.get().map(|s| s.value()).and_then(|v| v.parse().ok()).unwrap_or(0);
                            missing_team.set(team == 0);
                            if team == 0 { return; }
                            chosen.set(lookup.iter().find(|(id, _)| *id == team).map(|(_, l)| l.clone()).unwrap_or_default());
                            let (start, end) = WINDOWS[w.min(WINDOWS.len() - 1)];
                            plan.dispatch(PlanVisitInput { day_team_id: team, window_start_min: start, window_end_min: end });
                        }>
                            <div class="field">
                                <label class="label" for="pv-team">{t!(i18n, col_team)}</label>
                                <select id="pv-team" class="input" node_ref=team_ref>
                                    <option value="0">{t!(i18n, choose_team)}</option>
                                    {labels.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label class="label" for="pv-window">{t!(i18n, col_window)}</label>
                                <select id="pv-window" class="input" node_ref=window_ref>
                                    {WINDOWS.iter().enumerate().map(|(i, w)| view! { <option value=i.to_string()>{window_label(*w)}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=move || plan.pending().get()>
                                {t!(i18n, plan_visit)}
                            </button>
                        </form>
                    }
            }
            {move || missing_team.get().then(|| view! { <p role="alert" class="field-error mt-3">{t!(i18n, choose_team_first)}</p> })}
            {move || match plan.value().get() {
                Some(Ok(())) => view! {
                    <p role="status" class="badge badge-ok mt-3">{t!(i18n, visit_planned)}" "{move || chosen.get()}</p>
                }.into_any(),
                Some(Err(_)) => view! { <p role="alert" class="field-error mt-3">{t!(i18n, plan_visit_failed)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// After a revision request, ops send the new draft to the customer.
#[component]
fn SendRevision(quote_id: i32) -> impl IntoView {
    use crate::api::orders::send_quote_revision;
    let i18n = use_i18n();
    let send = Action::new(move |_: &()| send_quote_revision(quote_id));
    view! {
        <div class="mb-2 flex flex-wrap items-center gap-2">
            <Show when=move || !matches!(send.value().get(), Some(Ok(()))) fallback=move || view! {
                <span role="status" class="badge badge-ok">{t!(i18n, revision_version_sent)}</span>
            }>
                <button type="button" class="btn btn-primary btn-sm" disabled=move || send.pending().get()
                    on:click=move |_| { send.dispatch(()); }>
                    {t!(i18n, send_revision_version)}
                </button>
            </Show>
            {move || matches!(send.value().get(), Some(Err(_))).then(|| view! {
                <span role="alert" class="field-error">{t!(i18n, error_generic)}</span>
            })}
        </div>
    }
}

fn missing_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "signed_by_name" => td_string!(locale, missing_signed_by_name),
        "signature" => td_string!(locale, missing_signature),
        "photos" => td_string!(locale, missing_photos),
        _ => td_string!(locale, missing_checklist),
    }
}

/// Ops record the sign-off by hand: name, a drawn signature, the number of
/// photos received and the checklist.
#[component]
fn SignOffForm(order_id: i32) -> impl IntoView {
    use crate::api::orders::record_sign_off;
    use entity::domain::pipeline::{sign_off_missing, CHECKLIST};
    use entity::dto::SignOffInput;
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let path = RwSignal::new(String::new());
    let photos = RwSignal::new(0);
    let checked = RwSignal::new(Vec::<String>::new());
    // What the form itself finds missing, before asking the server (which
    // checks the same rule again).
    let local_missing = RwSignal::new(Vec::<String>::new());
    let action = Action::new(move |input: &SignOffInput| {
        let input = input.clone();
        async move { record_sign_off(order_id, input).await }
    });
    let problems = move || -> Vec<String> {
        let local = local_missing.get();
        if !local.is_empty() {
            return local;
        }
        match action.value().get() {
            Some(Err(AppError::Missing(m))) => m,
            Some(Err(e)) => vec![e.code().to_owned()],
            _ => Vec::new(),
        }
    };
    view! {
        <section class="card mt-6" aria-labelledby="h-sign-off" data-testid="sign-off">
            <h2 id="h-sign-off" class="card-title">{t!(i18n, sec_sign_off)}</h2>
            <p class="text-sm text-muted mb-3">{t!(i18n, sign_off_lead)}</p>
            <Show when=move || !matches!(action.value().get(), Some(Ok(()))) fallback=move || view! {
                <p role="status" class="badge badge-ok">{t!(i18n, sign_off_saved)}</p>
            }>
            <form class="flex flex-col gap-3" novalidate on:submit=move |ev| {
                ev.prevent_default();
                let input = SignOffInput {
                    signed_by_name: name.get_untracked(),
                    signature: path.get_untracked(),
                    photo_count: photos.get_untracked(),
                    checked: checked.get_untracked(),
                };
                let gaps: Vec<String> = sign_off_missing(&input).into_iter().map(str::to_owned).collect();
                let complete = gaps.is_empty();
                local_missing.set(gaps);
                if complete {
                    action.dispatch(input);
                }
            }>
                <div class="field">
                    <label class="label" for="so-name">{t!(i18n, signed_by)}</label>
                    <input id="so-name" class="input" type="text" on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <span class="label" id="so-sign-label">{t!(i18n, signature)}</span>
                    <crate::components::form::SignaturePad path=path labelled_by="so-sign-label" />
                    <button type="button" class="btn btn-secondary btn-sm self-start" on:click=move |_| path.set(String::new())>
                        {t!(i18n, clear)}
                    </button>
                </div>
                <div class="field">
                    <label class="label" for="so-photos">{t!(i18n, photo_count)}</label>
                    <input id="so-photos" class="input" type="number" min="0" max="50" style="max-width: 8rem"
                        on:input=move |ev| photos.set(event_target_value(&ev).parse().unwrap_or(0)) />
                </div>
                <fieldset class="flex flex-col gap-2">
                    {CHECKLIST.iter().map(|c| {
                        let code = (*c).to_owned();
                        view! {
                            <label class="choice">
                                <input type="checkbox" on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    checked.update(|v| { v.retain(|x| x != &code); if on { v.push(code.clone()); } });
                                } />
                                <span>{move || check_label(i18n.get_locale(), c)}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <ul role="alert" class="field-error">
                    {move || problems().into_iter().map(|p| view! { <li>{missing_label(i18n.get_locale(), &p)}</li> }).collect_view()}
                </ul>
                <button type="submit" class="btn btn-primary self-start">{t!(i18n, sign_off_save)}</button>
            </form>
            </Show>
        </section>
    }
}

/// The events this order's workflow reacts to in its current status; ops
/// report one when it happened outside the app, and the order moves on.
#[component]
fn Events(order_id: i32, events: Vec<String>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let report = Action::new(move |event: &String| {
        let event = event.clone();
        async move { crate::api::pipeline::report_order_event(order_id, event).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = report.value().get() {
            reload.run(());
        }
    });
    let error = move || {
        let e = report.value().get()?.err()?;
        let l = i18n.get_locale();
        Some(if e == AppError::Stale {
            td_string!(l, err_stale)
        } else {
            td_string!(l, err_failed)
        })
    };
    view! {
        <section class="card mb-4" aria-labelledby="h-events" id="order-events">
            <h2 id="h-events" class="card-title mb-1">{t!(i18n, ord_events)}</h2>
            <p class="text-sm text-muted mb-2">{t!(i18n, ord_events_intro)}</p>
            <div class="flex flex-wrap gap-2">
                {events.into_iter().map(|e| {
                    let name = e.clone();
                    let attr = e.clone();
                    view! {
                        <button type="button" class="btn btn-secondary btn-sm font-mono" data-event=attr
                            disabled=move || report.pending().get()
                            on:click=move |_| { report.dispatch(name.clone()); }>{e}</button>
                    }
                }).collect_view()}
            </div>
            <p class="field-error" role="alert">{error}</p>
        </section>
    }
}

/// What the technicians recorded at the visits (the field app, issue 19):
/// times, checklists, the commissioning, materials, a problem, and the
/// photos, and the customer's signature.
#[component]
fn FieldReports(
    reports: Vec<entity::dto::FieldReportDto>,
    signature: Option<entity::dto::SignatureDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let time = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| {
                entity::domain::time::amsterdam(t.with_timezone(&chrono::Utc))
                    .format("%d-%m %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| "—".into())
    };
    view! {
        <section class="card mt-6" aria-labelledby="h-field" data-testid="field-report">
            <h2 id="h-field" class="card-title">{t!(i18n, sec_field_report)}</h2>
            {reports.into_iter().map(|r| view! {
                <dl class="kv text-sm">
                    <dt>{t!(i18n, field_step_on_the_way)}</dt><dd>{time(&r.on_the_way_at)}</dd>
                    <dt>{t!(i18n, field_step_arrived)}</dt><dd data-testid="field-arrived">{time(&r.arrived_at)}
                        {r.arrived_metres.map(|m| view! { " · "{m}" "{t!(i18n, field_from_address)} })}</dd>
                    <dt>{t!(i18n, field_step_complete)}</dt><dd>{time(&r.finished_at)}</dd>
                    {r.commissioning.clone().map(|c| view! {
                        <dt>{t!(i18n, field_charge_point_id)}</dt><dd data-testid="field-cp">{c.charge_point_id.clone()}" · "{c.backend_url.clone()}</dd>
                        <dt>{t!(i18n, field_load_balancing)}</dt><dd>{c.load_balancing_amps}" A"</dd>
                        <dt>{t!(i18n, field_test_charge)}</dt><dd>{format!("{:.1}", c.test_charge_kwh)}</dd>
                        <dt>{t!(i18n, field_rcd_ms)}</dt><dd>{c.rcd_trip_ms}" ms · "{c.rcd_trip_ma}" mA"</dd>
                        <dt>{t!(i18n, field_serial)}</dt><dd data-testid="field-serials">{c.serials.join(", ")}</dd>
                    })}
                    {(!r.materials.is_empty()).then(|| view! {
                        <dt>{t!(i18n, field_step_materials)}</dt>
                        <dd data-testid="field-materials">{r.materials.iter().map(|m| format!("{} × {}", m.quantity, m.name)).collect::<Vec<_>>().join(", ")}</dd>
                    })}
                    {r.issue_code.clone().map(|c| view! {
                        <dt>{t!(i18n, field_step_issue)}</dt><dd>{c}{r.issue_note.clone().filter(|n| !n.is_empty()).map(|n| format!(" — {n}"))}</dd>
                    })}
                </dl>
                {(!r.photos.is_empty()).then(|| view! {
                    <ul class="flex gap-2 flex-wrap mt-2" data-testid="field-photos">
                        {r.photos.iter().map(|(id, phase)| view! {
                            <li><a href=paths::technician::photo(*id) target="_blank" rel="noopener">
                                <img src=paths::technician::photo(*id)
                                    alt=crate::components::labels::phase_label(i18n.get_locale_untracked(), phase) width="96" height="96" loading="lazy" style="width: 96px; height: 96px; object-fit: cover; border-radius: 6px" />
                            </a></li>
                        }).collect_view()}
                    </ul>
                })}
            }).collect_view()}
            {signature.map(|s| view! {
                <figure class="mt-3" data-testid="field-signature">
                    // The path as the pad drew it, in the pad's own box.
                    <svg viewBox="0 0 320 120" width="240" height="90" role="img" class="signature-shown"
                        aria-label=format!("{}: {}", t_string!(i18n, sec_signature), s.signed_by_name)>
                        <path d=s.path.clone() fill="none" stroke="currentColor" stroke-width="2"
                            stroke-linecap="round" stroke-linejoin="round" />
                    </svg>
                    <figcaption class="text-sm">
                        {t!(i18n, signed_by)}": "<strong>{s.signed_by_name.clone()}</strong>" · "{t!(i18n, signed_at)}" "{s.signed_at.clone()}
                    </figcaption>
                </figure>
            })}
        </section>
    }
}
