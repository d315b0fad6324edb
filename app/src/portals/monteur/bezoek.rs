//! One visit, step by step (`/monteur/bezoek/:id?datum=`), phone first:
//! on the way, arrived, pre-visit checklist, photos, checklist and
//! commissioning, materials, signature and completion, and "a problem".
//! Every step is stored on the phone first (`queue`) and sent when there is
//! a connection; the page says what still waits and what the server could
//! not apply, in words.

use super::queue::{self, Entry, Photo};
use crate::api::planning::planning_my_day;
use crate::components::labels::phase_label;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::field::{
    problems, Commissioning, FieldAction, FieldCommand, MaterialUse, ISSUE_CODES, PHOTO_PHASES,
    PRE_CHECKLIST,
};
use entity::domain::pipeline::CHECKLIST;
use entity::dto::{MyDayDto, MyStopDto, PhotoStartDto};
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The day's schedule: from the server, kept on the phone for when there
/// is no connection, or the kept copy when the server cannot be reached.
async fn schedule(date: String) -> Option<MyDayDto> {
    let key = queue::day_key(&date);
    match planning_my_day(date).await {
        Ok(d) => {
            if let Ok(json) = serde_json::to_string(&d) {
                queue::cache_put(&key, &json).await;
            }
            Some(d)
        }
        Err(_) => queue::cache_get(&key)
            .await
            .and_then(|j| serde_json::from_str(&j).ok()),
    }
}

#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let visit_id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let date = move || query.read().get("datum").unwrap_or_default();
    let day = LocalResource::new(move || schedule(date()));
    // The visit is drawn in the browser only (its data may come from the
    // phone's own store when there is no connection): the server and the
    // first browser render agree on "loading", then the browser takes over.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <PageTitle text=move || t_string!(i18n, field_title).to_string() />
        <super::InstallableApp />
        <Show when=move || mounted.get() fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let id = visit_id();
                match day.await.and_then(|d| {
                    let date = d.date.clone();
                    d.stops.into_iter().find(|s| s.visit_id == id).map(|s| (s, date))
                }) {
                    Some((stop, date)) => view! { <Visit stop=stop date=date /> }.into_any(),
                    None => view! {
                        <p class="card" role="status">{t!(i18n, field_not_found)}</p>
                        <a class="btn btn-secondary mt-3" href=paths::technician::TODAY>{t!(i18n, nav.today)}</a>
                    }.into_any(),
                }
            })}
        </Suspense>
        </Show>
    }
}

/// The plain words for a server's answer code.
fn reason(locale: Locale, code: &str) -> &'static str {
    match code {
        "visit_moved" => td_string!(locale, field_conflict_visit_moved),
        "visit_cancelled" => td_string!(locale, field_conflict_visit_cancelled),
        "already_completed" => td_string!(locale, field_conflict_already_completed),
        "photos_missing" => td_string!(locale, field_conflict_photos_missing),
        "already_on_hold" => td_string!(locale, field_conflict_already_on_hold),
        _ => td_string!(locale, field_conflict_other),
    }
}

fn step_label(locale: Locale, step: &str) -> &'static str {
    match step {
        "on_the_way" => td_string!(locale, field_step_on_the_way),
        "arrived" => td_string!(locale, field_step_arrived),
        "pre_checklist" => td_string!(locale, field_step_pre_checklist),
        "photo" => td_string!(locale, field_step_photos),
        "commissioning" => td_string!(locale, field_step_commissioning),
        "materials" => td_string!(locale, field_step_materials),
        "issue" => td_string!(locale, field_step_issue),
        "break_start" => td_string!(locale, field_break_start),
        "break_end" => td_string!(locale, field_break_end),
        _ => td_string!(locale, field_step_complete),
    }
}

#[component]
fn Visit(stop: MyStopDto, date: String) -> impl IntoView {
    let i18n = use_i18n();
    let visit_id = stop.visit_id;
    let entries = RwSignal::new(Vec::<Entry>::new());
    let syncing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Sends what waits, one sync at a time.
    let sync = move || {
        if syncing.get_untracked() {
            return;
        }
        syncing.set(true);
        leptos::task::spawn_local(async move {
            let now = queue::sync().await;
            // Not all sent: the browser sends it when the connection is back.
            if now.iter().any(Entry::queued) {
                queue::request_background_sync();
            }
            entries.set(now);
            syncing.set(false);
        });
    };
    // Load what the phone kept, send it, and send again when the
    // connection comes back (and every 15 s while anything waits).
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            entries.set(queue::all().await);
            sync();
        });
    });
    let _online = window_event_listener(leptos::ev::online, move |_| sync());
    // Only while this page is still shown (the listener outlives it).
    queue::on_worker_sync(move || {
        if syncing.try_get_untracked().is_some() {
            sync();
        }
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                if entries.get_untracked().iter().any(Entry::queued) {
                    sync();
                }
            },
            std::time::Duration::from_secs(15),
        );
        if let Ok(h) = handle {
            on_cleanup(move || h.clear());
        }
    }
    // Stores an entry on the phone, then tries to send it.
    let keep = move |e: Entry| {
        leptos::task::spawn_local(async move {
            if queue::put(&e).await {
                entries.update(|v| v.push(e));
                sync();
            } else {
                error.set(Some("storage".into()));
            }
        });
    };
    let planned_date = date.clone();
    let chargers = stop.chargers;
    // Records a step on the phone, then tries to send it.
    let record = Callback::new(move |action: FieldAction| {
        let gaps = problems(&action, chargers);
        if !gaps.is_empty() {
            error.set(Some(gaps.join(", ")));
            return;
        }
        error.set(None);
        let id = queue::new_id();
        let e = Entry {
            id: id.clone(),
            seq: queue::now_ms(),
            visit_id,
            state: "queued".into(),
            code: None,
            command: Some(FieldCommand {
                id,
                visit_id,
                planned_date: planned_date.clone(),
                done_at: queue::now_rfc3339(),
                action,
            }),
            photo: None,
        };
        keep(e);
    });
    let add_photo = Callback::new(move |(phase, data_url): (String, String)| {
        let data = data_url
            .split_once(',')
            .map(|(_, d)| d.to_owned())
            .unwrap_or_default();
        let id = queue::new_id();
        let e = Entry {
            id: id.clone(),
            seq: queue::now_ms(),
            visit_id,
            state: "queued".into(),
            code: None,
            command: None,
            photo: Some(Photo {
                start: PhotoStartDto {
                    client_id: id,
                    visit_id,
                    phase,
                    content_type: "image/jpeg".into(),
                    size_bytes: queue::base64_len(&data) as i32,
                    taken_at: queue::now_utc(),
                },
                data,
            }),
        };
        keep(e);
    });
    let mine = move || {
        entries
            .get()
            .into_iter()
            .filter(|e| e.visit_id == visit_id)
            .collect::<Vec<_>>()
    };
    // A step counts as done once recorded (sent or not), unless the server
    // refused it.
    let done = move |step: &'static str| {
        mine()
            .iter()
            .any(|e| e.step() == step && (e.queued() || e.state == "applied"))
    };
    let waiting = move || {
        entries
            .get()
            .into_iter()
            .filter(Entry::queued)
            .collect::<Vec<_>>()
    };
    let refused = move || {
        mine()
            .into_iter()
            .filter(|e| e.state == "conflict" || e.state == "invalid")
            .collect::<Vec<_>>()
    };
    let photos = move || mine().into_iter().filter(|e| e.photo.is_some()).count();
    // The technician's own break, whatever visit it was recorded at: the
    // last break step decides.
    let on_break = move || {
        entries.with(|all| {
            all.iter()
                .filter(|e| e.queued() || e.state == "applied")
                .filter(|e| matches!(e.step(), "break_start" | "break_end"))
                .max_by(|a, b| a.seq.total_cmp(&b.seq))
                .is_some_and(|e| e.step() == "break_start")
        })
    };
    let date_for_hours = date.clone();
    let bring = stop.bring.clone();
    let route = format!(
        "https://www.google.com/maps/dir/?api=1&destination={},{}",
        stop.lat, stop.lng
    );
    view! {
        <section class="field-app max-w-xl" data-testid="field-visit">
            <a class="text-sm" href=paths::technician::day(&date)>{"← "}{t!(i18n, nav.today)}</a>
            <h1 class="text-2xl font-bold mt-1">{stop.customer.clone()}</h1>
            <p class="text-sm">{stop.address.clone()}" · "{stop.order_number.clone()}</p>
            <div class="flex gap-2 flex-wrap mt-2">
                <a class="btn btn-secondary btn-sm" href=route target="_blank" rel="noopener">{t!(i18n, tech_navigate)}</a>
                {stop.phone.clone().map(|p| view! {
                    <a class="btn btn-secondary btn-sm" href=format!("tel:{}", p.replace(' ', ""))>{t!(i18n, tech_call)}" "{p.clone()}</a>
                })}
            </div>
            {stop.access.clone().map(|a| view! {
                <crate::components::access::AccessList notes=a class="text-sm mt-2" testid="visit-access" />
            })}

            <div class="card mt-3" role="status" data-testid="sync-status">
                {move || {
                    let w = waiting();
                    if w.is_empty() {
                        view! { <p>{t!(i18n, field_all_sent)}</p> }.into_any()
                    } else {
                        view! {
                            <p><strong data-testid="waiting-count">{w.len()}</strong>" "{t!(i18n, field_waiting)}</p>
                            <ul class="text-sm text-muted" data-testid="waiting-list">
                                {w.into_iter().map(|e| view! { <li>{move || step_label(i18n.get_locale(), e.step())}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </div>
            {move || {
                let r = refused();
                (!r.is_empty()).then(|| view! {
                    <div class="card mt-3 notice-warn" role="alert" data-testid="refused">
                        <p><strong>{t!(i18n, field_refused)}</strong></p>
                        <ul>
                            {r.into_iter().map(|e| {
                                let code = e.code.clone().unwrap_or_default();
                                view! { <li>{move || step_label(i18n.get_locale(), e.step())}": "{move || reason(i18n.get_locale(), &code)}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            {move || error.get().map(|e| view! { <p role="alert" class="field-error mt-2">{t!(i18n, field_check)}" ("{e}")"</p> })}

            <div class="card mt-3 flex items-center justify-between gap-2 flex-wrap" data-testid="break" data-on-break=move || on_break().to_string()>
                <p class="text-sm">
                    {move || if on_break() { t_string!(i18n, hours_on_break) } else { t_string!(i18n, field_break_lead) }}
                    " · "<a class="link" href=paths::technician::hours(&date_for_hours)>{t!(i18n, nav.hours)}</a>
                </p>
                <button type="button" class="btn btn-secondary" data-step="break"
                    on:click=move |_| record.run(if on_break() { FieldAction::BreakEnd } else { FieldAction::BreakStart })>
                    {move || if on_break() { t_string!(i18n, field_break_end) } else { t_string!(i18n, field_break_start) }}
                </button>
            </div>

            <ol class="flex flex-col gap-3 mt-4" aria-label=move || t_string!(i18n, field_steps)>
                <Step label="on_the_way" done=Signal::derive(move || done("on_the_way"))>
                    <OnTheWay record=record />
                </Step>
                <Step label="arrived" done=Signal::derive(move || done("arrived"))>
                    <button type="button" class="btn btn-primary btn-lg" data-step="arrived"
                        on:click=move |_| leptos::task::spawn_local(async move {
                            // With the position when the technician allows it.
                            let at = queue::position().await;
                            record.run(FieldAction::Arrived { lat: at.map(|p| p.0), lng: at.map(|p| p.1) });
                        })>
                        {t!(i18n, field_step_arrived)}
                    </button>
                </Step>
                <Step label="pre_checklist" done=Signal::derive(move || done("pre_checklist"))>
                    <Checklist codes=PRE_CHECKLIST.to_vec() submit=Callback::new(move |checked| record.run(FieldAction::PreChecklist { checked })) step="pre_checklist" />
                </Step>
                <Step label="photo" done=Signal::derive(move || photos() >= 1)>
                    <Photos add=add_photo count=Signal::derive(photos) />
                </Step>
                <Step label="commissioning" done=Signal::derive(move || done("commissioning"))>
                    <CommissioningForm record=record chargers=chargers />
                </Step>
                <Step label="materials" done=Signal::derive(move || done("materials"))>
                    <Materials record=record bring=bring />
                </Step>
                <Step label="complete" done=Signal::derive(move || done("complete"))>
                    <SignAndComplete record=record />
                </Step>
            </ol>
            <details class="card mt-4" data-testid="issue">
                <summary class="font-bold">{t!(i18n, field_step_issue)}</summary>
                <IssueForm record=record />
            </details>
        </section>
    }
}

#[component]
fn Step(label: &'static str, done: Signal<bool>, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card flex flex-col gap-2" data-step-card=label data-done=move || done.get().to_string()>
            <h2 class="font-bold flex items-center gap-2">
                {move || done.get().then(|| view! { <span class="badge badge-ok" aria-hidden="true">"✓"</span> })}
                {move || step_label(i18n.get_locale(), label)}
                {move || done.get().then(|| view! { <span class="sr-only">{t!(i18n, field_done)}</span> })}
            </h2>
            {children()}
        </li>
    }
}

#[component]
fn OnTheWay(record: Callback<FieldAction>) -> impl IntoView {
    let i18n = use_i18n();
    let eta = RwSignal::new(20);
    view! {
        <div class="flex gap-2 items-end flex-wrap">
            <div class="field">
                <label class="label" for="f-eta">{t!(i18n, field_eta_minutes)}</label>
                <input id="f-eta" class="input" type="number" min="0" max="600" style="max-width: 7rem"
                    prop:value=move || eta.get().to_string()
                    on:input=move |ev| eta.set(event_target_value(&ev).parse().unwrap_or(0)) />
            </div>
            <button type="button" class="btn btn-primary btn-lg" data-step="on_the_way"
                on:click=move |_| record.run(FieldAction::OnTheWay { eta_min: eta.get_untracked() })>
                {t!(i18n, field_step_on_the_way)}
            </button>
        </div>
    }
}

fn pre_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "site_safe" => td_string!(locale, field_pre_site_safe),
        "meter_cabinet_checked" => td_string!(locale, field_pre_meter_cabinet),
        "route_agreed_with_customer" => td_string!(locale, field_pre_route_agreed),
        _ => td_string!(locale, field_pre_materials),
    }
}

/// Ticks; `step` names the list for the labels (pre-visit or installation).
#[component]
fn Checklist(
    codes: Vec<&'static str>,
    submit: Callback<Vec<String>>,
    step: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let checked = RwSignal::new(Vec::<String>::new());
    view! {
        <fieldset class="flex flex-col gap-2">
            <legend class="sr-only">{move || step_label(i18n.get_locale(), step)}</legend>
            {codes.into_iter().map(|c| {
                let code = c.to_owned();
                view! {
                    <label class="choice">
                        <input type="checkbox" data-check=c on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            checked.update(|v| { v.retain(|x| x != &code); if on { v.push(code.clone()); } });
                        } />
                        <span>{move || if step == "pre_checklist" {
                            pre_label(i18n.get_locale(), c)
                        } else {
                            crate::components::labels::check_label(i18n.get_locale(), c)
                        }}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
        {(step == "pre_checklist").then(|| view! {
            <button type="button" class="btn btn-primary btn-lg self-start" data-step=step
                on:click=move |_| submit.run(checked.get_untracked())>
                {t!(i18n, field_save_step)}
            </button>
        })}
        {(step != "pre_checklist").then(|| {
            Effect::new(move |_| submit.run(checked.get()));
        })}
    }
}

#[component]
fn Photos(add: Callback<(String, String)>, count: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let phase = RwSignal::new(PHOTO_PHASES[0].to_owned());
    view! {
        <div class="flex flex-col gap-2">
            <div class="field">
                <label class="label" for="f-phase">{t!(i18n, field_photo_phase)}</label>
                <select id="f-phase" class="input" on:change=move |ev| phase.set(event_target_value(&ev))>
                    {PHOTO_PHASES.iter().map(|p| view! { <option value=*p>{move || phase_label(i18n.get_locale(), p)}</option> }).collect_view()}
                </select>
            </div>
            <label class="btn btn-secondary btn-lg self-start">
                {t!(i18n, field_photo_take)}
                <input type="file" accept="image/*" capture="environment" class="sr-only" data-testid="photo-input"
                    on:change=move |ev| {
                        let ph = phase.get_untracked();
                        crate::components::form::read_resized_photos(&ev, 1600, move |url| add.run((ph.clone(), url)));
                    } />
            </label>
            <p class="text-sm text-muted" data-testid="photo-count">{move || count.get()}" "{t!(i18n, field_photos_taken)}</p>
        </div>
    }
}

#[component]
fn CommissioningForm(record: Callback<FieldAction>, chargers: i32) -> impl IntoView {
    let i18n = use_i18n();
    let checked = RwSignal::new(Vec::<String>::new());
    let amps = RwSignal::new(16);
    let cp = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let paired = RwSignal::new(false);
    let kwh = RwSignal::new(String::new());
    let trip_ms = RwSignal::new(String::new());
    let trip_ma = RwSignal::new("30".to_owned());
    let serials = RwSignal::new(vec![String::new(); chargers.max(1) as usize]);
    let text = |id: &'static str, label: String, sig: RwSignal<String>, kind: &'static str| {
        view! {
            <div class="field">
                <label class="label" for=id>{label}</label>
                // Numbers as text with a decimal keypad: a Dutch "1,2" is fine.
                <input id=id class="input" type=if kind == "number" { "text" } else { kind }
                    inputmode=if kind == "number" { "decimal" } else { "text" }
                    on:input=move |ev| sig.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <div class="flex flex-col gap-2">
            <Checklist codes=CHECKLIST.to_vec() submit=Callback::new(move |c| checked.set(c)) step="commissioning" />
            <div class="field">
                <label class="label" for="f-amps">{t!(i18n, field_load_balancing)}</label>
                <input id="f-amps" class="input" type="number" min="6" max="80" style="max-width: 7rem"
                    prop:value=move || amps.get().to_string()
                    on:input=move |ev| amps.set(event_target_value(&ev).parse().unwrap_or(0)) />
            </div>
            {text("f-cp", t_string!(i18n, field_charge_point_id).to_string(), cp, "text")}
            {text("f-url", t_string!(i18n, field_backend_url).to_string(), url, "url")}
            <label class="choice">
                <input type="checkbox" data-check="paired" on:change=move |ev| paired.set(event_target_checked(&ev)) />
                <span>{t!(i18n, field_paired)}</span>
            </label>
            {text("f-kwh", t_string!(i18n, field_test_charge).to_string(), kwh, "number")}
            {text("f-rcd-ms", t_string!(i18n, field_rcd_ms).to_string(), trip_ms, "number")}
            {text("f-rcd-ma", t_string!(i18n, field_rcd_ma).to_string(), trip_ma, "number")}
            {(0..chargers.max(1) as usize).map(|i| view! {
                <div class="field">
                    <label class="label" for=format!("f-serial-{i}")>{t!(i18n, field_serial)}" "{i + 1}</label>
                    <input id=format!("f-serial-{i}") class="input" type="text"
                        on:input=move |ev| { let v = event_target_value(&ev); serials.update(|s| s[i] = v); } />
                </div>
            }).collect_view()}
            <button type="button" class="btn btn-primary btn-lg self-start" data-step="commissioning"
                on:click=move |_| record.run(FieldAction::Commissioning {
                    checked: checked.get_untracked(),
                    data: Commissioning {
                        load_balancing_amps: amps.get_untracked(),
                        charge_point_id: cp.get_untracked().trim().to_owned(),
                        backend_url: url.get_untracked().trim().to_owned(),
                        paired: paired.get_untracked(),
                        test_charge_kwh: kwh.get_untracked().replace(',', ".").parse().unwrap_or(0.0),
                        rcd_trip_ms: trip_ms.get_untracked().parse().unwrap_or(0),
                        rcd_trip_ma: trip_ma.get_untracked().parse().unwrap_or(0),
                        serials: serials.get_untracked(),
                    },
                })>
                {t!(i18n, field_save_step)}
            </button>
        </div>
    }
}

/// The materials used: the order's chargers and materials to start with
/// (the counts can be changed, a line removed), plus extras.
#[component]
fn Materials(record: Callback<FieldAction>, bring: Vec<MaterialUse>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let qty = RwSignal::new(1);
    let used = RwSignal::new(bring);
    view! {
        <div class="flex flex-col gap-2">
            <ul class="flex flex-col gap-1" data-testid="materials">
                {move || used.get().into_iter().enumerate().map(|(i, m)| {
                    let label = m.name.clone();
                    let remove = format!("{} {}", t_string!(i18n, remove), m.name);
                    view! {
                        <li class="flex items-center gap-2">
                            <input class="input" type="number" min="1" max="999" style="max-width: 5rem"
                                aria-label=format!("{} {}", t_string!(i18n, field_quantity), label)
                                prop:value=m.quantity.to_string()
                                on:change=move |ev| {
                                    let q = event_target_value(&ev).parse().unwrap_or(0);
                                    used.update(|u| if let Some(x) = u.get_mut(i) { x.quantity = q; });
                                } />
                            <span class="grow">{"× "}{m.name.clone()}</span>
                            <button type="button" class="btn btn-secondary btn-sm" aria-label=remove
                                on:click=move |_| used.update(|u| { if i < u.len() { u.remove(i); } })>"✕"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="flex gap-2 items-end flex-wrap">
                <div class="field">
                    <label class="label" for="f-mat">{t!(i18n, field_material)}</label>
                    <input id="f-mat" class="input" type="text" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label class="label" for="f-qty">{t!(i18n, field_quantity)}</label>
                    <input id="f-qty" class="input" type="number" min="1" max="999" style="max-width: 6rem"
                        prop:value=move || qty.get().to_string()
                        on:input=move |ev| qty.set(event_target_value(&ev).parse().unwrap_or(0)) />
                </div>
                <button type="button" class="btn btn-secondary" on:click=move |_| {
                    let n = name.get_untracked().trim().to_owned();
                    if !n.is_empty() {
                        used.update(|u| u.push(MaterialUse { product_id: None, name: n, quantity: qty.get_untracked() }));
                        name.set(String::new());
                        qty.set(1);
                    }
                }>{t!(i18n, field_add)}</button>
            </div>
            <button type="button" class="btn btn-primary btn-lg self-start" data-step="materials"
                on:click=move |_| record.run(FieldAction::Materials { used: used.get_untracked() })>
                {t!(i18n, field_save_step)}
            </button>
        </div>
    }
}

#[component]
fn SignAndComplete(record: Callback<FieldAction>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let path = RwSignal::new(String::new());
    view! {
        <div class="flex flex-col gap-2">
            <div class="field">
                <label class="label" for="f-signer">{t!(i18n, signed_by)}</label>
                <input id="f-signer" class="input" type="text" on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <span class="label" id="f-sign-label">{t!(i18n, signature)}</span>
            <crate::components::form::SignaturePad path=path labelled_by="f-sign-label" />
            <button type="button" class="btn btn-secondary btn-sm self-start" on:click=move |_| path.set(String::new())>
                {t!(i18n, clear)}
            </button>
            <button type="button" class="btn btn-primary btn-lg self-start" data-step="complete"
                on:click=move |_| record.run(FieldAction::Complete {
                    signed_by_name: name.get_untracked(),
                    signature: path.get_untracked(),
                })>
                {t!(i18n, field_step_complete)}
            </button>
        </div>
    }
}

fn issue_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "no_power" => td_string!(locale, field_issue_no_power),
        "wrong_cabinet" => td_string!(locale, field_issue_wrong_cabinet),
        "customer_absent" => td_string!(locale, field_issue_customer_absent),
        "unsafe_site" => td_string!(locale, field_issue_unsafe_site),
        "missing_material" => td_string!(locale, field_issue_missing_material),
        _ => td_string!(locale, field_issue_other),
    }
}

#[component]
fn IssueForm(record: Callback<FieldAction>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(ISSUE_CODES[0].to_owned());
    let note = RwSignal::new(String::new());
    view! {
        <div class="flex flex-col gap-2 mt-2">
            <p class="text-sm text-muted">{t!(i18n, field_issue_lead)}</p>
            <div class="field">
                <label class="label" for="f-issue">{t!(i18n, field_issue_code)}</label>
                <select id="f-issue" class="input" on:change=move |ev| code.set(event_target_value(&ev))>
                    {ISSUE_CODES.iter().map(|c| view! { <option value=*c>{move || issue_label(i18n.get_locale(), c)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="f-note">{t!(i18n, field_issue_note)}</label>
                <textarea id="f-note" class="input" rows="3" on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <button type="button" class="btn btn-danger btn-lg self-start" data-step="issue"
                on:click=move |_| record.run(FieldAction::Issue { code: code.get_untracked(), note: note.get_untracked() })>
                {t!(i18n, field_issue_send)}
            </button>
        </div>
    }
}
