//! Admin: the audit trail. Filter by user, table, record and date, page
//! through 50 lines at a time, export what matches as CSV.

use crate::api::admin::admin_audit;
use crate::components::form::field_errors;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::dto::AuditFilter;
use leptos::prelude::*;

const PAGE: u64 = 50;

fn csv_href(f: &AuditFilter) -> String {
    entity::paths::api::audit_csv(&f.user, &f.table, &f.record, &f.from, &f.to)
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, audit_title).to_string() />
        <Audit />
    }
}

#[component]
fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    // What the form holds, and what was last searched for.
    let draft = RwSignal::new(AuditFilter::default());
    let applied = RwSignal::new(AuditFilter::default());
    let offset = RwSignal::new(0u64);
    let data = Resource::new(
        move || (applied.get(), offset.get()),
        |(f, o)| admin_audit(f, o),
    );
    view! {
        <h1 id="audit-title" class="text-2xl font-bold mb-1">{t!(i18n, audit_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, audit_lead)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let total = p.total;
                        let tables = p.tables.clone();
                        let from = offset.get_untracked();
                        view! {
                            <FilterForm tables=tables draft=draft applied=applied offset=offset />
                            <p class="text-sm text-muted mb-2" role="status" data-testid="audit-total">
                                {move || format!("{total} {}", t_string!(i18n, audit_lines))}
                                {(total > 0).then(|| format!(" · {}–{}", from + 1, (from + PAGE).min(total)))}
                            </p>
                            <div class="table-wrap" tabindex="0">
                                <table class="table" aria-labelledby="audit-title">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, col_when)}</th>
                                        <th scope="col">{t!(i18n, audit_user)}</th>
                                        <th scope="col">{t!(i18n, audit_table)}</th>
                                        <th scope="col">{t!(i18n, audit_record)}</th>
                                        <th scope="col">{t!(i18n, audit_action)}</th>
                                        <th scope="col">{t!(i18n, audit_changes)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.rows.into_iter().map(|r| view! {
                                            <tr data-audit=r.id>
                                                <td class="whitespace-nowrap">{r.at}</td>
                                                <td class="text-sm">{r.actor}</td>
                                                <td>{r.table}</td>
                                                <td>{r.record}</td>
                                                <td>{r.action}</td>
                                                <td><code class="text-xs break-all">{r.changes}</code></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <div class="flex gap-2 mt-3">
                                <button type="button" class="btn btn-secondary btn-sm" disabled=move || offset.get() == 0
                                    on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{t!(i18n, audit_prev)}</button>
                                <button type="button" class="btn btn-secondary btn-sm" disabled=move || { offset.get() + PAGE >= total }
                                    on:click=move |_| offset.update(|o| *o += PAGE)>{t!(i18n, audit_next)}</button>
                            </div>
                        }.into_any()
                    }
                    Err(e) => {
                        let bad = !field_errors(&e).is_empty();
                        view! {
                            <FilterForm tables=Vec::new() draft=draft applied=applied offset=offset />
                            <p class="field-error" role="alert">
                                {move || if bad { t_string!(i18n, audit_bad_filter) } else { t_string!(i18n, err_failed) }}
                            </p>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn FilterForm(
    tables: Vec<String>,
    draft: RwSignal<AuditFilter>,
    applied: RwSignal<AuditFilter>,
    offset: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        offset.set(0);
        applied.set(draft.get_untracked());
    };
    type Set = fn(&mut AuditFilter, String);
    let input = move |id: &'static str,
                      label: String,
                      kind: &'static str,
                      get: fn(&AuditFilter) -> String,
                      set: Set| {
        view! {
            <div class="field">
                <label class="label" for=format!("audit-{id}")>{label}</label>
                <input id=format!("audit-{id}") class="input" type=kind
                    prop:value=move || draft.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|f| set(f, v)); } />
            </div>
        }
    };
    view! {
        <form class="card flex flex-wrap gap-3 items-end mb-4" on:submit=submit>
        {input("user", t_string!(i18n, audit_user).to_string(), "text", |f| f.user.clone(), |f, v| f.user = v)}
        <div class="field">
            <label class="label" for="audit-table">{t!(i18n, audit_table)}</label>
            <select id="audit-table" class="input" on:change=move |ev| { let v = event_target_value(&ev); draft.update(|f| f.table = v); }>
                <option value="">{t!(i18n, audit_all)}</option>
                {tables.into_iter().map(|t| {
                    let selected = draft.with_untracked(|f| f.table == t);
                    view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
        {input("record", t_string!(i18n, audit_record).to_string(), "text", |f| f.record.clone(), |f, v| f.record = v)}
        {input("from", t_string!(i18n, audit_from).to_string(), "date", |f| f.from.clone(), |f, v| f.from = v)}
        {input("to", t_string!(i18n, audit_to).to_string(), "date", |f| f.to.clone(), |f, v| f.to = v)}
        <div class="flex gap-2">
            <button type="submit" class="btn btn-primary">{t!(i18n, audit_search)}</button>
            <a class="btn btn-secondary whitespace-nowrap" href=move || applied.with(csv_href) download="audit.csv">{t!(i18n, audit_csv)}</a>
        </div>
    </form>
    }
}
