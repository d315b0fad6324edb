//! The operational settings an admin may change (spec 000 and 004 #1):
//! how long an order may wait for the customer's site before it goes on
//! hold, in which statuses, the cancellation fee per stage, and how the
//! route optimiser searches (how long, and for what).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpsSettings {
    /// Days in a site-readiness status before the order goes on hold.
    pub site_readiness_days: i64,
    pub site_readiness_statuses: Vec<String>,
    /// Cents per status an order is cancelled from; missing means free.
    pub cancellation_fees: BTreeMap<String, i64>,
    /// Seconds the route optimiser searches (1–60).
    #[serde(default = "default_budget")]
    pub optimise_budget_secs: i64,
    /// What the route optimiser minimises after serving every visit.
    #[serde(default)]
    pub optimise_goal: OptimiseGoal,
}

/// The optimiser's search time when none is set.
pub const DEFAULT_OPTIMISE_BUDGET_SECS: i64 = 5;

fn default_budget() -> i64 {
    DEFAULT_OPTIMISE_BUDGET_SECS
}

/// What the route optimiser minimises once every visit it can serve is
/// served: the kilometres driven (the default; the number of teams used
/// only breaks ties), or vrp's cost of time and distance with as few teams
/// as possible.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimiseGoal {
    #[default]
    Distance,
    Cost,
}

impl OptimiseGoal {
    pub const ALL: [OptimiseGoal; 2] = [OptimiseGoal::Distance, OptimiseGoal::Cost];

    pub fn as_str(self) -> &'static str {
        match self {
            OptimiseGoal::Distance => "distance",
            OptimiseGoal::Cost => "cost",
        }
    }

    pub fn parse(s: &str) -> Option<OptimiseGoal> {
        OptimiseGoal::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

impl OpsSettings {
    /// Field errors as `(field, code)`: `days=days_range` (1–365),
    /// `statuses=required`, `fee:<status>=amount_range` (€ 0–10,000),
    /// `budget=budget_range` (1–60 seconds).
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
        if !(1..=60).contains(&self.optimise_budget_secs) {
            out.push(("budget".to_owned(), "budget_range".to_owned()));
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
            optimise_budget_secs: 5,
            optimise_goal: OptimiseGoal::Distance,
        };
        assert!(ok.problems().is_empty());
        let bad = OpsSettings {
            site_readiness_days: 0,
            site_readiness_statuses: vec![],
            cancellation_fees: BTreeMap::from([("quote_sent".into(), -1)]),
            optimise_budget_secs: 61,
            optimise_goal: OptimiseGoal::Cost,
        };
        assert_eq!(
            bad.problems(),
            [
                ("days".to_owned(), "days_range".to_owned()),
                ("statuses".to_owned(), "required".to_owned()),
                ("fee:quote_sent".to_owned(), "amount_range".to_owned()),
                ("budget".to_owned(), "budget_range".to_owned()),
            ]
        );
    }
}
