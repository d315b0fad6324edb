//! `/partner/api`: the partner's API keys and usage (issue 20; 002 "API &
//! Integration"). Make a key with scopes and an expiry (shown once), rotate
//! it with an overlap, revoke it, and see the latest calls per key.

use crate::api::partner_api::{
    api_access, create_api_key, create_webhook, replay_delivery, revoke_api_key, rotate_api_key,
    send_test_event, set_webhook_active, webhooks,
};
use crate::components::form::{error_text, form_error_text, form_errors, CodeChecks};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::api::{problems, SCOPES};
use entity::domain::time::format_local;
use entity::domain::webhooks::EVENTS;
use entity::dto::{
    ApiKeyDto, CreatedApiKeyDto, CreatedWebhookDto, NewApiKeyDto, NewWebhookDto,
    WebhookDeliveryDto, WebhookEndpointDto,
};
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn PartnerApiPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    // The key just made or rotated: shown once, above the list.
    let fresh = RwSignal::new(None::<CreatedApiKeyDto>);
    let data = Resource::new(move || reload.get(), |_| api_access());
    view! {
        <PageTitle text=move || t_string!(i18n, api_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, api_title)}</h1>
        <p class="text-muted mb-4">
            {t!(i18n, api_intro)}" "
            <a class="link" href=entity::paths::partner::API_DOCS>{t!(i18n, api_doc_link)}</a>
        </p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! {
                        {if d.may_manage {
                            view! { <NewKey fresh=fresh reload=reload /> }.into_any()
                        } else {
                            view! { <p class="notice-info" data-testid="api-admin-only">{t!(i18n, api_admin_only)}</p> }.into_any()
                        }}
                        {move || fresh.get().map(|k| view! {
                            <ShownOnce title=t_string!(i18n, api_fresh).to_string() prefix=k.key.prefix.clone()
                                secret=k.secret.clone() note=t_string!(i18n, api_fresh_once).to_string()
                                on_done=Callback::new(move |_| fresh.set(None)) testid="api-fresh" />
                        })}
                        <section class="card mt-4" aria-labelledby="api-keys-h">
                            <h2 id="api-keys-h" class="text-lg font-semibold mb-2">{t!(i18n, api_keys)}</h2>
                            {if d.keys.is_empty() {
                                view! { <p class="text-muted" data-testid="api-no-keys">{t!(i18n, api_no_keys)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="flex flex-col gap-3" data-testid="api-key-list">
                                        {d.keys.into_iter().map(|k| view! { <KeyRow k=k fresh=fresh reload=reload may_manage=d.may_manage /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section class="card mt-4" aria-labelledby="api-calls-h">
                            <div class="flex items-baseline justify-between mb-2">
                                <h2 id="api-calls-h" class="text-lg font-semibold">{t!(i18n, api_calls)}</h2>
                                <button class="btn btn-sm" type="button" data-testid="api-refresh"
                                    on:click=move |_| reload.update(|n| *n += 1)>{t!(i18n, api_refresh)}</button>
                            </div>
                            {if d.calls.is_empty() {
                                view! { <p class="text-muted">{t!(i18n, api_no_calls)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0">
                                        <table class="table" data-testid="api-calls">
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, api_when)}</th>
                                                <th scope="col">{t!(i18n, api_key)}</th>
                                                <th scope="col">{t!(i18n, api_call)}</th>
                                                <th scope="col">{t!(i18n, api_answer)}</th>
                                                <th scope="col">"ms"</th>
                                            </tr></thead>
                                            <tbody>
                                                {d.calls.into_iter().map(|c| {
                                                    let bad = c.status >= 400;
                                                    view! {
                                                        <tr>
                                                            <td>{format_local(c.at)}</td>
                                                            <td><code>{c.key_prefix}</code></td>
                                                            <td><code>{c.method}" "{c.path}</code></td>
                                                            <td class:text-danger=bad>{c.status}</td>
                                                            <td>{c.duration_ms}</td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
        <Webhooks />
    }
}

fn blank() -> NewApiKeyDto {
    NewApiKeyDto {
        test: false,
        name: String::new(),
        scopes: vec!["leads:write".into(), "orders:read".into()],
        expires_in_days: Some(365),
    }
}

#[component]
fn NewKey(fresh: RwSignal<Option<CreatedApiKeyDto>>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let form = RwSignal::new(blank());
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let make = Action::new(move |f: &NewApiKeyDto| {
        let f = f.clone();
        async move { create_api_key(f).await }
    });
    Effect::new(move |_| match make.value().get() {
        Some(Ok(k)) => {
            fresh.set(Some(k));
            form.set(blank());
            errors.set(HashMap::new());
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => errors.set(form_errors(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let local: HashMap<String, String> = problems(&f.name, &f.scopes, f.expires_in_days)
            .into_iter()
            .map(|field| (field.to_owned(), "invalid".to_owned()))
            .collect();
        errors.set(local.clone());
        if local.is_empty() {
            make.dispatch(f);
        }
    };
    let err = move |field: &'static str| {
        move || {
            errors.with(|e| e.get(field).cloned()).map(|_| match field {
                "name" => t_string!(i18n, api_err_name).to_string(),
                "scopes" => t_string!(i18n, api_err_scopes).to_string(),
                _ => error_text(i18n.get_locale(), "invalid").to_string(),
            })
        }
    };
    view! {
        <form class="card grid sm:grid-cols-2 gap-3 items-start" novalidate on:submit=submit aria-labelledby="api-new-h">
            <h2 id="api-new-h" class="text-lg font-semibold sm:col-span-2">{t!(i18n, api_new)}</h2>
            <div class="field">
                <label class="label" for="api-name">{t!(i18n, api_name)}</label>
                <input id="api-name" class="input" type="text" maxlength="80" placeholder="ERP-koppeling"
                    prop:value=move || form.with(|f| f.name.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.name = v);
                        errors.update(|e| { e.remove("name"); });
                    }
                    aria-invalid=move || err("name")().is_some().to_string() />
                <p class="field-error" role="alert">{err("name")}</p>
            </div>
            <div class="field">
                <label class="label" for="api-expiry">{t!(i18n, api_expiry)}</label>
                <select id="api-expiry" class="select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<i32>().ok();
                        form.update(|f| f.expires_in_days = v);
                    }>
                    {[30, 90, 365, 730].into_iter().map(|d| view! {
                        <option value=d.to_string() selected=d == 365>{d}" "{t!(i18n, api_days)}</option>
                    }).collect_view()}
                    <option value="">{t!(i18n, api_never)}</option>
                </select>
            </div>
            <fieldset class="field sm:col-span-2">
                <legend class="label">{t!(i18n, api_scopes)}</legend>
                <CodeChecks name="scope" codes=&SCOPES form=form read=|f| &f.scopes
                    write=|f| &mut f.scopes errors=errors field="scopes" />
                <p class="field-error" role="alert">{err("scopes")}</p>
            </fieldset>
            <div class="field sm:col-span-2">
                <label class="flex items-center gap-2">
                    <input type="checkbox" name="test" data-testid="api-test-key"
                        prop:checked=move || form.with(|f| f.test)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            form.update(|f| f.test = on);
                        } />
                    {t!(i18n, api_test_key)}
                </label>
                <p class="text-sm text-muted">{t!(i18n, api_test_key_hint)}</p>
            </div>
            <div class="sm:col-span-2">
                <button class="btn btn-primary" type="submit" disabled=move || make.pending().get()>{t!(i18n, api_make)}</button>
                <p class="field-error" role="alert">
                    {move || errors.with(|e| e.get("form").map(|c| form_error_text(i18n.get_locale(), c)))}
                </p>
            </div>
        </form>
    }
}

/// A secret shown this once (a new key, a webhook's signing secret): copy
/// it now, it is not shown again.
#[component]
fn ShownOnce(
    title: String,
    prefix: String,
    secret: String,
    note: String,
    on_done: Callback<()>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let text = secret.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
                copied.set(true);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    let heading = format!("{testid}-h");
    let labelled = heading.clone();
    view! {
        <section class="card mt-4 border-2 border-ok" role="status" aria-labelledby=labelled data-testid=testid>
            <h2 id=heading class="font-semibold">{title}" "<code>{prefix}</code></h2>
            <p class="text-sm mb-2">{note}</p>
            <div class="flex flex-wrap gap-2 items-center">
                <input class="input grow font-mono" readonly aria-label=move || t_string!(i18n, api_key).to_string()
                    value=secret data-testid=format!("{testid}-secret") on:focus=|ev| {
                        #[cfg(feature = "hydrate")]
                        {
                            use wasm_bindgen::JsCast;
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                el.select();
                            }
                        }
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    } />
                <button class="btn" type="button" on:click=copy>
                    {move || if copied.get() { t_string!(i18n, api_copied) } else { t_string!(i18n, api_copy) }}
                </button>
                <button class="btn" type="button" on:click=move |_| on_done.run(())>{t!(i18n, api_done)}</button>
            </div>
        </section>
    }
}

#[component]
fn KeyRow(
    k: ApiKeyDto,
    fresh: RwSignal<Option<CreatedApiKeyDto>>,
    reload: RwSignal<u32>,
    /// A partner admin: may rotate and revoke.
    may_manage: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let revoked = k.state == "revoked";
    let expired = k.state == "expired";
    let active = k.state == "active";
    let id = k.id;
    let overlap = RwSignal::new(24i32);
    let failed = RwSignal::new(false);
    let revoke = Action::new(move |_: &()| async move { revoke_api_key(id).await });
    let rotate = Action::new(move |h: &i32| {
        let h = *h;
        async move { rotate_api_key(id, h).await }
    });
    Effect::new(move |_| {
        if let Some(r) = revoke.value().get() {
            failed.set(r.is_err());
            reload.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| match rotate.value().get() {
        Some(Ok(k)) => {
            fresh.set(Some(k));
            reload.update(|n| *n += 1);
        }
        Some(Err(_)) => failed.set(true),
        None => {}
    });
    let state = if revoked {
        t_string!(i18n, api_revoked).to_string()
    } else if expired {
        t_string!(i18n, api_expired).to_string()
    } else {
        t_string!(i18n, api_active).to_string()
    };
    let name = k.name.clone();
    view! {
        <li class="border rounded p-3 flex flex-col gap-2" data-testid="api-key" data-prefix=k.prefix.clone()>
            <div class="flex flex-wrap gap-x-4 gap-y-1 items-baseline">
                <strong>{k.name.clone()}</strong>
                <code>{k.prefix.clone()}"_…"</code>
                <span class="badge" class:badge-ok=active>{state}</span>
                {k.test.then(|| view! { <span class="badge badge-warn" data-testid="api-key-test">{t!(i18n, api_test_badge)}</span> })}
                <span class="text-sm">{k.scopes.join(", ")}</span>
            </div>
            <dl class="text-sm grid grid-cols-2 sm:grid-cols-4 gap-x-4">
                <div><dt class="text-muted">{t!(i18n, api_made)}</dt><dd>{format_local(k.created_at)}</dd></div>
                <div><dt class="text-muted">{t!(i18n, api_expires)}</dt>
                    <dd>{k.expires_at.map(format_local).unwrap_or_else(|| t_string!(i18n, api_never).to_string())}</dd></div>
                <div><dt class="text-muted">{t!(i18n, api_last_used)}</dt>
                    <dd>{k.last_used_at.map(format_local).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt class="text-muted">"IP"</dt><dd>{k.last_used_ip.clone().unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            <Show when=move || active && may_manage>
                <div class="flex flex-wrap gap-2 items-end">
                    <div class="field">
                        <label class="label" for=format!("api-overlap-{id}")>{t!(i18n, api_overlap)}</label>
                        <select id=format!("api-overlap-{id}") class="select"
                            on:change=move |ev| overlap.set(event_target_value(&ev).parse().unwrap_or(24))>
                            <option value="0">{t!(i18n, api_overlap_none)}</option>
                            <option value="24" selected>"24 h"</option>
                            <option value="168">"7 "{t!(i18n, api_days)}</option>
                            <option value="336">"14 "{t!(i18n, api_days)}</option>
                        </select>
                    </div>
                    <button class="btn" type="button" disabled=move || rotate.pending().get()
                        on:click=move |_| { rotate.dispatch(overlap.get_untracked()); }>{t!(i18n, api_rotate)}</button>
                    <button class="btn btn-danger" type="button" disabled=move || revoke.pending().get()
                        aria-label=format!("{} {}", t_string!(i18n, api_revoke), name)
                        on:click=move |_| {
                            #[cfg(feature = "hydrate")]
                            {
                                let ok = web_sys::window()
                                    .and_then(|w| w.confirm_with_message(t_string!(i18n, api_revoke_confirm)).ok())
                                    .unwrap_or(false);
                                if !ok { return; }
                            }
                            revoke.dispatch(());
                        }>{t!(i18n, api_revoke)}</button>
                </div>
            </Show>
            <Show when=move || failed.get()>
                <p role="alert" class="field-error">{t!(i18n, api_failed)}</p>
            </Show>
        </li>
    }
}

/// Reloads `reload` now and again shortly, so a delivery the worker is
/// about to send shows its outcome without a manual refresh.
fn reload_soon(reload: RwSignal<u32>) {
    reload.update(|n| *n += 1);
    for ms in [1500, 4000] {
        set_timeout(
            move || reload.update(|n| *n += 1),
            std::time::Duration::from_millis(ms),
        );
    }
}

/// Webhooks: endpoints, the form for a new one, and the delivery log.
#[component]
fn Webhooks() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let fresh = RwSignal::new(None::<CreatedWebhookDto>);
    let data = Resource::new(move || reload.get(), |_| webhooks());
    view! {
        <section class="card mt-6" aria-labelledby="wh-h" id="webhooks">
            <h2 id="wh-h" class="text-xl font-bold mb-1">{t!(i18n, wh_title)}</h2>
            <p class="text-muted mb-3">{t!(i18n, wh_intro)}</p>
            <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            {if d.may_manage {
                                view! { <NewWebhook fresh=fresh reload=reload /> }.into_any()
                            } else {
                                view! { <p class="notice-info" data-testid="wh-admin-only">{t!(i18n, wh_admin_only)}</p> }.into_any()
                            }}
                            {move || fresh.get().map(|w| view! {
                                <ShownOnce title=t_string!(i18n, wh_fresh).to_string() prefix=w.endpoint.url.clone()
                                    secret=w.secret.clone() note=t_string!(i18n, wh_fresh_once).to_string()
                                    on_done=Callback::new(move |_| fresh.set(None)) testid="wh-fresh" />
                            })}
                            <h3 class="font-semibold mt-4 mb-2">{t!(i18n, wh_endpoints)}</h3>
                            {if d.endpoints.is_empty() {
                                view! { <p class="text-muted">{t!(i18n, wh_none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="flex flex-col gap-2" data-testid="wh-endpoints">
                                        {d.endpoints.into_iter().map(|e| view! { <EndpointRow e=e reload=reload may_manage=d.may_manage /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <div class="flex items-baseline justify-between mt-4 mb-2">
                                <h3 class="font-semibold">{t!(i18n, wh_deliveries)}</h3>
                                <button class="btn btn-sm" type="button" on:click=move |_| reload.update(|n| *n += 1)>{t!(i18n, wh_refresh)}</button>
                            </div>
                            {if d.deliveries.is_empty() {
                                view! { <p class="text-muted">{t!(i18n, wh_no_deliveries)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="flex flex-col gap-2" data-testid="wh-deliveries">
                                        {d.deliveries.into_iter().map(|x| view! { <DeliveryRow d=x reload=reload may_manage=d.may_manage /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any(),
                        Err(_) => view! { <ErrorNotice /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewWebhook(fresh: RwSignal<Option<CreatedWebhookDto>>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let blank = || NewWebhookDto {
        url: String::new(),
        events: EVENTS.iter().map(|e| (*e).to_owned()).collect(),
    };
    let form = RwSignal::new(blank());
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let make = Action::new(move |f: &NewWebhookDto| {
        let f = f.clone();
        async move { create_webhook(f).await }
    });
    Effect::new(move |_| match make.value().get() {
        Some(Ok(w)) => {
            fresh.set(Some(w));
            form.set(blank());
            errors.set(HashMap::new());
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => errors.set(form_errors(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let mut local = HashMap::new();
        if f.url.trim().is_empty() {
            local.insert("url".to_owned(), "url".to_owned());
        }
        if f.events.is_empty() {
            local.insert("events".to_owned(), "invalid".to_owned());
        }
        errors.set(local.clone());
        if local.is_empty() {
            make.dispatch(f);
        }
    };
    let err = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.get(field).cloned())
                .map(|code| match code.as_str() {
                    "url_scheme" => t_string!(i18n, wh_err_scheme).to_string(),
                    "url_private" => t_string!(i18n, wh_err_private).to_string(),
                    "invalid" if field == "events" => t_string!(i18n, wh_err_events).to_string(),
                    _ => t_string!(i18n, wh_err_url).to_string(),
                })
        }
    };
    view! {
        <form class="grid gap-3 border rounded p-3" novalidate on:submit=submit aria-labelledby="wh-new-h">
            <h3 id="wh-new-h" class="font-semibold">{t!(i18n, wh_new)}</h3>
            <div class="field">
                <label class="label" for="wh-url">{t!(i18n, wh_url)}</label>
                <input id="wh-url" class="input" type="url" inputmode="url" placeholder="https://erp.voorbeeld.nl/webhooks/chargecars"
                    prop:value=move || form.with(|f| f.url.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.url = v);
                        errors.update(|e| { e.remove("url"); });
                    }
                    aria-invalid=move || err("url")().is_some().to_string() />
                <p class="field-error" role="alert">{err("url")}</p>
            </div>
            <fieldset class="field">
                <legend class="label">{t!(i18n, wh_events)}</legend>
                <CodeChecks name="event" codes=&EVENTS form=form read=|f| &f.events
                    write=|f| &mut f.events errors=errors field="events" />
                <p class="field-error" role="alert">{err("events")}</p>
            </fieldset>
            <div>
                <button class="btn btn-primary" type="submit" disabled=move || make.pending().get()>{t!(i18n, wh_add)}</button>
                <p class="field-error" role="alert">
                    {move || errors.with(|e| e.get("form").map(|c| form_error_text(i18n.get_locale(), c)))}
                </p>
            </div>
        </form>
    }
}

#[component]
fn EndpointRow(e: WebhookEndpointDto, reload: RwSignal<u32>, may_manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = e.id;
    let active = e.active;
    let failed = RwSignal::new(false);
    let test = Action::new(move |_: &()| async move { send_test_event(id).await });
    let toggle = Action::new(move |on: &bool| {
        let on = *on;
        async move { set_webhook_active(id, on).await }
    });
    Effect::new(move |_| {
        if let Some(r) = test.value().get() {
            failed.set(r.is_err());
            reload_soon(reload);
        }
    });
    Effect::new(move |_| {
        if let Some(r) = toggle.value().get() {
            failed.set(r.is_err());
            reload.update(|n| *n += 1);
        }
    });
    let state = match (e.active, e.disabled_reason.as_deref()) {
        (true, _) => t_string!(i18n, api_active).to_string(),
        (false, Some("failing")) => t_string!(i18n, wh_off_failing).to_string(),
        (false, _) => t_string!(i18n, wh_off).to_string(),
    };
    view! {
        <li class="border rounded p-3 flex flex-col gap-2" data-testid="wh-endpoint">
            <div class="flex flex-wrap gap-x-4 gap-y-1 items-baseline">
                <code class="break-all">{e.url.clone()}</code>
                <span class="badge" class:badge-ok=active>{state}</span>
            </div>
            <p class="text-sm">{e.events.join(", ")}</p>
            <Show when=move || may_manage>
                <div class="flex flex-wrap gap-2">
                    <Show when=move || active>
                        <button class="btn" type="button" disabled=move || test.pending().get()
                            on:click=move |_| { test.dispatch(()); }>{t!(i18n, wh_test)}</button>
                    </Show>
                    <button class="btn" type="button" disabled=move || toggle.pending().get()
                        on:click=move |_| { toggle.dispatch(!active); }>
                        {move || if active { t_string!(i18n, wh_turn_off) } else { t_string!(i18n, wh_turn_on) }}
                    </button>
                </div>
            </Show>
            <Show when=move || failed.get()>
                <p role="alert" class="field-error">{t!(i18n, api_failed)}</p>
            </Show>
        </li>
    }
}

#[component]
fn DeliveryRow(d: WebhookDeliveryDto, reload: RwSignal<u32>, may_manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.id;
    let replay = Action::new(move |_: &()| async move { replay_delivery(id).await });
    Effect::new(move |_| {
        if replay.value().get().is_some() {
            reload_soon(reload);
        }
    });
    let ok = d.state == "delivered";
    let bad = d.state == "failed";
    let state = match d.state.as_str() {
        "delivered" => t_string!(i18n, wh_delivered).to_string(),
        "failed" => t_string!(i18n, wh_failed).to_string(),
        "sending" => t_string!(i18n, wh_sending).to_string(),
        _ => match d.next_try_at {
            Some(at) => format!("{} {}", t_string!(i18n, wh_retry_at), format_local(at)),
            None => t_string!(i18n, wh_waiting).to_string(),
        },
    };
    let last = d.tries.last().map(|t| {
        let status = t.status.map_or_else(|| "—".to_owned(), |s| s.to_string());
        format!("{status} · {} ms", t.latency_ms)
    });
    let tries = d.tries.len();
    view! {
        <li class="border rounded p-2" data-testid="wh-delivery" data-state=d.state.clone() data-event=d.kind.clone()>
            <details>
                <summary class="cursor-pointer flex flex-wrap gap-x-4 gap-y-1 items-baseline">
                    <span>{format_local(d.created_at)}</span>
                    <code>{d.kind.clone()}</code>
                    <span class="badge" class:badge-ok=ok class:text-danger=bad>{state}</span>
                    <span class="text-sm text-muted">{last}" · "{tries}" "{t!(i18n, wh_tries)}</span>
                </summary>
                <div class="mt-2 flex flex-col gap-2 text-sm">
                    <p><span class="text-muted">{t!(i18n, wh_event_id)}": "</span><code>{d.event_id.clone()}</code></p>
                    <p><span class="text-muted">{t!(i18n, wh_url)}": "</span><code class="break-all">{d.url.clone()}</code></p>
                    <p class="text-muted">{t!(i18n, wh_request)}</p>
                    <pre class="code-block">{d.request_body.clone()}</pre>
                    <ol class="flex flex-col gap-1">
                        {d.tries.into_iter().map(|t| view! {
                            <li>
                                {format_local(t.at)}" · "
                                {t.status.map_or_else(|| "—".to_owned(), |s| s.to_string())}" · "
                                {t.latency_ms}" ms"
                                {t.error.map(|e| view! { <span class="text-danger">" · "{e}</span> })}
                                {t.response_body.filter(|b| !b.is_empty()).map(|b| view! {
                                    <pre class="code-block">{b}</pre>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                    <Show when=move || may_manage>
                        <div>
                            <button class="btn btn-sm" type="button" disabled=move || replay.pending().get()
                                on:click=move |_| { replay.dispatch(()); }>{t!(i18n, wh_replay)}</button>
                        </div>
                    </Show>
                </div>
            </details>
        </li>
    }
}
