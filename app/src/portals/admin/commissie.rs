//! `/admin/commissie`: the commission statements of closed months that are
//! not yet paid out (002 "Partner Revenue Analytics": "commission statements
//! and payment schedules"). Finance transfers the amount and records it
//! here with the bank's reference; the partner then sees the month as paid
//! and gets the `commission_statement` message.

use crate::api::admin::{commission_payable, record_commission_payout};
use crate::components::form::{error_text, form_error_text, form_errors};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::domain::money::euro;
use entity::dto::{PayableCommissionDto, PayoutForm};
use leptos::prelude::*;

#[component]
pub fn CommissionPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| commission_payable());
    let done = RwSignal::new(None::<String>);
    view! {
        <PageTitle text=move || t_string!(i18n, cm_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, cm_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, cm_intro)}</p>
        <p role="status" class="text-ok mb-2" data-testid="cm-done">{move || done.get()}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="text-muted" data-testid="cm-none">{t!(i18n, cm_none)}</p>
                    }.into_any(),
                    Ok(rows) => {
                        let total: i64 = rows.iter().map(|r| r.commission_cents).sum();
                        view! {
                            <p class="mb-3"><strong>{t!(i18n, cm_total)}": "{euro(total)}</strong>
                                " · "{rows.len()}" "{t!(i18n, cm_statements)}</p>
                            <div class="table-wrap" tabindex="0">
                                <table class="table" data-testid="cm-table">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, cm_partner)}</th>
                                        <th scope="col">{t!(i18n, pd_month)}</th>
                                        <th scope="col" class="text-right">{t!(i18n, pd_invoices)}</th>
                                        <th scope="col" class="text-right">{t!(i18n, inv_commission)}</th>
                                        <th scope="col">{t!(i18n, cm_payable_by)}</th>
                                        <th scope="col">{t!(i18n, cm_reference)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! { <Row r=r reload=reload done=done /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Row(
    r: PayableCommissionDto,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reference = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pay = Action::new(move |form: &PayoutForm| {
        let form = form.clone();
        async move { record_commission_payout(form).await }
    });
    let (partner_id, period, partner, label) = (
        r.partner_id,
        r.period.clone(),
        r.partner.clone(),
        r.label.clone(),
    );
    Effect::new(move |_| {
        if let Some(result) = pay.value().get() {
            match result {
                Ok(s) => {
                    error.set(None);
                    done.set(Some(format!(
                        "{} · {} · {}: {}",
                        partner,
                        s.label,
                        euro(s.commission_cents),
                        t_string!(i18n, cm_paid_ok)
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    let locale = i18n.get_locale_untracked();
                    let f = form_errors(&e);
                    let text = match (e.code(), f.get("reference"), f.get("period")) {
                        ("already_paid", _, _) => t_string!(i18n, cm_already_paid).to_string(),
                        ("nothing_earned", _, _) => t_string!(i18n, cm_nothing).to_string(),
                        (_, Some(c), _) | (_, None, Some(c)) => error_text(locale, c).to_string(),
                        _ => form_error_text(locale, f.get("form").map_or("failed", |s| s))
                            .to_string(),
                    };
                    error.set(Some(text));
                }
            }
        }
    });
    let id = format!("cm-ref-{partner_id}-{period}");
    let err_id = format!("{id}-err");
    view! {
        <tr data-partner=partner_id data-period=r.period.clone()>
            <td>{r.partner.clone()}</td>
            <td class="whitespace-nowrap">
                <a class="link" href=r.pdf_url.clone() download aria-label=format!("PDF {} {}", r.partner, label)>{label.clone()}</a>
            </td>
            <td class="text-right">{r.invoices}</td>
            <td class="text-right whitespace-nowrap">{euro(r.commission_cents)}</td>
            <td class="whitespace-nowrap" class:text-danger=r.late>
                {r.payable_by.clone()}{r.late.then(|| view! { " · " {t!(i18n, cm_late)} })}
            </td>
            <td>
                <form class="flex flex-wrap gap-2 items-start"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        pay.dispatch(PayoutForm { partner_id, period: period.clone(), reference: reference.get_untracked() });
                    }>
                    <label class="sr-only" for=id.clone()>{t!(i18n, cm_reference)}</label>
                    <input id=id class="input" maxlength="80" placeholder="NL-2026-…"
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby=err_id.clone()
                        prop:value=move || reference.get()
                        on:input=move |ev| reference.set(event_target_value(&ev)) />
                    <button class="btn btn-primary" type="submit" disabled=move || pay.pending().get()>
                        {t!(i18n, cm_pay)}
                    </button>
                    <p id=err_id.clone() class="text-danger text-sm w-full" role="alert">{move || error.get()}</p>
                </form>
            </td>
        </tr>
    }
}
