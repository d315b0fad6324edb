//! The SMS and WhatsApp webhooks through the router: only signed, fresh
//! requests count; statuses move forward; an inbound WhatsApp reply lands
//! in its order's thread once and opens the customer's session.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use entity::{inbound_message, order, outbox_message};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use services::testing;

async fn post(app: &axum::Router, channel: &str, body: &str, signature: Option<String>) -> Reply {
    let mut req = Request::post(format!("/api/webhooks/{channel}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(s) = signature {
        req = req.header("x-signature", s);
    }
    send(app, req.body(Body::from(body.to_owned())).unwrap()).await
}

fn signed(body: &str, at: chrono::DateTime<chrono::Utc>) -> Option<String> {
    Some(services::inbound::sign(
        WEBHOOK_SECRET,
        at.timestamp(),
        body.as_bytes(),
    ))
}

#[tokio::test]
async fn only_signed_fresh_reports_count_and_a_reply_joins_its_orders_thread() {
    let _watchdog =
        Watchdog::start("only_signed_fresh_reports_count_and_a_reply_joins_its_orders_thread");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let db = &tdb.db;
    let now = chrono::Utc::now();
    // A customer is told their appointment, on e-mail, SMS and WhatsApp;
    // the WhatsApp message was handed to the provider as wamid.out-1.
    let o = order::Entity::find().one(db).await.unwrap().unwrap();
    let sent = services::messages::to_customer(
        db,
        &o,
        "appointment_confirmation",
        services::vars! {"date" => "07-12-2026", "time_from" => "10:00", "time_to" => "12:00"},
        now,
        now,
    )
    .await
    .unwrap();
    assert_eq!(sent, 3);
    let wa = outbox_message::Entity::find()
        .filter(outbox_message::Column::Channel.eq("whatsapp"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let number = wa.recipient.clone();
    outbox_message::ActiveModel {
        provider_ref: Set(Some("wamid.out-1".into())),
        state: Set("sent".into()),
        ..wa.clone().into()
    }
    .update(db)
    .await
    .unwrap();

    let status = |s: &str, ts: i64| {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"changes":[{{"value":{{"statuses":[{{"id":"wamid.out-1","status":"{s}","timestamp":"{ts}"}}]}}}}]}}]}}"#
        )
    };
    let delivered = status("delivered", now.timestamp());
    // Unsigned, wrongly signed, signed by another secret, or too old: 401.
    assert_eq!(
        post(&app, "whatsapp", &delivered, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let forged = services::inbound::sign("not-the-secret", now.timestamp(), delivered.as_bytes());
    assert_eq!(
        post(&app, "whatsapp", &delivered, Some(forged))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let old = signed(&delivered, now - chrono::Duration::minutes(10));
    assert_eq!(
        post(&app, "whatsapp", &delivered, old).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&app, "telex", &delivered, signed(&delivered, now))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Signed but unreadable: 400.
    assert_eq!(
        post(&app, "whatsapp", "{}", signed("{}", now)).await.status,
        StatusCode::BAD_REQUEST
    );
    let row = || async {
        outbox_message::Entity::find_by_id(wa.id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(row().await.provider_status, None);

    // Signed and fresh: recorded; the same report again changes nothing,
    // nor does an older one that arrives late.
    let r = post(&app, "whatsapp", &delivered, signed(&delivered, now)).await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::OK, r#"{"messages":0,"statuses":1}"#)
    );
    let r = post(&app, "whatsapp", &delivered, signed(&delivered, now)).await;
    assert_eq!(r.body, r#"{"messages":0,"statuses":0}"#);
    let late = status("sent", now.timestamp() - 60);
    post(&app, "whatsapp", &late, signed(&late, now)).await;
    assert_eq!(row().await.provider_status.as_deref(), Some("delivered"));

    // The customer replies on WhatsApp: the reply is in the order's thread,
    // once, and their 24-hour session is open.
    assert!(!services::delivery::whatsapp_session_open(db, &number, now)
        .await
        .unwrap());
    let reply = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"changes":[{{"value":{{"messages":[{{"from":"{}","id":"wamid.in-1","timestamp":"{}","type":"text","text":{{"body":"Kan het ook om 14:00?"}}}}]}}}}]}}]}}"#,
        number.trim_start_matches('+'),
        now.timestamp()
    );
    for expected in [1, 0] {
        let r = post(&app, "whatsapp", &reply, signed(&reply, now)).await;
        assert_eq!(r.body, format!(r#"{{"messages":{expected},"statuses":0}}"#));
    }
    let inbound = inbound_message::Entity::find().all(db).await.unwrap();
    assert_eq!(inbound.len(), 1);
    assert_eq!(
        (
            inbound[0].order_id,
            inbound[0].contact_id,
            inbound[0].sender.as_str(),
            inbound[0].body.as_str()
        ),
        (
            Some(o.id),
            Some(o.end_customer_contact_id),
            number.as_str(),
            "Kan het ook om 14:00?"
        )
    );
    assert!(services::delivery::whatsapp_session_open(db, &number, now)
        .await
        .unwrap());
    tdb.cleanup().await;
}

/// A marketing mail goes only to who agreed; its one-click unsubscribe
/// (RFC 8058) opts them out, after which marketing stops and messages
/// about their order still go.
#[tokio::test]
async fn an_opt_out_stops_marketing_but_not_transactional_messages() {
    let _watchdog = Watchdog::start("an_opt_out_stops_marketing_but_not_transactional_messages");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let db = &tdb.db;
    let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
    let o = order::Entity::find().one(db).await.unwrap().unwrap();
    let email = services::messages::customer_of(db, &o)
        .await
        .unwrap()
        .unwrap()
        .email
        .unwrap();
    let o = &o;
    let survey = |at| async move {
        services::messages::to_customer(
            db,
            o,
            "survey",
            services::vars! {"survey_link" => "https://cc.example/enquete"},
            at,
            at,
        )
        .await
        .unwrap();
        outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("survey"))
            .all(db)
            .await
            .unwrap()
            .pop()
            .unwrap()
    };
    // Without consent: held back.
    assert_eq!(survey(now).await.last_error.as_deref(), Some("no_consent"));
    // They agree (their preferences page); the next one goes, with its link.
    services::consent::record(
        db,
        &email,
        entity::domain::messaging::Channel::Email,
        true,
        "preferences",
        now,
    )
    .await
    .unwrap();
    let sent = survey(now + chrono::Duration::days(2)).await;
    assert_eq!(sent.state, "pending");
    let token = sent
        .unsubscribe_token
        .clone()
        .expect("every mail has an unsubscribe token");
    assert!(
        sent.body.contains(&format!("/afmelden?token={token}")),
        "{}",
        sent.body
    );
    assert!(sent.html_body.as_deref().unwrap().contains("Afmelden"));

    // The mail client's one-click POST: a wrong body or token does nothing.
    let one_click = |token: &str, body: &'static str| {
        Request::post(format!("/api/unsubscribe?token={token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    assert_eq!(
        send(&app, one_click(&token, "")).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        send(&app, one_click("nope", "List-Unsubscribe=One-Click"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&app, one_click(&token, "List-Unsubscribe=One-Click"))
            .await
            .status,
        StatusCode::OK
    );
    // Twice is harmless.
    assert_eq!(
        send(&app, one_click(&token, "List-Unsubscribe=One-Click"))
            .await
            .status,
        StatusCode::OK
    );
    let ledger = entity::consent::Entity::find().all(db).await.unwrap();
    assert_eq!(
        ledger
            .iter()
            .map(|c| (c.granted, c.source.as_str()))
            .collect::<Vec<_>>(),
        [(true, "preferences"), (false, "one_click")]
    );

    // Marketing stops; a message about their order still goes.
    assert_eq!(
        survey(now + chrono::Duration::days(4))
            .await
            .last_error
            .as_deref(),
        Some("no_consent")
    );
    services::messages::to_customer(
        db,
        o,
        "quote_ready",
        services::messages::Vars::new(),
        now,
        now,
    )
    .await
    .unwrap();
    let quote = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("quote_ready"))
        .filter(outbox_message::Column::Channel.eq("email"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(quote.state, "pending");
    tdb.cleanup().await;
}

/// A raw reply as a mail client writes it, quoting what it answers.
fn reply(from: &str, id: &str, in_reply_to: Option<&str>, subject: &str, text: &str) -> String {
    let answers = in_reply_to
        .map(|r| format!("In-Reply-To: {r}\r\nReferences: {r}\r\n"))
        .unwrap_or_default();
    format!(
        "From: Klant <{from}>\r\nTo: support@chargecars.nl\r\nSubject: {subject}\r\n\
         Message-ID: {id}\r\n{answers}Date: Fri, 04 Dec 2026 09:15:00 +0100\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\n\
         {text}\r\n\r\nOp 3 dec. 2026 om 10:00 schreef ChargeCars <noreply@chargecars.nl>:\r\n\
         > Uw afspraak staat vast.\r\n"
    )
}

#[tokio::test]
async fn an_e_mail_reply_joins_the_thread_of_the_mail_it_answers() {
    let _watchdog = Watchdog::start("an_e_mail_reply_joins_the_thread_of_the_mail_it_answers");
    let tdb = testing::sqlite().await;
    let app = setup(&tdb).await;
    let db = &tdb.db;
    let now = chrono::Utc::now();
    let orders = order::Entity::find().all(db).await.unwrap();
    let (o, other) = (&orders[0], &orders[1]);
    services::messages::to_customer(db, o, "order_confirmation", services::vars! {}, now, now)
        .await
        .unwrap();
    let mail = outbox_message::Entity::find()
        .filter(outbox_message::Column::OrderId.eq(o.id))
        .filter(outbox_message::Column::Channel.eq("email"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let post_mail = |raw: String, signature: Option<String>| {
        let app = app.clone();
        async move {
            let mut req =
                Request::post("/api/webhooks/email").header(header::CONTENT_TYPE, "message/rfc822");
            if let Some(s) = signature {
                req = req.header("x-signature", s);
            }
            send(&app, req.body(Body::from(raw)).unwrap()).await
        }
    };
    // From an address we do not know, answering our mail: its thread,
    // with the reply's own text only (=C3=A9 is é).
    let raw = reply(
        "iemand@elders.nl",
        "<r1@mail.example.nl>",
        Some(&format!("<{}@chargecars.nl>", mail.idempotency_key)),
        &format!("Re: {}", mail.subject),
        "Kan de monteur ook na twee uur komen? Groet, Ren=C3=A9",
    );
    assert_eq!(
        post_mail(raw.clone(), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = post_mail(raw.clone(), signed(&raw, now)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("\"messages\":1"), "{}", r.body);
    // The provider retries: nothing doubles.
    let r = post_mail(raw.clone(), signed(&raw, now)).await;
    assert!(r.body.contains("\"messages\":0"), "{}", r.body);
    let got = inbound_message::Entity::find()
        .filter(inbound_message::Column::Channel.eq("email"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].order_id, Some(o.id));
    assert_eq!(got[0].sender, "iemand@elders.nl");
    assert_eq!(
        got[0].body,
        "Kan de monteur ook na twee uur komen? Groet, René"
    );

    // A new mail (no In-Reply-To) naming another order: only its own
    // customer can put it there; a stranger's lands nowhere.
    let customer = entity::contact::Entity::find_by_id(other.end_customer_contact_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .email
        .unwrap();
    let subject = format!("Vraag over {}", other.order_number);
    for (from, id, expected) in [
        ("vreemde@elders.nl", "<r2@x.nl>", None),
        (
            customer.to_uppercase().as_str(),
            "<r3@x.nl>",
            Some(other.id),
        ),
    ] {
        let raw = reply(from, id, None, &subject, "Wanneer komt de offerte?");
        let r = post_mail(raw.clone(), signed(&raw, now)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let row = inbound_message::Entity::find()
            .filter(inbound_message::Column::ProviderRef.eq(id.trim_matches(['<', '>'])))
            .one(db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{id} stored"));
        assert_eq!(row.order_id, expected, "{from}");
    }
    // Not a mail at all: 400.
    let junk = "dit is geen e-mail".to_owned();
    assert_eq!(
        post_mail(junk.clone(), signed(&junk, now)).await.status,
        StatusCode::BAD_REQUEST
    );
    tdb.cleanup().await;
}
