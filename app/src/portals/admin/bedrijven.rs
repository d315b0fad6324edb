//! Admin: the business entities (brands). Set up a new one, or edit one;
//! the prefix is locked once an entity has orders.

use crate::api::admin::{admin_create_entity, admin_entities, admin_update_entity};
use crate::components::form::{error_text, field_errors};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::EntityForm;
use entity::dto::AdminEntityRow;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn EntitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, ent_title).to_string() />
        <Entities />
    }
}

/// What the form is doing: a new entity, or editing one (id, version, locked prefix).
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    New,
    Existing { id: i32, version: i32, locked: bool },
}

#[component]
fn Entities() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let rows = Resource::new(move || reload.get(), |_| admin_entities());
    let editing = RwSignal::new(Editing::New);
    let form = RwSignal::new(blank());
    let notice = RwSignal::new(None::<&'static str>);
    let year = RwSignal::new(None::<i32>);
    view! {
        <h1 id="ent-title" class="text-2xl font-bold mb-1">{t!(i18n, ent_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, ent_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) => {
                        year.set(Some(list.year));
                        view! { <EntityTable rows=list.rows editing=editing form=form notice=notice reload=reload /> }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
        <EntityEditor editing=editing form=form notice=notice reload=reload year=year />
    }
}

fn blank() -> EntityForm {
    EntityForm {
        brand_color: "#0f766e".into(),
        ..Default::default()
    }
}

#[component]
fn EntityTable(
    rows: Vec<AdminEntityRow>,
    editing: RwSignal<Editing>,
    form: RwSignal<EntityForm>,
    notice: RwSignal<Option<&'static str>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap mb-6">
            <table class="table" aria-labelledby="ent-title">
                <thead><tr>
                    <th scope="col">{t!(i18n, ent_brand)}</th>
                    <th scope="col">{t!(i18n, ent_prefix)}</th>
                    <th scope="col">{t!(i18n, ent_support)}</th>
                    <th scope="col">{t!(i18n, ent_whatsapp)}</th>
                    <th scope="col">{t!(i18n, ent_logo)}</th>
                    <th scope="col" class="text-right">{t!(i18n, ent_orders)}</th>
                    <th scope="col"><span class="sr-only">{t!(i18n, ent_edit)}</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let f = r.form.clone();
                        let (id, version, locked) = (r.id, r.version, r.orders > 0);
                        let edit = move |_| {
                            form.set(f.clone());
                            editing.set(Editing::Existing { id, version, locked });
                            notice.set(None);
                            #[cfg(feature = "hydrate")]
                            if let Some(el) = document().get_element_by_id("ent-form") {
                                el.scroll_into_view();
                            }
                        };
                        view! {
                            <tr data-entity-row=r.form.code.clone()>
                                <td>
                                    <span class="inline-block w-3 h-3 rounded-full mr-2 align-middle"
                                        style=format!("background:{}", r.form.brand_color) aria-hidden="true"></span>
                                    <strong>{r.form.brand.clone()}</strong>
                                    <span class="block text-sm text-muted">{r.form.name.clone()}</span>
                                </td>
                                <td><span class="badge">{r.form.order_prefix.clone()}</span></td>
                                <td class="text-sm">{r.form.support_email.clone()}</td>
                                <td class="text-sm whitespace-nowrap">{r.form.whatsapp_number.clone()}</td>
                                <td><LogoCell id=r.id brand=r.form.brand.clone() url=r.logo_url.clone() reload=reload /></td>
                                <td class="text-right tabular-nums">{r.orders}</td>
                                <td>
                                    <button type="button" class="btn btn-secondary btn-sm" on:click=edit>
                                        {t!(i18n, ent_edit)}<span class="sr-only">" "{r.form.brand.clone()}</span>
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn EntityEditor(
    editing: RwSignal<Editing>,
    form: RwSignal<EntityForm>,
    notice: RwSignal<Option<&'static str>>,
    reload: RwSignal<u32>,
    year: RwSignal<Option<i32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Errors shown: the client's own check first, then the server's answer.
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let failure = RwSignal::new(None::<&'static str>);
    let save = Action::new(move |(mode, f): &(Editing, EntityForm)| {
        let (mode, f) = (mode.clone(), f.clone());
        async move {
            match mode {
                Editing::New => admin_create_entity(f).await.map(|_| ()),
                Editing::Existing { id, version, .. } => {
                    admin_update_entity(id, version, f).await.map(|_| ())
                }
            }
        }
    });
    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        match result {
            Ok(()) => {
                let was_new = editing.get_untracked() == Editing::New;
                notice.set(Some(if was_new { "created" } else { "saved" }));
                editing.set(Editing::New);
                form.set(blank());
                errors.set(HashMap::new());
                failure.set(None);
                reload.update(|n| *n += 1);
            }
            Err(e) => {
                let fields = field_errors(&e);
                failure.set(Some(if !fields.is_empty() {
                    "fields"
                } else if e == AppError::Stale {
                    "stale"
                } else {
                    "failed"
                }));
                errors.set(fields);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let mut f = form.get_untracked();
        f.order_prefix = f.order_prefix.trim().to_ascii_uppercase();
        let local: HashMap<String, String> = f.problems().into_iter().collect();
        if !local.is_empty() {
            errors.set(local);
            failure.set(Some("fields"));
            return;
        }
        errors.set(HashMap::new());
        failure.set(None);
        save.dispatch((editing.get_untracked(), f));
    };
    let err = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.get(field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    type Getter = fn(&EntityForm) -> &String;
    type Setter = fn(&mut EntityForm, String);
    let input =
        move |id: &'static str, label: String, kind: &'static str, get: Getter, set: Setter| {
            view! {
                <div class="field">
                    <label class="label" for=format!("ent-{id}")>{label}</label>
                    <input id=format!("ent-{id}") name=id class="input" type=kind
                        prop:value=move || form.with(|f| get(f).clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| set(f, v));
                            errors.update(|e| { e.remove(id); });
                        }
                        aria-invalid=move || err(id)().is_some().to_string() />
                    <p class="field-error" role="alert">{err(id)}</p>
                </div>
            }
        };
    let locked = move || matches!(editing.get(), Editing::Existing { locked: true, .. });
    let example = move || {
        let p = form.with(|f| f.order_prefix.trim().to_ascii_uppercase());
        match year.get() {
            Some(y) if !p.is_empty() => format!("{p}-{y}-00001"),
            _ => String::new(),
        }
    };
    view! {
        <section id="ent-form" class="card max-w-3xl">
            <h2 class="text-xl font-semibold mb-3">
                {move || match editing.get() {
                    Editing::New => t_string!(i18n, ent_new).to_string(),
                    Editing::Existing { .. } => format!("{} · {}", t_string!(i18n, ent_editing), form.with(|f| f.brand.clone())),
                }}
            </h2>
            <p role="status" class="mb-3">
                {move || notice.get().map(|n| view! {
                    <span class="badge-ok p-2 rounded inline-block">
                        {if n == "created" { t_string!(i18n, ent_created) } else { t_string!(i18n, ent_saved) }}
                    </span>
                })}
            </p>
            <form class="flex flex-col gap-4" novalidate on:submit=submit>
                <div class="grid sm:grid-cols-2 gap-3">
                    {input("brand", t_string!(i18n, ent_brand).to_string(), "text", |f| &f.brand, |f, v| f.brand = v)}
                    {input("name", t_string!(i18n, ent_name).to_string(), "text", |f| &f.name, |f, v| f.name = v)}
                    {input("code", t_string!(i18n, ent_code).to_string(), "text", |f| &f.code, |f, v| f.code = v)}
                    <div class="field">
                        <label class="label" for="ent-order_prefix">
                            {t!(i18n, ent_prefix)}
                            <Show when=locked>" ("{t!(i18n, ent_locked)}")"</Show>
                        </label>
                        <input id="ent-order_prefix" name="order_prefix" class="input uppercase" type="text" maxlength="5"
                            disabled=locked
                            prop:value=move || form.with(|f| f.order_prefix.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                form.update(|f| f.order_prefix = v);
                                errors.update(|e| { e.remove("order_prefix"); });
                            }
                            aria-invalid=move || err("order_prefix")().is_some().to_string()
                            aria-describedby="ent-prefix-example" />
                        <p id="ent-prefix-example" class="text-sm text-muted">
                            {t!(i18n, ent_prefix_example)}" "<span class="font-mono">{example}</span>
                        </p>
                        <p class="field-error" role="alert">{err("order_prefix")}</p>
                    </div>
                </div>
                <fieldset class="grid sm:grid-cols-2 gap-3">
                    <legend class="font-semibold mb-2">{t!(i18n, ent_mailboxes)}</legend>
                    {input("support_email", t_string!(i18n, ent_support).to_string(), "email", |f| &f.support_email, |f, v| f.support_email = v)}
                    {input("sales_email", t_string!(i18n, ent_sales).to_string(), "email", |f| &f.sales_email, |f, v| f.sales_email = v)}
                    {input("admin_email", t_string!(i18n, ent_admin).to_string(), "email", |f| &f.admin_email, |f, v| f.admin_email = v)}
                    {input("noreply_email", t_string!(i18n, ent_noreply).to_string(), "email", |f| &f.noreply_email, |f, v| f.noreply_email = v)}
                </fieldset>
                <div class="grid sm:grid-cols-2 gap-3">
                    {input("whatsapp_number", t_string!(i18n, ent_whatsapp).to_string(), "tel", |f| &f.whatsapp_number, |f, v| f.whatsapp_number = v)}
                    {input("phone", t_string!(i18n, ent_phone).to_string(), "tel", |f| &f.phone, |f, v| f.phone = v)}
                    {input("reschedule_cutoff_hours", t_string!(i18n, ent_cutoff).to_string(), "number", |f| &f.reschedule_cutoff_hours, |f, v| f.reschedule_cutoff_hours = v)}
                    <div class="field">
                        <label class="label" for="ent-brand_color">{t!(i18n, ent_colour)}</label>
                        <div class="flex gap-2 items-center">
                            <input type="color" class="h-10 w-12 rounded" aria-label=move || t_string!(i18n, ent_colour)
                                prop:value=move || form.with(|f| f.brand_color.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.brand_color = v); errors.update(|e| { e.remove("brand_color"); }); } />
                            <input id="ent-brand_color" name="brand_color" class="input font-mono" type="text" maxlength="7"
                                prop:value=move || form.with(|f| f.brand_color.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.brand_color = v); errors.update(|e| { e.remove("brand_color"); }); }
                                aria-invalid=move || err("brand_color")().is_some().to_string() />
                        </div>
                        <p class="field-error" role="alert">{err("brand_color")}</p>
                    </div>
                </div>
                <div class="flex gap-2 flex-wrap items-center">
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                        {move || if editing.get() == Editing::New { t_string!(i18n, ent_create) } else { t_string!(i18n, ent_save) }}
                    </button>
                    <Show when=move || editing.get() != Editing::New>
                        <button type="button" class="btn btn-secondary"
                            on:click=move |_| { editing.set(Editing::New); form.set(blank()); errors.set(HashMap::new()); failure.set(None); }>
                            {t!(i18n, ent_cancel_edit)}
                        </button>
                    </Show>
                    <p class="field-error" role="alert">
                        {move || failure.get().map(|f| match f {
                            "fields" => t_string!(i18n, err_check_fields),
                            "stale" => t_string!(i18n, err_stale),
                            _ => t_string!(i18n, err_failed),
                        })}
                    </p>
                </div>
            </form>
        </section>
    }
}

/// An entity's logo: shown, replaced by choosing a file (PNG, JPEG or SVG
/// up to 200 KB, checked by the server), or removed.
#[component]
fn LogoCell(id: i32, brand: String, url: Option<String>, reload: RwSignal<u32>) -> impl IntoView {
    use crate::api::admin::admin_set_logo;
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let set = Action::new(move |data: &Option<String>| {
        let data = data.clone();
        async move { admin_set_logo(id, data).await }
    });
    Effect::new(move |_| match set.value().get() {
        Some(Ok(_)) => reload.update(|n| *n += 1),
        Some(Err(e)) => error.set(Some(
            field_errors(&e)
                .get("logo")
                .cloned()
                .unwrap_or_else(|| "failed".to_owned()),
        )),
        None => {}
    });
    let choose = move |ev: leptos::ev::Event| {
        error.set(None);
        let picked =
            crate::components::form::read_chosen_file(&ev, 200.0 * 1024.0, move |_, data| {
                set.dispatch(Some(data));
            });
        if picked.is_err() {
            error.set(Some("logo_too_large".to_owned()));
        }
    };
    let has_logo = url.is_some();
    let label = format!("{} {brand}", t_string!(i18n, ent_logo_for));
    view! {
        <div class="flex items-center gap-2 flex-wrap" data-logo-cell=id>
            {url.map(|u| view! { <img src=u alt=format!("Logo {brand}") class="h-8 max-w-[6rem] object-contain" /> })}
            <label class="btn btn-ghost btn-sm cursor-pointer">
                {move || if has_logo { t_string!(i18n, ent_logo_replace) } else { t_string!(i18n, ent_logo_add) }}
                <input type="file" class="sr-only" accept="image/png,image/jpeg,image/svg+xml" aria-label=label on:change=choose />
            </label>
            {has_logo.then(|| view! {
                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| { set.dispatch(None); }>{t!(i18n, wf_remove)}</button>
            })}
            <p class="field-error" role="alert">{move || error.get().map(|c| match c.as_str() {
                "logo_type" => td_string!(i18n.get_locale(), err_logo_type),
                "logo_unsafe" => td_string!(i18n.get_locale(), err_logo_unsafe),
                "logo_text" => td_string!(i18n.get_locale(), err_logo_text),
                "logo_too_large" => td_string!(i18n.get_locale(), err_logo_too_large),
                _ => td_string!(i18n.get_locale(), err_failed),
            })}</p>
        </div>
    }
}
