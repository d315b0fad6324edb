//! The partner API's sandbox (issue 20). A test key (`cc_test_…`) works on
//! orders of its own, kept in `sandbox_orders` and nowhere else: a lead
//! sent with a test key is checked exactly as a real one, but it never
//! becomes a real order, so planning, messages, SLAs, the pipeline and the
//! figures cannot see it. Its number starts with `TEST-`, and every answer
//! to a test key says `ChargeCars-Mode: test`.
//!
//! An integrator moves a sandbox order on along its entity's workflow with
//! `advance`, to see the statuses and events its code must handle. Test
//! keys read no quotes, visits or invoices (there are none), and a live key
//! never sees a sandbox order, nor a test key a real one.

use crate::api_keys::ApiCaller;
use crate::api_page::{cursor_of, cut, page_size, parse_cursor, OrderFilter};
use crate::idempotency;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::api::SANDBOX_NUMBER_PREFIX;
use entity::domain::workflow::{CANCELLED, ON_HOLD};
use entity::dto::{
    ApiEventDto, ApiEventPageDto, ApiNewLeadDto, ApiOrderDto, ApiOrderPageDto, ApiStatusChangeDto,
};
use entity::{business_entity, partner, sandbox_order};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// The most sandbox orders whose events `events` looks through.
const EVENT_WINDOW: u64 = 200;

fn history_of(o: &sandbox_order::Model) -> Vec<ApiStatusChangeDto> {
    serde_json::from_str(&o.history).unwrap_or_default()
}

fn dto(o: sandbox_order::Model, with_history: bool) -> ApiOrderDto {
    let history = if with_history {
        history_of(&o)
    } else {
        Vec::new()
    };
    ApiOrderDto {
        number: o.number,
        status: o.status,
        entity: o.entity,
        postcode: o.postcode,
        city: o.city,
        charger_count: o.charger_count,
        created_at: o.created_at,
        status_since: o.status_since,
        history,
    }
}

/// A fresh sandbox number: `TEST-` and 8 random base32 characters.
fn new_number() -> String {
    use rand_core::{OsRng, RngCore};
    let mut id = [0u8; 5];
    OsRng.fill_bytes(&mut id);
    format!(
        "{SANDBOX_NUMBER_PREFIX}{}",
        data_encoding::BASE32_NOPAD.encode(&id)
    )
}

/// A test key's lead: the same checks as a real lead (and the same field
/// codes), then a sandbox order in the entity workflow's first status.
/// Answers `(201, the order)`; a repeated `Idempotency-Key` answers as the
/// first did. Scope `leads:write`.
pub async fn create_lead(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    idempotency: Option<(&str, &str)>,
    lead: ApiNewLeadDto,
    now: DateTime<Utc>,
) -> Result<(u16, String), ServiceError> {
    caller.allow("leads:write")?;
    if !caller.test {
        return Err(ServiceError::NotFound);
    }
    let txn = crate::db::begin_write(db).await?;
    // The same Idempotency-Key sent live and in test mode is two requests:
    // the test one's hash differs, so it is refused (422), never answered
    // with the live order.
    let hash = idempotency.map(|(_, h)| crate::auth::token_hash(&format!("sandbox:{h}")));
    let claim = match idempotency::claim(
        &txn,
        caller.partner_id,
        idempotency.map(|(k, _)| k).zip(hash.as_deref()),
        now,
    )
    .await?
    {
        Ok(claim) => claim,
        Err(replay) => return Ok(replay),
    };
    let lead_json = serde_json::to_string(&lead).unwrap_or_default();
    let lead = lead.into_lead();
    let (mut errors, postcode) = crate::leads::check(&lead);
    let be = business_entity::Entity::find()
        .filter(business_entity::Column::Code.eq(lead.entity_code.trim()))
        .one(&txn)
        .await?;
    if be.is_none() && !lead.entity_code.trim().is_empty() {
        errors.push(("entity".into(), "unknown".into()));
    }
    let suspended = partner::Entity::find_by_id(caller.partner_id)
        .one(&txn)
        .await?
        .is_none_or(|p| p.onboarding_status == "suspended");
    if suspended {
        errors.push(("partner".into(), "suspended".into()));
    }
    let (Some(be), Some(postcode), true) = (be, postcode, errors.is_empty()) else {
        return Err(ServiceError::Fields(errors));
    };
    let wf = crate::workflows::for_entity(&txn, be.id).await?;
    let history = vec![ApiStatusChangeDto {
        from: None,
        to: wf.initial.clone(),
        at: now,
    }];
    let row = sandbox_order::ActiveModel {
        partner_id: Set(caller.partner_id),
        number: Set(new_number()),
        entity: Set(be.code.clone()),
        status: Set(wf.initial.clone()),
        postcode: Set(postcode),
        city: Set(lead.city.trim().to_owned()),
        charger_count: Set(lead.charger_count),
        lead: Set(lead_json),
        history: Set(serde_json::to_string(&history).unwrap_or_default()),
        created_at: Set(now),
        status_since: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let body = serde_json::to_string(&dto(row, true))
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    if let Some(claim) = claim {
        idempotency::finish(&txn, claim, 201, &body).await?;
    }
    txn.commit().await?;
    Ok((201, body))
}

async fn own(
    db: &impl sea_orm::ConnectionTrait,
    caller: &ApiCaller,
    number: &str,
) -> Result<sandbox_order::Model, ServiceError> {
    if !caller.test {
        return Err(ServiceError::NotFound);
    }
    sandbox_order::Entity::find()
        .filter(sandbox_order::Column::Number.eq(number.trim()))
        .filter(sandbox_order::Column::PartnerId.eq(caller.partner_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// One of the partner's sandbox orders, with its history. Scope `orders:read`.
pub async fn order(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<ApiOrderDto, ServiceError> {
    caller.allow("orders:read")?;
    Ok(dto(own(db, caller, number).await?, true))
}

/// The visits of a sandbox order: none (the sandbox plans nothing); 404 for
/// a number that is not one of the partner's sandbox orders.
pub async fn visits(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<Vec<entity::dto::ApiVisitDto>, ServiceError> {
    caller.allow("orders:read")?;
    own(db, caller, number).await?;
    Ok(Vec::new())
}

/// The partner's sandbox orders, newest first, with the live list's
/// filters and paging. Scope `orders:read`.
pub async fn orders(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    filter: &OrderFilter,
) -> Result<ApiOrderPageDto, ServiceError> {
    caller.allow("orders:read")?;
    let size = page_size(filter.limit)?;
    let after = parse_cursor(filter.cursor.as_deref())?;
    let mut q = sandbox_order::Entity::find()
        .filter(sandbox_order::Column::PartnerId.eq(caller.partner_id));
    if let Some(s) = filter.status.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(sandbox_order::Column::Status.eq(s));
    }
    if let Some(e) = filter.entity.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(sandbox_order::Column::Entity.eq(e));
    }
    if let Some(t) = filter.created_from {
        q = q.filter(sandbox_order::Column::CreatedAt.gte(t));
    }
    if let Some(t) = filter.created_before {
        q = q.filter(sandbox_order::Column::CreatedAt.lt(t));
    }
    if let Some(id) = after {
        q = q.filter(sandbox_order::Column::Id.lt(id));
    }
    let mut rows = if caller.test {
        q.order_by_desc(sandbox_order::Column::Id)
            .limit(size + 1)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let next_cursor = cut(&mut rows, size, |o| o.id);
    Ok(ApiOrderPageDto {
        data: rows.into_iter().map(|o| dto(o, false)).collect(),
        next_cursor,
    })
}

/// Moves a sandbox order on: to `to` when the entity's workflow allows that
/// step, or else to the next status of the usual path (not cancelled or on
/// hold), and answers `(200, the order)`. A final status goes nowhere (409
/// `final_status`), a step the workflow does not allow is 409
/// `transition_not_allowed`, and of two moves at the same moment one wins
/// (the other gets 409 `stale`). A repeated `Idempotency-Key` answers as
/// the first did and moves nothing. Scope `leads:write`.
pub async fn advance(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    idempotency: Option<(&str, &str)>,
    number: &str,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(u16, String), ServiceError> {
    caller.allow("leads:write")?;
    let txn = crate::db::begin_write(db).await?;
    let claim = match idempotency::claim(&txn, caller.partner_id, idempotency, now).await? {
        Ok(claim) => claim,
        Err(replay) => return Ok(replay),
    };
    let o = own(&txn, caller, number).await?;
    let be = business_entity::Entity::find()
        .filter(business_entity::Column::Code.eq(&o.entity))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let wf = crate::workflows::for_entity(&txn, be.id).await?;
    let allowed = wf.allowed_next(&o.status, None);
    let next = match to.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if allowed.iter().any(|a| a == t) => t.to_owned(),
        Some(_) => return Err(ServiceError::Conflict("transition_not_allowed".into())),
        None => allowed
            .iter()
            .find(|a| a.as_str() != CANCELLED && a.as_str() != ON_HOLD)
            .cloned()
            .ok_or_else(|| ServiceError::Conflict("final_status".into()))?,
    };
    let mut history = history_of(&o);
    history.push(ApiStatusChangeDto {
        from: Some(o.status.clone()),
        to: next.clone(),
        at: now,
    });
    // The status read above decides: a move made meanwhile makes this one
    // change no row.
    let moved = sandbox_order::Entity::update_many()
        .col_expr(sandbox_order::Column::Status, Expr::value(next))
        .col_expr(
            sandbox_order::Column::History,
            Expr::value(serde_json::to_string(&history).unwrap_or_default()),
        )
        .col_expr(sandbox_order::Column::StatusSince, Expr::value(now))
        .filter(sandbox_order::Column::Id.eq(o.id))
        .filter(sandbox_order::Column::Status.eq(&o.status))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    let o = sandbox_order::Entity::find_by_id(o.id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let body =
        serde_json::to_string(&dto(o, true)).map_err(|e| ServiceError::Internal(e.to_string()))?;
    if let Some(claim) = claim {
        idempotency::finish(&txn, claim, 200, &body).await?;
    }
    txn.commit().await?;
    Ok((200, body))
}

/// The sandbox's events: `order.status_changed` for each step of the
/// partner's newest sandbox orders, newest first (ids `evt_test_…`).
/// Scope `orders:read`.
pub async fn events(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    kind: Option<&str>,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> Result<ApiEventPageDto, ServiceError> {
    caller.allow("orders:read")?;
    let size = page_size(limit)?;
    // The cursor is the position in the list (the list is small).
    let skip = parse_cursor(cursor)?.unwrap_or(0).max(0) as usize;
    let rows = if caller.test {
        sandbox_order::Entity::find()
            .filter(sandbox_order::Column::PartnerId.eq(caller.partner_id))
            .order_by_desc(sandbox_order::Column::Id)
            .limit(EVENT_WINDOW)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let mut all: Vec<ApiEventDto> = rows
        .iter()
        .flat_map(|o| {
            history_of(o)
                .into_iter()
                .enumerate()
                .skip(1)
                .map(move |(i, step)| ApiEventDto {
                    id: format!("evt_test_{}_{i}", o.id),
                    kind: "order.status_changed".to_owned(),
                    created: step.at,
                    data: serde_json::json!({
                        "number": o.number,
                        "from": step.from,
                        "to": step.to,
                        "livemode": false,
                    }),
                })
        })
        .filter(|e| kind.is_none_or(|k| k.is_empty() || e.kind == k))
        .collect();
    all.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    let mut page: Vec<ApiEventDto> = all.into_iter().skip(skip).take(size as usize + 1).collect();
    let more = page.len() > size as usize;
    page.truncate(size as usize);
    Ok(ApiEventPageDto {
        next_cursor: more.then(|| cursor_of((skip + page.len()) as i32)),
        data: page,
    })
}

/// How many sandbox orders the partner's test keys have made (the API
/// page shows it).
pub async fn count(db: &DatabaseConnection, partner_id: i32) -> Result<u64, ServiceError> {
    use sea_orm::PaginatorTrait;
    Ok(sandbox_order::Entity::find()
        .filter(sandbox_order::Column::PartnerId.eq(partner_id))
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests;
