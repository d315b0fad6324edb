use super::*;
use crate::testing;
use entity::domain::Role;
use entity::dto::NewApiKeyDto;

fn lead() -> ApiNewLeadDto {
    serde_json::from_value(serde_json::json!({
        "entity": "chargecars",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sandbox@example.nl",
        "phone": "+31612345678",
        "street": "Kerkstraat",
        "house_number": "12a",
        "postcode": "3861 AB",
        "city": "Nijkerk",
        "charger_count": 1
    }))
    .unwrap()
}

/// Two moves of one sandbox order to the same status at the same moment:
/// exactly one is made (the other is stale, or finds the step already
/// taken), on SQLite and on PostgreSQL.
#[tokio::test]
async fn of_two_moves_at_once_exactly_one_is_made() {
    for tdb in testing::concurrent_databases().await {
        let db = &tdb.db;
        crate::seed::seed_with(db, testing::TODAY, crate::seed::Volumes::small())
            .await
            .unwrap();
        let user = testing::caller(Role::PartnerUser);
        let input = NewApiKeyDto {
            test: true,
            name: "sandbox".into(),
            scopes: vec!["leads:write".into(), "orders:read".into()],
            expires_in_days: None,
        };
        let now = Utc::now();
        let made = crate::api_keys::create(db, Some(&user), &input, now)
            .await
            .unwrap();
        let caller = crate::api_keys::identify(db, &made.secret, None, now)
            .await
            .unwrap();
        assert!(caller.test);
        let (status, body) = create_lead(db, &caller, None, lead(), now).await.unwrap();
        assert_eq!(status, 201);
        let order: ApiOrderDto = serde_json::from_str(&body).unwrap();

        let go = || advance(db, &caller, None, &order.number, Some("intake_sent"), now);
        let (a, b) = tokio::join!(go(), go());
        let made = [&a, &b].into_iter().filter(|r| r.is_ok()).count();
        assert_eq!(made, 1, "{}: {a:?} {b:?}", tdb.backend);
        let refused = [a, b].into_iter().find_map(|r| r.err()).unwrap();
        assert!(
            matches!(&refused, ServiceError::Stale)
                || matches!(&refused, ServiceError::Conflict(c) if c == "transition_not_allowed"),
            "{}: {refused:?}",
            tdb.backend
        );
        let now_is = super::order(db, &caller, &order.number).await.unwrap();
        assert_eq!(now_is.history.len(), 2, "{}", tdb.backend);
        assert_eq!(count(db, caller.partner_id).await.unwrap(), 1);
        tdb.cleanup().await;
    }
}
