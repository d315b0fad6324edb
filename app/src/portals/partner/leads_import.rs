//! `/partner/leads/import`: many leads at once from a CSV or Excel file
//! (issue 20). The file is checked first (a preview with the errors per
//! row); the import makes an order for each valid row and offers the
//! rejected rows, with their reasons, as a CSV to correct and upload again.

use crate::api::brands::list_brands;
use crate::api::partner_api::{preview_lead_import, run_lead_import};
use crate::components::form::{error_text, read_chosen_file};
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::dto::{ImportFileDto, ImportReportDto, ImportRowDto};
use entity::paths;
use leptos::prelude::*;

/// The largest file the page sends (the server's limit).
const MAX_FILE_BYTES: f64 = 512.0 * 1024.0;

/// A file to start from: the columns, and one example row.
const TEMPLATE: &str = "Voornaam;Achternaam;E-mail;Telefoon;Straat;Huisnummer;Postcode;Plaats;Laadpalen;Merk\r\nSanne;de Vries;sanne@voorbeeld.nl;0612345678;Kerkstraat;12a;3861 AB;Nijkerk;1;chargecars\r\n";

fn csv_href(csv: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    format!(
        "data:text/csv;charset=utf-8,{}",
        utf8_percent_encode(csv, NON_ALPHANUMERIC)
    )
}

#[component]
pub fn PartnerLeadImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let brands = Resource::new(|| (), |_| list_brands());
    let entity = RwSignal::new(String::new());
    let file = RwSignal::new(None::<ImportFileDto>);
    let problem = RwSignal::new(None::<String>);
    let preview = Action::new(|f: &ImportFileDto| {
        let f = f.clone();
        async move { preview_lead_import(f).await }
    });
    let run = Action::new(|f: &ImportFileDto| {
        let f = f.clone();
        async move { run_lead_import(f).await }
    });
    let send_preview = move || {
        if let Some(mut f) = file.get_untracked() {
            f.entity = entity.get_untracked();
            run.value().set(None);
            preview.dispatch(f);
        }
    };
    let chosen = move |ev: leptos::ev::Event| {
        problem.set(None);
        let read = read_chosen_file(&ev, MAX_FILE_BYTES, move |name, url| {
            let content = url
                .split_once("base64,")
                .map(|(_, b)| b.to_owned())
                .unwrap_or_default();
            file.set(Some(ImportFileDto {
                file_name: name,
                content_base64: content,
                entity: String::new(),
            }));
            send_preview();
        });
        if read.is_err() {
            problem.set(Some("file_too_large".into()));
        }
    };
    let start = move |_| {
        if let Some(mut f) = file.get_untracked() {
            f.entity = entity.get_untracked();
            run.dispatch(f);
        }
    };
    let failure_text = move |e: &AppError| -> String {
        match e {
            AppError::Problems(list) => {
                let missing: Vec<String> = list
                    .iter()
                    .filter_map(|p| p.strip_prefix("missing_column:"))
                    .map(str::to_owned)
                    .collect();
                format!(
                    "{} {}",
                    t_string!(i18n, imp_missing_columns),
                    missing.join(", ")
                )
            }
            AppError::Invalid(code) if code == "file_type" => {
                t_string!(i18n, imp_err_type).to_string()
            }
            AppError::Invalid(code) if code == "file_too_large" => {
                t_string!(i18n, imp_err_large).to_string()
            }
            AppError::Invalid(code) if code == "file_too_many_rows" => {
                t_string!(i18n, imp_err_rows).to_string()
            }
            _ => t_string!(i18n, imp_err_file).to_string(),
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, imp_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, imp_title)}</h1>
        <p class="text-muted mb-2">{t!(i18n, imp_intro)}</p>
        <p class="mb-4 flex flex-wrap gap-4">
            <a class="link" href=csv_href(TEMPLATE) download="leads-voorbeeld.csv">{t!(i18n, imp_template)}</a>
            <a class="link" href=paths::partner::NEW_LEAD>{t!(i18n, imp_one_lead)}</a>
        </p>
        <section class="card grid sm:grid-cols-2 gap-3 items-end" aria-labelledby="imp-file-h">
            <h2 id="imp-file-h" class="text-lg font-semibold sm:col-span-2">{t!(i18n, imp_choose)}</h2>
            <div class="field">
                <label class="label" for="imp-brand">{t!(i18n, imp_brand)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = brands.await.unwrap_or_default();
                        if entity.get_untracked().is_empty() {
                            if let Some(b) = list.first() {
                                entity.set(b.code.clone());
                            }
                        }
                        view! {
                            <select id="imp-brand" class="select" on:change=move |ev| {
                                entity.set(event_target_value(&ev));
                                send_preview();
                            }>
                                {list.into_iter().map(|b| view! { <option value=b.code.clone()>{b.name}</option> }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
            </div>
            <div class="field">
                <label class="label" for="imp-file">{t!(i18n, imp_file)}</label>
                <input id="imp-file" class="input" type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    on:change=chosen />
            </div>
            <p class="field-error sm:col-span-2" role="alert">
                {move || problem.get().map(|_| t_string!(i18n, imp_err_large).to_string())}
            </p>
        </section>
        {move || {
            if preview.pending().get() {
                return Some(view! { <p class="text-muted mt-4" role="status">{t!(i18n, imp_checking)}</p> }.into_any());
            }
            if let Some(done) = run.value().get() {
                return Some(match done {
                    Ok(r) => view! { <Result report=r /> }.into_any(),
                    Err(e) => view! { <p class="field-error mt-4" role="alert">{failure_text(&e)}</p> }.into_any(),
                });
            }
            preview.value().get().map(|r| match r {
                Ok(r) => {
                    let valid = r.valid;
                    view! {
                        <Report report=r.clone() />
                        <div class="mt-4 flex gap-3 items-center">
                            <button class="btn btn-primary" type="button" data-testid="imp-run"
                                disabled=move || run.pending().get() || valid == 0
                                on:click=start>
                                {format!("{} ({valid})", t_string!(i18n, imp_run))}
                            </button>
                            {move || run.pending().get().then(|| view! { <span class="text-muted" role="status">{t!(i18n, imp_running)}</span> })}
                        </div>
                    }.into_any()
                }
                Err(e) => view! { <p class="field-error mt-4" role="alert">{failure_text(&e)}</p> }.into_any(),
            })
        }}
    }
}

/// The preview: how many rows are fine, and each one that is not.
#[component]
fn Report(report: ImportReportDto) -> impl IntoView {
    let i18n = use_i18n();
    let bad: Vec<ImportRowDto> = report
        .rows
        .into_iter()
        .filter(|r| !r.errors.is_empty())
        .collect();
    view! {
        <section class="card mt-4" aria-labelledby="imp-preview-h" data-testid="imp-preview">
            <h2 id="imp-preview-h" class="text-lg font-semibold">{t!(i18n, imp_preview)}</h2>
            <p class="mb-2">
                <strong data-testid="imp-valid">{report.valid}</strong>" "{t!(i18n, imp_valid)}", "
                <strong data-testid="imp-invalid">{report.invalid}</strong>" "{t!(i18n, imp_invalid)}
            </p>
            {(!bad.is_empty()).then(|| view! {
                <Rejected rows=bad csv=report.rejected_csv.clone() />
            })}
        </section>
    }
}

/// After the import: the orders made, and the rows left out.
#[component]
fn Result(report: ImportReportDto) -> impl IntoView {
    let i18n = use_i18n();
    let (made, bad): (Vec<ImportRowDto>, Vec<ImportRowDto>) = report
        .rows
        .into_iter()
        .partition(|r| r.order_number.is_some());
    let count = made.len();
    view! {
        <section class="card mt-4" role="status" aria-labelledby="imp-done-h" data-testid="imp-done">
            <h2 id="imp-done-h" class="text-lg font-semibold">
                <span data-testid="imp-made">{count}</span>" "{t!(i18n, imp_made)}
            </h2>
            <ul class="flex flex-wrap gap-x-4 gap-y-1 my-2 text-sm" data-testid="imp-orders">
                {made.into_iter().filter_map(|r| r.order_number).map(|n| view! {
                    <li><a class="link" href=paths::order(entity::domain::Portal::Partner, &n)>{n.clone()}</a></li>
                }).collect_view()}
            </ul>
            {(!bad.is_empty()).then(|| view! {
                <Rejected rows=bad csv=report.rejected_csv.clone() />
            })}
        </section>
    }
}

/// A field by the name of its column in the file (the template's names).
fn column(field: &str) -> &str {
    match field {
        "first_name" => "Voornaam",
        "last_name" => "Achternaam",
        "email" => "E-mail",
        "phone" => "Telefoon",
        "street" => "Straat",
        "house_number" => "Huisnummer",
        "postcode" => "Postcode",
        "city" => "Plaats",
        "charger_count" => "Laadpalen",
        "entity" => "Merk",
        other => other,
    }
}

#[component]
fn Rejected(rows: Vec<ImportRowDto>, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="my-2">
            <a class="link" href=csv_href(&csv) download="afgewezen-leads.csv" data-testid="imp-rejected-csv">
                {t!(i18n, imp_download_rejected)}
            </a>
        </p>
        <div class="table-wrap" tabindex="0">
            <table class="table" data-testid="imp-errors">
                <thead><tr>
                    <th scope="col">{t!(i18n, imp_line)}</th>
                    <th scope="col">{t!(i18n, imp_name)}</th>
                    <th scope="col">{t!(i18n, imp_postcode)}</th>
                    <th scope="col">{t!(i18n, imp_problem)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let why = r.errors.iter().map(|(f, c)| {
                            let text = match c.as_str() {
                                "duplicate_in_file" => t_string!(i18n, imp_dup_file).to_string(),
                                "duplicate_order" => t_string!(i18n, imp_dup_order).to_string(),
                                other => error_text(i18n.get_locale(), other).to_string(),
                            };
                            format!("{}: {text}", column(f))
                        }).collect::<Vec<_>>().join("; ");
                        view! {
                            <tr>
                                <td>{r.line}</td>
                                <td>{r.name}" "<span class="text-muted">{r.email}</span></td>
                                <td>{r.postcode}</td>
                                <td class="text-danger">{why}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
