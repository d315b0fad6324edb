use super::*;
use crate::testing;

fn partner(id: i32) -> CurrentUser {
    CurrentUser {
        user_id: 500 + id,
        partner_id: Some(id),
        ..testing::caller(Role::PartnerUser)
    }
}

fn new(scopes: &[&str], days: Option<i32>) -> NewApiKeyDto {
    NewApiKeyDto {
        test: false,
        name: "ERP koppeling".into(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        expires_in_days: days,
    }
}

fn at(h: i64) -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc() + Duration::hours(h)
}

/// A key is shown once and kept only as its hash; it opens the routes of
/// its scopes for its own partner, not others' (403), and a wrong,
/// unknown, revoked or expired key is 401 alike.
#[tokio::test]
async fn a_key_opens_its_scopes_until_it_is_revoked_or_expires() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let a = partner(1);
        let made = create(
            db,
            Some(&a),
            &new(&["orders:read", "leads:write"], Some(30)),
            at(0),
        )
        .await
        .unwrap();
        let key = made.secret.clone();
        assert!(key.starts_with(&made.key.prefix), "{key}");
        assert_eq!(made.key.scopes, ["leads:write", "orders:read"]);
        let row = api_key::Entity::find_by_id(made.key.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(
            row.secret_hash, key,
            "{}: only the hash is kept",
            tdb.backend
        );
        assert!(!row.secret_hash.contains(&key[made.key.prefix.len()..]));

        let who = authenticate(db, &key, "orders:read", Some("192.0.2.7"), at(1))
            .await
            .unwrap();
        assert_eq!(who.partner_id, 1);
        let listed = list(db, Some(&a)).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].last_used_ip.as_deref(), Some("192.0.2.7"));
        assert_eq!(listed[0].last_used_at, Some(at(1)));
        assert!(matches!(
            authenticate(db, &key, "invoices:read", None, at(1)).await,
            Err(ServiceError::Forbidden)
        ));
        // One character off, not a key at all, or a made-up one: 401.
        let mut wrong = key.clone();
        let last = wrong.pop().unwrap();
        wrong.push(if last == 'A' { 'B' } else { 'A' });
        let (_, unknown) = new_key(false);
        for bad in [wrong.as_str(), "Bearer nonsense", "", unknown.as_str()] {
            assert!(
                matches!(
                    authenticate(db, bad, "orders:read", None, at(1)).await,
                    Err(ServiceError::Unauthenticated)
                ),
                "{}: {bad}",
                tdb.backend
            );
        }
        // Expired after 30 days.
        assert!(matches!(
            authenticate(db, &key, "orders:read", None, at(30 * 24)).await,
            Err(ServiceError::Unauthenticated)
        ));

        // Another partner neither sees nor ends it.
        let b = partner(2);
        assert!(list(db, Some(&b)).await.unwrap().is_empty());
        assert!(matches!(
            revoke(db, Some(&b), made.key.id, at(2)).await,
            Err(ServiceError::NotFound)
        ));
        // Its own partner revokes it: 401 from then on.
        let r = revoke(db, Some(&a), made.key.id, at(2)).await.unwrap();
        assert_eq!(r.revoked_at, Some(at(2)));
        assert_eq!(
            revoke(db, Some(&a), made.key.id, at(3))
                .await
                .unwrap()
                .revoked_at,
            Some(at(2)),
            "revoking again changes nothing"
        );
        assert!(matches!(
            authenticate(db, &key, "orders:read", None, at(3)).await,
            Err(ServiceError::Unauthenticated)
        ));
        tdb.cleanup().await;
    }
}

/// Rotation: a new key with the same scopes, the old one working for the
/// overlap and no longer after; bad input and other roles are refused.
#[tokio::test]
async fn a_rotated_key_overlaps_then_ends() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let a = partner(1);
        let old = create(db, Some(&a), &new(&["quotes:write"], None), at(0))
            .await
            .unwrap();
        let new_one = rotate(db, Some(&a), old.key.id, 24, at(1)).await.unwrap();
        assert_ne!(new_one.secret, old.secret);
        assert_eq!(new_one.key.scopes, ["quotes:write"]);
        assert_eq!(new_one.key.expires_at, None, "the old never expired");
        for key in [&old.secret, &new_one.secret] {
            assert!(authenticate(db, key, "quotes:write", None, at(2))
                .await
                .is_ok());
        }
        assert!(matches!(
            authenticate(db, &old.secret, "quotes:write", None, at(25)).await,
            Err(ServiceError::Unauthenticated)
        ));
        assert!(
            authenticate(db, &new_one.secret, "quotes:write", None, at(25))
                .await
                .is_ok()
        );
        assert!(matches!(
            rotate(db, Some(&a), old.key.id, 1, at(26)).await,
            Err(ServiceError::Conflict(c)) if c == "key_ended"
        ));
        assert!(matches!(
            rotate(db, Some(&a), new_one.key.id, -1, at(26)).await,
            Err(ServiceError::Invalid(f)) if f == "overlap_hours"
        ));
        assert!(matches!(
            create(db, Some(&a), &new(&["orders:write"], Some(0)), at(0)).await,
            Err(ServiceError::Invalid(f)) if f == "scopes,expires_in_days"
        ));
        for role in [Role::OpsManager, Role::Customer, Role::Technician] {
            assert!(matches!(
                list(db, Some(&testing::caller(role))).await,
                Err(ServiceError::Forbidden)
            ));
        }
        assert!(matches!(
            list(db, None).await,
            Err(ServiceError::Unauthenticated)
        ));
        tdb.cleanup().await;
    }
}
