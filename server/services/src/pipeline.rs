//! The ops pipeline: the kanban board's data and moving orders through the
//! workflow. Every move is judged by `entity::domain::pipeline::check_move`
//! (the function the board runs in the browser too), guarded by the order's
//! version, written to `status_transitions`, and announced on the event bus.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, NaiveDate, Utc};
use entity::domain::pipeline::{self, Column, Refusal, SlaState};
use entity::domain::workflow::{self, Workflow};
use entity::domain::Portal;
use entity::dto::{
    BoardCard, BoardColumnDto, BoardDto, BoardFilter, BoardOptions, ConversionDto, CurrentUser,
    MoveResult, OptionDto, OrderEvent,
};
use entity::{business_entity, contact, order, partner, region, status_transition};
use sea_orm::sea_query::{Expr, Func, NullOrdering};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};

/// Cards per column on the first load; more come page by page.
pub const PAGE: u64 = 30;

fn ts(d: DateTime<Utc>) -> i64 {
    d.timestamp()
}

/// `lower(column) LIKE %q%` on both SQLite and PostgreSQL.
fn contains(
    col: impl sea_orm::sea_query::IntoColumnRef,
    q: &str,
) -> sea_orm::sea_query::SimpleExpr {
    let pattern = format!("%{}%", q.to_lowercase().replace(['\\', '%', '_'], ""));
    sea_orm::sea_query::ExprTrait::like(Expr::expr(Func::lower(Expr::col(col))), pattern)
}

fn parse_date(s: &Option<String>) -> Result<Option<NaiveDate>, ServiceError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ServiceError::Invalid("date".into())),
    }
}

/// The filter as a condition on `orders`.
async fn condition(
    db: &impl ConnectionTrait,
    f: &BoardFilter,
    now: DateTime<Utc>,
) -> Result<Condition, ServiceError> {
    let mut c = Condition::all();
    if let Some(p) = f.partner_id {
        c = c.add(order::Column::PartnerId.eq(p));
    }
    if let Some(code) = f.region.as_deref().filter(|s| !s.is_empty()) {
        c = c.add(
            order::Column::RegionId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(region::Column::Id)
                    .from(region::Entity)
                    .and_where(region::Column::Code.eq(code))
                    .to_owned(),
            ),
        );
    }
    if let Some(code) = f.entity.as_deref().filter(|s| !s.is_empty()) {
        c = c.add(
            order::Column::BusinessEntityId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(business_entity::Column::Id)
                    .from(business_entity::Entity)
                    .and_where(business_entity::Column::Code.eq(code))
                    .to_owned(),
            ),
        );
    }
    if let Some(d) = parse_date(&f.from)? {
        c = c.add(order::Column::CreatedAt.gte(d.and_hms_opt(0, 0, 0).unwrap().and_utc()));
    }
    if let Some(d) = parse_date(&f.to)? {
        let end = d
            .succ_opt()
            .unwrap_or(d)
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc();
        c = c.add(order::Column::CreatedAt.lt(end));
    }
    match f.sla.as_deref().filter(|s| !s.is_empty()) {
        None => {}
        Some(s) => match SlaState::from_slug(s) {
            Some(SlaState::Overdue) => c = c.add(order::Column::SlaDueAt.lte(now)),
            Some(SlaState::AtRisk) => {
                c = c
                    .add(order::Column::SlaRiskAt.lte(now))
                    .add(order::Column::SlaDueAt.gt(now))
            }
            Some(SlaState::Ok) => {
                c = c
                    .add(order::Column::SlaRiskAt.gt(now))
                    .add(order::Column::SlaDueAt.gt(now))
            }
            Some(SlaState::None) => c = c.add(order::Column::SlaDueAt.is_null()),
            None => return Err(ServiceError::Invalid("sla".into())),
        },
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        c = c.add(search(db.get_database_backend(), q));
    }
    Ok(c)
}

/// The orders whose number, city or postcode contains `q`, or whose
/// customer's name does, ignoring case (a postcode also without its
/// space), as a condition on `orders`. Through an index on both databases
/// (migration 30): the trigram FTS5 tables on SQLite, the `pg_trgm` indexes
/// on PostgreSQL, which serve `lower(column) LIKE '%q%'` as it is. The
/// trigram index needs three characters; a shorter search reads the
/// columns (it matches nearly everything anyway).
pub fn search(backend: DbBackend, q: &str) -> Condition {
    let q = q.trim().to_lowercase();
    let compact = q.replace(' ', "");
    if backend == DbBackend::Sqlite && q.chars().count() >= 3 {
        // An FTS5 string: the query as one phrase, quotes doubled.
        let phrase = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut orders = phrase(&q);
        if compact != q && compact.chars().count() >= 3 {
            orders = format!("{orders} OR postcode : {}", phrase(&compact));
        }
        return Condition::any()
            .add(Expr::cust_with_values(
                "\"orders\".\"id\" IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)",
                [orders],
            ))
            .add(Expr::cust_with_values(
                "\"orders\".\"end_customer_contact_id\" IN \
                 (SELECT rowid FROM contact_search WHERE contact_search MATCH ?)",
                [phrase(&q)],
            ));
    }
    let customers = sea_orm::sea_query::Query::select()
        .column(contact::Column::Id)
        .from(contact::Entity)
        .and_where(contains(contact::Column::DisplayName, &q))
        .to_owned();
    Condition::any()
        .add(contains(order::Column::OrderNumber, &q))
        .add(contains(order::Column::City, &q))
        .add(contains(order::Column::Postcode, &q))
        .add(contains(order::Column::Postcode, &compact))
        .add(order::Column::EndCustomerContactId.in_subquery(customers))
}

/// The card of one order.
pub async fn card_of(
    db: &impl ConnectionTrait,
    o: order::Model,
) -> Result<BoardCard, ServiceError> {
    cards(db, vec![o])
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)
}

/// Cards with their names and rule facts, for a page of orders.
async fn cards(
    db: &impl ConnectionTrait,
    orders: Vec<order::Model>,
) -> Result<Vec<BoardCard>, ServiceError> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let entities: HashMap<i32, business_entity::Model> = business_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let regions: HashMap<i32, String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    let customer_ids: HashSet<i32> = orders.iter().map(|o| o.end_customer_contact_id).collect();
    let customers = crate::names::contacts(db, customer_ids).await?;
    let partner_ids: HashSet<i32> = orders.iter().filter_map(|o| o.partner_id).collect();
    let partners = partner_names(db, partner_ids).await?;
    let facts = crate::transition::facts_for(db, &orders, &ids).await?;
    Ok(orders
        .into_iter()
        .map(|o| {
            let e = entities.get(&o.business_entity_id);
            BoardCard {
                id: o.id,
                customer: customers
                    .get(&o.end_customer_contact_id)
                    .cloned()
                    .unwrap_or_default(),
                entity: e.map(|e| e.code.clone()).unwrap_or_default(),
                brand: e.map(|e| e.brand.clone()).unwrap_or_default(),
                partner: o.partner_id.and_then(|p| partners.get(&p).cloned()),
                region: o.region_id.and_then(|r| regions.get(&r).cloned()),
                status_since: ts(o.status_since),
                sla_due: o.sla_due_at.map(ts),
                facts: facts.get(&o.id).cloned().unwrap_or_default(),
                order_number: o.order_number,
                version: o.version,
                status: o.status,
                city: o.city,
                charger_count: o.charger_count,
                hold_reason: o.hold_reason,
            }
        })
        .collect())
}

/// The display names of partners by id (one query, with their contacts).
pub(crate) async fn partner_names(
    db: &impl ConnectionTrait,
    ids: HashSet<i32>,
) -> Result<HashMap<i32, String>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(partner::Entity::find()
        .filter(partner::Column::Id.is_in(ids))
        .find_also_related(contact::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(p, c)| (p.id, c.map(|c| c.display_name).unwrap_or_default()))
        .collect())
}

fn ordered(column: Column, q: sea_orm::Select<order::Entity>) -> sea_orm::Select<order::Entity> {
    match column {
        // Finished work: newest first.
        Column::Completed | Column::Cancelled => q.order_by_desc(order::Column::StatusSince),
        // Open work: most urgent first, orders without an SLA after them.
        _ => q
            .order_by_with_nulls(order::Column::SlaDueAt, Order::Asc, NullOrdering::Last)
            .order_by_asc(order::Column::StatusSince),
    }
    .order_by_asc(order::Column::Id)
}

/// The orders in `column`: by their entity's workflow, so an entity with
/// its own (003's rental) shows its statuses where that workflow puts them.
fn in_column(column: Column, own: &HashMap<i32, Workflow>) -> Condition {
    let mut ids: Vec<i32> = own.keys().copied().collect();
    ids.sort_unstable();
    let mut followers =
        Condition::all().add(order::Column::Status.is_in(Workflow::standard().statuses_in(column)));
    if !ids.is_empty() {
        followers = followers.add(order::Column::BusinessEntityId.is_not_in(ids.clone()));
    }
    let mut any = Condition::any().add(followers);
    for id in ids {
        let statuses = own[&id].statuses_in(column);
        if !statuses.is_empty() {
            any = any.add(
                Condition::all()
                    .add(order::Column::BusinessEntityId.eq(id))
                    .add(order::Column::Status.is_in(statuses)),
            );
        }
    }
    any
}

/// The orders that come after `anchor` in `column`'s order (`ordered`):
/// the keyset of the next page, so a page costs the same however deep it
/// is, and a card that moved meanwhile neither repeats nor skips another.
fn after(column: Column, anchor: &order::Model) -> Condition {
    let same_since_later_id = |c: Condition| {
        c.add(order::Column::StatusSince.eq(anchor.status_since))
            .add(order::Column::Id.gt(anchor.id))
    };
    match column {
        Column::Completed | Column::Cancelled => Condition::any()
            .add(order::Column::StatusSince.lt(anchor.status_since))
            .add(same_since_later_id(Condition::all())),
        _ => {
            let later = Condition::any()
                .add(order::Column::StatusSince.gt(anchor.status_since))
                .add(same_since_later_id(Condition::all()));
            match anchor.sla_due_at {
                Some(due) => Condition::any()
                    .add(order::Column::SlaDueAt.gt(due))
                    .add(order::Column::SlaDueAt.is_null())
                    .add(
                        Condition::all()
                            .add(order::Column::SlaDueAt.eq(due))
                            .add(later),
                    ),
                None => Condition::all()
                    .add(order::Column::SlaDueAt.is_null())
                    .add(later),
            }
        }
    }
}

/// The orders that match `cond` and stand in `column`.
fn column_orders(
    cond: Condition,
    column: Column,
    own: &HashMap<i32, Workflow>,
) -> sea_orm::Select<order::Entity> {
    order::Entity::find()
        .filter(cond)
        .filter(in_column(column, own))
}

/// One page of a column: the first, or the one after the card `after`
/// (the last one the board shows).
pub async fn column_page(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    filter: &BoardFilter,
    column: Column,
    after_card: Option<i32>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<BoardColumnDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Operations))?;
    let cond = condition(db, filter, now).await?;
    let own = crate::workflows::own(db).await?;
    let all = column_orders(cond, column, &own);
    let total = all.clone().count(db).await?;
    let q = match after_card {
        None => all,
        Some(id) => {
            let anchor = order::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| ServiceError::Invalid("after".into()))?;
            all.filter(after(column, &anchor))
        }
    };
    let rows = ordered(column, q).limit(limit.min(200)).all(db).await?;
    Ok(BoardColumnDto {
        column,
        total,
        cards: cards(db, rows).await?,
    })
}

/// How many orders match `cond` in each column: one grouped query over the
/// orders' entity and status, sorted into columns by each entity's workflow.
async fn column_totals(
    db: &impl ConnectionTrait,
    cond: Condition,
    own: &HashMap<i32, Workflow>,
) -> Result<HashMap<Column, u64>, ServiceError> {
    let rows: Vec<(i32, String, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::BusinessEntityId)
        .column(order::Column::Status)
        .column_as(order::Column::Id.count(), "n")
        .filter(cond)
        .group_by(order::Column::BusinessEntityId)
        .group_by(order::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let standard = Workflow::standard();
    let mut totals = HashMap::new();
    for (entity, status, n) in rows {
        let wf = own.get(&entity).unwrap_or(standard);
        *totals.entry(wf.column_of(&status)).or_insert(0) += n.max(0) as u64;
    }
    Ok(totals)
}

/// The whole board: the first page of every column and the conversion bar.
/// One grouped count for all columns, one query per column for its first
/// page, and the cards' names and facts for all of them at once.
pub async fn board(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    filter: &BoardFilter,
    now: DateTime<Utc>,
) -> Result<BoardDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Operations))?;
    let cond = condition(db, filter, now).await?;
    let own = crate::workflows::own(db).await?;
    let totals = column_totals(db, cond.clone(), &own).await?;
    let mut rows = Vec::new();
    let mut sizes = Vec::with_capacity(Column::ALL.len());
    for c in Column::ALL {
        let total = totals.get(&c).copied().unwrap_or(0);
        let page = if total == 0 {
            Vec::new()
        } else {
            ordered(c, column_orders(cond.clone(), c, &own))
                .limit(PAGE)
                .all(db)
                .await?
        };
        sizes.push((c, total, page.len()));
        rows.extend(page);
    }
    let mut cards = cards(db, rows).await?.into_iter();
    let columns = sizes
        .into_iter()
        .map(|(column, total, n)| BoardColumnDto {
            column,
            total,
            cards: cards.by_ref().take(n).collect(),
        })
        .collect();
    let mut workflows = Vec::new();
    if !own.is_empty() {
        for e in entity::business_entity::Entity::find().all(db).await? {
            if let Some(wf) = own.get(&e.id) {
                workflows.push((e.code, wf.clone()));
            }
        }
    }
    Ok(BoardDto {
        columns,
        conversion: conversion(db, None).await?,
        workflows,
        now: ts(now),
    })
}

/// Conversion per step of 000's KPI table. A step's base is the orders that
/// reached its first stage and have left it; the rate is the share of those
/// that reached the next stage. `partner`: only that partner's orders (its
/// dashboard).
pub async fn conversion(
    db: &impl ConnectionTrait,
    partner: Option<i32>,
) -> Result<Vec<ConversionDto>, ServiceError> {
    // The status that marks reaching each stage.
    let stage = |name: &str| match name {
        "lead" => workflow::NEW_LEAD,
        "intake" => workflow::INTAKE_COMPLETED,
        "quote" => workflow::QUOTE_SENT,
        "approved" => workflow::BOTH_APPROVED,
        _ => workflow::COMPLETED,
    };
    let marks: Vec<&str> = ["lead", "intake", "quote", "approved", "completed"]
        .into_iter()
        .map(stage)
        .collect();
    let mut reached = status_transition::Entity::find().select_only();
    let mut by_status = order::Entity::find().select_only();
    if let Some(p) = partner {
        reached = reached
            .inner_join(order::Entity)
            .filter(order::Column::PartnerId.eq(p));
        by_status = by_status.filter(order::Column::PartnerId.eq(p));
    }
    let reached: HashMap<String, i64> = reached
        .column(status_transition::Column::ToStatus)
        .column_as(
            sea_orm::sea_query::ExprTrait::count_distinct(Expr::col(
                status_transition::Column::OrderId,
            )),
            "n",
        )
        .filter(status_transition::Column::ToStatus.is_in(marks.clone()))
        .group_by(status_transition::Column::ToStatus)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // Orders still sitting between a stage and the next have not decided yet.
    let by_status: HashMap<String, i64> = by_status
        .column(order::Column::Status)
        .column_as(order::Column::Id.count(), "n")
        .group_by(order::Column::Status)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let wf = Workflow::default_order_workflow();
    let order_of = |s: &str| wf.statuses.iter().position(|d| d.code == s);
    let mut out = Vec::new();
    for (from, to, target) in pipeline::CONVERSION_TARGETS {
        let (a, b) = (stage(from), stage(to));
        let (ia, ib) = (order_of(a).unwrap_or(0), order_of(b).unwrap_or(0));
        let open: i64 = wf
            .statuses
            .iter()
            .enumerate()
            .filter(|(i, _)| *i >= ia && *i < ib)
            .map(|(_, s)| by_status.get(&s.code).copied().unwrap_or(0))
            .sum();
        let reached_a = reached.get(a).copied().unwrap_or(0);
        let reached_b = reached.get(b).copied().unwrap_or(0);
        out.push(ConversionDto {
            from: from.to_owned(),
            to: to.to_owned(),
            decided: (reached_a - open).max(0) as u64,
            converted: reached_b as u64,
            target_percent: target,
        });
    }
    Ok(out)
}

/// The filters' choices.
pub async fn options(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<BoardOptions, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Operations))?;
    let entities = business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| OptionDto {
            value: e.code,
            label: e.brand,
        })
        .collect();
    let regions = region::Entity::find()
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|r| OptionDto {
            label: format!("{} – {}", r.code, r.name),
            value: r.code,
        })
        .collect();
    let mut partners: Vec<OptionDto> = partner::Entity::find()
        .find_also_related(contact::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(p, c)| OptionDto {
            value: p.id.to_string(),
            label: c.map(|c| c.display_name).unwrap_or_default(),
        })
        .collect();
    partners.sort_by_key(|a| a.label.to_lowercase());
    Ok(BoardOptions {
        entities,
        regions,
        partners,
    })
}

/// What a move asks for.
#[derive(Clone, Debug)]
pub struct MoveRequest {
    pub order_id: i32,
    /// The version the mover saw; a newer one means somebody else was first.
    pub version: i32,
    pub to: String,
    pub reason: Option<String>,
}

/// Moves one order, or says why not. Writes the transition, the SLA clock
/// of the new status and the hold/cancel data; announces it on `bus`.
pub async fn move_order(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    req: &MoveRequest,
    now: DateTime<Utc>,
) -> Result<Result<BoardCard, Refusal>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    let Some(o) = order::Entity::find_by_id(req.order_id).one(&txn).await? else {
        return Err(ServiceError::NotFound);
    };
    let id = o.id;
    if let Err(refusal) = crate::transition::apply_move(
        &txn,
        o,
        req.version,
        &req.to,
        req.reason.as_deref(),
        caller.map(|c| c.user_id),
        now,
    )
    .await?
    {
        return Ok(Err(refusal));
    }
    txn.commit().await?;
    Ok(Ok(announce(db, bus, id).await?))
}

/// Tells every open board that an order changed; returns its fresh card.
pub(crate) async fn announce(
    db: &impl ConnectionTrait,
    bus: Option<&Bus>,
    order_id: i32,
) -> Result<BoardCard, ServiceError> {
    let o = order::Entity::find_by_id(order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let card = card_of(db, o).await?;
    if let Some(bus) = bus {
        bus.publish(OrderEvent {
            order_id: card.id,
            order_number: card.order_number.clone(),
            status: card.status.clone(),
            version: card.version,
        });
    }
    Ok(card)
}

/// Something happened to an order outside the app (a credit check was
/// approved, a contract signed, a rental period ended): the order makes
/// the automatic move its workflow defines for `event` in its status.
/// Returns the new status. Errors: `Invalid("no_automatic_move")` when the
/// workflow has none for this status and event, `Stale` when
/// the order changed meanwhile.
pub async fn report_event(
    db: &sea_orm::DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    caller: Option<&CurrentUser>,
    order_id: i32,
    event: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let o = entity::order::Entity::find_by_id(order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let wf = crate::workflows::for_entity(db, o.business_entity_id).await?;
    let Some(to) = wf.on_event(&o.status, event.trim()).map(str::to_owned) else {
        return Err(ServiceError::Invalid("no_automatic_move".into()));
    };
    automatic_move(
        db,
        bus,
        o,
        &to,
        &format!("automatisch: {}", event.trim()),
        now,
    )
    .await?;
    Ok(to)
}

/// One system move (no actor), in its own transaction.
async fn automatic_move(
    db: &sea_orm::DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    o: entity::order::Model,
    to: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let id = o.id;
    let version = o.version;
    let txn = crate::db::begin_write(db).await?;
    match crate::transition::apply_move(&txn, o, version, to, Some(reason), None, now).await? {
        Ok(()) => {
            txn.commit().await?;
            announce(db, bus, id).await?;
            Ok(())
        }
        Err(r) => Err(r.into()),
    }
}

/// The clock's automatic moves: orders that have been long enough in a
/// status with an `after` trigger move on. Run by the SLA sweep; returns
/// how many orders moved.
pub async fn run_timers(
    db: &sea_orm::DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use entity::domain::workflow::Trigger;
    use entity::order;
    let mut moved = 0;
    let mut workflows: Vec<(Option<i32>, Workflow)> = crate::workflows::own(db)
        .await?
        .into_iter()
        .map(|(id, wf)| (Some(id), wf))
        .collect();
    workflows.push((None, Workflow::default_order_workflow()));
    let custom: Vec<i32> = workflows.iter().filter_map(|(id, _)| *id).collect();
    for (entity_id, wf) in &workflows {
        for a in &wf.automatic {
            let Trigger::After { hours } = a.trigger else {
                continue;
            };
            let mut q = order::Entity::find()
                .filter(order::Column::Status.eq(a.from.as_str()))
                .filter(
                    order::Column::StatusSince.lte(now - chrono::Duration::hours(hours.into())),
                );
            q = match entity_id {
                Some(id) => q.filter(order::Column::BusinessEntityId.eq(*id)),
                None => q.filter(order::Column::BusinessEntityId.is_not_in(custom.clone())),
            };
            for o in q.all(db).await? {
                let hours_in = (now - o.status_since).num_hours();
                // The shortest due timer of this status decides.
                if wf.due_timer(&o.status, hours_in) != Some(a.to.as_str()) {
                    continue;
                }
                let reason = format!("automatisch na {hours} uur in {}", wf.label(&a.from));
                match automatic_move(db, bus, o, &a.to, &reason, now).await {
                    Ok(()) => moved += 1,
                    // Somebody moved it meanwhile: nothing to do.
                    Err(ServiceError::Stale | ServiceError::Refused(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(moved)
}

/// Moves several orders to one status; each succeeds or fails on its own.
pub async fn move_many(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    orders: &[(i32, i32)],
    to: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<MoveResult>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    if orders.len() > 200 {
        return Err(ServiceError::Invalid("too_many".into()));
    }
    let mut out = Vec::with_capacity(orders.len());
    for (id, version) in orders {
        let number = order::Entity::find_by_id(*id)
            .one(db)
            .await?
            .map(|o| o.order_number)
            .unwrap_or_default();
        let req = MoveRequest {
            order_id: *id,
            version: *version,
            to: to.to_owned(),
            reason: reason.map(str::to_owned),
        };
        out.push(match move_order(db, bus, caller, &req, now).await {
            Ok(Ok(card)) => MoveResult {
                order_number: number,
                refused: None,
                card: Some(card),
            },
            Ok(Err(r)) => MoveResult {
                order_number: number,
                refused: Some(r.code().to_owned()),
                card: None,
            },
            Err(ServiceError::NotFound) => MoveResult {
                order_number: number,
                refused: Some("not_found".to_owned()),
                card: None,
            },
            Err(e) => return Err(e),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
