//! Admin: the seven regions and their postcode (PC4) ranges. A postcode
//! tester shows which region a new order would get (the same rule the
//! server uses, `entity::domain::region::region_for_postcode`).

use crate::api::admin::{admin_regions, admin_update_region};
use crate::components::form::field_errors;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::region::{parse_pc4_ranges, region_for_postcode};
use entity::dto::RegionDto;
use leptos::prelude::*;

#[component]
pub fn RegionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let rows = Resource::new(move || reload.get(), |_| admin_regions());
    view! {
        <PageTitle text=move || t_string!(i18n, reg_title).to_string() />
        <h1 id="reg-title" class="text-2xl font-bold mb-1">{t!(i18n, reg_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, reg_lead)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) => view! {
                        <Tester regions=list.clone() />
                        <ul class="flex flex-col gap-3">
                            {list.into_iter().map(|r| view! { <RegionRow r=r reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Tester(regions: Vec<RegionDto>) -> impl IntoView {
    let i18n = use_i18n();
    let postcode = RwSignal::new(String::new());
    let ranges: Vec<(String, Vec<(u16, u16)>)> = regions
        .iter()
        .filter_map(|r| Some((r.code.clone(), parse_pc4_ranges(&r.pc4_ranges).ok()?)))
        .collect();
    let names: Vec<(String, String)> = regions
        .iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let answer = move || {
        let pc = postcode.get();
        if pc.trim().is_empty() {
            return String::new();
        }
        match region_for_postcode(&ranges, &pc) {
            Some(code) => {
                let name = names
                    .iter()
                    .find(|(c, _)| c == code)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                format!("{code} · {name}")
            }
            None => t_string!(i18n, reg_none).to_owned(),
        }
    };
    view! {
        <div class="card flex flex-wrap items-end gap-3 mb-4">
            <div class="field">
                <label class="label" for="reg-test">{t!(i18n, reg_test)}</label>
                <input id="reg-test" class="input" type="text" placeholder="3861 AB"
                    prop:value=postcode on:input=move |ev| postcode.set(event_target_value(&ev)) />
            </div>
            <p role="status" data-testid="reg-answer" class="font-semibold pb-2">{answer}</p>
        </div>
    }
}

#[component]
fn RegionRow(r: RegionDto, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(r.name.clone());
    let ranges = RwSignal::new(r.pc4_ranges.clone());
    let (id, version) = (r.id, r.version);
    let save = Action::new(move |(n, g): &(String, String)| {
        let (n, g) = (n.clone(), g.clone());
        async move { admin_update_region(id, version, n, g).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    let error = move || {
        let e = save.value().get()?.err()?;
        let fields = field_errors(&e);
        let locale = i18n.get_locale();
        Some(if fields.contains_key("name") {
            td_string!(locale, err_required).to_owned()
        } else if let Some(c) = fields.get("ranges") {
            match c.split_once(':') {
                Some(("overlap", other)) => format!("{} {other}", td_string!(locale, reg_overlap)),
                Some((_, why)) => format!("{} ({why})", td_string!(locale, reg_invalid)),
                None => td_string!(locale, reg_invalid).to_owned(),
            }
        } else if e == AppError::Stale {
            td_string!(locale, err_stale).to_owned()
        } else {
            td_string!(locale, err_failed).to_owned()
        })
    };
    let code = r.code.clone();
    view! {
        <li class="card" data-region=r.code.clone()>
            <form class="grid gap-3 sm:grid-cols-[8rem_1fr_2fr_auto] items-end" novalidate
                on:submit=move |ev| { ev.prevent_default(); save.dispatch((name.get_untracked(), ranges.get_untracked())); }>
                <div>
                    <span class="badge badge-brand">{r.code.clone()}</span>
                    <p class="text-sm text-muted mt-1">{r.orders}" "{t!(i18n, reg_orders)}</p>
                </div>
                <div class="field">
                    <label class="label" for=format!("reg-name-{code}")>{t!(i18n, reg_name)}</label>
                    <input id=format!("reg-name-{code}") class="input" type="text" prop:value=name
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label class="label" for=format!("reg-ranges-{}", r.code)>{t!(i18n, reg_ranges)}</label>
                    <input id=format!("reg-ranges-{}", r.code) class="input font-mono" type="text" prop:value=ranges
                        on:input=move |ev| ranges.set(event_target_value(&ev))
                        aria-invalid=move || error().is_some().to_string() />
                </div>
                <button type="submit" class="btn btn-secondary" disabled=move || save.pending().get()>{t!(i18n, ent_save)}</button>
            </form>
            <p class="field-error" role="alert">{error}</p>
        </li>
    }
}
