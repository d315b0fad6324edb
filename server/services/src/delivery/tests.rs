use super::*;
use crate::testing;
use sea_orm::PaginatorTrait;
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
    let round = deliver_due(db, &recorder, FROM, now, 10).await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 3,
            retried: 0,
            failed: 0
        }
    );
    // Nothing is due any more.
    let again = deliver_due(db, &recorder, FROM, now, 10).await.unwrap();
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
        let r = deliver_due(db, &down, FROM, now, 10).await.unwrap();
        assert_eq!(r.retried, 1, "attempt {attempt}");
        // Not due again before its back-off.
        let early = deliver_due(
            db,
            &down,
            FROM,
            now + backoff(attempt) - Duration::seconds(1),
            10,
        )
        .await
        .unwrap();
        assert_eq!(early, Round::default(), "attempt {attempt}");
        now += backoff(attempt);
    }
    let last = deliver_due(db, &down, FROM, now, 10).await.unwrap();
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
        deliver_due(db, &refusing, FROM, now, 10)
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
    assert_eq!(claim(db, now, 10).await.unwrap().len(), 2);
    let recorder = Recorder::default();
    assert_eq!(
        deliver_due(db, &recorder, FROM, now, 10).await.unwrap(),
        Round::default()
    );
    // After the lease they are uncertain, and stay unsent.
    let later = now + LEASE + Duration::seconds(1);
    assert_eq!(
        deliver_due(db, &recorder, FROM, later, 10).await.unwrap(),
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
                    let batch = claim(&db, now, 3).await.unwrap();
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
