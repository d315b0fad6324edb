//! Rules for the admin's user management, shared by the form (client) and
//! the service (server): who may be invited with which role, and which
//! fields an invitation needs.

use super::brand::looks_like_email;
use super::role::Role;
use serde::{Deserialize, Serialize};

/// A new colleague or partner user, as the admin invites them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteForm {
    pub email: String,
    pub display_name: String,
    /// `Role::as_str`
    pub role: String,
    /// Required for `partner_user`, ignored otherwise.
    pub partner_id: Option<i32>,
    /// `nl` or `en`: the language of the invitation and the app.
    pub locale: String,
}

/// Why a role cannot be given: `role=unknown`, `role=customer_self_service`
/// (customers get their account with their order, not by invitation),
/// `partner=required` (a partner user acts for one partner).
pub fn role_problem(role: &str, partner_id: Option<i32>) -> Option<(String, String)> {
    let pair = |f: &str, c: &str| Some((f.to_owned(), c.to_owned()));
    match role.parse::<Role>() {
        Err(_) => pair("role", "unknown"),
        Ok(Role::Customer) => pair("role", "customer_self_service"),
        Ok(Role::PartnerUser) if partner_id.is_none() => pair("partner", "required"),
        Ok(_) => None,
    }
}

impl InviteForm {
    /// Field errors as `(field, code)`; empty when the invitation may be
    /// sent. Whether the address is taken is the server's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let email = self.email.trim();
        if email.is_empty() {
            out.push(("email".to_owned(), "required".to_owned()));
        } else if !looks_like_email(email) {
            out.push(("email".to_owned(), "email_invalid".to_owned()));
        }
        if self.display_name.trim().is_empty() {
            out.push(("display_name".to_owned(), "required".to_owned()));
        } else if self.display_name.trim().chars().count() > 100 {
            out.push(("display_name".to_owned(), "too_long".to_owned()));
        }
        out.extend(role_problem(&self.role, self.partner_id));
        if !matches!(self.locale.as_str(), "nl" | "en") {
            out.push(("locale".to_owned(), "unknown".to_owned()));
        }
        out
    }
}

/// Error code of a password-reset link that is unknown, used or expired.
pub const RESET_INVALID: &str = "reset_invalid";
/// Error code of a new password shorter than the minimum.
pub const RESET_WEAK: &str = "reset_weak";

#[cfg(test)]
mod tests {
    use super::*;

    fn form(role: &str, partner: Option<i32>) -> InviteForm {
        InviteForm {
            email: "nieuwe.collega@chargecars.nl".into(),
            display_name: "Nieuwe Collega".into(),
            role: role.into(),
            partner_id: partner,
            locale: "nl".into(),
        }
    }

    #[test]
    fn staff_and_partner_users_may_be_invited_customers_not() {
        assert!(form("planner", None).problems().is_empty());
        assert!(form("admin", None).problems().is_empty());
        assert!(form("partner_user", Some(3)).problems().is_empty());
        assert_eq!(
            form("partner_user", None).problems(),
            [("partner".to_owned(), "required".to_owned())]
        );
        assert_eq!(
            form("customer", None).problems(),
            [("role".to_owned(), "customer_self_service".to_owned())]
        );
        assert_eq!(
            form("boss", None).problems(),
            [("role".to_owned(), "unknown".to_owned())]
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let f = InviteForm {
            email: "geen-adres".into(),
            display_name: "  ".into(),
            locale: "de".into(),
            ..form("planner", None)
        };
        assert_eq!(
            f.problems(),
            [
                ("email".to_owned(), "email_invalid".to_owned()),
                ("display_name".to_owned(), "required".to_owned()),
                ("locale".to_owned(), "unknown".to_owned()),
            ]
        );
    }
}
