//! `/klant/account`: the customer's name, phone, address for future visits
//! and message language; their latest sign-ins; a download of everything
//! we hold about them (GDPR); and the way to their message preferences.

use crate::api::customer::{my_account, request_erasure, save_account};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::dto::AccountDto;
use entity::paths;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| my_account());
    view! {
        <PageTitle text=move || t_string!(i18n, acc_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, acc_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, acc_intro)}</p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <Account a=a /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Account(a: AccountDto) -> impl IntoView {
    let i18n = use_i18n();
    let form = RwSignal::new(a.clone());
    let erasure = RwSignal::new(a.erasure.clone());
    let ask = Action::new(move |_: &()| request_erasure());
    Effect::new(move |_| {
        if let Some(Ok(e)) = ask.value().get() {
            erasure.set(Some(e));
        }
    });
    let save = Action::new(move |input: &AccountDto| save_account(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            form.set(saved);
        }
    });
    let bad = move |field: &'static str| matches!(save.value().get(), Some(Err(AppError::Fields(f))) if f.iter().any(|e| e.field == field));
    let input = move |id: &'static str,
                      label: String,
                      field: &'static str,
                      get: fn(&AccountDto) -> String,
                      set: fn(&mut AccountDto, String)| {
        view! {
            <div>
                <label class="label" for=id>{label}</label>
                <input id=id class="input" maxlength="120" prop:value=move || form.with(get)
                    aria-invalid=move || bad(field).to_string()
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            </div>
        }
    };
    view! {
        <section class="card mb-4" aria-labelledby="h-details">
            <h2 id="h-details" class="card-title mb-2">{t!(i18n, acc_title)}</h2>
            <p class="text-sm mb-2">{t!(i18n, acc_email)}": "<strong>{a.email.clone()}</strong></p>
            <form class="grid gap-3 sm:grid-cols-2" novalidate on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(form.get_untracked());
            }>
                {input("acc-name", t_string!(i18n, acc_name).to_owned(), "name", |f| f.name.clone(), |f, v| f.name = v)}
                {input("acc-phone", t_string!(i18n, acc_phone).to_owned(), "phone", |f| f.phone.clone(), |f, v| f.phone = v)}
                {input("acc-street", t_string!(i18n, acc_street).to_owned(), "street", |f| f.street.clone(), |f, v| f.street = v)}
                {input("acc-house", t_string!(i18n, acc_house_number).to_owned(), "house_number", |f| f.house_number.clone(), |f, v| f.house_number = v)}
                {input("acc-postcode", t_string!(i18n, acc_postcode).to_owned(), "postcode", |f| f.postcode.clone(), |f, v| f.postcode = v)}
                {input("acc-city", t_string!(i18n, acc_city).to_owned(), "city", |f| f.city.clone(), |f, v| f.city = v)}
                <div>
                    <label class="label" for="acc-language">{t!(i18n, acc_language)}</label>
                    <select id="acc-language" class="select" on:change=move |ev| form.update(|f| f.language = event_target_value(&ev))>
                        <option value="nl" selected=move || form.with(|f| f.language == "nl")>"Nederlands"</option>
                        <option value="en" selected=move || form.with(|f| f.language == "en")>"English"</option>
                    </select>
                </div>
                <div class="sm:col-span-2 flex flex-col gap-2">
                    <button type="submit" class="btn btn-primary self-start" disabled=move || save.pending().get()>{t!(i18n, acc_save)}</button>
                    <div aria-live="polite">
                        {move || match save.value().get() {
                            Some(Ok(_)) => Some(view! { <p role="status" class="notice-ok">{t!(i18n, acc_saved)}</p> }.into_any()),
                            Some(Err(AppError::Stale)) => Some(view! { <p role="alert" class="field-error">{t!(i18n, acc_stale)}</p> }.into_any()),
                            Some(Err(_)) => Some(view! { <p role="alert" class="field-error">{t!(i18n, acc_error)}</p> }.into_any()),
                            None => None,
                        }}
                    </div>
                </div>
            </form>
        </section>
        <section class="card mb-4" aria-labelledby="h-privacy">
            <h2 id="h-privacy" class="card-title mb-2">{t!(i18n, acc_privacy)}</h2>
            <p class="text-sm mb-2">{t!(i18n, acc_consent)}" "<a class="underline" href=paths::customer::PREFERENCES>{t!(i18n, nav.preferences)}</a>"."</p>
            <a class="btn btn-secondary" href=paths::api::MY_DATA download="mijn-gegevens.json" rel="external">{t!(i18n, acc_export)}</a>
            <h3 class="font-semibold mt-4">{t!(i18n, er_ask_title)}</h3>
            <p class="text-sm text-muted mb-2">{t!(i18n, er_ask_hint)}</p>
            {move || match erasure.get() {
                Some(e) if e.status == "requested" => view! {
                    <p role="status" class="notice-ok" data-testid="erasure">{t_string!(i18n, er_waiting).replace("{date}", &e.requested_at)}</p>
                }.into_any(),
                other => view! {
                    {other.and_then(|e| e.note.map(|n| view! { <p class="text-sm mb-2" data-testid="erasure">{t!(i18n, er_rejected_note)}" "{n}</p> }))}
                    <button type="button" class="btn btn-secondary" disabled=move || ask.pending().get()
                        on:click=move |_| { ask.dispatch(()); }>{t!(i18n, er_ask)}</button>
                }.into_any(),
            }}
        </section>
        <section aria-labelledby="h-logins">
            <h2 id="h-logins" class="text-lg mb-2">{t!(i18n, acc_logins)}</h2>
            <ul role="list" class="card flex flex-col gap-1 text-sm" data-testid="logins">
                {a.logins.into_iter().map(|l| view! {
                    <li>{l.at}" · "{l.ip}" · "{if l.success { t_string!(i18n, acc_login_ok) } else { t_string!(i18n, acc_login_failed) }}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}
