//! Partner commission (issue 20; 002 "Revenue Tracking" and "Partner
//! Revenue Analytics"): the rules both the partner portal and the server
//! need.
//!
//! - A partner earns its commission on an invoice when the customer has paid
//!   it. The commission belongs to the month (Amsterdam time) of that
//!   payment: the statement of `2026-11` lists the invoices paid in
//!   November.
//! - A month's statement can be paid out once the month is over; ChargeCars
//!   pays it by the 15th of the next month ([`payable_by`]).
//! - Until the customer pays, the commission is pending.

use super::time::{amsterdam, local_to_utc};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The day of the next month by which a statement is paid out.
pub const PAY_DAY: u32 = 15;

/// The statement month of a payment made at `at`: `2026-11`.
pub fn period_of(at: DateTime<Utc>) -> String {
    amsterdam(at).format("%Y-%m").to_string()
}

/// `2026-11` as its first day; `None` for anything else.
pub fn parse_period(period: &str) -> Option<NaiveDate> {
    let (y, m) = period.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

fn next_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("first of a month")
}

/// The month before `period` (`2026-01` → `2025-12`).
pub fn previous_period(period: &str) -> Option<String> {
    let first = parse_period(period)?;
    let last_of_previous = first.pred_opt()?;
    Some(last_of_previous.format("%Y-%m").to_string())
}

/// The UTC instants that bound a month in Amsterdam: `[start, end)`.
pub fn bounds(period: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let first = parse_period(period)?;
    Some((local_to_utc(first, 0), local_to_utc(next_month(first), 0)))
}

/// Whether the month is over at `now`, so its statement is final.
pub fn is_closed(period: &str, now: DateTime<Utc>) -> bool {
    bounds(period).is_some_and(|(_, end)| end <= now)
}

/// The date by which a month's commission is paid out.
pub fn payable_by(period: &str) -> Option<NaiveDate> {
    let first = parse_period(period)?;
    next_month(first).with_day(PAY_DAY)
}

/// The month's name for a statement: `november 2026`.
pub fn period_label(period: &str) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    match parse_period(period) {
        Some(d) => format!("{} {}", MONTHS[d.month0() as usize], d.year()),
        None => period.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_payment_belongs_to_its_amsterdam_month() {
        // 23:30 UTC on 30 November is already 1 December in Amsterdam.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).unwrap();
        assert_eq!(period_of(late), "2026-12");
        let early = Utc.with_ymd_and_hms(2026, 11, 30, 22, 30, 0).unwrap();
        assert_eq!(period_of(early), "2026-11");
        let (start, end) = bounds("2026-11").unwrap();
        assert!(start <= early && early < end);
        assert!(late >= end);
        // Summer time: the month starts at 22:00 UTC the day before.
        let (start, _) = bounds("2026-07").unwrap();
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 6, 30, 22, 0, 0).unwrap());
    }

    #[test]
    fn months_close_and_are_paid_by_the_fifteenth() {
        let now = Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap();
        assert!(is_closed("2026-11", now));
        assert!(!is_closed("2026-12", now));
        assert_eq!(payable_by("2026-12"), NaiveDate::from_ymd_opt(2027, 1, 15));
        assert_eq!(previous_period("2026-01").as_deref(), Some("2025-12"));
        assert_eq!(period_label("2026-03"), "maart 2026");
    }

    #[test]
    fn only_a_year_and_month_are_a_period() {
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-1",
            "26-11",
            "2026-11-01",
            "abcd-ef",
        ] {
            assert!(parse_period(bad).is_none(), "{bad}");
            assert!(bounds(bad).is_none(), "{bad}");
        }
    }
}
