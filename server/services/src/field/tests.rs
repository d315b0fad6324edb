use super::*;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::field::{Commissioning, MaterialUse};
use entity::domain::pipeline::CHECKLIST;
use entity::{invoice, outbox_message, status_transition};
use sea_orm::QueryOrder;

fn now() -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(7, 30, 0).unwrap().and_utc()
}

/// A scheduled order whose installation visit is on a published route of
/// a team the demo technician is in.
struct Fixture {
    monteur: CurrentUser,
    visit: visit::Model,
    order: order::Model,
}

async fn fixture(db: &DatabaseConnection) -> Fixture {
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let monteur = testing::caller(Role::Technician);
    let me = technician::Entity::find()
        .filter(technician::Column::UserId.eq(monteur.user_id))
        .one(db)
        .await
        .unwrap()
        .expect("the demo technician");
    let (v, o) = visit::Entity::find()
        .find_also_related(order::Entity)
        .filter(order::Column::Status.eq(SCHEDULED))
        .filter(visit::Column::DayTeamId.is_not_null())
        .filter(visit::Column::Date.is_not_null())
        .order_by_asc(visit::Column::Id)
        .one(db)
        .await
        .unwrap()
        .map(|(v, o)| (v, o.unwrap()))
        .expect("a scheduled order with a planned visit");
    let team = day_team::Entity::find_by_id(v.day_team_id.unwrap())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut t = team.into_active_model();
    t.published = Set(true);
    t.update(db).await.unwrap();
    let member = day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.eq(v.day_team_id.unwrap()))
        .filter(day_team_member::Column::TechnicianId.eq(me.id))
        .count(db)
        .await
        .unwrap();
    if member == 0 {
        day_team_member::ActiveModel {
            day_team_id: Set(v.day_team_id.unwrap()),
            technician_id: Set(me.id),
        }
        .insert(db)
        .await
        .unwrap();
    }
    Fixture {
        monteur,
        visit: v,
        order: o,
    }
}

/// A command as the app makes it: a fresh UUID for each action.
fn command(f: &Fixture, n: u32, action: FieldAction) -> FieldCommand {
    FieldCommand {
        id: format!("00000000-0000-4000-8000-{n:012}"),
        visit_id: f.visit.id,
        planned_date: f.visit.date.unwrap().to_string(),
        done_at: "2026-01-01T07:00:00Z".into(),
        action,
    }
}

fn commissioning(chargers: i32) -> FieldAction {
    FieldAction::Commissioning {
        checked: CHECKLIST.iter().map(|c| (*c).to_owned()).collect(),
        data: Commissioning {
            load_balancing_amps: 16,
            charge_point_id: "CC-ZAP-000123".into(),
            backend_url: "wss://ocpp.chargecars.nl/ocpp".into(),
            paired: true,
            test_charge_kwh: 1.4,
            rcd_trip_ms: 23,
            rcd_trip_ma: 30,
            serials: (0..chargers.max(1))
                .map(|i| format!("ZAP-{i:05}"))
                .collect(),
        },
    }
}

/// The whole visit, as the app queues it.
fn whole_visit(f: &Fixture) -> Vec<FieldCommand> {
    vec![
        command(f, 1, FieldAction::OnTheWay { eta_min: 25 }),
        command(
            f,
            2,
            FieldAction::Arrived {
                lat: Some(52.16),
                lng: Some(5.39),
            },
        ),
        command(
            f,
            3,
            FieldAction::PreChecklist {
                checked: field::PRE_CHECKLIST
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect(),
            },
        ),
        command(f, 4, commissioning(f.order.charger_count)),
        command(
            f,
            5,
            FieldAction::Materials {
                used: vec![MaterialUse {
                    product_id: None,
                    name: "Kabel 5x6 mm²".into(),
                    quantity: 12,
                }],
            },
        ),
    ]
}

fn complete(f: &Fixture, n: u32) -> FieldCommand {
    command(
        f,
        n,
        FieldAction::Complete {
            signed_by_name: "Koen Demir".into(),
            signature: "M10 10 L40 30 L80 12".into(),
        },
    )
}

/// A photo as a finished upload leaves it.
async fn photo(db: &DatabaseConnection, f: &Fixture, n: u32) {
    visit_photo::ActiveModel {
        client_id: Set(format!("10000000-0000-4000-8000-{n:012}")),
        visit_id: Set(f.visit.id),
        phase: Set("finished".into()),
        content_type: Set("image/jpeg".into()),
        size_bytes: Set(1000),
        received_bytes: Set(1000),
        storage_key: Set(format!("visits/{}/{n}.jpg", f.visit.id)),
        uploaded_by_user_id: Set(f.monteur.user_id),
        taken_at: Set(now()),
        completed_at: Set(Some(now())),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

async fn order_now(db: &DatabaseConnection, id: i32) -> order::Model {
    order::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

async fn sent(db: &DatabaseConnection, template: &str) -> u64 {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq(template))
        .count(db)
        .await
        .unwrap()
}

/// Issue 19's visit on the service level: on the way (the customer is
/// told), arrived (the order is in progress), checklists, commissioning,
/// materials, then the signature completes and invoices the order, once
/// a photo is there.
#[tokio::test]
async fn a_visit_runs_from_on_the_way_to_a_completed_and_invoiced_order() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let f = fixture(db).await;
        let me = Some(&f.monteur);
        let on_the_way = sent(db, "technician_on_the_way").await;
        let replies = sync(db, None, me, &whole_visit(&f), now()).await.unwrap();
        for r in &replies {
            assert!(matches!(r, FieldReply::Applied { .. }), "{r:?}");
        }
        assert!(
            sent(db, "technician_on_the_way").await > on_the_way,
            "{}: the customer hears the team is on the way",
            tdb.backend
        );
        assert_eq!(order_now(db, f.order.id).await.status, IN_PROGRESS);
        // No photo yet: the signature waits, and says why.
        let r = apply(db, None, me, &complete(&f, 6), now()).await.unwrap();
        assert_eq!(
            r,
            FieldReply::Conflict {
                id: complete(&f, 6).id,
                code: "photos_missing".into()
            }
        );
        photo(db, &f, 1).await;
        let r = apply(db, None, me, &complete(&f, 7), now()).await.unwrap();
        assert!(matches!(r, FieldReply::Applied { .. }), "{r:?}");
        let o = order_now(db, f.order.id).await;
        assert_eq!(o.status, COMPLETED);
        let s = sign_off::Entity::find()
            .filter(sign_off::Column::OrderId.eq(o.id))
            .one(db)
            .await
            .unwrap()
            .expect("signed");
        assert_eq!(
            (s.signed_by_name.as_str(), s.photo_count),
            ("Koen Demir", 1)
        );
        assert!(
            invoice::Entity::find()
                .filter(invoice::Column::OrderId.eq(o.id))
                .count(db)
                .await
                .unwrap()
                >= 1,
            "{}: completion invoices",
            tdb.backend
        );
        let ops = testing::caller(Role::OpsManager);
        // The order page shows what was recorded.
        let detail = crate::order_detail::detail(db, Some(&ops), &o.order_number)
            .await
            .unwrap();
        let field = &detail.field[0];
        assert_eq!(
            field.commissioning.as_ref().unwrap().charge_point_id,
            "CC-ZAP-000123"
        );
        assert_eq!(field.materials[0].quantity, 12);
        assert_eq!(field.photos.len(), 1);
        assert_eq!(field.pre_checklist.len(), field::PRE_CHECKLIST.len());
        let rep = report(db, Some(&ops), f.visit.id).await.unwrap().unwrap();
        assert!(rep.on_the_way_at.is_some() && rep.arrived_at.is_some());
        assert_eq!(rep.arrived_lat, Some(52.16));
        assert!(rep.commissioning.unwrap().contains("CC-ZAP-000123"));
        assert!(rep.materials.unwrap().contains("Kabel"));
        assert!(rep.finished_at.is_some());
        let v = visit::Entity::find_by_id(f.visit.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v.status, VisitStatus::Completed.as_str());
        // Another command after completion changes nothing.
        let late = command(&f, 8, FieldAction::OnTheWay { eta_min: 5 });
        assert_eq!(
            apply(db, None, me, &late, now()).await.unwrap(),
            FieldReply::Conflict {
                id: late.id.clone(),
                code: "already_completed".into()
            }
        );
        // Only technicians run visits; ops read the report.
        assert!(matches!(
            report(db, me, f.visit.id).await,
            Err(ServiceError::Forbidden)
        ));
        for role in [Role::Planner, Role::Customer, Role::PartnerUser] {
            assert!(matches!(
                sync(db, None, Some(&testing::caller(role)), &[], now()).await,
                Err(ServiceError::Forbidden)
            ));
        }
        assert!(matches!(
            sync(db, None, None, &[], now()).await,
            Err(ServiceError::Unauthenticated)
        ));
        tdb.cleanup().await;
    }
}

/// The network drops after the server applied a batch but before the
/// phone heard: the phone sends everything again. Each command is kept
/// once, answered as the first time, and nothing happens twice.
#[tokio::test]
async fn a_batch_sent_again_is_applied_exactly_once() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let f = fixture(db).await;
        let me = Some(&f.monteur);
        let mut batch = whole_visit(&f);
        batch.push(complete(&f, 6));
        let first = sync(db, None, me, &batch, now()).await.unwrap();
        let rows = || field_command::Entity::find().count(db);
        let transitions = || {
            status_transition::Entity::find()
                .filter(status_transition::Column::OrderId.eq(f.order.id))
                .count(db)
        };
        let (rows1, moves1) = (rows().await.unwrap(), transitions().await.unwrap());
        let messages1 = sent(db, "technician_on_the_way").await;
        assert_eq!(rows1, batch.len() as u64, "{}", tdb.backend);
        for _ in 0..3 {
            let again = sync(db, None, me, &batch, now()).await.unwrap();
            assert_eq!(
                again, first,
                "{}: a repeat gets the first answers",
                tdb.backend
            );
        }
        assert_eq!(rows().await.unwrap(), rows1, "{}", tdb.backend);
        assert_eq!(transitions().await.unwrap(), moves1, "{}", tdb.backend);
        assert_eq!(sent(db, "technician_on_the_way").await, messages1);
        // The same id in capitals is the same command.
        let mut upper = batch[0].clone();
        upper.id = upper.id.to_ascii_uppercase();
        assert_eq!(apply(db, None, me, &upper, now()).await.unwrap(), first[0]);
        assert_eq!(rows().await.unwrap(), rows1);
        // Another technician cannot read or reuse someone's command id.
        let other = CurrentUser {
            user_id: f.monteur.user_id + 1000,
            ..f.monteur.clone()
        };
        assert!(matches!(
            apply(db, None, Some(&other), &batch[0], now()).await,
            Err(ServiceError::Forbidden) | Err(ServiceError::NotFound)
        ));
        tdb.cleanup().await;
    }
}

/// Two copies of one command at the same moment (a retry racing the
/// original): one is applied, both get its answer, one row is kept.
#[tokio::test]
async fn two_copies_at_once_are_applied_once() {
    for tdb in testing::concurrent_databases().await {
        let db = &tdb.db;
        let f = fixture(db).await;
        let cmd = command(&f, 1, FieldAction::OnTheWay { eta_min: 20 });
        assert_eq!(sent(db, "technician_on_the_way").await, 0);
        let (a, b) = tokio::join!(
            apply(db, None, Some(&f.monteur), &cmd, now()),
            apply(db, None, Some(&f.monteur), &cmd, now())
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a, b, "{}", tdb.backend);
        assert!(matches!(a, FieldReply::Applied { .. }));
        assert_eq!(
            field_command::Entity::find().count(db).await.unwrap(),
            1,
            "{}",
            tdb.backend
        );
        // The customer is told once: one message per channel, none twice.
        let channels: Vec<String> = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("technician_on_the_way"))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.channel)
            .collect();
        let mut unique = channels.clone();
        unique.sort();
        unique.dedup();
        assert!(!channels.is_empty(), "{}", tdb.backend);
        assert_eq!(
            unique.len(),
            channels.len(),
            "{}: {channels:?}",
            tdb.backend
        );
        tdb.cleanup().await;
    }
}

/// What the technician is told instead of a silent drop: ops moved the
/// visit to another day, a step with wrong values, and an issue that puts
/// the order on hold with its reason.
#[tokio::test]
async fn conflicts_and_issues_are_answered_in_words_and_reach_ops() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let f = fixture(db).await;
        let me = Some(&f.monteur);
        // The app still shows yesterday's plan.
        let mut stale = command(&f, 1, FieldAction::OnTheWay { eta_min: 10 });
        stale.planned_date = (f.visit.date.unwrap() - chrono::Duration::days(1)).to_string();
        assert_eq!(
            apply(db, None, me, &stale, now()).await.unwrap(),
            FieldReply::Conflict {
                id: stale.id.clone(),
                code: "visit_moved".into()
            }
        );
        // A visit that is not there reads as one that moved away.
        let mut nowhere = command(&f, 2, FieldAction::OnTheWay { eta_min: 10 });
        nowhere.visit_id = 999_999;
        assert!(matches!(
            apply(db, None, me, &nowhere, now()).await.unwrap(),
            FieldReply::Conflict { code, .. } if code == "visit_moved"
        ));
        // Values out of range are named.
        let bad = command(&f, 3, commissioning(f.order.charger_count + 1));
        assert_eq!(
            apply(db, None, me, &bad, now()).await.unwrap(),
            FieldReply::Invalid {
                id: bad.id.clone(),
                fields: vec!["serials".into()]
            }
        );
        assert!(matches!(
            apply(
                db,
                None,
                me,
                &FieldCommand {
                    id: "not-a-uuid".into(),
                    ..command(&f, 4, FieldAction::OnTheWay { eta_min: 1 })
                },
                now()
            )
            .await,
            Err(ServiceError::Invalid(_))
        ));
        // No power at the address: on hold, with the reason ops read.
        let issue = command(
            &f,
            5,
            FieldAction::Issue {
                code: "no_power".into(),
                note: "Hoofdschakelaar defect".into(),
            },
        );
        assert!(matches!(
            apply(db, None, me, &issue, now()).await.unwrap(),
            FieldReply::Applied { .. }
        ));
        let o = order_now(db, f.order.id).await;
        assert_eq!(o.status, ON_HOLD);
        assert_eq!(
            o.hold_reason.as_deref(),
            Some("monteur: no_power — Hoofdschakelaar defect")
        );
        // Ops cancel the visit: the next step is a conflict.
        let mut v = visit::Entity::find_by_id(f.visit.id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        v.status = Set(VisitStatus::Cancelled.as_str().to_owned());
        v.update(db).await.unwrap();
        assert!(matches!(
            apply(db, None, me, &command(&f, 6, FieldAction::Arrived { lat: None, lng: None }), now())
                .await
                .unwrap(),
            FieldReply::Conflict { code, .. } if code == "visit_cancelled"
        ));
        tdb.cleanup().await;
    }
}

/// Time registration: the team's steps and the technician's own breaks
/// make their day (driving, on site, breaks, overtime against the shift);
/// the technician sees theirs, ops see everyone's, a repeat counts once.
#[tokio::test]
async fn the_steps_and_breaks_make_the_technicians_timesheet() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let f = fixture(db).await;
        let me = Some(&f.monteur);
        let day = f.visit.date.unwrap();
        let at = |hh: u32, mm: u32| day.and_hms_opt(hh, mm, 0).unwrap().and_utc().to_rfc3339();
        let mut steps = whole_visit(&f);
        let times = [(7, 30), (8, 10), (8, 15), (11, 0), (11, 5)];
        for (c, (hh, mm)) in steps.iter_mut().zip(times) {
            c.done_at = at(hh, mm);
        }
        let mut pause = command(&f, 20, FieldAction::BreakStart);
        pause.done_at = at(9, 0);
        let mut resume = command(&f, 21, FieldAction::BreakEnd);
        resume.done_at = at(9, 30);
        steps.extend([pause, resume]);
        photo(db, &f, 1).await;
        let mut done = complete(&f, 6);
        done.done_at = at(12, 10);
        steps.push(done);
        let later = day.and_hms_opt(18, 0, 0).unwrap().and_utc();
        let replies = sync(db, None, me, &steps, later).await.unwrap();
        assert!(replies
            .iter()
            .all(|r| matches!(r, FieldReply::Applied { .. })));
        // A break after the order is completed is still the technician's.
        let mut late = command(&f, 22, FieldAction::BreakStart);
        late.done_at = at(12, 15);
        let r = apply(db, None, me, &late, later).await.unwrap();
        assert!(matches!(r, FieldReply::Applied { .. }), "{r:?}");
        let mut back = command(&f, 23, FieldAction::BreakEnd);
        back.done_at = at(12, 45);
        // Sent twice: counted once.
        for _ in 0..2 {
            apply(db, None, me, &back, later).await.unwrap();
        }
        let team = day_team::Entity::find_by_id(f.visit.day_team_id.unwrap())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        // A short shift of 4 hours, so the day runs over.
        let mut t = team.clone().into_active_model();
        t.shift_end_min = Set(team.shift_start_min + 240);
        t.update(db).await.unwrap();

        let mine = crate::timesheets::mine(db, me, day)
            .await
            .unwrap()
            .expect("on a team that day");
        let s = &mine.sheet;
        assert_eq!(
            (s.driving_min, s.on_site_min, s.break_min),
            (40, 240, 60),
            "{}",
            tdb.backend
        );
        // 07:30 to 12:45 is 315 minutes, less an hour of breaks.
        assert_eq!((s.worked_min, s.overtime_min), (255, 15), "{}", tdb.backend);
        assert!(!s.on_break);
        assert_eq!(mine.shift_min, 240);
        assert_eq!(mine.visits.len(), 1);
        assert_eq!(mine.visits[0].order_number, f.order.order_number);

        // Ops see the same day for every technician of the day's teams.
        let ops = testing::caller(Role::Planner);
        let all = crate::timesheets::of_day(db, Some(&ops), day)
            .await
            .unwrap();
        let row = all
            .iter()
            .find(|r| r.technician_id == mine.technician_id)
            .expect("the technician is listed");
        assert_eq!(row.sheet, mine.sheet);
        // A team mate shares the team's driving and on-site time, not the
        // breaks this technician took.
        if let Some(mate) = all
            .iter()
            .find(|r| r.team == mine.team && r.technician_id != mine.technician_id)
        {
            assert_eq!((mate.sheet.driving_min, mate.sheet.break_min), (40, 0));
        }
        // Each sees only what is theirs to see.
        assert!(matches!(
            crate::timesheets::of_day(db, me, day).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            crate::timesheets::mine(db, Some(&ops), day).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(
            crate::timesheets::mine(db, me, day + chrono::Duration::days(400))
                .await
                .unwrap()
                .is_none()
        );
        tdb.cleanup().await;
    }
}
