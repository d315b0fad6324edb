use super::*;
use crate::booking::access_notes;
use crate::routing::Matrix;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::workflow::PLANNABLE;
use entity::domain::Role;
use proptest::prelude::*;
use sea_orm::PaginatorTrait;

const DEPOT: Point = Point {
    lat: 52.2246,
    lng: 5.4929,
};

fn day_on(id: i32, date: NaiveDate) -> day_team::Model {
    day_team::Model {
        id,
        date,
        name: format!("Team {id}"),
        shift_start_min: 7 * 60 + 30,
        shift_end_min: 17 * 60,
        published: false,
        version: 1,
        booking_version: 0,
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 14).unwrap()
}

fn card(id: i32, at: Point, window: (i32, i32), duration: i32, skills: &[&str]) -> PlanVisitDto {
    PlanVisitDto {
        id,
        version: 1,
        order_number: format!("CC-2026-{id:05}"),
        customer: String::new(),
        city: String::new(),
        region: None,
        lat: at.lat,
        lng: at.lng,
        window_start_min: window.0,
        window_end_min: window.1,
        duration_min: duration,
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        pinned: false,
        sla_due: None,
        periods: vec![],
    }
}

fn people(skills: &[&str]) -> Vec<Member> {
    vec![
        (
            "Daan".into(),
            skills.iter().map(|s| (*s).to_owned()).collect(),
            None,
        ),
        ("Sem".into(), vec![], None),
    ]
}

fn travel(p: &[Point]) -> Matrix {
    haversine(p)
}

/// A point `km` kilometres east of the depot (as the crow flies).
fn east(km: f64) -> Point {
    Point {
        lat: DEPOT.lat,
        lng: DEPOT.lng + km / (111.32 * DEPOT.lat.to_radians().cos()),
    }
}

#[test]
fn a_slot_that_makes_a_later_visit_late_is_refused() {
    // A visit 30 km out from 08:30, three hours on site; the new one 5 km
    // further. Before it at 08:00–10:00, the team reaches the first visit
    // after 10:00; after it, the new visit's window is long gone.
    let busy = TeamDay {
        team: day_on(1, date()),
        members: people(&[]),
        stops: vec![card(1, east(30.0), (510, 600), 180, &[])],
        held: HashSet::new(),
    };
    let empty = TeamDay {
        team: day_on(2, date()),
        members: people(&[]),
        stops: vec![],
        held: HashSet::new(),
    };
    let new = card(9, east(35.0), (480, 1020), 120, &[]);
    let early = [(480, 600)];
    assert!(search(DEPOT, std::slice::from_ref(&busy), &new, &early, &travel).is_empty());
    // It is the later visit that breaks: the new one itself is on time.
    let mut first = new.clone();
    (first.window_start_min, first.window_end_min) = (480, 600);
    let stops = vec![first.clone(), busy.stops[0].clone()];
    let (timed, _, _, _) = planning::lane(DEPOT, busy.team.shift_start_min, &stops, &travel);
    assert_eq!(timed[0].timing.late_min, 0);
    assert!(timed[1].timing.late_min > 0);
    assert!(!check(DEPOT, &busy, &stops, &travel).0);
    // The empty team takes it at 08:00; the busy one after its visit.
    let both = [busy.clone(), empty];
    let offers = search(DEPOT, &both, &new, &BOOKABLE_SLOTS, &travel);
    let at = |start: i32| offers.iter().find(|o| o.start_min == start);
    assert_eq!(at(480).map(|o| o.team_id), Some(2));
    let noon = at(720).expect("12:00 fits after the first visit");
    assert_eq!((noon.team_id, noon.position), (1, 1));
    // Cheapest first: joining the busy route costs less driving.
    assert!(offers.windows(2).all(|w| w[0].extra_km <= w[1].extra_km));
    assert!(noon.extra_km < at(480).unwrap().extra_km);
    // Joining the route that passes nearby is greener; a trip of its own
    // (the empty team at 08:00) is not.
    let own = own_trip_km(DEPOT, &new);
    let shown = slot_dtos(&offers, own, 0, now(), None);
    let shown_at = |start: i32| shown.iter().find(|s| s.start_min == start).unwrap();
    assert!(shown_at(720).greener, "{shown:?}");
    assert!(!shown_at(480).greener, "{shown:?}");
}

#[test]
fn a_team_without_the_skill_gets_no_slot() {
    let team = |skills: &[&str]| TeamDay {
        team: day_on(1, date()),
        members: people(skills),
        stops: vec![],
        held: HashSet::new(),
    };
    let new = card(9, east(10.0), (480, 1020), 120, &["three_phase"]);
    assert!(search(DEPOT, &[team(&["zaptec"])], &new, &BOOKABLE_SLOTS, &travel).is_empty());
    // A member away that day does not bring their skill.
    let mut away = team(&["three_phase"]);
    away.members[0].2 = Some("leave".into());
    assert!(search(DEPOT, &[away], &new, &BOOKABLE_SLOTS, &travel).is_empty());
    let offers = search(
        DEPOT,
        &[team(&["three_phase"])],
        &new,
        &BOOKABLE_SLOTS,
        &travel,
    );
    assert!(!offers.is_empty());
    // A day with three jobs takes no fourth.
    let mut full = team(&["three_phase"]);
    full.stops = (1..=3)
        .map(|i| card(i, east(2.0), (480, 1020), 120, &[]))
        .collect();
    assert!(search(DEPOT, &[full], &new, &BOOKABLE_SLOTS, &travel).is_empty());
}

fn arb_point() -> impl Strategy<Value = Point> {
    (-0.5f64..0.5, -0.7f64..0.7).prop_map(|(dlat, dlng)| Point {
        lat: DEPOT.lat + dlat,
        lng: DEPOT.lng + dlng,
    })
}

fn arb_window() -> impl Strategy<Value = (i32, i32)> {
    prop_oneof![
        Just((480, 1020)),
        Just((480, 720)),
        Just((720, 1020)),
        (0usize..4).prop_map(|i| BOOKABLE_SLOTS[i]),
    ]
}

fn arb_skills() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(vec!["three_phase", "groundwork"], 0..=2)
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn arb_card(id: i32) -> impl Strategy<Value = PlanVisitDto> {
    (arb_point(), arb_window(), 120i32..=240, arb_skills()).prop_map(move |(p, w, d, s)| {
        let mut c = card(id, p, w, d, &[]);
        c.skills = s;
        c
    })
}

fn arb_day(team: i32) -> impl Strategy<Value = TeamDay> {
    (arb_skills(), proptest::collection::vec(arb_card(0), 0..=3)).prop_map(
        move |(skills, stops)| TeamDay {
            team: day_on(team, date() + Duration::days((team % 3).into())),
            members: vec![("A".into(), skills, None), ("B".into(), vec![], None)],
            stops: stops
                .into_iter()
                .enumerate()
                .map(|(i, mut c)| {
                    c.id = team * 10 + i as i32;
                    c
                })
                .collect(),
            held: HashSet::new(),
        },
    )
}

/// An independent reading of a day: every arrival inside its window,
/// back by the end of the shift, at most three jobs, every skill there.
fn drivable(day: &TeamDay, stops: &[PlanVisitDto]) -> bool {
    let points: Vec<Point> = std::iter::once(DEPOT)
        .chain(stops.iter().map(|s| Point {
            lat: s.lat,
            lng: s.lng,
        }))
        .collect();
    let m = travel(&points);
    let mut t = day.team.shift_start_min;
    for (i, s) in stops.iter().enumerate() {
        let arrive = t + ((m.seconds(i, i + 1) + 59) / 60) as i32;
        if arrive > s.window_end_min {
            return false;
        }
        t = std::cmp::max(arrive, s.window_start_min) + s.duration_min;
    }
    let back = if stops.is_empty() {
        t
    } else {
        t + ((m.seconds(stops.len(), 0) + 59) / 60) as i32
    };
    let have: HashSet<&String> = day
        .members
        .iter()
        .filter(|m| m.2.is_none())
        .flat_map(|m| m.1.iter())
        .collect();
    back <= day.team.shift_end_min
        && stops.len() <= 3
        && stops
            .iter()
            .all(|s| s.skills.iter().all(|k| have.contains(k)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every offered slot, chosen, leaves its team's day drivable; one
    /// offer per day and slot, cheapest first.
    #[test]
    fn every_offered_slot_keeps_the_day_feasible(
        days in proptest::collection::vec(any::<u8>(), 1..=3)
            .prop_flat_map(|v| (0..v.len() as i32).map(|i| arb_day(i + 1)).collect::<Vec<_>>()),
        new in arb_card(999),
    ) {
        let offers = search(DEPOT, &days, &new, &BOOKABLE_SLOTS, &travel);
        let mut seen = HashSet::new();
        for o in &offers {
            prop_assert!(seen.insert((o.date, o.start_min)));
            let day = days.iter().find(|d| d.team.id == o.team_id).unwrap();
            let mut v = new.clone();
            (v.window_start_min, v.window_end_min) = (o.start_min, o.end_min);
            let mut stops = day.stops.clone();
            stops.insert(o.position, v);
            prop_assert!(drivable(day, &stops), "{o:?} on {:?}", day.stops);
        }
        prop_assert!(offers.windows(2).all(|w| w[0].extra_km <= w[1].extra_km));
        // And a slot is only missing when no team can take it there.
        for d in &days {
            if !drivable(d, &d.stops) {
                continue;
            }
            for &(s, e) in &BOOKABLE_SLOTS {
                let mut v = new.clone();
                (v.window_start_min, v.window_end_min) = (s, e);
                let fits = (0..=d.stops.len()).any(|p| {
                    let mut stops = d.stops.clone();
                    stops.insert(p, v.clone());
                    drivable(d, &stops)
                });
                if fits {
                    prop_assert!(offers.iter().any(|o| o.date == d.team.date && o.start_min == s));
                }
            }
        }
    }
}

fn now() -> DateTime<Utc> {
    testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc()
}

/// The demo customer, acting for the contact of `o`.
fn customer_of(o: &order::Model) -> CurrentUser {
    testing::customer(o.end_customer_contact_id)
}

/// An order ready for planning whose installation is not on a team yet.
async fn ready_orders(db: &DatabaseConnection) -> Vec<order::Model> {
    let mut out = Vec::new();
    for o in order::Entity::find()
        .filter(order::Column::Status.is_in(PLANNABLE))
        .order_by_asc(order::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        let v = installation(db, o.id).await.unwrap();
        if v.is_none_or(|v| v.day_team_id.is_none()) {
            out.push(o);
        }
    }
    out
}

/// Teams (of the three most skilled people) on the days from +9 to +20
/// that have none: the small world forms few teams ahead.
async fn more_teams(db: &DatabaseConnection) {
    let mut people = technician::Entity::find().all(db).await.unwrap();
    people.sort_by_key(|p| std::cmp::Reverse(p.skills.len()));
    for n in 9..=20 {
        let date = testing::TODAY + Duration::days(n);
        let taken = day_team::Entity::find()
            .filter(day_team::Column::Date.eq(date))
            .count(db)
            .await
            .unwrap();
        if taken > 0 {
            continue;
        }
        let team = day_team::ActiveModel {
            date: Set(date),
            name: Set("Team 1".into()),
            shift_start_min: Set(450),
            shift_end_min: Set(1020),
            published: Set(false),
            version: Set(1),
            booking_version: Set(0),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        for p in people.iter().take(3) {
            day_team_member::ActiveModel {
                day_team_id: Set(team.id),
                technician_id: Set(p.id),
            }
            .insert(db)
            .await
            .unwrap();
        }
    }
}

/// Breaking flags per team on `date`, as the planner's board shows them.
async fn breaking(db: &DatabaseConnection, date: NaiveDate) -> HashMap<String, Vec<String>> {
    let planner = testing::caller(Role::Planner);
    let board = planning::day(db, Some(&planner), date).await.unwrap();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for f in board.flags.iter().filter(|f| f.breaks_route()) {
        let team = match f {
            rules::Flag::SkillGap { team, .. }
            | rules::Flag::Late { team, .. }
            | rules::Flag::Overtime { team, .. }
            | rules::Flag::Workload { team, .. } => team.clone(),
            _ => continue,
        };
        out.entry(team).or_default().push(f.code().to_owned());
    }
    out
}

#[tokio::test]
async fn a_customer_books_moves_and_downloads_their_appointment() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let o = ready_orders(db)
            .await
            .into_iter()
            .next()
            .expect("a ready order");
        let me = customer_of(&o);
        let number = o.order_number.as_str();

        // Nobody else sees it: partners and other customers get "not found".
        let partner = testing::caller(Role::PartnerUser);
        let stranger = testing::customer(o.end_customer_contact_id + 1);
        for who in [&partner, &stranger] {
            assert!(matches!(
                offers(db, Some(who), number, now()).await,
                Err(ServiceError::NotFound)
            ));
        }
        let b = booking(db, Some(&me), number, now()).await.unwrap();
        assert_eq!(b.state, "choose");
        assert!(b.phone.is_some());

        let slots = offers(db, Some(&me), number, now()).await.unwrap();
        assert!(!slots.is_empty(), "{}", tdb.backend);
        let (first, last) = (
            testing::TODAY + Duration::days(8),
            testing::TODAY + Duration::days(21),
        );
        for s in &slots {
            let d: NaiveDate = s.date.parse().unwrap();
            assert!(d >= first && d <= last, "{s:?}");
            assert_eq!(s.end_min - s.start_min, 120);
        }
        assert!(slots.windows(2).all(|w| w[0].extra_km <= w[1].extra_km));
        // Take the cheapest: hold, confirm.
        let pick = &slots[0];
        let day: NaiveDate = pick.date.parse().unwrap();
        let before = breaking(db, day).await;
        assert!(matches!(
            hold(db, Some(&me), number, day, 500, now()).await,
            Err(ServiceError::Invalid(s)) if s == "slot"
        ));
        let h = hold(db, Some(&me), number, day, pick.start_min, now())
            .await
            .unwrap();
        assert_eq!((h.start_min, h.end_min), (pick.start_min, pick.end_min));
        assert_eq!(
            booking(db, Some(&me), number, now()).await.unwrap().hold,
            Some(h)
        );
        let outbox_before = entity::outbox_message::Entity::find()
            .count(db)
            .await
            .unwrap();
        let b = confirm(db, None, Some(&me), number, None, now())
            .await
            .unwrap();
        assert_eq!(b.state, "booked");
        let a = b.appointment.clone().unwrap();
        assert_eq!(
            (a.date.as_str(), a.start_min),
            (pick.date.as_str(), pick.start_min)
        );
        assert!(b.can_reschedule && b.hold.is_none());
        let v = installation(db, o.id).await.unwrap().unwrap();
        let team = day_team::Entity::find_by_id(v.day_team_id.unwrap())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((v.date, v.status.as_str()), (Some(day), "planned"));
        assert!(!team.published);
        assert_eq!(
            (v.window_start_min, v.window_end_min),
            (pick.start_min, pick.end_min)
        );
        let stored = order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, PLANNING);
        // The confirmation went to the outbox; the board stays feasible.
        let sent: Vec<String> = entity::outbox_message::Entity::find()
            .filter(entity::outbox_message::Column::OrderId.eq(o.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.template)
            .collect();
        assert!(
            sent.iter().any(|t| t == "appointment_confirmation"),
            "{sent:?}"
        );
        assert!(
            entity::outbox_message::Entity::find()
                .count(db)
                .await
                .unwrap()
                > outbox_before
        );
        assert_eq!(breaking(db, day).await, before, "{}", tdb.backend);

        // Moving it needs a reason, and offers other slots only.
        let again = offers(db, Some(&me), number, now()).await.unwrap();
        assert!(!again
            .iter()
            .any(|s| s.date == pick.date && s.start_min == pick.start_min));
        let next = &again[0];
        let next_day: NaiveDate = next.date.parse().unwrap();
        hold(db, Some(&me), number, next_day, next.start_min, now())
            .await
            .unwrap();
        assert!(matches!(
            confirm(db, None, Some(&me), number, Some("  "), now()).await,
            Err(ServiceError::Invalid(r)) if r == "reason"
        ));
        let b = confirm(
            db,
            None,
            Some(&me),
            number,
            Some("Dan ben ik op vakantie"),
            now(),
        )
        .await
        .unwrap();
        assert_eq!(b.moves, 1);
        assert_eq!(b.appointment.as_ref().unwrap().date, next.date);
        let moved = installation(db, o.id).await.unwrap().unwrap();
        assert_eq!(moved.id, v.id);
        assert_eq!(moved.date, Some(next_day));
        if next_day != day || moved.day_team_id != Some(team.id) {
            let old_lane = planning::lane_ids(db, team.id).await.unwrap();
            assert!(!old_lane.contains(&v.id));
        }
        let sent: Vec<String> = entity::outbox_message::Entity::find()
            .filter(entity::outbox_message::Column::OrderId.eq(o.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.template)
            .collect();
        assert!(sent.iter().any(|t| t == "appointment_changed"), "{sent:?}");

        // Ops see both, with the reason and the count; nobody else does.
        let planner = testing::caller(Role::Planner);
        let list = changes(db, Some(&planner)).await.unwrap();
        let mine: Vec<_> = list
            .iter()
            .filter(|c| c.order_number == o.order_number)
            .collect();
        assert_eq!(mine.len(), 2);
        assert_eq!(mine[0].kind, "rescheduled");
        assert_eq!(mine[0].reason.as_deref(), Some("Dan ben ik op vakantie"));
        assert_eq!(
            mine[0].from.as_ref().map(|f| f.date.clone()),
            Some(pick.date.clone())
        );
        assert!(mine.iter().all(|c| c.moves == 1));
        assert!(matches!(
            changes(db, Some(&me)).await,
            Err(ServiceError::Forbidden)
        ));

        // The calendar file.
        let ics = ics(db, Some(&me), number).await.unwrap();
        assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
        let start = local_to_utc(next_day, next.start_min)
            .format("%Y%m%dT%H%M%SZ")
            .to_string();
        assert!(ics.contains(&format!("DTSTART:{start}")), "{ics}");
        assert!(ics.contains(&o.city));

        // Inside the cut-off the customer is asked to call.
        let late = local_to_utc(next_day, next.start_min) - Duration::hours(47);
        let b = booking(db, Some(&me), number, late).await.unwrap();
        assert!(!b.can_reschedule);
        assert_eq!(b.cutoff_hours, 48);
        assert!(matches!(
            offers(db, Some(&me), number, late).await,
            Err(ServiceError::Conflict(c)) if c == "cutoff"
        ));

        // Access notes: kept trimmed, too long refused, shown to ops.
        let notes = AccessNotes {
            parking: " Oprit is vrij ".into(),
            meter_cabinet: "Kelder, trap links".into(),
            pets: "Hond (lief)".into(),
            other: String::new(),
        };
        let saved = save_access(db, Some(&me), number, &notes, now())
            .await
            .unwrap();
        assert_eq!(saved.parking, "Oprit is vrij");
        let long = AccessNotes {
            pets: "x".repeat(ACCESS_NOTE_MAX + 1),
            ..notes.clone()
        };
        assert!(matches!(
            save_access(db, Some(&me), number, &long, now()).await,
            Err(ServiceError::Invalid(f)) if f == "pets"
        ));
        let stored = order::Entity::find_by_id(o.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            access_notes(&stored).unwrap().meter_cabinet,
            "Kelder, trap links"
        );
        tdb.cleanup().await;
    }
}

#[tokio::test]
async fn a_held_place_is_taken_and_every_chosen_slot_keeps_the_board_feasible() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        // More customers ready to choose than the small world has.
        let waiting: Vec<i32> = order::Entity::find()
            .filter(order::Column::Status.is_in([
                entity::domain::workflow::QUOTE_SENT,
                entity::domain::workflow::NEW_LEAD,
                entity::domain::workflow::QUOTE_DRAFT,
                entity::domain::workflow::INTAKE_SENT,
                entity::domain::workflow::INTAKE_COMPLETED,
                entity::domain::workflow::CUSTOMER_APPROVED,
                entity::domain::workflow::PARTNER_APPROVED,
                entity::domain::workflow::QUOTE_READY,
            ]))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .take(6)
            .collect();
        order::Entity::update_many()
            .col_expr(order::Column::Status, Expr::value(BOTH_APPROVED))
            .filter(order::Column::Id.is_in(waiting))
            .exec(db)
            .await
            .unwrap();
        let ready = ready_orders(db).await;
        assert!(ready.len() >= 6, "{}", ready.len());
        more_teams(db).await;
        // Several customers choose, each a different place in the list of
        // what they are offered; after each, every team that was feasible
        // still is.
        for (i, o) in ready.iter().take(4).enumerate() {
            let me = customer_of(o);
            let slots = offers(db, Some(&me), &o.order_number, now()).await.unwrap();
            let Some(pick) = slots.get((i * 3) % slots.len().max(1)) else {
                continue;
            };
            let day: NaiveDate = pick.date.parse().unwrap();
            let before = breaking(db, day).await;
            hold(db, Some(&me), &o.order_number, day, pick.start_min, now())
                .await
                .unwrap();
            confirm(db, None, Some(&me), &o.order_number, None, now())
                .await
                .unwrap();
            assert_eq!(
                breaking(db, day).await,
                before,
                "{} pick {pick:?}",
                tdb.backend
            );
        }

        // A hold counts as taken: fill one team to its last place, hold it
        // for one customer, and the next is not offered that slot there.
        let mut open = Vec::new();
        for o in &ready[4..] {
            let slots = offers(db, Some(&customer_of(o)), &o.order_number, now())
                .await
                .unwrap();
            if !slots.is_empty() {
                open.push((o, slots));
            }
        }
        assert!(
            open.len() >= 2,
            "{}: {} customers with slots",
            tdb.backend,
            open.len()
        );
        let (a, slots) = &open[0];
        let b = open[1].0;
        let me = customer_of(a);
        let pick = slots.last().unwrap().clone();
        let day: NaiveDate = pick.date.parse().unwrap();
        // Only this day's best team stays open, with two jobs already.
        let h = hold(db, Some(&me), &a.order_number, day, pick.start_min, now())
            .await
            .unwrap();
        let held = slot_hold::Entity::find()
            .filter(
                slot_hold::Column::VisitId.is_in(
                    visit::Entity::find()
                        .filter(visit::Column::OrderId.eq(a.id))
                        .all(db)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|v| v.id),
                ),
            )
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(held.slot_start_min, h.start_min);
        let team = held.day_team_id;
        day_team::Entity::update_many()
            .col_expr(day_team::Column::Published, Expr::value(true))
            .filter(day_team::Column::Id.ne(team))
            .exec(db)
            .await
            .unwrap();
        let (depot, days) = load_days(db, day, day, 0, now()).await.unwrap();
        let lane = &days.iter().find(|d| d.team.id == team).unwrap();
        assert_eq!(lane.held.len(), 1, "the hold is on the route");
        let card_b = card_for(db, b, installation(db, b.id).await.unwrap().as_ref())
            .await
            .unwrap();
        let theirs = search(depot, &days, &card_b, &BOOKABLE_SLOTS, &haversine);
        // Every place offered on that team keeps the held visit on time.
        for o in theirs.iter().filter(|o| o.team_id == team) {
            let mut v = card_b.clone();
            (v.window_start_min, v.window_end_min) = (o.start_min, o.end_min);
            let mut stops = lane.stops.clone();
            stops.insert(o.position, v);
            assert!(stops.iter().any(|s| lane.held.contains(&s.id)));
            assert!(check(depot, lane, &stops, &haversine).0);
        }
        if lane.stops.len() >= 3 {
            assert!(theirs.iter().all(|o| o.team_id != team));
        }
        // Once the hold expires, the place is offered again.
        let later = now() + Duration::minutes(HOLD_MINUTES + 1);
        let (_, days) = load_days(db, day, day, 0, later).await.unwrap();
        assert!(days.iter().all(|d| d.held.is_empty()));
        assert!(matches!(
            confirm(db, None, Some(&me), &a.order_number, None, later).await,
            Err(ServiceError::Conflict(c)) if c == "hold_expired"
        ));
        tdb.cleanup().await;
    }
}
