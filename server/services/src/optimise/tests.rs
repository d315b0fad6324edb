use super::*;
use crate::routing::Haversine;

const NIJKERK: Point = Point {
    lat: 52.2200,
    lng: 5.4860,
};

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn team(id: i32, skills: &[&str]) -> TeamIn {
    TeamIn {
        id,
        shift_start_min: 7 * 60 + 30,
        shift_end_min: 17 * 60,
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn visit(id: i32, lat: f64, lng: f64, window: (i32, i32), skills: &[&str]) -> VisitIn {
    VisitIn {
        id,
        point: Point { lat, lng },
        window_start_min: window.0,
        window_end_min: window.1,
        duration_min: 120,
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        pinned_team: None,
        pinned_position: None,
    }
}

const MORNING: (i32, i32) = (8 * 60, 12 * 60);
const DAY: (i32, i32) = (8 * 60, 17 * 60);

/// Two teams, six visits around Amersfoort, Barneveld and Harderwijk.
fn day() -> DayModel {
    DayModel {
        date: date(),
        depot: NIJKERK,
        teams: vec![
            team(1, &["installation"]),
            team(2, &["installation", "three_phase"]),
        ],
        visits: vec![
            visit(11, 52.1561, 5.3878, MORNING, &["installation"]),
            visit(12, 52.1400, 5.5800, DAY, &["installation", "three_phase"]),
            visit(13, 52.3420, 5.6200, DAY, &["installation"]),
            visit(14, 52.2560, 5.6010, DAY, &["installation"]),
            visit(15, 52.1700, 5.4200, DAY, &["installation"]),
            visit(16, 52.3000, 5.5000, DAY, &["installation"]),
        ],
    }
}

fn matrix_of(m: &DayModel) -> Matrix {
    Haversine::default().compute(&m.points())
}

#[test]
fn teams_become_vehicles_from_and_to_the_depot_with_their_shift_and_skills() {
    let m = day();
    let (p, matrices) = to_problem(&m, &matrix_of(&m), OptimiseGoal::Distance);
    assert_eq!(p.fleet.vehicles.len(), 2);
    let v = &p.fleet.vehicles[1];
    assert_eq!(v.vehicle_ids, ["team-2"]);
    assert_eq!(
        v.skills.as_deref(),
        Some(&["installation".to_owned(), "three_phase".to_owned()][..])
    );
    assert_eq!(
        v.limits.as_ref().unwrap().tour_size,
        Some(MAX_VISITS_PER_TEAM)
    );
    let shift = &v.shifts[0];
    assert_eq!(shift.start.earliest, "2026-11-25T07:30:00Z");
    assert!(matches!(
        shift.start.location,
        Location::Reference { index: 0 }
    ));
    let end = shift.end.as_ref().unwrap();
    assert_eq!(end.latest, "2026-11-25T17:00:00Z");
    assert!(matches!(end.location, Location::Reference { index: 0 }));
    // The matrix: the depot and six visits, row-major.
    assert_eq!(matrices[0].travel_times.len(), 7 * 7);
    assert_eq!(matrices[0].distances[0], 0);
}

#[test]
fn visits_become_jobs_with_window_duration_and_skills() {
    let m = day();
    let (p, _) = to_problem(&m, &matrix_of(&m), OptimiseGoal::Distance);
    assert_eq!(p.plan.jobs.len(), 6);
    let j = &p.plan.jobs[1];
    assert_eq!(j.id, "visit-12");
    let place = &j.services.as_ref().unwrap()[0].places[0];
    assert!(matches!(place.location, Location::Reference { index: 2 }));
    assert_eq!(place.duration, 7200.0);
    assert_eq!(
        place.times.as_ref().unwrap()[0],
        ["2026-11-25T08:00:00Z", "2026-11-25T17:00:00Z"]
    );
    assert_eq!(
        j.skills.as_ref().unwrap().all_of.as_deref(),
        Some(&["installation".to_owned(), "three_phase".to_owned()][..])
    );
    assert!(p.plan.relations.is_none(), "nothing pinned");
}

#[test]
fn pins_keep_the_team_and_the_order_where_positioned() {
    let mut m = day();
    m.visits[0].pinned_team = Some(1);
    m.visits[0].pinned_position = Some(2);
    m.visits[2].pinned_team = Some(1);
    m.visits[2].pinned_position = Some(1);
    m.visits[3].pinned_team = Some(2);
    let (p, _) = to_problem(&m, &matrix_of(&m), OptimiseGoal::Distance);
    let rel = p.plan.relations.unwrap();
    assert_eq!(rel.len(), 2);
    // Positions 1 and 2: held exactly, from the depot on.
    assert!(matches!(rel[0].type_field, vp::RelationType::Strict));
    assert_eq!(rel[0].jobs, ["departure", "visit-13", "visit-11"]);
    assert_eq!(rel[0].vehicle_id, "team-1");
    assert!(matches!(rel[1].type_field, vp::RelationType::Any));
    assert_eq!(
        (rel[1].vehicle_id.as_str(), rel[1].jobs.as_slice()),
        ("team-2", &["visit-14".to_owned()][..])
    );
    // A lone position 3 keeps only its team and relative order.
    let mut m = day();
    m.visits[0].pinned_team = Some(1);
    m.visits[0].pinned_position = Some(3);
    let (p, _) = to_problem(&m, &matrix_of(&m), OptimiseGoal::Distance);
    let rel = p.plan.relations.unwrap();
    assert!(matches!(rel[0].type_field, vp::RelationType::Sequence));
    assert_eq!(rel[0].jobs, ["visit-11"]);
}

fn quick() -> Budget {
    Budget {
        time: Duration::from_secs(2),
        generations: Some(50),
        threads: 1,
        goal: OptimiseGoal::Distance,
    }
}

#[test]
fn a_solved_day_respects_skills_pins_team_sizes_and_windows() {
    let mut m = day();
    // Pinned: 13 stays on team 1, first.
    m.visits[2].pinned_team = Some(1);
    m.visits[2].pinned_position = Some(1);
    // Impossible: the customer is only home before the shift starts.
    m.visits.push(visit(
        17,
        52.2100,
        5.4500,
        (5 * 60, 6 * 60),
        &["installation"],
    ));
    // Nobody can do this.
    m.visits.push(visit(
        18,
        52.2000,
        5.4700,
        DAY,
        &["installation", "welding"],
    ));
    let plan = solve(
        &m,
        &matrix_of(&m),
        &quick(),
        Arc::new(AtomicBool::new(false)),
    )
    .unwrap();

    let on = assignment(&plan);
    assert_eq!(
        on[&12].0, 2,
        "three-phase work goes to the team that can do it"
    );
    assert_eq!(on[&13], (1, 1), "the pin holds");
    for r in &plan.routes {
        assert!(r.stops.len() <= MAX_VISITS_PER_TEAM, "{r:?}");
        for (v, arrival) in &r.stops {
            let visit = m.visits.iter().find(|x| x.id == *v).unwrap();
            assert!(*arrival <= visit.window_end_min, "{v} arrives at {arrival}");
        }
        assert!(r.metres > 0);
    }
    let why: HashMap<i32, &str> = plan
        .unassigned
        .iter()
        .map(|(v, c)| (*v, c.as_str()))
        .collect();
    assert_eq!(why.get(&17), Some(&"TIME_WINDOW_CONSTRAINT"), "{why:?}");
    assert_eq!(why.get(&18), Some(&"SKILL_CONSTRAINT"), "{why:?}");
    // Eight visits, two teams of at most three, two impossible: six planned.
    assert_eq!(on.len(), 6);
    assert_eq!(
        plan.metres,
        plan.routes.iter().map(|r| r.metres).sum::<i64>()
    );
}

#[test]
fn a_cancelled_search_stops_at_once_with_a_plan() {
    let m = day();
    let started = Instant::now();
    let plan = solve(
        &m,
        &matrix_of(&m),
        &Budget {
            time: Duration::from_secs(30),
            generations: None,
            threads: 1,
            goal: OptimiseGoal::Distance,
        },
        Arc::new(AtomicBool::new(true)),
    )
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(assignment(&plan).len() + plan.unassigned.len(), 6);
}

#[test]
fn a_day_without_teams_says_so_for_every_visit() {
    let mut m = day();
    m.teams.clear();
    let plan = solve(
        &m,
        &matrix_of(&m),
        &quick(),
        Arc::new(AtomicBool::new(false)),
    )
    .unwrap();
    assert_eq!(plan.unassigned.len(), 6);
    assert!(plan.unassigned.iter().all(|(_, c)| c == "NO_TEAMS"));
    assert_eq!(reason_text("NO_TEAMS"), "er zijn geen teams op deze dag");
}

/// Both goals an admin can choose give a plan that serves the day: the
/// solver accepts their objectives, and the distance goal is never longer
/// than the cost goal by more than noise.
#[test]
fn both_goals_plan_the_day() {
    let m = day();
    let matrix = matrix_of(&m);
    let plan = |goal| {
        solve(
            &m,
            &matrix,
            &Budget { goal, ..quick() },
            Arc::new(AtomicBool::new(false)),
        )
        .unwrap()
    };
    let (distance, cost) = (plan(OptimiseGoal::Distance), plan(OptimiseGoal::Cost));
    assert_eq!(distance.unassigned.len(), cost.unassigned.len());
    assert!(!distance.routes.is_empty() && !cost.routes.is_empty());
    assert!(
        distance.metres <= cost.metres + cost.metres / 10,
        "{} m vs {} m",
        distance.metres,
        cost.metres
    );
}

/// While the search runs, better plans are reported as it finds them: the
/// first at once, each one whole (every visit once, planned or left over),
/// never worse than the one before it, and the answer no worse than the
/// last report.
#[test]
fn the_search_reports_each_better_plan_while_it_runs() {
    let m = generated_day(30, 12, 7);
    let matrix = matrix_of(&m);
    let reports = Arc::new(std::sync::Mutex::new(Vec::<(Duration, PlanOut)>::new()));
    let sink = reports.clone();
    let started = Instant::now();
    let plan = solve_reporting(
        &m,
        &matrix,
        &Budget {
            time: Duration::from_secs(2),
            generations: None,
            threads: 1,
            goal: OptimiseGoal::Distance,
        },
        Arc::new(AtomicBool::new(false)),
        Some(Box::new(move |p| {
            sink.lock().unwrap().push((started.elapsed(), p))
        })),
    )
    .unwrap();
    let reports = reports.lock().unwrap();
    assert!(reports.len() >= 2, "{} reports", reports.len());
    assert!(
        reports[0].0 < Duration::from_millis(1500),
        "the first plan came after {:?}",
        reports[0].0
    );
    let score = |p: &PlanOut| (p.unassigned.len(), p.metres);
    for (_, p) in reports.iter() {
        assert_eq!(assignment(p).len() + p.unassigned.len(), 30);
    }
    for w in reports.windows(2) {
        assert!(
            score(&w[1].1) <= score(&w[0].1),
            "{:?} after {:?}",
            score(&w[1].1),
            score(&w[0].1)
        );
        assert!(w[1].0 >= w[0].0 + REPORT_EVERY - Duration::from_millis(5));
    }
    assert!(score(&plan) <= score(&reports.last().unwrap().1));
}
