//! `/klant/documenten`: every document of the customer's orders as a PDF
//! (quotes, invoices, sign-off reports, warranty certificates), one by one
//! or all together as a zip.

use crate::api::customer::my_documents;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::paths;
use leptos::prelude::*;

fn kind_label(locale: Locale, kind: &str) -> &'static str {
    match kind {
        "quote" => td_string!(locale, doc_quote),
        "invoice" => td_string!(locale, doc_invoice),
        "sign_off" => td_string!(locale, doc_sign_off),
        _ => td_string!(locale, doc_warranty),
    }
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let docs = Resource::new(|| (), |_| my_documents());
    view! {
        <PageTitle text=move || t_string!(i18n, doc_title).to_string() />
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, doc_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, doc_intro)}</p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match docs.await {
                    Ok(d) if d.is_empty() => view! { <p class="text-muted">{t!(i18n, nothing_yet)}</p> }.into_any(),
                    Ok(d) => view! {
                        <p class="mb-3"><a class="btn btn-secondary" href=paths::api::DOCUMENTS_ZIP download="documenten.zip" rel="external">{t!(i18n, doc_all)}</a></p>
                        <ul role="list" class="flex flex-col gap-2" data-testid="documents">
                            {d.into_iter().map(|doc| {
                                let locale = i18n.get_locale_untracked();
                                view! {
                                    <li class="card flex flex-wrap items-center justify-between gap-2" data-kind=doc.kind.clone()>
                                        <div>
                                            <div class="font-semibold">{kind_label(locale, &doc.kind)}" · "{doc.order_number.clone()}</div>
                                            <div class="text-xs text-muted">{doc.date.clone()}</div>
                                        </div>
                                        <a class="btn btn-secondary" href=doc.href.clone() rel="external">{t!(i18n, doc_download)}<span class="sr-only">" "{doc.name.clone()}</span></a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
