//! The route-planning board (002 "Route Planning Interface", "Team
//! Management Dashboard", "Schedule Optimization View"): one day's people,
//! teams and routes from the Nijkerk depot; moving visits and people;
//! optimising with a preview; applying and publishing.
//!
//! Every change is version-checked (a visit or team changed by somebody
//! else since the planner looked is refused with `stale`) and announced on
//! the bus, so every open board of that day reloads.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::optimise::{self, Budget, DayModel, TeamIn, VisitIn};
use crate::routing::{travel_minutes as minutes, Haversine, Point, TravelTimes};
use crate::ServiceError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entity::domain::planning::{self as rules, time_slot, Leg, TeamFacts};
use entity::domain::time::clock as hhmm;
use entity::domain::workflow::{BOTH_APPROVED, PLANNABLE, PLANNING, SCHEDULED};
use entity::domain::{VisitKind, VisitStatus};
use entity::dto::{
    CurrentUser, DayEvent, PersonDto, PlanPreviewDto, PlanStopDto, PlanVisitDto, PlanningDayDto,
    PlanningWeekDto, PreviewTeamDto, PreviewUnplannedDto, TeamLaneDto, WeekDayDto, WeekTeamDto,
    WeekVisitDto,
};
use entity::{
    contact, day_team, day_team_member, depot, order, region, technician, technician_absence, user,
    visit,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The configured search: time (1–60 s) and goal, from the admin's
/// settings.
pub async fn budget(db: &impl ConnectionTrait) -> Result<Budget, ServiceError> {
    let settings = crate::settings::current(db).await?;
    // Both cores while no other optimisation runs; one each otherwise,
    // so that the web server keeps a core.
    let alone = running().lock().map(|m| m.len() <= 1).unwrap_or(false);
    Ok(Budget {
        time: std::time::Duration::from_secs(settings.optimise_budget_secs.clamp(1, 60) as u64),
        generations: None,
        threads: if alone { 2 } else { 1 },
        goal: settings.optimise_goal,
    })
}

/// Running optimisations by the token the planner's board gave them, so
/// that "Annuleren" can stop one. In-process: the solve runs here.
/// Optimisations that may run at once, per user and in total: each keeps a
/// core busy for its whole budget.
pub const MAX_RUNS_PER_USER: usize = 2;
pub const MAX_RUNS: usize = 4;

struct RunEntry {
    user_id: i32,
    cancel: Arc<AtomicBool>,
    /// The best plan found so far while the search runs, numbered.
    latest: Option<(u32, PlanPreviewDto)>,
}

fn running() -> &'static std::sync::Mutex<HashMap<String, RunEntry>> {
    static RUNNING: std::sync::OnceLock<std::sync::Mutex<HashMap<String, RunEntry>>> =
        std::sync::OnceLock::new();
    RUNNING.get_or_init(Default::default)
}

/// A running optimisation, registered under its token so `cancel_run` can
/// stop it. Dropping it stops the search too: when the client goes away,
/// the request's future is dropped with it, and the solver on its blocking
/// thread sees the flag at its next check.
#[derive(Debug)]
pub struct Run {
    token: String,
    pub cancel: Arc<AtomicBool>,
}

impl Drop for Run {
    fn drop(&mut self) {
        self.cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut m) = running().lock() {
            m.remove(&self.token);
        }
    }
}

/// Registers an optimisation under `token`. Errors: `RateLimited` when the
/// caller already runs `MAX_RUNS_PER_USER`, `Unavailable` (503, retry) when
/// `MAX_RUNS` run in all, `Invalid("token")` for a token in use.
pub fn start_run(caller: Option<&CurrentUser>, token: &str) -> Result<Run, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let user_id = caller.map_or(0, |c| c.user_id);
    let mut m = running()
        .lock()
        .map_err(|_| ServiceError::Unavailable("optimiser registry".into()))?;
    if m.contains_key(token) {
        return Err(ServiceError::Invalid("token".into()));
    }
    if m.values().filter(|r| r.user_id == user_id).count() >= MAX_RUNS_PER_USER {
        return Err(ServiceError::RateLimited {
            retry_after_minutes: 1,
        });
    }
    if m.len() >= MAX_RUNS {
        return Err(ServiceError::Unavailable("optimiser busy".into()));
    }
    let cancel = Arc::new(AtomicBool::new(false));
    m.insert(
        token.to_owned(),
        RunEntry {
            user_id,
            cancel: cancel.clone(),
            latest: None,
        },
    );
    Ok(Run {
        token: token.to_owned(),
        cancel,
    })
}

impl Run {
    /// Keeps `preview` as the run's best plan so far, for `progress`.
    pub fn reporter(&self) -> OnPreview {
        let token = self.token.clone();
        Box::new(move |preview| {
            if let Ok(mut m) = running().lock() {
                if let Some(r) = m.get_mut(&token) {
                    let n = r.latest.as_ref().map_or(1, |(n, _)| n + 1);
                    r.latest = Some((n, preview));
                }
            }
        })
    }
}

/// The best plan so far of the caller's optimisation running under
/// `token`, numbered so a board can tell a new one, once the search has
/// found one. `None` when there is none yet, the run has ended, or it is
/// somebody else's.
pub fn progress(
    caller: Option<&CurrentUser>,
    token: &str,
) -> Result<Option<(u32, PlanPreviewDto)>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let user_id = caller.map_or(0, |c| c.user_id);
    Ok(running().lock().ok().and_then(|m| {
        m.get(token)
            .filter(|r| r.user_id == user_id)
            .and_then(|r| r.latest.clone())
    }))
}

/// Stops the optimisation running under `token`; `false` if none is.
pub fn cancel_run(caller: Option<&CurrentUser>, token: &str) -> Result<bool, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    Ok(running()
        .lock()
        .ok()
        .and_then(|m| m.get(token).map(|r| r.cancel.clone()))
        .map(|f| f.store(true, std::sync::atomic::Ordering::Relaxed))
        .is_some())
}

/// How far ahead unplanned visits are offered for a day.
const LOOKAHEAD_DAYS: i64 = 7;

pub(crate) fn skills_of(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn announce(
    bus: Option<&Bus>,
    date: NaiveDate,
    caller: Option<&CurrentUser>,
    what: &str,
) {
    if let Some(bus) = bus {
        bus.publish_day(DayEvent {
            date: date.format("%Y-%m-%d").to_string(),
            by: caller.map(|c| c.display_name.clone()).unwrap_or_default(),
            what: what.to_owned(),
        });
    }
}

pub(crate) async fn depot_point(db: &impl ConnectionTrait) -> Result<Point, ServiceError> {
    let d = depot::Entity::find()
        .order_by_asc(depot::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Internal("no depot configured".into()))?;
    Ok(Point {
        lat: d.lat,
        lng: d.lng,
    })
}

/// Board cards for visits, keyed by visit id.
pub(crate) async fn visit_cards(
    db: &impl ConnectionTrait,
    visits: &[visit::Model],
) -> Result<HashMap<i32, PlanVisitDto>, ServiceError> {
    let (orders, contacts) =
        crate::orders::with_customers(db, visits.iter().map(|v| v.order_id)).await?;
    let regions: HashMap<i32, String> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    // The customer's preferred periods, from their latest intake answers.
    let mut periods: HashMap<i32, Vec<String>> = HashMap::new();
    for r in entity::intake_request::Entity::find()
        .filter(entity::intake_request::Column::OrderId.is_in(orders.keys().copied()))
        .filter(entity::intake_request::Column::SubmittedAt.is_not_null())
        .order_by_asc(entity::intake_request::Column::SubmittedAt)
        .all(db)
        .await?
    {
        let given: Option<Vec<String>> = r
            .answers
            .as_deref()
            .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
            .and_then(|a| serde_json::from_value(a.get("periods")?.clone()).ok());
        if let Some(given) = given {
            periods.insert(r.order_id, given);
        }
    }
    Ok(visits
        .iter()
        .filter_map(|v| {
            let o = orders.get(&v.order_id)?;
            Some((
                v.id,
                PlanVisitDto {
                    id: v.id,
                    version: v.version,
                    order_number: o.order_number.clone(),
                    customer: contacts
                        .get(&o.end_customer_contact_id)
                        .cloned()
                        .unwrap_or_default(),
                    city: o.city.clone(),
                    region: o.region_id.and_then(|r| regions.get(&r).cloned()),
                    lat: o.lat,
                    lng: o.lng,
                    window_start_min: v.window_start_min,
                    window_end_min: v.window_end_min,
                    duration_min: v.duration_minutes,
                    skills: skills_of(&v.required_skills),
                    pinned: v.pinned,
                    sla_due: o.sla_due_at.map(|d| d.timestamp()),
                    periods: periods.get(&o.id).cloned().unwrap_or_default(),
                },
            ))
        })
        .collect())
}

/// A lane's timing and distance over `travel` (depot first).
pub(crate) fn lane(
    depot: Point,
    start_min: i32,
    stops: &[PlanVisitDto],
    travel: &dyn Fn(&[Point]) -> crate::routing::Matrix,
) -> (Vec<PlanStopDto>, i32, f64, i32) {
    let points: Vec<Point> = std::iter::once(depot)
        .chain(stops.iter().map(|s| Point {
            lat: s.lat,
            lng: s.lng,
        }))
        .collect();
    let m = travel(&points);
    let n = points.len();
    let mut legs = Vec::new();
    let mut metres = 0;
    let mut drive = 0;
    for (i, s) in stops.iter().enumerate() {
        let secs = m.seconds(i, i + 1);
        metres += m.metres(i, i + 1);
        drive += minutes(secs);
        legs.push(Leg {
            travel_min: minutes(secs),
            window_start_min: s.window_start_min,
            window_end_min: s.window_end_min,
            duration_min: s.duration_min,
        });
    }
    let back = if stops.is_empty() {
        0
    } else {
        metres += m.metres(n - 1, 0);
        drive += minutes(m.seconds(n - 1, 0));
        minutes(m.seconds(n - 1, 0))
    };
    let (timings, back_min) = rules::route_times(start_min, &legs, back);
    let out = stops
        .iter()
        .zip(legs.iter().zip(timings))
        .map(|(s, (l, t))| PlanStopDto {
            visit: s.clone(),
            travel_min: l.travel_min,
            timing: t,
        })
        .collect();
    (out, back_min, metres as f64 / 1000.0, drive)
}

/// A team member as the checks see them: name, skills, and why they are
/// away that day (if they are).
pub type Member = (String, Vec<String>, Option<String>);

/// What the planner's check (`rules::lane_flags`, `rules::feasible`) needs
/// of a team's timed route: the one place a lane becomes `TeamFacts`, for
/// the board and for the customer's slot search alike.
pub(crate) fn team_facts(
    team: &day_team::Model,
    members: Vec<Member>,
    stops: &[PlanStopDto],
    back_min: i32,
) -> TeamFacts {
    TeamFacts {
        name: team.name.clone(),
        members,
        visits: stops
            .iter()
            .map(|s| {
                (
                    s.visit.order_number.clone(),
                    s.visit.skills.clone(),
                    s.timing.late_min,
                )
            })
            .collect(),
        overtime_min: std::cmp::max(back_min - team.shift_end_min, 0),
    }
}

/// The board of one day.
pub async fn day(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<PlanningDayDto, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    board_of(db, date).await
}

/// The planning week around `date` (Monday to Friday): per day its teams
/// with their load, km, warnings and visits, as the week view shows them.
pub async fn week(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<PlanningWeekDto, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let mut days = Vec::new();
    for offset in 0..5 {
        let d = monday + Duration::days(offset);
        let board = board_of(db, d).await?;
        let teams = board
            .teams
            .iter()
            .map(|t| WeekTeamDto {
                id: t.id,
                name: t.name.clone(),
                version: t.version,
                published: t.published,
                members: t.member_ids.len(),
                busy_min: if t.stops.is_empty() {
                    0
                } else {
                    t.back_min - t.shift_start_min
                },
                shift_min: t.shift_end_min - t.shift_start_min,
                km: t.km,
                flags: rules::flags_of(&board.flags, &t.name).count(),
                visits: t
                    .stops
                    .iter()
                    .map(|s| WeekVisitDto {
                        id: s.visit.id,
                        version: s.visit.version,
                        order_number: s.visit.order_number.clone(),
                        city: s.visit.city.clone(),
                        late: s.timing.late_min > 0,
                    })
                    .collect(),
            })
            .collect();
        days.push(WeekDayDto {
            date: board.date.clone(),
            teams,
            unplanned: visit::Entity::find()
                .filter(visit::Column::Date.eq(d))
                .filter(visit::Column::DayTeamId.is_null())
                .filter(visit::Column::Status.ne(VisitStatus::Completed.as_str()))
                .count(db)
                .await? as usize,
        });
    }
    Ok(PlanningWeekDto {
        monday: monday.format("%Y-%m-%d").to_string(),
        days,
    })
}

/// A technician's own day: their team's published route, with each
/// stop's address, slot and expected arrival. Nothing of it shows before
/// the day is published (`published: false`).
pub async fn my_day(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<entity::dto::MyDayDto, ServiceError> {
    use entity::dto::{MyDayDto, MyStopDto};
    authorize(
        caller,
        Action::OpenPortal(entity::domain::Portal::Technician),
    )?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    let mut out = MyDayDto {
        date: date.to_string(),
        ..Default::default()
    };
    let Some(me) = technician::Entity::find()
        .filter(technician::Column::UserId.eq(caller.user_id))
        .one(db)
        .await?
    else {
        return Ok(out);
    };
    out.technician = Some(me.name.clone());
    let board = board_of(db, date).await?;
    let Some(team) = board.teams.iter().find(|t| t.member_ids.contains(&me.id)) else {
        return Ok(out);
    };
    out.team = Some(team.name.clone());
    out.team_mates = board
        .people
        .iter()
        .filter(|p| p.id != me.id && team.member_ids.contains(&p.id))
        .map(|p| p.name.clone())
        .collect();
    out.published = team.published;
    if !team.published {
        return Ok(out);
    }
    out.depart_min = team.shift_start_min;
    out.back_min = team.back_min;
    out.km = team.km;
    for st in &team.stops {
        let Some((v, Some(o))) = visit::Entity::find_by_id(st.visit.id)
            .find_also_related(order::Entity)
            .one(db)
            .await?
        else {
            continue;
        };
        let phone = contact::Entity::find_by_id(o.end_customer_contact_id)
            .one(db)
            .await?
            .and_then(|c| c.phone);
        out.stops.push(MyStopDto {
            visit_id: v.id,
            order_number: o.order_number.clone(),
            customer: st.visit.customer.clone(),
            phone,
            address: format!("{} {}, {} {}", o.street, o.house_number, o.postcode, o.city),
            lat: o.lat,
            lng: o.lng,
            eta_min: st.timing.arrive_min,
            start_min: st.timing.start_min,
            duration_min: st.visit.duration_min,
            slot_start_min: v.slot_start_min,
            slot_end_min: v.slot_end_min,
            skills: st.visit.skills.clone(),
            chargers: o.charger_count,
            status: v.status.clone(),
            access: crate::booking::access_notes(&o),
            bring: bring(db, o.id).await?,
        });
    }
    Ok(out)
}

/// What to bring to an order: its lines for chargers and materials (not
/// labour or fees), with their quantities.
async fn bring(
    db: &DatabaseConnection,
    order_id: i32,
) -> Result<Vec<entity::domain::field::MaterialUse>, ServiceError> {
    use entity::domain::ProductKind;
    let lines = entity::order_line::Entity::find()
        .filter(entity::order_line::Column::OrderId.eq(order_id))
        .order_by_asc(entity::order_line::Column::Id)
        .all(db)
        .await?;
    let goods: Vec<i32> = entity::product::Entity::find()
        .filter(entity::product::Column::Id.is_in(lines.iter().filter_map(|l| l.product_id)))
        .filter(entity::product::Column::Kind.is_in([
            ProductKind::Charger.as_str(),
            ProductKind::Material.as_str(),
        ]))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    Ok(lines
        .into_iter()
        .filter(|l| l.product_id.is_some_and(|p| goods.contains(&p)))
        .map(|l| entity::domain::field::MaterialUse {
            product_id: l.product_id,
            name: l.description,
            quantity: l.quantity,
        })
        .collect())
}

/// The board of one day, for whoever may see it.
async fn board_of(
    db: &DatabaseConnection,
    date: NaiveDate,
) -> Result<PlanningDayDto, ServiceError> {
    let depot = depot_point(db).await?;
    let teams = day_team::Entity::find()
        .filter(day_team::Column::Date.eq(date))
        .order_by_asc(day_team::Column::Id)
        .all(db)
        .await?;
    let team_ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let links = day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.is_in(team_ids.clone()))
        .all(db)
        .await?;
    let people = technician::Entity::find()
        .filter(technician::Column::Active.eq(true))
        .order_by_asc(technician::Column::Name)
        .all(db)
        .await?;
    let absences: HashMap<i32, String> = technician_absence::Entity::find()
        .filter(technician_absence::Column::DateFrom.lte(date))
        .filter(technician_absence::Column::DateTo.gte(date))
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            let why = match a.reason {
                Some(r) if !r.trim().is_empty() => format!("{}: {r}", a.kind),
                _ => a.kind,
            };
            (a.technician_id, why)
        })
        .collect();

    // Minutes planned this week per person (Monday to Sunday).
    let monday = date - Duration::days(date.weekday().num_days_from_monday().into());
    let week_teams = day_team::Entity::find()
        .filter(day_team::Column::Date.between(monday, monday + Duration::days(6)))
        .all(db)
        .await?;
    let week_ids: Vec<i32> = week_teams.iter().map(|t| t.id).collect();
    let mut team_minutes: HashMap<i32, i32> = HashMap::new();
    for v in visit::Entity::find()
        .filter(visit::Column::DayTeamId.is_in(week_ids.clone()))
        .filter(visit::Column::Status.ne(VisitStatus::Cancelled.as_str()))
        .all(db)
        .await?
    {
        if let Some(t) = v.day_team_id {
            *team_minutes.entry(t).or_default() += v.duration_minutes;
        }
    }
    let mut week_min: HashMap<i32, i32> = HashMap::new();
    for l in day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.is_in(week_ids))
        .all(db)
        .await?
    {
        *week_min.entry(l.technician_id).or_default() +=
            team_minutes.get(&l.day_team_id).copied().unwrap_or(0);
    }

    let on_teams = visit::Entity::find()
        .filter(visit::Column::DayTeamId.is_in(team_ids))
        .filter(visit::Column::Status.ne(VisitStatus::Cancelled.as_str()))
        .order_by_asc(visit::Column::Sequence)
        .order_by_asc(visit::Column::Id)
        .all(db)
        .await?;
    let waiting = unassigned_visits(db, date).await?;
    let mut cards = visit_cards(db, &on_teams).await?;
    let mut waiting_cards = visit_cards(db, &waiting).await?;

    let by_id: HashMap<i32, &technician::Model> = people.iter().map(|p| (p.id, p)).collect();
    let haversine = Haversine::default();
    let travel = |p: &[Point]| haversine.compute(p);
    let mut lanes = Vec::new();
    let mut facts = Vec::new();
    for t in &teams {
        let member_ids: Vec<i32> = links
            .iter()
            .filter(|l| l.day_team_id == t.id)
            .map(|l| l.technician_id)
            .collect();
        let mut skills: Vec<String> = member_ids
            .iter()
            .filter(|id| !absences.contains_key(id))
            .filter_map(|id| by_id.get(id))
            .flat_map(|p| skills_of(&p.skills))
            .collect();
        skills.sort();
        skills.dedup();
        let stops: Vec<PlanVisitDto> = on_teams
            .iter()
            .filter(|v| v.day_team_id == Some(t.id))
            .filter_map(|v| cards.remove(&v.id))
            .collect();
        let (stops, back_min, km, drive_min) = lane(depot, t.shift_start_min, &stops, &travel);
        let members: Vec<Member> = member_ids
            .iter()
            .filter_map(|id| by_id.get(id))
            .map(|p| {
                (
                    p.name.clone(),
                    skills_of(&p.skills),
                    absences.get(&p.id).cloned(),
                )
            })
            .collect();
        facts.push(team_facts(t, members, &stops, back_min));
        lanes.push(TeamLaneDto {
            id: t.id,
            name: t.name.clone(),
            version: t.version,
            published: t.published,
            member_ids,
            skills,
            shift_start_min: t.shift_start_min,
            shift_end_min: t.shift_end_min,
            stops,
            back_min,
            km,
            drive_min,
        });
    }
    let mut unassigned: Vec<PlanVisitDto> = waiting
        .iter()
        .filter_map(|v| waiting_cards.remove(&v.id))
        .collect();
    unassigned.sort_by_key(|v| (v.sla_due.unwrap_or(i64::MAX), v.id));
    Ok(PlanningDayDto {
        date: date.format("%Y-%m-%d").to_string(),
        depot_lat: depot.lat,
        depot_lng: depot.lng,
        people: people
            .iter()
            .map(|p| PersonDto {
                id: p.id,
                name: p.name.clone(),
                skills: skills_of(&p.skills),
                absent: absences.get(&p.id).cloned(),
                team_ids: links
                    .iter()
                    .filter(|l| l.technician_id == p.id)
                    .map(|l| l.day_team_id)
                    .collect(),
                week_min: week_min.get(&p.id).copied().unwrap_or(0),
                contract_min: p.weekly_hours * 60,
            })
            .collect(),
        published: !teams.is_empty() && teams.iter().all(|t| t.published),
        teams: lanes,
        unassigned,
        flags: rules::flags(&facts),
    })
}

/// Installation visits of ready orders and service visits that no team
/// has, due by `date` plus a week (or without a date).
async fn unassigned_visits(
    db: &impl ConnectionTrait,
    date: NaiveDate,
) -> Result<Vec<visit::Model>, ServiceError> {
    let ready: Vec<i32> = order::Entity::find()
        .filter(order::Column::Status.is_in(PLANNABLE))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    // Installations of ready orders, and service visits ops planned for a
    // service case.
    Ok(visit::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(visit::Column::OrderId.is_in(ready))
                        .add(visit::Column::Kind.eq(VisitKind::Installation.as_str())),
                )
                .add(visit::Column::Kind.eq(VisitKind::Service.as_str())),
        )
        .filter(visit::Column::DayTeamId.is_null())
        .filter(visit::Column::Status.is_in([
            VisitStatus::Unplanned.as_str(),
            VisitStatus::Planned.as_str(),
        ]))
        .filter(
            Condition::any()
                .add(visit::Column::Date.is_null())
                .add(visit::Column::Date.lte(date + Duration::days(LOOKAHEAD_DAYS))),
        )
        .all(db)
        .await?)
}

/// Writes a lane's order: `ids` get sequence 1, 2, … on `team` (and its
/// date); every visit touched gets a new version.
pub(crate) async fn write_lane(
    db: &impl ConnectionTrait,
    team: &day_team::Model,
    ids: &[i32],
) -> Result<(), ServiceError> {
    touch_route(db, team.id).await?;
    for (i, id) in ids.iter().enumerate() {
        visit::Entity::update_many()
            .col_expr(visit::Column::DayTeamId, Expr::value(Some(team.id)))
            .col_expr(visit::Column::Date, Expr::value(Some(team.date)))
            .col_expr(visit::Column::Sequence, Expr::value(Some(i as i32 + 1)))
            .col_expr(
                visit::Column::Status,
                Expr::value(if team.published {
                    VisitStatus::Published.as_str()
                } else {
                    VisitStatus::Planned.as_str()
                }),
            )
            .col_expr(
                visit::Column::Version,
                Expr::col(visit::Column::Version).add(1),
            )
            .filter(visit::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Marks a team's route as changed, so that a customer's hold taken on
/// what it was before fails (`slots::hold`).
pub(crate) async fn touch_route(
    db: &impl ConnectionTrait,
    team_id: i32,
) -> Result<(), ServiceError> {
    day_team::Entity::update_many()
        .col_expr(
            day_team::Column::BookingVersion,
            Expr::col(day_team::Column::BookingVersion).add(1),
        )
        .filter(day_team::Column::Id.eq(team_id))
        .exec(db)
        .await?;
    Ok(())
}

pub(crate) async fn lane_ids(
    db: &impl ConnectionTrait,
    team_id: i32,
) -> Result<Vec<i32>, ServiceError> {
    Ok(visit::Entity::find()
        .filter(visit::Column::DayTeamId.eq(team_id))
        .filter(visit::Column::Status.ne(VisitStatus::Cancelled.as_str()))
        .order_by_asc(visit::Column::Sequence)
        .order_by_asc(visit::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect())
}

/// Moves a visit onto `team` at `position` (1-based; past the end means
/// last), or off every team with `None`. `version` is the visit version
/// the planner saw. A visit of a published day is re-announced to the
/// customer (`notify_change`); moving it after publishing is an emergency
/// reassignment and needs a `reason` (`Invalid("reason")` otherwise).
#[allow(clippy::too_many_arguments)]
pub async fn assign(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    visit_id: i32,
    version: i32,
    target: Option<(i32, usize)>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let txn = crate::db::begin_write(db).await?;
    // The version check comes first and takes the visit: of two planners
    // moving it at once, one wins and the other is told it moved.
    crate::db::claim::<visit::Entity>(&txn, visit_id, version).await?;
    let v = visit::Entity::find_by_id(visit_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let from = match v.day_team_id {
        Some(t) => day_team::Entity::find_by_id(t).one(&txn).await?,
        None => None,
    };
    if let Some(old) = &from {
        let rest: Vec<i32> = lane_ids(&txn, old.id)
            .await?
            .into_iter()
            .filter(|id| *id != v.id)
            .collect();
        write_lane(&txn, old, &rest).await?;
    }
    let target_team = match target {
        Some((team_id, _)) => day_team::Entity::find_by_id(team_id).one(&txn).await?,
        None => None,
    };
    let after_publishing = from.iter().chain(target_team.iter()).any(|t| t.published);
    // Within one lane a reorder of a published day is still a change.
    if after_publishing && reason.is_none() {
        return Err(ServiceError::Invalid("reason".into()));
    }
    let to = match (target, target_team) {
        (Some((_, position)), Some(team)) => {
            let mut ids: Vec<i32> = lane_ids(&txn, team.id)
                .await?
                .into_iter()
                .filter(|id| *id != v.id)
                .collect();
            let at = position.saturating_sub(1).min(ids.len());
            ids.insert(at, v.id);
            write_lane(&txn, &team, &ids).await?;
            Some(team)
        }
        (Some(_), None) => return Err(ServiceError::NotFound),
        (None, _) => {
            visit::Entity::update_many()
                .col_expr(visit::Column::DayTeamId, Expr::value(Option::<i32>::None))
                .col_expr(visit::Column::Sequence, Expr::value(Option::<i32>::None))
                .col_expr(visit::Column::Pinned, Expr::value(false))
                .col_expr(
                    visit::Column::Status,
                    Expr::value(VisitStatus::Unplanned.as_str()),
                )
                .col_expr(
                    visit::Column::Version,
                    Expr::col(visit::Column::Version).add(1),
                )
                .filter(visit::Column::Id.eq(v.id))
                .exec(&txn)
                .await?;
            None
        }
    };
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "visits",
        v.id,
        "visit_moved",
        serde_json::json!({
            "from": from.as_ref().map(|t| (t.name.clone(), t.date)),
            "to": to.as_ref().map(|t| (t.name.clone(), t.date)),
            "position": target.map(|t| t.1),
            "reason": reason,
        }),
        now,
    )
    .await?;
    // Only a published lane gives a slot: onto one, the customer hears the
    // new slot below; off every lane, or onto a lane not yet published, the
    // slot goes and (after publishing) they hear of the change now.
    if !to.as_ref().is_some_and(|t| t.published) {
        if v.slot_start_min.is_some() {
            visit::Entity::update_many()
                .col_expr(
                    visit::Column::SlotStartMin,
                    Expr::value(Option::<i32>::None),
                )
                .col_expr(visit::Column::SlotEndMin, Expr::value(Option::<i32>::None))
                .filter(visit::Column::Id.eq(v.id))
                .exec(&txn)
                .await?;
        }
        if after_publishing {
            notify_change(&txn, v.id, to.as_ref(), now).await?;
        }
    }
    txn.commit().await?;
    let dates: HashSet<NaiveDate> = from.iter().chain(to.iter()).map(|t| t.date).collect();
    if after_publishing {
        for d in &dates {
            refresh_slots(db, *d, now).await?;
        }
    }
    for d in dates {
        announce(bus, d, caller, "assign");
    }
    Ok(())
}

/// After a change to a published day, every published visit whose slot
/// moved gets the new slot, and its customer is told. Returns how many.
pub(crate) async fn refresh_slots(
    db: &DatabaseConnection,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let board = board_of(db, date).await?;
    let txn = crate::db::begin_write(db).await?;
    let mut changed = 0;
    for t in board.teams.iter().filter(|t| t.published) {
        for s in &t.stops {
            let v = &s.visit;
            let slot = time_slot(s.timing.arrive_min, v.window_start_min, v.window_end_min);
            let Some((stored, Some(o))) = visit::Entity::find_by_id(v.id)
                .find_also_related(order::Entity)
                .one(&txn)
                .await?
            else {
                continue;
            };
            if (stored.slot_start_min, stored.slot_end_min) == (Some(slot.0), Some(slot.1)) {
                continue;
            }
            visit::Entity::update_many()
                .col_expr(visit::Column::SlotStartMin, Expr::value(slot.0))
                .col_expr(visit::Column::SlotEndMin, Expr::value(slot.1))
                .filter(visit::Column::Id.eq(v.id))
                .exec(&txn)
                .await?;
            changed += 1;
            crate::transition::visit_event(
                &txn,
                &o,
                crate::domain_events::DomainEvent::VisitMoved {
                    order_id: o.id,
                    visit_id: v.id,
                    appointment: crate::domain_events::Appointment {
                        date,
                        from_min: slot.0,
                        to_min: slot.1,
                        team: t.name.clone(),
                    },
                },
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(changed)
}

/// Pins a visit to its team and place (the optimiser keeps it), or frees it.
pub async fn pin(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    visit_id: i32,
    version: i32,
    pinned: bool,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    crate::db::update_versioned(
        db,
        visit::Entity::update_many()
            .col_expr(visit::Column::Pinned, Expr::value(pinned))
            .filter(visit::Column::DayTeamId.is_not_null()),
        visit_id,
        version,
    )
    .await?;
    if let Some(v) = visit::Entity::find_by_id(visit_id).one(db).await? {
        if let Some(d) = v.date {
            announce(bus, d, caller, "assign");
        }
    }
    Ok(())
}

/// Adds a person to a team, or takes them off. `team_version` is the team
/// version the planner saw.
pub async fn set_member(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    team_id: i32,
    team_version: i32,
    technician_id: i32,
    member: bool,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    let team = day_team::Entity::find_by_id(team_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    technician::Entity::find_by_id(technician_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    crate::db::claim::<day_team::Entity>(&txn, team.id, team_version).await?;
    let existing = day_team_member::Entity::find_by_id((team.id, technician_id))
        .one(&txn)
        .await?;
    match (member, existing) {
        (true, None) => {
            day_team_member::ActiveModel {
                day_team_id: Set(team.id),
                technician_id: Set(technician_id),
            }
            .insert(&txn)
            .await?;
        }
        (false, Some(_)) => {
            day_team_member::Entity::delete_by_id((team.id, technician_id))
                .exec(&txn)
                .await?;
        }
        _ => {}
    }
    txn.commit().await?;
    announce(bus, team.date, caller, "member");
    Ok(())
}

/// The people away (leave, sickness, training) on `date`.
pub(crate) async fn absent_on(
    db: &impl ConnectionTrait,
    date: NaiveDate,
) -> Result<HashSet<i32>, ServiceError> {
    Ok(technician_absence::Entity::find()
        .filter(technician_absence::Column::DateFrom.lte(date))
        .filter(technician_absence::Column::DateTo.gte(date))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.technician_id)
        .collect())
}

/// A new, empty team on `date` (shift 07:30–17:00). Returns its id.
pub async fn create_team(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<i32, ServiceError> {
    create_team_of(db, bus, caller, date, &[]).await
}

/// A new team on `date` with `members` (a suggestion or a template taken
/// over), in one step. Refused with `Conflict("in_team")` when one of them
/// is already in a team that day, `Invalid("absent")` when one is away.
pub async fn create_team_of(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
    members: &[i32],
) -> Result<i32, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    let teams = day_team::Entity::find()
        .filter(day_team::Column::Date.eq(date))
        .all(&txn)
        .await?;
    if !members.is_empty() {
        let busy = day_team_member::Entity::find()
            .filter(day_team_member::Column::DayTeamId.is_in(teams.iter().map(|t| t.id)))
            .filter(day_team_member::Column::TechnicianId.is_in(members.iter().copied()))
            .count(&txn)
            .await?;
        if busy > 0 {
            return Err(ServiceError::Conflict("in_team".into()));
        }
        let away = absent_on(&txn, date).await?;
        if members.iter().any(|m| away.contains(m)) {
            return Err(ServiceError::Invalid("absent".into()));
        }
        let known = technician::Entity::find()
            .filter(technician::Column::Id.is_in(members.iter().copied()))
            .count(&txn)
            .await?;
        if known as usize != members.len() {
            return Err(ServiceError::NotFound);
        }
    }
    let t = day_team::ActiveModel {
        date: Set(date),
        name: Set(format!("Team {}", teams.len() + 1)),
        shift_start_min: Set(7 * 60 + 30),
        shift_end_min: Set(17 * 60),
        published: Set(false),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for m in members {
        day_team_member::ActiveModel {
            day_team_id: Set(t.id),
            technician_id: Set(*m),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    announce(bus, date, caller, "team");
    Ok(t.id)
}

/// "Gisteren": copies the teams of the last earlier day that had any
/// (within two weeks) to `date`, leaving out members absent on `date`.
/// Refused with `has_teams` when the day already has teams, `NotFound`
/// when there is nothing to copy. Returns the number of teams.
pub async fn copy_previous_day(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<usize, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    if day_team::Entity::find()
        .filter(day_team::Column::Date.eq(date))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(ServiceError::Conflict("has_teams".into()));
    }
    let Some(source) = day_team::Entity::find()
        .filter(day_team::Column::Date.lt(date))
        .filter(day_team::Column::Date.gte(date - Duration::days(14)))
        .order_by_desc(day_team::Column::Date)
        .one(&txn)
        .await?
        .map(|t| t.date)
    else {
        return Err(ServiceError::NotFound);
    };
    let absent = absent_on(&txn, date).await?;
    let teams = day_team::Entity::find()
        .filter(day_team::Column::Date.eq(source))
        .order_by_asc(day_team::Column::Id)
        .all(&txn)
        .await?;
    for t in &teams {
        let copy = day_team::ActiveModel {
            date: Set(date),
            name: Set(t.name.clone()),
            shift_start_min: Set(t.shift_start_min),
            shift_end_min: Set(t.shift_end_min),
            published: Set(false),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for m in day_team_member::Entity::find()
            .filter(day_team_member::Column::DayTeamId.eq(t.id))
            .all(&txn)
            .await?
        {
            if absent.contains(&m.technician_id) {
                continue;
            }
            day_team_member::ActiveModel {
                day_team_id: Set(copy.id),
                technician_id: Set(m.technician_id),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    announce(bus, date, caller, "team");
    Ok(teams.len())
}

/// Optimises the day (all teams, or `only` these) and returns a preview;
/// nothing is stored. Pinned visits keep their team (and place).
pub async fn optimise(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
    only: Option<&[i32]>,
    travel: &dyn TravelTimes,
    budget: Budget,
    cancel: Arc<AtomicBool>,
) -> Result<PlanPreviewDto, ServiceError> {
    optimise_reporting(db, caller, date, only, travel, budget, cancel, None).await
}

/// Called with the preview of each better plan while the search runs.
pub type OnPreview = Box<dyn Fn(PlanPreviewDto) + Send + Sync>;

/// `optimise`, handing the preview of every better plan the search finds
/// to `on_preview` while it runs (see `optimise::solve_reporting`).
#[allow(clippy::too_many_arguments)]
pub async fn optimise_reporting(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
    only: Option<&[i32]>,
    travel: &dyn TravelTimes,
    budget: Budget,
    cancel: Arc<AtomicBool>,
    on_preview: Option<OnPreview>,
) -> Result<PlanPreviewDto, ServiceError> {
    let board = day(db, caller, date).await?;
    let chosen: Vec<TeamLaneDto> = board
        .teams
        .iter()
        .filter(|t| only.is_none_or(|o| o.contains(&t.id)))
        .cloned()
        .collect();
    let mut visits: Vec<(PlanVisitDto, Option<(i32, i32)>)> = Vec::new();
    for t in &chosen {
        for (i, s) in t.stops.iter().enumerate() {
            let pin = s.visit.pinned.then_some((t.id, i as i32 + 1));
            visits.push((s.visit.clone(), pin));
        }
    }
    for v in &board.unassigned {
        visits.push((v.clone(), None));
    }
    let model = DayModel {
        date,
        depot: Point {
            lat: board.depot_lat,
            lng: board.depot_lng,
        },
        teams: chosen
            .iter()
            .map(|t| TeamIn {
                id: t.id,
                shift_start_min: t.shift_start_min,
                shift_end_min: t.shift_end_min,
                skills: t.skills.clone(),
            })
            .collect(),
        visits: visits
            .iter()
            .map(|(v, pin)| VisitIn {
                id: v.id,
                point: Point {
                    lat: v.lat,
                    lng: v.lng,
                },
                window_start_min: v.window_start_min,
                window_end_min: v.window_end_min,
                duration_min: v.duration_min,
                skills: v.skills.clone(),
                pinned_team: pin.map(|p| p.0),
                pinned_position: pin.map(|p| p.1),
            })
            .collect(),
    };
    let points = model.points();
    let matrix = travel.matrix(&points).await?;
    let basis = Arc::new(PreviewBasis {
        date: board.date.clone(),
        before_unplanned: board.unassigned.len() as u32,
        chosen,
        visits: visits.into_iter().map(|(v, _)| v).collect(),
        model,
        matrix,
    });
    let for_solver = basis.clone();
    let plan = tokio::task::spawn_blocking(move || {
        let b = for_solver.clone();
        let report = on_preview.map(|f| -> optimise::OnBetter {
            Box::new(move |plan: optimise::PlanOut| f(b.preview(&plan)))
        });
        optimise::solve_reporting(
            &for_solver.model,
            &for_solver.matrix,
            &budget,
            cancel,
            report,
        )
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("solver stopped: {e}")))??;
    Ok(basis.preview(&plan))
}

/// What a plan's preview is measured against: the day as the planner saw
/// it, and the travel times the solver used.
struct PreviewBasis {
    date: String,
    before_unplanned: u32,
    chosen: Vec<TeamLaneDto>,
    visits: Vec<PlanVisitDto>,
    model: DayModel,
    matrix: crate::routing::Matrix,
}

impl PreviewBasis {
    /// The plan against the day as it is: km, lateness and overtime per
    /// team before and after, and the visits left unplanned.
    fn preview(&self, plan: &optimise::PlanOut) -> PlanPreviewDto {
        let (model, matrix) = (&self.model, &self.matrix);
        // Distances before and after, over the same travel times.
        let index: HashMap<i32, usize> = model
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id, i + 1))
            .collect();
        let route_km = |ids: &[i32]| -> f64 {
            let mut at = 0;
            let mut metres = 0;
            for id in ids {
                let to = index[id];
                metres += matrix.metres(at, to);
                at = to;
            }
            if !ids.is_empty() {
                metres += matrix.metres(at, 0);
            }
            metres as f64 / 1000.0
        };
        let cards: HashMap<i32, &PlanVisitDto> = self.visits.iter().map(|v| (v.id, v)).collect();
        // Visits arriving late, and minutes back at the depot after the shift.
        let timing_of = |team: &TeamLaneDto, ids: &[i32]| -> (u32, i32) {
            let mut at = 0;
            let mut legs = Vec::new();
            for id in ids {
                let to = index[id];
                let v = &model.visits[to - 1];
                legs.push(Leg {
                    travel_min: minutes(matrix.seconds(at, to)),
                    window_start_min: v.window_start_min,
                    window_end_min: v.window_end_min,
                    duration_min: v.duration_min,
                });
                at = to;
            }
            let back = if ids.is_empty() {
                0
            } else {
                minutes(matrix.seconds(at, 0))
            };
            let (t, back_min) = rules::route_times(team.shift_start_min, &legs, back);
            (
                t.iter().filter(|t| t.late_min > 0).count() as u32,
                std::cmp::max(back_min - team.shift_end_min, 0),
            )
        };
        let mut teams = Vec::new();
        for t in &self.chosen {
            let before: Vec<i32> = t.stops.iter().map(|s| s.visit.id).collect();
            let after: Vec<i32> = plan
                .routes
                .iter()
                .find(|r| r.team_id == t.id)
                .map(|r| r.stops.iter().map(|(v, _)| *v).collect())
                .unwrap_or_default();
            let (before_late, before_overtime_min) = timing_of(t, &before);
            let (after_late, after_overtime_min) = timing_of(t, &after);
            teams.push(PreviewTeamDto {
                team_id: t.id,
                name: t.name.clone(),
                before_km: route_km(&before),
                after_km: route_km(&after),
                before_late,
                after_late,
                before_overtime_min,
                after_overtime_min,
                before_visits: before,
                after_visits: after,
            });
        }
        PlanPreviewDto {
            date: self.date.clone(),
            before_km: teams.iter().map(|t| t.before_km).sum(),
            after_km: teams.iter().map(|t| t.after_km).sum(),
            before_unplanned: self.before_unplanned,
            unplanned: plan
                .unassigned
                .iter()
                .map(|(id, code)| PreviewUnplannedDto {
                    visit_id: *id,
                    order_number: cards
                        .get(id)
                        .map(|v| v.order_number.clone())
                        .unwrap_or_default(),
                    reason: optimise::reason_text(code).to_owned(),
                })
                .collect(),
            teams,
            solve_ms: plan.solve_ms as u64,
            versions: self.visits.iter().map(|v| (v.id, v.version)).collect(),
        }
    }
}

/// Stores a previewed plan as it is (never re-solved). Refused with
/// `stale` when any visit changed since the preview was made.
pub async fn apply(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    preview: &PlanPreviewDto,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let date = NaiveDate::parse_from_str(&preview.date, "%Y-%m-%d")
        .map_err(|_| ServiceError::Invalid("date".into()))?;
    let txn = crate::db::begin_write(db).await?;
    // Every visit the preview was made from must be as it was: each is
    // claimed at its version (in id order, so two applies cannot deadlock).
    let mut seen = preview.versions.clone();
    seen.sort_unstable();
    for (id, version) in seen {
        crate::db::claim::<visit::Entity>(&txn, id, version)
            .await
            .map_err(|e| match e {
                // A visit that went away also makes the preview out of date.
                ServiceError::NotFound => ServiceError::Stale,
                e => e,
            })?;
    }
    let placed: HashSet<i32> = preview
        .teams
        .iter()
        .flat_map(|t| t.after_visits.iter().copied())
        .collect();
    for t in &preview.teams {
        let team = day_team::Entity::find_by_id(t.team_id)
            .one(&txn)
            .await?
            .filter(|team| team.date == date)
            .ok_or(ServiceError::NotFound)?;
        // Visits that left this team and were placed nowhere go back to the pool.
        for id in t.before_visits.iter().filter(|id| !placed.contains(id)) {
            visit::Entity::update_many()
                .col_expr(visit::Column::DayTeamId, Expr::value(Option::<i32>::None))
                .col_expr(visit::Column::Sequence, Expr::value(Option::<i32>::None))
                .col_expr(
                    visit::Column::SlotStartMin,
                    Expr::value(Option::<i32>::None),
                )
                .col_expr(visit::Column::SlotEndMin, Expr::value(Option::<i32>::None))
                .col_expr(
                    visit::Column::Status,
                    Expr::value(VisitStatus::Unplanned.as_str()),
                )
                .col_expr(
                    visit::Column::Version,
                    Expr::col(visit::Column::Version).add(1),
                )
                .filter(visit::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        write_lane(&txn, &team, &t.after_visits).await?;
    }
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "day_teams",
        &preview.date,
        "plan_applied",
        serde_json::json!({
            "teams": preview.teams.iter().map(|t| (t.team_id, &t.after_visits)).collect::<Vec<_>>(),
            "km": [preview.before_km, preview.after_km],
            "unplanned": preview.unplanned.iter().map(|u| (u.visit_id, &u.reason)).collect::<Vec<_>>(),
        }),
        now,
    )
    .await?;
    txn.commit().await?;
    announce(bus, date, caller, "apply");
    Ok(())
}

/// What publishing did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Published {
    pub teams: usize,
    pub orders_scheduled: usize,
    pub messages: usize,
}

/// Publishes a day: teams and their visits become final, ready orders move
/// to `scheduled`, customers and technicians are told. Refused with
/// `flags` while a blocking conflict remains (double booking, absence,
/// skills gap).
pub async fn publish(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Published, ServiceError> {
    let board = day(db, caller, date).await?;
    if board.flags.iter().any(|f| f.blocks_publishing()) {
        return Err(ServiceError::Conflict("flags".into()));
    }
    let txn = crate::db::begin_write(db).await?;
    let mut report = Published::default();
    // What the outbox held before: the messages of this publication are
    // the rows after it (confirmations, technicians' days, reminders).
    let outbox_before: Option<i64> = entity::outbox_message::Entity::find()
        .select_only()
        .column_as(entity::outbox_message::Column::Id.max(), "max")
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let mut moved = Vec::new();
    for t in &board.teams {
        day_team::Entity::update_many()
            .col_expr(day_team::Column::Published, Expr::value(true))
            .col_expr(
                day_team::Column::Version,
                Expr::col(day_team::Column::Version).add(1),
            )
            .filter(day_team::Column::Id.eq(t.id))
            .exec(&txn)
            .await?;
        report.teams += 1;
        let mut route_lines = Vec::new();
        for s in &t.stops {
            let v = &s.visit;
            let (slot_from, slot_to) =
                time_slot(s.timing.arrive_min, v.window_start_min, v.window_end_min);
            // A customer who chose this slot themselves was confirmed then.
            let told = visit::Entity::find_by_id(v.id)
                .one(&txn)
                .await?
                .is_some_and(|m| {
                    (m.slot_start_min, m.slot_end_min) == (Some(slot_from), Some(slot_to))
                });
            visit::Entity::update_many()
                .col_expr(
                    visit::Column::Status,
                    Expr::value(VisitStatus::Published.as_str()),
                )
                .col_expr(visit::Column::SlotStartMin, Expr::value(slot_from))
                .col_expr(visit::Column::SlotEndMin, Expr::value(slot_to))
                .col_expr(
                    visit::Column::Version,
                    Expr::col(visit::Column::Version).add(1),
                )
                .filter(visit::Column::Id.eq(v.id))
                .exec(&txn)
                .await?;
            route_lines.push(format!(
                "{}. {} {} ({}), {}–{}",
                route_lines.len() + 1,
                hhmm(s.timing.start_min),
                v.order_number,
                v.city,
                hhmm(slot_from),
                hhmm(slot_to)
            ));
            // The order: both_approved → planning → scheduled.
            let Some(o) = visit::Entity::find_by_id(v.id)
                .find_also_related(order::Entity)
                .one(&txn)
                .await?
                .and_then(|(_, o)| o)
            else {
                continue;
            };
            let mut o = o;
            if o.status == BOTH_APPROVED
                && crate::transition::apply_move(
                    &txn,
                    o.clone(),
                    o.version,
                    PLANNING,
                    None,
                    caller.map(|c| c.user_id),
                    now,
                )
                .await?
                .is_ok()
            {
                o = order::Entity::find_by_id(o.id)
                    .one(&txn)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
            }
            if o.status == PLANNING
                && crate::transition::apply_move(
                    &txn,
                    o.clone(),
                    o.version,
                    SCHEDULED,
                    None,
                    caller.map(|c| c.user_id),
                    now,
                )
                .await?
                .is_ok()
            {
                report.orders_scheduled += 1;
                moved.push(o.id);
            }
            if told {
                continue;
            }
            crate::transition::visit_event(
                &txn,
                &o,
                crate::domain_events::DomainEvent::VisitScheduled {
                    order_id: o.id,
                    visit_id: v.id,
                    appointment: crate::domain_events::Appointment {
                        date,
                        from_min: slot_from,
                        to_min: slot_to,
                        team: t.name.clone(),
                    },
                },
                now,
            )
            .await?;
        }
        for u in technicians(&txn, &t.member_ids).await? {
            crate::messages::to_user(
                &txn,
                &u,
                "day_published_technician",
                crate::vars! {
                    "team_name" => t.name,
                    "date" => date.format("%d-%m-%Y").to_string(),
                    "departure" => hhmm(t.shift_start_min),
                    "route" => route_lines.join("\n"),
                    "back_time" => hhmm(t.back_min),
                },
                now,
            )
            .await?;
        }
    }
    report.messages = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Id.gt(outbox_before.unwrap_or(0)))
        .count(&txn)
        .await? as usize;
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "day_teams",
        date.format("%Y-%m-%d").to_string(),
        "day_published",
        serde_json::json!({ "teams": report.teams, "scheduled": report.orders_scheduled }),
        now,
    )
    .await?;
    txn.commit().await?;
    for id in moved {
        crate::pipeline::announce(db, bus, id).await?;
    }
    announce(bus, date, caller, "publish");
    Ok(report)
}

async fn technicians(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<user::Model>, ServiceError> {
    let user_ids: Vec<i32> = technician::Entity::find()
        .filter(technician::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| t.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?)
}

/// After publishing, a moved visit is announced again to its customer.
async fn notify_change(
    db: &impl ConnectionTrait,
    visit_id: i32,
    to: Option<&day_team::Model>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some((v, Some(o))) = visit::Entity::find_by_id(visit_id)
        .find_also_related(order::Entity)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    use crate::domain_events::{Appointment, DomainEvent};
    let event = match to {
        Some(t) => DomainEvent::VisitMoved {
            order_id: o.id,
            visit_id: v.id,
            appointment: Appointment {
                date: t.date,
                from_min: v.window_start_min,
                to_min: v.window_end_min,
                team: t.name.clone(),
            },
        },
        None => DomainEvent::VisitCancelled {
            order_id: o.id,
            visit_id: v.id,
        },
    };
    crate::transition::visit_event(db, &o, event, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests;
