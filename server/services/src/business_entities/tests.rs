use super::*;
use crate::leads::{self, NewLead};
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::Role;
use sea_orm::QueryOrder;

pub(crate) fn sixth() -> EntityForm {
    EntityForm {
        code: "laadpaal-direct".into(),
        name: "LaadpaalDirect B.V.".into(),
        brand: "LaadpaalDirect".into(),
        order_prefix: " ld ".into(),
        support_email: "Support@LaadpaalDirect.nl".into(),
        sales_email: "sales@laadpaaldirect.nl".into(),
        admin_email: "admin@laadpaaldirect.nl".into(),
        noreply_email: "noreply@laadpaaldirect.nl".into(),
        whatsapp_number: String::new(),
        brand_color: "#7C3AED".into(),
        phone: "033 760 20 99".into(),
        reschedule_cutoff_hours: "24".into(),
    }
}

pub(crate) fn lead(entity_code: &str) -> NewLead {
    NewLead {
        entity_code: entity_code.into(),
        first_name: "Fleur".into(),
        last_name: "de Wit".into(),
        email: "fleur.dewit@example.nl".into(),
        phone: "0612345678".into(),
        street: "Stationsweg".into(),
        house_number: "12a".into(),
        postcode: "3811 ab".into(),
        city: "Amersfoort".into(),
        charger_count: 1,
        partner_id: None,
    }
}

#[tokio::test]
async fn an_admin_sets_up_a_sixth_entity_whose_orders_start_at_00001() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let admin = testing::caller(Role::Admin);

        // Only admins.
        for role in [
            Role::OpsManager,
            Role::Planner,
            Role::PartnerUser,
            Role::Customer,
            Role::Technician,
        ] {
            let who = testing::caller(role);
            assert!(
                matches!(
                    create(db, Some(&who), &sixth(), now).await,
                    Err(ServiceError::Forbidden)
                ),
                "{role}"
            );
            assert!(
                matches!(list(db, Some(&who)).await, Err(ServiceError::Forbidden)),
                "{role}"
            );
            assert!(
                matches!(
                    update(db, Some(&who), 1, 1, &sixth(), now).await,
                    Err(ServiceError::Forbidden)
                ),
                "{role}"
            );
        }
        assert!(matches!(
            create(db, None, &sixth(), now).await,
            Err(ServiceError::Unauthenticated)
        ));

        // A prefix or code another entity has is refused, nothing is stored.
        let taken = EntityForm {
            order_prefix: "CC".into(),
            code: "chargecars".into(),
            ..sixth()
        };
        assert_eq!(
            create(db, Some(&admin), &taken, now)
                .await
                .map_err(ServiceError::into_fields)
                .unwrap_err(),
            [
                ("code".to_owned(), "taken".to_owned()),
                ("order_prefix".to_owned(), "taken".to_owned())
            ]
        );
        assert_eq!(list(db, Some(&admin)).await.unwrap().len(), 5);

        let id = create(db, Some(&admin), &sixth(), now).await.unwrap();
        let rows = list(db, Some(&admin)).await.unwrap();
        assert_eq!(rows.len(), 6);
        let row = rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(row.form.order_prefix, "LD", "tidied");
        assert_eq!(row.form.support_email, "support@laadpaaldirect.nl");
        assert_eq!(row.form.brand_color, "#7c3aed");
        assert_eq!(row.orders, 0);

        // Its first orders are LD-2026-00001 and -00002, in its own sequence.
        let planner = testing::caller(Role::Planner);
        let first = leads::create(db, None, Some(&planner), &lead("laadpaal-direct"), now)
            .await
            .unwrap();
        let second = leads::create(db, None, Some(&planner), &lead("laadpaal-direct"), now)
            .await
            .unwrap();
        assert_eq!(
            (first.as_str(), second.as_str()),
            ("LD-2026-00001", "LD-2026-00002")
        );
        let counted = list(db, Some(&admin)).await.unwrap();
        assert_eq!(counted.iter().find(|r| r.id == id).unwrap().orders, 2);
        assert!(counted.iter().filter(|r| r.id != id).all(|r| r.orders > 0));

        // Now the prefix is locked; the rest may change, once per version.
        let renamed = EntityForm {
            order_prefix: "LPD".into(),
            ..sixth()
        };
        assert_eq!(
            update(db, Some(&admin), id, 1, &renamed, now)
                .await
                .map_err(ServiceError::into_fields)
                .unwrap_err(),
            [("order_prefix".to_owned(), "prefix_locked".to_owned())]
        );
        let recoloured = EntityForm {
            brand_color: "#059669".into(),
            ..sixth()
        };
        assert_eq!(
            update(db, Some(&admin), id, 1, &recoloured, now)
                .await
                .unwrap(),
            2
        );
        assert!(matches!(
            update(db, Some(&admin), id, 1, &recoloured, now).await,
            Err(ServiceError::Stale)
        ));
        let audited = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::TableName.eq("business_entities"))
            .order_by_asc(entity::audit_log::Column::Id)
            .all(db)
            .await
            .unwrap();
        assert_eq!(audited.len(), 2, "created and updated");
        // The update names only what changed.
        let update: serde_json::Value = serde_json::from_str(&audited[1].changes).unwrap();
        assert_eq!(
            update,
            serde_json::json!({ "brand_color": ["#7c3aed", "#059669"] })
        );
        tdb.cleanup().await;
    }
}
