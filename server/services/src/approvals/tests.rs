use super::*;
use crate::portal_order::portal_order;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::Role;
use entity::status_transition;
use entity::{outbox_message, quote_line};
use sea_orm::PaginatorTrait;

fn now() -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc()
}

async fn seeded() -> Vec<testing::TestDb> {
    let mut out = Vec::new();
    for tdb in testing::databases().await {
        seed_with(&tdb.db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        out.push(tdb);
    }
    out
}

/// The first order in `quote_sent`, brought in by a partner or not.
async fn waiting(db: &DatabaseConnection, via_partner: bool) -> order::Model {
    let q = order::Entity::find()
        .filter(order::Column::Status.eq(QUOTE_SENT))
        .order_by_asc(order::Column::Id);
    let q = if via_partner {
        q.filter(order::Column::PartnerId.is_not_null())
    } else {
        q.filter(order::Column::PartnerId.is_null())
    };
    q.one(db)
        .await
        .unwrap()
        .expect("an order waiting for approval")
}

fn customer_of(o: &order::Model) -> CurrentUser {
    CurrentUser {
        contact_id: Some(o.end_customer_contact_id),
        ..testing::caller(Role::Customer)
    }
}

fn partner_of(o: &order::Model) -> CurrentUser {
    CurrentUser {
        partner_id: o.partner_id,
        ..testing::caller(Role::PartnerUser)
    }
}

async fn current(db: &DatabaseConnection, id: i32) -> order::Model {
    order::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

/// The e-mails of a kind (SMS and WhatsApp copies have their own tests).
async fn mails(db: &DatabaseConnection, template: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq(template))
        .filter(outbox_message::Column::Channel.eq("email"))
        .all(db)
        .await
        .unwrap()
}

fn conflict(r: Result<PortalOrderDto, ServiceError>) -> String {
    match r {
        Err(ServiceError::Conflict(c)) => c,
        Err(ServiceError::Stale) => "stale".to_owned(),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn customer_then_partner_approve_and_the_order_is_both_approved() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let o = waiting(db, true).await;
        let (customer, partner) = (customer_of(&o), partner_of(&o));

        // Each side sees its own lines only.
        let mine = portal_order(db, Some(&customer), &o.order_number)
            .await
            .unwrap();
        let q = mine.quote.clone().expect("the sent quote");
        assert_eq!(mine.side, "customer");
        assert_eq!(mine.awaiting.as_deref(), Some("customer"));
        assert!(mine.can_approve && mine.can_request_revision);
        assert!(!q.lines.is_empty());
        assert!(q.lines.iter().all(|l| l.payer == "customer"));
        let theirs = portal_order(db, Some(&partner), &o.order_number)
            .await
            .unwrap();
        assert!(!theirs.can_approve, "the partner waits for the customer");
        assert!(theirs.can_request_revision);
        assert!(theirs
            .quote
            .unwrap()
            .lines
            .iter()
            .all(|l| l.payer == "partner"));

        // Other customers and partners cannot see or approve it.
        let stranger = CurrentUser {
            contact_id: Some(o.end_customer_contact_id + 1),
            ..testing::caller(Role::Customer)
        };
        assert!(matches!(
            approve(db, None, Some(&stranger), &o.order_number, q.id, now()).await,
            Err(ServiceError::NotFound)
        ));
        let other_partner = CurrentUser {
            partner_id: Some(o.partner_id.unwrap() + 1),
            ..testing::caller(Role::PartnerUser)
        };
        assert!(matches!(
            portal_order(db, Some(&other_partner), &o.order_number).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            approve(db, None, None, &o.order_number, q.id, now()).await,
            Err(ServiceError::Unauthenticated)
        ));
        // Staff do not approve on a customer's behalf.
        assert!(matches!(
            approve(
                db,
                None,
                Some(&testing::caller(Role::OpsManager)),
                &o.order_number,
                q.id,
                now()
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
        // The partner's turn comes after the customer's.
        assert_eq!(
            conflict(approve(db, None, Some(&partner), &o.order_number, q.id, now()).await),
            "not_awaiting_you"
        );
        // A page showing an older version cannot approve.
        assert_eq!(
            conflict(
                approve(
                    db,
                    None,
                    Some(&customer),
                    &o.order_number,
                    q.id + 100_000,
                    now()
                )
                .await
            ),
            "newer_version"
        );

        let after = approve(db, None, Some(&customer), &o.order_number, q.id, now())
            .await
            .unwrap();
        assert_eq!(after.status, CUSTOMER_APPROVED);
        assert_eq!(after.awaiting.as_deref(), Some("partner"));
        assert!(!after.can_approve);
        assert!(after.quote.unwrap().customer_approved_at.is_some());
        let asked = mails(db, "quote_partner_approval").await;
        assert_eq!(asked.len(), 1);
        assert!(asked[0]
            .body
            .contains(&format!("/partner/orders/{}", o.order_number)));
        assert_eq!(
            conflict(approve(db, None, Some(&customer), &o.order_number, q.id, now()).await),
            "not_awaiting_you",
            "approving twice"
        );
        // Revisions are no longer possible once the customer has agreed.
        assert_eq!(
            conflict(
                request_revision(
                    db,
                    None,
                    Some(&partner),
                    &o.order_number,
                    q.id,
                    "Graag een andere laadpaal",
                    now()
                )
                .await
            ),
            "not_awaiting_you"
        );

        let done = approve(db, None, Some(&partner), &o.order_number, q.id, now())
            .await
            .unwrap();
        assert_eq!(done.status, BOTH_APPROVED);
        assert_eq!(done.awaiting, None);
        let steps: Vec<(String, Option<i32>)> = status_transition::Entity::find()
            .filter(status_transition::Column::OrderId.eq(o.id))
            .filter(status_transition::Column::CreatedAt.eq(now()))
            .order_by_asc(status_transition::Column::Id)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.to_status, t.actor_user_id))
            .collect();
        assert_eq!(
            steps,
            [
                (CUSTOMER_APPROVED.to_owned(), Some(customer.user_id)),
                (PARTNER_APPROVED.to_owned(), Some(partner.user_id)),
                (BOTH_APPROVED.to_owned(), None),
            ]
        );
        let q = quote::Entity::find_by_id(q.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(q.customer_approved_at.is_some() && q.partner_approved_at.is_some());
        assert_eq!(mails(db, "quote_both_approved").await.len(), 1);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn a_direct_sale_needs_only_the_customer() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let o = waiting(db, false).await;
        let customer = customer_of(&o);
        let v = portal_order(db, Some(&customer), &o.order_number)
            .await
            .unwrap();
        let q = v.quote.unwrap();
        let done = approve(db, None, Some(&customer), &o.order_number, q.id, now())
            .await
            .unwrap();
        assert_eq!(done.status, BOTH_APPROVED);
        assert_eq!(current(db, o.id).await.version, o.version + 2);
        assert!(mails(db, "quote_partner_approval").await.is_empty());
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn a_revision_request_makes_a_new_version_that_ops_send() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let o = waiting(db, true).await;
        let (customer, partner) = (customer_of(&o), partner_of(&o));
        let sent = portal_order(db, Some(&partner), &o.order_number)
            .await
            .unwrap()
            .quote
            .unwrap();
        let versions = quote::Entity::find()
            .filter(quote::Column::OrderId.eq(o.id))
            .count(db)
            .await
            .unwrap();

        assert!(matches!(
            request_revision(
                db,
                None,
                Some(&partner),
                &o.order_number,
                sent.id,
                "  te duur ",
                now()
            )
            .await,
            Err(ServiceError::Invalid(_))
        ));
        let v = request_revision(
            db,
            None,
            Some(&partner),
            &o.order_number,
            sent.id,
            "De klant wil twee laadpalen in plaats van één.",
            now(),
        )
        .await
        .unwrap();
        assert!(v.revision_pending && !v.can_approve && !v.can_request_revision);
        assert_eq!(
            current(db, o.id).await.status,
            QUOTE_SENT,
            "000 has no way back"
        );
        let all = quote::Entity::find()
            .filter(quote::Column::OrderId.eq(o.id))
            .order_by_desc(quote::Column::VersionNo)
            .all(db)
            .await
            .unwrap();
        assert_eq!(all.len() as u64, versions + 1);
        let draft = &all[0];
        assert_eq!(draft.status, "draft");
        assert_eq!(draft.version_no, sent.version_no + 1);
        assert!(
            quote_line::Entity::find()
                .filter(quote_line::Column::QuoteId.eq(draft.id))
                .count(db)
                .await
                .unwrap()
                > 0
        );
        assert_eq!(all[1].status, "revision_requested");
        let to_ops = mails(db, "quote_revision_requested").await;
        assert!(to_ops.iter().any(|m| m.recipient == "ops@chargecars.nl"));
        assert!(to_ops[0].body.contains("twee laadpalen"));
        // Nobody approves a quote that is being revised.
        assert_eq!(
            conflict(approve(db, None, Some(&customer), &o.order_number, sent.id, now()).await),
            "revision_pending"
        );

        // Only ops send the new version.
        assert!(matches!(
            send_revision(db, None, Some(&customer), draft.id, now()).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            send_revision(db, None, Some(&testing::caller(Role::Planner)), sent.id, now()).await,
            Err(ServiceError::Conflict(c)) if c == "not_a_draft"
        ));
        send_revision(
            db,
            None,
            Some(&testing::caller(Role::Planner)),
            draft.id,
            now(),
        )
        .await
        .unwrap();
        assert_eq!(mails(db, "quote_revision_sent").await.len(), 1);
        let v = portal_order(db, Some(&customer), &o.order_number)
            .await
            .unwrap();
        let shown = v.quote.unwrap();
        assert_eq!(shown.version_no, draft.version_no);
        assert!(v.can_approve && !v.revision_pending);
        let old = quote::Entity::find_by_id(sent.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(old.status, "superseded");
        // The old version can no longer be approved; the new one can.
        assert_eq!(
            conflict(approve(db, None, Some(&customer), &o.order_number, sent.id, now()).await),
            "newer_version"
        );
        let after = approve(db, None, Some(&customer), &o.order_number, shown.id, now())
            .await
            .unwrap();
        assert_eq!(after.status, CUSTOMER_APPROVED);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn sending_a_quote_mails_both_sides_a_portal_link() {
    for tdb in seeded().await {
        let db = &tdb.db;
        use entity::domain::workflow::QUOTE_READY;
        let o = order::Entity::find()
            .filter(order::Column::Status.is_in([QUOTE_DRAFT, QUOTE_READY]))
            .filter(order::Column::PartnerId.is_not_null())
            .one(db)
            .await
            .unwrap()
            .expect("an order with a quote in the making");
        let planner = testing::caller(Role::Planner);
        for to in [QUOTE_READY, QUOTE_SENT] {
            let fresh = current(db, o.id).await;
            if fresh.status == to {
                continue;
            }
            crate::pipeline::move_order(
                db,
                None,
                Some(&planner),
                &crate::pipeline::MoveRequest {
                    order_id: o.id,
                    version: fresh.version,
                    to: to.into(),
                    reason: None,
                },
                now(),
            )
            .await
            .unwrap()
            .unwrap();
        }
        let to_customer = mails(db, "quote_ready").await;
        assert_eq!(to_customer.len(), 1);
        assert!(to_customer[0]
            .body
            .contains(&format!("/klant/orders/{}", o.order_number)));
        assert_eq!(mails(db, "quote_sent_partner").await.len(), 1);
        let v = portal_order(db, Some(&customer_of(&o)), &o.order_number)
            .await
            .unwrap();
        assert!(v.can_approve);
        tdb.cleanup().await;
    }
}
