//! The admin's partner records: what the form and the service both check,
//! and how a partner's onboarding may move.

use super::brand::looks_like_email;
use super::kinds::{OnboardingStatus, PartnerType};
use serde::{Deserialize, Serialize};

/// A partner organisation as the admin edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerForm {
    pub name: String,
    pub email: String,
    /// Empty when unknown.
    pub phone: String,
    /// `PartnerType`
    pub partner_type: String,
    /// `OnboardingStatus`
    pub onboarding_status: String,
    /// The partner's own commission in basis points; 0 means the standard
    /// margin of its type applies.
    pub commission_bp: i32,
    pub commission_terms: String,
}

/// The highest commission a contract may give: 50 %.
pub const MAX_COMMISSION_BP: i32 = 5_000;

/// Where onboarding may go from `from`: invited → onboarding → active, and
/// any stage may be suspended; a suspended partner returns to active (or to
/// onboarding when it never finished). Staying put is always allowed.
pub fn onboarding_allowed(from: OnboardingStatus, to: OnboardingStatus) -> bool {
    use OnboardingStatus::*;
    from == to
        || matches!(
            (from, to),
            (Invited, Onboarding)
                | (Onboarding, Active)
                | (Invited | Onboarding | Active, Suspended)
                | (Suspended, Active | Onboarding)
        )
}

impl PartnerForm {
    /// Field errors as `(field, code)`. Whether the onboarding move is
    /// allowed needs the stored status: see `onboarding_allowed`.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |f: &str, c: &str| out.push((f.to_owned(), c.to_owned()));
        if self.name.trim().is_empty() {
            push("name", "required");
        } else if self.name.trim().chars().count() > 120 {
            push("name", "too_long");
        }
        if self.email.trim().is_empty() {
            push("email", "required");
        } else if !looks_like_email(self.email.trim()) {
            push("email", "email_invalid");
        }
        let phone = self.phone.trim();
        if !phone.is_empty()
            && (phone.chars().filter(char::is_ascii_digit).count() < 9
                || !phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-()".contains(c)))
        {
            push("phone", "phone_invalid");
        }
        if self.partner_type.parse::<PartnerType>().is_err() {
            push("partner_type", "unknown");
        }
        if self.onboarding_status.parse::<OnboardingStatus>().is_err() {
            push("onboarding_status", "unknown");
        }
        if !(0..=MAX_COMMISSION_BP).contains(&self.commission_bp) {
            push("commission_bp", "margin_range");
        }
        if self.commission_terms.chars().count() > 500 {
            push("commission_terms", "too_long");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OnboardingStatus::*;

    #[test]
    fn onboarding_moves_forward_and_may_be_suspended() {
        assert!(onboarding_allowed(Invited, Onboarding));
        assert!(onboarding_allowed(Onboarding, Active));
        assert!(onboarding_allowed(Active, Suspended));
        assert!(onboarding_allowed(Suspended, Active));
        assert!(onboarding_allowed(Active, Active));
        assert!(
            !onboarding_allowed(Invited, Active),
            "onboarding comes first"
        );
        assert!(!onboarding_allowed(Active, Invited));
        assert!(!onboarding_allowed(Active, Onboarding));
    }

    #[test]
    fn partner_fields_are_checked() {
        let ok = PartnerForm {
            name: "Vattenfall".into(),
            email: "partners@vattenfall.nl".into(),
            phone: "+31 20 123 4567".into(),
            partner_type: "energy_supplier".into(),
            onboarding_status: "invited".into(),
            commission_bp: 800,
            commission_terms: "8 % van de orderwaarde".into(),
        };
        assert!(ok.problems().is_empty());
        let bad = PartnerForm {
            name: "".into(),
            email: "geen".into(),
            phone: "12ab".into(),
            partner_type: "bank".into(),
            onboarding_status: "sleeping".into(),
            commission_bp: 9_000,
            commission_terms: String::new(),
        };
        let fields: Vec<String> = bad
            .problems()
            .into_iter()
            .map(|(f, c)| format!("{f}={c}"))
            .collect();
        assert_eq!(
            fields,
            [
                "name=required",
                "email=email_invalid",
                "phone=phone_invalid",
                "partner_type=unknown",
                "onboarding_status=unknown",
                "commission_bp=margin_range"
            ]
        );
    }
}
