//! The operational settings an admin may change (spec 000 and 004 #1):
//! how long an order may wait for the customer's site before it goes on
//! hold, in which statuses, and the cancellation fee per stage.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpsSettings {
    /// Days in a site-readiness status before the order goes on hold.
    pub site_readiness_days: i64,
    pub site_readiness_statuses: Vec<String>,
    /// Cents per status an order is cancelled from; missing means free.
    pub cancellation_fees: BTreeMap<String, i64>,
}

impl OpsSettings {
    /// Field errors as `(field, code)`: `days=days_range` (1–365),
    /// `statuses=required`, `fee:<status>=amount_range` (€ 0–10,000).
    /// Whether the statuses exist is the server's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if !(1..=365).contains(&self.site_readiness_days) {
            out.push(("days".to_owned(), "days_range".to_owned()));
        }
        if self.site_readiness_statuses.is_empty() {
            out.push(("statuses".to_owned(), "required".to_owned()));
        }
        for (status, cents) in &self.cancellation_fees {
            if !(0..=1_000_000).contains(cents) {
                out.push((format!("fee:{status}"), "amount_range".to_owned()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        let ok = OpsSettings {
            site_readiness_days: 30,
            site_readiness_statuses: vec!["planning".into()],
            cancellation_fees: BTreeMap::from([("quote_sent".into(), 4_900)]),
        };
        assert!(ok.problems().is_empty());
        let bad = OpsSettings {
            site_readiness_days: 0,
            site_readiness_statuses: vec![],
            cancellation_fees: BTreeMap::from([("quote_sent".into(), -1)]),
        };
        assert_eq!(
            bad.problems(),
            [
                ("days".to_owned(), "days_range".to_owned()),
                ("statuses".to_owned(), "required".to_owned()),
                ("fee:quote_sent".to_owned(), "amount_range".to_owned()),
            ]
        );
    }
}
