//! The timed messages of 001 ("Time-Based Triggers" and "Escalation
//! Triggers") as data: what starts each one, which template it sends, to
//! whom, how long after (or before) and whether the order moving on stops
//! it. Each business entity can switch one off or change its time (admin
//! page "Berichtregels"); these are the defaults, and the one place the
//! server and that page read them from.

use super::workflow::{COMPLETED, CUSTOMER_APPROVED, INTAKE_SENT, QUOTE_SENT};

/// What a timed message counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The order entering this status (a hold that resumes into it does not
    /// count again).
    Entered(&'static str),
    /// The start of the installation appointment: the message goes out this
    /// long before it, and moves with it.
    BeforeVisit,
}

/// Who receives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    Customer,
    /// The order's partner (orders without one skip it).
    Partner,
    /// Every active ops manager: a task for a person, such as a call.
    OpsManagers,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub key: &'static str,
    /// What it does, for the admin page.
    pub label: &'static str,
    pub anchor: Anchor,
    /// The template kind it sends (`super::templates`).
    pub kind: &'static str,
    pub to: Recipient,
    /// The default time from the anchor, in hours.
    pub hours: i32,
    /// Whether the order leaving the anchor's status cancels it if it has
    /// not gone out yet (an answered quote needs no reminder).
    pub ends_when_left: bool,
}

use Anchor::*;
use Recipient::*;

const fn t(
    key: &'static str,
    label: &'static str,
    anchor: Anchor,
    kind: &'static str,
    to: Recipient,
    hours: i32,
    ends_when_left: bool,
) -> Trigger {
    Trigger {
        key,
        label,
        anchor,
        kind,
        to,
        hours,
        ends_when_left,
    }
}

/// Every timed message, in the order the admin page lists them.
#[rustfmt::skip]
pub const TRIGGERS: &[Trigger] = &[
    t("reminder_48h", "Herinnering afspraak per e-mail", BeforeVisit, "appointment_reminder_48h", Customer, 48, false),
    t("reminder_24h", "Herinnering afspraak per sms", BeforeVisit, "appointment_reminder_24h", Customer, 24, false),
    t("reminder_2h", "Herinnering afspraak per WhatsApp", BeforeVisit, "appointment_reminder_2h", Customer, 2, false),
    t("intake_no_response_sms", "Intake niet ingevuld: sms aan de klant", Entered(INTAKE_SENT), "intake_reminder", Customer, 48, true),
    t("intake_no_response_call", "Intake niet ingevuld: klant bellen", Entered(INTAKE_SENT), "no_response_escalation", OpsManagers, 72, true),
    t("quote_follow_up", "Offerte niet beantwoord: herinnering aan de klant", Entered(QUOTE_SENT), "quote_follow_up", Customer, 72, true),
    t("quote_call", "Offerte niet beantwoord: klant bellen", Entered(QUOTE_SENT), "no_response_escalation", OpsManagers, 168, true),
    t("partner_no_response", "Partner keurt niet goed: escalatie aan de partner", Entered(CUSTOMER_APPROVED), "partner_approval_reminder", Partner, 24, true),
    t("survey", "Tevredenheidsonderzoek na de installatie", Entered(COMPLETED), "survey", Customer, 7 * 24, false),
    t("annual_checkup", "Jaarlijkse controle", Entered(COMPLETED), "annual_checkup", Customer, 365 * 24, false),
];

/// The trigger with this key.
pub fn find(key: &str) -> Option<&'static Trigger> {
    TRIGGERS.iter().find(|t| t.key == key)
}

/// The most hours a timed message may wait: two years after its status, a
/// week before an appointment.
pub fn max_hours(anchor: Anchor) -> i32 {
    match anchor {
        Entered(_) => 2 * 366 * 24,
        BeforeVisit => 7 * 24,
    }
}

/// Why these hours cannot be used for this trigger, as an error code.
pub fn check_hours(t: &Trigger, hours: i32) -> Result<(), &'static str> {
    if hours < 1 || hours > max_hours(t.anchor) {
        return Err("out_of_range");
    }
    Ok(())
}

/// One entity's setting of a trigger: whether it runs, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    pub trigger: &'static Trigger,
    pub enabled: bool,
    pub hours: i32,
}

impl Timing {
    pub fn default_of(trigger: &'static Trigger) -> Self {
        Self {
            trigger,
            enabled: true,
            hours: trigger.hours,
        }
    }
}

/// Every trigger at its default.
pub fn defaults() -> Vec<Timing> {
    TRIGGERS.iter().map(Timing::default_of).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::templates;

    #[test]
    fn every_trigger_sends_a_known_kind_to_its_audience_within_its_range() {
        let mut keys: Vec<_> = TRIGGERS.iter().map(|t| t.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TRIGGERS.len(), "keys are unique");
        for t in TRIGGERS {
            let kind = templates::find(t.kind).unwrap_or_else(|| panic!("{}", t.key));
            let audience = match t.to {
                Customer => templates::Audience::Customer,
                Partner => templates::Audience::Partner,
                OpsManagers => templates::Audience::Staff,
            };
            assert_eq!(kind.audience, audience, "{}", t.key);
            assert_eq!(check_hours(t, t.hours), Ok(()), "{}", t.key);
        }
    }

    #[test]
    fn hours_outside_the_range_are_refused() {
        let reminder = find("reminder_2h").unwrap();
        assert_eq!(check_hours(reminder, 0), Err("out_of_range"));
        assert_eq!(check_hours(reminder, 168), Ok(()));
        assert_eq!(check_hours(reminder, 169), Err("out_of_range"));
        let survey = find("survey").unwrap();
        assert_eq!(check_hours(survey, 365 * 24), Ok(()));
        assert_eq!(check_hours(survey, -5), Err("out_of_range"));
    }

    #[test]
    fn the_defaults_are_001s() {
        let h = |k: &str| find(k).unwrap().hours;
        assert_eq!(
            (h("reminder_48h"), h("reminder_24h"), h("reminder_2h")),
            (48, 24, 2)
        );
        assert_eq!((h("quote_follow_up"), h("quote_call")), (72, 168));
        assert_eq!(
            (h("intake_no_response_sms"), h("intake_no_response_call")),
            (48, 72)
        );
        assert_eq!(h("partner_no_response"), 24);
        assert_eq!((h("survey"), h("annual_checkup")), (168, 8760));
    }
}
