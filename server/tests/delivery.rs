//! Mail that really leaves: the outbox worker hands messages to a real SMTP
//! server (aiosmtpd, installed by `.ci/lib.sh`, started here on a free port
//! and read back from its Maildir), and a worker killed with SIGKILL
//! mid-batch loses nothing and sends nothing twice.

use entity::domain::workflow::{INTAKE_SENT, NEW_LEAD};
use entity::outbox_message;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::delivery;
use services::testing;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A local SMTP server that stores every message it accepts in a Maildir.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpSink {
    async fn start() -> SmtpSink {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let maildir = std::env::temp_dir().join(format!("cc_mail_{}_{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&maildir);
        let mut child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (installed by .ci/lib.sh)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpSink {
                    child,
                    port,
                    maildir,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message the server accepted, parsed.
    fn messages(&self) -> Vec<mail_parser::Message<'static>> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(dir) = std::fs::read_dir(self.maildir.join(sub)) else {
                continue;
            };
            for f in dir {
                let raw = std::fs::read(f.unwrap().path()).unwrap();
                let parsed = mail_parser::MessageParser::default()
                    .parse(&raw)
                    .expect("a MIME message")
                    .into_owned();
                out.push(parsed);
            }
        }
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn message_ids(sink: &SmtpSink) -> Vec<String> {
    sink.messages()
        .iter()
        .map(|m| m.message_id().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_intake_mail_reaches_a_real_smtp_server_with_a_working_link() {
    let sink = SmtpSink::start().await;
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    services::seed::seed_with(db, testing::TODAY, services::seed::Volumes::small())
        .await
        .unwrap();
    let now = chrono::Utc::now();
    let lead = entity::order::Entity::find()
        .filter(entity::order::Column::Status.eq(NEW_LEAD))
        .order_by_asc(entity::order::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a new lead");
    let planner = testing::caller(entity::domain::Role::Planner);
    services::pipeline::move_order(
        db,
        None,
        Some(&planner),
        &services::pipeline::MoveRequest {
            order_id: lead.id,
            version: lead.version,
            to: INTAKE_SENT.into(),
            reason: None,
        },
        now,
    )
    .await
    .unwrap()
    .unwrap();
    let smtp = delivery::Smtp::from_url(&sink.url()).unwrap();
    let round = delivery::deliver_due(
        db,
        &delivery::Carriers::mail(smtp, "ChargeCars <noreply@chargecars.nl>"),
        now,
        50,
    )
    .await
    .unwrap();
    assert!(round.sent >= 1, "{round:?}");
    assert_eq!((round.retried, round.failed), (0, 0));
    let mails = sink.messages();
    let intake = mails
        .iter()
        .find(|m| m.subject().is_some_and(|s| s.contains(&lead.order_number)))
        .expect("the intake mail arrived");
    let text = intake.body_text(0).unwrap().into_owned();
    let at = text.find("/intake/").expect("the link");
    let token: String = text[at + 8..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    // The link in the mail opens the customer's form.
    let form = services::intake::form(db, &token, now).await.unwrap();
    assert_eq!(form.order_number, lead.order_number);
    // It comes from the order's entity (its noreply mailbox, replies to
    // support), with an HTML part in the entity's brand holding the same link.
    let be = entity::business_entity::Entity::find_by_id(lead.business_entity_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let from = intake.from().and_then(|f| f.first()).unwrap();
    assert_eq!(from.address(), Some(be.noreply_email.as_str()));
    let reply_to = intake.reply_to().and_then(|r| r.first()).unwrap();
    assert_eq!(reply_to.address(), Some(be.support_email.as_str()));
    let html = intake.body_html(0).expect("an HTML part").into_owned();
    assert!(
        html.contains(&format!(
            "href=\"{}",
            &text[text.find("http").unwrap()..at + 8 + token.len()]
        )),
        "{html}"
    );
    assert!(html.contains(&be.brand_color), "{html}");
    // And the one-click unsubscribe headers of RFC 8058.
    let unsubscribe = intake
        .header_raw("List-Unsubscribe")
        .expect("List-Unsubscribe")
        .trim()
        .to_owned();
    assert!(
        unsubscribe.starts_with('<') && unsubscribe.contains("/api/unsubscribe?token="),
        "{unsubscribe}"
    );
    assert_eq!(
        intake.header_raw("List-Unsubscribe-Post").map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    // Every row the worker took is recorded as sent, once.
    let sent = outbox_message::Entity::find()
        .filter(outbox_message::Column::State.eq(delivery::SENT))
        .count(db)
        .await
        .unwrap();
    assert_eq!(sent as usize, mails.len());
    tdb.cleanup().await;
}

/// Queues `n` messages in the database at `url` (a file, shared with the
/// worker process).
async fn queue(db: &sea_orm::DatabaseConnection, n: usize) {
    let now = chrono::Utc::now();
    for i in 0..n {
        services::outbox::queue_email(
            db,
            &format!("klant{i}@example.nl"),
            &format!("Bericht {i}"),
            &format!("Tekst {i}"),
            "kill_test",
            now,
        )
        .await
        .unwrap();
    }
}

fn worker(url: &str, smtp: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("deliver")
        .env("DATABASE_URL", url)
        .env("SMTP_URL", smtp)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary")
}

#[tokio::test]
async fn a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice() {
    let sink = SmtpSink::start().await;
    for tdb in testing::concurrent_databases().await {
        let db = &tdb.db;
        const N: usize = 120;
        queue(db, N).await;
        // The first worker is killed (SIGKILL) once some mail has left.
        let mut first = worker(&tdb.url(), &sink.url());
        let before = message_ids(&sink).len();
        for _ in 0..200 {
            if message_ids(&sink).len() > before + 5 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        first.kill().unwrap();
        first.wait().unwrap();
        let at_kill = message_ids(&sink).len() - before;
        assert!(
            at_kill < N,
            "{}: killed mid-batch ({at_kill} of {N} sent)",
            tdb.backend
        );

        // What the dead worker held is uncertain after its lease; a new
        // worker (with the clock past the lease) sends everything else.
        services::delivery::expire_leases(
            db,
            chrono::Utc::now() + delivery::LEASE + chrono::Duration::seconds(1),
        )
        .await
        .unwrap();
        let status = worker(&tdb.url(), &sink.url()).wait().unwrap();
        assert!(status.success(), "{}", tdb.backend);

        let rows = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("kill_test"))
            .all(db)
            .await
            .unwrap();
        let ids: Vec<String> = message_ids(&sink);
        let count = |key: &str| {
            ids.iter()
                .filter(|id| id.starts_with(&format!("{key}@")))
                .count()
        };
        let mut sent = 0;
        let mut uncertain = 0;
        for r in &rows {
            let copies = count(&r.idempotency_key);
            assert!(
                copies <= 1,
                "{}: {} delivered {copies} times",
                tdb.backend,
                r.idempotency_key
            );
            match r.state.as_str() {
                delivery::SENT => {
                    assert_eq!(copies, 1, "{}: sent means delivered", tdb.backend);
                    sent += 1;
                }
                delivery::UNCERTAIN => uncertain += 1,
                other => panic!("{}: a message left {other}", tdb.backend),
            }
        }
        eprintln!(
            "{}: {N} messages, killed after {at_kill}; then {sent} sent, {uncertain} uncertain, 0 twice",
            tdb.backend
        );
        assert_eq!(sent + uncertain, N, "{}: nothing lost", tdb.backend);
        assert!(
            uncertain <= 10,
            "{}: at most the batch in flight",
            tdb.backend
        );
        tdb.cleanup().await;
    }
    drop(sink);
}
