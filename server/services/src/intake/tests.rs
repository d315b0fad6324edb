use super::*;
use crate::pipeline::{move_order, MoveRequest};
use crate::seed::{seed_with, Volumes};
use crate::testing;
use chrono::Duration;
use entity::domain::Role;
use entity::{outbox_message, status_transition};
use sea_orm::PaginatorTrait;

const PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn good(charger: i32) -> IntakeSubmission {
    IntakeSubmission {
        street: "Stationsweg".into(),
        house_number: "12a".into(),
        postcode: "3862 ab".into(),
        city: "Nijkerk".into(),
        charger_product_id: charger,
        periods: vec!["weekday_morning".into(), "saturday".into()],
        remarks: "Meterkast zit in de garage".into(),
        photo_name: "meterkast.png".into(),
        photo_data_url: PNG.into(),
    }
}

#[tokio::test]
async fn the_intake_link_is_mailed_filled_in_once_and_completes_the_intake() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let lead = order::Entity::find()
            .filter(order::Column::Status.eq(workflow::NEW_LEAD))
            .order_by_asc(order::Column::Id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        move_order(
            db,
            None,
            Some(&testing::caller(Role::OpsManager)),
            &MoveRequest {
                order_id: lead.id,
                version: lead.version,
                to: workflow::INTAKE_SENT.into(),
                reason: None,
            },
            now,
        )
        .await
        .unwrap()
        .unwrap();
        let mail = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("intake_form"))
            .one(db)
            .await
            .unwrap()
            .expect("intake mail");
        assert!(mail.subject.contains(&lead.order_number));
        let token = mail
            .body
            .split("/intake/")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();

        let f = form(db, &token, now).await.unwrap();
        assert_eq!(f.order_number, lead.order_number);
        assert!(f.chargers.len() >= 2 && f.chargers.iter().all(|c| c.price_cents > 0));
        assert!(matches!(
            form(db, "nonsense", now).await,
            Err(ServiceError::NotFound)
        ));

        // Wrong input: every problem is named and nothing is stored.
        let bad = IntakeSubmission {
            postcode: "12345".into(),
            street: " ".into(),
            charger_product_id: -1,
            periods: vec![],
            photo_data_url: "data:application/pdf;base64,AAAA".into(),
            ..good(f.chargers[0].product_id)
        };
        let Err(ServiceError::Fields(errors)) = submit(db, None, &token, &bad, now).await else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["street", "postcode", "charger", "periods", "photo"]
        );
        assert!(errors.contains(&("photo".into(), "photo_type".into())));
        assert_eq!(document::Entity::find().count(db).await.unwrap(), 0);

        let pick = f.chargers[1].clone();
        let number = submit(db, None, &token, &good(pick.product_id), now)
            .await
            .unwrap();
        assert_eq!(number, lead.order_number);
        let after = order::Entity::find_by_id(lead.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.status, workflow::INTAKE_COMPLETED);
        assert_eq!(
            (after.street.as_str(), after.postcode.as_str()),
            ("Stationsweg", "3862 AB")
        );
        let mi = entity::region::Entity::find()
            .filter(entity::region::Column::Code.eq("MI"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.region_id, Some(mi.id), "3862 is in Midden");
        let photo = document::Entity::find().one(db).await.unwrap().unwrap();
        assert_eq!(
            (photo.kind.as_str(), photo.content_type.as_str()),
            ("meter_cabinet", "image/png")
        );
        assert!(photo.bytes.starts_with(b"\x89PNG"));
        let line = order_line::Entity::find()
            .filter(order_line::Column::OrderId.eq(lead.id))
            .filter(order_line::Column::ProductId.eq(pick.product_id))
            .one(db)
            .await
            .unwrap()
            .expect("chosen charger on the order");
        assert_eq!(line.unit_price_cents, pick.price_cents);
        let last = status_transition::Entity::find()
            .filter(status_transition::Column::OrderId.eq(lead.id))
            .order_by_desc(status_transition::Column::Id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (last.to_status.as_str(), last.actor_user_id),
            (workflow::INTAKE_COMPLETED, None)
        );

        // Once only.
        assert!(matches!(
            submit(db, None, &token, &good(pick.product_id), now).await,
            Err(ServiceError::Gone)
        ));
        assert!(matches!(
            form(db, &token, now).await,
            Err(ServiceError::Gone)
        ));
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn links_expire() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let o = order::Entity::find()
        .filter(order::Column::Status.eq(workflow::NEW_LEAD))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    move_order(
        db,
        None,
        Some(&testing::caller(Role::OpsManager)),
        &MoveRequest {
            order_id: o.id,
            version: o.version,
            to: workflow::INTAKE_SENT.into(),
            reason: None,
        },
        now,
    )
    .await
    .unwrap()
    .unwrap();
    let o = order::Entity::find_by_id(o.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let token = crate::effects::intake_links::open_request(db, &o, now)
        .await
        .unwrap();
    assert!(form(
        db,
        &token,
        now + Duration::days(LINK_DAYS) - Duration::minutes(1)
    )
    .await
    .is_ok());
    assert!(matches!(
        form(db, &token, now + Duration::days(LINK_DAYS)).await,
        Err(ServiceError::Gone)
    ));
}
