//! Route optimisation with vrp-pragmatic: one day's teams are the vehicles
//! (shift times, start and end at the Nijkerk depot, the union of their
//! members' skills, 2–3 installations a day), the visits are the jobs
//! (time window, duration, required skills). Visits the planner pinned keep
//! their team, and their order where pinned with a position.
//!
//! Solving is not reproducible run to run, so a plan is shown as a preview
//! and, when applied, stored as it is (never re-solved).

use crate::routing::{Matrix, Point};
use crate::ServiceError;
use chrono::NaiveDate;
pub use entity::domain::settings::OptimiseGoal;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vrp_pragmatic::format::problem as vp;
use vrp_pragmatic::format::Location;

/// Installations one team does in a day at most (000 / 002: 2–3).
pub const MAX_VISITS_PER_TEAM: usize = 3;
/// The matrix profile name used for every team.
const PROFILE: &str = "car";

#[derive(Clone, Debug, PartialEq)]
pub struct TeamIn {
    pub id: i32,
    /// Shift, minutes after midnight.
    pub shift_start_min: i32,
    pub shift_end_min: i32,
    /// Union of the members' skills.
    pub skills: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VisitIn {
    pub id: i32,
    pub point: Point,
    /// The customer's window for the arrival, minutes after midnight.
    pub window_start_min: i32,
    pub window_end_min: i32,
    pub duration_min: i32,
    pub skills: Vec<String>,
    /// Kept on this team.
    pub pinned_team: Option<i32>,
    /// Kept at this position (1-based) on the pinned team.
    pub pinned_position: Option<i32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DayModel {
    pub date: NaiveDate,
    pub depot: Point,
    pub teams: Vec<TeamIn>,
    pub visits: Vec<VisitIn>,
}

impl DayModel {
    /// The depot first, then every visit in order: the matrix's points.
    pub fn points(&self) -> Vec<Point> {
        std::iter::once(self.depot)
            .chain(self.visits.iter().map(|v| v.point))
            .collect()
    }
}

pub fn team_key(id: i32) -> String {
    format!("team-{id}")
}

pub fn visit_key(id: i32) -> String {
    format!("visit-{id}")
}

fn parse_key(key: &str, prefix: &str) -> Option<i32> {
    key.strip_prefix(prefix)?.parse().ok()
}

/// `2026-11-25T08:00:00Z` for minutes after midnight on `date`. The solver
/// only compares times, so local wall-clock minutes are used as they are.
fn at(date: NaiveDate, minutes: i32) -> String {
    let t =
        date.and_hms_opt(0, 0, 0).expect("midnight") + chrono::Duration::minutes(minutes.into());
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Minutes after midnight from a solver time string.
fn minutes_of(date: NaiveDate, text: &str) -> i32 {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| {
            let d = t.naive_utc() - date.and_hms_opt(0, 0, 0).expect("midnight");
            d.num_minutes() as i32
        })
        .unwrap_or(0)
}

/// The vrp-pragmatic problem and its routing matrix for one day, searched
/// for `goal`.
pub fn to_problem(
    m: &DayModel,
    matrix: &Matrix,
    goal: OptimiseGoal,
) -> (vp::Problem, Vec<vp::Matrix>) {
    let jobs = m
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| vp::Job {
            id: visit_key(v.id),
            pickups: None,
            deliveries: None,
            replacements: None,
            services: Some(vec![vp::JobTask {
                places: vec![vp::JobPlace {
                    location: Location::Reference { index: i + 1 },
                    duration: f64::from(v.duration_min * 60),
                    times: Some(vec![vec![
                        at(m.date, v.window_start_min),
                        at(m.date, v.window_end_min),
                    ]]),
                    tag: None,
                }],
                demand: None,
                order: None,
            }]),
            skills: (!v.skills.is_empty()).then(|| vp::JobSkills {
                all_of: Some(v.skills.clone()),
                one_of: None,
                none_of: None,
            }),
            value: None,
            group: None,
            compatibility: None,
        })
        .collect();

    // Pins: per team, the positioned ones in order (a sequence), the rest
    // only kept on the team.
    /// Per team: (position, job) pinned with a position, and the others.
    type Pins = (Vec<(i32, String)>, Vec<String>);
    let mut pinned: BTreeMap<i32, Pins> = BTreeMap::new();
    for v in &m.visits {
        if let Some(t) = v.pinned_team {
            let e = pinned.entry(t).or_default();
            match v.pinned_position {
                Some(p) => e.0.push((p, visit_key(v.id))),
                None => e.1.push(visit_key(v.id)),
            }
        }
    }
    let mut relations = Vec::new();
    for (team, (mut ordered, free)) in pinned {
        ordered.sort();
        if !ordered.is_empty() {
            // Positions 1..k exactly: held from the depot on, nothing in
            // between. Otherwise their order among themselves is kept.
            let from_start = ordered
                .iter()
                .enumerate()
                .all(|(i, (p, _))| *p == i as i32 + 1);
            let mut jobs: Vec<String> = ordered.into_iter().map(|(_, k)| k).collect();
            let type_field = if from_start {
                jobs.insert(0, "departure".to_owned());
                vp::RelationType::Strict
            } else {
                vp::RelationType::Sequence
            };
            relations.push(vp::Relation {
                type_field,
                jobs,
                vehicle_id: team_key(team),
                shift_index: None,
            });
        }
        if !free.is_empty() {
            relations.push(vp::Relation {
                type_field: vp::RelationType::Any,
                jobs: free,
                vehicle_id: team_key(team),
                shift_index: None,
            });
        }
    }

    let vehicles = m
        .teams
        .iter()
        .map(|t| vp::VehicleType {
            type_id: team_key(t.id),
            vehicle_ids: vec![team_key(t.id)],
            profile: vp::VehicleProfile {
                matrix: PROFILE.to_owned(),
                scale: None,
            },
            // Distance matters most; time a little (overtime is costly).
            costs: vp::VehicleCosts {
                fixed: Some(10.0),
                distance: 0.001,
                time: 0.002,
            },
            shifts: vec![vp::VehicleShift {
                start: vp::ShiftStart {
                    earliest: at(m.date, t.shift_start_min),
                    latest: None,
                    location: Location::Reference { index: 0 },
                },
                end: Some(vp::ShiftEnd {
                    earliest: None,
                    latest: at(m.date, t.shift_end_min),
                    location: Location::Reference { index: 0 },
                }),
                breaks: None,
                reloads: None,
                recharges: None,
            }],
            capacity: vec![MAX_VISITS_PER_TEAM as i32],
            skills: (!t.skills.is_empty()).then(|| t.skills.clone()),
            limits: Some(vp::VehicleLimits {
                max_distance: None,
                max_duration: None,
                tour_size: Some(MAX_VISITS_PER_TEAM),
            }),
        })
        .collect();

    let problem = vp::Problem {
        plan: vp::Plan {
            jobs,
            relations: (!relations.is_empty()).then_some(relations),
            clustering: None,
        },
        fleet: vp::Fleet {
            vehicles,
            profiles: vec![vp::MatrixProfile {
                name: PROFILE.to_owned(),
                speed: None,
            }],
            resources: None,
        },
        // First serve every visit. Then, by default, drive as little as
        // possible, the number of teams used only breaking ties; or use as
        // few teams as possible at the least cost of time and distance.
        // (One transport objective only: the solver refuses two.)
        objectives: Some(match goal {
            OptimiseGoal::Distance => vec![
                vp::Objective::MinimizeUnassigned { breaks: None },
                vp::Objective::MinimizeDistance,
                vp::Objective::MinimizeTours,
            ],
            OptimiseGoal::Cost => vec![
                vp::Objective::MinimizeUnassigned { breaks: None },
                vp::Objective::MinimizeTours,
                vp::Objective::MinimizeCost,
            ],
        }),
    };
    let matrices = vec![vp::Matrix {
        profile: Some(PROFILE.to_owned()),
        timestamp: None,
        travel_times: matrix.seconds.clone(),
        distances: matrix.metres.clone(),
        error_codes: None,
    }];
    (problem, matrices)
}

/// How long the solver may search.
#[derive(Clone, Debug)]
pub struct Budget {
    /// Stop searching after this long.
    pub time: Duration,
    /// Or after this many generations (1: the first feasible plan).
    pub generations: Option<usize>,
    /// Search threads (the server has two cores; see `planning::budget`).
    pub threads: usize,
    /// What to minimise after serving every visit (admin setting).
    pub goal: OptimiseGoal,
}

impl Budget {
    /// The default "good plan" budget (configurable, 5 s).
    pub fn default_good() -> Budget {
        Budget {
            time: Duration::from_secs(5),
            generations: None,
            threads: 1,
            goal: OptimiseGoal::Distance,
        }
    }

    /// Just the first feasible plan.
    pub fn first_feasible() -> Budget {
        Budget {
            time: Duration::from_secs(5),
            generations: Some(1),
            threads: 1,
            goal: OptimiseGoal::Distance,
        }
    }
}

/// Stops the search at the deadline or when the planner cancels.
struct Stop {
    deadline: Instant,
    cancel: Arc<AtomicBool>,
}

impl vrp_pragmatic::core::utils::Quota for Stop {
    fn is_reached(&self) -> bool {
        self.cancel.load(Ordering::Relaxed) || Instant::now() >= self.deadline
    }
}

/// One team's route in a solved plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteOut {
    pub team_id: i32,
    /// Visits in order, with the planned arrival (minutes after midnight).
    pub stops: Vec<(i32, i32)>,
    pub metres: i64,
    pub seconds: i64,
}

/// A solved plan: routes per team and the visits left over, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOut {
    pub routes: Vec<RouteOut>,
    /// Visit id and reason code (`SKILL_CONSTRAINT`, `TIME_WINDOW_CONSTRAINT`,
    /// `TOUR_SIZE_CONSTRAINT`, …).
    pub unassigned: Vec<(i32, String)>,
    pub metres: i64,
    pub solve_ms: u128,
}

/// Solves the day. Blocking and CPU-bound: run it on a blocking thread.
pub fn solve(
    m: &DayModel,
    matrix: &Matrix,
    budget: &Budget,
    cancel: Arc<AtomicBool>,
) -> Result<PlanOut, ServiceError> {
    solve_reporting(m, matrix, budget, cancel, None)
}

/// Called with each better plan while the search runs.
pub type OnBetter = Box<dyn Fn(PlanOut) + Send + Sync>;

/// How often at most a better plan is reported while the search runs.
pub const REPORT_EVERY: Duration = Duration::from_millis(300);

/// `solve`, reporting the best plan so far to `on_better` whenever the
/// search improves on it (the first at once, then at most every
/// `REPORT_EVERY`), so a planner sees a first plan at once and better ones
/// as they are found. The search itself is the same: the report is made
/// between generations, from the population the search keeps anyway.
pub fn solve_reporting(
    m: &DayModel,
    matrix: &Matrix,
    budget: &Budget,
    cancel: Arc<AtomicBool>,
    on_better: Option<OnBetter>,
) -> Result<PlanOut, ServiceError> {
    use vrp_pragmatic::core::solver::{Solver, VrpConfigBuilder};
    use vrp_pragmatic::core::utils::{Environment, Parallelism};
    use vrp_pragmatic::format::problem::PragmaticProblem;

    let started = Instant::now();
    if m.visits.is_empty() || m.teams.is_empty() {
        return Ok(PlanOut {
            routes: Vec::new(),
            unassigned: m
                .visits
                .iter()
                .map(|v| (v.id, "NO_TEAMS".to_owned()))
                .collect(),
            metres: 0,
            solve_ms: 0,
        });
    }
    let (problem, matrices) = to_problem(m, matrix, budget.goal);
    let core = Arc::new((problem, matrices).read_pragmatic().map_err(|errs| {
        tracing::warn!(%errs, "the day cannot be planned");
        ServiceError::Invalid("unplannable".into())
    })?);
    let environment = Arc::new(Environment {
        quota: Some(Arc::new(Stop {
            deadline: started + budget.time,
            cancel,
        })),
        parallelism: Parallelism::new_with_cpus(budget.threads.clamp(1, 2)),
        logger: Arc::new(|_: &str| {}),
        ..Environment::default()
    });
    let mut config = VrpConfigBuilder::new(core.clone())
        .set_environment(environment)
        .prebuild()
        .and_then(|c| {
            c.with_max_generations(budget.generations)
                .with_max_time(Some(budget.time.as_secs().max(1) as usize))
                .build()
        })
        .map_err(|e| ServiceError::Internal(format!("solver set-up failed: {e}")))?;
    if let Some(on_better) = on_better {
        let inner = config.termination;
        config.termination = Box::new(Reporter {
            inner,
            core: core.clone(),
            date: m.date,
            started,
            on_better,
            last: std::sync::Mutex::new(None),
        });
    }
    let solution = Solver::new(core.clone(), config)
        .solve()
        .map_err(|e| ServiceError::Internal(format!("solver failed: {e}")))?;
    plan_of(&core, &solution, m.date, started)
}

/// A solver solution as a plan.
fn plan_of(
    core: &vrp_pragmatic::core::models::Problem,
    solution: &vrp_pragmatic::core::models::Solution,
    date: NaiveDate,
    started: Instant,
) -> Result<PlanOut, ServiceError> {
    use vrp_pragmatic::format::solution::{write_pragmatic, PragmaticOutputType, Solution};
    // The public way out is the pragmatic JSON; read it back as structs.
    let mut json = std::io::BufWriter::new(Vec::new());
    write_pragmatic(
        core,
        solution,
        PragmaticOutputType::OnlyPragmatic,
        &mut json,
    )
    .map_err(|e| ServiceError::Internal(format!("solution not written: {e}")))?;
    let bytes = json
        .into_inner()
        .map_err(|e| ServiceError::Internal(format!("solution not written: {e}")))?;
    let out: Solution = serde_json::from_slice(&bytes)
        .map_err(|e| ServiceError::Internal(format!("solution not read: {e}")))?;

    let mut routes = Vec::new();
    for tour in &out.tours {
        let Some(team_id) = parse_key(&tour.vehicle_id, "team-") else {
            continue;
        };
        let mut stops = Vec::new();
        for stop in &tour.stops {
            let arrival = minutes_of(date, &stop.schedule().arrival);
            let activities = match stop {
                vrp_pragmatic::format::solution::Stop::Point(p) => &p.activities,
                vrp_pragmatic::format::solution::Stop::Transit(t) => &t.activities,
            };
            for a in activities {
                if let Some(v) = parse_key(&a.job_id, "visit-") {
                    stops.push((v, arrival));
                }
            }
        }
        routes.push(RouteOut {
            team_id,
            stops,
            metres: tour.statistic.distance,
            seconds: tour.statistic.duration,
        });
    }
    routes.sort_by_key(|r| r.team_id);
    let unassigned = out
        .unassigned
        .unwrap_or_default()
        .into_iter()
        .filter_map(|u| {
            let id = parse_key(&u.job_id, "visit-")?;
            let code = u
                .reasons
                .first()
                .map(|r| r.code.clone())
                .unwrap_or_else(|| "UNKNOWN".to_owned());
            Some((id, code))
        })
        .collect();
    Ok(PlanOut {
        metres: routes.iter().map(|r| r.metres).sum(),
        routes,
        unassigned,
        solve_ms: started.elapsed().as_millis(),
    })
}

/// Wraps the search's own stopping rule: before each generation it looks
/// at the best plan of the population and reports it when it is better
/// than the last one reported (by the goal's fitness, compared in order).
struct Reporter {
    inner: Box<
        dyn vrp_pragmatic::core::rosomaxa::termination::Termination<
            Context = vrp_pragmatic::core::solver::RefinementContext,
            Objective = vrp_pragmatic::core::models::GoalContext,
        >,
    >,
    core: Arc<vrp_pragmatic::core::models::Problem>,
    date: NaiveDate,
    started: Instant,
    on_better: OnBetter,
    /// The fitness last reported, and when.
    last: std::sync::Mutex<Option<(Vec<f64>, Instant)>>,
}

impl Reporter {
    fn report(&self, ctx: &vrp_pragmatic::core::solver::RefinementContext) {
        use vrp_pragmatic::core::rosomaxa::prelude::{HeuristicContext, HeuristicSolution};
        let Some(best) = ctx.ranked().next() else {
            return;
        };
        let fitness: Vec<f64> = best.fitness().collect();
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if let Some((before, at)) = last.as_ref() {
            let better = fitness
                .iter()
                .zip(before)
                .find(|(a, b)| (*a - *b).abs() > 1e-9)
                .is_some_and(|(a, b)| a < b);
            if !better || at.elapsed() < REPORT_EVERY {
                return;
            }
        }
        let solution: vrp_pragmatic::core::models::Solution = best.deep_copy().into();
        match plan_of(&self.core, &solution, self.date, self.started) {
            Ok(plan) => {
                *last = Some((fitness, Instant::now()));
                (self.on_better)(plan);
            }
            Err(e) => tracing::warn!(%e, "an interim plan could not be read"),
        }
    }
}

impl vrp_pragmatic::core::rosomaxa::termination::Termination for Reporter {
    type Context = vrp_pragmatic::core::solver::RefinementContext;
    type Objective = vrp_pragmatic::core::models::GoalContext;

    fn is_termination(&self, ctx: &mut Self::Context) -> bool {
        self.report(ctx);
        self.inner.is_termination(ctx)
    }

    fn estimate(&self, ctx: &Self::Context) -> f64 {
        self.inner.estimate(ctx)
    }
}

/// Planner-facing words for the solver's reason codes.
pub fn reason_text(code: &str) -> &'static str {
    match code {
        "SKILL_CONSTRAINT" => "geen team met de benodigde vaardigheden",
        "TIME_WINDOW_CONSTRAINT" => {
            "past niet in het tijdvak van de klant of de dienst van een team"
        }
        "TOUR_SIZE_CONSTRAINT" => "alle teams zitten vol (max. 3 per dag)",
        "MAX_DISTANCE_CONSTRAINT" | "MAX_DURATION_CONSTRAINT" => {
            "te ver of te lang voor een dienst"
        }
        "LOCKING_CONSTRAINT" => "vastgezet op een team waar het niet past",
        "NO_TEAMS" => "er zijn geen teams op deze dag",
        _ => "geen plek gevonden binnen de regels",
    }
}

/// Visits per team from a solved plan, for checking and for applying.
pub fn assignment(plan: &PlanOut) -> HashMap<i32, (i32, usize)> {
    plan.routes
        .iter()
        .flat_map(|r| {
            r.stops
                .iter()
                .enumerate()
                .map(move |(i, (v, _))| (*v, (r.team_id, i + 1)))
        })
        .collect()
}

/// A generated day for benchmarks: `visits` installations spread over the
/// Netherlands around the Nijkerk depot, `teams` teams, deterministic per
/// `seed`. A fifth of the visits need three-phase work; two teams in three
/// can do it. Windows: morning, afternoon or the whole day.
pub fn generated_day(visits: usize, teams: usize, seed: u64) -> DayModel {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as f64) / f64::from(1u32 << 31)
    };
    let windows = [(8 * 60, 12 * 60), (12 * 60, 17 * 60), (8 * 60, 17 * 60)];
    DayModel {
        date: NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
        depot: Point {
            lat: 52.2200,
            lng: 5.4860,
        },
        teams: (0..teams)
            .map(|i| TeamIn {
                id: i as i32 + 1,
                shift_start_min: 7 * 60 + 30,
                shift_end_min: 17 * 60,
                skills: if i % 3 == 2 {
                    vec!["installation".to_owned()]
                } else {
                    vec!["installation".to_owned(), "three_phase".to_owned()]
                },
            })
            .collect(),
        visits: (0..visits)
            .map(|i| {
                let three_phase = next() < 0.2;
                let w = windows[(next() * 3.0) as usize % 3];
                VisitIn {
                    id: i as i32 + 1,
                    // Within ~100 km of Nijkerk, as most of the work is.
                    point: Point {
                        lat: 51.6 + next() * 1.3,
                        lng: 4.6 + next() * 1.8,
                    },
                    window_start_min: w.0,
                    window_end_min: w.1,
                    duration_min: 90 + (next() * 4.0) as i32 * 15,
                    skills: if three_phase {
                        vec!["installation".to_owned(), "three_phase".to_owned()]
                    } else {
                        vec!["installation".to_owned()]
                    },
                    pinned_team: None,
                    pinned_position: None,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
