use super::*;
use crate::business_entities::tests::lead;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use sea_orm::{PaginatorTrait, QueryOrder};

#[tokio::test]
async fn a_lead_becomes_a_numbered_order_in_the_entitys_first_status() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let planner = testing::caller(Role::Planner);
        // The next number continues the demo's ChargeCars sequence.
        let last = order::Entity::find()
            .filter(order::Column::OrderNumber.starts_with("CC-2026-"))
            .order_by_desc(order::Column::OrderNumber)
            .one(db)
            .await
            .unwrap()
            .map(|o| o.order_number[8..].parse::<i64>().unwrap())
            .unwrap_or(0);
        let bus = Bus::default();
        let mut board = bus.subscribe();
        let number = create(db, Some(&bus), Some(&planner), &lead("chargecars"), now)
            .await
            .unwrap();
        assert_eq!(number, format!("CC-2026-{:05}", last + 1));
        assert_eq!(
            board.recv().await.unwrap().order_number,
            number,
            "on every open board"
        );
        let o = order::Entity::find()
            .filter(order::Column::OrderNumber.eq(&number))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.status, "new_lead");
        assert_eq!(o.postcode, "3811 AB");
        assert_eq!(
            o.sla_due_at,
            Some(now + chrono::Duration::hours(24)),
            "000: new_lead 24 h"
        );
        assert!(o.region_id.is_some(), "Amersfoort has a region");
        assert!(
            (o.lat - 52.15).abs() < 0.2 && (o.lng - 5.39).abs() < 0.2,
            "near Amersfoort: {} {}",
            o.lat,
            o.lng
        );
        assert_eq!((o.partner_id, o.channel.as_str()), (None, "direct_sales"));
        let t = status_transition::Entity::find()
            .filter(status_transition::Column::OrderId.eq(o.id))
            .all(db)
            .await
            .unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].from_status.clone(), t[0].to_status.as_str()),
            (None, "new_lead")
        );

        // A partner's lead is its own, whatever the form says.
        let partner_user = testing::caller(Role::PartnerUser);
        let mut by_partner = lead("laderthuis");
        by_partner.partner_id = Some(999);
        let n = create(db, None, Some(&partner_user), &by_partner, now)
            .await
            .unwrap();
        assert!(n.starts_with("LT-2026-"), "{n}");
        let o = order::Entity::find()
            .filter(order::Column::OrderNumber.eq(&n))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.partner_id, partner_user.partner_id);
        assert_eq!(o.channel, "partner_portal");

        // Customers and technicians do not enter leads.
        for role in [Role::Customer, Role::Technician] {
            assert!(matches!(
                create(
                    db,
                    None,
                    Some(&testing::caller(role)),
                    &lead("chargecars"),
                    now
                )
                .await,
                Err(ServiceError::Forbidden)
            ));
        }

        // Wrong fields are named, and nothing is stored.
        let before = order::Entity::find().count(db).await.unwrap();
        let bad = NewLead {
            entity_code: "nope".into(),
            first_name: " ".into(),
            email: "fleur@".into(),
            postcode: "38111".into(),
            charger_count: 0,
            partner_id: Some(999_999),
            ..lead("chargecars")
        };
        let errors = create(db, None, Some(&planner), &bad, now)
            .await
            .map_err(ServiceError::into_fields)
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "first_name",
                "email",
                "postcode",
                "charger_count",
                "entity",
                "partner"
            ]
        );
        assert_eq!(order::Entity::find().count(db).await.unwrap(), before);
        tdb.cleanup().await;
    }
}
