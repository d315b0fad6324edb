//! `/klant/service`: report a problem with an installation or claim
//! warranty (category, description, photos from the phone's camera, made
//! smaller in the browser), follow one's cases, and see until when each
//! installed product is under warranty.

use crate::api::service::{file_service_request, my_service};
use crate::components::form::read_resized_photos;
use crate::components::labels::{case_status_label, category_label};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::service::{CATEGORIES, MAX_PHOTOS};
use entity::dto::{MyServiceDto, ServiceCaseDto, ServiceRequestInput};
use leptos::prelude::*;

#[component]
pub fn ServicePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| my_service());
    view! {
        <PageTitle text=move || t_string!(i18n, svc_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, svc_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, svc_intro)}</p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Service d=d /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn form_error(locale: Locale, e: &AppError) -> String {
    match e {
        AppError::Fields(f) => f
            .iter()
            .map(|e| match (e.field.as_str(), e.code.as_str()) {
                ("description", _) => td_string!(locale, svc_err_description),
                ("photos", "photo_too_large") => td_string!(locale, svc_err_photo_large),
                ("photos", "too_many") => td_string!(locale, svc_err_photo_many),
                ("photos", _) => td_string!(locale, svc_err_photo_type),
                _ => td_string!(locale, error_generic),
            })
            .collect::<Vec<_>>()
            .join(" "),
        AppError::Invalid(w) if w == "warranty_expired" => {
            td_string!(locale, svc_err_warranty).to_owned()
        }
        _ => td_string!(locale, error_generic).to_owned(),
    }
}

#[component]
fn Service(d: MyServiceDto) -> impl IntoView {
    let i18n = use_i18n();
    let cases = RwSignal::new(d.cases.clone());
    let order = RwSignal::new(d.orders.first().cloned().unwrap_or_default());
    let kind = RwSignal::new("service".to_owned());
    let category = RwSignal::new(CATEGORIES[0].to_owned());
    let description = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<String>::new());
    let filed = RwSignal::new(None::<String>);
    let local = RwSignal::new(None::<&'static str>);
    let send = Action::new(move |input: &ServiceRequestInput| file_service_request(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(c)) = send.value().get() {
            filed.set(Some(c.case_number.clone()));
            cases.update(|list| list.insert(0, c));
            description.set(String::new());
            photos.set(Vec::new());
        }
    });
    let has_orders = !d.orders.is_empty();
    let orders = d.orders.clone();
    view! {
        <div aria-live="polite">
            {move || filed.get().map(|n| view! {
                <p role="status" class="notice-ok mb-3">{t_string!(i18n, svc_filed).replace("{case}", &n)}</p>
            })}
        </div>
        {if has_orders { view! {
            <section class="card mb-4" aria-labelledby="h-report" data-testid="service-form">
                <h2 id="h-report" class="card-title mb-2">{t!(i18n, svc_report)}</h2>
                <form class="flex flex-col gap-3" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    filed.set(None);
                    if description.with_untracked(|d| d.trim().chars().count() < 10) {
                        local.set(Some(td_string!(i18n.get_locale_untracked(), svc_err_description)));
                        return;
                    }
                    local.set(None);
                    send.dispatch(ServiceRequestInput {
                        order_number: order.get_untracked(),
                        kind: kind.get_untracked(),
                        category: category.get_untracked(),
                        description: description.get_untracked(),
                        photos: photos.get_untracked(),
                    });
                }>
                    <div>
                        <label class="label" for="svc-order">{t!(i18n, svc_order)}</label>
                        <select id="svc-order" class="select" on:change=move |ev| order.set(event_target_value(&ev))>
                            {orders.iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <fieldset>
                        <legend class="label">{t!(i18n, svc_kind)}</legend>
                        <div class="flex flex-wrap gap-4">
                            <label class="flex items-center gap-2"><input type="radio" name="svc-kind" checked=true
                                on:change=move |_| kind.set("service".into()) />{t!(i18n, svc_kind_service)}</label>
                            <label class="flex items-center gap-2"><input type="radio" name="svc-kind"
                                on:change=move |_| kind.set("warranty".into()) />{t!(i18n, svc_kind_warranty)}</label>
                        </div>
                    </fieldset>
                    <div>
                        <label class="label" for="svc-category">{t!(i18n, svc_category)}</label>
                        <select id="svc-category" class="select" on:change=move |ev| category.set(event_target_value(&ev))>
                            {CATEGORIES.iter().map(|c| view! { <option value=*c>{move || category_label(i18n.get_locale(), c)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label class="label" for="svc-description">{t!(i18n, svc_description)}</label>
                        <textarea id="svc-description" class="input" rows="4" maxlength="2000"
                            prop:value=move || description.get()
                            on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    </div>
                    <div>
                        <label class="label" for="svc-photos">{t!(i18n, svc_photos)}</label>
                        <input id="svc-photos" type="file" accept="image/*" capture="environment" multiple class="input"
                            on:change=move |ev| {
                                photos.set(Vec::new());
                                read_resized_photos(&ev, 1600, move |url| photos.update(|p| if p.len() < MAX_PHOTOS { p.push(url) }));
                            } />
                        <p class="help">{t!(i18n, svc_photos_hint)}</p>
                        <ul role="list" class="flex flex-wrap gap-2 mt-2" data-testid="photo-previews">
                            {move || photos.get().into_iter().enumerate().map(|(i, p)| view! {
                                <li><img src=p alt=format!("{} {}", t_string!(i18n, svc_photo), i + 1) class="h-16 w-16 object-cover rounded" /></li>
                            }).collect_view()}
                        </ul>
                    </div>
                    {move || local.get().map(|m| view! { <p role="alert" class="field-error">{m}</p> })}
                    {move || match send.value().get() {
                        Some(Err(e)) => Some(view! { <p role="alert" class="field-error">{form_error(i18n.get_locale_untracked(), &e)}</p> }),
                        _ => None,
                    }}
                    <button type="submit" class="btn btn-primary self-start" disabled=move || send.pending().get()>{t!(i18n, svc_send)}</button>
                </form>
            </section>
        }.into_any() } else { view! {
            <p class="card mb-4">{t!(i18n, svc_no_orders)}</p>
        }.into_any() }}
        <section class="mb-4" aria-labelledby="h-cases">
            <h2 id="h-cases" class="text-lg mb-2">{t!(i18n, svc_cases)}</h2>
            {move || {
                let list = cases.get();
                if list.is_empty() {
                    view! { <p class="text-muted">{t!(i18n, svc_no_cases)}</p> }.into_any()
                } else {
                    view! { <ul role="list" class="flex flex-col gap-2" data-testid="cases">
                        {list.into_iter().map(|c| view! { <CaseCard c=c /> }).collect_view()}
                    </ul> }.into_any()
                }
            }}
        </section>
        <section aria-labelledby="h-warranty">
            <h2 id="h-warranty" class="text-lg mb-2">{t!(i18n, svc_warranty)}</h2>
            {if d.warranties.is_empty() {
                view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> }.into_any()
            } else { view! {
                <div class="table-wrap" tabindex="0"><table class="table" data-testid="warranties">
                    <thead><tr>
                        <th scope="col">{t!(i18n, svc_product)}</th>
                        <th scope="col">{t!(i18n, svc_until)}</th>
                        <th scope="col" class="text-right">{t!(i18n, svc_quantity)}</th>
                        <th scope="col">{t!(i18n, svc_installed)}</th>
                    </tr></thead>
                    <tbody>{d.warranties.into_iter().map(|w| view! {
                        <tr>
                            <th scope="row">{w.product}<div class="text-xs text-muted">{w.order_number}</div></th>
                            <td class="whitespace-nowrap">{w.until}" "
                                {if w.active { view! { <span class="badge badge-ok">{t!(i18n, svc_covered)}</span> }.into_any() }
                                 else { view! { <span class="badge">{t!(i18n, svc_expired)}</span> }.into_any() }}</td>
                            <td class="text-right">{w.quantity}</td>
                            <td class="whitespace-nowrap">{w.installed}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any() }}
        </section>
    }
}

#[component]
fn CaseCard(c: ServiceCaseDto) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <li class="card" data-case=c.case_number.clone()>
            <div class="flex flex-wrap items-center gap-2">
                <strong>{c.case_number.clone()}</strong>
                <span class="badge badge-info">{case_status_label(locale, &c.status)}</span>
                {(c.kind == "warranty").then(|| view! { <span class="badge badge-brand">{t!(i18n, svc_kind_warranty)}</span> })}
            </div>
            <p class="text-sm mt-1"><span class="font-semibold">{category_label(locale, &c.category)}</span>": "{c.description.clone()}</p>
            <p class="text-xs text-muted mt-1">{c.created_at.clone()}{c.resolution.clone().map(|r| format!(" · {r}"))}</p>
            {(c.status == "visit_planned").then(|| view! {
                <p class="mt-1"><a class="text-sm font-semibold" href=entity::paths::order(entity::domain::Portal::Customer, &c.order_number)>{t!(i18n, svc_choose_visit)}" →"</a></p>
            })}
            {(!c.photos.is_empty()).then(|| view! {
                <ul role="list" class="flex flex-wrap gap-2 mt-2">
                    {c.photos.iter().enumerate().map(|(i, p)| view! {
                        <li><a href=p.clone()><img src=p.clone() alt=format!("{} {}", t_string!(i18n, svc_photo), i + 1) class="h-16 w-16 object-cover rounded" /></a></li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
