//! Admin: partners. Their type, onboarding status (invited → onboarding →
//! active, or suspended) and commission terms; a partner without its own
//! commission earns the standard margin of its type.

use crate::api::admin::{admin_partners, admin_save_partner};
use crate::components::form::{error_text, form_error_text, form_errors};
use crate::components::format::{bp_text, parse_percent, partner_type_label};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::partners::PartnerForm;
use entity::domain::{OnboardingStatus, PartnerType};
use entity::dto::{AdminPartnerRow, PartnerFilter};
use leptos::prelude::*;
use std::collections::HashMap;

fn status_label(locale: Locale, s: &str) -> &'static str {
    match s {
        "invited" => td_string!(locale, ob_invited),
        "onboarding" => td_string!(locale, ob_onboarding),
        "active" => td_string!(locale, ob_active),
        _ => td_string!(locale, ob_suspended),
    }
}

fn status_badge(s: &str) -> &'static str {
    match s {
        "active" => "badge badge-ok",
        "suspended" => "badge badge-danger",
        "onboarding" => "badge badge-info",
        _ => "badge badge-warn",
    }
}

#[component]
pub fn PartnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(PartnerFilter::default());
    let offset = RwSignal::new(0u64);
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || (filter.get(), offset.get(), reload.get()),
        |(f, o, _)| admin_partners(f, o),
    );
    // Kept here: a save reloads (and so redraws) the list.
    let saved = RwSignal::new(None::<String>);
    view! {
        <PageTitle text=move || t_string!(i18n, prt_title).to_string() />
        <h1 id="prt-title" class="text-2xl font-bold mb-1">{t!(i18n, prt_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, prt_intro)}</p>
        <Editor id=None version=0 initial=blank() reload=reload saved=saved />
        <div class="card flex flex-wrap gap-3 items-end my-4">
            <div class="field grow">
                <label class="label" for="prt-q">{t!(i18n, usr_search)}</label>
                <input id="prt-q" class="input" type="search"
                    on:input=move |ev| { let v = event_target_value(&ev); offset.set(0); filter.update(|f| f.query = v); } />
            </div>
            <div class="field">
                <label class="label" for="prt-type">{t!(i18n, cat_partner_type)}</label>
                <select id="prt-type" class="select"
                    on:change=move |ev| { let v = event_target_value(&ev); offset.set(0); filter.update(|f| f.partner_type = (!v.is_empty()).then_some(v)); }>
                    <option value="">{t!(i18n, prt_all)}</option>
                    {PartnerType::ALL.iter().map(|t| view! { <option value=t.as_str()>{move || partner_type_label(i18n.get_locale(), *t)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for="prt-status">{t!(i18n, prt_status)}</label>
                <select id="prt-status" class="select"
                    on:change=move |ev| { let v = event_target_value(&ev); offset.set(0); filter.update(|f| f.onboarding_status = (!v.is_empty()).then_some(v)); }>
                    <option value="">{t!(i18n, prt_all)}</option>
                    {OnboardingStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{move || status_label(i18n.get_locale(), s.as_str())}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <p role="status">{move || saved.get().map(|n| view! { <span class="badge badge-ok mb-2 inline-block" data-testid="prt-saved">{t!(i18n, ent_saved)}" "{n}</span> })}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let l = i18n.get_locale();
                        let (total, off, shown) = (d.total, d.offset, d.rows.len() as u64);
                        view! {
                            <p class="flex flex-wrap gap-2 mb-3 text-sm" data-testid="prt-counts">
                                {d.by_status.iter().map(|(s, n)| view! {
                                    <span class=status_badge(s)>{status_label(l, s)}": "{*n}</span>
                                }).collect_view()}
                            </p>
                            <p class="text-sm text-muted mb-2" data-testid="prt-range">
                                {if total == 0 { 0 } else { off + 1 }}"–"{off + shown}" / "{total}
                            </p>
                            <ul class="flex flex-col gap-3" id="prt-list">
                                {d.rows.into_iter().map(|r| view! { <PartnerRow r=r reload=reload saved=saved /> }).collect_view()}
                            </ul>
                            <div class="flex gap-2 mt-3">
                                <button type="button" class="btn btn-secondary btn-sm" disabled=off == 0
                                    on:click=move |_| offset.update(|o| *o = o.saturating_sub(50))>{t!(i18n, prt_previous)}</button>
                                <button type="button" class="btn btn-secondary btn-sm" disabled={off + shown >= total}
                                    on:click=move |_| offset.update(|o| *o += 50)>{t!(i18n, prt_next)}</button>
                            </div>
                        }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn blank() -> PartnerForm {
    PartnerForm {
        partner_type: PartnerType::Reseller.as_str().to_owned(),
        onboarding_status: OnboardingStatus::Invited.as_str().to_owned(),
        ..Default::default()
    }
}

#[component]
fn PartnerRow(
    r: AdminPartnerRow,
    reload: RwSignal<u32>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let f = r.form.clone();
    let status = f.onboarding_status.clone();
    let badge = status_badge(&status);
    let commission = if f.commission_bp > 0 {
        format!("{} %", bp_text(f.commission_bp))
    } else {
        format!(
            "{} % ({})",
            bp_text(r.standard_margin_bp),
            t_string!(i18n, prt_standard)
        )
    };
    let ptype = f.partner_type.parse::<PartnerType>().ok();
    let (id, version) = (r.id, r.version);
    let form = r.form.clone();
    view! {
        <li class="card" data-partner=f.name.clone()>
            <div class="flex flex-wrap gap-x-4 gap-y-1 items-start justify-between">
                <div class="min-w-0">
                    <p class="font-semibold">{f.name.clone()}</p>
                    <p class="text-sm text-muted break-all">{f.email.clone()}</p>
                </div>
                <div class="flex flex-wrap gap-2 items-center text-sm">
                    <span class=badge data-testid="prt-state">{move || status_label(i18n.get_locale(), &status)}</span>
                    <span class="badge badge-brand">{move || ptype.map(|t| partner_type_label(i18n.get_locale(), t)).unwrap_or("?")}</span>
                    <span data-testid="prt-commission">{t!(i18n, prt_commission)}": "{commission}</span>
                    <span class="text-muted">{r.orders}" "{t!(i18n, reg_orders)}</span>
                    <button type="button" class="btn btn-ghost btn-sm" aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>{t!(i18n, cat_edit)}</button>
                </div>
            </div>
            <p class="text-sm mt-1">{f.commission_terms.clone()}</p>
            <Show when=move || open.get()>
                <Editor id=Some(id) version=version initial=form.clone() reload=reload saved=saved />
            </Show>
        </li>
    }
}

/// The partner form: a new partner (`id: None`) or an existing one.
#[component]
fn Editor(
    id: Option<i32>,
    version: i32,
    initial: PartnerForm,
    reload: RwSignal<u32>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = RwSignal::new(initial.clone());
    let percent = RwSignal::new(if initial.commission_bp > 0 {
        bp_text(initial.commission_bp)
    } else {
        String::new()
    });
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let save = Action::new(move |f: &PartnerForm| {
        let f = f.clone();
        async move { admin_save_partner(id, version, f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            saved.set(Some(form.with_untracked(|f| f.name.trim().to_owned())));
            errors.set(HashMap::new());
            if id.is_none() {
                form.set(blank());
                percent.set(String::new());
            }
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => errors.set(form_errors(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let mut f = form.get_untracked();
        let p = percent.get_untracked();
        let mut local: HashMap<String, String> = HashMap::new();
        f.commission_bp = if p.trim().is_empty() {
            0
        } else {
            match parse_percent(&p) {
                Some(bp) => bp,
                None => {
                    local.insert("commission_bp".into(), "amount_invalid".into());
                    0
                }
            }
        };
        local.extend(f.problems());
        errors.set(local.clone());
        if local.is_empty() {
            save.dispatch(f);
        }
    };
    let err = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.get(field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    let prefix = StoredValue::new(match id {
        Some(i) => format!("prt-{i}"),
        None => "prt-new".to_owned(),
    });
    let fid = move |f: &str| format!("{}-{f}", prefix.get_value());
    type Set = fn(&mut PartnerForm, String);
    let text = move |field: &'static str,
                     label: String,
                     kind: &'static str,
                     get: fn(&PartnerForm) -> String,
                     set: Set| {
        view! {
            <div class="field">
                <label class="label" for=fid(field)>{label}</label>
                <input id=fid(field) class="input" type=kind
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); errors.update(|e| { e.remove(field); }); }
                    aria-invalid=move || err(field)().is_some().to_string() />
                <p class="field-error" role="alert">{err(field)}</p>
            </div>
        }
    };
    let body = view! {
        <form class="grid sm:grid-cols-2 lg:grid-cols-3 gap-3 mt-3 items-start" novalidate on:submit=submit>
            {text("name", t_string!(i18n, prt_name).to_owned(), "text", |f| f.name.clone(), |f, v| f.name = v)}
            {text("email", t_string!(i18n, usr_email).to_owned(), "email", |f| f.email.clone(), |f, v| f.email = v)}
            {text("phone", t_string!(i18n, prt_phone).to_owned(), "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
            <div class="field">
                <label class="label" for=fid("type")>{t!(i18n, cat_partner_type)}</label>
                <select id=fid("type") class="select" prop:value=move || form.with(|f| f.partner_type.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.partner_type = v); }>
                    {PartnerType::ALL.iter().map(|t| view! { <option value=t.as_str()>{move || partner_type_label(i18n.get_locale(), *t)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="label" for=fid("status")>{t!(i18n, prt_status)}</label>
                <select id=fid("status") class="select" prop:value=move || form.with(|f| f.onboarding_status.clone())
                    aria-invalid=move || err("onboarding_status")().is_some().to_string()
                    on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.onboarding_status = v); errors.update(|e| { e.remove("onboarding_status"); }); }>
                    {OnboardingStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{move || status_label(i18n.get_locale(), s.as_str())}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{err("onboarding_status")}</p>
            </div>
            <div class="field">
                <label class="label" for=fid("commission")>{t!(i18n, prt_own_commission)}</label>
                <input id=fid("commission") class="input" type="text" inputmode="decimal" placeholder=move || t_string!(i18n, prt_standard)
                    prop:value=percent on:input=move |ev| { percent.set(event_target_value(&ev)); errors.update(|e| { e.remove("commission_bp"); }); }
                    aria-invalid=move || err("commission_bp")().is_some().to_string() />
                <p class="field-error" role="alert">{err("commission_bp")}</p>
            </div>
            <div class="field sm:col-span-2 lg:col-span-3">
                <label class="label" for=fid("terms")>{t!(i18n, prt_terms)}</label>
                <input id=fid("terms") class="input" type="text"
                    prop:value=move || form.with(|f| f.commission_terms.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.commission_terms = v); } />
                <p class="field-error" role="alert">{err("commission_terms")}</p>
            </div>
            <div class="flex flex-wrap gap-2 items-center sm:col-span-2 lg:col-span-3">
                <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                    {if id.is_some() { t_string!(i18n, ent_save) } else { t_string!(i18n, prt_create) }}
                </button>
                <p class="field-error" role="alert">
                    {move || errors.with(|e| e.get("form").cloned()).map(|c| form_error_text(i18n.get_locale(), &c))}
                </p>
            </div>
        </form>
    };
    if id.is_some() {
        body.into_any()
    } else {
        view! {
            <details class="card" id="prt-new">
                <summary class="font-semibold cursor-pointer">{t!(i18n, prt_new)}</summary>
                {body}
            </details>
        }
        .into_any()
    }
}
