//! Admin: the product catalogue and the pricing matrix. Products with
//! their kind, required skills and on-site minutes; prices per product in
//! general and per business entity, complexity surcharges and partner-type
//! margins; and a sample quote that is priced live from the prices being
//! edited, with the same rule the quote drafts use
//! (`entity::domain::pricing::price_sample`).

use crate::api::admin::{admin_catalogue, admin_save_prices, admin_save_product};
use crate::components::form::{error_text, field_errors, form_error_text, form_errors};
use crate::components::format::{bp_text, parse_percent, partner_type_label};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::catalogue::{PriceChange, ProductForm};
use entity::domain::money::{euro, parse_euro};
use entity::domain::pricing::{price_sample, Sample};
use entity::domain::{PartnerType, ProductKind, Skill};
use entity::dto::CatalogueDto;
use entity::{pricing_rule, product};
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| admin_catalogue());
    // Kept here: a save reloads (and so redraws) the sections below.
    let prices_saved = RwSignal::new(None::<usize>);
    let product_saved = RwSignal::new(false);
    view! {
        <PageTitle text=move || t_string!(i18n, cat_title).to_string() />
        <h1 id="cat-title" class="text-2xl font-bold mb-1">{t!(i18n, cat_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, cat_intro)}</p>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! {
                        <Pricing d=d.clone() reload=reload notice=prices_saved />
                        <Products products=d.products reload=reload saved=product_saved />
                    }.into_any(),
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `949,00`: cents as an input shows them.
fn cents_text(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// What one matrix cell edits, and how its text becomes a change.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Base {
        product_id: i32,
        entity_id: Option<i32>,
    },
    Complexity {
        level: i32,
    },
    Margin {
        partner_type: String,
    },
}

impl Cell {
    fn change(&self, value: Option<i64>, seen: Option<i32>) -> PriceChange {
        match self {
            Cell::Base {
                product_id,
                entity_id,
            } => PriceChange::Base {
                product_id: *product_id,
                entity_id: *entity_id,
                cents: value,
                seen,
            },
            Cell::Complexity { level } => PriceChange::Complexity {
                level: *level,
                cents: value.unwrap_or(-1),
                seen,
            },
            Cell::Margin { partner_type } => PriceChange::Margin {
                partner_type: partner_type.clone(),
                basis_points: value.map_or(-1, |v| i32::try_from(v).unwrap_or(-1)),
                seen,
            },
        }
    }

    /// The rule it shows now, and that rule's text.
    fn current(&self, rules: &[pricing_rule::Model]) -> (Option<i32>, String) {
        let rule = self.change(None, None).current(rules).cloned();
        let text = match (&rule, self) {
            (None, _) => String::new(),
            (Some(r), Cell::Margin { .. }) => bp_text(r.basis_points),
            (Some(r), _) => cents_text(r.amount_cents),
        };
        (rule.map(|r| r.id), text)
    }

    /// The change its text makes, or the error code; `None` when unchanged.
    fn parse(
        &self,
        text: &str,
        rules: &[pricing_rule::Model],
    ) -> Option<Result<PriceChange, &'static str>> {
        let (seen, original) = self.current(rules);
        if text.trim() == original {
            return None;
        }
        let value = if text.trim().is_empty() {
            None
        } else if matches!(self, Cell::Margin { .. }) {
            match parse_percent(text) {
                Some(bp) => Some(i64::from(bp)),
                None => return Some(Err("amount_invalid")),
            }
        } else {
            match parse_euro(text) {
                Some(c) => Some(c),
                None => return Some(Err("amount_invalid")),
            }
        };
        if value.is_none()
            && !matches!(
                self,
                Cell::Base {
                    entity_id: Some(_),
                    ..
                }
            )
        {
            return Some(Err("required"));
        }
        if value.is_none() && seen.is_none() {
            return None;
        }
        let c = self.change(value, seen);
        Some(match c.problem() {
            Some(p) => Err(p),
            None => Ok(c),
        })
    }
}

fn cell_name(c: &Cell) -> String {
    c.change(Some(0), None).cell()
}

#[component]
fn Pricing(
    d: CatalogueDto,
    reload: RwSignal<u32>,
    notice: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rules = StoredValue::new(d.rules.clone());
    let today = d.today;
    // Every editable cell, by name.
    let mut cells: Vec<(String, Cell)> = Vec::new();
    for p in &d.products {
        cells.push((
            String::new(),
            Cell::Base {
                product_id: p.id,
                entity_id: None,
            },
        ));
        for e in &d.entities {
            let entity_id = e.value.parse().ok();
            cells.push((
                String::new(),
                Cell::Base {
                    product_id: p.id,
                    entity_id,
                },
            ));
        }
    }
    for level in [2, 3] {
        cells.push((String::new(), Cell::Complexity { level }));
    }
    for t in PartnerType::ALL {
        cells.push((
            String::new(),
            Cell::Margin {
                partner_type: t.as_str().to_owned(),
            },
        ));
    }
    for c in &mut cells {
        c.0 = cell_name(&c.1);
    }
    let cells = StoredValue::new(cells);
    let texts = RwSignal::new(HashMap::<String, String>::new());
    let server_errors = RwSignal::new(HashMap::<String, String>::new());
    // The edits as changes, and the cells that cannot be read.
    let edits = Memo::new(move |_| {
        let typed = texts.get();
        let mut ok = Vec::new();
        let mut bad = HashMap::new();
        rules.with_value(|rules| {
            cells.with_value(|cells| {
                for (name, cell) in cells {
                    let Some(text) = typed.get(name) else {
                        continue;
                    };
                    match cell.parse(text, rules) {
                        Some(Ok(c)) => ok.push(c),
                        Some(Err(code)) => {
                            bad.insert(name.clone(), code.to_owned());
                        }
                        None => {}
                    }
                }
            })
        });
        (ok, bad)
    });
    // The rules as they would be after saving: what the preview prices with.
    let draft_rules = Memo::new(move |_| {
        let (changes, _) = edits.get();
        let mut out = rules.get_value();
        for c in changes {
            let replaced: Vec<i32> = out
                .iter()
                .filter(|r| c.current(std::slice::from_ref(r)).is_some())
                .map(|r| r.id)
                .collect();
            out.retain(|r| !replaced.contains(&r.id));
            let (kind, product_id, entity_id, partner_type, level, cents, bp) = match &c {
                PriceChange::Base {
                    product_id,
                    entity_id,
                    cents: Some(v),
                    ..
                } => ("base", Some(*product_id), *entity_id, None, None, *v, 0),
                PriceChange::Base { cents: None, .. } => continue,
                PriceChange::Complexity { level, cents, .. } => {
                    ("complexity", None, None, None, Some(*level), *cents, 0)
                }
                PriceChange::Margin {
                    partner_type,
                    basis_points,
                    ..
                } => (
                    "partner_margin",
                    None,
                    None,
                    Some(partner_type.clone()),
                    None,
                    0,
                    *basis_points,
                ),
            };
            out.push(pricing_rule::Model {
                id: 0,
                kind: kind.to_owned(),
                product_id,
                business_entity_id: entity_id,
                partner_type,
                complexity_level: level,
                amount_cents: cents,
                basis_points: bp,
                valid_from: today,
                version: 1,
            });
        }
        out
    });
    let save = Action::new(move |changes: &Vec<PriceChange>| {
        let changes = changes.clone();
        async move { admin_save_prices(changes).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(n)) => {
            notice.set(Some(n));
            server_errors.set(HashMap::new());
            texts.set(HashMap::new());
            reload.update(|x| *x += 1);
        }
        Some(Err(e)) => server_errors.set(field_errors(&e)),
        None => {}
    });
    let save_error = move || {
        let e = save.value().get()?.err()?;
        let l = i18n.get_locale();
        Some(if !field_errors(&e).is_empty() {
            td_string!(l, cat_cells_invalid)
        } else if e == AppError::Stale {
            td_string!(l, err_stale)
        } else {
            td_string!(l, err_failed)
        })
    };
    let cell_error = move |name: String| {
        let n2 = name.clone();
        let local = move || edits.with(|(_, bad)| bad.get(&n2).cloned());
        move || {
            local()
                .or_else(|| server_errors.with(|e| e.get(&name).cloned()))
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    let input = move |cell: Cell, placeholder: String, label: String| {
        let name = cell_name(&cell);
        let (_, original) = rules.with_value(|r| cell.current(r));
        let n1 = name.clone();
        let n2 = name.clone();
        let err = cell_error(name.clone());
        let err2 = cell_error(name.clone());
        view! {
            <input class="input input-sm w-24 text-right" type="text" inputmode="decimal" data-cell=name
                aria-label=label placeholder=placeholder
                prop:value=move || texts.with(|t| t.get(&n1).cloned()).unwrap_or_else(|| original.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    texts.update(|t| { t.insert(n2.clone(), v); });
                    notice.set(None);
                }
                aria-invalid=move || err().is_some().to_string()
                title=move || err2().unwrap_or_default() />
        }
    };
    let products = d.products.clone();
    let entities = d.entities.clone();
    let count = move || edits.with(|(ok, _)| ok.len());
    let blocked = move || edits.with(|(ok, bad)| ok.is_empty() || !bad.is_empty());
    view! {
        <section class="card mb-4" aria-labelledby="cat-matrix-title">
            <h2 id="cat-matrix-title" class="text-lg font-semibold mb-1">{t!(i18n, cat_matrix)}</h2>
            <p class="text-sm text-muted mb-3">{t!(i18n, cat_matrix_intro)}" "{today.format("%d-%m-%Y").to_string()}"."</p>
            <div class="table-wrap" tabindex="0">
                <table class="table" id="cat-matrix">
                    <thead>
                        <tr>
                            <th>{t!(i18n, cat_product)}</th>
                            <th class="text-right">{t!(i18n, cat_general)}</th>
                            {entities.iter().map(|e| view! { <th class="text-right">{e.label.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {products.iter().map(|p| {
                            let general = rules.with_value(|r| Cell::Base { product_id: p.id, entity_id: None }.current(r).1);
                            view! {
                                <tr data-product=p.sku.clone()>
                                    <td>
                                        <span class="font-semibold">{p.name.clone()}</span>
                                        <span class="block text-sm text-muted font-mono">{p.sku.clone()}</span>
                                    </td>
                                    <td class="text-right">{input(Cell::Base { product_id: p.id, entity_id: None }, String::new(), format!("{} · {}", p.name, t_string!(i18n, cat_general)))}</td>
                                    {entities.iter().map(|e| {
                                        let entity_id = e.value.parse().ok();
                                        view! {
                                            <td class="text-right">{input(Cell::Base { product_id: p.id, entity_id }, general.clone(), format!("{} · {}", p.name, e.label))}</td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="grid sm:grid-cols-2 gap-4 mt-4">
                <fieldset>
                    <legend class="font-semibold mb-2">{t!(i18n, cat_complexity)}</legend>
                    {[2, 3].into_iter().map(|level| view! {
                        <div class="flex items-center justify-between gap-2 mb-2">
                            <span>{t!(i18n, cat_level)}" "{level}</span>
                            {input(Cell::Complexity { level }, String::new(), format!("{} {level}", t_string!(i18n, cat_level)))}
                        </div>
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend class="font-semibold mb-2">{t!(i18n, cat_margins)}</legend>
                    {PartnerType::ALL.iter().map(|t| view! {
                        <div class="flex items-center justify-between gap-2 mb-2">
                            <span>{partner_type_label(i18n.get_locale(), *t)}</span>
                            <span class="flex items-center gap-1">
                                {input(Cell::Margin { partner_type: t.as_str().to_owned() }, String::new(), partner_type_label(i18n.get_locale(), *t).to_owned())}
                                "%"
                            </span>
                        </div>
                    }).collect_view()}
                </fieldset>
            </div>
            <div class="flex flex-wrap gap-2 items-center mt-3">
                <button type="button" id="cat-save-prices" class="btn btn-primary" disabled=move || blocked() || save.pending().get()
                    on:click=move |_| { save.dispatch(edits.get_untracked().0); }>
                    {t!(i18n, cat_save_prices)}" ("{count}")"
                </button>
                <button type="button" class="btn btn-secondary" disabled=move || texts.with(HashMap::is_empty)
                    on:click=move |_| { texts.set(HashMap::new()); server_errors.set(HashMap::new()); }>{t!(i18n, cat_undo)}</button>
                <p role="status">{move || notice.get().map(|n| view! { <span class="badge badge-ok" data-testid="cat-saved">{n}" "{t!(i18n, cat_prices_saved)}</span> })}</p>
            </div>
            <p class="field-error" role="alert">
                {move || edits.with(|(_, bad)| !bad.is_empty()).then(|| t_string!(i18n, cat_cells_invalid))}
                {save_error}
            </p>
        </section>
        <Preview products=d.products.clone() entities=d.entities.clone() rules=draft_rules />
    }
}

/// A sample quote priced from the rules being edited.
#[component]
fn Preview(
    products: Vec<product::Model>,
    entities: Vec<entity::dto::OptionDto>,
    rules: Memo<Vec<pricing_rule::Model>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let first_charger = products.iter().find(|p| p.kind == "charger").map(|p| p.id);
    let first_install = products
        .iter()
        .find(|p| p.kind == "installation")
        .map(|p| p.id);
    let entity_id = RwSignal::new(
        entities
            .first()
            .and_then(|e| e.value.parse().ok())
            .unwrap_or(1),
    );
    let partner_type = RwSignal::new(Some(PartnerType::EnergySupplier.as_str().to_owned()));
    let complexity = RwSignal::new(1);
    let lines: [(RwSignal<Option<i32>>, RwSignal<i32>); 3] = [
        (RwSignal::new(first_charger), RwSignal::new(1)),
        (RwSignal::new(first_install), RwSignal::new(1)),
        (RwSignal::new(None), RwSignal::new(1)),
    ];
    let names: HashMap<i32, String> = products.iter().map(|p| (p.id, p.name.clone())).collect();
    let names = StoredValue::new(names);
    let quote = Memo::new(move |_| {
        let sample = Sample {
            entity_id: entity_id.get(),
            partner_type: partner_type.get(),
            complexity: complexity.get(),
            lines: lines
                .iter()
                .filter_map(|(p, q)| Some((p.get()?, q.get().max(1))))
                .collect(),
        };
        rules.with(|r| price_sample(r, &sample))
    });
    let product_options = products
        .iter()
        .filter(|p| p.active)
        .map(|p| (p.id, format!("{} ({})", p.name, p.sku)))
        .collect::<Vec<_>>();
    view! {
        <section class="card mb-4" aria-labelledby="cat-preview-title" id="cat-preview">
            <h2 id="cat-preview-title" class="text-lg font-semibold mb-1">{t!(i18n, cat_preview)}</h2>
            <p class="text-sm text-muted mb-3">{t!(i18n, cat_preview_intro)}</p>
            <div class="flex flex-wrap gap-3 items-end mb-3">
                <div class="field">
                    <label class="label" for="pv-entity">{t!(i18n, wf_entity)}</label>
                    <select id="pv-entity" class="select" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { entity_id.set(v) } }>
                        {entities.iter().map(|e| view! { <option value=e.value.clone()>{e.label.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="pv-partner">{t!(i18n, cat_partner_type)}</label>
                    <select id="pv-partner" class="select"
                        on:change=move |ev| { let v = event_target_value(&ev); partner_type.set((!v.is_empty()).then_some(v)); }>
                        {PartnerType::ALL.iter().map(|t| view! { <option value=t.as_str()>{move || partner_type_label(i18n.get_locale(), *t)}</option> }).collect_view()}
                        <option value="">{t!(i18n, cat_direct)}</option>
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="pv-complexity">{t!(i18n, cat_complexity_short)}</label>
                    <select id="pv-complexity" class="select" on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { complexity.set(v) } }>
                        <option value="1">"1"</option>
                        <option value="2">"2"</option>
                        <option value="3">"3"</option>
                    </select>
                </div>
            </div>
            <div class="flex flex-col gap-2 mb-3">
                {lines.iter().enumerate().map(|(i, (p, q))| {
                    let (p, q) = (*p, *q);
                    view! {
                        <div class="flex flex-wrap gap-2 items-center">
                            <select class="select grow max-w-md" aria-label=move || format!("{} {}", t_string!(i18n, cat_product), i + 1)
                                data-line=i
                                prop:value=move || p.get().map(|x| x.to_string()).unwrap_or_default()
                                on:change=move |ev| p.set(event_target_value(&ev).parse().ok())>
                                <option value="">"—"</option>
                                {product_options.iter().map(|(id, label)| view! { <option value=id.to_string()>{label.clone()}</option> }).collect_view()}
                            </select>
                            <input class="input w-20" type="number" min="1" max="99" aria-label=move || t_string!(i18n, cat_quantity)
                                prop:value=move || q.get().to_string()
                                on:input=move |ev| q.set(event_target_value(&ev).parse().unwrap_or(1).clamp(1, 99)) />
                        </div>
                    }
                }).collect_view()}
            </div>
            {move || {
                let qt = quote.get();
                let l = i18n.get_locale();
                view! {
                    <table class="table" data-testid="pv-table">
                        <tbody>
                            {qt.lines.iter().map(|line| {
                                let name = match line.product_id {
                                    Some(p) => names.with_value(|n| n.get(&p).cloned().unwrap_or_default()),
                                    None => format!("{} {}", td_string!(l, cat_surcharge), complexity.get_untracked()),
                                };
                                view! {
                                    <tr>
                                        <td>{name}</td>
                                        <td class="text-right">{line.quantity}" ×"</td>
                                        <td class="text-right">{line.unit_cents.map(euro).unwrap_or_else(|| td_string!(l, cat_no_price).to_owned())}</td>
                                        <td class="text-right">{euro(line.total_cents)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                            <tr class="font-semibold">
                                <td colspan="3">{t!(i18n, cat_total_ex_vat)}</td>
                                <td class="text-right" data-testid="pv-total">{euro(qt.total_cents)}</td>
                            </tr>
                            <tr>
                                <td colspan="3">{t!(i18n, cat_commission)}" ("{bp_text(qt.margin_bp)}" %)"</td>
                                <td class="text-right" data-testid="pv-commission">{euro(qt.commission_cents)}</td>
                            </tr>
                        </tbody>
                    </table>
                    {(!qt.unpriced.is_empty()).then(|| view! { <p class="field-error" role="alert">{t!(i18n, cat_unpriced)}</p> })}
                }
            }}
        </section>
    }
}

fn kind_label(locale: Locale, kind: &str) -> &'static str {
    match kind {
        "charger" => td_string!(locale, pk_charger),
        "installation" => td_string!(locale, pk_installation),
        "material" => td_string!(locale, pk_material),
        _ => td_string!(locale, pk_service),
    }
}

fn blank() -> ProductForm {
    ProductForm {
        kind: ProductKind::Charger.as_str().to_owned(),
        duration_minutes: 60,
        active: true,
        ..Default::default()
    }
}

#[component]
fn Products(
    products: Vec<product::Model>,
    reload: RwSignal<u32>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    // (id, version) of the product being edited; `None` for a new one.
    let editing = RwSignal::new(None::<(i32, i32)>);
    let form = RwSignal::new(blank());
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let save = Action::new(move |(target, f): &(Option<(i32, i32)>, ProductForm)| {
        let (target, f) = (*target, f.clone());
        async move { admin_save_product(target.map(|t| t.0), target.map_or(0, |t| t.1), f).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            saved.set(true);
            editing.set(None);
            form.set(blank());
            errors.set(HashMap::new());
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => errors.set(form_errors(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let f = form.get_untracked();
        let local: HashMap<String, String> = f.problems().into_iter().collect();
        errors.set(local.clone());
        if local.is_empty() {
            save.dispatch((editing.get_untracked(), f));
        }
    };
    let err = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.get(field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    let skill_on = move |s: Skill| {
        move || form.with(|f| f.required_skills.split(',').any(|x| x.trim() == s.as_str()))
    };
    let toggle_skill = move |s: Skill, on: bool| {
        form.update(|f| {
            let mut list: Vec<String> = f
                .required_skills
                .split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty() && x != s.as_str())
                .collect();
            if on {
                list.push(s.as_str().to_owned());
            }
            f.required_skills = list.join(",");
        });
    };
    view! {
        <section class="card mb-4" aria-labelledby="cat-products-title">
            <h2 id="cat-products-title" class="text-lg font-semibold mb-3">{t!(i18n, cat_products)}</h2>
            <div class="table-wrap mb-4">
                <table class="table" id="cat-products">
                    <thead>
                        <tr>
                            <th>{t!(i18n, cat_product)}</th>
                            <th>{t!(i18n, col_kind)}</th>
                            <th>{t!(i18n, cat_skills)}</th>
                            <th class="text-right">{t!(i18n, cat_minutes)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {products.into_iter().map(|p| {
                            let edit_form = ProductForm {
                                sku: p.sku.clone(),
                                name: p.name.clone(),
                                kind: p.kind.clone(),
                                required_skills: p.required_skills.clone(),
                                duration_minutes: p.duration_minutes,
                                active: p.active,
                            };
                            let (id, version) = (p.id, p.version);
                            view! {
                                <tr data-sku=p.sku.clone() class:opacity-60=!p.active>
                                    <td>
                                        <span class="font-semibold">{p.name.clone()}</span>
                                        <span class="block text-sm text-muted font-mono">{p.sku.clone()}</span>
                                        {(!p.active).then(|| view! { <span class="badge badge-warn">{t!(i18n, cat_inactive)}</span> })}
                                    </td>
                                    <td>{move || kind_label(i18n.get_locale(), &p.kind)}</td>
                                    <td class="text-sm font-mono">{p.required_skills.replace(',', ", ")}</td>
                                    <td class="text-right">{p.duration_minutes}</td>
                                    <td>
                                        <button type="button" class="btn btn-ghost btn-sm"
                                            on:click=move |_| {
                                                editing.set(Some((id, version)));
                                                form.set(edit_form.clone());
                                                errors.set(HashMap::new());
                                                saved.set(false);
                                            }>{t!(i18n, cat_edit)}</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h3 class="font-semibold mb-2" id="cat-product-form-title">
                {move || if editing.get().is_some() { t_string!(i18n, cat_edit_product) } else { t_string!(i18n, cat_new_product) }}
            </h3>
            <form class="grid sm:grid-cols-2 lg:grid-cols-4 gap-3 items-start" novalidate on:submit=submit id="cat-product-form">
                <div class="field">
                    <label class="label" for="prd-sku">"SKU"</label>
                    <input id="prd-sku" class="input font-mono uppercase" type="text"
                        prop:value=move || form.with(|f| f.sku.clone())
                        on:input=move |ev| { let v = event_target_value(&ev).to_uppercase(); form.update(|f| f.sku = v); errors.update(|e| { e.remove("sku"); }); }
                        aria-invalid=move || err("sku")().is_some().to_string() />
                    <p class="field-error" role="alert">{err("sku")}</p>
                </div>
                <div class="field lg:col-span-2">
                    <label class="label" for="prd-name">{t!(i18n, usr_name)}</label>
                    <input id="prd-name" class="input" type="text"
                        prop:value=move || form.with(|f| f.name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.name = v); errors.update(|e| { e.remove("name"); }); }
                        aria-invalid=move || err("name")().is_some().to_string() />
                    <p class="field-error" role="alert">{err("name")}</p>
                </div>
                <div class="field">
                    <label class="label" for="prd-kind">{t!(i18n, col_kind)}</label>
                    <select id="prd-kind" class="select" prop:value=move || form.with(|f| f.kind.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.kind = v); }>
                        {ProductKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{move || kind_label(i18n.get_locale(), k.as_str())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="prd-minutes">{t!(i18n, cat_minutes)}</label>
                    <input id="prd-minutes" class="input" type="number" min="0" max="1440"
                        prop:value=move || form.with(|f| f.duration_minutes.to_string())
                        on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(-1); form.update(|f| f.duration_minutes = v); errors.update(|e| { e.remove("duration_minutes"); }); }
                        aria-invalid=move || err("duration_minutes")().is_some().to_string() />
                    <p class="field-error" role="alert">{err("duration_minutes")}</p>
                </div>
                <fieldset class="lg:col-span-2">
                    <legend class="label">{t!(i18n, cat_skills)}</legend>
                    <div class="flex flex-wrap gap-3">
                        {Skill::ALL.iter().map(|s| {
                            let s = *s;
                            view! {
                                <label class="flex items-center gap-1 text-sm">
                                    <input type="checkbox" prop:checked=skill_on(s)
                                        on:change=move |ev| toggle_skill(s, event_target_checked(&ev)) />
                                    <span class="font-mono">{s.as_str()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <label class="flex items-center gap-2 mt-6">
                    <input id="prd-active" type="checkbox" prop:checked=move || form.with(|f| f.active)
                        on:change=move |ev| { let v = event_target_checked(&ev); form.update(|f| f.active = v); } />
                    {t!(i18n, cat_active)}
                </label>
                <div class="sm:col-span-2 lg:col-span-4 flex flex-wrap gap-2 items-center">
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{t!(i18n, ent_save)}</button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="btn btn-secondary"
                            on:click=move |_| { editing.set(None); form.set(blank()); errors.set(HashMap::new()); }>{t!(i18n, ent_cancel_edit)}</button>
                    </Show>
                    <p role="status">{move || saved.get().then(|| view! { <span class="badge badge-ok" data-testid="prd-saved">{t!(i18n, ent_saved)}</span> })}</p>
                    <p class="field-error" role="alert">
                        {move || errors.with(|e| e.get("form").cloned()).map(|c| form_error_text(i18n.get_locale(), &c))}
                    </p>
                </div>
            </form>
        </section>
    }
}
