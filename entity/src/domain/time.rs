//! Dutch local time (Europe/Amsterdam) without a time-zone database: CET
//! (UTC+1) in winter, CEST (UTC+2) from the last Sunday of March 01:00 UTC
//! to the last Sunday of October 01:00 UTC, as EU rules have it since 1996.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid date");
    let mut d = first_next - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// The UTC offset in force in the Netherlands at `at`.
pub fn amsterdam_offset(at: DateTime<Utc>) -> FixedOffset {
    let y = at.year();
    let start = last_sunday(y, 3)
        .and_hms_opt(1, 0, 0)
        .expect("time")
        .and_utc();
    let end = last_sunday(y, 10)
        .and_hms_opt(1, 0, 0)
        .expect("time")
        .and_utc();
    let hours = if at >= start && at < end { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).expect("offset")
}

pub fn amsterdam(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    amsterdam_offset(at).from_utc_datetime(&at.naive_utc())
}

/// A time of day given in minutes after midnight, as `08:05`.
pub fn clock(minutes: i32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A length of time in minutes, as hours and minutes: `7:05`.
pub fn duration(minutes: i32) -> String {
    let m = minutes.max(0);
    format!("{}:{:02}", m / 60, m % 60)
}

/// `14:05`, Dutch local time.
pub fn local_clock(at: DateTime<Utc>) -> String {
    amsterdam(at).format("%H:%M").to_string()
}

/// The moment `minutes` after midnight of `date` in Dutch local time.
pub fn local_to_utc(date: NaiveDate, minutes: i32) -> DateTime<Utc> {
    let local = date.and_hms_opt(0, 0, 0).expect("midnight") + Duration::minutes(minutes.into());
    // The offset of that moment (a guess two hours early is on the same
    // side of a clock change, which happens at 01:00 UTC, for daytime).
    let guess = (local - Duration::hours(2)).and_utc();
    (local - amsterdam_offset(guess)).and_utc()
}

/// `2026-11-18 14:05`, Dutch local time.
pub fn format_local(at: DateTime<Utc>) -> String {
    amsterdam(at).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_of_day_reads_as_hours_and_minutes() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(8 * 60 + 5), "08:05");
        assert_eq!(clock(19 * 60 + 30), "19:30");
    }

    #[test]
    fn a_local_time_is_the_right_utc_moment_in_winter_and_summer() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            local_to_utc(d(2026, 12, 7), 10 * 60).to_rfc3339(),
            "2026-12-07T09:00:00+00:00"
        );
        assert_eq!(
            local_to_utc(d(2026, 7, 1), 8 * 60 + 30).to_rfc3339(),
            "2026-07-01T06:30:00+00:00"
        );
        // The Sunday of the switch: from 03:00 local it is summer time.
        assert_eq!(
            local_to_utc(d(2026, 3, 29), 9 * 60).to_rfc3339(),
            "2026-03-29T07:00:00+00:00"
        );
        assert_eq!(
            format_local(local_to_utc(d(2026, 10, 25), 14 * 60)),
            "2026-10-25 14:00"
        );
    }

    #[test]
    fn summer_and_winter_time_switch_on_the_eu_dates() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            format_local(utc("2026-11-18T13:05:00Z")),
            "2026-11-18 14:05"
        );
        assert_eq!(
            format_local(utc("2026-07-01T10:00:00Z")),
            "2026-07-01 12:00"
        );
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            format_local(utc("2026-03-29T00:59:00Z")),
            "2026-03-29 01:59"
        );
        assert_eq!(
            format_local(utc("2026-03-29T01:00:00Z")),
            "2026-03-29 03:00"
        );
        assert_eq!(
            format_local(utc("2026-10-25T00:59:00Z")),
            "2026-10-25 02:59"
        );
        assert_eq!(
            format_local(utc("2026-10-25T01:00:00Z")),
            "2026-10-25 02:00"
        );
    }
}
