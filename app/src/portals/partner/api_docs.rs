//! `/partner/api/docs`: the partner API's reference (002 "API Documentation
//! Portal"), made from the OpenAPI document the server serves: how to
//! authenticate, the conventions, and per endpoint its scope, parameters,
//! an example request and answer, and a `curl` call to copy. Then how to
//! verify a webhook's signature.

use crate::api::partner_api::partner_api_docs;
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::i18n::*;
use entity::dto::{ApiOperationDoc, ApiReferenceDto};
use entity::paths;
use leptos::prelude::*;

/// Verifying a webhook delivery, as the README gives it.
const VERIFY_PY: &str = r#"import hmac, hashlib, time

def verify(secret: str, header: str, body: bytes, window=300) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(","))
    t = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return abs(time.time() - t) <= window and hmac.compare_digest(expected, parts["v1"])"#;

const VERIFY_JS: &str = r#"import { createHmac, timingSafeEqual } from 'node:crypto';

export function verify(secret, header, rawBody, windowSecs = 300) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
  const t = Number(parts.t);
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - t) <= windowSecs;
  return fresh && expected.length === parts.v1.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}"#;

#[component]
pub fn PartnerApiDocsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| partner_api_docs());
    view! {
        <PageTitle text=move || t_string!(i18n, apidoc_title).to_string() />
        <p class="mb-2"><a class="link" href=paths::partner::API>{t!(i18n, apidoc_back)}</a></p>
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, apidoc_title)}</h1>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Reference r=r /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Reference(r: ApiReferenceDto) -> impl IntoView {
    let i18n = use_i18n();
    let groups: Vec<(String, String, Vec<ApiOperationDoc>)> = r
        .tags
        .iter()
        .map(|(name, description)| {
            let ops = r
                .operations
                .iter()
                .filter(|o| &o.tag == name)
                .cloned()
                .collect();
            (name.clone(), description.clone(), ops)
        })
        .collect();
    let toc = groups.clone();
    view! {
        <p class="text-muted mb-4">{r.title.clone()}" "{r.version.clone()}" · "{r.intro.clone()}</p>
        <section class="card mb-4" aria-labelledby="apidoc-start">
            <h2 id="apidoc-start" class="text-lg font-semibold mb-2">{t!(i18n, apidoc_start)}</h2>
            <dl class="apidoc-facts">
                <dt>{t!(i18n, apidoc_base)}</dt><dd><code data-testid="apidoc-base">{r.base_url.clone()}"/api/v1"</code></dd>
                <dt>{t!(i18n, apidoc_auth)}</dt><dd><code>"Authorization: Bearer cc_live_…"</code>" · "{t!(i18n, apidoc_auth_note)}</dd>
                <dt>{t!(i18n, apidoc_errors)}</dt><dd>{t!(i18n, apidoc_errors_note)}</dd>
                <dt>"Idempotency-Key"</dt><dd>{t!(i18n, apidoc_idem_note)}</dd>
                <dt>{t!(i18n, apidoc_paging)}</dt><dd>{t!(i18n, apidoc_paging_note)}</dd>
                <dt>{t!(i18n, apidoc_limits)}</dt><dd>{t!(i18n, apidoc_limits_note)}</dd>
                <dt>"OpenAPI 3.1"</dt><dd><a class="link" href=r.openapi_url.clone() data-testid="apidoc-openapi">{r.openapi_url.clone()}</a></dd>
            </dl>
        </section>
        <nav aria-labelledby="apidoc-toc" class="card mb-4">
            <h2 id="apidoc-toc" class="text-lg font-semibold mb-2">{t!(i18n, apidoc_endpoints)}</h2>
            <ul role="list" class="apidoc-toc">
                {toc.into_iter().flat_map(|(_, _, ops)| ops).map(|o| view! {
                    <li><a class="link" href=format!("#{}", o.id)>
                        <span class="apidoc-method" data-method=o.method.clone()>{o.method.clone()}</span>" "<code>{o.path.clone()}</code>
                    </a>" "<span class="text-muted text-sm">{o.summary.clone()}</span></li>
                }).collect_view()}
            </ul>
        </nav>
        {groups.into_iter().map(|(name, description, ops)| view! {
            <section class="mb-6" aria-labelledby=format!("apidoc-tag-{name}")>
                <h2 id=format!("apidoc-tag-{name}") class="text-xl font-bold mb-1">{name.clone()}</h2>
                <p class="text-muted mb-3">{description}</p>
                {ops.into_iter().map(|o| view! { <Operation o=o /> }).collect_view()}
            </section>
        }).collect_view()}
        <section class="card mb-4" aria-labelledby="apidoc-webhooks">
            <h2 id="apidoc-webhooks" class="text-lg font-semibold mb-2">{t!(i18n, apidoc_webhooks)}</h2>
            <p class="mb-2">{t!(i18n, apidoc_webhooks_note)}</p>
            <h3 class="font-semibold mt-2">"Python"</h3>
            <pre class="apidoc-code" tabindex="0"><code>{VERIFY_PY}</code></pre>
            <h3 class="font-semibold mt-2">"Node.js"</h3>
            <pre class="apidoc-code" tabindex="0"><code>{VERIFY_JS}</code></pre>
        </section>
    }
}

#[component]
fn Operation(o: ApiOperationDoc) -> impl IntoView {
    let i18n = use_i18n();
    let has_params = !o.params.is_empty();
    view! {
        <article class="card mb-3 apidoc-op" id=o.id.clone() data-testid="apidoc-op" aria-labelledby=format!("{}-h", o.id)>
            <h3 id=format!("{}-h", o.id) class="font-semibold">
                <span class="apidoc-method" data-method=o.method.clone()>{o.method.clone()}</span>" "
                <code>{o.path.clone()}</code>
            </h3>
            <p class="mt-1">{o.summary.clone()}</p>
            {(!o.description.is_empty()).then(|| view! { <p class="text-muted text-sm">{o.description.clone()}</p> })}
            <p class="text-sm mt-1">{t!(i18n, apidoc_scope)}": "<code data-testid="apidoc-scope">{o.scope.clone()}</code></p>
            {has_params.then(|| view! {
                <div class="table-wrap mt-2" tabindex="0">
                    <table class="table">
                        <caption class="sr-only">{t!(i18n, apidoc_params)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, apidoc_param)}</th>
                            <th scope="col">{t!(i18n, apidoc_in)}</th>
                            <th scope="col">{t!(i18n, apidoc_meaning)}</th>
                            <th scope="col">{t!(i18n, apidoc_example)}</th>
                        </tr></thead>
                        <tbody>
                            {o.params.iter().map(|p| view! {
                                <tr>
                                    <td><code>{p.name.clone()}</code>{p.required.then_some(" *")}</td>
                                    <td>{p.location.clone()}</td>
                                    <td>{p.description.clone()}</td>
                                    <td><code>{p.example.clone()}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <h4 class="font-semibold mt-3 text-sm">{t!(i18n, apidoc_call)}</h4>
            <pre class="apidoc-code" tabindex="0" data-testid="apidoc-curl"><code>{o.curl.clone()}</code></pre>
            {o.request_example.clone().map(|b| view! {
                <h4 class="font-semibold mt-3 text-sm">{t!(i18n, apidoc_request)}</h4>
                <pre class="apidoc-code" tabindex="0"><code>{b}</code></pre>
            })}
            {o.response_example.clone().map(|b| view! {
                <h4 class="font-semibold mt-3 text-sm">{t!(i18n, apidoc_response)}</h4>
                <pre class="apidoc-code" tabindex="0"><code>{b}</code></pre>
            })}
            <h4 class="font-semibold mt-3 text-sm">{t!(i18n, apidoc_answers)}</h4>
            <ul role="list" class="text-sm">
                {o.responses.iter().map(|(code, d)| view! { <li><code>{code.clone()}</code>" "{d.clone()}</li> }).collect_view()}
            </ul>
        </article>
    }
}
