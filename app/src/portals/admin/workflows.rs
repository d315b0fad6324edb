//! Admin: the workflow editor, per business entity. Statuses, their moves,
//! SLA hours, final / requires-reason / resumes-previous flags, and the
//! automatic moves (on an event, or after some hours), and the kanban
//! column each status is shown in (a default unless chosen). The workflow is
//! checked while it is edited with the same rule the server applies
//! (`Workflow::problems`), drawn as a diagram, and can be exchanged as JSON
//! (003's rental workflow is configured that way).

use crate::api::admin::{admin_save_workflow, admin_workflow};
use crate::components::notice::ErrorNotice;
use crate::components::status::{column_label, status_label};
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::pipeline::Column;
use entity::domain::workflow::{AutoTransition, StatusDef, Trigger};
use entity::domain::Workflow;
use entity::dto::WorkflowEditorDto;
use leptos::prelude::*;

#[component]
pub fn WorkflowsPage() -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(None::<i32>);
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || (chosen.get(), reload.get()),
        |(e, _)| admin_workflow(e),
    );
    // Kept here: saving reloads (and so redraws) the editor.
    let saved = RwSignal::new(false);
    view! {
        <PageTitle text=move || t_string!(i18n, wf_title).to_string() />
        <h1 id="wf-title" class="text-2xl font-bold mb-1">{t!(i18n, wf_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, wf_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Editor d=d chosen=chosen reload=reload saved=saved /> }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One status as the editor holds it: a signal per field, so typing does
/// not redraw the other rows.
#[derive(Clone, Copy)]
struct StatusRow {
    key: u32,
    code: RwSignal<String>,
    label: RwSignal<String>,
    next: RwSignal<String>,
    sla: RwSignal<String>,
    is_final: RwSignal<bool>,
    requires_reason: RwSignal<bool>,
    resumes_previous: RwSignal<bool>,
    /// A board column's slug, or empty for the default.
    column: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct AutoRow {
    key: u32,
    from: RwSignal<String>,
    to: RwSignal<String>,
    /// `event` or `after`
    kind: RwSignal<String>,
    /// The event's name, or the hours.
    value: RwSignal<String>,
}

/// The editor's rows and a key counter.
#[derive(Clone, Copy)]
struct Rows {
    statuses: RwSignal<Vec<StatusRow>>,
    autos: RwSignal<Vec<AutoRow>>,
    initial: RwSignal<String>,
    keys: StoredValue<u32>,
}

impl Rows {
    fn key(&self) -> u32 {
        let k = self.keys.get_value() + 1;
        self.keys.set_value(k);
        k
    }

    fn status_row(&self, s: &StatusDef) -> StatusRow {
        StatusRow {
            key: self.key(),
            code: RwSignal::new(s.code.clone()),
            label: RwSignal::new(s.label.clone().unwrap_or_default()),
            next: RwSignal::new(s.next.join(", ")),
            sla: RwSignal::new(s.sla_hours.map(|h| h.to_string()).unwrap_or_default()),
            is_final: RwSignal::new(s.is_final),
            requires_reason: RwSignal::new(s.requires_reason),
            resumes_previous: RwSignal::new(s.resumes_previous),
            column: RwSignal::new(s.column.clone().unwrap_or_default()),
        }
    }

    fn auto_row(&self, a: &AutoTransition) -> AutoRow {
        let (kind, value) = match &a.trigger {
            Trigger::Event { name } => ("event", name.clone()),
            Trigger::After { hours } => ("after", hours.to_string()),
        };
        AutoRow {
            key: self.key(),
            from: RwSignal::new(a.from.clone()),
            to: RwSignal::new(a.to.clone()),
            kind: RwSignal::new(kind.to_owned()),
            value: RwSignal::new(value),
        }
    }

    /// Replaces every row with `wf`'s.
    fn load(&self, wf: &Workflow) {
        let statuses = wf.statuses.iter().map(|s| self.status_row(s)).collect();
        let autos = wf.automatic.iter().map(|a| self.auto_row(a)).collect();
        self.statuses.set(statuses);
        self.autos.set(autos);
        self.initial.set(wf.initial.clone());
    }

    /// The workflow the rows describe, and what cannot even be read
    /// (`bad_sla:<status>`, `bad_hours:<from>`, `empty_code`).
    fn build(&self) -> (Workflow, Vec<String>) {
        let mut unreadable = Vec::new();
        let statuses = self.statuses.with(|rows| {
            rows.iter()
                .map(|r| {
                    let code = r.code.get().trim().to_owned();
                    if code.is_empty() {
                        unreadable.push("empty_code".to_owned());
                    }
                    let sla = r.sla.get();
                    let sla_hours = match sla.trim() {
                        "" => None,
                        t => match t.parse::<u32>() {
                            Ok(h) if h > 0 => Some(h),
                            _ => {
                                unreadable.push(format!("bad_sla:{code}"));
                                None
                            }
                        },
                    };
                    let label = r.label.get().trim().to_owned();
                    let column = r.column.get();
                    StatusDef {
                        next: r
                            .next
                            .get()
                            .split(',')
                            .map(|n| n.trim().to_owned())
                            .filter(|n| !n.is_empty())
                            .collect(),
                        code,
                        label: (!label.is_empty()).then_some(label),
                        sla_hours,
                        is_final: r.is_final.get(),
                        requires_reason: r.requires_reason.get(),
                        resumes_previous: r.resumes_previous.get(),
                        column: (!column.is_empty()).then_some(column),
                    }
                })
                .collect()
        });
        let automatic = self.autos.with(|rows| {
            rows.iter()
                .map(|a| {
                    let from = a.from.get().trim().to_owned();
                    let value = a.value.get().trim().to_owned();
                    let trigger = if a.kind.get() == "after" {
                        match value.parse::<u32>() {
                            Ok(hours) if hours > 0 => Trigger::After { hours },
                            _ => {
                                unreadable.push(format!("bad_hours:{from}"));
                                Trigger::After { hours: 0 }
                            }
                        }
                    } else {
                        Trigger::Event { name: value }
                    };
                    AutoTransition {
                        to: a.to.get().trim().to_owned(),
                        from,
                        trigger,
                    }
                })
                .collect()
        });
        (
            Workflow {
                initial: self.initial.get().trim().to_owned(),
                statuses,
                automatic,
            },
            unreadable,
        )
    }
}

/// A problem code (`kind:detail`) in words.
fn problem_text(locale: Locale, problem: &str) -> String {
    let (kind, detail) = problem.split_once(':').unwrap_or((problem, ""));
    let text = match kind {
        "duplicate" => td_string!(locale, wf_p_duplicate),
        "unknown_initial" => td_string!(locale, wf_p_unknown_initial),
        "unknown_next" => td_string!(locale, wf_p_unknown_next),
        "final_has_next" => td_string!(locale, wf_p_final_has_next),
        "unreachable" => td_string!(locale, wf_p_unreachable),
        "no_way_to_final" => td_string!(locale, wf_p_no_way_to_final),
        "no_final" => td_string!(locale, wf_p_no_final),
        "auto_not_allowed" => td_string!(locale, wf_p_auto_not_allowed),
        "auto_unnamed" => td_string!(locale, wf_p_auto_unnamed),
        "auto_needs_reason" => td_string!(locale, wf_p_auto_needs_reason),
        "auto_twice" => td_string!(locale, wf_p_auto_twice),
        "in_use" => td_string!(locale, wf_p_in_use),
        "bad_sla" => td_string!(locale, wf_p_bad_sla),
        "bad_hours" => td_string!(locale, wf_p_bad_hours),
        "empty_code" => td_string!(locale, wf_p_empty_code),
        "unknown_column" => td_string!(locale, wf_p_unknown_column),
        _ => td_string!(locale, err_failed),
    };
    if detail.is_empty() {
        text.to_owned()
    } else {
        format!("{text}: {}", detail.replace('>', " → "))
    }
}

#[component]
fn Editor(
    d: WorkflowEditorDto,
    chosen: RwSignal<Option<i32>>,
    reload: RwSignal<u32>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Rows {
        statuses: RwSignal::new(Vec::new()),
        autos: RwSignal::new(Vec::new()),
        initial: RwSignal::new(String::new()),
        keys: StoredValue::new(0),
    };
    rows.load(&d.workflow);
    let in_use = StoredValue::new(d.in_use.clone());
    let built = Memo::new(move |_| rows.build());
    let problems = Memo::new(move |_| {
        let (wf, mut out) = built.get();
        out.extend(wf.problems());
        in_use.with_value(|used| {
            for (s, _) in used {
                if wf.status(s).is_none() {
                    out.push(format!("in_use:{s}"));
                }
            }
        });
        out
    });
    let (entity_id, version) = (d.entity_id, d.version);
    let save = Action::new(move |wf: &Workflow| {
        let wf = wf.clone();
        async move { admin_save_workflow(entity_id, version, wf).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            saved.set(true);
            reload.update(|n| *n += 1);
        }
    });
    let save_error = move || {
        let e = save.value().get()?.err()?;
        let l = i18n.get_locale();
        Some(if let AppError::Problems(list) = &e {
            list.iter()
                .map(|p| problem_text(l, p))
                .collect::<Vec<_>>()
                .join(" · ")
        } else if e == AppError::Stale {
            td_string!(l, err_stale).to_owned()
        } else {
            td_string!(l, err_failed).to_owned()
        })
    };
    let json = RwSignal::new(String::new());
    let json_error = RwSignal::new(None::<String>);
    let export = move |_| {
        json.set(serde_json::to_string_pretty(&built.get_untracked().0).unwrap_or_default());
        json_error.set(None);
    };
    let import = move |_| match serde_json::from_str::<Workflow>(&json.get_untracked()) {
        Ok(wf) => {
            rows.load(&wf);
            json_error.set(None);
        }
        Err(e) => json_error.set(Some(e.to_string())),
    };
    let add_status = move |_| {
        let r = rows.status_row(&StatusDef {
            code: String::new(),
            label: None,
            next: Vec::new(),
            sla_hours: None,
            is_final: false,
            requires_reason: false,
            resumes_previous: false,
            column: None,
        });
        rows.statuses.update(|v| v.push(r));
    };
    let add_auto = move |_| {
        let from = rows.initial.get_untracked();
        let r = rows.auto_row(&AutoTransition {
            from,
            to: String::new(),
            trigger: Trigger::Event {
                name: String::new(),
            },
        });
        rows.autos.update(|v| v.push(r));
    };
    let used_count = move |code: &str| {
        in_use.with_value(|u| u.iter().find(|(s, _)| s == code).map_or(0, |(_, n)| *n))
    };
    let codes = move || {
        rows.statuses.with(|v| {
            v.iter()
                .map(|r| r.code.get())
                .filter(|c| !c.trim().is_empty())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="card flex flex-wrap gap-3 items-end mb-4">
            <div class="field">
                <label class="label" for="wf-entity">{t!(i18n, wf_entity)}</label>
                <select id="wf-entity" class="select" prop:value=d.entity_id.to_string()
                    on:change=move |ev| { saved.set(false); chosen.set(event_target_value(&ev).parse().ok()); }>
                    {d.entities.iter().map(|e| view! { <option value=e.value.clone()>{e.label.clone()}</option> }).collect_view()}
                </select>
            </div>
            <p class="text-sm text-muted pb-2" data-testid="wf-version">
                {match (d.version, d.updated.clone()) {
                    (Some(v), Some(u)) => format!("{} {v} · {u}", t_string!(i18n, wf_version)),
                    _ => t_string!(i18n, wf_default).to_owned(),
                }}
            </p>
        </div>

        <section class="card mb-4" aria-labelledby="wf-diagram-title">
            <h2 id="wf-diagram-title" class="text-lg font-semibold mb-2">{t!(i18n, wf_diagram)}</h2>
            <Diagram wf=Signal::derive(move || built.get().0) />
            <p class="text-sm text-muted mt-2">{t!(i18n, wf_legend)}</p>
        </section>

        <section class="card mb-4" aria-labelledby="wf-problems-title">
            <h2 id="wf-problems-title" class="text-lg font-semibold mb-2">{t!(i18n, wf_check)}</h2>
            {move || {
                let list = problems.get();
                if list.is_empty() {
                    view! { <p class="badge badge-ok" data-testid="wf-valid">{t!(i18n, wf_valid)}</p> }.into_any()
                } else {
                    let l = i18n.get_locale();
                    view! {
                        <ul class="list-disc pl-5 text-danger" data-testid="wf-problems" role="alert">
                            {list.into_iter().map(|p| view! { <li data-problem=p.clone()>{problem_text(l, &p)}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <div class="flex flex-wrap gap-2 items-center mt-3">
                <button type="button" id="wf-save" class="btn btn-primary"
                    disabled=move || !problems.get().is_empty() || save.pending().get()
                    on:click=move |_| { saved.set(false); save.dispatch(built.get_untracked().0); }>
                    {t!(i18n, wf_save)}
                </button>
                <button type="button" class="btn btn-secondary"
                    on:click=move |_| rows.load(&Workflow::default_order_workflow())>{t!(i18n, wf_reset_default)}</button>
                <p role="status">{move || saved.get().then(|| view! { <span class="badge badge-ok" data-testid="wf-saved">{t!(i18n, wf_saved)}</span> })}</p>
            </div>
            <p class="field-error" role="alert" data-testid="wf-save-error">{save_error}</p>
        </section>

        <section class="card mb-4" aria-labelledby="wf-statuses-title">
            <h2 id="wf-statuses-title" class="text-lg font-semibold mb-2">{t!(i18n, wf_statuses)}</h2>
            <div class="field mb-3 max-w-xs">
                <label class="label" for="wf-initial">{t!(i18n, wf_initial)}</label>
                <select id="wf-initial" class="select" prop:value=move || rows.initial.get()
                    on:change=move |ev| rows.initial.set(event_target_value(&ev))>
                    {move || codes().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="table" id="wf-status-table">
                    <thead>
                        <tr>
                            <th>{t!(i18n, wf_code)}</th>
                            <th>{t!(i18n, wf_label)}</th>
                            <th>{t!(i18n, wf_next)}</th>
                            <th>{t!(i18n, wf_sla)}</th>
                            <th>{t!(i18n, wf_column)}</th>
                            <th>{t!(i18n, wf_final)}</th>
                            <th>{t!(i18n, wf_reason)}</th>
                            <th>{t!(i18n, wf_resumes)}</th>
                            <th><span class="sr-only">{t!(i18n, wf_remove)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.statuses.get() key=|r| r.key let:r>
                            {
                                let used = move || used_count(&r.code.get());
                                let locked = move || used() > 0;
                                // The column the board uses when none is chosen.
                                let default_column = move || {
                                    let code = r.code.get();
                                    built.with(|(wf, _)| wf.status(code.trim()).map(|d| wf.default_column(d)))
                                };
                                view! {
                                    <tr data-status=move || r.code.get()>
                                        <td><input class="input input-sm font-mono" aria-label=move || t_string!(i18n, wf_code)
                                            prop:value=r.code on:input=move |ev| r.code.set(event_target_value(&ev)) /></td>
                                        <td><input class="input input-sm" aria-label=move || t_string!(i18n, wf_label)
                                            prop:value=r.label on:input=move |ev| r.label.set(event_target_value(&ev)) /></td>
                                        <td><input class="input input-sm font-mono min-w-[14rem]" aria-label=move || t_string!(i18n, wf_next)
                                            data-field="next"
                                            prop:value=r.next on:input=move |ev| r.next.set(event_target_value(&ev)) /></td>
                                        <td><input class="input input-sm w-20" inputmode="numeric" aria-label=move || t_string!(i18n, wf_sla)
                                            data-field="sla"
                                            prop:value=r.sla on:input=move |ev| r.sla.set(event_target_value(&ev)) /></td>
                                        <td><select class="select input-sm" aria-label=move || t_string!(i18n, wf_column)
                                            data-field="column" prop:value=r.column
                                            on:change=move |ev| r.column.set(event_target_value(&ev))>
                                            <option value="">
                                                {move || match default_column() {
                                                    Some(c) => format!("{} ({})", t_string!(i18n, wf_column_auto), column_label(i18n.get_locale(), c)),
                                                    None => t_string!(i18n, wf_column_auto).to_owned(),
                                                }}
                                            </option>
                                            {Column::ALL.into_iter().map(|c| view! {
                                                <option value=c.slug()>{move || column_label(i18n.get_locale(), c)}</option>
                                            }).collect_view()}
                                        </select></td>
                                        <td><input type="checkbox" aria-label=move || t_string!(i18n, wf_final) data-field="final"
                                            prop:checked=r.is_final on:change=move |ev| r.is_final.set(event_target_checked(&ev)) /></td>
                                        <td><input type="checkbox" aria-label=move || t_string!(i18n, wf_reason)
                                            prop:checked=r.requires_reason on:change=move |ev| r.requires_reason.set(event_target_checked(&ev)) /></td>
                                        <td><input type="checkbox" aria-label=move || t_string!(i18n, wf_resumes)
                                            prop:checked=r.resumes_previous on:change=move |ev| r.resumes_previous.set(event_target_checked(&ev)) /></td>
                                        <td class="whitespace-nowrap">
                                            {move || (used() > 0).then(|| view! {
                                                <span class="text-sm text-muted mr-2" title=move || t_string!(i18n, wf_in_use_title)>{used()}" "{t!(i18n, reg_orders)}</span>
                                            })}
                                            <button type="button" class="btn btn-ghost btn-sm" disabled=locked
                                                on:click=move |_| rows.statuses.update(|v| v.retain(|x| x.key != r.key))>
                                                {t!(i18n, wf_remove)}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <button type="button" id="wf-add-status" class="btn btn-secondary btn-sm mt-2" on:click=add_status>{t!(i18n, wf_add_status)}</button>
        </section>

        <section class="card mb-4" aria-labelledby="wf-auto-title">
            <h2 id="wf-auto-title" class="text-lg font-semibold mb-1">{t!(i18n, wf_automatic)}</h2>
            <p class="text-sm text-muted mb-2">{t!(i18n, wf_automatic_intro)}</p>
            <ul class="flex flex-col gap-2" id="wf-auto-list">
                <For each=move || rows.autos.get() key=|a| a.key let:a>
                    <li class="flex flex-wrap gap-2 items-end">
                        <div class="field">
                            <label class="label">{t!(i18n, wf_from)}</label>
                            <input class="input input-sm font-mono" prop:value=a.from on:input=move |ev| a.from.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label class="label">{t!(i18n, wf_to)}</label>
                            <input class="input input-sm font-mono" prop:value=a.to on:input=move |ev| a.to.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label class="label">{t!(i18n, wf_trigger)}</label>
                            <select class="select input-sm" prop:value=a.kind on:change=move |ev| a.kind.set(event_target_value(&ev))>
                                <option value="event">{t!(i18n, wf_on_event)}</option>
                                <option value="after">{t!(i18n, wf_after_hours)}</option>
                            </select>
                        </div>
                        <div class="field">
                            <label class="label">{move || if a.kind.get() == "after" { t_string!(i18n, wf_hours) } else { t_string!(i18n, wf_event_name) }}</label>
                            <input class="input input-sm font-mono" prop:value=a.value on:input=move |ev| a.value.set(event_target_value(&ev)) />
                        </div>
                        <button type="button" class="btn btn-ghost btn-sm"
                            on:click=move |_| rows.autos.update(|v| v.retain(|x| x.key != a.key))>{t!(i18n, wf_remove)}</button>
                    </li>
                </For>
            </ul>
            <button type="button" class="btn btn-secondary btn-sm mt-2" on:click=add_auto>{t!(i18n, wf_add_auto)}</button>
        </section>

        <details class="card mb-4">
            <summary class="font-semibold cursor-pointer">{t!(i18n, wf_json)}</summary>
            <p class="text-sm text-muted my-2">{t!(i18n, wf_json_intro)}</p>
            <textarea id="wf-json" class="textarea font-mono text-sm w-full" rows="12" aria-label="JSON"
                prop:value=json on:input=move |ev| json.set(event_target_value(&ev))></textarea>
            <div class="flex gap-2 mt-2">
                <button type="button" class="btn btn-secondary btn-sm" on:click=export>{t!(i18n, wf_json_export)}</button>
                <button type="button" id="wf-json-import" class="btn btn-secondary btn-sm" on:click=import>{t!(i18n, wf_json_import)}</button>
            </div>
            <p class="field-error" role="alert">{move || json_error.get().map(|e| format!("{}: {e}", t_string!(i18n, wf_json_bad)))}</p>
        </details>
    }
}

const NODE_W: f64 = 150.0;
const NODE_H: f64 = 44.0;
const GAP_X: f64 = 120.0;
const GAP_Y: f64 = 30.0;
const PAD: f64 = 8.0;

/// The workflow drawn left to right (`Workflow::diagram_layout`): moves
/// forward as curves, moves back below the boxes, automatic moves dashed
/// in the brand colour with their trigger. Final statuses have a thick
/// border, the initial one is filled, hold statuses are dotted.
#[component]
fn Diagram(wf: Signal<Workflow>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let wf = wf.get();
        let locale = i18n.get_locale();
        let layout = wf.diagram_layout();
        let place = |code: &str| -> Option<(f64, f64)> {
            let i = wf.statuses.iter().position(|s| s.code == code)?;
            let (c, r) = layout[i];
            Some((
                PAD + c as f64 * (NODE_W + GAP_X),
                PAD + r as f64 * (NODE_H + GAP_Y),
            ))
        };
        let cols = layout.iter().map(|(c, _)| c + 1).max().unwrap_or(1);
        let rows = layout.iter().map(|(_, r)| r + 1).max().unwrap_or(1);
        let width = PAD * 2.0 + cols as f64 * NODE_W + (cols.saturating_sub(1)) as f64 * GAP_X;
        let height =
            PAD * 2.0 + rows as f64 * NODE_H + (rows.saturating_sub(1)) as f64 * GAP_Y + 30.0;
        let mut edges = Vec::new();
        for s in &wf.statuses {
            for n in &s.next {
                let (Some(a), Some(b)) = (place(&s.code), place(n)) else {
                    continue;
                };
                let auto = wf.automatic.iter().find(|x| x.from == s.code && &x.to == n);
                let label = auto.map(|x| match &x.trigger {
                    Trigger::Event { name } if name.chars().count() > 19 => {
                        name.chars().take(18).chain(std::iter::once('…')).collect()
                    }
                    Trigger::Event { name } => name.clone(),
                    Trigger::After { hours } => format!("{hours} u"),
                });
                let (path, lx, ly) = if b.0 > a.0 {
                    let (x1, y1, x2, y2) =
                        (a.0 + NODE_W, a.1 + NODE_H / 2.0, b.0, b.1 + NODE_H / 2.0);
                    let mx = (x1 + x2) / 2.0;
                    (
                        format!("M{x1},{y1} C{mx},{y1} {mx},{y2} {x2},{y2}"),
                        mx,
                        (y1 + y2) / 2.0 - 4.0,
                    )
                } else {
                    // Back (or same-column) moves loop under the boxes.
                    let (x1, y1, x2, y2) = (
                        a.0 + NODE_W / 2.0,
                        a.1 + NODE_H,
                        b.0 + NODE_W / 2.0 + 10.0,
                        b.1 + NODE_H,
                    );
                    let low = y1.max(y2) + 26.0;
                    (
                        format!("M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"),
                        (x1 + x2) / 2.0,
                        low - 4.0,
                    )
                };
                edges.push((
                    path,
                    auto.is_some(),
                    label,
                    lx,
                    ly,
                    format!("{}>{n}", s.code),
                ));
            }
        }
        let nodes: Vec<_> = wf
            .statuses
            .iter()
            .filter_map(|s| {
                let (x, y) = place(&s.code)?;
                let name = match &s.label {
                    Some(l) => l.clone(),
                    None => status_label(locale, &s.code),
                };
                let short: String = if name.chars().count() > 20 {
                    name.chars().take(19).chain(std::iter::once('…')).collect()
                } else {
                    name.clone()
                };
                let mut class = String::from("wf-node");
                if s.code == wf.initial {
                    class.push_str(" wf-initial");
                }
                if s.is_final {
                    class.push_str(" wf-final");
                }
                if s.resumes_previous {
                    class.push_str(" wf-hold");
                }
                let sla = s
                    .sla_hours
                    .map(|h| format!("SLA {h} u"))
                    .unwrap_or_default();
                Some(view! {
                    <g class=class data-node=s.code.clone()>
                        <title>{format!("{name} ({})", s.code)}</title>
                        <rect x=x y=y width=NODE_W height=NODE_H rx="8" />
                        <text x=x + 8.0 y=y + 18.0 class="wf-node-name">{short}</text>
                        <text x=x + 8.0 y=y + 35.0 class="wf-node-sla">{sla}</text>
                    </g>
                })
            })
            .collect();
        view! {
            <div class="overflow-x-auto" data-testid="wf-diagram" tabindex="0" role="region" aria-labelledby="wf-diagram-title">
                <svg class="wf-diagram" width=width height=height viewBox=format!("0 0 {width} {height}")
                    role="img" aria-label=t_string!(i18n, wf_diagram)>
                    <defs>
                        <marker id="wf-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="wf-arrow-head" />
                        </marker>
                    </defs>
                    {edges.iter().map(|(d, auto, _, _, _, id)| view! {
                        <path d=d.clone() class=if *auto { "wf-edge wf-edge-auto" } else { "wf-edge" } marker-end="url(#wf-arrow)" data-edge=id.clone() />
                    }).collect_view()}
                    {nodes}
                    // Triggers last, so that no box covers them.
                    {edges.into_iter().filter_map(|(_, _, label, lx, ly, _)| {
                        label.map(|l| view! { <text x=lx y=ly class="wf-edge-label" text-anchor="middle">{l}</text> })
                    }).collect_view()}
                </svg>
            </div>
        }
    }
}
