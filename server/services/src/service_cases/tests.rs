use super::*;
use crate::seed::{seed_with, Volumes};
use crate::testing;

fn now() -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc()
}

/// A 1×1 PNG as a data URL.
const PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

fn customer_of(o: &order::Model) -> CurrentUser {
    testing::customer(o.end_customer_contact_id)
}

#[tokio::test]
async fn a_customer_reports_a_problem_and_ops_take_it_to_a_visit() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let o = order::Entity::find()
            .filter(order::Column::Status.eq(COMPLETED))
            .order_by_desc(order::Column::Id)
            .one(db)
            .await
            .unwrap()
            .expect("a completed order");
        let me = customer_of(&o);
        let page = mine(db, Some(&me), now()).await.unwrap();
        assert!(page.orders.contains(&o.order_number));
        // Chargers carry 36 months, work 24; all from the installation.
        assert!(!page.warranties.is_empty(), "{}", tdb.backend);
        assert!(page
            .warranties
            .iter()
            .all(|w| w.active && w.until > w.installed));
        assert!(page.warranties.iter().any(|w| w.months == 36));

        let input = ServiceRequestInput {
            order_number: o.order_number.clone(),
            kind: "service".into(),
            category: "not_charging".into(),
            description: "De laadpaal geeft een rood lampje en laadt niet.".into(),
            photos: vec![PNG.into()],
        };
        // Wrong input is refused whole, with every field named.
        let bad = ServiceRequestInput {
            kind: "x".into(),
            category: "y".into(),
            description: "kapot".into(),
            photos: vec!["data:text/plain;base64,aGFsbG8=".into()],
            ..input.clone()
        };
        match file(db, Some(&me), &bad, now()).await {
            Err(ServiceError::Fields(f)) => {
                let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
                assert_eq!(names, ["kind", "category", "description", "photos"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(service_case::Entity::find().count(db).await.unwrap(), 0);
        // Not theirs, or not a customer: not found / forbidden.
        let mut stranger = me.clone();
        stranger.contact_id = Some(o.end_customer_contact_id + 1);
        assert!(matches!(
            file(db, Some(&stranger), &input, now()).await,
            Err(ServiceError::NotFound)
        ));
        let planner = testing::caller(Role::Planner);
        assert!(matches!(
            file(db, Some(&planner), &input, now()).await,
            Err(ServiceError::Forbidden)
        ));

        let case = file(db, Some(&me), &input, now()).await.unwrap();
        assert_eq!(case.case_number, format!("{}-S1", o.order_number));
        assert_eq!(case.status, "new");
        assert_eq!(case.photos.len(), 1);
        assert!(case.due.is_some() && !case.overdue);
        let sent: Vec<String> = entity::outbox_message::Entity::find()
            .filter(entity::outbox_message::Column::OrderId.eq(o.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.template)
            .collect();
        assert!(
            sent.iter().any(|t| t == "service_case_received"),
            "{sent:?}"
        );
        // The photo: the customer's and staff's, nobody else's.
        let photo_id: i32 = case.photos[0].rsplit('/').next().unwrap().parse().unwrap();
        let (mime, bytes) = photo(db, Some(&me), photo_id).await.unwrap();
        assert_eq!(mime, "image/png");
        assert_eq!(&bytes[1..4], b"PNG");
        assert!(photo(db, Some(&planner), photo_id).await.is_ok());
        assert!(matches!(
            photo(db, Some(&stranger), photo_id).await,
            Err(ServiceError::NotFound)
        ));

        // Ops: listed, then through the steps; a visit goes on the board.
        let listed = list(db, Some(&planner), now()).await.unwrap();
        assert_eq!(listed[0].case_number, case.case_number);
        assert!(matches!(
            list(db, Some(&me), now()).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            set_status(db, None, Some(&planner), case.id, case.version, "visit_planned", None, now()).await,
            Err(ServiceError::Conflict(c)) if c == "step"
        ));
        let triaged = set_status(
            db,
            None,
            Some(&planner),
            case.id,
            case.version,
            "triage",
            None,
            now(),
        )
        .await
        .unwrap();
        assert!(matches!(
            set_status(
                db,
                None,
                Some(&planner),
                case.id,
                case.version,
                "resolved",
                Some("x"),
                now()
            )
            .await,
            Err(ServiceError::Stale)
        ));
        let planned = set_status(
            db,
            None,
            Some(&planner),
            case.id,
            triaged.version,
            "visit_planned",
            None,
            now(),
        )
        .await
        .unwrap();
        assert_eq!(planned.status, "visit_planned");
        let stored = service_case::Entity::find_by_id(case.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let v = visit::Entity::find_by_id(stored.visit_id.unwrap())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (v.kind.as_str(), v.status.as_str()),
            ("service", "unplanned")
        );
        let board = crate::planning::day(db, Some(&planner), testing::TODAY + Duration::days(1))
            .await
            .unwrap();
        assert!(
            board.unassigned.iter().any(|u| u.id == v.id),
            "the service visit waits on the board"
        );
        // The customer now picks its time like an installation's.
        let b = crate::slots::booking(db, Some(&me), &o.order_number, now())
            .await
            .unwrap();
        assert_eq!(b.state, "choose");
        assert!(b.service);
        assert!(matches!(
            set_status(db, None, Some(&planner), case.id, planned.version, "resolved", None, now()).await,
            Err(ServiceError::Invalid(r)) if r == "resolution"
        ));
        let done = set_status(
            db,
            None,
            Some(&planner),
            case.id,
            planned.version,
            "resolved",
            Some("Kaart vervangen"),
            now(),
        )
        .await
        .unwrap();
        assert_eq!(done.resolution.as_deref(), Some("Kaart vervangen"));
        assert!(done.due.is_none());
        let updates = entity::outbox_message::Entity::find()
            .filter(entity::outbox_message::Column::OrderId.eq(o.id))
            .filter(entity::outbox_message::Column::Template.eq("service_case_update"))
            .count(db)
            .await
            .unwrap();
        assert!(updates >= 3, "{updates}");

        // A warranty claim needs something still under warranty.
        let claim = ServiceRequestInput {
            kind: "warranty".into(),
            photos: vec![],
            ..input.clone()
        };
        let case2 = file(db, Some(&me), &claim, now()).await.unwrap();
        assert_eq!(case2.case_number, format!("{}-S2", o.order_number));
        let years_later = now() + Duration::days(365 * 4);
        assert!(matches!(
            file(db, Some(&me), &claim, years_later).await,
            Err(ServiceError::Invalid(w)) if w == "warranty_expired"
        ));
        tdb.cleanup().await;
    }
}
