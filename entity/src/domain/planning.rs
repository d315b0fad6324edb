//! Rules of the route-planning board, shared by the board (WASM) and the
//! server: the timing of a team's route, team sizes, workload and the
//! conflicts a planner must see.

use serde::{Deserialize, Serialize};

/// A team has 2–3 people (002 "Team Management Dashboard").
pub const TEAM_SIZE: std::ops::RangeInclusive<usize> = 2..=3;
/// Installations per team per day.
pub const WORKLOAD: std::ops::RangeInclusive<usize> = 2..=3;

/// Minutes on site for work that adds up to `work_min` (the products'
/// minutes): a team of 2–3 shares it, so about two thirds, in quarters of
/// an hour, between 2 and 4 hours. That keeps 2–3 installations a day.
pub fn on_site_minutes(work_min: i32) -> i32 {
    let shared = (work_min * 2 + 2) / 3;
    let quarters = (shared + 14) / 15 * 15;
    quarters.clamp(120, 240)
}

/// One stop of a route as the timing needs it (minutes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leg {
    /// Travel from the previous stop (the depot for the first).
    pub travel_min: i32,
    pub window_start_min: i32,
    pub window_end_min: i32,
    pub duration_min: i32,
}

/// When a stop happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    pub arrive_min: i32,
    /// Waiting for the customer's window to open.
    pub wait_min: i32,
    pub start_min: i32,
    pub end_min: i32,
    /// Minutes after the window closed at arrival (0 when on time).
    pub late_min: i32,
}

/// Length of the slot a customer is told.
pub const SLOT_MIN: i32 = 120;

/// The two-hour arrival windows a customer can choose from
/// (08:00–10:00 … 14:00–16:00).
pub const BOOKABLE_SLOTS: [(i32, i32); 4] = [(480, 600), (600, 720), (720, 840), (840, 960)];

/// How many days ahead a customer can choose a slot.
pub const BOOKING_DAYS: i64 = 21;

/// How long a chosen slot is held for the customer to confirm.
pub const HOLD_MINUTES: i64 = 10;

/// Default hours before the appointment after which a customer can no
/// longer move it themselves (per business entity).
pub const RESCHEDULE_CUTOFF_HOURS: i32 = 48;

/// A slot is "greener" when the team is already nearby that day: the
/// detour costs at most half of a trip of its own (depot, customer, back),
/// or under 10 km in all.
pub fn greener(extra_km: f64, own_trip_km: f64) -> bool {
    extra_km <= own_trip_km / 2.0 || extra_km < 10.0
}

/// The concrete slot announced for a visit that the route reaches at
/// `arrive_min`: two hours from half an hour before the arrival (on the
/// half hour), kept inside the customer's window where it fits.
pub fn time_slot(arrive_min: i32, window_start_min: i32, window_end_min: i32) -> (i32, i32) {
    let mut start = (arrive_min - 30).div_euclid(30) * 30;
    start = start.max(window_start_min);
    let mut end = start + SLOT_MIN;
    if end > window_end_min && window_end_min - window_start_min >= SLOT_MIN {
        end = window_end_min;
        start = end - SLOT_MIN;
    }
    (start, end)
}

/// Times every stop of a route that leaves the depot at `start_min`, and
/// the time back at the depot after `travel_back_min`.
pub fn route_times(start_min: i32, legs: &[Leg], travel_back_min: i32) -> (Vec<Timing>, i32) {
    let mut t = start_min;
    let mut out = Vec::with_capacity(legs.len());
    for l in legs {
        let arrive = t + l.travel_min;
        let start = arrive.max(l.window_start_min);
        let end = start + l.duration_min;
        out.push(Timing {
            arrive_min: arrive,
            wait_min: start - arrive,
            start_min: start,
            end_min: end,
            late_min: (arrive - l.window_end_min).max(0),
        });
        t = end;
    }
    let back = if legs.is_empty() {
        start_min
    } else {
        t + travel_back_min
    };
    (out, back)
}

/// Something the planner should look at before publishing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flag {
    /// Fewer than 2 or more than 3 people.
    TeamSize { team: String, size: usize },
    /// Somebody is in two teams on one day.
    DoubleBooked { person: String, teams: Vec<String> },
    /// Somebody in a team is on leave or sick.
    Absent {
        person: String,
        team: String,
        reason: String,
    },
    /// A visit needs a skill nobody in its team has.
    SkillGap {
        team: String,
        order: String,
        skills: Vec<String>,
    },
    /// Arrival after the customer's window.
    Late {
        team: String,
        order: String,
        minutes: i32,
    },
    /// Back at the depot after the shift.
    Overtime { team: String, minutes: i32 },
    /// Outside 2–3 installations.
    Workload { team: String, visits: usize },
}

impl Flag {
    /// Stable code for the UI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Flag::TeamSize { .. } => "team_size",
            Flag::DoubleBooked { .. } => "double_booked",
            Flag::Absent { .. } => "absent",
            Flag::SkillGap { .. } => "skill_gap",
            Flag::Late { .. } => "late",
            Flag::Overtime { .. } => "overtime",
            Flag::Workload { .. } => "workload",
        }
    }

    /// Whether the flag makes a team's day impossible to drive as planned
    /// (`feasible`).
    pub fn breaks_route(&self) -> bool {
        match self {
            Flag::SkillGap { .. } | Flag::Late { .. } | Flag::Overtime { .. } => true,
            Flag::Workload { visits, .. } => *visits > *WORKLOAD.end(),
            Flag::TeamSize { .. } | Flag::DoubleBooked { .. } | Flag::Absent { .. } => false,
        }
    }

    /// The team a flag belongs to; `None` for a person in two teams (a
    /// flag of the day). The board counts flags per lane by it.
    pub fn team(&self) -> Option<&str> {
        match self {
            Flag::DoubleBooked { .. } => None,
            Flag::TeamSize { team, .. }
            | Flag::Absent { team, .. }
            | Flag::SkillGap { team, .. }
            | Flag::Late { team, .. }
            | Flag::Overtime { team, .. }
            | Flag::Workload { team, .. } => Some(team),
        }
    }

    /// Blocking flags stop publishing; the others are warnings.
    pub fn blocks_publishing(&self) -> bool {
        matches!(
            self,
            Flag::DoubleBooked { .. } | Flag::Absent { .. } | Flag::SkillGap { .. }
        )
    }
}

/// What the conflict check needs of a team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamFacts {
    pub name: String,
    /// (name, skills, absence reason if absent that day)
    pub members: Vec<(String, Vec<String>, Option<String>)>,
    /// (order number, required skills, minutes late)
    pub visits: Vec<(String, Vec<String>, i32)>,
    pub overtime_min: i32,
}

/// The flags of one team among a day's (`Flag::team`): what its lane
/// counts and the warnings panel lists under it.
pub fn flags_of<'a>(flags: &'a [Flag], team: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
    flags.iter().filter(move |f| f.team() == Some(team))
}

/// Every flag of a day, in a stable order: people in two teams first,
/// then each team's own (`lane_flags`).
pub fn flags(teams: &[TeamFacts]) -> Vec<Flag> {
    let mut out = Vec::new();
    let mut seen: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for t in teams {
        for (name, _, _) in &t.members {
            seen.entry(name).or_default().push(t.name.clone());
        }
    }
    for (person, in_teams) in seen {
        if in_teams.len() > 1 {
            out.push(Flag::DoubleBooked {
                person: person.to_owned(),
                teams: in_teams,
            });
        }
    }
    for t in teams {
        out.extend(lane_flags(t));
    }
    out
}

/// The flags of one team's day: its size, who is away, skills its visits
/// need that nobody present has, lateness, overtime and workload.
pub fn lane_flags(t: &TeamFacts) -> Vec<Flag> {
    let mut out = Vec::new();
    if !TEAM_SIZE.contains(&t.members.len()) {
        out.push(Flag::TeamSize {
            team: t.name.clone(),
            size: t.members.len(),
        });
    }
    for (name, _, absent) in &t.members {
        if let Some(reason) = absent {
            out.push(Flag::Absent {
                person: name.clone(),
                team: t.name.clone(),
                reason: reason.clone(),
            });
        }
    }
    let have: Vec<&String> = t
        .members
        .iter()
        .filter(|m| m.2.is_none())
        .flat_map(|m| m.1.iter())
        .collect();
    for (order, need, late) in &t.visits {
        let missing: Vec<String> = need.iter().filter(|s| !have.contains(s)).cloned().collect();
        if !missing.is_empty() {
            out.push(Flag::SkillGap {
                team: t.name.clone(),
                order: order.clone(),
                skills: missing,
            });
        }
        if *late > 0 {
            out.push(Flag::Late {
                team: t.name.clone(),
                order: order.clone(),
                minutes: *late,
            });
        }
    }
    if t.overtime_min > 0 {
        out.push(Flag::Overtime {
            team: t.name.clone(),
            minutes: t.overtime_min,
        });
    }
    if !t.visits.is_empty() && !WORKLOAD.contains(&t.visits.len()) {
        out.push(Flag::Workload {
            team: t.name.clone(),
            visits: t.visits.len(),
        });
    }
    out
}

/// Whether a team's day can be driven as planned: every visit has the
/// skills it needs among the people present, every arrival is inside its
/// window, the team is back at the depot within its shift and has no more
/// than 3 installations. The planner's board shows the same breaches as
/// flags; the customer's slot search offers only slots that keep a day
/// feasible. (A team still short of work or people is not infeasible: the
/// planner fills it.)
pub fn feasible(t: &TeamFacts) -> bool {
    lane_flags(t).iter().all(|f| !f.breaks_route())
}

/// Someone the team suggestion may use: free that day, in no team yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: i32,
    pub skills: Vec<String>,
    /// Minutes already planned this week: the less, the sooner suggested.
    pub week_min: i32,
}

/// A suggested team: its people and the skills it brings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSuggestion {
    pub member_ids: Vec<i32>,
    pub skills: Vec<String>,
}

fn skills_of_team<'a>(team: &[&'a Candidate]) -> std::collections::BTreeSet<&'a str> {
    team.iter()
        .flat_map(|c| c.skills.iter().map(String::as_str))
        .collect()
}

/// Teams to form from `free` people so that the day's visits can be done:
/// one team per three visits not yet covered by `existing_teams`, each of
/// two people (three when a visit's skills need it), chosen so that every
/// visit's required skills are held by some team, rarest skills first,
/// people with the fewest hours this week first. Returns the teams and the
/// skills nobody free has.
pub fn suggest_teams(
    free: &[Candidate],
    visit_skills: &[Vec<String>],
    existing_teams: usize,
) -> (Vec<TeamSuggestion>, Vec<String>) {
    use std::collections::{BTreeMap, BTreeSet};
    let wanted = visit_skills
        .len()
        .div_ceil(*WORKLOAD.end())
        .saturating_sub(existing_teams);
    let mut pool: Vec<&Candidate> = free.iter().collect();
    pool.sort_by_key(|c| (c.week_min, c.id));
    // How often each skill is needed, and who has it.
    let mut need: BTreeMap<&str, usize> = BTreeMap::new();
    for v in visit_skills {
        for s in v {
            *need.entry(s.as_str()).or_default() += 1;
        }
    }
    let held: BTreeSet<&str> = free
        .iter()
        .flat_map(|c| c.skills.iter().map(String::as_str))
        .collect();
    let missing: Vec<String> = need
        .keys()
        .filter(|s| !held.contains(*s))
        .map(|s| (*s).to_owned())
        .collect();
    // Visits whose skills no suggested team holds yet, hardest first.
    let mut open: Vec<BTreeSet<&str>> = visit_skills
        .iter()
        .map(|v| {
            v.iter()
                .map(String::as_str)
                .filter(|s| held.contains(s))
                .collect()
        })
        .filter(|v: &BTreeSet<&str>| !v.is_empty())
        .collect();
    open.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let mut out = Vec::new();
    while out.len() < wanted && pool.len() >= *TEAM_SIZE.start() {
        let mut team: Vec<&Candidate> = Vec::new();
        let target: BTreeSet<&str> = open.first().cloned().unwrap_or_default();
        while team.len() < *TEAM_SIZE.end() && !pool.is_empty() {
            let have = skills_of_team(&team);
            let left: BTreeSet<&str> = target.difference(&have).copied().collect();
            if team.len() >= *TEAM_SIZE.start() && left.is_empty() {
                break;
            }
            // The person adding the most of what is still needed (rare
            // skills count more), else the least busy.
            let gain = |c: &Candidate| -> usize {
                c.skills
                    .iter()
                    .filter(|s| left.contains(s.as_str()))
                    .map(|s| 1000 / need.get(s.as_str()).copied().unwrap_or(1).max(1))
                    .sum()
            };
            let (k, _) = pool
                .iter()
                .enumerate()
                .max_by_key(|(k, c)| (gain(c), std::cmp::Reverse(*k)))
                .expect("pool is not empty");
            if team.len() >= *TEAM_SIZE.start() && gain(pool[k]) == 0 {
                break;
            }
            team.push(pool.remove(k));
        }
        if team.len() < *TEAM_SIZE.start() {
            break;
        }
        let skills = skills_of_team(&team);
        open.retain(|v| !v.is_subset(&skills));
        let mut member_ids: Vec<i32> = team.iter().map(|c| c.id).collect();
        member_ids.sort_unstable();
        out.push(TeamSuggestion {
            member_ids,
            skills: skills.into_iter().map(str::to_owned).collect(),
        });
    }
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_shares_the_work_on_site() {
        assert_eq!(on_site_minutes(0), 120);
        assert_eq!(on_site_minutes(210), 150);
        assert_eq!(on_site_minutes(300), 210);
        assert_eq!(on_site_minutes(525), 240);
    }

    #[test]
    fn a_route_waits_for_windows_and_notes_lateness() {
        let legs = [
            Leg {
                travel_min: 30,
                window_start_min: 9 * 60,
                window_end_min: 12 * 60,
                duration_min: 120,
            },
            Leg {
                travel_min: 45,
                window_start_min: 8 * 60,
                window_end_min: 11 * 60,
                duration_min: 90,
            },
        ];
        let (t, back) = route_times(7 * 60 + 30, &legs, 50);
        // 07:30 + 30 = 08:00, waits an hour for 09:00, works until 11:00.
        assert_eq!(
            t[0],
            Timing {
                arrive_min: 480,
                wait_min: 60,
                start_min: 540,
                end_min: 660,
                late_min: 0
            }
        );
        // 11:00 + 45 = 11:45: 45 minutes after an 11:00 window.
        assert_eq!(t[1].arrive_min, 705);
        assert_eq!(t[1].late_min, 45);
        assert_eq!(back, 705 + 90 + 50);
        assert_eq!(route_times(450, &[], 99), (vec![], 450));
    }

    fn member(
        name: &str,
        skills: &[&str],
        absent: Option<&str>,
    ) -> (String, Vec<String>, Option<String>) {
        (
            name.into(),
            skills.iter().map(|s| (*s).to_owned()).collect(),
            absent.map(str::to_owned),
        )
    }

    #[test]
    fn conflicts_are_found_and_some_block_publishing() {
        let teams = vec![
            TeamFacts {
                name: "Team 1".into(),
                members: vec![
                    member("Daan", &["three_phase"], None),
                    member("Sem", &[], Some("verlof")),
                ],
                visits: vec![
                    ("CC-2026-00001".into(), vec!["three_phase".into()], 0),
                    ("CC-2026-00002".into(), vec!["groundwork".into()], 20),
                ],
                overtime_min: 0,
            },
            TeamFacts {
                name: "Team 2".into(),
                members: vec![member("Daan", &["three_phase"], None)],
                visits: vec![("CC-2026-00003".into(), vec![], 0)],
                overtime_min: 35,
            },
        ];
        let f = flags(&teams);
        let codes: Vec<&str> = f.iter().map(Flag::code).collect();
        assert_eq!(
            codes,
            [
                "double_booked",
                "absent",
                "skill_gap",
                "late",
                "team_size",
                "overtime",
                "workload"
            ]
        );
        assert!(f[0].blocks_publishing() && f[1].blocks_publishing() && f[2].blocks_publishing());
        assert!(!f[3].blocks_publishing());
        // An absent member's skills do not count.
        let gap = &f[2];
        assert_eq!(
            gap,
            &Flag::SkillGap {
                team: "Team 1".into(),
                order: "CC-2026-00002".into(),
                skills: vec!["groundwork".into()]
            }
        );
        let ok = vec![TeamFacts {
            name: "Team 3".into(),
            members: vec![member("A", &["zaptec"], None), member("B", &[], None)],
            visits: vec![
                ("X".into(), vec!["zaptec".into()], 0),
                ("Y".into(), vec![], 0),
            ],
            overtime_min: 0,
        }];
        assert!(flags(&ok).is_empty());
    }

    fn cand(id: i32, skills: &[&str], week_min: i32) -> Candidate {
        Candidate {
            id,
            skills: skills.iter().map(|s| (*s).to_owned()).collect(),
            week_min,
        }
    }

    fn skills(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn suggested_teams_cover_every_visits_skills_with_the_least_busy_people() {
        let free = [
            cand(1, &["installatie"], 600),
            cand(2, &["installatie", "3-fase"], 1200),
            cand(3, &["installatie"], 0),
            cand(4, &["installatie", "graafwerk"], 300),
            cand(5, &["installatie"], 60),
            cand(6, &["installatie"], 2400),
        ];
        let visits = [
            skills(&["installatie", "3-fase"]),
            skills(&["installatie", "graafwerk"]),
            skills(&["installatie"]),
            skills(&["installatie"]),
            skills(&["installatie", "zonnepanelen"]),
        ];
        // Five visits: two teams.
        let (teams, missing) = suggest_teams(&free, &visits, 0);
        assert_eq!(missing, ["zonnepanelen"], "nobody free has it");
        assert_eq!(teams.len(), 2);
        for t in &teams {
            assert!((2..=3).contains(&t.member_ids.len()), "{t:?}");
        }
        // Every visit's (available) skills are held by one team.
        for need in [&["3-fase"][..], &["graafwerk"][..]] {
            assert!(
                teams
                    .iter()
                    .any(|t| need.iter().all(|s| t.skills.iter().any(|x| x == s))),
                "{need:?} in {teams:?}"
            );
        }
        // Nobody twice; the busiest person (6, 40 h) stays free.
        let mut all: Vec<i32> = teams.iter().flat_map(|t| t.member_ids.clone()).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(
            all.len(),
            teams.iter().map(|t| t.member_ids.len()).sum::<usize>()
        );
        assert!(!all.contains(&6), "{teams:?}");
        // Teams already on the board count.
        assert_eq!(suggest_teams(&free, &visits, 1).0.len(), 1);
        assert!(suggest_teams(&free, &visits, 2).0.is_empty());
        // Too few people for a team of two: no team.
        assert!(suggest_teams(&free[..1], &visits, 0).0.is_empty());
    }

    #[test]
    fn a_day_is_feasible_only_with_skills_windows_shift_and_at_most_three_jobs() {
        let team = |visits: Vec<(&str, &[&str], i32)>, overtime_min: i32| TeamFacts {
            name: "Team 1".into(),
            members: vec![
                member("A", &["three_phase"], None),
                member("B", &["groundwork"], Some("ziek")),
            ],
            visits: visits
                .into_iter()
                .map(|(o, s, late)| (o.to_owned(), skills(s), late))
                .collect(),
            overtime_min,
        };
        assert!(feasible(&team(vec![], 0)));
        // One job is short of work, not infeasible; a small team either.
        assert!(feasible(&team(vec![("X", &["three_phase"], 0)], 0)));
        // The skill of an absent member does not count.
        assert!(!feasible(&team(vec![("X", &["groundwork"], 0)], 0)));
        assert!(!feasible(&team(vec![("X", &[], 1)], 0)));
        assert!(!feasible(&team(vec![("X", &[], 0)], 1)));
        let three: Vec<(&str, &[&str], i32)> = vec![("X", &[], 0), ("Y", &[], 0), ("Z", &[], 0)];
        assert!(feasible(&team(three.clone(), 0)));
        let mut four = three;
        four.push(("W", &[], 0));
        assert!(!feasible(&team(four, 0)));
        // The board's flags are the same check: a feasible day has no
        // breaking flag, an infeasible one names why.
        let late = team(vec![("X", &[], 15)], 0);
        assert_eq!(
            lane_flags(&late)
                .iter()
                .filter(|f| f.breaks_route())
                .map(Flag::code)
                .collect::<Vec<_>>(),
            ["late"]
        );
    }

    #[test]
    fn greener_slots_are_the_cheap_detours() {
        // A customer 100 km out: joining a route that goes there anyway.
        assert!(greener(30.0, 200.0));
        assert!(greener(100.0, 200.0));
        // A trip of its own is not greener, however far.
        assert!(!greener(200.0, 200.0));
        assert!(!greener(120.0, 200.0));
        // Close to the depot every slot is cheap.
        assert!(greener(9.5, 12.0));
        assert!(!greener(11.0, 12.0));
    }

    #[test]
    fn a_slot_is_two_hours_around_the_arrival_inside_the_window() {
        // 09:40 arrival in 08:00–12:00: 09:00–11:00.
        assert_eq!(time_slot(9 * 60 + 40, 8 * 60, 12 * 60), (9 * 60, 11 * 60));
        // On the half hour: 10:30 arrival gives 10:00–12:00.
        assert_eq!(time_slot(10 * 60 + 30, 8 * 60, 17 * 60), (10 * 60, 12 * 60));
        // Early arrival waits for the window: 12:00–14:00.
        assert_eq!(
            time_slot(11 * 60 + 10, 12 * 60, 17 * 60),
            (12 * 60, 14 * 60)
        );
        // Near the window's end the slot ends with it.
        assert_eq!(time_slot(11 * 60 + 20, 8 * 60, 12 * 60), (10 * 60, 12 * 60));
        // A window shorter than a slot: the slot starts with the window.
        assert_eq!(time_slot(9 * 60, 9 * 60, 10 * 60), (9 * 60, 11 * 60));
        for arrive in (7 * 60..16 * 60).step_by(7) {
            let (a, b) = time_slot(arrive, 8 * 60, 17 * 60);
            assert_eq!(b - a, SLOT_MIN);
            assert!(a >= 8 * 60 && b <= 17 * 60, "{arrive}: {a}-{b}");
            assert!(
                arrive.max(8 * 60) >= a && arrive.max(8 * 60) < b,
                "{arrive}: {a}-{b}"
            );
        }
    }
}
