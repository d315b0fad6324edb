//! Quote rules shared by server and client (000 steps 5–6, the dual quote):
//! which quote status an order status stands for, who acts for which side,
//! and whose approval an order waits for.

use super::role::Role;
use super::workflow::{BOTH_APPROVED, CUSTOMER_APPROVED, PARTNER_APPROVED, QUOTE_SENT};
use super::{Payer, QuoteStatus};

/// The status the newest quote takes when its order enters `order_status`,
/// or `None` when that order status says nothing about the quote.
///
/// The two vocabularies are separate on purpose: a quote is `sent` while
/// its order is `quote_sent`, and a quote may be `revision_requested` or
/// `superseded`, which no order status mirrors.
pub fn quote_status_for(order_status: &str) -> Option<QuoteStatus> {
    match order_status {
        QUOTE_SENT => Some(QuoteStatus::Sent),
        CUSTOMER_APPROVED => Some(QuoteStatus::CustomerApproved),
        PARTNER_APPROVED => Some(QuoteStatus::PartnerApproved),
        BOTH_APPROVED => Some(QuoteStatus::BothApproved),
        _ => None,
    }
}

/// The side of a dual quote a portal user acts for; staff act for nobody.
pub fn side_of(role: Role) -> Option<Payer> {
    match role {
        Role::Customer => Some(Payer::Customer),
        Role::PartnerUser => Some(Payer::Partner),
        _ => None,
    }
}

/// Whose approval an order waits for (000 steps 5–6): the customer while
/// the quote they were sent is open, then the partner who brought the order
/// in until they approved too. A direct sale (no partner) never waits for a
/// partner. `visible` is the status of the newest quote version the
/// customer was sent, if any.
pub fn awaiting_approval(
    order_status: &str,
    has_partner: bool,
    visible: Option<QuoteStatus>,
    partner_approved: bool,
) -> Option<Payer> {
    match (order_status, visible) {
        (QUOTE_SENT, Some(QuoteStatus::Sent)) => Some(Payer::Customer),
        (CUSTOMER_APPROVED, Some(_)) if has_partner && !partner_approved => Some(Payer::Partner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::{IN_PROGRESS, QUOTE_DRAFT};

    #[test]
    fn quote_status_follows_only_the_approval_statuses() {
        assert_eq!(quote_status_for(QUOTE_SENT), Some(QuoteStatus::Sent));
        assert_eq!(
            quote_status_for(CUSTOMER_APPROVED),
            Some(QuoteStatus::CustomerApproved)
        );
        assert_eq!(
            quote_status_for(PARTNER_APPROVED),
            Some(QuoteStatus::PartnerApproved)
        );
        assert_eq!(
            quote_status_for(BOTH_APPROVED),
            Some(QuoteStatus::BothApproved)
        );
        assert_eq!(quote_status_for(QUOTE_DRAFT), None);
        assert_eq!(quote_status_for(IN_PROGRESS), None);
    }

    #[test]
    fn only_customers_and_partner_users_act_for_a_side() {
        let sides: Vec<_> = Role::ALL.iter().map(|r| (*r, side_of(*r))).collect();
        for (role, side) in sides {
            let expected = match role {
                Role::Customer => Some(Payer::Customer),
                Role::PartnerUser => Some(Payer::Partner),
                _ => None,
            };
            assert_eq!(side, expected, "{role}");
        }
    }

    #[test]
    fn the_customer_decides_first_then_the_partner() {
        use QuoteStatus::*;
        assert_eq!(
            awaiting_approval(QUOTE_SENT, true, Some(Sent), false),
            Some(Payer::Customer)
        );
        // A revision was asked for: nobody is asked to approve the old version.
        assert_eq!(
            awaiting_approval(QUOTE_SENT, true, Some(RevisionRequested), false),
            None
        );
        // Not sent yet.
        assert_eq!(awaiting_approval(QUOTE_SENT, true, None, false), None);
        assert_eq!(
            awaiting_approval(CUSTOMER_APPROVED, true, Some(CustomerApproved), false),
            Some(Payer::Partner)
        );
        assert_eq!(
            awaiting_approval(CUSTOMER_APPROVED, true, Some(CustomerApproved), true),
            None
        );
        // A direct sale has no partner to wait for.
        assert_eq!(
            awaiting_approval(CUSTOMER_APPROVED, false, Some(CustomerApproved), false),
            None
        );
        assert_eq!(
            awaiting_approval(BOTH_APPROVED, true, Some(BothApproved), true),
            None
        );
    }
}
