//! Service after the installation (002 "CUSTOMER PORTAL": service request,
//! warranty; seed 004 #3 and #13): a customer reports a problem with a
//! completed installation (category, description, photos), or claims
//! warranty, as a case linked to the original order. Ops move the case
//! through its steps (`domain::service`), each with an SLA; planning a
//! visit puts a service visit on the planning board, whose slot the
//! customer may pick like an installation's. The customer hears of each
//! step through the outbox, and the case's conversation is the order's.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::service::{
    may_move, sla_hours, under_warranty, warranty_until, CATEGORIES, DESCRIPTION, KINDS, MAX_PHOTOS,
};
use entity::domain::time::format_local;
use entity::domain::workflow::COMPLETED;
use entity::domain::{Role, VisitKind, VisitStatus};
use entity::dto::{CurrentUser, MyServiceDto, ServiceCaseDto, ServiceRequestInput, WarrantyDto};
use entity::{document, order, order_line, product, service_case, sign_off, visit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// The caller's own contact, if they are a customer; staff who may open
/// the customer portal have none (they see it empty); others are refused.
fn own_contact(caller: Option<&CurrentUser>) -> Result<Option<i32>, ServiceError> {
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    if c.role != Role::Customer {
        authorize(
            Some(c),
            Action::OpenPortal(entity::domain::Portal::Customer),
        )?;
        return Ok(None);
    }
    Ok(c.contact_id)
}

/// When the order was installed: its sign-off, else when it completed.
async fn installed_on(
    db: &impl ConnectionTrait,
    o: &order::Model,
) -> Result<chrono::NaiveDate, ServiceError> {
    let signed = sign_off::Entity::find()
        .filter(sign_off::Column::OrderId.eq(o.id))
        .one(db)
        .await?;
    Ok(signed
        .map(|s| s.recorded_at)
        .unwrap_or(o.status_since)
        .date_naive())
}

/// The warranty of each product installed on a completed order.
pub(crate) async fn warranties(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<Vec<WarrantyDto>, ServiceError> {
    if o.status != COMPLETED {
        return Ok(Vec::new());
    }
    let installed = installed_on(db, o).await?;
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(o.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?;
    let products: HashMap<i32, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(lines.iter().filter_map(|l| l.product_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(lines
        .iter()
        .filter_map(|l| products.get(&l.product_id?).map(|p| (l, p)))
        .filter(|(_, p)| p.kind == "charger" || p.kind == "installation")
        .map(|(l, p)| {
            let until = warranty_until(installed, p.warranty_months);
            WarrantyDto {
                order_number: o.order_number.clone(),
                product: p.name.clone(),
                quantity: l.quantity,
                months: p.warranty_months,
                installed: installed.to_string(),
                until: until.to_string(),
                active: under_warranty(until, now),
            }
        })
        .collect())
}

async fn dtos(
    db: &impl ConnectionTrait,
    cases: Vec<service_case::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<ServiceCaseDto>, ServiceError> {
    let (orders, names) =
        crate::orders::with_customers(db, cases.iter().map(|c| c.order_id)).await?;
    let mut photos: HashMap<i32, Vec<String>> = HashMap::new();
    for d in document::Entity::find()
        .filter(document::Column::ServiceCaseId.is_in(cases.iter().map(|c| c.id)))
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?
    {
        if let Some(c) = d.service_case_id {
            photos
                .entry(c)
                .or_default()
                .push(entity::paths::api::service_photo(d.id));
        }
    }
    Ok(cases
        .into_iter()
        .filter_map(|c| {
            let o = orders.get(&c.order_id)?;
            Some(ServiceCaseDto {
                id: c.id,
                version: c.version,
                order_number: o.order_number.clone(),
                customer: names
                    .get(&o.end_customer_contact_id)
                    .cloned()
                    .unwrap_or_default(),
                city: o.city.clone(),
                kind: c.kind,
                category: c.category,
                description: c.description,
                due: c.sla_due_at.map(format_local),
                overdue: c.sla_due_at.is_some_and(|d| d < now),
                status: c.status,
                resolution: c.resolution,
                created_at: format_local(c.created_at),
                photos: photos.remove(&c.id).unwrap_or_default(),
                case_number: c.case_number,
            })
        })
        .collect())
}

/// The customer's service page: their completed orders, cases and the
/// warranty of what was installed.
pub async fn mine(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<MyServiceDto, ServiceError> {
    let Some(contact) = own_contact(caller)? else {
        return Ok(MyServiceDto::default());
    };
    let orders = order::Entity::find()
        .filter(order::Column::EndCustomerContactId.eq(contact))
        .order_by_desc(order::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = MyServiceDto::default();
    for o in &orders {
        if o.status == COMPLETED {
            out.orders.push(o.order_number.clone());
            out.warranties.extend(warranties(db, o, now).await?);
        }
    }
    let cases = service_case::Entity::find()
        .filter(service_case::Column::OrderId.is_in(orders.iter().map(|o| o.id)))
        .order_by_desc(service_case::Column::CreatedAt)
        .order_by_desc(service_case::Column::Id)
        .all(db)
        .await?;
    out.cases = dtos(db, cases, now).await?;
    Ok(out)
}

/// Files a service request or warranty claim for one of the customer's
/// completed orders. Errors: `Fields` (kind, category, description,
/// photos: `photo_type`, `photo_too_large`, `too_many`), `Invalid
/// ("warranty_expired")` for a claim on nothing still under warranty,
/// `NotFound` for an order that is not theirs or not completed.
pub async fn file(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    input: &ServiceRequestInput,
    now: DateTime<Utc>,
) -> Result<ServiceCaseDto, ServiceError> {
    let contact = own_contact(caller)?.ok_or(ServiceError::NotFound)?;
    let user = caller.map(|c| c.user_id);
    let o = order::Entity::find()
        .filter(order::Column::OrderNumber.eq(input.order_number.trim()))
        .filter(order::Column::EndCustomerContactId.eq(contact))
        .filter(order::Column::Status.eq(COMPLETED))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut errors = Vec::new();
    if !KINDS.contains(&input.kind.as_str()) {
        errors.push(("kind".to_owned(), "invalid".to_owned()));
    }
    if !CATEGORIES.contains(&input.category.as_str()) {
        errors.push(("category".to_owned(), "invalid".to_owned()));
    }
    let description = input.description.trim();
    if !DESCRIPTION.contains(&description.chars().count()) {
        errors.push(("description".to_owned(), "length".to_owned()));
    }
    let mut photos = Vec::new();
    if input.photos.len() > MAX_PHOTOS {
        errors.push(("photos".to_owned(), "too_many".to_owned()));
    } else {
        for p in &input.photos {
            match crate::intake::decode_photo(p) {
                Ok(photo) => photos.push(photo),
                Err(code) => {
                    errors.push(("photos".to_owned(), code.to_owned()));
                    break;
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    if input.kind == "warranty" && !warranties(db, &o, now).await?.iter().any(|w| w.active) {
        return Err(ServiceError::Invalid("warranty_expired".into()));
    }
    let txn = crate::db::begin_write(db).await?;
    crate::db::take_turns_on(&txn, &format!("service_case:{}", o.id)).await?;
    let n = service_case::Entity::find()
        .filter(service_case::Column::OrderId.eq(o.id))
        .count(&txn)
        .await?;
    let case = service_case::ActiveModel {
        case_number: Set(format!("{}-S{}", o.order_number, n + 1)),
        order_id: Set(o.id),
        kind: Set(input.kind.clone()),
        category: Set(input.category.clone()),
        description: Set(description.to_owned()),
        status: Set("new".into()),
        sla_due_at: Set(sla_hours("new").map(|h| now + Duration::hours(h))),
        resolution: Set(None),
        visit_id: Set(None),
        created_by: Set(user),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, (mime, bytes)) in photos.into_iter().enumerate() {
        let ext = mime.rsplit('/').next().unwrap_or("jpg");
        document::ActiveModel {
            order_id: Set(o.id),
            kind: Set("service_photo".into()),
            file_name: Set(format!("{}-{}.{ext}", case.case_number, i + 1)),
            content_type: Set(mime),
            bytes: Set(bytes),
            uploaded_by_user_id: Set(user),
            created_at: Set(now),
            service_case_id: Set(Some(case.id)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    crate::audit::record(
        &txn,
        user,
        "service_cases",
        case.id,
        "service_case_filed",
        serde_json::json!({
            "case": case.case_number,
            "order": o.order_number,
            "kind": case.kind,
            "category": case.category,
        }),
        now,
    )
    .await?;
    crate::messages::to_customer(
        &txn,
        &o,
        "service_case_received",
        crate::vars! {"case_number" => case.case_number.clone()},
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(dtos(db, vec![case], now).await?.remove(0))
}

/// Every case, open ones first (the step due soonest first), for ops.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<Vec<ServiceCaseDto>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let mut cases = service_case::Entity::find()
        .order_by_desc(service_case::Column::CreatedAt)
        .all(db)
        .await?;
    cases.sort_by_key(|c| (c.status == "resolved", c.sla_due_at.map(|d| d.timestamp())));
    dtos(db, cases, now).await
}

/// Moves a case on (`domain::service::may_move`); `version` is the one ops
/// saw. Planning a visit puts an unplanned service visit for the order on
/// the planning board (and the customer may choose its slot); resolving
/// needs a `resolution`. Errors: `Conflict("step")` for a move the flow
/// does not have, `Invalid("resolution")`, `Stale`.
#[allow(clippy::too_many_arguments)]
pub async fn set_status(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    case_id: i32,
    version: i32,
    to: &str,
    resolution: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ServiceCaseDto, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let resolution = resolution
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(2000).collect::<String>());
    let txn = crate::db::begin_write(db).await?;
    let case = service_case::Entity::find_by_id(case_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !may_move(&case.status, to) {
        return Err(ServiceError::Conflict("step".into()));
    }
    if to == "resolved" && resolution.is_none() {
        return Err(ServiceError::Invalid("resolution".into()));
    }
    let o = order::Entity::find_by_id(case.order_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut visit_id = case.visit_id;
    if to == "visit_planned" && visit_id.is_none() {
        let v = visit::ActiveModel {
            order_id: Set(o.id),
            kind: Set(VisitKind::Service.as_str().to_owned()),
            date: Set(None),
            window_start_min: Set(8 * 60),
            window_end_min: Set(17 * 60),
            duration_minutes: Set(120),
            required_skills: Set(String::new()),
            day_team_id: Set(None),
            sequence: Set(None),
            pinned: Set(false),
            status: Set(VisitStatus::Unplanned.as_str().to_owned()),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        visit_id = Some(v.id);
    }
    let mut update = service_case::Entity::update_many()
        .col_expr(service_case::Column::Status, Expr::value(to))
        .col_expr(
            service_case::Column::SlaDueAt,
            Expr::value(sla_hours(to).map(|h| now + Duration::hours(h))),
        )
        .col_expr(service_case::Column::VisitId, Expr::value(visit_id))
        .col_expr(service_case::Column::UpdatedAt, Expr::value(now));
    if resolution.is_some() {
        update = update.col_expr(
            service_case::Column::Resolution,
            Expr::value(resolution.clone()),
        );
    }
    crate::db::update_versioned(&txn, update, case.id, version).await?;
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "service_cases",
        case.id,
        "service_case_moved",
        serde_json::json!({ "from": case.status, "to": to, "resolution": resolution }),
        now,
    )
    .await?;
    crate::messages::to_customer(
        &txn,
        &o,
        "service_case_update",
        crate::vars! {
            "case_number" => case.case_number.clone(),
            "status_nl" => status_text(to).0,
            "status_en" => status_text(to).1,
        },
        now,
        now,
    )
    .await?;
    txn.commit().await?;
    crate::pipeline::announce(db, bus, o.id).await?;
    let stored = service_case::Entity::find_by_id(case.id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(dtos(db, vec![stored], now).await?.remove(0))
}

/// A step as the customer's message names it (Dutch, English).
fn status_text(status: &str) -> (&'static str, &'static str) {
    match status {
        "triage" => ("in behandeling", "being handled"),
        "visit_planned" => (
            "er komt een monteur langs; kies het moment in uw klantportaal",
            "a technician will come; choose the time in your customer portal",
        ),
        "resolved" => ("opgelost", "resolved"),
        _ => ("ontvangen", "received"),
    }
}

/// A case's photo, for its customer and for staff; others get `NotFound`.
pub async fn photo(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
) -> Result<(String, Vec<u8>), ServiceError> {
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    let d = document::Entity::find_by_id(id)
        .filter(document::Column::ServiceCaseId.is_not_null())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let staff = authorize(Some(caller), Action::ManagePipeline).is_ok();
    if !staff {
        let o = order::Entity::find_by_id(d.order_id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if caller.role != Role::Customer || caller.contact_id != Some(o.end_customer_contact_id) {
            return Err(ServiceError::NotFound);
        }
    }
    Ok((d.content_type, d.bytes))
}

#[cfg(test)]
mod tests;
