//! The ops pipeline as a kanban board (002 "Order Pipeline Overview").
//!
//! Cards are dragged with pointer events, so mouse, pen and touch work the
//! same way (touch drags start on the grip). While a card is dragged the
//! columns it may go to light up: the browser runs the same
//! `entity::domain::pipeline` rules that the server enforces. The Move
//! button offers the same moves from the keyboard. Other users' moves
//! arrive by server-sent events and refresh the board.

use crate::api::pipeline::{
    move_order, move_orders, pipeline_board, pipeline_column, pipeline_options,
};
use crate::components::conversion::ConversionStrip;
use crate::components::drag::{element_at, may_start, track_pointer, DragGhost};
use crate::components::live::live_events;
use crate::components::notice::ErrorNotice;
use crate::components::status::*;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::pipeline::{
    check_move, legal_targets, sla_state, target_in_column, Column, Refusal,
};
use entity::domain::workflow::Workflow;
use entity::domain::Portal;
use entity::dto::{BoardCard, BoardColumnDto, BoardDto, BoardFilter};
use entity::paths;
use leptos::prelude::*;
use std::collections::HashMap;

const HOLD_REASONS: [&str; 5] = [
    "customer_delay",
    "supplier_delay",
    "technical_issue",
    "site_not_ready",
    "other",
];
const CANCEL_REASONS: [&str; 6] = [
    "customer_withdrew",
    "duplicate",
    "not_feasible",
    "price",
    "unreachable",
    "other",
];

fn reason_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "customer_delay" => td_string!(locale, hold_customer_delay),
        "supplier_delay" => td_string!(locale, hold_supplier_delay),
        "technical_issue" => td_string!(locale, hold_technical_issue),
        "site_not_ready" => td_string!(locale, hold_site_not_ready),
        "customer_withdrew" => td_string!(locale, cancel_customer_withdrew),
        "duplicate" => td_string!(locale, cancel_duplicate),
        "not_feasible" => td_string!(locale, cancel_not_feasible),
        "price" => td_string!(locale, cancel_price),
        "unreachable" => td_string!(locale, cancel_unreachable),
        _ => td_string!(locale, hold_other),
    }
}

/// The code of a server-side refusal (`Refused`, or `Stale` when somebody
/// moved the order first), else of the error.
fn refusal_code(e: &AppError) -> String {
    match e {
        AppError::Refused(r) => r.code().to_owned(),
        AppError::Transport(_) => "internal".to_owned(),
        other => other.code().to_owned(),
    }
}

/// A move waiting for its reason (hold and cancel).
#[derive(Clone, Debug, PartialEq)]
struct PendingReason {
    cards: Vec<BoardCard>,
    to: String,
}

/// A short notice under the board's header.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    Ok(String),
    Refused(String),
}

#[derive(Clone, Copy)]
struct Board {
    filter: RwSignal<BoardFilter>,
    refresh: RwSignal<u32>,
    /// Cards loaded with "load more", per column, for the current data.
    extra: RwSignal<HashMap<Column, Vec<BoardCard>>>,
    /// Selected cards for a bulk move, as they were when selected.
    selected: RwSignal<HashMap<i32, BoardCard>>,
    dragging: RwSignal<Option<BoardCard>>,
    /// Pointer position while dragging (for the ghost).
    pointer: RwSignal<(i32, i32)>,
    notice: RwSignal<Option<Notice>>,
    reason: RwSignal<Option<PendingReason>>,
    chooser: RwSignal<Option<BoardCard>>,
    now: RwSignal<i64>,
    /// Entities with their own workflow (by code); others follow 000's.
    workflows: RwSignal<HashMap<String, Workflow>>,
}

impl Board {
    /// `f` of the workflow an entity follows (the same the server uses).
    fn with_workflow<R>(&self, entity: &str, f: impl FnOnce(&Workflow) -> R) -> R {
        self.workflows.with_untracked(|w| match w.get(entity) {
            Some(wf) => f(wf),
            None => f(Workflow::standard()),
        })
    }

    /// A status in words: the label its workflow gives it, else the app's.
    fn label(&self, locale: Locale, entity: &str, code: &str) -> String {
        self.with_workflow(entity, |wf| wf.status(code).and_then(|s| s.label.clone()))
            .unwrap_or_else(|| status_label(locale, code))
    }

    /// The column `card` is shown in, by its entity's workflow.
    fn column_of(&self, card: &BoardCard) -> Column {
        self.with_workflow(&card.entity, |wf| wf.column_of(&card.status))
    }

    fn reload(&self) {
        self.extra.set(HashMap::new());
        self.refresh.update(|n| *n += 1);
    }

    /// Asks for a reason first where the workflow wants one, then moves.
    fn request_move(&self, cards: Vec<BoardCard>, to: String) {
        let needs_reason = cards.iter().any(|c| {
            self.with_workflow(&c.entity, |wf| {
                wf.status(&to).is_some_and(|s| s.requires_reason)
            })
        });
        if needs_reason {
            self.reason.set(Some(PendingReason { cards, to }));
        } else {
            self.perform(cards, to, None);
        }
    }

    fn perform(&self, cards: Vec<BoardCard>, to: String, reason: Option<String>) {
        let board = *self;
        let locale = use_i18n().get_locale_untracked();
        leptos::task::spawn_local(async move {
            if let [card] = cards.as_slice() {
                match move_order(card.id, card.version, to.clone(), reason).await {
                    Ok(moved) => board.notice.set(Some(Notice::Ok(format!(
                        "{} → {}",
                        moved.order_number,
                        board.label(locale, &moved.entity, &moved.status)
                    )))),
                    Err(e) => board.notice.set(Some(Notice::Refused(format!(
                        "{}: {}",
                        card.order_number,
                        refusal_text(locale, &refusal_code(&e))
                    )))),
                }
            } else {
                let ids = cards.iter().map(|c| (c.id, c.version)).collect();
                match move_orders(ids, to.clone(), reason).await {
                    Ok(results) => {
                        let done = results.iter().filter(|r| r.refused.is_none()).count();
                        let refused: Vec<String> = results
                            .iter()
                            .filter_map(|r| {
                                r.refused.as_ref().map(|code| {
                                    format!("{} ({})", r.order_number, refusal_text(locale, code))
                                })
                            })
                            .collect();
                        let mut text = format!(
                            "{done} {} → {}",
                            td_string!(locale, bulk_done),
                            board.label(locale, &cards[0].entity, &to)
                        );
                        if !refused.is_empty() {
                            text.push_str(&format!(
                                "; {} {}: {}",
                                refused.len(),
                                td_string!(locale, bulk_refused),
                                refused.join(", ")
                            ));
                        }
                        board.notice.set(Some(if refused.is_empty() {
                            Notice::Ok(text)
                        } else {
                            Notice::Refused(text)
                        }));
                        board.selected.set(HashMap::new());
                    }
                    Err(e) => board.notice.set(Some(Notice::Refused(
                        refusal_text(locale, &refusal_code(&e)).to_owned(),
                    ))),
                }
            }
            board.reload();
        });
    }

    /// A card was dropped on `column`: move it, explain why not, or ignore
    /// a drop back where it came from.
    fn drop_on(&self, card: BoardCard, column: Column) {
        let locale = use_i18n().get_locale_untracked();
        let target =
            self.with_workflow(&card.entity, |wf| target_in_column(wf, &card.facts, column));
        match target {
            Ok(to) => self.request_move(vec![card], to),
            Err(_) if self.column_of(&card) == column => {}
            Err(refusal) => self.notice.set(Some(Notice::Refused(format!(
                "{}: {}",
                card.order_number,
                refusal_text(locale, refusal.code())
            )))),
        }
    }
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, pipeline_title).to_string() />
        <PipelineBoard />
    }
}

#[component]
fn PipelineBoard() -> impl IntoView {
    let i18n = use_i18n();
    let board = Board {
        filter: RwSignal::new(BoardFilter::default()),
        refresh: RwSignal::new(0),
        extra: RwSignal::new(HashMap::new()),
        selected: RwSignal::new(HashMap::new()),
        dragging: RwSignal::new(None),
        pointer: RwSignal::new((0, 0)),
        notice: RwSignal::new(None),
        reason: RwSignal::new(None),
        chooser: RwSignal::new(None),
        now: RwSignal::new(0),
        workflows: RwSignal::new(HashMap::new()),
    };
    provide_context(board);
    let data = Resource::new(
        move || (board.filter.get(), board.refresh.get()),
        |(filter, _)| pipeline_board(filter),
    );
    live_updates(board);
    pointer_tracking(board);

    view! {
        <section class="pipeline" data-testid="pipeline">
            <header class="flex flex-wrap items-baseline justify-between gap-2 mb-3">
                <div>
                    <h1 class="text-2xl font-bold">{t!(i18n, pipeline_title)}</h1>
                    <p class="text-muted text-sm">{t!(i18n, pipeline_lead)}</p>
                </div>
                <span class="badge badge-info" data-testid="live" title=move || t_string!(i18n, live_updates)>
                    "● "{t!(i18n, live_updates)}
                </span>
            </header>
            <Filters />
            <p role="status" aria-live="polite" class="pipeline-notice" data-testid="notice">
                {move || board.notice.get().map(|n| match n {
                    Notice::Ok(t) => view! { <span class="badge badge-ok">{t}</span> }.into_any(),
                    Notice::Refused(t) => view! { <span class="badge badge-danger" role="alert">{t}</span> }.into_any(),
                })}
            </p>
            <BulkBar />
            <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(b) => {
                            board.now.set(b.now);
                            board.workflows.set(b.workflows.iter().cloned().collect());
                            view! { <ConversionStrip steps=b.conversion.clone() /> <Columns data=b /> }.into_any()
                        }
                        Err(_) => view! { <ErrorNotice /> }.into_any(),
                    }
                })}
            </Transition>
            <DragGhost label=Signal::derive(move || board.dragging.get().map(|c| c.order_number)) pointer=board.pointer />
            <MoveChooser />
            <ReasonDialog />
        </section>
    }
}

/// Subscribes to order events; any change reloads the board.
fn live_updates(board: Board) {
    live_events(
        || Some(paths::api::ORDER_EVENTS.to_owned()),
        &["order", "reload"],
        move || board.reload(),
    );
}

/// Follows the pointer while a card is dragged and drops it on the column
/// under the pointer on release.
fn pointer_tracking(board: Board) {
    track_pointer(
        board.dragging,
        board.pointer,
        Some(".board"),
        move |card, x, y| {
            if let Some(column) = column_at(x, y) {
                board.drop_on(card, column);
            }
        },
    );
}

/// The board column under a point on the screen.
fn column_at(x: i32, y: i32) -> Option<Column> {
    let col = element_at(x, y, "[data-column]")?;
    Column::from_slug(&col.get_attribute("data-column")?)
}

#[component]
fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let board = expect_context::<Board>();
    let options = Resource::new(|| (), |_| pipeline_options());
    let set = move |f: fn(&mut BoardFilter, Option<String>)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            board
                .filter
                .update(|flt| f(flt, (!v.is_empty()).then_some(v)));
            board.extra.set(HashMap::new());
        }
    };
    let search = RwSignal::new(String::new());
    // On a phone the other filters fold away behind one button.
    let open = RwSignal::new(false);
    view! {
        <form class="pipeline-filters" on:submit=move |ev| {
            ev.prevent_default();
            let q = search.get_untracked();
            board.filter.update(|f| f.q = (!q.trim().is_empty()).then_some(q));
        }>
            <div class="field grow">
                <label class="label" for="f-q">{t!(i18n, filter_search)}</label>
                <input id="f-q" class="input" type="search" placeholder=move || t_string!(i18n, filter_search_ph)
                    prop:value=search on:input=move |ev| search.set(event_target_value(&ev))
                    on:change=move |ev| {
                        let q = event_target_value(&ev);
                        board.filter.update(|f| f.q = (!q.trim().is_empty()).then_some(q));
                    } />
            </div>
            <button type="button" class="btn btn-secondary phone-only" aria-controls="filters-extra"
                aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {t!(i18n, filters)}
            </button>
            <div id="filters-extra" class="filters-extra" data-open=move || open.get().to_string()>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let o = options.await.ok()?;
                    Some(view! {
                        <div class="field">
                            <label class="label" for="f-entity">{t!(i18n, filter_entity)}</label>
                            <select id="f-entity" class="input" on:change=set(|f, v| f.entity = v)>
                                <option value="">{t!(i18n, filter_all)}</option>
                                {o.entities.into_iter().map(|e| view! { <option value=e.value>{e.label}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="label" for="f-region">{t!(i18n, filter_region)}</label>
                            <select id="f-region" class="input" on:change=set(|f, v| f.region = v)>
                                <option value="">{t!(i18n, filter_all)}</option>
                                {o.regions.into_iter().map(|e| view! { <option value=e.value>{e.label}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="label" for="f-partner">{t!(i18n, filter_partner)}</label>
                            <select id="f-partner" class="input" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                board.filter.update(|f| f.partner_id = v.parse().ok());
                            }>
                                <option value="">{t!(i18n, filter_all)}</option>
                                {o.partners.into_iter().map(|e| view! { <option value=e.value>{e.label}</option> }).collect_view()}
                            </select>
                        </div>
                    })
                })}
            </Suspense>
            <div class="field">
                <label class="label" for="f-sla">{t!(i18n, filter_sla)}</label>
                <select id="f-sla" class="input" on:change=set(|f, v| f.sla = v)>
                    <option value="">{t!(i18n, filter_all)}</option>
                    <option value="overdue">{t!(i18n, sla_overdue)}</option>
                    <option value="at_risk">{t!(i18n, sla_at_risk)}</option>
                    <option value="ok">{t!(i18n, sla_ok)}</option>
                    <option value="none">{t!(i18n, sla_none)}</option>
                </select>
            </div>
            <div class="field">
                <label class="label" for="f-from">{t!(i18n, filter_from)}</label>
                <input id="f-from" class="input" type="date" on:change=set(|f, v| f.from = v) />
            </div>
            <div class="field">
                <label class="label" for="f-to">{t!(i18n, filter_to)}</label>
                <input id="f-to" class="input" type="date" on:change=set(|f, v| f.to = v) />
            </div>
            </div>
        </form>
    }
}

#[component]
fn Columns(data: BoardDto) -> impl IntoView {
    view! {
        <div class="board" role="list">
            {data.columns.into_iter().map(|c| view! { <BoardColumn data=c /> }).collect_view()}
        </div>
    }
}

#[component]
fn BoardColumn(data: BoardColumnDto) -> impl IntoView {
    let i18n = use_i18n();
    let board = expect_context::<Board>();
    let column = data.column;
    let total = data.total;
    let first = data.cards;
    let first_len = first.len();
    let first_last = first.last().map(|c| c.id);
    let loaded = move || first_len + board.extra.with(|e| e.get(&column).map_or(0, Vec::len));
    // While dragging: does this column take the dragged card?
    let drop_state = move || {
        board.dragging.with(|d| {
            d.as_ref().map(|card| {
                if board.column_of(card) == column {
                    "home"
                } else if board.with_workflow(&card.entity, |wf| {
                    target_in_column(wf, &card.facts, column).is_ok()
                }) {
                    "ok"
                } else {
                    "no"
                }
            })
        })
    };
    let more = move |_| {
        let after = board
            .extra
            .with_untracked(|e| e.get(&column).and_then(|c| c.last()).map(|c| c.id))
            .or(first_last);
        let filter = board.filter.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(page) = pipeline_column(filter, column.slug().to_owned(), after).await {
                board
                    .extra
                    .update(|e| e.entry(column).or_default().extend(page.cards));
            }
        });
    };
    let heading_id = format!("col-{}", column.slug());
    let labelled_by = heading_id.clone();
    view! {
        <section class="board-column" role="listitem" data-column=column.slug() data-drop=drop_state
            aria-labelledby=labelled_by>
            <h2 class="board-column-title" id=heading_id>
                <span>{move || column_label(i18n.get_locale(), column)}</span>
                <span class="badge" data-testid="column-total">{total}</span>
            </h2>
            <ul role="list" class="board-cards">
                {first.into_iter().map(|c| view! { <Card card=c /> }).collect_view()}
                {move || board.extra.with(|e| e.get(&column).cloned().unwrap_or_default())
                    .into_iter().map(|c| view! { <Card card=c /> }).collect_view()}
            </ul>
            <Show when=move || (loaded() as u64) < total>
                <button type="button" class="btn btn-secondary btn-sm w-full" on:click=more>
                    {t!(i18n, load_more)}" ("{move || total - loaded() as u64}" "{t!(i18n, remaining)}")"
                </button>
            </Show>
            {(first_len == 0 && total == 0).then(|| view! { <p class="text-muted text-sm p-2">"—"</p> })}
        </section>
    }
}

#[component]
fn Card(card: BoardCard) -> impl IntoView {
    let i18n = use_i18n();
    let board = expect_context::<Board>();
    let id = card.id;
    let (since, due) = (card.status_since, card.sla_due);
    let sla = move || sla_state(since, due, board.now.get());
    let c = card.clone();
    let start_drag = move |ev: leptos::ev::PointerEvent| {
        // Touch drags start on the grip, so the board still scrolls.
        if !may_start(&ev) {
            return;
        }
        ev.prevent_default();
        board.pointer.set((ev.client_x(), ev.client_y()));
        board.dragging.set(Some(c.clone()));
    };
    let dragging_me = move || {
        board
            .dragging
            .with(|d| d.as_ref().is_some_and(|d| d.id == id))
    };
    let selected = move || board.selected.with(|s| s.contains_key(&id));
    let for_selection = card.clone();
    let toggle = move |_| {
        board.selected.update(|s| {
            if s.remove(&id).is_none() {
                s.insert(id, for_selection.clone());
            }
        })
    };
    let chooser_card = card.clone();
    let status = card.status.clone();
    let status_code = card.status.clone();
    let entity = card.entity.clone();
    view! {
        <li class="board-card" data-entity=card.entity.clone() data-order=card.order_number.clone()
            data-status=status_code data-dragging=move || dragging_me().to_string()
            on:pointerdown=start_drag>
            <div class="flex items-start justify-between gap-2">
                <span class="card-grip" aria-hidden="true" title="⠿">"⠿"</span>
                <a class="grow font-semibold card-link" href=paths::order(Portal::Operations, &card.order_number)>{card.order_number.clone()}</a>
                <span class=move || sla_badge_class(sla()) data-testid="sla">{move || sla_label(i18n.get_locale(), sla())}</span>
            </div>
            <div class="text-sm">{card.customer.clone()}</div>
            <div class="text-sm text-muted">
                {card.city.clone()}{card.region.clone().map(|r| format!(" · {r}"))}
                {(card.charger_count > 1).then(|| format!(" · {}× ", card.charger_count))}
            </div>
            <div class="flex flex-wrap gap-1 mt-1">
                <span class="badge badge-brand">{card.brand.clone()}</span>
                {card.partner.clone().map(|p| view! { <span class="badge">{p}</span> })}
                <span class="badge badge-info">{move || board.label(i18n.get_locale(), &entity, &status)}</span>
            </div>
            {card.hold_reason.clone().map(|r| view! { <p class="text-sm mt-1">{t!(i18n, on_hold_reason)}": "{r}</p> })}
            <div class="flex items-center justify-between gap-2 mt-2">
                <label class="text-sm flex items-center gap-1 text-muted">
                    <input type="checkbox" prop:checked=selected on:change=toggle />
                    <span class="sr-only">{t!(i18n, select_card)}" "{card.order_number.clone()}</span>
                </label>
                <button type="button" class="btn btn-secondary btn-sm"
                    on:click=move |_| board.chooser.set(Some(chooser_card.clone()))>
                    {t!(i18n, move_btn)}
                </button>
            </div>
        </li>
    }
}

/// The keyboard (and phone) way to move: the legal targets as buttons,
/// the others listed with the reason they are refused.
#[component]
fn MoveChooser() -> impl IntoView {
    let i18n = use_i18n();
    let board = expect_context::<Board>();
    move || {
        board.chooser.get().map(|card| {
            let (legal, refused) = board.with_workflow(&card.entity, |wf| {
                let refused: Vec<(String, Refusal)> = wf
                    .allowed_next(&card.facts.status, card.facts.status_before_hold.as_deref())
                    .into_iter()
                    .filter_map(|to| check_move(wf, &card.facts, &to, Some("x")).err().map(|r| (to, r)))
                    .collect();
                (legal_targets(wf, &card.facts), refused)
            });
            let close = move || board.chooser.set(None);
            view! {
                <div class="modal-backdrop" on:click=move |_| close()></div>
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="move-title"
                    on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                    <h2 id="move-title" class="dialog-header">{t!(i18n, move_title)}" "{card.order_number.clone()}</h2>
                    <div class="dialog-body flex flex-col gap-2">
                        {legal.is_empty().then(|| view! { <p>{t!(i18n, no_moves)}</p> })}
                        {legal.into_iter().enumerate().map(|(i, to)| {
                            let card = card.clone();
                            let label = board.label(i18n.get_locale_untracked(), &card.entity, &to);
                            view! {
                                <button type="button" class="btn btn-primary" autofocus=i == 0
                                    on:click=move |_| { board.chooser.set(None); board.request_move(vec![card.clone()], to.clone()); }>
                                    {t!(i18n, move_to)}" "{label}
                                </button>
                            }
                        }).collect_view()}
                        {refused.into_iter().map(|(to, r)| {
                            let entity = card.entity.clone();
                            view! {
                            <p class="text-sm text-muted">
                                {move || board.label(i18n.get_locale(), &entity, &to)}": "{move || refusal_text(i18n.get_locale(), r.code())}
                            </p>
                        }}).collect_view()}
                    </div>
                    <div class="dialog-footer">
                        <button type="button" class="btn btn-secondary" on:click=move |_| close()>{t!(i18n, cancel_action)}</button>
                    </div>
                </div>
            }
        })
    }
}

/// Hold and cancel ask for a reason code and an explanation.
#[component]
fn ReasonDialog() -> impl IntoView {
    let i18n = use_i18n();
    let board = expect_context::<Board>();
    let category = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(false);
    move || {
        board.reason.get().map(|pending| {
            // Ends that need a reason (000's cancelled, 003's afvist and
            // annulleret) ask why the order stops; a hold asks why it waits.
            let cancel = pending
                .cards
                .first()
                .is_some_and(|c| board.with_workflow(&c.entity, |wf| wf.column_of(&pending.to)) == Column::Cancelled);
            let codes: &'static [&'static str] = if cancel { &CANCEL_REASONS } else { &HOLD_REASONS };
            category.set(codes[0].to_owned());
            text.set(String::new());
            error.set(false);
            let close = move || board.reason.set(None);
            let pending2 = pending.clone();
            let confirm = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let details = text.get_untracked();
                if details.trim().is_empty() {
                    error.set(true);
                    return;
                }
                let label = reason_label(use_i18n().get_locale_untracked(), &category.get_untracked());
                board.reason.set(None);
                board.perform(pending2.cards.clone(), pending2.to.clone(), Some(format!("{label}: {}", details.trim())));
            };
            let numbers = pending.cards.iter().map(|c| c.order_number.clone()).collect::<Vec<_>>().join(", ");
            view! {
                <div class="modal-backdrop" on:click=move |_| close()></div>
                <form class="modal" role="dialog" aria-modal="true" aria-labelledby="reason-title" novalidate on:submit=confirm
                    on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                    <h2 id="reason-title" class="dialog-header">
                        {move || if cancel { t_string!(i18n, reason_title_cancel) } else { t_string!(i18n, reason_title_hold) }}
                    </h2>
                    <div class="dialog-body flex flex-col gap-3">
                        <p class="text-sm text-muted">{numbers}</p>
                        <div class="field">
                            <label class="label" for="reason-code">{t!(i18n, reason_category)}</label>
                            <select id="reason-code" class="input" autofocus on:change=move |ev| category.set(event_target_value(&ev))>
                                {codes.iter().map(|c| view! { <option value=*c>{move || reason_label(i18n.get_locale(), c)}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="label" for="reason-text">{t!(i18n, reason_text)}</label>
                            <textarea id="reason-text" class="input" rows="3" maxlength="300" required
                                aria-invalid=move || error.get().to_string() aria-describedby="reason-error"
                                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            <p id="reason-error" role="alert" class="field-error">
                                {move || error.get().then(|| t_string!(i18n, ref_reason_required))}
                            </p>
                        </div>
                    </div>
                    <div class="dialog-footer">
                        <button type="button" class="btn btn-secondary" on:click=move |_| close()>{t!(i18n, cancel_action)}</button>
                        <button type="submit" class="btn btn-primary">{t!(i18n, confirm)}</button>
                    </div>
                </form>
            }
        })
    }
}

/// Moves the selected cards together.
#[component]
fn BulkBar() -> impl IntoView {
    let i18n = use_i18n();
    let board = expect_context::<Board>();
    let target = RwSignal::new(String::new());
    // The statuses of the selected orders' workflows, each once, with the
    // entity whose workflow names it.
    let statuses = move || {
        let mut entities: Vec<String> = board
            .selected
            .with(|s| s.values().map(|c| c.entity.clone()).collect());
        entities.sort();
        entities.dedup();
        let mut out: Vec<(String, String)> = Vec::new();
        for e in entities {
            board.with_workflow(&e, |wf| {
                for st in &wf.statuses {
                    if !out.iter().any(|(_, c)| *c == st.code) {
                        out.push((e.clone(), st.code.clone()));
                    }
                }
            });
        }
        out
    };
    view! {
        <Show when=move || board.selected.with(|s| !s.is_empty())>
            <div class="bulk-bar" data-testid="bulk-bar">
                <strong>{move || board.selected.with(HashMap::len)}" "{t!(i18n, selected)}</strong>
                <label class="sr-only" for="bulk-to">{t!(i18n, move_to)}</label>
                <select id="bulk-to" class="input" on:change=move |ev| target.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, move_to)}"…"</option>
                    {move || statuses().into_iter().map(|(e, s)| {
                        let v = s.clone();
                        view! { <option value=v>{move || board.label(i18n.get_locale(), &e, &s)}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="btn btn-primary btn-sm" disabled=move || target.get().is_empty()
                    on:click=move |_| {
                        let to = target.get_untracked();
                        let cards = board.selected.with_untracked(|s| s.values().cloned().collect());
                        board.request_move(cards, to);
                    }>
                    {t!(i18n, bulk_move)}
                </button>
                <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| board.selected.set(HashMap::new())>
                    {t!(i18n, clear_selection)}
                </button>
            </div>
        </Show>
    }
}
