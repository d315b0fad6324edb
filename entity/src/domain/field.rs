//! The technician's visit, as commands the field app records (issue 19,
//! 002 "FIELD TECHNICIAN MOBILE APP"): each action is stored on the phone
//! first with an id the phone makes (a UUID), sent when there is a
//! connection, and applied by the server exactly once, however often it
//! arrives. The rules here are checked by the app before it queues a
//! command and by the server before it applies one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One thing a technician did at a visit, as the phone queued it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldCommand {
    /// Made by the phone (a UUID, 36 characters); the server keeps each
    /// id once and answers a repeat with the first answer.
    pub id: String,
    pub visit_id: i32,
    /// The day the technician's app showed the visit on (`YYYY-MM-DD`): a
    /// visit that ops moved meanwhile is a conflict, not silently applied.
    pub planned_date: String,
    /// When the technician did it, by the phone's clock (RFC 3339).
    pub done_at: String,
    pub action: FieldAction,
}

/// The steps of a visit, in the order the app offers them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum FieldAction {
    /// "Onderweg": the customer is told the team is coming, with an ETA.
    OnTheWay { eta_min: i32 },
    /// Arrived at the address; GPS when the technician allowed it.
    Arrived { lat: Option<f64>, lng: Option<f64> },
    /// The pre-visit checklist (`PRE_CHECKLIST` codes ticked).
    PreChecklist { checked: Vec<String> },
    /// Installation checklist (`domain::pipeline::CHECKLIST`) and the EV
    /// commissioning (seed 004 #18).
    Commissioning {
        checked: Vec<String>,
        data: Commissioning,
    },
    /// The materials used: the order's lines and extras.
    Materials { used: Vec<MaterialUse> },
    /// The visit cannot be finished: the order goes on hold.
    Issue { code: String, note: String },
    /// The customer signs; the order is completed (and invoiced).
    Complete {
        signed_by_name: String,
        signature: String,
    },
    /// The technician starts a break (their own, not the team's); kept
    /// with the visit they are at or going to.
    BreakStart,
    /// The break ends.
    BreakEnd,
}

impl FieldAction {
    /// The stored kind, e.g. `on_the_way`.
    pub fn kind(&self) -> &'static str {
        match self {
            FieldAction::OnTheWay { .. } => "on_the_way",
            FieldAction::Arrived { .. } => "arrived",
            FieldAction::PreChecklist { .. } => "pre_checklist",
            FieldAction::Commissioning { .. } => "commissioning",
            FieldAction::Materials { .. } => "materials",
            FieldAction::Issue { .. } => "issue",
            FieldAction::Complete { .. } => "complete",
            FieldAction::BreakStart => "break_start",
            FieldAction::BreakEnd => "break_end",
        }
    }
}

/// The charger as it was left: load balancing, the OCPP pairing, the test
/// charge, the RCD test and the serial numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Commissioning {
    /// Maximum current the load balancer gives the charger, in amperes.
    pub load_balancing_amps: i32,
    /// The charge point id the backend knows the charger by.
    pub charge_point_id: String,
    /// The OCPP backend (`ws://` or `wss://`).
    pub backend_url: String,
    /// The backend confirmed the charger (a boot notification came in).
    pub paired: bool,
    /// A test charge ran, in kWh delivered.
    pub test_charge_kwh: f64,
    /// RCD trip time at the rated residual current, in milliseconds.
    pub rcd_trip_ms: i32,
    /// RCD trip current, in milliamperes.
    pub rcd_trip_ma: i32,
    /// One serial number per charger installed.
    pub serials: Vec<String>,
}

/// A material used at the visit: a product of the order (`product_id`) or
/// an extra by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaterialUse {
    pub product_id: Option<i32>,
    pub name: String,
    pub quantity: i32,
}

/// The most commands one sync may carry; the app sends the rest next.
pub const MAX_BATCH: usize = 100;

/// The pre-visit checklist (002 "Pre-Visit Checklist").
pub const PRE_CHECKLIST: [&str; 4] = [
    "site_safe",
    "meter_cabinet_checked",
    "route_agreed_with_customer",
    "materials_complete",
];

/// Why a visit cannot be finished; each puts the order on hold with its
/// reason, for ops to act on.
pub const ISSUE_CODES: [&str; 6] = [
    "no_power",
    "wrong_cabinet",
    "customer_absent",
    "unsafe_site",
    "missing_material",
    "other",
];

/// Photo phases, in the order of the visit.
pub const PHOTO_PHASES: [&str; 5] = [
    "before",
    "meter_cabinet",
    "cable_route",
    "charger_mounted",
    "finished",
];

/// The largest RCD trip time a 30 mA type A device may take at its rated
/// current (NEN 1010 / IEC 61008: 300 ms).
pub const RCD_MAX_TRIP_MS: i32 = 300;

/// What is wrong with a command, as field codes the app shows next to the
/// field (empty: it may be sent). `chargers` is the number the order has.
pub fn problems(action: &FieldAction, chargers: i32) -> Vec<&'static str> {
    let mut out = Vec::new();
    match action {
        FieldAction::OnTheWay { eta_min } => {
            if !(0..=24 * 60).contains(eta_min) {
                out.push("eta_min");
            }
        }
        FieldAction::Arrived { lat, lng } => {
            if lat.is_some() != lng.is_some()
                || lat.is_some_and(|v| !(-90.0..=90.0).contains(&v))
                || lng.is_some_and(|v| !(-180.0..=180.0).contains(&v))
            {
                out.push("position");
            }
        }
        FieldAction::PreChecklist { checked } => {
            if PRE_CHECKLIST
                .iter()
                .any(|c| !checked.iter().any(|x| x == c))
            {
                out.push("checklist");
            }
        }
        FieldAction::Commissioning { checked, data } => {
            if super::pipeline::CHECKLIST
                .iter()
                .any(|c| !checked.iter().any(|x| x == c))
            {
                out.push("checklist");
            }
            if !(6..=80).contains(&data.load_balancing_amps) {
                out.push("load_balancing_amps");
            }
            if data.charge_point_id.trim().is_empty() || data.charge_point_id.len() > 64 {
                out.push("charge_point_id");
            }
            let url = data.backend_url.trim();
            let host = url
                .strip_prefix("wss://")
                .or_else(|| url.strip_prefix("ws://"))
                .unwrap_or("");
            if host.is_empty() || host.starts_with('/') || url.contains(char::is_whitespace) {
                out.push("backend_url");
            }
            if !data.paired {
                out.push("paired");
            }
            if !(data.test_charge_kwh > 0.0 && data.test_charge_kwh < 200.0) {
                out.push("test_charge_kwh");
            }
            if !(1..=RCD_MAX_TRIP_MS).contains(&data.rcd_trip_ms) {
                out.push("rcd_trip_ms");
            }
            if !(1..=1000).contains(&data.rcd_trip_ma) {
                out.push("rcd_trip_ma");
            }
            let serials: Vec<&str> = data
                .serials
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            let mut unique = serials.clone();
            unique.sort_unstable();
            unique.dedup();
            if serials.len() != chargers.max(1) as usize || unique.len() != serials.len() {
                out.push("serials");
            }
        }
        FieldAction::Materials { used } => {
            if used.iter().any(|m| {
                m.name.trim().is_empty() || m.name.len() > 120 || !(1..=999).contains(&m.quantity)
            }) {
                out.push("materials");
            }
        }
        FieldAction::Issue { code, note } => {
            if !ISSUE_CODES.contains(&code.as_str()) {
                out.push("code");
            }
            if code == "other" && note.trim().is_empty() || note.len() > 1000 {
                out.push("note");
            }
        }
        FieldAction::Complete {
            signed_by_name,
            signature,
        } => {
            if signed_by_name.trim().is_empty() {
                out.push("signed_by_name");
            }
            if signature.trim().len() < 10 {
                out.push("signature");
            }
        }
        FieldAction::BreakStart | FieldAction::BreakEnd => {}
    }
    out
}

/// Whether `id` looks like the UUID a phone makes (8-4-4-4-12 hex).
pub fn is_command_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The server's answer to one command; a repeat gets the same answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FieldReply {
    /// Applied (now, or the first time it arrived).
    Applied { id: String },
    /// Not applied because the visit changed meanwhile; `code` says how
    /// (`visit_moved`, `visit_cancelled`, `not_your_visit`,
    /// `order_not_in_progress`, `already_completed`, `photos_missing`), for
    /// the technician in plain words. It stays in the app's list until the
    /// technician has read it.
    Conflict { id: String, code: String },
    /// The command itself is wrong (field codes from `problems`).
    Invalid { id: String, fields: Vec<String> },
}

impl FieldReply {
    pub fn id(&self) -> &str {
        match self {
            FieldReply::Applied { id }
            | FieldReply::Conflict { id, .. }
            | FieldReply::Invalid { id, .. } => id,
        }
    }
}

/// One timed step of a technician's day: `kind` is a `FieldAction::kind`
/// (`on_the_way`, `arrived`, `complete`, `issue`, `break_start`,
/// `break_end`; others are ignored) at the phone's time.
#[derive(Clone, Debug, PartialEq)]
pub struct Clocked {
    pub visit_id: i32,
    pub kind: String,
    pub at: DateTime<Utc>,
}

/// A technician's day by the clock (002 "Time Tracking"): driving from
/// "on the way" to "arrived", on site from "arrived" to the sign-off or
/// the reported problem, breaks from start to end. The day runs from the
/// first step to the last; worked is that span less the breaks; overtime
/// is worked beyond the shift.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timesheet {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub driving_min: i32,
    pub on_site_min: i32,
    pub break_min: i32,
    pub worked_min: i32,
    pub overtime_min: i32,
    /// A break was started and not ended.
    pub on_break: bool,
    /// Per visit, in the order of the day: (visit id, driving, on site).
    pub visits: Vec<(i32, i32, i32)>,
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> i32 {
    ((to - from).num_seconds().max(0) / 60) as i32
}

/// Adds up a day's timed steps. A step sent twice counts once: the first
/// "on the way" and "arrived" of a visit and its last finish are used.
pub fn timesheet(steps: &[Clocked], shift_min: i32) -> Timesheet {
    let mut steps: Vec<&Clocked> = steps.iter().collect();
    steps.sort_by_key(|c| c.at);
    let mut out = Timesheet::default();
    let timed = |k: &str| {
        matches!(
            k,
            "on_the_way" | "arrived" | "complete" | "issue" | "break_start" | "break_end"
        )
    };
    let timed_steps: Vec<&&Clocked> = steps.iter().filter(|c| timed(&c.kind)).collect();
    out.start = timed_steps.first().map(|c| c.at);
    out.end = timed_steps.last().map(|c| c.at);
    let mut visits: Vec<i32> = Vec::new();
    for c in &steps {
        if matches!(
            c.kind.as_str(),
            "on_the_way" | "arrived" | "complete" | "issue"
        ) && !visits.contains(&c.visit_id)
        {
            visits.push(c.visit_id);
        }
    }
    for v in visits {
        let first = |k: &str| {
            steps
                .iter()
                .find(|c| c.visit_id == v && c.kind == k)
                .map(|c| c.at)
        };
        let finished = steps
            .iter()
            .rev()
            .find(|c| c.visit_id == v && (c.kind == "complete" || c.kind == "issue"))
            .map(|c| c.at);
        let arrived = first("arrived");
        let driving = match (first("on_the_way"), arrived) {
            (Some(a), Some(b)) => minutes(a, b),
            _ => 0,
        };
        let on_site = match (arrived, finished) {
            (Some(a), Some(b)) => minutes(a, b),
            _ => 0,
        };
        out.driving_min += driving;
        out.on_site_min += on_site;
        out.visits.push((v, driving, on_site));
    }
    let mut open: Option<DateTime<Utc>> = None;
    for c in &steps {
        match c.kind.as_str() {
            "break_start" if open.is_none() => open = Some(c.at),
            "break_end" => {
                if let Some(from) = open.take() {
                    out.break_min += minutes(from, c.at);
                }
            }
            _ => {}
        }
    }
    out.on_break = open.is_some();
    if let (Some(a), Some(b)) = (out.start, out.end) {
        out.worked_min = (minutes(a, b) - out.break_min).max(0);
    }
    out.overtime_min = (out.worked_min - shift_min).max(0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commissioning() -> FieldAction {
        FieldAction::Commissioning {
            checked: super::super::pipeline::CHECKLIST
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            data: Commissioning {
                load_balancing_amps: 16,
                charge_point_id: "CC-ZAP-000123".into(),
                backend_url: "wss://ocpp.chargecars.nl/ocpp".into(),
                paired: true,
                test_charge_kwh: 1.2,
                rcd_trip_ms: 24,
                rcd_trip_ma: 30,
                serials: vec!["ZAP123456".into()],
            },
        }
    }

    #[test]
    fn commissioning_needs_every_value_within_its_range() {
        assert!(problems(&commissioning(), 1).is_empty());
        // Two chargers need two different serial numbers.
        assert_eq!(problems(&commissioning(), 2), ["serials"]);
        let FieldAction::Commissioning { checked, mut data } = commissioning() else {
            unreachable!()
        };
        data.serials = vec!["A1".into(), "A1".into()];
        assert_eq!(
            problems(
                &FieldAction::Commissioning {
                    checked: checked.clone(),
                    data: data.clone()
                },
                2
            ),
            ["serials"]
        );
        data.backend_url = "https://ocpp.example".into();
        data.rcd_trip_ms = 450;
        data.paired = false;
        data.load_balancing_amps = 0;
        assert_eq!(
            problems(
                &FieldAction::Commissioning {
                    checked: checked[1..].to_vec(),
                    data
                },
                2
            ),
            [
                "checklist",
                "load_balancing_amps",
                "backend_url",
                "paired",
                "rcd_trip_ms",
                "serials"
            ]
        );
    }

    #[test]
    fn issues_have_a_known_code_and_other_needs_words() {
        let issue = |code: &str, note: &str| FieldAction::Issue {
            code: code.into(),
            note: note.into(),
        };
        assert!(problems(&issue("no_power", ""), 1).is_empty());
        assert_eq!(problems(&issue("other", " "), 1), ["note"]);
        assert_eq!(problems(&issue("bored", "x"), 1), ["code"]);
    }

    #[test]
    fn command_ids_are_uuids() {
        assert!(is_command_id("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!is_command_id("0f8fad5b-d9cb-469f-a165-70867728950"));
        assert!(!is_command_id("1; DROP TABLE visits"));
        assert!(!is_command_id(""));
    }

    #[test]
    fn commands_travel_as_tagged_json() {
        let c = FieldCommand {
            id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            visit_id: 7,
            planned_date: "2026-12-07".into(),
            done_at: "2026-12-07T08:10:00Z".into(),
            action: FieldAction::OnTheWay { eta_min: 25 },
        };
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["action"]["step"], "on_the_way");
        assert_eq!(serde_json::from_value::<FieldCommand>(json).unwrap(), c);
    }

    fn at(v: i32, kind: &str, hh: u32, mm: u32) -> Clocked {
        use chrono::TimeZone;
        Clocked {
            visit_id: v,
            kind: kind.into(),
            at: Utc.with_ymd_and_hms(2026, 12, 7, hh, mm, 0).unwrap(),
        }
    }

    #[test]
    fn a_day_adds_up_driving_on_site_breaks_and_overtime() {
        let day = [
            at(1, "on_the_way", 7, 30),
            at(1, "arrived", 8, 10),
            at(1, "pre_checklist", 8, 15),
            at(1, "complete", 11, 40),
            // Sent twice (a second "on the way" by the team mate): the
            // first counts.
            at(2, "on_the_way", 12, 0),
            at(2, "on_the_way", 12, 5),
            at(2, "break_start", 12, 30),
            at(2, "break_end", 13, 0),
            at(2, "arrived", 13, 20),
            at(2, "issue", 14, 0),
            at(3, "on_the_way", 14, 10),
            at(3, "arrived", 14, 50),
            at(3, "complete", 17, 10),
        ];
        let t = timesheet(&day, 8 * 60);
        assert_eq!(t.driving_min, 40 + 80 + 40);
        assert_eq!(t.on_site_min, 210 + 40 + 140);
        assert_eq!(t.break_min, 30);
        // 07:30 to 17:10 is 580 min, less the break.
        assert_eq!(t.worked_min, 550);
        assert_eq!(t.overtime_min, 70);
        assert!(!t.on_break);
        assert_eq!(t.visits, [(1, 40, 210), (2, 80, 40), (3, 40, 140)]);
        // Order of arrival does not matter; an open break is shown as such.
        let mut shuffled = day.to_vec();
        shuffled.reverse();
        shuffled.push(at(3, "break_start", 17, 15));
        let u = timesheet(&shuffled, 10 * 60);
        assert_eq!((u.driving_min, u.on_site_min), (160, 390));
        assert!(u.on_break);
        assert_eq!(u.overtime_min, 0);
        assert_eq!(u.worked_min, 555);
        assert_eq!(timesheet(&[], 480), Timesheet::default());
    }
}
