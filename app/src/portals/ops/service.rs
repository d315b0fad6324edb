//! `/ops/service`: service cases and warranty claims, open ones first with
//! the step due soonest on top; each moves on to its next step here
//! (planning a visit puts it on the planning board).

use crate::api::service::{move_service_case, service_cases};
use crate::components::labels::{case_status_label, category_label};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::service::{may_move, STATUSES};
use entity::domain::Portal;
use entity::dto::ServiceCaseDto;
use entity::paths;
use leptos::prelude::*;

#[component]
pub fn ServiceCasesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| service_cases());
    view! {
        <PageTitle text=move || t_string!(i18n, svc_ops_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, svc_ops_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, svc_ops_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="text-muted">{t!(i18n, svc_no_cases)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul role="list" class="flex flex-col gap-3" data-testid="service-cases">
                            {rows.into_iter().map(|c| view! { <CaseRow c=c /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseRow(c: ServiceCaseDto) -> impl IntoView {
    let i18n = use_i18n();
    let case = RwSignal::new(c);
    let resolution = RwSignal::new(String::new());
    let save = Action::new(move |(to, why): &(String, String)| {
        let c = case.get_untracked();
        move_service_case(
            c.id,
            c.version,
            to.clone(),
            Some(why.clone()).filter(|w| !w.trim().is_empty()),
        )
    });
    Effect::new(move |_| {
        if let Some(Ok(c)) = save.value().get() {
            case.set(c);
            resolution.set(String::new());
        }
    });
    let id = case.with_untracked(|c| c.id);
    view! {
        <li class="card" data-case=move || case.with(|c| c.case_number.clone())>
            {move || {
                let c = case.get();
                let locale = i18n.get_locale();
                let href = paths::order(Portal::Operations, &c.order_number);
                view! {
                    <div class="flex flex-wrap items-center gap-2">
                        <strong>{c.case_number.clone()}</strong>
                        <span class="badge badge-info" data-testid="case-status">{case_status_label(locale, &c.status)}</span>
                        {(c.kind == "warranty").then(|| view! { <span class="badge badge-brand">{t!(i18n, svc_kind_warranty)}</span> })}
                        {c.due.clone().map(|d| {
                            let class = if c.overdue { "badge badge-danger" } else { "badge" };
                            view! { <span class=class>{t_string!(i18n, svc_due).replace("{when}", &d)}</span> }
                        })}
                        <a href=href class="text-sm">{c.order_number.clone()}</a>
                        <span class="text-sm text-muted">{c.customer.clone()}" · "{c.city.clone()}</span>
                    </div>
                    <p class="text-sm mt-1"><span class="font-semibold">{category_label(locale, &c.category)}</span>": "{c.description.clone()}</p>
                    {c.resolution.clone().map(|r| view! { <p class="text-sm text-muted">{r}</p> })}
                    {(!c.photos.is_empty()).then(|| view! {
                        <ul role="list" class="flex flex-wrap gap-2 mt-2">
                            {c.photos.iter().enumerate().map(|(i, p)| view! {
                                <li><a href=p.clone()><img src=p.clone() alt=format!("{} {} {}", c.case_number, t_string!(i18n, svc_photo), i + 1) class="h-20 w-20 object-cover rounded" /></a></li>
                            }).collect_view()}
                        </ul>
                    })}
                }
            }}
            <Show when=move || case.with(|c| c.status != "resolved")>
                <div class="flex flex-wrap items-end gap-2 mt-2">
                    <div class="grow">
                        <label class="label" for=format!("res-{id}")>{t!(i18n, svc_resolution)}</label>
                        <input id=format!("res-{id}") class="input" maxlength="2000" prop:value=move || resolution.get()
                            on:input=move |ev| resolution.set(event_target_value(&ev)) />
                    </div>
                    {move || {
                        let from = case.with(|c| c.status.clone());
                        STATUSES.iter().filter(|to| may_move(&from, to)).map(|to| {
                            let to = (*to).to_owned();
                            let label = to.clone();
                            view! {
                                <button type="button" class="btn btn-secondary" disabled=move || save.pending().get()
                                    on:click=move |_| { save.dispatch((to.clone(), resolution.get_untracked())); }>
                                    {move || t_string!(i18n, svc_to).replace("{step}", case_status_label(i18n.get_locale(), &label))}
                                </button>
                            }
                        }).collect_view()
                    }}
                </div>
            </Show>
            {move || match save.value().get() {
                Some(Err(crate::error::AppError::Invalid(_))) => Some(view! { <p role="alert" class="field-error">{t!(i18n, svc_err_resolution)}</p> }.into_any()),
                Some(Err(_)) => Some(view! { <p role="alert" class="field-error">{t!(i18n, svc_err_stale)}</p> }.into_any()),
                _ => None,
            }}
        </li>
    }
}
