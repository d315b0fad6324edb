//! Partner webhooks (issue 20): a partner registers endpoints and picks
//! events; what happens to its orders is published here (`publish`, in the
//! transaction of the change) as an event with a stable id and one
//! delivery per subscribed endpoint, which `webhook_delivery`'s worker
//! sends, signs and retries. The portal lists the deliveries with every
//! try, replays one, and sends a test event.

use crate::api_keys::{is_partner_admin, partner_admin_of, partner_of};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::webhooks::{self, TEST_EVENT};
use entity::dto::{
    CreatedWebhookDto, CurrentUser, NewWebhookDto, WebhookDeliveryDto, WebhookEndpointDto,
    WebhookTryDto, WebhooksDto,
};
use entity::{webhook_attempt, webhook_delivery, webhook_endpoint, webhook_event};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

fn dto(e: webhook_endpoint::Model) -> WebhookEndpointDto {
    WebhookEndpointDto {
        id: e.id,
        url: e.url,
        events: split(&e.events),
        active: e.active,
        disabled_reason: e.disabled_reason,
        created_at: e.created_at,
    }
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A fresh signing secret: `whsec_` and 256 random bits.
fn new_secret() -> String {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("whsec_{}", data_encoding::BASE64URL_NOPAD.encode(&bytes))
}

/// A fresh event id: `evt_` and 128 random bits.
fn new_event_id() -> String {
    format!("evt_{}", uuid::Uuid::new_v4().simple())
}

/// Registers an endpoint for the caller's partner; the answer holds the
/// signing secret, shown this once.
pub async fn create(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    input: &NewWebhookDto,
    now: DateTime<Utc>,
) -> Result<CreatedWebhookDto, ServiceError> {
    let (partner_id, user_id) = partner_admin_of(db, caller).await?;
    let problems = webhooks::problems(
        &input.url,
        &input.events,
        crate::runtime::get().webhook_allow_local,
    );
    if !problems.is_empty() {
        return Err(ServiceError::Fields(
            problems
                .into_iter()
                .map(|f| {
                    let code = match f {
                        "url" => webhooks::url_problem(
                            &input.url,
                            crate::runtime::get().webhook_allow_local,
                        )
                        .unwrap_or("url"),
                        _ => "invalid",
                    };
                    (f.to_owned(), code.to_owned())
                })
                .collect(),
        ));
    }
    let mut events: Vec<&str> = webhooks::EVENTS
        .into_iter()
        .filter(|e| input.events.iter().any(|x| x == e))
        .collect();
    events.dedup();
    let secret = new_secret();
    let e = webhook_endpoint::ActiveModel {
        partner_id: Set(partner_id),
        url: Set(input.url.trim().to_owned()),
        secret: Set(secret.clone()),
        events: Set(events.join(",")),
        active: Set(true),
        disabled_reason: Set(None),
        created_by_user_id: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(CreatedWebhookDto {
        endpoint: dto(e),
        secret,
    })
}

async fn own(
    db: &impl ConnectionTrait,
    partner_id: i32,
    id: i32,
) -> Result<webhook_endpoint::Model, ServiceError> {
    webhook_endpoint::Entity::find_by_id(id)
        .filter(webhook_endpoint::Column::PartnerId.eq(partner_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Turns an endpoint off (nothing more is sent to it; what waits is kept)
/// or on again.
pub async fn set_active(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    active: bool,
) -> Result<WebhookEndpointDto, ServiceError> {
    let (partner_id, _) = partner_admin_of(db, caller).await?;
    let e = own(db, partner_id, id).await?;
    let mut a: webhook_endpoint::ActiveModel = e.into();
    a.active = Set(active);
    a.disabled_reason = Set((!active).then(|| "by_partner".to_owned()));
    Ok(dto(a.update(db).await?))
}

/// Records an event of the partner's order and a delivery to each active
/// endpoint that wants it. In the caller's transaction: the event exists
/// exactly when the change that caused it does.
pub(crate) async fn publish(
    db: &impl ConnectionTrait,
    partner_id: i32,
    kind: &str,
    order_id: Option<i32>,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let endpoints: Vec<webhook_endpoint::Model> = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::PartnerId.eq(partner_id))
        .filter(webhook_endpoint::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|e| e.events.split(',').any(|k| k == kind))
        .collect();
    let event = record(db, partner_id, kind, order_id, data, now).await?;
    for e in endpoints {
        enqueue(db, e.id, event.id, now).await?;
    }
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    partner_id: i32,
    kind: &str,
    order_id: Option<i32>,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<webhook_event::Model, ServiceError> {
    let id = new_event_id();
    let body = serde_json::json!({
        "id": id,
        "type": kind,
        "created": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "data": data,
    });
    Ok(webhook_event::ActiveModel {
        event_id: Set(id),
        partner_id: Set(partner_id),
        kind: Set(kind.to_owned()),
        order_id: Set(order_id),
        payload: Set(body.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

async fn enqueue(
    db: &impl ConnectionTrait,
    endpoint_id: i32,
    event_id: i32,
    now: DateTime<Utc>,
) -> Result<webhook_delivery::Model, ServiceError> {
    Ok(webhook_delivery::ActiveModel {
        endpoint_id: Set(endpoint_id),
        event_id: Set(event_id),
        state: Set(PENDING.to_owned()),
        attempts: Set(0),
        not_before: Set(None),
        claimed_at: Set(None),
        last_status: Set(None),
        last_error: Set(None),
        delivered_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Sends a `test.ping` event to one endpoint, through the same worker,
/// signature and retries as every other event. Returns the delivery's id.
pub async fn send_test(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    endpoint_id: i32,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    let (partner_id, _) = partner_admin_of(db, caller).await?;
    let e = own(db, partner_id, endpoint_id).await?;
    if !e.active {
        return Err(ServiceError::Conflict("endpoint_disabled".into()));
    }
    let txn = crate::db::begin_write(db).await?;
    let event = record(
        &txn,
        partner_id,
        TEST_EVENT,
        None,
        serde_json::json!({ "message": "Test event from the ChargeCars partner portal." }),
        now,
    )
    .await?;
    let d = enqueue(&txn, e.id, event.id, now).await?;
    txn.commit().await?;
    Ok(d.id)
}

/// Sends a delivery's event again (the same event id), as a new delivery
/// to the same endpoint. Returns the new delivery's id.
pub async fn replay(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    delivery_id: i32,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    let (partner_id, _) = partner_admin_of(db, caller).await?;
    let d = webhook_delivery::Entity::find_by_id(delivery_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let e = own(db, partner_id, d.endpoint_id).await?;
    if !e.active {
        return Err(ServiceError::Conflict("endpoint_disabled".into()));
    }
    Ok(enqueue(db, e.id, d.event_id, now).await?.id)
}

/// The caller's endpoints and their latest `limit` deliveries, newest
/// first, each with its tries.
pub async fn overview(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    limit: u64,
) -> Result<WebhooksDto, ServiceError> {
    let (partner_id, user_id) = partner_of(caller)?;
    let may_manage = is_partner_admin(db, user_id, partner_id).await?;
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::PartnerId.eq(partner_id))
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(db)
        .await?;
    let urls: HashMap<i32, String> = endpoints.iter().map(|e| (e.id, e.url.clone())).collect();
    let deliveries = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.is_in(urls.keys().copied()))
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(db)
        .await?;
    let events: HashMap<i32, webhook_event::Model> = webhook_event::Entity::find()
        .filter(webhook_event::Column::Id.is_in(deliveries.iter().map(|d| d.event_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut tries: HashMap<i32, Vec<WebhookTryDto>> = HashMap::new();
    for a in webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.is_in(deliveries.iter().map(|d| d.id)))
        .order_by_asc(webhook_attempt::Column::Id)
        .all(db)
        .await?
    {
        tries.entry(a.delivery_id).or_default().push(WebhookTryDto {
            at: a.at,
            status: a.status.map(|s| s as u16),
            latency_ms: a.latency_ms,
            response_body: a.response_body,
            error: a.error,
        });
    }
    Ok(WebhooksDto {
        deliveries: deliveries
            .into_iter()
            .map(|d| {
                let ev = events.get(&d.event_id);
                WebhookDeliveryDto {
                    id: d.id,
                    endpoint_id: d.endpoint_id,
                    url: urls.get(&d.endpoint_id).cloned().unwrap_or_default(),
                    event_id: ev.map(|e| e.event_id.clone()).unwrap_or_default(),
                    kind: ev.map(|e| e.kind.clone()).unwrap_or_default(),
                    next_try_at: (d.state == PENDING).then_some(d.not_before).flatten(),
                    state: d.state,
                    created_at: d.created_at,
                    delivered_at: d.delivered_at,
                    request_body: ev.map(|e| e.payload.clone()).unwrap_or_default(),
                    tries: tries.remove(&d.id).unwrap_or_default(),
                }
            })
            .collect(),
        endpoints: endpoints.into_iter().map(dto).collect(),
        allow_local: crate::runtime::get().webhook_allow_local,
        may_manage,
    })
}

#[cfg(test)]
mod tests;
