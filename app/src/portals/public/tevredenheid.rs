//! The satisfaction survey after an installation (001 "Completed +7d"),
//! opened from the link in the survey e-mail: a score of 1–5 and an
//! optional comment, answered once. Made for a phone: big choices.

use crate::api::surveys::{survey_answer, survey_form};
use crate::components::form::{error_text, field_errors};
use crate::components::layout::Shell;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::survey::{COMMENT_MAX, SCORES};
use entity::dto::SurveyDto;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, survey_form);
    view! {
        <PageTitle text=move || t_string!(i18n, sv_title).to_string() />
        <Shell>
            <section class="card max-w-xl mx-auto mt-4">
                <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(s) => view! { <SurveyForm survey=s token=token() /> }.into_any(),
                            Err(_) => view! {
                                <h1 class="text-2xl font-bold mb-2">{t!(i18n, sv_title)}</h1>
                                <p role="alert">{t!(i18n, sv_unknown)}</p>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </Shell>
    }
}

fn score_label(locale: Locale, score: i32) -> &'static str {
    match score {
        1 => td_string!(locale, sv_1),
        2 => td_string!(locale, sv_2),
        3 => td_string!(locale, sv_3),
        4 => td_string!(locale, sv_4),
        _ => td_string!(locale, sv_5),
    }
}

#[component]
fn SurveyForm(survey: SurveyDto, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let score = RwSignal::new(0i32);
    let comment = RwSignal::new(String::new());
    let action = Action::new(move |(s, c): &(i32, String)| {
        let (token, s, c) = (token.clone(), *s, c.clone());
        async move { survey_answer(token, s, c).await }
    });
    let answered_before = survey.score.is_some();
    let done = move || matches!(action.value().get(), Some(Ok(()))) || answered_before;
    let late = move || matches!(action.value().get(), Some(Err(AppError::Gone)));
    // A field changed since the last try no longer shows that try's error.
    let edited = RwSignal::new(Vec::<&'static str>::new());
    let err = move |field: &'static str| {
        move || {
            if edited.with(|e| e.contains(&field)) {
                return None;
            }
            action
                .value()
                .get()
                .and_then(|r| r.err())
                .and_then(|e| field_errors(&e).get(field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        edited.set(Vec::new());
        action.dispatch((score.get_untracked(), comment.get_untracked()));
    };
    view! {
        {survey.logo_url.clone().map(|u| view! { <img src=u alt=format!("Logo {}", survey.brand) class="h-10 max-w-[10rem] object-contain mb-2" /> })}
        <h1 class="text-2xl font-bold mb-1">{t!(i18n, sv_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, sv_about)}" "<strong>{survey.order_number.clone()}</strong>" · "{survey.entity_name.clone()}</p>
        <Show when=move || !done() && !late() fallback=move || view! {
            <p role="status" class="badge-ok p-3 rounded">
                {move || if answered_before || late() { t_string!(i18n, sv_done) } else { t_string!(i18n, sv_thanks) }}
            </p>
        }>
            <form class="flex flex-col gap-4" novalidate on:submit=submit>
                <fieldset>
                    <legend class="label mb-2">{t!(i18n, sv_score)}</legend>
                    <div class="grid grid-cols-5 gap-2">
                        {SCORES.map(|n| view! {
                            <label class="score-choice">
                                <input type="radio" name="score" value=n.to_string()
                                    prop:checked=move || score.get() == n
                                    on:change=move |_| { score.set(n); edited.update(|e| e.push("score")); } />
                                <span class="text-xl font-bold">{n}</span>
                                <span class="text-xs">{move || score_label(i18n.get_locale(), n)}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <p class="field-error" role="alert">{err("score")}</p>
                </fieldset>
                <div class="field">
                    <label class="label" for="sv-comment">{t!(i18n, sv_comment)}</label>
                    <textarea id="sv-comment" class="textarea" rows="4" maxlength=COMMENT_MAX.to_string()
                        prop:value=comment on:input=move |ev| { comment.set(event_target_value(&ev)); edited.update(|e| e.push("comment")); }></textarea>
                    <p class="field-error" role="alert">{err("comment")}</p>
                </div>
                <button type="submit" class="btn btn-primary self-start" disabled=move || action.pending().get()>
                    {t!(i18n, sv_send)}
                </button>
            </form>
        </Show>
    }
}
