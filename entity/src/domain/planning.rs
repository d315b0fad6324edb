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

/// Every flag of a day, in a stable order.
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
    }
    out
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
}
