use super::*;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::dto::UserChange;

/// The demo partner desk of partner `id` (seeded as its partner admin).
fn partner(id: i32) -> CurrentUser {
    testing::partner_desk(id)
}

async fn seeded(db: &DatabaseConnection) {
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
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
        seeded(db).await;
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
        seeded(db).await;
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

/// Only a partner admin makes, rotates and revokes keys and manages
/// webhook endpoints; a colleague sees the keys and the usage but changes
/// nothing (403), and the page knows which of the two it shows. Taking the
/// role away takes effect at the next call, without signing out.
#[tokio::test]
async fn only_a_partner_admin_manages_keys_and_webhooks() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seeded(db).await;
        let admin = partner(1);
        let made = create(db, Some(&admin), &new(&["orders:read"], None), at(0))
            .await
            .unwrap();
        let colleague_row = entity::user::ActiveModel {
            email: Set("collega@groendus.nl".into()),
            display_name: Set("Collega Groendus".into()),
            role: Set(Role::PartnerUser.as_str().into()),
            partner_id: Set(Some(1)),
            locale: Set("nl".into()),
            created_at: Set(at(0)),
            updated_at: Set(at(0)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        assert!(
            !colleague_row.partner_admin,
            "{}: not by default",
            tdb.backend
        );
        let colleague = CurrentUser {
            user_id: colleague_row.id,
            email: colleague_row.email.clone(),
            ..admin.clone()
        };

        // The colleague sees the partner's keys, and that they may not act.
        let seen = crate::api_usage::access(db, Some(&colleague), 10)
            .await
            .unwrap();
        assert_eq!(seen.keys.len(), 1);
        assert!(!seen.may_manage);
        assert!(
            crate::api_usage::access(db, Some(&admin), 10)
                .await
                .unwrap()
                .may_manage
        );
        let forbidden = |r: Result<_, ServiceError>| matches!(r, Err(ServiceError::Forbidden));
        assert!(forbidden(
            create(db, Some(&colleague), &new(&["orders:read"], None), at(1))
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            rotate(db, Some(&colleague), made.key.id, 0, at(1))
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            revoke(db, Some(&colleague), made.key.id, at(1))
                .await
                .map(|_| ())
        ));
        let hook = entity::dto::NewWebhookDto {
            url: "https://erp.groendus.example/hooks".into(),
            events: vec!["order.completed".into()],
        };
        assert!(forbidden(
            crate::webhooks::create(db, Some(&colleague), &hook, at(1))
                .await
                .map(|_| ())
        ));
        assert!(
            !crate::webhooks::overview(db, Some(&colleague), 10)
                .await
                .unwrap()
                .may_manage
        );
        assert_eq!(
            list(db, Some(&admin)).await.unwrap().len(),
            1,
            "nothing made"
        );

        // An admin of ChargeCars makes the colleague the partner admin and
        // takes the role from the desk: both take effect at once.
        let sysadmin = testing::caller(Role::Admin);
        crate::users::change(
            db,
            Some(&sysadmin),
            colleague_row.id,
            colleague_row.version,
            &UserChange::PartnerAdmin(true),
            "http://localhost",
            at(2),
        )
        .await
        .unwrap();
        let desk = entity::user::Entity::find_by_id(admin.user_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        crate::users::change(
            db,
            Some(&sysadmin),
            desk.id,
            desk.version,
            &UserChange::PartnerAdmin(false),
            "http://localhost",
            at(2),
        )
        .await
        .unwrap();
        revoke(db, Some(&colleague), made.key.id, at(3))
            .await
            .unwrap();
        assert!(forbidden(
            create(db, Some(&admin), &new(&["orders:read"], None), at(3))
                .await
                .map(|_| ())
        ));
        // Not for staff or customers.
        let planner = entity::user::Entity::find()
            .filter(entity::user::Column::Role.eq(Role::Planner.as_str()))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(
            crate::users::change(
                db,
                Some(&sysadmin),
                planner.id,
                planner.version,
                &UserChange::PartnerAdmin(true),
                "http://localhost",
                at(4),
            )
            .await,
            Err(ServiceError::Fields(f)) if f.iter().any(|(_, c)| c == "not_partner")
        ));
        tdb.cleanup().await;
    }
}
