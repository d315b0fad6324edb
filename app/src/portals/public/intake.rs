//! The customer's intake form, opened from the link in their e-mail.
//! Works on a phone: the photo field offers the camera.

use crate::api::intake::{intake_form, submit_intake};
use crate::components::form::{error_text, field_errors};
use crate::components::format::euro;
use crate::components::format::period_label;
use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::dto::{IntakeFormDto, IntakeSubmission, INTAKE_PERIODS};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, intake_form);
    view! {
        <PageTitle text=move || t_string!(i18n, intake_title).to_string() />
        <Shell>
            <section class="card max-w-2xl mx-auto mt-4">
                <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(f) => view! { <IntakeForm form=f token=token() /> }.into_any(),
                            Err(e) => {
                                let unknown = e == AppError::NotFound;
                                view! {
                                    <h1 class="text-2xl font-bold mb-2">{t!(i18n, intake_title)}</h1>
                                    <p role="alert">{move || if unknown { t_string!(i18n, intake_unknown) } else { t_string!(i18n, intake_closed) }}</p>
                                }
                                .into_any()
                            }
                        }
                    })}
                </Suspense>
            </section>
        </Shell>
    }
}

#[component]
fn IntakeForm(form: IntakeFormDto, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let street = RwSignal::new(form.street.clone());
    let number = RwSignal::new(form.house_number.clone());
    let postcode = RwSignal::new(form.postcode.clone());
    let city = RwSignal::new(form.city.clone());
    let charger = RwSignal::new(form.chargers.first().map(|c| c.product_id).unwrap_or(0));
    let periods = RwSignal::new(Vec::<String>::new());
    let remarks = RwSignal::new(String::new());
    let photo = RwSignal::new((String::new(), String::new()));
    let photo_error = RwSignal::new(None::<&'static str>);
    let action = Action::new(move |answers: &IntakeSubmission| {
        let (token, answers) = (token.clone(), answers.clone());
        async move { submit_intake(token, answers).await }
    });
    let errors = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| field_errors(&e))
            .unwrap_or_default()
    };
    // Fields changed since the last try no longer show that try's error.
    let edited = RwSignal::new(Vec::<&'static str>::new());
    let touch = move |field: &'static str| edited.update(|e| e.push(field));
    let err = move |field: &'static str| {
        move || {
            if edited.with(|e| e.contains(&field)) {
                return None;
            }
            errors()
                .get(field)
                .map(|c| error_text(i18n.get_locale(), c))
        }
    };
    let done = move || matches!(action.value().get(), Some(Ok(_)));
    let closed = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .is_some_and(|e| e == AppError::Gone)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        edited.set(Vec::new());
        let (photo_name, photo_data_url) = photo.get_untracked();
        action.dispatch(IntakeSubmission {
            street: street.get_untracked(),
            house_number: number.get_untracked(),
            postcode: postcode.get_untracked(),
            city: city.get_untracked(),
            charger_product_id: charger.get_untracked(),
            periods: periods.get_untracked(),
            remarks: remarks.get_untracked(),
            photo_name,
            photo_data_url,
        });
    };
    let on_photo = move |ev: leptos::ev::Event| {
        photo_error.set(None);
        touch("photo");
        read_photo(ev, photo, photo_error);
    };
    let text_field =
        move |id: &'static str, label: String, value: RwSignal<String>, auto: &'static str| {
            view! {
                <div class="field">
                    <label class="label" for=id>{label}</label>
                    <input id=id class="input" type="text" autocomplete=auto prop:value=value
                        on:input=move |ev| { touch(id); value.set(event_target_value(&ev)) }
                        aria-invalid=move || err(id)().is_some().to_string() />
                    <p class="field-error" role="alert">{err(id)}</p>
                </div>
            }
        };
    view! {
        <div data-entity=form.entity.clone()>
            {form.logo_url.clone().map(|u| view! { <img src=u alt=format!("Logo {}", form.brand) class="h-10 max-w-[10rem] object-contain mb-2" data-testid="brand-logo" /> })}
            <h1 class="text-2xl font-bold mb-1">{t!(i18n, intake_title)}" · "{form.brand.clone()}</h1>
            <p class="text-muted mb-4">{t!(i18n, intake_order)}" "{form.order_number.clone()}" · "{form.customer.clone()}</p>
            <Show when=move || !done() && !closed() fallback=move || view! {
                <p role="status" class="badge-ok p-3 rounded">
                    {move || if closed() { t_string!(i18n, intake_closed) } else { t_string!(i18n, intake_thanks) }}
                </p>
            }>
                <p class="mb-4">{t!(i18n, intake_lead)}</p>
                <form class="flex flex-col gap-5" novalidate on:submit=submit>
                    <fieldset class="flex flex-col gap-3">
                        <legend class="font-semibold mb-2">{t!(i18n, intake_address)}</legend>
                        {text_field("street", t_string!(i18n, street).to_string(), street, "address-line1")}
                        <div class="grid grid-cols-2 gap-3">
                            {text_field("house_number", t_string!(i18n, house_number).to_string(), number, "off")}
                            {text_field("postcode", t_string!(i18n, postcode).to_string(), postcode, "postal-code")}
                        </div>
                        {text_field("city", t_string!(i18n, city).to_string(), city, "address-level2")}
                    </fieldset>
                    <fieldset class="flex flex-col gap-2" aria-describedby="charger-error">
                        <legend class="font-semibold mb-2">{t!(i18n, intake_charger)}</legend>
                        {form.chargers.iter().map(|c| {
                            let id = c.product_id;
                            view! {
                                <label class="choice">
                                    <input type="radio" name="charger" prop:checked=move || charger.get() == id
                                        on:change=move |_| { touch("charger"); charger.set(id) } />
                                    <span class="grow">{c.name.clone()}</span>
                                    <span class="text-muted whitespace-nowrap">{euro(c.price_cents)}</span>
                                </label>
                            }
                        }).collect_view()}
                        <p id="charger-error" class="field-error" role="alert">{err("charger")}</p>
                    </fieldset>
                    <fieldset class="flex flex-col gap-2">
                        <legend class="font-semibold mb-2">{t!(i18n, intake_periods)}</legend>
                        {INTAKE_PERIODS.iter().map(|p| {
                            let code = (*p).to_owned();
                            let c2 = code.clone();
                            view! {
                                <label class="choice">
                                    <input type="checkbox" prop:checked=move || periods.with(|ps| ps.contains(&c2))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            touch("periods");
                                            periods.update(|ps| {
                                                ps.retain(|x| x != &code);
                                                if on { ps.push(code.clone()); }
                                            });
                                        } />
                                    <span>{move || period_label(i18n.get_locale(), p)}</span>
                                </label>
                            }
                        }).collect_view()}
                        <p class="field-error" role="alert">{err("periods")}</p>
                    </fieldset>
                    <div class="field">
                        <label class="label" for="photo">{t!(i18n, intake_photo)}</label>
                        <p class="text-sm text-muted">{t!(i18n, intake_photo_hint)}</p>
                        <input id="photo" class="input" type="file" accept="image/jpeg,image/png,image/webp" capture="environment"
                            on:change=on_photo />
                        <p class="field-error" role="alert">
                            {move || photo_error.get().map(|c| error_text(i18n.get_locale(), c)).or_else(err("photo"))}
                        </p>
                    </div>
                    <div class="field">
                        <label class="label" for="remarks">{t!(i18n, intake_remarks)}</label>
                        <textarea id="remarks" class="input" rows="3" maxlength="1000"
                            on:input=move |ev| remarks.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { t_string!(i18n, intake_sending) } else { t_string!(i18n, intake_submit) }}
                    </button>
                </form>
            </Show>
        </div>
    }
}

/// Reads the chosen photo as a data URL (refusing files over 5 MB first).
fn read_photo(
    ev: leptos::ev::Event,
    photo: RwSignal<(String, String)>,
    error: RwSignal<Option<&'static str>>,
) {
    match crate::components::form::read_chosen_file(&ev, 5.0 * 1024.0 * 1024.0, move |name, url| {
        photo.set((name, url))
    }) {
        Err(too_large) => {
            error.set(Some(too_large));
            photo.set((String::new(), String::new()));
        }
        Ok(false) => photo.set((String::new(), String::new())),
        Ok(true) => {}
    }
}
