//! Service cases after the installation (issue 17; seed 004 #3 and #13):
//! what a customer can report, the small workflow a case goes through, the
//! SLA of each step, and the warranty of installed products. The customer's
//! form and ops' page use the same lists.

use chrono::{DateTime, Months, NaiveDate, Utc};

/// What a customer can report.
pub const CATEGORIES: [&str; 5] = [
    "not_charging",
    "error_code",
    "damage",
    "app_connection",
    "other",
];

/// A case's statuses, in order.
pub const STATUSES: [&str; 4] = ["new", "triage", "visit_planned", "resolved"];

/// The kinds of case: a service request, or a claim under warranty.
pub const KINDS: [&str; 2] = ["service", "warranty"];

/// Photos per case.
pub const MAX_PHOTOS: usize = 4;

/// Description length (characters).
pub const DESCRIPTION: std::ops::RangeInclusive<usize> = 10..=2000;

/// Where a case may go from `from`: on through the steps (a visit is
/// optional), or resolved from any open step.
pub fn may_move(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        ("new", "triage")
            | ("new", "resolved")
            | ("triage", "visit_planned")
            | ("triage", "resolved")
            | ("visit_planned", "resolved")
    )
}

/// Hours the step that starts with `status` may take: a first answer
/// within a working day, a decision within three, the visit within ten.
pub fn sla_hours(status: &str) -> Option<i64> {
    match status {
        "new" => Some(24),
        "triage" => Some(72),
        "visit_planned" => Some(240),
        _ => None,
    }
}

/// When a warranty of `months` from `installed` ends (the last day it
/// covers).
pub fn warranty_until(installed: NaiveDate, months: i32) -> NaiveDate {
    installed
        .checked_add_months(Months::new(months.max(0) as u32))
        .unwrap_or(installed)
        .pred_opt()
        .unwrap_or(installed)
}

/// Whether a warranty ending `until` still covers a claim made `now`.
pub fn under_warranty(until: NaiveDate, now: DateTime<Utc>) -> bool {
    now.date_naive() <= until
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_moves_forward_or_is_resolved() {
        assert!(may_move("new", "triage"));
        assert!(may_move("triage", "visit_planned"));
        assert!(may_move("visit_planned", "resolved"));
        assert!(may_move("new", "resolved"));
        assert!(!may_move("resolved", "new"));
        assert!(!may_move("new", "visit_planned"));
        assert!(!may_move("triage", "triage"));
        assert_eq!(sla_hours("new"), Some(24));
        assert_eq!(sla_hours("resolved"), None);
    }

    #[test]
    fn a_warranty_runs_the_months_from_the_installation() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(warranty_until(d(2024, 1, 31), 36), d(2027, 1, 30));
        assert_eq!(warranty_until(d(2024, 3, 1), 24), d(2026, 2, 28));
        let now = d(2026, 12, 4).and_hms_opt(12, 0, 0).unwrap().and_utc();
        assert!(under_warranty(d(2026, 12, 4), now));
        assert!(!under_warranty(d(2026, 12, 3), now));
    }
}
