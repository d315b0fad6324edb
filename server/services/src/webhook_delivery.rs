//! The webhook worker (issue 20): the deliveries `webhooks::publish` wrote
//! leave here, signed, and are retried until the partner's endpoint takes
//! them. The same outbox pattern as messages (`delivery`): a batch of due
//! deliveries is claimed in one short transaction (`FOR UPDATE SKIP
//! LOCKED` on PostgreSQL, IMMEDIATE on SQLite) and is `sending` before
//! anything leaves.
//!
//! Unlike a message, a webhook is delivered **at least once**: a delivery
//! left `sending` by a worker that died (kill -9 mid-request) goes back to
//! `pending` after `lease` and is sent again with the same event id, which
//! receivers use to drop the repeat.
//!
//! The signature: `ChargeCars-Signature: t=<unix seconds>,v1=<hex>`, the
//! HMAC-SHA256 of `"<t>.<body>"` under the endpoint's secret. Failed tries
//! wait 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h and 24 h (about three
//! days); then the delivery has failed, the endpoint is turned off and the
//! partner's users are told by e-mail.

use crate::webhooks::{DELIVERED, FAILED, PENDING, SENDING};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::messaging::{Channel, Class};
use entity::domain::webhooks::{EVENT_ID_HEADER, SIGNATURE_HEADER};
use entity::webhook_delivery::{self, Column, Entity};
use entity::{user, webhook_attempt, webhook_endpoint, webhook_event};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

/// The waits after each failed try, in minutes.
const RETRY_MINUTES: [i64; 8] = [1, 5, 30, 120, 360, 720, 1440, 1440];
/// How long a receiver may take to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// How long a claimed delivery may stay `sending` (well above `TIMEOUT`).
pub const LEASE: Duration = Duration::seconds(60);

/// The wait after `attempts` failed tries, or `None` when it has failed
/// for good.
pub fn backoff(attempts: i32) -> Option<Duration> {
    let i = usize::try_from(Ord::max(attempts, 1) - 1).ok()?;
    RETRY_MINUTES.get(i).map(|m| Duration::minutes(*m))
}

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn mac(secret: &str, t: i64, body: &str) -> HmacSha256 {
    use hmac::Mac;
    let mut m = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    m.update(t.to_string().as_bytes());
    m.update(b".");
    m.update(body.as_bytes());
    m
}

/// The signature header's value for `body` sent at `t` (unix seconds).
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    use hmac::Mac;
    let hex = data_encoding::HEXLOWER.encode(&mac(secret, t, body).finalize().into_bytes());
    format!("t={t},v1={hex}")
}

/// What a receiver checks: a `v1` that matches (compared in constant
/// time) and a timestamp within `window_secs` of `now` (unix seconds).
pub fn verify(secret: &str, header: &str, body: &str, now: i64, window_secs: i64) -> bool {
    use hmac::Mac;
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > window_secs {
        return false;
    }
    sigs.iter().any(|s| {
        data_encoding::HEXLOWER
            .decode(s.as_bytes())
            .is_ok_and(|bytes| mac(secret, t, body).verify_slice(&bytes).is_ok())
    })
}

/// The HTTP client of the worker: no redirects (a receiver may not send
/// the signed body elsewhere), a timeout below the lease, and, unless
/// `allow_local` (development), host names resolved at each connection to
/// public addresses only: a name that was public when the endpoint was
/// registered may point inward later (DNS rebinding). An address written
/// in the URL itself was checked when the endpoint was registered.
pub fn client(allow_local: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("ChargeCars-Webhooks/1");
    let builder = if allow_local {
        builder
    } else {
        builder.dns_resolver(std::sync::Arc::new(PublicOnly))
    };
    builder.build().expect("an HTTP client")
}

/// An error with its causes ("error sending request: … resolves to no
/// public address"), for the partner's delivery log.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// A resolver that gives the worker only public addresses.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let public: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| !entity::domain::webhooks::is_local_ip(a.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
    /// Deliveries whose worker died, put back to be sent again.
    pub recovered: u64,
}

/// Deliveries left `sending` longer than `lease`: their worker died
/// mid-request, so nobody knows whether the receiver got them. They go
/// back to `pending` and are sent again (at least once).
pub async fn recover(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<u64, ServiceError> {
    Ok(Entity::update_many()
        .col_expr(Column::State, Expr::value(PENDING))
        .col_expr(Column::NotBefore, Expr::value(None::<DateTime<Utc>>))
        .col_expr(
            Column::LastError,
            Expr::value(Some(
                "the worker stopped while sending; sent again".to_owned(),
            )),
        )
        .filter(Column::State.eq(SENDING))
        .filter(Column::ClaimedAt.lt(now - lease))
        .exec(db)
        .await?
        .rows_affected)
}

/// Takes up to `limit` due deliveries: `sending` from here on, and no
/// other worker gets them.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, ServiceError> {
    crate::db::claim_due::<Entity, i32>(
        db,
        crate::db::LeaseQueue {
            id: Column::Id,
            state: Column::State,
            not_before: Column::NotBefore,
            claimed_at: Column::ClaimedAt,
            attempts: Column::Attempts,
        },
        sea_orm::Condition::all(),
        now,
        limit,
    )
    .await
}

/// One try's outcome.
struct Tried {
    status: Option<u16>,
    body: Option<String>,
    error: Option<String>,
    latency_ms: i32,
}

async fn post(
    client: &reqwest::Client,
    endpoint: &webhook_endpoint::Model,
    event: &webhook_event::Model,
    now: DateTime<Utc>,
) -> Tried {
    let started = std::time::Instant::now();
    let signature = sign(&endpoint.secret, now.timestamp(), &event.payload);
    let sent = client
        .post(&endpoint.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .header(EVENT_ID_HEADER, &event.event_id)
        .body(event.payload.clone())
        .send()
        .await;
    let (status, body, error) = match sent {
        Ok(res) => {
            let status = res.status().as_u16();
            let text = res.text().await.unwrap_or_default();
            let body: String = text.chars().take(2048).collect();
            (Some(status), Some(body), None)
        }
        Err(e) => (None, None, Some(with_causes(&e.without_url()))),
    };
    Tried {
        status,
        body,
        error,
        latency_ms: started.elapsed().as_millis().min(i32::MAX as u128) as i32,
    }
}

/// One round: puts dead workers' deliveries back, claims due ones, sends
/// each and records the try.
pub async fn deliver_due(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    now: DateTime<Utc>,
    limit: u64,
    lease: Duration,
) -> Result<Round, ServiceError> {
    let mut round = Round {
        recovered: recover(db, now, lease).await?,
        ..Round::default()
    };
    for d in claim(db, now, limit).await? {
        let endpoint = webhook_endpoint::Entity::find_by_id(d.endpoint_id)
            .one(db)
            .await?;
        let event = webhook_event::Entity::find_by_id(d.event_id)
            .one(db)
            .await?;
        let (Some(endpoint), Some(event)) = (endpoint, event) else {
            finish(db, &d, FAILED, None, Some("gone".into()), None, now).await?;
            round.failed += 1;
            continue;
        };
        if !endpoint.active {
            let why = "the endpoint is turned off".to_owned();
            finish(db, &d, FAILED, None, Some(why), None, now).await?;
            round.failed += 1;
            continue;
        }
        let tried = post(client, &endpoint, &event, now).await;
        webhook_attempt::ActiveModel {
            delivery_id: Set(d.id),
            at: Set(now),
            status: Set(tried.status.map(|s| s as i16)),
            latency_ms: Set(tried.latency_ms),
            response_body: Set(tried.body.clone()),
            error: Set(tried.error.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let ok = tried.status.is_some_and(|s| (200..300).contains(&s));
        let error = tried.error.or_else(|| {
            tried
                .status
                .filter(|_| !ok)
                .map(|s| format!("the endpoint answered {s}"))
        });
        if ok {
            finish(db, &d, DELIVERED, tried.status, None, None, now).await?;
            round.delivered += 1;
        } else if let Some(wait) = backoff(d.attempts) {
            finish(db, &d, PENDING, tried.status, error, Some(now + wait), now).await?;
            round.retried += 1;
        } else {
            finish(db, &d, FAILED, tried.status, error, None, now).await?;
            round.failed += 1;
            turn_off(db, &endpoint, now).await?;
        }
    }
    Ok(round)
}

/// Records a delivery's outcome, if this worker still holds it (a lease
/// that ran out gave it to another).
async fn finish(
    db: &DatabaseConnection,
    d: &webhook_delivery::Model,
    state: &str,
    status: Option<u16>,
    error: Option<String>,
    not_before: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    Entity::update_many()
        .col_expr(Column::State, Expr::value(state))
        .col_expr(Column::LastStatus, Expr::value(status.map(|s| s as i16)))
        .col_expr(
            Column::LastError,
            Expr::value(error.map(|e| e.chars().take(500).collect::<String>())),
        )
        .col_expr(Column::NotBefore, Expr::value(not_before))
        .col_expr(
            Column::DeliveredAt,
            Expr::value((state == DELIVERED).then_some(now)),
        )
        .filter(Column::Id.eq(d.id))
        .filter(Column::State.eq(SENDING))
        .filter(Column::ClaimedAt.eq(d.claimed_at))
        .exec(db)
        .await?;
    Ok(())
}

/// An endpoint that failed a delivery for about three days is turned off,
/// and the partner's users are told.
async fn turn_off(
    db: &DatabaseConnection,
    endpoint: &webhook_endpoint::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::db::begin_write(db).await?;
    let changed = webhook_endpoint::Entity::update_many()
        .col_expr(webhook_endpoint::Column::Active, Expr::value(false))
        .col_expr(
            webhook_endpoint::Column::DisabledReason,
            Expr::value(Some("failing".to_owned())),
        )
        .filter(webhook_endpoint::Column::Id.eq(endpoint.id))
        .filter(webhook_endpoint::Column::Active.eq(true))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 1 {
        let users = user::Entity::find()
            .filter(user::Column::PartnerId.eq(endpoint.partner_id))
            .filter(user::Column::Active.eq(true))
            .all(&txn)
            .await?;
        let subject = "Uw webhook is uitgeschakeld";
        let body = format!(
            "Uw webhook-adres {} heeft drie dagen lang geen enkele levering aangenomen. \
We hebben het uitgeschakeld, zodat er niets meer naartoe gaat.\n\n\
Herstel het adres en zet het weer aan onder API-sleutels in het partnerportaal: {}{}\n\
Mislukte leveringen kunt u daar opnieuw versturen.",
            endpoint.url,
            crate::runtime::public_url(),
            entity::paths::partner::API
        );
        for u in users {
            crate::outbox::queue(
                &txn,
                &crate::outbox::Outgoing {
                    channel: Channel::Email,
                    class: Class::Transactional,
                    to: &u.email,
                    subject,
                    body: &body,
                    html: None,
                    template: "webhook_disabled",
                    business_entity_id: None,
                    order_id: None,
                    unsubscribe_token: None,
                    language: "nl",
                    due: now,
                },
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_its_body_secret_and_time() {
        let body = r#"{"id":"evt_1","type":"quote.sent"}"#;
        let h = sign("whsec_a", 1_800_000_000, body);
        assert!(h.starts_with("t=1800000000,v1=") && h.len() == 16 + 64);
        assert!(verify("whsec_a", &h, body, 1_800_000_000 + 299, 300));
        assert!(
            !verify("whsec_a", &h, body, 1_800_000_000 + 301, 300),
            "too old"
        );
        assert!(
            !verify("whsec_b", &h, body, 1_800_000_000, 300),
            "another secret"
        );
        assert!(!verify(
            "whsec_a",
            &h,
            &body.replace("quote", "order"),
            1_800_000_000,
            300
        ));
        assert!(
            !verify("whsec_a", "v1=00", body, 1_800_000_000, 300),
            "no time"
        );
        // A receiver may be sent several v1 values while secrets roll over.
        let both = format!("{h},v1={}", "ab".repeat(32));
        assert!(verify("whsec_a", &both, body, 1_800_000_000, 300));
    }

    #[test]
    fn retries_back_off_for_about_three_days() {
        let waits: Vec<i64> = (1..=9)
            .map(|n| backoff(n).map_or(-1, |d| d.num_minutes()))
            .collect();
        assert_eq!(waits, [1, 5, 30, 120, 360, 720, 1440, 1440, -1]);
        let total: i64 = waits.iter().filter(|w| **w > 0).sum();
        assert_eq!(total, 4116, "2.9 days");
    }
}
