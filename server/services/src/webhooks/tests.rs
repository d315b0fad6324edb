use super::*;
use crate::domain_events::DomainEvent;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use crate::webhook_delivery::{deliver_due, verify, LEASE};
use entity::domain::workflow::QUOTE_SENT;
use entity::domain::Role;
use entity::{order, outbox_message};
use sea_orm::PaginatorTrait;
use std::sync::{Arc, Mutex};

fn now() -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc()
}

/// What a receiver saw: the event id header, the signature's check and
/// the body.
#[derive(Clone, Debug)]
struct Seen {
    event_id: String,
    signed: bool,
    body: serde_json::Value,
}

/// The receiver's clock, set by the test to the worker's "now".
type Clock = Arc<Mutex<DateTime<Utc>>>;

/// A local receiver that answers `answers` in turn (then 200), checking
/// each signature with `secret` against its clock, with the 5-minute
/// replay window a partner would use.
async fn receiver(
    secret: &'static str,
    answers: Vec<u16>,
    clock: Clock,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    use axum::http::{HeaderMap, StatusCode};
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let answers = Arc::new(Mutex::new(answers.into_iter()));
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (log, answers, clock) = (log.clone(), answers.clone(), clock.clone());
            async move {
                let at = *clock.lock().unwrap();
                let h = |n: &str| {
                    headers
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                log.lock().unwrap().push(Seen {
                    event_id: h("chargecars-event-id"),
                    signed: verify(
                        secret,
                        &h("chargecars-signature"),
                        &body,
                        at.timestamp(),
                        300,
                    ),
                    body: serde_json::from_str(&body).unwrap_or_default(),
                });
                let code = answers.lock().unwrap().next().unwrap_or(200);
                (StatusCode::from_u16(code).unwrap(), "ok")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hook"), seen)
}

/// An endpoint written directly: the URL check refuses this machine
/// unless the runtime allows it, which a shared test process cannot set.
async fn endpoint(
    db: &DatabaseConnection,
    partner_id: i32,
    url: &str,
    secret: &str,
    events: &str,
) -> webhook_endpoint::Model {
    webhook_endpoint::ActiveModel {
        partner_id: Set(partner_id),
        url: Set(url.to_owned()),
        secret: Set(secret.to_owned()),
        events: Set(events.to_owned()),
        active: Set(true),
        disabled_reason: Set(None),
        created_by_user_id: Set(1),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

/// The seeded desk (and admin) of `partner_id`.
fn partner_user(partner_id: i32) -> CurrentUser {
    testing::partner_desk(partner_id)
}

async fn delivery(db: &DatabaseConnection, id: i32) -> webhook_delivery::Model {
    webhook_delivery::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_delivery_that_fails_twice_then_succeeds_is_signed_every_time() {
    const SECRET: &str = "whsec_test_secret_one";
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let partner = testing::caller(Role::PartnerUser).partner_id.unwrap();
        let clock: Clock = Arc::new(Mutex::new(now()));
        let (url, seen) = receiver(SECRET, vec![500, 503], clock.clone()).await;
        let e = endpoint(db, partner, &url, SECRET, "quote.sent").await;
        let id = send_test(db, Some(&partner_user(partner)), e.id, now())
            .await
            .unwrap();
        let client = crate::webhook_delivery::client(true);
        let round = |at: DateTime<Utc>| {
            *clock.lock().unwrap() = at;
            deliver_due(db, &client, at, 10, LEASE)
        };

        assert_eq!(round(now()).await.unwrap().retried, 1);
        let d = delivery(db, id).await;
        assert_eq!((d.state.as_str(), d.last_status), (PENDING, Some(500)));
        assert_eq!(d.not_before, Some(now() + chrono::Duration::minutes(1)));
        // Not due yet: nothing is sent.
        let early = round(now() + chrono::Duration::seconds(30)).await.unwrap();
        assert_eq!((early.delivered, early.retried), (0, 0));
        assert_eq!(
            round(now() + chrono::Duration::minutes(1))
                .await
                .unwrap()
                .retried,
            1
        );
        assert_eq!(
            delivery(db, id).await.not_before,
            Some(now() + chrono::Duration::minutes(6))
        );
        assert_eq!(
            round(now() + chrono::Duration::minutes(6))
                .await
                .unwrap()
                .delivered,
            1
        );

        let d = delivery(db, id).await;
        assert_eq!((d.state.as_str(), d.attempts), (DELIVERED, 3));
        let got = seen.lock().unwrap().clone();
        assert_eq!(got.len(), 3, "{}", tdb.backend);
        let first = got[0].event_id.clone();
        assert!(first.starts_with("evt_"));
        assert!(got.iter().all(|s| s.event_id == first && s.signed));
        assert_eq!(got[0].body["type"], "test.ping");
        assert_eq!(got[0].body["id"], first.as_str());

        // The log shows each try with its answer; another partner sees none.
        let log = overview(db, Some(&partner_user(partner)), 10)
            .await
            .unwrap();
        let tries: Vec<Option<u16>> = log.deliveries[0].tries.iter().map(|t| t.status).collect();
        assert_eq!(tries, [Some(500), Some(503), Some(200)]);
        let other = partner_user(partner + 1);
        assert!(overview(db, Some(&other), 10)
            .await
            .unwrap()
            .deliveries
            .is_empty());
        assert!(matches!(
            replay(db, Some(&other), id, now()).await,
            Err(ServiceError::NotFound)
        ));
        // A replay is a new delivery of the same event.
        let again = replay(db, Some(&partner_user(partner)), id, now())
            .await
            .unwrap();
        round(now() + chrono::Duration::minutes(7)).await.unwrap();
        assert_eq!(delivery(db, again).await.state, DELIVERED);
        let got = seen.lock().unwrap().clone();
        assert_eq!((got.len(), got[3].event_id.as_str()), (4, first.as_str()));
        assert_eq!(log.deliveries[0].event_id, first);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn a_delivery_whose_worker_died_is_sent_again_with_the_same_event_id() {
    const SECRET: &str = "whsec_test_secret_two";
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let partner = testing::caller(Role::PartnerUser).partner_id.unwrap();
        let clock: Clock = Arc::new(Mutex::new(now() + chrono::Duration::seconds(61)));
        let (url, seen) = receiver(SECRET, vec![], clock).await;
        let e = endpoint(db, partner, &url, SECRET, "quote.sent").await;
        let id = send_test(db, Some(&partner_user(partner)), e.id, now())
            .await
            .unwrap();
        // A worker claims it and dies before it records anything.
        let claimed = crate::webhook_delivery::claim(db, now(), 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        let client = crate::webhook_delivery::client(true);
        // Within the lease another worker leaves it alone …
        let r = deliver_due(
            db,
            &client,
            now() + chrono::Duration::seconds(30),
            10,
            LEASE,
        )
        .await
        .unwrap();
        assert_eq!((r.recovered, r.delivered), (0, 0));
        // … after it, the delivery goes out again, once.
        let r = deliver_due(
            db,
            &client,
            now() + chrono::Duration::seconds(61),
            10,
            LEASE,
        )
        .await
        .unwrap();
        assert_eq!((r.recovered, r.delivered), (1, 1), "{}", tdb.backend);
        assert_eq!(delivery(db, id).await.state, DELIVERED);
        let got = seen.lock().unwrap().clone();
        assert_eq!(got.len(), 1);
        assert!(got[0].signed);
        tdb.cleanup().await;
    }
}

/// A host name is resolved when the worker connects, and one that points
/// at this machine or a private network is not reached (DNS rebinding):
/// the try is logged with the reason and retried later, as any failure.
#[tokio::test]
async fn a_host_name_that_points_inward_is_not_reached() {
    const SECRET: &str = "whsec_test_secret_inward";
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let partner = testing::caller(Role::PartnerUser).partner_id.unwrap();
    let clock: Clock = Arc::new(Mutex::new(now()));
    let (url, seen) = receiver(SECRET, vec![], clock).await;
    // Registered under a name; by delivery time it resolves to 127.0.0.1.
    let url = url.replace("127.0.0.1", "localhost");
    let e = endpoint(db, partner, &url, SECRET, "quote.sent").await;
    let id = send_test(db, Some(&partner_user(partner)), e.id, now())
        .await
        .unwrap();
    let r = deliver_due(
        db,
        &crate::webhook_delivery::client(false),
        now(),
        10,
        LEASE,
    )
    .await
    .unwrap();
    assert_eq!((r.delivered, r.retried), (0, 1));
    assert!(seen.lock().unwrap().is_empty(), "nothing reached it");
    let tries = webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.eq(id))
        .all(db)
        .await
        .unwrap();
    let why = tries[0].error.clone().unwrap_or_default();
    assert!(why.contains("resolves to no public address"), "{why}");
    assert_eq!(delivery(db, id).await.state, PENDING);
    // With local hosts allowed (development), the same delivery goes.
    let r = deliver_due(
        db,
        &crate::webhook_delivery::client(true),
        now() + chrono::Duration::minutes(2),
        10,
        LEASE,
    )
    .await
    .unwrap();
    assert_eq!(r.delivered, 1);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn order_events_reach_only_the_endpoints_that_want_them() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let o = order::Entity::find()
            .filter(order::Column::PartnerId.is_not_null())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let partner = o.partner_id.unwrap();
        let quotes = endpoint(db, partner, "https://erp.example.com/q", "s1", "quote.sent").await;
        let all = endpoint(
            db,
            partner,
            "https://erp.example.com/all",
            "s2",
            "order.status_changed,quote.sent",
        )
        .await;
        let off = endpoint(
            db,
            partner,
            "https://erp.example.com/off",
            "s3",
            "quote.sent",
        )
        .await;
        set_active(db, Some(&partner_user(partner)), off.id, false)
            .await
            .unwrap();
        let event = DomainEvent::OrderEntered {
            order_id: o.id,
            from: "quote_ready".into(),
            to: QUOTE_SENT.into(),
            reason: None,
            resumed: false,
        };
        crate::effects::webhooks::on_event(db, &event, &o, now())
            .await
            .unwrap();
        let kinds: Vec<String> = webhook_event::Entity::find()
            .filter(webhook_event::Column::OrderId.eq(o.id))
            .order_by_asc(webhook_event::Column::Id)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["order.status_changed", "quote.sent"]);
        let to = |id: i32| async move {
            webhook_delivery::Entity::find()
                .filter(webhook_delivery::Column::EndpointId.eq(id))
                .count(db)
                .await
                .unwrap()
        };
        assert_eq!(
            (to(quotes.id).await, to(all.id).await, to(off.id).await),
            (1, 2, 0)
        );
        // An order without a partner tells nobody.
        let direct = order::Entity::find()
            .filter(order::Column::PartnerId.is_null())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        crate::effects::webhooks::on_event(db, &event, &direct, now())
            .await
            .unwrap();
        assert_eq!(webhook_event::Entity::find().count(db).await.unwrap(), 2);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn an_endpoint_that_fails_for_three_days_is_turned_off_and_the_partner_told() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let partner = testing::caller(Role::PartnerUser).partner_id.unwrap();
        // Nobody listens on this port: every try is refused.
        let e = endpoint(db, partner, "http://127.0.0.1:9/hook", "s", "quote.sent").await;
        let id = send_test(db, Some(&partner_user(partner)), e.id, now())
            .await
            .unwrap();
        let client = crate::webhook_delivery::client(true);
        let mut at = now();
        let mut tries = 0;
        loop {
            let r = deliver_due(db, &client, at, 10, LEASE).await.unwrap();
            tries += r.retried + r.failed;
            let d = delivery(db, id).await;
            match d.not_before {
                Some(next) if d.state == PENDING => at = next,
                _ => break,
            }
        }
        let d = delivery(db, id).await;
        assert_eq!((d.state.as_str(), tries), (FAILED, 9), "{}", tdb.backend);
        let days = (at - now()).num_hours() as f64 / 24.0;
        assert!((2.5..=3.5).contains(&days), "gave up after {days} days");
        let e = webhook_endpoint::Entity::find_by_id(e.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (e.active, e.disabled_reason.as_deref()),
            (false, Some("failing"))
        );
        let told = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("webhook_disabled"))
            .count(db)
            .await
            .unwrap();
        assert!(told >= 1);
        // Nothing is sent to it any more, and the portal says why.
        assert!(matches!(
            send_test(db, Some(&partner_user(partner)), e.id, now()).await,
            Err(ServiceError::Conflict(_))
        ));
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn an_endpoint_is_checked_and_its_secret_shown_once() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let partner = testing::caller(Role::PartnerUser).partner_id.unwrap();
    let me = partner_user(partner);
    let made = create(
        db,
        Some(&me),
        &NewWebhookDto {
            url: "https://erp.groendus.nl/hooks/chargecars".into(),
            events: vec!["quote.sent".into(), "order.completed".into()],
        },
        now(),
    )
    .await
    .unwrap();
    assert!(made.secret.starts_with("whsec_") && made.secret.len() > 40);
    // The list names the events in their fixed order and never the secret.
    let list = overview(db, Some(&me), 10).await.unwrap();
    assert_eq!(list.endpoints[0].events, ["quote.sent", "order.completed"]);
    assert!(!serde_json::to_string(&list).unwrap().contains(&made.secret));
    let bad = create(
        db,
        Some(&me),
        &NewWebhookDto {
            url: "http://10.0.0.8/hook".into(),
            events: vec!["order.deleted".into()],
        },
        now(),
    )
    .await
    .map_err(ServiceError::into_fields)
    .unwrap_err();
    assert_eq!(
        bad,
        [
            ("url".to_owned(), "url_private".to_owned()),
            ("events".to_owned(), "invalid".to_owned())
        ]
    );
    // Only partner users manage webhooks.
    assert!(matches!(
        overview(db, Some(&testing::caller(Role::Planner)), 10).await,
        Err(ServiceError::Forbidden)
    ));
    tdb.cleanup().await;
}
