use super::*;
use crate::optimise::OptimiseGoal;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::Role;
use entity::outbox_message;
use std::time::Duration as StdDuration;

fn now() -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc()
}

fn quick() -> Budget {
    Budget {
        time: StdDuration::from_secs(2),
        generations: Some(30),
        threads: 1,
        goal: OptimiseGoal::Distance,
    }
}

fn stale<T: std::fmt::Debug>(r: Result<T, ServiceError>) {
    assert!(
        matches!(&r, Err(ServiceError::Stale)),
        "expected stale, got {r:?}"
    );
}

/// A day beyond the seeded horizon with two empty teams and four ready
/// orders whose installation waits for that day.
async fn fresh_day(db: &DatabaseConnection) -> (NaiveDate, Vec<i32>, Vec<i32>) {
    let planner = testing::caller(Role::Planner);
    let date = testing::TODAY + Duration::days(40);
    let t1 = create_team(db, None, Some(&planner), date).await.unwrap();
    let t2 = create_team(db, None, Some(&planner), date).await.unwrap();
    // Four approved orders waiting for planning (set up directly).
    let orders = order::Entity::find()
        .filter(order::Column::Status.is_not_in([
            "completed",
            "cancelled",
            "scheduled",
            "in_progress",
        ]))
        .order_by_asc(order::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert!(orders.len() >= 4, "small world has orders to approve");
    for (i, o) in orders.iter().take(4).enumerate() {
        // Around Amersfoort and the Veluwe, within reach of the depot.
        order::Entity::update_many()
            .col_expr(order::Column::Lat, Expr::value(52.10 + 0.05 * i as f64))
            .col_expr(order::Column::Lng, Expr::value(5.35 + 0.07 * i as f64))
            .col_expr(order::Column::Status, Expr::value(PLANNING))
            .filter(order::Column::Id.eq(o.id))
            .exec(db)
            .await
            .unwrap();
    }
    let mut visits = Vec::new();
    for o in orders.iter().take(4) {
        visit::Entity::delete_many()
            .filter(visit::Column::OrderId.eq(o.id))
            .filter(visit::Column::Kind.eq("installation"))
            .exec(db)
            .await
            .unwrap();
        let v = visit::ActiveModel {
            order_id: Set(o.id),
            kind: Set("installation".into()),
            date: Set(Some(date)),
            window_start_min: Set(8 * 60),
            window_end_min: Set(17 * 60),
            duration_minutes: Set(120),
            required_skills: Set(String::new()),
            day_team_id: Set(None),
            sequence: Set(None),
            pinned: Set(false),
            status: Set("unplanned".into()),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        visits.push(v.id);
    }
    (date, vec![t1, t2], visits)
}

async fn version_of(db: &DatabaseConnection, id: i32) -> i32 {
    visit::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .version
}

async fn team_version(db: &DatabaseConnection, id: i32) -> i32 {
    day_team::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .version
}

/// How many e-mails of a kind (the SMS and WhatsApp copies aside).
fn mails_named(all: &[outbox_message::Model], template: &str) -> usize {
    all.iter()
        .filter(|m| m.template == template && m.channel == "email")
        .count()
}

#[tokio::test]
async fn a_planner_builds_optimises_applies_and_publishes_a_day() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let planner = testing::caller(Role::Planner);
        let p = Some(&planner);
        let (date, teams, visits) = fresh_day(db).await;
        assert!(matches!(
            day(db, Some(&testing::caller(Role::PartnerUser)), date).await,
            Err(ServiceError::Forbidden)
        ));

        // The first customer said on the intake form when they prefer.
        let first = visit::Entity::find_by_id(visits[0])
            .one(db)
            .await
            .unwrap()
            .unwrap();
        entity::intake_request::ActiveModel {
            token_hash: Set(format!("test-{}", first.order_id)),
            order_id: Set(first.order_id),
            created_at: Set(now()),
            expires_at: Set(now()),
            submitted_at: Set(Some(now())),
            answers: Set(Some(r#"{"periods":["weekday_morning","saturday"]}"#.into())),
        }
        .insert(db)
        .await
        .unwrap();
        let board = day(db, p, date).await.unwrap();
        assert_eq!(board.teams.len(), 2);
        for v in &visits {
            assert!(board.unassigned.iter().any(|u| u.id == *v), "{v} waits");
        }
        let card = |id: i32| board.unassigned.iter().find(|u| u.id == id).unwrap();
        assert_eq!(card(visits[0]).periods, ["weekday_morning", "saturday"]);
        assert!(
            card(visits[1]).periods.is_empty(),
            "no intake answers, no preference"
        );
        // Empty teams are flagged for their size.
        assert!(board.flags.iter().all(|f| f.code() == "team_size"));

        // Two people per team, from those available that day.
        let free: Vec<i32> = board
            .people
            .iter()
            .filter(|x| x.absent.is_none())
            .map(|x| x.id)
            .take(4)
            .collect();
        for (i, person) in free.iter().enumerate() {
            let team = teams[i / 2];
            set_member(
                db,
                None,
                p,
                team,
                team_version(db, team).await,
                *person,
                true,
            )
            .await
            .unwrap();
        }
        // Somebody who looked before the change loses, and is told.
        stale(set_member(db, None, p, teams[0], 1, free[3], true).await);
        let board = day(db, p, date).await.unwrap();
        assert!(board.flags.is_empty(), "{:?}", board.flags);
        assert_eq!(board.teams[0].member_ids.len(), 2);

        // Drag two visits onto team 1: the second one to the front.
        assign(
            db,
            None,
            p,
            visits[0],
            version_of(db, visits[0]).await,
            Some((teams[0], 1)),
            None,
            now(),
        )
        .await
        .unwrap();
        assign(
            db,
            None,
            p,
            visits[1],
            version_of(db, visits[1]).await,
            Some((teams[0], 1)),
            None,
            now(),
        )
        .await
        .unwrap();
        stale(assign(db, None, p, visits[1], 1, Some((teams[1], 1)), None, now()).await);
        let board = day(db, p, date).await.unwrap();
        let lane: Vec<i32> = board.teams[0].stops.iter().map(|s| s.visit.id).collect();
        assert_eq!(lane, [visits[1], visits[0]]);
        let first = &board.teams[0].stops[0];
        assert_eq!(
            first.timing.arrive_min,
            board.teams[0].shift_start_min + first.travel_min
        );
        assert!(board.teams[0].km > 0.0 && board.teams[0].back_min > first.timing.end_min);
        assert!(!board.unassigned.iter().any(|u| lane.contains(&u.id)));

        // Double booking blocks publishing.
        set_member(
            db,
            None,
            p,
            teams[1],
            team_version(db, teams[1]).await,
            free[0],
            true,
        )
        .await
        .unwrap();
        let board = day(db, p, date).await.unwrap();
        assert!(board.flags.iter().any(|f| f.code() == "double_booked"));
        assert!(matches!(
            publish(db, None, p, date, now()).await,
            Err(ServiceError::Conflict(c)) if c == "flags"
        ));
        set_member(
            db,
            None,
            p,
            teams[1],
            team_version(db, teams[1]).await,
            free[0],
            false,
        )
        .await
        .unwrap();

        // Optimise: a preview only; a change in between makes it stale.
        let travel = Haversine::default();
        let preview = optimise(
            db,
            p,
            date,
            None,
            &travel,
            quick(),
            Arc::new(AtomicBool::new(false)),
        )
        .await
        .unwrap();
        let placed: Vec<i32> = preview
            .teams
            .iter()
            .flat_map(|t| t.after_visits.clone())
            .collect();
        for v in &visits {
            assert!(placed.contains(v), "{v} placed: {preview:?}");
        }
        assert!(preview.teams.iter().all(|t| t.after_visits.len() <= 3));
        assert!(preview.after_km > 0.0);
        let unchanged = day(db, p, date).await.unwrap();
        assert_eq!(unchanged.teams[0].stops.len(), 2, "nothing stored yet");
        assign(
            db,
            None,
            p,
            visits[2],
            version_of(db, visits[2]).await,
            Some((teams[1], 1)),
            None,
            now(),
        )
        .await
        .unwrap();
        stale(apply(db, None, p, &preview, now()).await);
        let preview = optimise(
            db,
            p,
            date,
            None,
            &travel,
            quick(),
            Arc::new(AtomicBool::new(false)),
        )
        .await
        .unwrap();
        apply(db, None, p, &preview, now()).await.unwrap();
        let board = day(db, p, date).await.unwrap();
        for t in &preview.teams {
            let lane: Vec<i32> = board
                .teams
                .iter()
                .find(|l| l.id == t.team_id)
                .unwrap()
                .stops
                .iter()
                .map(|s| s.visit.id)
                .collect();
            assert_eq!(lane, t.after_visits, "the plan is stored as previewed");
        }

        // Publish: orders are scheduled, customers and technicians told.
        let before = outbox_message::Entity::find().all(db).await.unwrap().len();
        let report = publish(db, None, p, date, now()).await.unwrap();
        assert_eq!(report.teams, 2);
        assert_eq!(report.orders_scheduled, 4);
        for v in &visits {
            let (_, o) = visit::Entity::find_by_id(*v)
                .find_also_related(order::Entity)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(o.unwrap().status, SCHEDULED);
        }
        let mails = outbox_message::Entity::find().all(db).await.unwrap();
        assert_eq!(mails_named(&mails, "appointment_confirmation"), 4);
        // 001: a scheduled appointment is confirmed by e-mail, SMS and WhatsApp.
        for channel in ["sms", "whatsapp"] {
            let texts: Vec<_> = mails
                .iter()
                .filter(|m| m.template == "appointment_confirmation" && m.channel == channel)
                .collect();
            assert_eq!(texts.len(), 4, "{channel}");
            assert!(texts
                .iter()
                .all(|m| m.recipient.starts_with("+316") && m.html_body.is_none()));
        }
        assert!(mails.len() > before);
        let board = day(db, p, date).await.unwrap();
        assert!(board.published);
        // Each customer is told a concrete two-hour slot around the arrival.
        let slot_of = |id: i32| async move {
            let v = visit::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            (v.slot_start_min.unwrap(), v.slot_end_min.unwrap())
        };
        let hhmm = |m: i32| format!("{:02}:{:02}", m / 60, m % 60);
        for t in &board.teams {
            for st in &t.stops {
                let (a, b) = slot_of(st.visit.id).await;
                assert_eq!(b - a, 120);
                let arrive = std::cmp::max(st.timing.arrive_min, st.visit.window_start_min);
                assert!(a <= arrive && arrive < b, "{a}–{b} holds {arrive}");
                let text = format!(
                    "tussen {} en {} voor order {}",
                    hhmm(a),
                    hhmm(b),
                    st.visit.order_number
                );
                assert!(
                    mails.iter().any(|m| m.template == "appointment_confirmation" && m.body.contains(&text)),
                    "{text}"
                );
            }
        }

        // Each appointment has its reminders (T-48h e-mail, T-24h SMS, T-2h
        // WhatsApp), due before it starts, none held past its start.
        let reminders_of = |order_id: i32, state: &'static str| async move {
            let mut r: Vec<(String, String, DateTime<Utc>)> = outbox_message::Entity::find()
                .filter(outbox_message::Column::OrderId.eq(order_id))
                .filter(outbox_message::Column::Template.starts_with("appointment_reminder"))
                .filter(outbox_message::Column::State.eq(state))
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|m| (m.template, m.channel, m.not_before.unwrap_or(m.created_at)))
                .collect();
            r.sort();
            r
        };
        let check_reminders = |order_id: i32, start: DateTime<Utc>| async move {
            let pending = reminders_of(order_id, "pending").await;
            let expected: Vec<String> = crate::effects::reminders::due_times(
                &entity::domain::triggers::defaults(),
                start,
                now(),
            )
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect();
            let mut kinds: Vec<String> = pending.iter().map(|r| r.0.clone()).collect();
            kinds.sort();
            let mut want = expected.clone();
            want.sort();
            assert_eq!(kinds, want, "order {order_id}");
            assert!(want.len() >= 2, "{want:?}");
            for (kind, channel, at) in &pending {
                let before = match kind.as_str() {
                    "appointment_reminder_48h" => ("email", 48),
                    "appointment_reminder_24h" => ("sms", 24),
                    _ => ("whatsapp", 2),
                };
                assert_eq!(channel, before.0);
                assert!(
                    *at >= start - Duration::hours(before.1) && *at < start,
                    "{kind} {at} {start}"
                );
            }
        };
        for v in &visits {
            let row = visit::Entity::find_by_id(*v)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let start = entity::domain::time::local_to_utc(date, row.slot_start_min.unwrap());
            check_reminders(row.order_id, start).await;
        }

        // After publishing, a move is an emergency reassignment: it needs a
        // reason, which is recorded, and the customer hears of it.
        let mut slots_before = Vec::new();
        for v in &visits {
            slots_before.push(slot_of(*v).await);
        }
        let moved = board.teams[0].stops[0].visit.clone();
        let to = Some((board.teams[1].id, 9));
        assert!(matches!(
            assign(db, None, p, moved.id, moved.version, to, Some("  "), now()).await,
            Err(ServiceError::Invalid(r)) if r == "reason"
        ));
        assign(
            db,
            None,
            p,
            moved.id,
            moved.version,
            to,
            Some("Bus van team 1 kapot"),
            now(),
        )
        .await
        .unwrap();
        let audit = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::Action.eq("visit_moved"))
            .filter(entity::audit_log::Column::Changes.contains("kapot"))
            .one(db)
            .await
            .unwrap();
        assert!(audit.is_some());
        // Every customer whose slot moved hears the new one (the moved
        // visit's, and any the change shifted), nobody else.
        let mut shifted = 0;
        for (v, before) in visits.iter().zip(&slots_before) {
            if slot_of(*v).await != *before {
                shifted += 1;
            }
        }
        assert!(shifted >= 1);
        let mails = outbox_message::Entity::find().all(db).await.unwrap();
        assert_eq!(mails_named(&mails, "appointment_changed"), shifted);
        // The moved visit has the slot of its new place, and was told so.
        let after = day(db, p, date).await.unwrap();
        let stop = after.teams[1]
            .stops
            .iter()
            .find(|st| st.visit.id == moved.id)
            .unwrap();
        let (a, b) = slot_of(moved.id).await;
        assert_eq!(
            (a, b),
            entity::domain::planning::time_slot(
                stop.timing.arrive_min,
                stop.visit.window_start_min,
                stop.visit.window_end_min
            )
        );
        // Its reminders were cancelled and queued again for the new slot.
        let moved_order = visit::Entity::find_by_id(moved.id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .order_id;
        let cancelled = reminders_of(moved_order, "cancelled").await;
        assert!(!cancelled.is_empty());
        check_reminders(moved_order, entity::domain::time::local_to_utc(date, a)).await;
        let why = outbox_message::Entity::find()
            .filter(outbox_message::Column::OrderId.eq(moved_order))
            .filter(outbox_message::Column::State.eq("cancelled"))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .last_error;
        assert_eq!(why.as_deref(), Some("appointment moved"));
        let told = format!("{} is gewijzigd: we komen op", moved.order_number);
        let changed = mails
            .iter()
            .find(|m| m.template == "appointment_changed" && m.body.contains(&told))
            .expect("the moved visit's customer is told");
        assert!(
            changed
                .body
                .contains(&format!("tussen {} en {}", hhmm(a), hhmm(b))),
            "{}",
            changed.body
        );
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn yesterdays_teams_are_copied_without_who_is_away() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let planner = testing::caller(Role::Planner);
    let p = Some(&planner);
    // A source day with two teams of two, and the day after it.
    let last = testing::TODAY + Duration::days(60);
    let next = last + Duration::days(1);
    let techs: Vec<i32> = entity::technician::Entity::find()
        .order_by_asc(entity::technician::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .take(4)
        .collect();
    for pair in techs.chunks(2) {
        let team = create_team(db, None, p, last).await.unwrap();
        for (k, tech) in pair.iter().enumerate() {
            set_member(db, None, p, team, k as i32 + 1, *tech, true)
                .await
                .unwrap();
        }
    }
    let source = day(db, p, last).await.unwrap();
    // Somebody on the source day is ill on the next.
    let ill = source.teams[0].member_ids[0];
    technician_absence::ActiveModel {
        technician_id: Set(ill),
        kind: Set("sick".into()),
        date_from: Set(next),
        date_to: Set(next),
        reason: Set(Some("griep".into())),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    assert_eq!(
        copy_previous_day(db, None, p, next).await.unwrap(),
        source.teams.len()
    );
    let copied = day(db, p, next).await.unwrap();
    assert_eq!(copied.teams.len(), source.teams.len());
    assert_eq!(copied.teams[0].name, source.teams[0].name);
    assert!(!copied.teams[0].member_ids.contains(&ill));
    assert_eq!(copied.teams[1].member_ids, source.teams[1].member_ids);
    assert!(copied
        .teams
        .iter()
        .all(|t| t.stops.is_empty() && !t.published));
    assert!(matches!(
        copy_previous_day(db, None, p, next).await,
        Err(ServiceError::Conflict(c)) if c == "has_teams"
    ));
    assert!(matches!(
        copy_previous_day(db, None, p, testing::TODAY - Duration::days(400)).await,
        Err(ServiceError::NotFound)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn pinned_visits_keep_their_team_when_optimising() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let planner = testing::caller(Role::Planner);
    let p = Some(&planner);
    let (date, teams, visits) = fresh_day(db).await;
    assign(db, None, p, visits[3], 1, Some((teams[1], 1)), None, now())
        .await
        .unwrap();
    pin(
        db,
        None,
        p,
        visits[3],
        version_of(db, visits[3]).await,
        true,
    )
    .await
    .unwrap();
    stale(pin(db, None, p, visits[3], 1, false).await);
    for _ in 0..3 {
        let preview = optimise(
            db,
            p,
            date,
            None,
            &Haversine::default(),
            quick(),
            Arc::new(AtomicBool::new(false)),
        )
        .await
        .unwrap();
        let t2 = preview
            .teams
            .iter()
            .find(|t| t.team_id == teams[1])
            .unwrap();
        assert_eq!(t2.after_visits.first(), Some(&visits[3]), "{preview:?}");
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn suggested_teams_cover_the_days_skills_and_are_created_in_one_step() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let planner = testing::caller(Role::Planner);
        let p = Some(&planner);
        let (date, teams, visits) = fresh_day(db).await;
        // fresh_day's two teams are empty; one visit needs a rare skill.
        let rare = technician::Entity::find()
            .order_by_desc(technician::Column::Id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        technician::Entity::update_many()
            .col_expr(
                technician::Column::Skills,
                Expr::value("installatie,graafwerk"),
            )
            .filter(technician::Column::Id.eq(rare.id))
            .exec(db)
            .await
            .unwrap();
        visit::Entity::update_many()
            .col_expr(visit::Column::RequiredSkills, Expr::value("graafwerk"))
            .filter(visit::Column::Id.eq(visits[0]))
            .exec(db)
            .await
            .unwrap();
        let board = day(db, p, date).await.unwrap();
        let (suggested, missing) = board.team_suggestions();
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(
            suggested.len(),
            2,
            "four visits, three a team, no staffed team yet"
        );
        assert!(
            suggested.iter().any(|t| t.member_ids.contains(&rare.id)),
            "the only digger is suggested: {suggested:?}"
        );
        for s in &suggested {
            create_team_of(db, None, p, date, &s.member_ids)
                .await
                .unwrap();
        }
        let after = day(db, p, date).await.unwrap();
        assert_eq!(after.teams.len(), teams.len() + 2);
        assert!(after.team_suggestions().0.is_empty(), "the day is staffed");
        // Nobody can be put in a second team, or while away.
        let taken = suggested[0].member_ids[0];
        let free = after
            .people
            .iter()
            .find(|x| x.team_ids.is_empty() && x.absent.is_none())
            .unwrap()
            .id;
        assert!(matches!(
            create_team_of(db, None, p, date, &[free, taken]).await,
            Err(ServiceError::Conflict(c)) if c == "in_team"
        ));
        technician_absence::ActiveModel {
            technician_id: Set(free),
            kind: Set("leave".into()),
            date_from: Set(date),
            date_to: Set(date),
            reason: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        assert!(matches!(
            create_team_of(db, None, p, date, &[free]).await,
            Err(ServiceError::Invalid(c)) if c == "absent"
        ));
        assert!(matches!(
            create_team_of(
                db,
                None,
                Some(&testing::caller(Role::Technician)),
                date,
                &[]
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn a_technician_sees_their_route_once_the_day_is_published() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let planner = testing::caller(Role::Planner);
    let p = Some(&planner);
    let monteur = testing::caller(Role::Technician);
    let me = technician::Entity::find()
        .filter(technician::Column::UserId.eq(monteur.user_id))
        .one(db)
        .await
        .unwrap()
        .expect("the demo technician has a technician row");
    let (date, _, visits) = fresh_day(db).await;
    let mate = day(db, p, date)
        .await
        .unwrap()
        .people
        .iter()
        .find(|x| x.id != me.id && x.absent.is_none() && x.team_ids.is_empty())
        .unwrap()
        .id;
    let team = create_team_of(db, None, p, date, &[me.id, mate])
        .await
        .unwrap();
    for (i, v) in visits.iter().take(2).enumerate() {
        assign(
            db,
            None,
            p,
            *v,
            version_of(db, *v).await,
            Some((team, i + 1)),
            None,
            now(),
        )
        .await
        .unwrap();
    }
    let before = my_day(db, Some(&monteur), date).await.unwrap();
    assert_eq!(before.team.as_deref(), Some("Team 3"));
    assert!(
        !before.published && before.stops.is_empty(),
        "nothing before publishing"
    );
    // The other two visits and the empty teams of fresh_day block nothing
    // that matters here; publish only needs no blocking flags.
    publish(db, None, p, date, now()).await.unwrap();
    let mine = my_day(db, Some(&monteur), date).await.unwrap();
    assert!(mine.published);
    assert_eq!(mine.technician.as_deref(), Some(me.name.as_str()));
    assert_eq!(mine.team_mates.len(), 1);
    assert_eq!(mine.stops.len(), 2);
    for st in &mine.stops {
        let (a, b) = (st.slot_start_min.unwrap(), st.slot_end_min.unwrap());
        assert_eq!(b - a, 120);
        assert!(st.address.contains(", "), "{}", st.address);
        assert!(st.eta_min >= mine.depart_min);
        // What to bring: the order's chargers and materials, not labour.
        assert!(
            !st.bring.is_empty(),
            "{}: nothing to bring",
            st.order_number
        );
        for m in &st.bring {
            let p = entity::product::Entity::find_by_id(m.product_id.unwrap())
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert!(
                ["charger", "material"].contains(&p.kind.as_str()),
                "{}",
                p.kind
            );
            assert!(m.quantity >= 1);
        }
    }
    assert!(mine.back_min > mine.stops[1].start_min);
    // Another day: no team.
    let other = my_day(db, Some(&monteur), date + Duration::days(1))
        .await
        .unwrap();
    assert!(other.team.is_none() && other.stops.is_empty());
    for role in [Role::Planner, Role::Customer, Role::PartnerUser] {
        assert!(matches!(
            my_day(db, Some(&testing::caller(role)), date).await,
            Err(ServiceError::Forbidden)
        ));
    }
    tdb.cleanup().await;
}

#[test]
fn optimiser_runs_are_capped_per_user_and_in_total_and_stop_when_dropped() {
    let planner = |id: i32| CurrentUser {
        user_id: 9000 + id,
        ..testing::caller(Role::Planner)
    };
    let (a, b, c) = (planner(1), planner(2), planner(3));
    let first = start_run(Some(&a), "cap-a1").unwrap();
    let second = start_run(Some(&a), "cap-a2").unwrap();
    assert!(matches!(
        start_run(Some(&a), "cap-a3"),
        Err(ServiceError::RateLimited { .. })
    ));
    assert!(matches!(
        start_run(Some(&b), "cap-a1"),
        Err(ServiceError::Invalid(_))
    ));
    let third = start_run(Some(&b), "cap-b1").unwrap();
    let fourth = start_run(Some(&b), "cap-b2").unwrap();
    assert!(matches!(
        start_run(Some(&c), "cap-c1"),
        Err(ServiceError::Unavailable(_))
    ));
    assert!(matches!(
        start_run(Some(&testing::caller(Role::Customer)), "cap-x"),
        Err(ServiceError::Forbidden)
    ));
    // A run whose request was dropped (the client went away) stops and
    // frees its place.
    let flag = first.cancel.clone();
    drop(first);
    assert!(flag.load(std::sync::atomic::Ordering::Relaxed));
    assert!(
        !cancel_run(Some(&a), "cap-a1").unwrap(),
        "no longer registered"
    );
    let fifth = start_run(Some(&c), "cap-c1").unwrap();
    assert!(cancel_run(Some(&a), "cap-c1").unwrap());
    assert!(fifth.cancel.load(std::sync::atomic::Ordering::Relaxed));
    drop((second, third, fourth, fifth));
}

/// The week view: Monday to Friday with each day's teams and visits; a
/// visit dragged from a published day onto a team on another day needs a
/// reason, moves there, and its customer is told of the new day.
#[tokio::test]
async fn a_visit_moved_to_another_day_of_the_week_tells_the_customer() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let planner = testing::caller(Role::Planner);
        // Wednesday 18 November + 5: the week of Monday 23 November, whose
        // first three days are published.
        let w = week(db, Some(&planner), testing::TODAY + Duration::days(5))
            .await
            .unwrap();
        assert_eq!(w.monday, "2026-11-23", "{}", tdb.backend);
        // Only planners see the week.
        let day = testing::TODAY + Duration::days(5);
        let r = week(db, None, day).await;
        assert!(matches!(r, Err(ServiceError::Unauthenticated)), "{r:?}");
        let r = week(db, Some(&testing::caller(Role::Technician)), day).await;
        assert!(matches!(r, Err(ServiceError::Forbidden)), "{r:?}");
        let dates: Vec<&str> = w.days.iter().map(|d| d.date.as_str()).collect();
        assert_eq!(
            dates,
            [
                "2026-11-23",
                "2026-11-24",
                "2026-11-25",
                "2026-11-26",
                "2026-11-27"
            ]
        );
        let (from_day, from) = w
            .days
            .iter()
            .find_map(|d| {
                d.teams
                    .iter()
                    .find(|t| t.published && !t.visits.is_empty())
                    .map(|t| (d.date.clone(), t.clone()))
            })
            .expect("a published team with visits");
        // A team of its own on another day of the week.
        let to_day = if from_day == "2026-11-27" {
            "2026-11-26"
        } else {
            "2026-11-27"
        }
        .to_owned();
        let to_id = create_team(
            db,
            None,
            Some(&planner),
            NaiveDate::parse_from_str(&to_day, "%Y-%m-%d").unwrap(),
        )
        .await
        .unwrap();
        let to = week(db, Some(&planner), testing::TODAY + Duration::days(5))
            .await
            .unwrap()
            .days
            .into_iter()
            .flat_map(|d| d.teams)
            .find(|t| t.id == to_id)
            .expect("the new team is in the week");
        let v = from.visits[0].clone();
        assert!(from.busy_min > 0 && from.shift_min > 0 && from.km > 0.0);
        let told_before = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("appointment_changed"))
            .count(db)
            .await
            .unwrap();
        // After publishing a move needs a reason.
        let r = assign(
            db,
            None,
            Some(&planner),
            v.id,
            v.version,
            Some((to.id, usize::MAX)),
            None,
            now(),
        )
        .await;
        assert!(matches!(r, Err(ServiceError::Invalid(_))), "{r:?}");
        assign(
            db,
            None,
            Some(&planner),
            v.id,
            v.version,
            Some((to.id, usize::MAX)),
            Some("De klant is die dag niet thuis"),
            now(),
        )
        .await
        .unwrap();
        let w = week(db, Some(&planner), testing::TODAY + Duration::days(5))
            .await
            .unwrap();
        let cell = |date: &str, team: i32| {
            w.days
                .iter()
                .find(|d| d.date == date)
                .and_then(|d| d.teams.iter().find(|t| t.id == team))
                .map(|t| t.visits.iter().map(|v| v.id).collect::<Vec<_>>())
                .unwrap()
        };
        assert!(!cell(&from_day, from.id).contains(&v.id));
        assert_eq!(cell(&to_day, to.id).last(), Some(&v.id));
        let moved = visit::Entity::find_by_id(v.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(moved.date.unwrap().to_string(), to_day);
        let told_after = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("appointment_changed"))
            .count(db)
            .await
            .unwrap();
        assert!(told_after > told_before, "{told_before} → {told_after}");
        tdb.cleanup().await;
    }
}

/// "First plan now, better plan in N s": while the optimiser searches a
/// day, the planner who started it can read the best plan so far,
/// numbered; nobody else can; the run's end clears it.
#[tokio::test]
async fn the_best_plan_so_far_is_readable_while_the_search_runs() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let planner = testing::caller(Role::Planner);
    let other = CurrentUser {
        user_id: planner.user_id + 1,
        ..planner.clone()
    };
    let (date, _, _) = fresh_day(db).await;
    // Other tests may hold every run for a moment.
    let run = loop {
        match start_run(Some(&planner), "progress-1") {
            Ok(r) => break r,
            Err(ServiceError::Unavailable(_)) => {
                tokio::time::sleep(StdDuration::from_millis(50)).await
            }
            Err(e) => panic!("{e:?}"),
        }
    };
    assert_eq!(progress(Some(&planner), "progress-1").unwrap(), None);
    let travel = Haversine::default();
    let search = optimise_reporting(
        db,
        Some(&planner),
        date,
        None,
        &travel,
        Budget {
            time: StdDuration::from_secs(3),
            generations: None,
            threads: 1,
            goal: OptimiseGoal::Distance,
        },
        run.cancel.clone(),
        Some(run.reporter()),
    );
    let watch = async {
        let mut seen = Vec::new();
        for _ in 0..45 {
            tokio::time::sleep(StdDuration::from_millis(100)).await;
            if let Some((n, p)) = progress(Some(&planner), "progress-1").unwrap() {
                assert_eq!(progress(Some(&other), "progress-1").unwrap(), None);
                if seen.last().is_none_or(|(m, _)| *m != n) {
                    seen.push((n, p));
                }
            }
        }
        seen
    };
    let (done, seen) = tokio::join!(search, watch);
    let done = done.unwrap();
    assert!(!seen.is_empty(), "no plan so far was readable");
    let (first_n, first) = &seen[0];
    assert_eq!(*first_n, 1);
    assert_eq!(first.date, done.date);
    assert_eq!(first.versions, done.versions, "both are from the same day");
    assert!(done.unplanned.len() <= first.unplanned.len());
    assert!(
        seen.windows(2).all(|w| w[1].0 > w[0].0),
        "numbered in order"
    );
    drop(run);
    assert_eq!(progress(Some(&planner), "progress-1").unwrap(), None);
    assert!(matches!(
        progress(Some(&testing::caller(Role::Customer)), "progress-1"),
        Err(ServiceError::Forbidden)
    ));
    tdb.cleanup().await;
}
