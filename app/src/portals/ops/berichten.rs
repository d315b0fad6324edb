//! `/ops/berichten`: first the conversations that wait for ops' answer,
//! the most pressing first (001's priority matrix); then communication
//! analytics (001): what left per day and channel, how each channel
//! delivered and how often customers answered, and the messages that could
//! not be delivered.

use crate::api::messages::message_stats;
use crate::api::orders::waiting_threads;
use crate::components::notice::ErrorNotice;
use crate::components::status::{channel_label, delivery_label, priority_label};
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::Portal;
use entity::dto::{MessageStatsDto, WaitingThreadDto};
use entity::paths;
use leptos::prelude::*;

fn pct(part: u32, whole: u32) -> String {
    (part * 100)
        .checked_div(whole)
        .map_or("–".to_owned(), |p| format!("{p}%"))
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let days = RwSignal::new(14u32);
    let stats = Resource::new(move || days.get(), message_stats);
    let waiting = Resource::new(|| (), |_| waiting_threads());
    view! {
        <PageTitle text=move || t_string!(i18n, ms_title).to_string() />
        <h1 id="ms-title" class="text-2xl font-bold mb-1">{t!(i18n, ms_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, ms_lead)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match waiting.await {
                    Ok(w) => view! { <Waiting rows=w /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
        <div class="field mb-4 max-w-xs">
            <label class="label" for="ms-days">{t!(i18n, ms_period)}</label>
            <select id="ms-days" class="select" on:change=move |ev| {
                if let Ok(d) = event_target_value(&ev).parse() { days.set(d) }
            }>
                {[7u32, 14, 30, 90].into_iter().map(|d| view! {
                    <option value=d.to_string() selected=move || days.get() == d>{format!("{d}")}" "{t!(i18n, ms_days)}</option>
                }).collect_view()}
            </select>
        </div>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => view! { <Stats s=s /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The conversations waiting for an answer, the one due first on top.
#[component]
fn Waiting(rows: Vec<WaitingThreadDto>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section class="card mb-6" aria-labelledby="wt-title" data-testid="waiting">
            <h2 id="wt-title" class="font-bold mb-2">{t!(i18n, wt_title)}" "<span class="badge">{rows.len()}</span></h2>
            {if rows.is_empty() {
                view! { <p class="text-muted">{t!(i18n, wt_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table class="table" aria-labelledby="wt-title">
                            <thead><tr>
                                <th scope="col">{t!(i18n, wt_order)}</th>
                                <th scope="col">{t!(i18n, wt_from)}</th>
                                <th scope="col">{t!(i18n, wt_received)}</th>
                                <th scope="col">{t!(i18n, th_priority)}</th>
                                <th scope="col">{t!(i18n, wt_due)}</th>
                                <th scope="col">{t!(i18n, wt_agent)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|w| view! {
                                    <tr data-order=w.order_number.clone() data-priority=w.priority.clone()>
                                        <td><a href=paths::order(Portal::Operations, &w.order_number)>{w.order_number.clone()}</a>
                                            <span class="block text-sm text-muted">{w.customer}</span></td>
                                        <td class="text-sm">{channel_label(locale, &w.channel)}" · "{w.from}
                                            <span class="block text-muted">{w.excerpt}</span></td>
                                        <td class="text-sm">{w.received}</td>
                                        <td class="text-sm">{priority_label(locale, &w.priority)}</td>
                                        <td><span class=if w.overdue { "badge badge-danger" } else { "badge badge-warn" }>{w.reply_due}</span></td>
                                        <td class="text-sm">{w.assignee.unwrap_or_else(|| "–".to_owned())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Stats(s: MessageStatsDto) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let busiest = s
        .per_day
        .iter()
        .map(|d| d.email + d.sms + d.whatsapp)
        .max()
        .unwrap_or(0)
        .max(1);
    view! {
        <section class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 mb-6" aria-label=move || t_string!(i18n, ms_channels).to_string() data-testid="ms-channels">
            {s.channels.into_iter().map(|c| view! {
                <div class="card" data-channel=c.channel.clone()>
                    <h2 class="font-bold">{channel_label(locale, &c.channel)}</h2>
                    <p class="text-2xl font-bold">{c.sent}<span class="text-sm text-muted font-normal">" "{t!(i18n, ms_sent)}</span></p>
                    <dl class="facts text-sm">
                        <dt>{t!(i18n, ms_delivered)}</dt><dd>{if c.channel == "email" { "–".to_owned() } else { pct(c.delivered, c.sent) }}</dd>
                        {(c.channel == "whatsapp").then(|| view! { <dt>{t!(i18n, ms_read)}</dt><dd>{pct(c.read, c.sent)}</dd> })}
                        <dt>{t!(i18n, ms_response)}</dt><dd>{c.response_rate.map_or("–".to_owned(), |r| format!("{r}%"))}</dd>
                        <dt>{t!(i18n, ms_failed)}</dt><dd>{c.failed}</dd>
                        <dt>{t!(i18n, ms_suppressed)}</dt><dd>{c.suppressed}</dd>
                        <dt>{t!(i18n, ms_waiting)}</dt><dd>{c.waiting}</dd>
                    </dl>
                </div>
            }).collect_view()}
            <div class="card" data-testid="ms-surveys">
                <h2 class="font-bold">{t!(i18n, ms_surveys)}</h2>
                <p class="text-2xl font-bold">
                    {s.survey_average_tenths.map_or("–".to_owned(), |t| format!("{},{}", t / 10, t % 10))}
                    <span class="text-sm text-muted font-normal">" / 5"</span>
                </p>
                <p class="text-sm text-muted">{s.surveys}" "{t!(i18n, ms_answers)}</p>
            </div>
        </section>
        <section class="card mb-6" aria-labelledby="ms-days-title">
            <h2 id="ms-days-title" class="font-bold mb-2">{t!(i18n, ms_per_day)}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="table" aria-labelledby="ms-days-title">
                    <thead><tr>
                        <th scope="col">{t!(i18n, ms_date)}</th>
                        <th scope="col">"E-mail"</th><th scope="col">"SMS"</th><th scope="col">"WhatsApp"</th>
                        <th scope="col" class="w-1/3"><span class="sr-only">{t!(i18n, ms_total)}</span></th>
                    </tr></thead>
                    <tbody>
                        {s.per_day.into_iter().map(|d| {
                            let total = d.email + d.sms + d.whatsapp;
                            let width = format!("width:{}%", total * 100 / busiest);
                            view! {
                                <tr>
                                    <td class="whitespace-nowrap">{d.date}</td>
                                    <td>{d.email}</td><td>{d.sms}</td><td>{d.whatsapp}</td>
                                    <td><div class="ms-bar" style=width aria-hidden="true"></div></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-labelledby="ms-fail-title">
            <h2 id="ms-fail-title" class="font-bold mb-2">{t!(i18n, ms_failures)}</h2>
            {if s.failures.is_empty() {
                view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> }.into_any()
            } else { view! {
                <ul class="flex flex-col gap-2" data-testid="ms-failures">
                    {s.failures.into_iter().map(|f| view! {
                        <li>
                            <span class="text-sm text-muted">{f.at}" · "{channel_label(locale, &f.channel)}" · "{f.kind}" · "{f.recipient}" · "{delivery_label(locale, &f.state)}</span>
                            <p class="text-sm">{f.error}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
        </section>
    }
}
