//! Admin: message templates (001), per business entity (or the platform),
//! language, kind and channel. The editor shows the kind's variables (from
//! `entity::domain::templates`, the catalogue the server checks against),
//! a live preview rendered with a real order, a test send to yourself and
//! the saved versions; saving adds a version.

use crate::api::templates::{
    admin_template, admin_template_preview, admin_template_save, admin_template_test,
    admin_templates,
};
use crate::components::notice::ErrorNotice;
use crate::components::status::channel_label;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::templates as kinds;
use entity::dto::{TemplateEditorDto, TemplateKeyDto, TemplateRowDto};
use leptos::prelude::*;

fn kind_label(key: &str) -> &'static str {
    kinds::find(key).map_or("", |k| k.label)
}

/// The inside of an HTML mail's `<body>`.
fn mail_body(html: &str) -> String {
    html.split_once("<body")
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(_, rest)| rest.rsplit_once("</body>").map_or(rest, |(b, _)| b))
        .unwrap_or(html)
        .to_owned()
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = RwSignal::new(None::<i32>);
    let language = RwSignal::new("nl".to_owned());
    let selected = RwSignal::new(None::<TemplateKeyDto>);
    let reload = RwSignal::new(0u32);
    let list = Resource::new(
        move || (scope.get(), language.get(), reload.get()),
        |(s, l, _)| admin_templates(s, l),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, tpl_title).to_string() />
        <h1 id="tpl-title" class="text-2xl font-bold mb-1">{t!(i18n, tpl_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, tpl_lead)}</p>
        // The filters and the list reload after a save; the editor, outside
        // them, keeps its state (and its "saved" message).
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(dto) => {
                        let current = dto.scope;
                        view! {
                            <div class="card flex flex-wrap items-end gap-3 mb-4">
                                <div class="field">
                                    <label class="label" for="tpl-scope">{t!(i18n, tpl_scope)}</label>
                                    <select id="tpl-scope" class="select"
                                        on:change=move |ev| {
                                            if let Ok(v) = event_target_value(&ev).parse() {
                                                selected.set(None);
                                                scope.set(Some(v));
                                            }
                                        }>
                                        {dto.scopes.iter().map(|(id, name)| view! {
                                            <option value=id.to_string() selected=*id == current>{name.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label class="label" for="tpl-lang">{t!(i18n, tpl_language)}</label>
                                    <select id="tpl-lang" class="select"
                                        on:change=move |ev| { selected.set(None); language.set(event_target_value(&ev)); }>
                                        {kinds::LANGUAGES.iter().map(|l| view! {
                                            <option value=*l selected=move || language.get() == *l>{l.to_uppercase()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
        <div class="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)] items-start">
            <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(dto) => view! { <TemplateList rows=dto.rows selected=selected /> }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
            <section aria-label=move || t_string!(i18n, tpl_editor).to_string()>
                {move || match selected.get() {
                    Some(key) => view! { <Editor key=key reload=reload /> }.into_any(),
                    None => view! { <p class="card text-muted">{t!(i18n, tpl_pick)}</p> }.into_any(),
                }}
            </section>
        </div>
    }
}

#[component]
fn TemplateList(
    rows: Vec<TemplateRowDto>,
    selected: RwSignal<Option<TemplateKeyDto>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav aria-labelledby="tpl-title" class="card p-2">
            <ul class="flex flex-col gap-1" data-testid="tpl-list">
                {rows.into_iter().map(|r| {
                    let key = r.key.clone();
                    let is_current = {
                        let key = key.clone();
                        move || selected.get().as_ref() == Some(&key)
                    };
                    let locale = i18n.get_locale_untracked();
                    view! {
                        <li>
                            <button type="button" class="btn btn-ghost w-full justify-between text-left"
                                aria-current=move || is_current().then_some("true")
                                on:click=move |_| selected.set(Some(key.clone()))>
                                <span>
                                    <span class="block font-semibold">{kind_label(&r.key.kind)}</span>
                                    <span class="block text-sm text-muted">
                                        {channel_label(locale, &r.key.channel)}
                                        {(r.version > 0).then(|| format!(" · v{}", r.version))}
                                    </span>
                                </span>
                                {r.edited.then(|| view! { <span class="badge badge-brand">{t!(i18n, tpl_edited)}</span> })}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn Editor(key: TemplateKeyDto, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let k = key.clone();
    let loaded = Resource::new(move || k.clone(), admin_template);
    view! {
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(t) => view! { <EditorForm t=t reload=reload /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditorForm(t: TemplateEditorDto, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let key = t.key.clone();
    let kind = kinds::find(&key.kind);
    let has_subject = key.channel == "email";
    let subject = RwSignal::new(t.subject.clone());
    let body = RwSignal::new(t.body.clone());
    let version = RwSignal::new(t.version);
    let history = RwSignal::new(t.history.clone());
    let pk = key.clone();
    let preview = Resource::new(
        move || (pk.clone(), subject.get(), body.get()),
        |(k, s, b)| admin_template_preview(k, s, b),
    );
    let sk = key.clone();
    let save = Action::new(move |_: &()| {
        let (k, v, s, b) = (
            sk.clone(),
            version.get_untracked(),
            subject.get_untracked(),
            body.get_untracked(),
        );
        async move { admin_template_save(k, v, s, b).await }
    });
    let ok = key.clone();
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            version.set(v);
            reload.update(|n| *n += 1);
            let k = ok.clone();
            leptos::task::spawn_local(async move {
                if let Ok(t) = admin_template(k).await {
                    history.set(t.history);
                }
            });
        }
    });
    let tk = key.clone();
    let test = Action::new(move |_: &()| {
        let (k, s, b) = (tk.clone(), subject.get_untracked(), body.get_untracked());
        async move { admin_template_test(k, s, b).await }
    });
    let save_message = move || {
        let locale = i18n.get_locale();
        Some(match save.value().get()? {
            Ok(v) => (false, format!("{} {v}", td_string!(locale, tpl_saved))),
            Err(AppError::Stale) => (true, td_string!(locale, err_stale).to_owned()),
            Err(AppError::Problems(ps)) => (true, ps.join(" · ")),
            Err(_) => (true, td_string!(locale, err_failed).to_owned()),
        })
    };
    let test_message = move || {
        let locale = i18n.get_locale();
        Some(match test.value().get()? {
            Ok(_) => td_string!(locale, tpl_test_sent).to_owned(),
            Err(AppError::Problems(ps)) => ps.join(" · "),
            Err(_) => td_string!(locale, err_failed).to_owned(),
        })
    };
    let required: Vec<&'static str> = kind.map(|k| k.required.to_vec()).unwrap_or_default();
    let allowed: Vec<&'static str> = kind.map(|k| k.allowed()).unwrap_or_default();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="card flex flex-col gap-3">
            <div>
                <h2 class="text-xl font-bold">{kind_label(&key.kind)}" · "{channel_label(locale, &key.channel)}</h2>
                <p class="text-sm text-muted font-mono">{key.kind.clone()}" · "{key.language.to_uppercase()}" · "
                    {move || if version.get() == 0 { t_string!(i18n, tpl_builtin).to_string() } else { format!("v{}", version.get()) }}</p>
            </div>
            <div>
                <p class="text-sm font-semibold">{t!(i18n, tpl_variables)}</p>
                <ul class="flex flex-wrap gap-1 mt-1" data-testid="tpl-vars">
                    {allowed.into_iter().map(|v| {
                        let must = required.contains(&v);
                        view! {
                            <li><code class=if must { "badge badge-brand" } else { "badge" }
                                title=move || if must { t_string!(i18n, tpl_required).to_string() } else { String::new() }>
                                {format!("{{{{{v}}}}}")}{must.then_some(" *")}</code></li>
                        }
                    }).collect_view()}
                </ul>
                <p class="text-sm text-muted mt-1">{t!(i18n, tpl_required_hint)}</p>
            </div>
            {has_subject.then(|| view! {
                <div class="field">
                    <label class="label" for="tpl-subject">{t!(i18n, tpl_subject)}</label>
                    <input id="tpl-subject" class="input" type="text" maxlength="300" prop:value=subject
                        on:input=move |ev| subject.set(event_target_value(&ev)) />
                </div>
            })}
            <div class="field">
                <label class="label" for="tpl-body">{t!(i18n, tpl_body)}</label>
                <textarea id="tpl-body" class="textarea font-mono text-sm w-full" rows="12" maxlength="10000"
                    prop:value=body on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <div class="flex flex-wrap gap-2 items-center">
                <button type="button" class="btn btn-primary" disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch(()); }>{t!(i18n, tpl_save)}</button>
                <button type="button" class="btn btn-secondary" disabled=move || test.pending().get()
                    on:click=move |_| { test.dispatch(()); }>{t!(i18n, tpl_test)}</button>
            </div>
            <p role="status" data-testid="tpl-saved" class=move || match save_message() {
                Some((true, _)) => "field-error",
                _ => "text-sm",
            }>{move || save_message().map(|(_, m)| m)}</p>
            <p role="status" class="text-sm" data-testid="tpl-tested">{test_message}</p>
        </div>
        <div class="card mt-4">
            <h3 class="font-bold mb-2">{t!(i18n, tpl_preview)}</h3>
            <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) if !p.problems.is_empty() => view! {
                            <ul role="alert" class="field-error" data-testid="tpl-problems">
                                {p.problems.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(p) => view! {
                            <div data-testid="tpl-preview">
                                {p.order_number.map(|n| view! { <p class="text-sm text-muted mb-2">{t!(i18n, tpl_filled_with)}" "{n}</p> })}
                                {(!p.subject.is_empty()).then(|| view! { <p class="font-semibold mb-2">{p.subject.clone()}</p> })}
                                {match p.html {
                                    // The mail's body as the recipient sees it. Safe to
                                    // insert: the server escaped every text in it
                                    // (`services::templates::layout`); a frame cannot
                                    // show it under the page's `frame-ancestors 'none'`.
                                    Some(html) => view! {
                                        <div class="mail-preview rounded border" data-testid="tpl-html" inner_html=mail_body(&html)></div>
                                    }.into_any(),
                                    None => view! { <pre class="text-sm whitespace-pre-wrap card">{p.text}</pre> }.into_any(),
                                }}
                            </div>
                        }.into_any(),
                        Err(_) => view! { <ErrorNotice /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
        <details class="card mt-4">
            <summary class="font-bold">{t!(i18n, tpl_versions)}</summary>
            <ul class="flex flex-col gap-2 mt-2" data-testid="tpl-versions">
                {move || history.get().into_iter().map(|v| {
                    let (s, b) = (v.subject.clone(), v.body.clone());
                    view! {
                        <li class="flex flex-wrap items-center gap-2">
                            <span class="badge">{format!("v{}", v.version)}</span>
                            <span class="text-sm">{v.created_at.clone()}</span>
                            <span class="text-sm text-muted">{v.created_by.clone().unwrap_or_else(|| t_string!(i18n, tpl_builtin).to_string())}</span>
                            <button type="button" class="btn btn-ghost input-sm"
                                on:click=move |_| { subject.set(s.clone()); body.set(b.clone()); }>
                                {t!(i18n, tpl_restore)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
