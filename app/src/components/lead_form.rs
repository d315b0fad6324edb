//! A new lead: ops enter one (`/ops/leads/nieuw`), a partner submits one
//! (`/partner/leads/nieuw`). The order gets its entity's next number.

use crate::api::brands::list_brands;
use crate::api::orders::create_lead;
use crate::components::form::{error_text, field_errors};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::Portal;
use entity::dto::{BrandDto, NewLead};
use entity::paths;
use leptos::prelude::*;

#[component]
pub fn NewLead(portal: Portal) -> impl IntoView {
    let i18n = use_i18n();
    let brands = Resource::new(|| (), |_| list_brands());
    view! {
        <PageTitle text=move || t_string!(i18n, lead_title).to_string() />
        <section class="card max-w-2xl">
            <h1 class="text-2xl font-bold mb-1">{t!(i18n, lead_title)}</h1>
            <p class="text-muted mb-4">{t!(i18n, lead_intro)}</p>
            {(portal == Portal::Partner).then(|| view! {
                <p class="mb-4"><a class="link" href=paths::partner::IMPORT_LEADS>{t!(i18n, lead_import_link)}</a></p>
            })}
            <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match brands.await {
                        Ok(list) => view! { <LeadForm brands=list portal=portal /> }.into_any(),
                        Err(_) => view! { <ErrorNotice /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LeadForm(brands: Vec<BrandDto>, portal: Portal) -> impl IntoView {
    let i18n = use_i18n();
    let first = brands.first().map(|b| b.code.clone()).unwrap_or_default();
    let entity_code = RwSignal::new(first);
    let fields: [(&'static str, RwSignal<String>); 8] = [
        ("first_name", RwSignal::new(String::new())),
        ("last_name", RwSignal::new(String::new())),
        ("email", RwSignal::new(String::new())),
        ("phone", RwSignal::new(String::new())),
        ("street", RwSignal::new(String::new())),
        ("house_number", RwSignal::new(String::new())),
        ("postcode", RwSignal::new(String::new())),
        ("city", RwSignal::new(String::new())),
    ];
    let value = move |name: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| RwSignal::new(String::new()))
    };
    let chargers = RwSignal::new("1".to_owned());
    let action = Action::new(move |lead: &NewLead| {
        let lead = lead.clone();
        async move { create_lead(lead).await }
    });
    let edited = RwSignal::new(Vec::<&'static str>::new());
    let err = move |field: &'static str| {
        move || {
            if edited.with(|e| e.contains(&field)) {
                return None;
            }
            action
                .value()
                .get()
                .and_then(|r| r.err())
                .and_then(|e| field_errors(&e).get(field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    let created = move || action.value().get().and_then(|r| r.ok());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        edited.set(Vec::new());
        let get = |n: &str| value(n).get_untracked();
        action.dispatch(NewLead {
            entity_code: entity_code.get_untracked(),
            first_name: get("first_name"),
            last_name: get("last_name"),
            email: get("email"),
            phone: get("phone"),
            street: get("street"),
            house_number: get("house_number"),
            postcode: get("postcode"),
            city: get("city"),
            charger_count: chargers.get_untracked().trim().parse().unwrap_or(0),
            partner_id: None,
        });
    };
    let again = move |_| {
        for (_, s) in fields {
            s.set(String::new());
        }
        chargers.set("1".into());
        action.value().set(None);
    };
    let input = move |id: &'static str, label: String, kind: &'static str, auto: &'static str| {
        let v = value(id);
        view! {
            <div class="field">
                <label class="label" for=format!("lead-{id}")>{label}</label>
                <input id=format!("lead-{id}") name=id class="input" type=kind autocomplete=auto prop:value=v
                    on:input=move |ev| { edited.update(|e| e.push(id)); v.set(event_target_value(&ev)) }
                    aria-invalid=move || err(id)().is_some().to_string() />
                <p class="field-error" role="alert">{err(id)}</p>
            </div>
        }
    };
    let order_href = move |n: &str| match portal {
        Portal::Partner => paths::order(Portal::Partner, n),
        _ => paths::order(Portal::Operations, n),
    };
    view! {
        <Show when=move || created().is_none() fallback=move || {
            let n = created().unwrap_or_default();
            view! {
                <div role="status" class="flex flex-col gap-3">
                    <p class="text-lg">{t!(i18n, lead_created)}" "<strong id="lead-number">{n.clone()}</strong></p>
                    <div class="flex gap-2 flex-wrap">
                        <a class="btn btn-primary" href=order_href(&n)>{t!(i18n, lead_open)}</a>
                        <button type="button" class="btn btn-secondary" on:click=again>{t!(i18n, lead_another)}</button>
                    </div>
                </div>
            }
        }>
            <form class="flex flex-col gap-5" novalidate on:submit=submit>
                <div class="field">
                    <label class="label" for="lead-entity">{t!(i18n, lead_entity)}</label>
                    <select id="lead-entity" class="input" prop:value=entity_code
                        on:change=move |ev| { edited.update(|e| e.push("entity")); entity_code.set(event_target_value(&ev)) }>
                        {brands.iter().map(|b| view! {
                            <option value=b.code.clone()>{format!("{} ({}-…)", b.brand, b.order_prefix)}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{err("entity")}</p>
                </div>
                <fieldset class="flex flex-col gap-3">
                    <legend class="font-semibold mb-2">{t!(i18n, lead_customer)}</legend>
                    <div class="grid sm:grid-cols-2 gap-3">
                        {input("first_name", t_string!(i18n, first_name).to_string(), "text", "given-name")}
                        {input("last_name", t_string!(i18n, last_name).to_string(), "text", "family-name")}
                        {input("email", t_string!(i18n, email).to_string(), "email", "email")}
                        {input("phone", t_string!(i18n, phone).to_string(), "tel", "tel")}
                    </div>
                </fieldset>
                <fieldset class="flex flex-col gap-3">
                    <legend class="font-semibold mb-2">{t!(i18n, lead_address)}</legend>
                    {input("street", t_string!(i18n, street).to_string(), "text", "address-line1")}
                    <div class="grid grid-cols-2 gap-3">
                        {input("house_number", t_string!(i18n, house_number).to_string(), "text", "off")}
                        {input("postcode", t_string!(i18n, postcode).to_string(), "text", "postal-code")}
                    </div>
                    {input("city", t_string!(i18n, city).to_string(), "text", "address-level2")}
                </fieldset>
                <div class="field max-w-xs">
                    <label class="label" for="lead-chargers">{t!(i18n, lead_chargers)}</label>
                    <input id="lead-chargers" class="input" type="number" min="1" max="10" prop:value=chargers
                        on:input=move |ev| { edited.update(|e| e.push("charger_count")); chargers.set(event_target_value(&ev)) }
                        aria-invalid=move || err("charger_count")().is_some().to_string() />
                    <p class="field-error" role="alert">{err("charger_count")}</p>
                </div>
                <button type="submit" class="btn btn-primary self-start" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t_string!(i18n, lead_sending) } else { t_string!(i18n, lead_submit) }}
                </button>
                <p class="field-error" role="alert">
                    {move || action.value().get().and_then(|r| r.err()).map(|e| {
                        if field_errors(&e).is_empty() { t_string!(i18n, err_failed) } else { t_string!(i18n, err_check_fields) }
                    })}
                </p>
            </form>
        </Show>
    }
}
