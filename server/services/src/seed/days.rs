//! How the demo generator plans a day's routes: by a sound rule, so that a
//! newcomer opening a demo day sees routes a planner would drive.
//!
//! The rule, per day: the farthest visit from the depot not yet placed
//! starts a team; its nearest neighbours (within [`NEAR_KM`] of every visit
//! already in the team) join while the route, in its shortest feasible
//! order, keeps every arrival inside the customer's window and the team
//! back at Nijkerk within its shift, up to three visits. A visit that no
//! team can reach in time stays unplanned, as a planner would leave it.
//! Deterministic (no solver run-to-run variance), so the world's digest
//! holds; timed with the board's own rules (`route_times`, the haversine
//! matrix), so the board shows the same day.

use crate::routing::{haversine_metres, travel_minutes as minutes, Haversine, Point};
use entity::domain::planning::{route_times, Leg, WORKLOAD};

/// The demo teams' shift: 07:30–17:00.
pub const SHIFT: (i32, i32) = (7 * 60 + 30, 17 * 60);

/// A team's visits lie within this many kilometres of each other (straight
/// line), so that a route is a cluster and not a tour of the country.
pub const NEAR_KM: f64 = 50.0;

/// One visit of the day as the rule needs it.
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub point: Point,
    pub window: (i32, i32),
    pub minutes: i32,
}

/// A planned team route: indexes into the day's jobs in driving order,
/// each with its arrival (minutes after midnight).
pub type Route = Vec<(usize, i32)>;

/// The route through `members` (indexes into `jobs`) in its shortest order
/// that is on time and within the shift; `None` when no order is.
fn best_route(depot: Point, jobs: &[Job], members: &[usize]) -> Option<(Route, i64)> {
    let points: Vec<Point> = std::iter::once(depot)
        .chain(members.iter().map(|&j| jobs[j].point))
        .collect();
    let m = Haversine::default().compute(&points);
    let mut best: Option<(Route, i64)> = None;
    for order in permutations(members.len()) {
        let mut legs = Vec::with_capacity(order.len());
        let mut metres = 0;
        let mut from = 0;
        for &k in &order {
            let job = jobs[members[k]];
            legs.push(Leg {
                travel_min: minutes(m.seconds(from, k + 1)),
                window_start_min: job.window.0,
                window_end_min: job.window.1,
                duration_min: job.minutes,
            });
            metres += m.metres(from, k + 1);
            from = k + 1;
        }
        metres += m.metres(from, 0);
        let (times, back) = route_times(SHIFT.0, &legs, minutes(m.seconds(from, 0)));
        let on_time = times.iter().all(|t| t.late_min == 0) && back <= SHIFT.1;
        if on_time && best.as_ref().is_none_or(|(_, b)| metres < *b) {
            let route = order
                .iter()
                .zip(&times)
                .map(|(&k, t)| (members[k], t.arrive_min))
                .collect();
            best = Some((route, metres));
        }
    }
    best
}

/// Every order of `0..n` (n ≤ 3 here).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}

fn km(a: Point, b: Point) -> f64 {
    haversine_metres(a, b) / 1000.0
}

/// Plans a day: at most `max_teams` routes, farthest clusters first. Jobs
/// in no route stay unplanned.
pub fn plan_day(depot: Point, jobs: &[Job], max_teams: usize) -> Vec<Route> {
    let mut open: Vec<usize> = (0..jobs.len()).collect();
    // Farthest first; the index breaks ties so the result is stable.
    open.sort_by(|&a, &b| {
        km(depot, jobs[b].point)
            .total_cmp(&km(depot, jobs[a].point))
            .then(a.cmp(&b))
    });
    let mut routes = Vec::new();
    while routes.len() < max_teams {
        let Some(pos) = open
            .iter()
            .position(|&j| best_route(depot, jobs, &[j]).is_some())
        else {
            break;
        };
        let start = open.remove(pos);
        let mut members = vec![start];
        let (mut route, _) = best_route(depot, jobs, &members).expect("checked above");
        // Its neighbours, nearest first.
        let mut near: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&j| km(jobs[start].point, jobs[j].point) <= NEAR_KM)
            .collect();
        near.sort_by(|&a, &b| {
            km(jobs[start].point, jobs[a].point)
                .total_cmp(&km(jobs[start].point, jobs[b].point))
                .then(a.cmp(&b))
        });
        for j in near {
            if members.len() >= *WORKLOAD.end() {
                break;
            }
            if members
                .iter()
                .any(|&m| km(jobs[m].point, jobs[j].point) > NEAR_KM)
            {
                continue;
            }
            members.push(j);
            match best_route(depot, jobs, &members) {
                Some((r, _)) => {
                    route = r;
                    open.retain(|&o| o != j);
                }
                None => {
                    members.pop();
                }
            }
        }
        routes.push(route);
    }
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIJKERK: Point = Point {
        lat: 52.2266,
        lng: 5.4745,
    };

    fn job(lat: f64, lng: f64, window: (i32, i32), minutes: i32) -> Job {
        Job {
            point: Point { lat, lng },
            window,
            minutes,
        }
    }

    #[test]
    fn neighbours_share_a_team_and_far_towns_get_their_own() {
        let jobs = [
            job(51.5719, 4.7683, (480, 1020), 120), // Breda
            job(52.3874, 4.6462, (480, 1020), 120), // Haarlem
            job(51.5855, 4.7900, (480, 1020), 120), // Breda again
            job(52.2600, 6.7930, (480, 1020), 120), // Almelo
            job(52.3900, 4.6600, (720, 1020), 120), // Haarlem, afternoon
        ];
        let routes = plan_day(NIJKERK, &jobs, 10);
        let teams: Vec<Vec<usize>> = routes
            .iter()
            .map(|r| {
                let mut t: Vec<usize> = r.iter().map(|s| s.0).collect();
                t.sort_unstable();
                t
            })
            .collect();
        assert_eq!(teams.len(), 3, "{teams:?}");
        assert!(teams.contains(&vec![0, 2]), "{teams:?}");
        assert!(teams.contains(&vec![1, 4]), "{teams:?}");
        assert!(teams.contains(&vec![3]), "{teams:?}");
        // The afternoon customer comes after the morning one, inside the
        // window.
        let haarlem = routes.iter().find(|r| r.iter().any(|s| s.0 == 4)).unwrap();
        assert_eq!(haarlem.last().unwrap().0, 4);
        assert!(haarlem.last().unwrap().1 <= 1020);
    }

    #[test]
    fn a_visit_no_team_can_reach_in_time_stays_unplanned() {
        // Vlissingen, four hours of work, and a morning window.
        let jobs = [
            job(51.4425, 3.5736, (480, 720), 240),
            job(52.1561, 5.3878, (480, 720), 120),
        ];
        let routes = plan_day(NIJKERK, &jobs, 10);
        assert_eq!(routes.len(), 1, "{routes:?}");
        assert_eq!(routes[0].len(), 1);
        let (visit, arrival) = routes[0][0];
        assert_eq!(visit, 1);
        // Amersfoort is a quarter of an hour from the depot.
        assert!((SHIFT.0 + 5..SHIFT.0 + 25).contains(&arrival), "{arrival}");
    }

    #[test]
    fn no_more_teams_than_people_allow() {
        let jobs: Vec<Job> = (0..9)
            .map(|i| job(52.0 + f64::from(i) * 0.3, 5.0, (480, 1020), 180))
            .collect();
        assert_eq!(plan_day(NIJKERK, &jobs, 2).len(), 2);
    }
}
