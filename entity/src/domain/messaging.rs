//! The communication policies of 001 ("Communication Policies"), as pure
//! rules: when a message may go out (quiet hours per channel, in Dutch local
//! time), how many non-transactional messages a contact gets a week, and no
//! duplicate within 24 hours. The outbox applies them when a message is
//! queued; the customer's preferences page shows the same hours.

use super::time::{amsterdam, amsterdam_offset};
use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};

/// A channel messages go out on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Sms,
    WhatsApp,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::WhatsApp => "whatsapp",
        }
    }

    /// The hours (local, from–until) it may send in; e-mail sends 24/7.
    pub fn sending_hours(self) -> Option<(u32, u32)> {
        match self {
            Channel::Email => None,
            Channel::Sms => Some((8, 20)),
            Channel::WhatsApp => Some((8, 22)),
        }
    }

    /// Non-transactional messages a contact may get in 7 days.
    pub fn weekly_cap(self) -> Option<usize> {
        match self {
            Channel::Email => Some(3),
            Channel::Sms => Some(2),
            Channel::WhatsApp => None,
        }
    }
}

impl std::str::FromStr for Channel {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "email" => Ok(Channel::Email),
            "sms" => Ok(Channel::Sms),
            "whatsapp" => Ok(Channel::WhatsApp),
            _ => Err(()),
        }
    }
}

/// A phone number as SMS and WhatsApp providers take it (E.164, `+31612345678`),
/// if it can receive them: a Dutch mobile number (06…, +316…, 00316…) or any
/// foreign number in international form. Landlines and garbage give `None`.
pub fn mobile_number(raw: &str) -> Option<String> {
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let international = if let Some(rest) = compact.strip_prefix('+') {
        rest.to_owned()
    } else if let Some(rest) = compact.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(rest) = compact.strip_prefix('0') {
        format!("31{rest}")
    } else {
        return None;
    };
    if !international.chars().all(|c| c.is_ascii_digit())
        || !(8..=15).contains(&international.len())
    {
        return None;
    }
    match international.strip_prefix("31") {
        Some(nl) if !(nl.len() == 9 && nl.starts_with('6')) => None,
        _ => Some(format!("+{international}")),
    }
}

/// What kind of message it is, for the policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// About the customer's own order or account: no cap, but quiet hours.
    Transactional,
    /// Transactional and cannot wait (a technician on the way, an
    /// appointment moved today): no cap, no quiet hours.
    Urgent,
    /// Everything else (surveys, check-ups, offers): capped, and only with
    /// the contact's consent.
    Marketing,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Transactional => "transactional",
            Class::Urgent => "urgent",
            Class::Marketing => "marketing",
        }
    }
}

impl std::str::FromStr for Class {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "transactional" => Ok(Class::Transactional),
            "urgent" => Ok(Class::Urgent),
            "marketing" => Ok(Class::Marketing),
            _ => Err(()),
        }
    }
}

/// A message sent (or due) to the same contact, for the cap and dedupe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earlier {
    pub channel: Channel,
    pub class: Class,
    /// The kind of message (`quote_sent_customer`, …).
    pub kind: String,
    /// Equal for the same message (kind, subject and text).
    pub dedupe_key: String,
    pub at: DateTime<Utc>,
}

/// What to do with a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Send it at this time (the due time, or the next sending hour).
    SendAt(DateTime<Utc>),
    /// Do not send it, for this reason: `duplicate` or `weekly_cap`.
    Suppress(&'static str),
}

/// How long the same message is not sent again.
pub const DEDUPE_WINDOW: Duration = Duration::hours(24);

/// The first moment at or after `due` when `channel` may send a message of
/// `class`: urgent ones at once, others moved out of quiet hours to the
/// start of the next sending window (Dutch local time).
pub fn release_time(channel: Channel, class: Class, due: DateTime<Utc>) -> DateTime<Utc> {
    let Some((from, until)) = channel.sending_hours() else {
        return due;
    };
    if class == Class::Urgent {
        return due;
    }
    let local = amsterdam(due);
    let hour = local.hour();
    if (from..until).contains(&hour) {
        return due;
    }
    let day = if hour >= until {
        local.date_naive() + Duration::days(1)
    } else {
        local.date_naive()
    };
    let start = day.and_time(NaiveTime::from_hms_opt(from, 0, 0).expect("hour"));
    // The offset of that morning (a guess an hour early is on the same side
    // of a clock change, which happens at 01:00 UTC).
    let guess = (start - Duration::hours(2)).and_utc();
    (start - amsterdam_offset(guess)).and_utc()
}

/// The policy for one message to a contact, given what they got before:
/// a repeat of the latest message of its kind within `DEDUPE_WINDOW` is
/// suppressed (a change and its undoing are two messages), a marketing
/// message over the channel's weekly cap too; anything else goes out at
/// `release_time`.
pub fn decide(
    channel: Channel,
    class: Class,
    kind: &str,
    dedupe_key: &str,
    due: DateTime<Utc>,
    earlier: &[Earlier],
) -> Verdict {
    let latest_of_kind = earlier
        .iter()
        .filter(|e| e.kind == kind && e.channel == channel)
        .max_by_key(|e| e.at);
    if latest_of_kind
        .is_some_and(|e| e.dedupe_key == dedupe_key && (due - e.at).abs() < DEDUPE_WINDOW)
    {
        return Verdict::Suppress("duplicate");
    }
    if class == Class::Marketing {
        if let Some(cap) = channel.weekly_cap() {
            let this_week = earlier
                .iter()
                .filter(|e| e.channel == channel && e.class == Class::Marketing)
                .filter(|e| e.at > due - Duration::days(7) && e.at <= due)
                .count();
            if this_week >= cap {
                return Verdict::Suppress("weekly_cap");
            }
        }
    }
    Verdict::SendAt(release_time(channel, class, due))
}

/// How soon a customer's or partner's message needs an answer (001
/// "Priority Matrix"): urgent within an hour, high within four, normal
/// within a day, low within two days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    Urgent,
    High,
    Normal,
    Low,
}

/// Words in a message that make it urgent (001 "Negative Sentiment":
/// complaints and problems are an alert).
pub const ALERT_WORDS: [&str; 9] = [
    "klacht",
    "probleem",
    "complaint",
    "problem",
    "kapot",
    "storing",
    "lekkage",
    "gevaar",
    "boos",
];

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Normal,
        Priority::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "urgent",
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The time an answer may take.
    pub fn response_time(self) -> Duration {
        Duration::hours(match self {
            Priority::Urgent => 1,
            Priority::High => 4,
            Priority::Normal => 24,
            Priority::Low => 48,
        })
    }

    /// The priority a thread gets until an agent sets one: urgent when an
    /// unanswered message names a complaint or a problem, high for a
    /// partner's order (001 "VIP Handling"), else normal.
    pub fn suggested<'a>(
        partner_order: bool,
        unanswered: impl IntoIterator<Item = &'a str>,
    ) -> Priority {
        let alert = unanswered.into_iter().any(|text| {
            let lower = text.to_lowercase();
            ALERT_WORDS.iter().any(|w| lower.contains(w))
        });
        if alert {
            Priority::Urgent
        } else if partner_order {
            Priority::High
        } else {
            Priority::Normal
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_thread_s_priority_follows_001_s_matrix() {
        assert_eq!(
            Priority::suggested(false, ["Wanneer komen jullie?"]),
            Priority::Normal
        );
        assert_eq!(
            Priority::suggested(true, ["Wanneer komen jullie?"]),
            Priority::High
        );
        assert_eq!(
            Priority::suggested(true, ["Ik heb een KLACHT over de monteur"]),
            Priority::Urgent
        );
        assert_eq!(
            Priority::suggested(false, ["De laadpaal geeft een storing"]),
            Priority::Urgent
        );
        assert_eq!(Priority::suggested(false, []), Priority::Normal);
        let hours: Vec<i64> = Priority::ALL
            .iter()
            .map(|p| p.response_time().num_hours())
            .collect();
        assert_eq!(hours, [1, 4, 24, 48]);
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
        assert_eq!(Priority::parse("asap"), None);
    }

    use super::*;

    #[test]
    fn only_numbers_that_can_receive_texts_are_mobile_numbers() {
        for (raw, want) in [
            ("06 1234 5678", Some("+31612345678")),
            ("+31 6-12345678", Some("+31612345678")),
            ("0031612345678", Some("+31612345678")),
            ("(06) 12.34.56.78", Some("+31612345678")),
            ("+32470123456", Some("+32470123456")),
            ("033 123 4567", None),
            ("+31331234567", None),
            ("0612345", None),
            ("06-1234-567x", None),
            ("", None),
        ] {
            assert_eq!(mobile_number(raw).as_deref(), want, "{raw}");
        }
    }
    use chrono::TimeZone;

    /// A Dutch local time on a winter day (UTC+1) or a summer day (UTC+2).
    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        let naive = chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap();
        let offset = amsterdam_offset((naive - Duration::hours(2)).and_utc());
        offset
            .from_local_datetime(&naive)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn quiet_hours_move_messages_to_the_next_sending_window() {
        use Channel::*;
        use Class::*;
        let table = [
            // channel, class, due (local), goes out (local)
            (
                Sms,
                Transactional,
                local(2026, 12, 7, 21, 30),
                local(2026, 12, 8, 8, 0),
            ),
            (
                Sms,
                Transactional,
                local(2026, 12, 7, 6, 15),
                local(2026, 12, 7, 8, 0),
            ),
            (
                Sms,
                Transactional,
                local(2026, 12, 7, 19, 59),
                local(2026, 12, 7, 19, 59),
            ),
            (
                Sms,
                Transactional,
                local(2026, 12, 7, 20, 0),
                local(2026, 12, 8, 8, 0),
            ),
            (
                WhatsApp,
                Transactional,
                local(2026, 12, 7, 21, 30),
                local(2026, 12, 7, 21, 30),
            ),
            (
                WhatsApp,
                Marketing,
                local(2026, 12, 7, 22, 5),
                local(2026, 12, 8, 8, 0),
            ),
            (
                Email,
                Marketing,
                local(2026, 12, 7, 3, 0),
                local(2026, 12, 7, 3, 0),
            ),
            (
                Sms,
                Urgent,
                local(2026, 12, 7, 21, 30),
                local(2026, 12, 7, 21, 30),
            ),
            // Summer time: still 08:00 local.
            (
                Sms,
                Transactional,
                local(2026, 7, 1, 23, 0),
                local(2026, 7, 2, 8, 0),
            ),
            // Over a clock change (25 October 2026, 03:00 → 02:00).
            (
                Sms,
                Transactional,
                local(2026, 10, 24, 22, 0),
                local(2026, 10, 25, 8, 0),
            ),
        ];
        for (channel, class, due, expected) in table {
            assert_eq!(
                release_time(channel, class, due),
                expected,
                "{channel:?} {class:?} due {}",
                amsterdam(due)
            );
        }
        assert_eq!(
            amsterdam(local(2026, 10, 25, 8, 0))
                .format("%H:%M")
                .to_string(),
            "08:00"
        );
    }

    /// An earlier message whose kind is its key up to the `:`.
    fn earlier(channel: Channel, class: Class, key: &str, at: DateTime<Utc>) -> Earlier {
        Earlier {
            channel,
            class,
            kind: key.split(':').next().unwrap_or(key).into(),
            dedupe_key: key.into(),
            at,
        }
    }

    #[test]
    fn caps_and_duplicates() {
        use Channel::*;
        use Class::*;
        let now = local(2026, 12, 7, 10, 0);
        let h = Duration::hours;
        let marketing_mails = |n: usize| -> Vec<Earlier> {
            (0..n)
                .map(|i| {
                    earlier(
                        Email,
                        Marketing,
                        &format!("survey:{i}"),
                        now - h(30 * (i as i64 + 1)),
                    )
                })
                .collect()
        };
        /// What, channel, class, dedupe key, history, verdict.
        type Case<'a> = (&'a str, Channel, Class, &'a str, Vec<Earlier>, Verdict);
        let table: Vec<Case> = vec![
            (
                "first",
                Email,
                Marketing,
                "survey:9",
                vec![],
                Verdict::SendAt(now),
            ),
            (
                "two this week",
                Email,
                Marketing,
                "survey:9",
                marketing_mails(2),
                Verdict::SendAt(now),
            ),
            (
                "three this week",
                Email,
                Marketing,
                "survey:9",
                marketing_mails(3),
                Verdict::Suppress("weekly_cap"),
            ),
            (
                "older than a week does not count",
                Email,
                Marketing,
                "survey:9",
                vec![
                    earlier(Email, Marketing, "a", now - h(200)),
                    earlier(Email, Marketing, "b", now - h(190)),
                    earlier(Email, Marketing, "c", now - h(170)),
                ],
                Verdict::SendAt(now),
            ),
            (
                "transactional is never capped",
                Email,
                Transactional,
                "quote_sent:7",
                marketing_mails(5),
                Verdict::SendAt(now),
            ),
            (
                "two sms a week",
                Sms,
                Marketing,
                "offer:1",
                vec![
                    earlier(Sms, Marketing, "a", now - h(20)),
                    earlier(Sms, Marketing, "b", now - h(40)),
                ],
                Verdict::Suppress("weekly_cap"),
            ),
            (
                "e-mails do not count for the sms cap",
                Sms,
                Marketing,
                "offer:1",
                marketing_mails(3),
                Verdict::SendAt(now),
            ),
            (
                "the same message within a day",
                Email,
                Transactional,
                "quote_sent:7",
                vec![earlier(Email, Transactional, "quote_sent:7", now - h(23))],
                Verdict::Suppress("duplicate"),
            ),
            (
                "the same message a day later",
                Email,
                Transactional,
                "quote_sent:7",
                vec![earlier(Email, Transactional, "quote_sent:7", now - h(25))],
                Verdict::SendAt(now),
            ),
            (
                "a change and its undoing are two messages",
                Email,
                Transactional,
                "visit_moved:monday",
                vec![
                    earlier(Email, Transactional, "visit_moved:monday", now - h(5)),
                    earlier(Email, Transactional, "visit_moved:tuesday", now - h(2)),
                ],
                Verdict::SendAt(now),
            ),
            (
                "a duplicate due soon after",
                Sms,
                Urgent,
                "on_the_way:7",
                vec![earlier(Sms, Urgent, "on_the_way:7", now + h(1))],
                Verdict::Suppress("duplicate"),
            ),
        ];
        for (what, channel, class, key, history, expected) in table {
            let kind = key.split(':').next().unwrap();
            assert_eq!(
                decide(channel, class, kind, key, now, &history),
                expected,
                "{what}"
            );
        }
    }
}
