use super::*;
use crate::testing;
use sea_orm::QueryOrder;
use sea_orm::{ActiveModelTrait, PaginatorTrait};
use std::sync::Mutex;

/// Records what it is given, or fails every hand-over with `fail`.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<Mail>>,
    fail: Option<SendError>,
}

impl Transport for Recorder {
    async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        if let Some(e) = &self.fail {
            return Err(e.clone());
        }
        self.sent.lock().unwrap().push(mail.clone());
        Ok(())
    }
}

const FROM: &str = "ChargeCars <noreply@chargecars.nl>";

async fn queue(db: &DatabaseConnection, n: usize, now: DateTime<Utc>) {
    for i in 0..n {
        crate::outbox::queue_email(
            db,
            &format!("klant{i}@example.nl"),
            &format!("Bericht {i}"),
            &format!("Tekst {i}"),
            "test",
            now,
        )
        .await
        .unwrap();
    }
}

async fn in_state(db: &DatabaseConnection, state: &str) -> u64 {
    Entity::find()
        .filter(Column::State.eq(state))
        .count(db)
        .await
        .unwrap()
}

#[test]
fn the_back_off_doubles_from_one_minute() {
    let minutes: Vec<i64> = (1..=6).map(|n| backoff(n).num_minutes()).collect();
    assert_eq!(minutes, [1, 2, 4, 8, 16, 16]);
}

#[tokio::test]
async fn due_mail_is_sent_once_with_its_key_as_message_id() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    let now = Utc::now();
    queue(db, 3, now).await;
    let recorder = Recorder::default();
    let round = deliver_due(db, &Carriers::mail(&recorder, FROM), now, 10)
        .await
        .unwrap();
    assert_eq!(
        round,
        Round {
            sent: 3,
            retried: 0,
            failed: 0
        }
    );
    // Nothing is due any more.
    let again = deliver_due(db, &Carriers::mail(&recorder, FROM), now, 10)
        .await
        .unwrap();
    assert_eq!(again, Round::default());
    let sent = recorder.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 3);
    let rows = Entity::find()
        .order_by_asc(Column::Id)
        .all(db)
        .await
        .unwrap();
    for (mail, row) in sent.iter().zip(&rows) {
        assert_eq!(mail.to, row.recipient);
        assert_eq!(mail.from, FROM);
        assert_eq!(
            mail.message_id,
            format!("<{}@chargecars.nl>", row.idempotency_key)
        );
        assert_eq!((row.state.as_str(), row.attempts), (SENT, 1));
        assert!(row.sent_at.is_some());
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_refused_hand_over_is_retried_with_back_off_then_becomes_a_dead_letter() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    let t0 = Utc::now();
    queue(db, 1, t0).await;
    let down = Recorder {
        fail: Some(SendError::Transient("connection refused".into())),
        ..Default::default()
    };
    let mut now = t0;
    for attempt in 1..MAX_ATTEMPTS {
        let r = deliver_due(db, &Carriers::mail(&down, FROM), now, 10)
            .await
            .unwrap();
        assert_eq!(r.retried, 1, "attempt {attempt}");
        // Not due again before its back-off.
        let early = deliver_due(
            db,
            &Carriers::mail(&down, FROM),
            now + backoff(attempt) - Duration::seconds(1),
            10,
        )
        .await
        .unwrap();
        assert_eq!(early, Round::default(), "attempt {attempt}");
        now += backoff(attempt);
    }
    let last = deliver_due(db, &Carriers::mail(&down, FROM), now, 10)
        .await
        .unwrap();
    assert_eq!(last.failed, 1);
    let row = Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.attempts), (FAILED, MAX_ATTEMPTS));
    assert_eq!(row.last_error.as_deref(), Some("connection refused"));
    // A message the provider refuses outright is a dead letter at once.
    queue(db, 1, now).await;
    let refusing = Recorder {
        fail: Some(SendError::Permanent("550 no such user".into())),
        ..Default::default()
    };
    assert_eq!(
        deliver_due(db, &Carriers::mail(&refusing, FROM), now, 10)
            .await
            .unwrap()
            .failed,
        1
    );
    assert_eq!(in_state(db, FAILED).await, 2);
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_message_left_sending_by_a_dead_worker_is_never_sent_again() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    let now = Utc::now();
    queue(db, 2, now).await;
    // A worker claims both and dies before recording anything.
    assert_eq!(claim(db, now, 10, &["email"]).await.unwrap().len(), 2);
    let recorder = Recorder::default();
    assert_eq!(
        deliver_due(db, &Carriers::mail(&recorder, FROM), now, 10)
            .await
            .unwrap(),
        Round::default()
    );
    // After the lease they are uncertain, and stay unsent.
    let later = now + LEASE + Duration::seconds(1);
    assert_eq!(
        deliver_due(db, &Carriers::mail(&recorder, FROM), later, 10)
            .await
            .unwrap(),
        Round::default()
    );
    assert_eq!(in_state(db, UNCERTAIN).await, 2);
    assert!(recorder.sent.lock().unwrap().is_empty());
    tdb.cleanup().await;
}

#[tokio::test]
async fn concurrent_workers_never_claim_the_same_message() {
    for tdb in testing::concurrent_databases().await {
        let db = &tdb.db;
        let now = Utc::now();
        queue(db, 40, now).await;
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let db = db.clone();
            workers.spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = claim(&db, now, 3, &["email"]).await.unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|m| m.id));
                }
            });
        }
        let mut all: Vec<i64> = workers.join_all().await.into_iter().flatten().collect();
        let claimed = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!((claimed, all.len()), (40, 40), "{}", tdb.backend);
        tdb.cleanup().await;
    }
}

/// A local stand-in for the SMS and WhatsApp providers: records every
/// request (path, authorization, JSON body) and answers like the real APIs,
/// or with the status a recipient's number asks for (…0429 → 429, …0400 →
/// 400, …0500 → 500).
struct FakeProviders {
    url: String,
    seen: std::sync::Arc<Mutex<Vec<(String, String, serde_json::Value)>>>,
}

impl FakeProviders {
    async fn start() -> FakeProviders {
        use axum::{extract::State, http::HeaderMap, http::StatusCode, http::Uri, Json};
        type Seen = std::sync::Arc<Mutex<Vec<(String, String, serde_json::Value)>>>;
        async fn answer(
            State(seen): State<Seen>,
            uri: Uri,
            headers: HeaderMap,
            Json(body): Json<serde_json::Value>,
        ) -> (StatusCode, Json<serde_json::Value>) {
            let auth = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let to = body["to"]
                .as_str()
                .or(body["recipients"][0].as_str())
                .unwrap_or_default()
                .to_owned();
            let n = {
                let mut seen = seen.lock().unwrap();
                seen.push((uri.path().to_owned(), auth, body));
                seen.len()
            };
            for (suffix, status) in [("0429", 429), ("0400", 400), ("0500", 500)] {
                if to.ends_with(suffix) {
                    return (
                        StatusCode::from_u16(status).unwrap(),
                        Json(serde_json::json!({"errors": [{"description": "fake"}]})),
                    );
                }
            }
            if uri.path() == "/messages" {
                (
                    StatusCode::CREATED,
                    Json(serde_json::json!({ "id": format!("mb-{n}") })),
                )
            } else {
                (
                    StatusCode::OK,
                    Json(serde_json::json!({ "messages": [{ "id": format!("wamid.{n}") }] })),
                )
            }
        }
        let seen: Seen = Default::default();
        let app = axum::Router::new()
            .fallback(axum::routing::post(answer))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeProviders { url, seen }
    }
}

async fn queue_text(
    db: &DatabaseConnection,
    channel: Channel,
    to: &str,
    kind: &str,
    entity: Option<i32>,
    now: DateTime<Utc>,
) {
    crate::outbox::queue(
        db,
        &crate::outbox::Outgoing {
            channel,
            class: entity::domain::messaging::Class::Urgent,
            to,
            subject: "",
            body: &format!("Tekst voor {to}"),
            html: None,
            template: kind,
            business_entity_id: entity,
            order_id: None,
            unsubscribe_token: None,
            // The English customer's reminder (below) asks for the English
            // template.
            language: if kind == "appointment_reminder_2h" {
                "en"
            } else {
                "nl"
            },
            due: now,
        },
        now,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn texts_leave_through_their_providers_at_most_once_with_the_whatsapp_session_rule() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let now = Utc::now();
        crate::seed::seed_with(db, testing::TODAY, crate::seed::Volumes::small())
            .await
            .unwrap();
        let lt = entity::business_entity::Entity::find()
            .filter(entity::business_entity::Column::Code.eq("laderthuis"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let fake = FakeProviders::start().await;
        // +31687654321 wrote us on WhatsApp an hour ago: its session is open.
        entity::inbound_message::ActiveModel {
            channel: sea_orm::ActiveValue::Set("whatsapp".into()),
            sender: sea_orm::ActiveValue::Set("+31687654321".into()),
            contact_id: sea_orm::ActiveValue::Set(None),
            order_id: sea_orm::ActiveValue::Set(None),
            body: sea_orm::ActiveValue::Set("Hoe laat komen jullie?".into()),
            provider_ref: sea_orm::ActiveValue::Set("wamid.in-1".into()),
            received_at: sea_orm::ActiveValue::Set(now - Duration::hours(1)),
            answered_at: sea_orm::ActiveValue::Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        queue_text(
            db,
            Channel::Sms,
            "+31612345678",
            "appointment_reminder_24h",
            Some(lt.id),
            now,
        )
        .await;
        queue_text(
            db,
            Channel::WhatsApp,
            "+31612345678",
            "appointment_reminder_2h",
            Some(lt.id),
            now,
        )
        .await;
        queue_text(
            db,
            Channel::WhatsApp,
            "+31687654321",
            "conversation_reply",
            Some(lt.id),
            now,
        )
        .await;
        queue_text(db, Channel::Sms, "+31600000429", "t429", None, now).await;
        queue_text(db, Channel::Sms, "+31600000400", "t400", None, now).await;
        queue_text(db, Channel::Sms, "+31600000500", "t500", None, now).await;
        let carriers = Carriers::<Recorder> {
            mail: None,
            default_from: FROM.into(),
            sms: Some(providers::MessageBird::new(&fake.url, "test-key")),
            whatsapp: Some(providers::WhatsAppCloud::new(
                &fake.url,
                "test-token",
                "1234567890",
            )),
        };
        let round = deliver_due(db, &carriers, now, 50).await.unwrap();
        assert_eq!(
            round,
            Round {
                sent: 3,
                retried: 1,
                failed: 2
            }
        );
        let seen = fake.seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 6);
        // SMS: MessageBird's shape, from the brand, the key as reference.
        let (path, auth, body) = &seen[0];
        assert_eq!(
            (path.as_str(), auth.as_str()),
            ("/messages", "AccessKey test-key")
        );
        let sms_row = Entity::find()
            .filter(Column::Recipient.eq("+31612345678"))
            .filter(Column::Channel.eq("sms"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            body,
            &serde_json::json!({
                "originator": "LaderThuis", "recipients": ["31612345678"],
                "body": "Tekst voor +31612345678", "reference": sms_row.idempotency_key,
            })
        );
        assert_eq!(
            (sms_row.state.as_str(), sms_row.provider_ref.as_deref()),
            (SENT, Some("mb-1"))
        );
        // WhatsApp outside a session: the kind's approved template carries the text.
        let (path, auth, body) = &seen[1];
        assert_eq!(
            (path.as_str(), auth.as_str()),
            ("/1234567890/messages", "Bearer test-token")
        );
        assert_eq!(body["type"], "template");
        assert_eq!(body["template"]["name"], "appointment_reminder_2h");
        assert_eq!(body["template"]["language"]["code"], "en");
        assert_eq!(
            body["template"]["components"][0]["parameters"][0]["text"],
            "Tekst voor +31612345678"
        );
        // Inside the session: free text.
        let (_, _, body) = &seen[2];
        assert_eq!(
            (body["type"].as_str(), body["text"]["body"].as_str()),
            (Some("text"), Some("Tekst voor +31687654321"))
        );
        // 429: later; 400: a dead letter; 500: nobody knows, so never again.
        let state_of = |to: &'static str| async move {
            Entity::find()
                .filter(Column::Recipient.eq(to))
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .state
        };
        assert_eq!(state_of("+31600000429").await, PENDING);
        assert_eq!(state_of("+31600000400").await, FAILED);
        assert_eq!(state_of("+31600000500").await, UNCERTAIN);
        // A second round sends nothing twice; the 429 one after its back-off only.
        assert_eq!(
            deliver_due(db, &carriers, now, 50).await.unwrap(),
            Round::default()
        );
        assert_eq!(fake.seen.lock().unwrap().len(), 6);
        let later = deliver_due(db, &carriers, now + backoff(1), 50)
            .await
            .unwrap();
        assert_eq!(later.retried, 1);
        assert_eq!(fake.seen.lock().unwrap().len(), 7);
        tdb.cleanup().await;
    }
}
