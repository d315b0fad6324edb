use super::*;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::workflow::*;
use entity::domain::Role;
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};

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

async fn first_in(db: &DatabaseConnection, status: &str) -> order::Model {
    order::Entity::find()
        .filter(order::Column::Status.eq(status))
        .order_by_asc(order::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no order in {status}"))
}

async fn first_in_any(db: &DatabaseConnection, statuses: &[&str]) -> order::Model {
    order::Entity::find()
        .filter(order::Column::Status.is_in(statuses.iter().copied()))
        .order_by_asc(order::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no order in {statuses:?}"))
}

#[tokio::test]
async fn the_board_counts_every_order_once_and_pages_columns() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let planner = testing::caller(Role::Planner);
        let b = board(db, Some(&planner), &BoardFilter::default(), now())
            .await
            .unwrap();
        assert_eq!(b.columns.len(), 9);
        let standard = Workflow::default_order_workflow();
        let total: u64 = b.columns.iter().map(|c| c.total).sum();
        assert_eq!(total, order::Entity::find().count(db).await.unwrap());
        for c in &b.columns {
            assert!(c.cards.len() as u64 <= PAGE.min(c.total));
            for card in &c.cards {
                assert_eq!(
                    standard.column_of(&card.status),
                    c.column,
                    "{}",
                    card.order_number
                );
                assert!(!card.customer.is_empty() && !card.brand.is_empty());
                assert_eq!(card.facts.status, card.status);
            }
        }
        // Open columns put the most urgent first.
        let quote = b
            .columns
            .iter()
            .find(|c| c.column == Column::Quote)
            .unwrap();
        let dues: Vec<i64> = quote.cards.iter().filter_map(|c| c.sla_due).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
        // The next page continues where the first stopped.
        let cancelled = b
            .columns
            .iter()
            .find(|c| c.column == Column::Cancelled)
            .unwrap();
        assert!(
            cancelled.total > PAGE,
            "small world has enough cancellations"
        );
        let page2 = column_page(
            db,
            Some(&planner),
            &BoardFilter::default(),
            Column::Cancelled,
            cancelled.cards.last().map(|c| c.id),
            PAGE,
            now(),
        )
        .await
        .unwrap();
        let first: HashSet<i32> = cancelled.cards.iter().map(|c| c.id).collect();
        assert!(page2.cards.iter().all(|c| !first.contains(&c.id)));
        assert_eq!(b.conversion.len(), 4);
        assert_eq!(
            b.conversion
                .iter()
                .map(|c| c.target_percent)
                .collect::<Vec<_>>(),
            [80, 90, 40, 95]
        );
        for c in &b.conversion {
            assert!(
                c.converted <= c.decided + 1_000_000 && c.decided > 0,
                "{c:?}"
            );
        }
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn filters_narrow_the_board() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let planner = testing::caller(Role::Planner);
        let count = |f: BoardFilter| async move {
            board(db, Some(&testing::caller(Role::Planner)), &f, now())
                .await
                .unwrap()
                .columns
                .iter()
                .map(|c| c.total)
                .sum::<u64>()
        };
        let all = count(BoardFilter::default()).await;
        let groendus = count(BoardFilter {
            partner_id: Some(1),
            ..Default::default()
        })
        .await;
        let expected = order::Entity::find()
            .filter(order::Column::PartnerId.eq(1))
            .count(db)
            .await
            .unwrap();
        assert_eq!(groendus, expected);
        assert!(groendus > 0 && groendus < all);

        let o = first_in(db, NEW_LEAD).await;
        let by_number = count(BoardFilter {
            q: Some(o.order_number.to_lowercase()),
            ..Default::default()
        })
        .await;
        assert_eq!(by_number, 1);
        let customer = contact::Entity::find_by_id(o.end_customer_contact_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            count(BoardFilter {
                q: Some(customer.display_name.to_uppercase()),
                ..Default::default()
            })
            .await
                >= 1
        );
        let region_sum: u64 = {
            let mut s = 0;
            for r in ["NH", "ZH", "MI", "ZW", "ZU", "OO", "NO"] {
                s += count(BoardFilter {
                    region: Some(r.into()),
                    ..Default::default()
                })
                .await;
            }
            s
        };
        assert_eq!(region_sum, all, "every order is in exactly one region");
        let overdue = count(BoardFilter {
            sla: Some("overdue".into()),
            ..Default::default()
        })
        .await;
        let overdue_expected = order::Entity::find()
            .filter(order::Column::SlaDueAt.lte(now()))
            .count(db)
            .await
            .unwrap();
        assert_eq!(overdue, overdue_expected);
        let by_state: u64 = {
            let mut s = 0;
            for st in ["none", "ok", "at_risk", "overdue"] {
                s += count(BoardFilter {
                    sla: Some(st.into()),
                    ..Default::default()
                })
                .await;
            }
            s
        };
        assert_eq!(by_state, all, "SLA states partition the orders");
        let future = count(BoardFilter {
            from: Some("2030-01-01".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(future, 0);
        assert!(matches!(
            board(
                db,
                Some(&planner),
                &BoardFilter {
                    from: Some("gisteren".into()),
                    ..Default::default()
                },
                now()
            )
            .await,
            Err(ServiceError::Invalid(_))
        ));
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn moves_are_checked_recorded_and_versioned() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let planner = testing::caller(Role::Planner);
        let bus = Bus::default();
        let mut events = bus.subscribe();
        let o = first_in(db, NEW_LEAD).await;
        let transitions_before = status_transition::Entity::find()
            .filter(status_transition::Column::OrderId.eq(o.id))
            .count(db)
            .await
            .unwrap();

        // Illegal: nothing is written.
        let r = move_order(
            db,
            Some(&bus),
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: o.version,
                to: COMPLETED.into(),
                reason: None,
            },
            now(),
        )
        .await
        .unwrap();
        assert!(matches!(r, Err(Refusal::NotAllowed { .. })));

        // Legal: status, SLA clock, version and history change together.
        let card = move_order(
            db,
            Some(&bus),
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: o.version,
                to: INTAKE_SENT.into(),
                reason: None,
            },
            now(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(card.status, INTAKE_SENT);
        assert_eq!(card.version, o.version + 1);
        let after = order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.status_since, now());
        assert_eq!(after.sla_due_at, Some(now() + chrono::Duration::hours(168)));
        assert_eq!(
            after.sla_risk_at,
            Some(now() + chrono::Duration::minutes(168 * 60 * 80 / 100))
        );
        let history = status_transition::Entity::find()
            .filter(status_transition::Column::OrderId.eq(o.id))
            .order_by_desc(status_transition::Column::Id)
            .all(db)
            .await
            .unwrap();
        assert_eq!(history.len() as u64, transitions_before + 1);
        assert_eq!(history[0].from_status.as_deref(), Some(NEW_LEAD));
        assert_eq!(history[0].to_status, INTAKE_SENT);
        assert_eq!(history[0].actor_user_id, Some(3));
        // The change is recorded as a domain event in the same transaction.
        let recorded = entity::domain_event::Entity::find()
            .filter(entity::domain_event::Column::OrderId.eq(o.id))
            .order_by_desc(entity::domain_event::Column::Id)
            .one(db)
            .await
            .unwrap()
            .expect("a domain event");
        assert_eq!(recorded.kind, "order_entered");
        assert_eq!(
            serde_json::from_str::<crate::domain_events::DomainEvent>(&recorded.payload).unwrap(),
            crate::domain_events::DomainEvent::OrderEntered {
                order_id: o.id,
                from: NEW_LEAD.into(),
                to: INTAKE_SENT.into(),
                reason: None,
                resumed: false,
            }
        );
        let event = events.try_recv().unwrap();
        assert_eq!((event.order_id, event.version), (o.id, o.version + 1));

        // The loser of a race is told, and changes nothing.
        let stale = move_order(
            db,
            Some(&bus),
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: o.version,
                to: CANCELLED.into(),
                reason: Some("dubbel".into()),
            },
            now(),
        )
        .await
        .unwrap();
        assert_eq!(stale, Err(Refusal::Stale));
        assert_eq!(
            order::Entity::find_by_id(o.id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .status,
            INTAKE_SENT
        );

        // Cancel needs a reason; with one, partner and customer hear of it.
        let r = move_order(
            db,
            None,
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: card.version,
                to: CANCELLED.into(),
                reason: Some("  ".into()),
            },
            now(),
        )
        .await
        .unwrap();
        assert_eq!(r, Err(Refusal::ReasonRequired));
        let mails_before = entity::outbox_message::Entity::find()
            .count(db)
            .await
            .unwrap();
        let c = move_order(
            db,
            None,
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: card.version,
                to: CANCELLED.into(),
                reason: Some("Klant heeft al een laadpaal".into()),
            },
            now(),
        )
        .await
        .unwrap()
        .unwrap();
        let cancelled = order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            cancelled.cancel_reason.as_deref(),
            Some("Klant heeft al een laadpaal")
        );
        assert_eq!(cancelled.sla_due_at, None);
        let mails = entity::outbox_message::Entity::find()
            .count(db)
            .await
            .unwrap()
            - mails_before;
        assert_eq!(mails, if o.partner_id.is_some() { 2 } else { 1 });
        assert_eq!(c.status, CANCELLED);
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn hold_remembers_where_it_came_from_and_resumes_there() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let planner = testing::caller(Role::Planner);
        let o = first_in_any(db, &[PLANNING, BOTH_APPROVED, QUOTE_SENT, INTAKE_COMPLETED]).await;
        let from = o.status.clone();
        let held = move_order(
            db,
            None,
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: o.version,
                to: ON_HOLD.into(),
                reason: Some("Meterkast moet eerst vervangen".into()),
            },
            now(),
        )
        .await
        .unwrap()
        .unwrap();
        let row = order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status_before_hold.as_deref(), Some(from.as_str()));
        assert_eq!(
            row.hold_reason.as_deref(),
            Some("Meterkast moet eerst vervangen")
        );
        assert_eq!(
            held.facts.status_before_hold.as_deref(),
            Some(from.as_str())
        );
        let wrong = move_order(
            db,
            None,
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: held.version,
                to: NEW_LEAD.into(),
                reason: None,
            },
            now(),
        )
        .await
        .unwrap();
        assert!(matches!(wrong, Err(Refusal::NotAllowed { .. })));
        let back = move_order(
            db,
            None,
            Some(&planner),
            &MoveRequest {
                order_id: o.id,
                version: held.version,
                to: from.clone(),
                reason: None,
            },
            now(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(back.status, from);
        let row = order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.status_before_hold, row.hold_reason), (None, None));
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn only_ops_staff_move_orders_and_bulk_moves_report_each_order() {
    let tdb = seeded().await.remove(0);
    let db = &tdb.db;
    let o = first_in(db, NEW_LEAD).await;
    let req = MoveRequest {
        order_id: o.id,
        version: o.version,
        to: INTAKE_SENT.into(),
        reason: None,
    };
    for role in [Role::Technician, Role::PartnerUser, Role::Customer] {
        assert!(matches!(
            move_order(db, None, Some(&testing::caller(role)), &req, now()).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            board(
                db,
                Some(&testing::caller(role)),
                &BoardFilter::default(),
                now()
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        move_order(db, None, None, &req, now()).await,
        Err(ServiceError::Unauthenticated)
    ));

    let leads: Vec<order::Model> = order::Entity::find()
        .filter(order::Column::Status.eq(NEW_LEAD))
        .order_by_asc(order::Column::Id)
        .limit(3)
        .all(db)
        .await
        .unwrap();
    assert_eq!(leads.len(), 3);
    let done = first_in(db, COMPLETED).await;
    let mut batch: Vec<(i32, i32)> = leads.iter().map(|o| (o.id, o.version)).collect();
    batch.push((done.id, done.version));
    let results = move_many(
        db,
        None,
        Some(&testing::caller(Role::OpsManager)),
        &batch,
        INTAKE_SENT,
        None,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(|r| r.refused.is_none()));
    assert_eq!(results[3].refused.as_deref(), Some("final"));
    assert_eq!(results[3].order_number, done.order_number);
    tdb.cleanup().await;
}

/// 003's rental workflow on the board: an RL order shows in the columns its
/// workflow names and moves through them; 000's orders stay where they were.
#[tokio::test]
async fn an_entity_with_its_own_workflow_is_on_the_board_in_its_columns() {
    let rental = crate::workflows::tests::rental();
    for tdb in seeded().await {
        let db = &tdb.db;
        let planner = testing::caller(Role::Planner);
        let all = BoardFilter::default();
        let before = board(db, Some(&planner), &all, now()).await.unwrap();
        crate::workflows::tests::rental_company(db, now()).await;
        let lead = crate::business_entities::tests::lead("ratio-lease");
        let number = crate::leads::create(db, None, Some(&planner), &lead, now())
            .await
            .unwrap();
        let column_of = |b: &BoardDto| {
            b.columns
                .iter()
                .find(|c| c.cards.iter().any(|k| k.order_number == number))
                .map(|c| c.column)
        };
        let totals = |b: &BoardDto| b.columns.iter().map(|c| c.total).collect::<Vec<_>>();

        // With every company on the board, the order is counted once, in
        // its workflow's column, and no other column changes.
        let counted_in = |column: Column| {
            let mut t = totals(&before);
            t[Column::ALL.iter().position(|c| *c == column).unwrap()] += 1;
            t
        };
        let b = board(db, Some(&planner), &all, now()).await.unwrap();
        assert_eq!(totals(&b), counted_in(Column::Lead));
        assert!(b
            .workflows
            .iter()
            .any(|(code, wf)| code == "ratio-lease" && *wf == rental));
        // Filtered to the entity, only its order is on the board.
        let only = BoardFilter {
            entity: Some("ratio-lease".into()),
            ..Default::default()
        };
        let b = board(db, Some(&planner), &only, now()).await.unwrap();
        assert_eq!(totals(&b).iter().sum::<u64>(), 1);
        assert_eq!(column_of(&b), Some(Column::Lead));

        // Dropped column by column, as the board does it.
        let mut card = b.columns[0].cards[0].clone();
        for (column, status) in [
            (Column::Intake, "afventer_behandling"),
            (Column::Approved, "bestilt"),
            (Column::InProgress, "udlejet"),
            (Column::Completed, "afsluttet"),
        ] {
            let to = pipeline::target_in_column(&rental, &card.facts, column).unwrap();
            assert_eq!(to, status);
            card = move_order(
                db,
                None,
                Some(&planner),
                &MoveRequest {
                    order_id: card.id,
                    version: card.version,
                    to,
                    reason: None,
                },
                now(),
            )
            .await
            .unwrap()
            .unwrap();
            let b = board(db, Some(&planner), &all, now()).await.unwrap();
            assert_eq!(totals(&b), counted_in(column), "{status}");
            let b = board(db, Some(&planner), &only, now()).await.unwrap();
            assert_eq!(column_of(&b), Some(column), "{status}");
            let page = column_page(db, Some(&planner), &only, column, None, 10, now())
                .await
                .unwrap();
            assert_eq!(page.cards[0].status, status);
        }
        // A column the workflow does not reach from here is refused.
        assert!(matches!(
            pipeline::target_in_column(&rental, &card.facts, Column::Quote),
            Err(Refusal::NotAllowed { .. })
        ));
        tdb.cleanup().await;
    }
}

/// What the search should find, by reading every order and contact.
async fn scanned(db: &DatabaseConnection, q: &str) -> HashSet<i32> {
    let q = q.trim().to_lowercase();
    let compact = q.replace(' ', "");
    let names: HashMap<i32, String> = contact::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.display_name.to_lowercase()))
        .collect();
    order::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.order_number.to_lowercase().contains(&q)
                || o.city.to_lowercase().contains(&q)
                || o.postcode.to_lowercase().contains(&q)
                || o.postcode.to_lowercase().contains(&compact)
                || names
                    .get(&o.end_customer_contact_id)
                    .is_some_and(|n| n.contains(&q))
        })
        .map(|o| o.id)
        .collect()
}

async fn searched(db: &DatabaseConnection, q: &str) -> HashSet<i32> {
    order::Entity::find()
        .filter(search(db.get_database_backend(), q))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect()
}

#[tokio::test]
async fn text_search_through_the_index_finds_what_reading_everything_finds() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let o = first_in(db, NEW_LEAD).await;
        let customer = contact::Entity::find_by_id(o.end_customer_contact_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let surname = customer
            .display_name
            .split_whitespace()
            .last()
            .unwrap()
            .to_owned();
        let queries = [
            o.order_number.clone(),
            o.order_number[o.order_number.len() - 4..].to_owned(),
            surname.to_uppercase(),
            o.city[..3].to_lowercase(),
            o.postcode.clone(),
            o.postcode.replace(' ', ""),
            "ze".to_owned(),
            "x\"y".to_owned(),
            "niemand-heet-zo".to_owned(),
        ];
        for q in &queries {
            let expected = scanned(db, q).await;
            assert_eq!(searched(db, q).await, expected, "{q:?}");
        }
        assert!(searched(db, &surname).await.contains(&o.id));
        // Two letters: below the trigram index, read from the columns.
        let two = o.city[..2].to_lowercase();
        assert!(searched(db, &two).await.contains(&o.id));
        assert_eq!(searched(db, &two).await, scanned(db, &two).await);
        // Renamed and moved: the index follows (triggers on SQLite).
        let mut c = customer.clone().into_active_model();
        c.display_name = Set("Xanthippe Quirijnsdottir".into());
        c.update(db).await.unwrap();
        let mut m = o.clone().into_active_model();
        m.city = Set("Zwammerdam".into());
        m.update(db).await.unwrap();
        assert!(searched(db, "quirijns").await.contains(&o.id));
        assert!(searched(db, "zwammer").await.contains(&o.id));
        assert_eq!(
            searched(db, "quirijns").await,
            scanned(db, "quirijns").await
        );
        if !customer.display_name.to_lowercase().contains("quirijns") {
            assert!(!searched(db, &customer.display_name).await.contains(&o.id));
        }
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn a_column_read_page_by_page_is_the_column_read_at_once() {
    for tdb in seeded().await {
        let db = &tdb.db;
        let planner = testing::caller(Role::Planner);
        let all = BoardFilter::default();
        for column in Column::ALL {
            let whole = column_page(db, Some(&planner), &all, column, None, 200, now())
                .await
                .unwrap();
            let mut paged = Vec::new();
            let mut last = None;
            loop {
                let page = column_page(db, Some(&planner), &all, column, last, 7, now())
                    .await
                    .unwrap();
                assert_eq!(page.total, whole.total);
                if page.cards.is_empty() {
                    break;
                }
                last = page.cards.last().map(|c| c.id);
                paged.extend(page.cards.into_iter().map(|c| c.id));
            }
            let at_once: Vec<i32> = whole.cards.iter().map(|c| c.id).collect();
            assert_eq!(paged[..at_once.len()], at_once[..], "{column:?}");
            assert_eq!(paged.len() as u64, whole.total, "{column:?}");
        }
        // A card that is no order is refused, not read as the start.
        assert!(matches!(
            column_page(db, Some(&planner), &all, Column::Quote, Some(-5), 7, now()).await,
            Err(ServiceError::Invalid(_))
        ));
        tdb.cleanup().await;
    }
}
