//! The one authorisation layer. Every server function and every HTTP route
//! asks `authorize` before it reads or changes anything; the rules are here
//! and nowhere else.

use entity::domain::{Portal, Role};
use entity::dto::CurrentUser;

/// Something a caller wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open a portal's pages and call its server functions.
    OpenPortal(Portal),
    /// Move orders through the workflow (the kanban board).
    ManagePipeline,
    /// Enter a new lead (ops) or submit one (a partner, as its own).
    SubmitLead,
    /// Read one order, given who it belongs to.
    ReadOrder {
        partner_id: Option<i32>,
        end_customer_contact_id: i32,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in: sign in first.
    Unauthenticated,
    /// Signed in, but not allowed: 403.
    Forbidden,
    /// Staff who have not yet passed (or set up) their second factor.
    MfaRequired,
}

pub fn authorize(user: Option<&CurrentUser>, action: Action) -> Result<(), Denied> {
    let user = user.ok_or(Denied::Unauthenticated)?;
    if user.pending_mfa.is_some() {
        return Err(Denied::MfaRequired);
    }
    let allowed = match action {
        Action::OpenPortal(portal) => user.role.can_open(portal),
        Action::ManagePipeline => {
            matches!(user.role, Role::Admin | Role::OpsManager | Role::Planner)
        }
        Action::SubmitLead => match user.role {
            Role::Admin | Role::OpsManager | Role::Planner => true,
            Role::PartnerUser => user.partner_id.is_some(),
            Role::Customer | Role::Technician => false,
        },
        Action::ReadOrder {
            partner_id,
            end_customer_contact_id,
        } => match user.role {
            Role::Admin | Role::OpsManager | Role::Planner => true,
            // A partner sees the orders it brought in, and only those.
            Role::PartnerUser => user.partner_id.is_some() && user.partner_id == partner_id,
            // A customer sees their own orders, and only those.
            Role::Customer => user.contact_id == Some(end_customer_contact_id),
            // Technicians see orders through their visits (technician app).
            Role::Technician => false,
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::dto::MfaStep;

    fn user(role: Role, partner_id: Option<i32>, contact_id: Option<i32>) -> CurrentUser {
        CurrentUser {
            user_id: 1,
            email: "x@example.nl".into(),
            display_name: "X".into(),
            role,
            partner_id,
            contact_id,
            pending_mfa: None,
        }
    }

    #[test]
    fn staff_half_way_through_sign_in_may_do_nothing() {
        for step in [MfaStep::Verify, MfaStep::Enrol] {
            let mut admin = user(Role::Admin, None, None);
            admin.pending_mfa = Some(step);
            for portal in Portal::ALL {
                assert_eq!(
                    authorize(Some(&admin), Action::OpenPortal(portal)),
                    Err(Denied::MfaRequired)
                );
            }
            assert_eq!(
                authorize(
                    Some(&admin),
                    Action::ReadOrder {
                        partner_id: None,
                        end_customer_contact_id: 1
                    }
                ),
                Err(Denied::MfaRequired)
            );
        }
    }

    #[test]
    fn nobody_signed_in_is_unauthenticated() {
        assert_eq!(
            authorize(None, Action::OpenPortal(Portal::Customer)),
            Err(Denied::Unauthenticated)
        );
    }

    #[test]
    fn portals_follow_the_roles() {
        // Every role and every portal is in the hand-written table.
        assert_eq!(crate::testing::PORTAL_MATRIX.len(), Role::ALL.len());
        for (role, row) in crate::testing::PORTAL_MATRIX {
            let u = user(role, Some(1), Some(1));
            assert_eq!(row.len(), Portal::ALL.len());
            for (portal, allowed) in row {
                let expected = if allowed {
                    Ok(())
                } else {
                    Err(Denied::Forbidden)
                };
                assert_eq!(
                    authorize(Some(&u), Action::OpenPortal(portal)),
                    expected,
                    "{role} {portal:?}"
                );
            }
        }
    }

    #[test]
    fn partners_and_customers_only_see_their_own_orders() {
        let order_of_a = Action::ReadOrder {
            partner_id: Some(1),
            end_customer_contact_id: 10,
        };
        let direct_order = Action::ReadOrder {
            partner_id: None,
            end_customer_contact_id: 10,
        };
        let partner_a = user(Role::PartnerUser, Some(1), None);
        let partner_b = user(Role::PartnerUser, Some(2), None);
        let orphan_partner = user(Role::PartnerUser, None, None);
        assert_eq!(authorize(Some(&partner_a), order_of_a), Ok(()));
        assert_eq!(
            authorize(Some(&partner_b), order_of_a),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&orphan_partner), direct_order),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&partner_a), direct_order),
            Err(Denied::Forbidden)
        );

        let customer_x = user(Role::Customer, None, Some(10));
        let customer_y = user(Role::Customer, None, Some(11));
        assert_eq!(authorize(Some(&customer_x), order_of_a), Ok(()));
        assert_eq!(
            authorize(Some(&customer_y), order_of_a),
            Err(Denied::Forbidden)
        );

        for staff in [Role::Admin, Role::OpsManager, Role::Planner] {
            assert_eq!(
                authorize(Some(&user(staff, None, None)), order_of_a),
                Ok(())
            );
        }
        assert_eq!(
            authorize(Some(&user(Role::Technician, None, None)), order_of_a),
            Err(Denied::Forbidden)
        );
    }
}
