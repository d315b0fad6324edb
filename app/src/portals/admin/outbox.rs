use crate::api::admin::outbox;
use crate::components::notice::ErrorNotice;
use crate::components::status::delivery_label;
use crate::components::title::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

/// Admin: the newest outgoing e-mails and how their delivery went.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, outbox_title).to_string() />
        <OutboxTable />
    }
}

#[component]
fn OutboxTable() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| outbox());
    view! {
        <h1 id="outbox-title" class="text-2xl font-bold mb-1">{t!(i18n, outbox_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, outbox_lead)}</p>
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) => view! {
                        <div class="table-wrap" tabindex="0">
                            <table class="table" aria-labelledby="outbox-title">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, col_when)}</th>
                                    <th scope="col">{t!(i18n, col_to)}</th>
                                    <th scope="col">{t!(i18n, col_subject)}</th>
                                    <th scope="col">{t!(i18n, col_message)}</th>
                                    <th scope="col">{t!(i18n, col_delivery)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|m| view! {
                                        <tr>
                                            <td class="whitespace-nowrap">{m.created_at}</td>
                                            <td>{m.recipient}<span class="block text-sm text-muted">{m.channel}</span></td>
                                            <td>{m.subject}</td>
                                            <td><pre class="text-sm whitespace-pre-wrap">{m.body}</pre></td>
                                            <td class="whitespace-nowrap" data-testid="delivery">
                                                <span class="badge">{delivery_label(i18n.get_locale_untracked(), &m.state)}</span>
                                                {(m.attempts > 1).then(|| format!(" ×{}", m.attempts))}
                                                {m.due.map(|d| view! { <p class="text-sm">{t!(i18n, outbox_due)}" "{d}</p> })}
                                                {m.last_error.map(|e| view! { <p class="text-sm text-muted">{e}</p> })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
