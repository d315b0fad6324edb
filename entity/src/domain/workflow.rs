//! The order status workflow of spec 000, as data. One definition per
//! business entity is possible (issue: admin workflow editor); this is the
//! default one, taken literally from 000's `order_statuses` table.
//!
//! Statuses are plain strings in the database so that a configured workflow
//! can add its own; the constants below name the default ones.

use serde::{Deserialize, Serialize};

pub const NEW_LEAD: &str = "new_lead";
pub const INTAKE_SENT: &str = "intake_sent";
pub const INTAKE_COMPLETED: &str = "intake_completed";
pub const QUOTE_DRAFT: &str = "quote_draft";
pub const QUOTE_READY: &str = "quote_ready";
pub const QUOTE_SENT: &str = "quote_sent";
pub const CUSTOMER_APPROVED: &str = "customer_approved";
pub const PARTNER_APPROVED: &str = "partner_approved";
pub const BOTH_APPROVED: &str = "both_approved";
pub const PLANNING: &str = "planning";
pub const SCHEDULED: &str = "scheduled";
pub const IN_PROGRESS: &str = "in_progress";
pub const COMPLETED: &str = "completed";
pub const CANCELLED: &str = "cancelled";
pub const ON_HOLD: &str = "on_hold";

/// Statuses in which an order's visits may be planned, by hand or by the
/// planning board's optimiser.
pub const PLANNABLE: [&str; 2] = [BOTH_APPROVED, PLANNING];

/// One status of a workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDef {
    pub code: String,
    /// What people see, for statuses the app has no translation of (a
    /// configured workflow's own); the code is shown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Statuses this one may move to. `on_hold` resumes to the status it
    /// came from, which is not listed here (see `Workflow::allowed_next`).
    pub next: Vec<String>,
    /// Hours an order may stay in this status; `None` means no SLA.
    pub sla_hours: Option<u32>,
    pub is_final: bool,
    pub requires_reason: bool,
    /// A hold status resumes to whatever status preceded it.
    pub resumes_previous: bool,
    /// The kanban column (a `pipeline::Column` slug) orders in this status
    /// are shown in; `None` takes the default of `Workflow::column_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workflow {
    pub initial: String,
    pub statuses: Vec<StatusDef>,
    /// Moves the system makes by itself (003's "status automatik").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub automatic: Vec<AutoTransition>,
}

/// A move the system makes without a person: when `trigger` happens to an
/// order in `from`, it moves to `to`. It must also be an allowed move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoTransition {
    pub from: String,
    pub to: String,
    pub trigger: Trigger,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    /// Something reported from outside, by name: "credit_check_approved",
    /// "contract_signed", "rental_expired".
    Event { name: String },
    /// The order has been in `from` for this many hours.
    After { hours: u32 },
}

fn def(code: &str, next: &[&str], sla_hours: Option<u32>) -> StatusDef {
    StatusDef {
        code: code.to_owned(),
        label: None,
        next: next.iter().map(|s| (*s).to_owned()).collect(),
        sla_hours,
        is_final: false,
        requires_reason: false,
        resumes_previous: false,
        column: None,
    }
}

impl Workflow {
    /// Spec 000's table, status for status.
    pub fn default_order_workflow() -> Workflow {
        let mut statuses = vec![
            def(NEW_LEAD, &[INTAKE_SENT, CANCELLED], Some(24)),
            def(INTAKE_SENT, &[INTAKE_COMPLETED, CANCELLED], Some(168)),
            def(INTAKE_COMPLETED, &[QUOTE_DRAFT, ON_HOLD], Some(24)),
            def(QUOTE_DRAFT, &[QUOTE_READY, ON_HOLD], Some(48)),
            def(QUOTE_READY, &[QUOTE_SENT, ON_HOLD], Some(2)),
            def(
                QUOTE_SENT,
                &[CUSTOMER_APPROVED, CANCELLED, ON_HOLD],
                Some(168),
            ),
            def(
                CUSTOMER_APPROVED,
                &[PARTNER_APPROVED, BOTH_APPROVED, ON_HOLD],
                Some(24),
            ),
            def(PARTNER_APPROVED, &[BOTH_APPROVED, ON_HOLD], Some(24)),
            def(BOTH_APPROVED, &[PLANNING, ON_HOLD], Some(48)),
            def(PLANNING, &[SCHEDULED, ON_HOLD], Some(72)),
            def(SCHEDULED, &[IN_PROGRESS, ON_HOLD], None),
            def(IN_PROGRESS, &[COMPLETED, ON_HOLD], None),
            def(COMPLETED, &[], None),
            def(CANCELLED, &[], None),
            def(ON_HOLD, &[], None),
        ];
        for s in &mut statuses {
            match s.code.as_str() {
                COMPLETED => s.is_final = true,
                CANCELLED => {
                    s.is_final = true;
                    s.requires_reason = true;
                }
                ON_HOLD => {
                    s.requires_reason = true;
                    s.resumes_previous = true;
                }
                _ => {}
            }
        }
        Workflow {
            initial: NEW_LEAD.to_owned(),
            statuses,
            automatic: Vec::new(),
        }
    }

    /// 000's workflow, built once: for code that only reads it (every
    /// order of an entity without its own follows it).
    pub fn standard() -> &'static Workflow {
        static STANDARD: std::sync::LazyLock<Workflow> =
            std::sync::LazyLock::new(Workflow::default_order_workflow);
        &STANDARD
    }

    pub fn status(&self, code: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.code == code)
    }

    /// # Panics
    /// When there is no such status (for building workflows in code).
    pub fn status_mut(&mut self, code: &str) -> &mut StatusDef {
        self.statuses
            .iter_mut()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no status {code}"))
    }

    /// Where an order in `current` may go. For a hold status that is the
    /// status it was put on hold from (`before_hold`).
    pub fn allowed_next(&self, current: &str, before_hold: Option<&str>) -> Vec<String> {
        match self.status(current) {
            Some(s) if s.resumes_previous => {
                before_hold.map(|b| vec![b.to_owned()]).unwrap_or_default()
            }
            Some(s) => s.next.clone(),
            None => Vec::new(),
        }
    }

    pub fn can_move(&self, from: &str, to: &str, before_hold: Option<&str>) -> bool {
        self.allowed_next(from, before_hold).iter().any(|s| s == to)
    }

    pub fn sla_hours(&self, code: &str) -> Option<u32> {
        self.status(code).and_then(|s| s.sla_hours)
    }

    /// The label of a status: its own, else its code.
    pub fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.status(code)
            .and_then(|s| s.label.as_deref())
            .unwrap_or(code)
    }

    /// Where event `name` moves an order in `current`, if anywhere.
    pub fn on_event(&self, current: &str, name: &str) -> Option<&str> {
        self.automatic
            .iter()
            .find(|a| {
                a.from == current && matches!(&a.trigger, Trigger::Event { name: n } if n == name)
            })
            .map(|a| a.to.as_str())
    }

    /// Where the clock moves an order that has been in `current` for
    /// `hours_in_status` hours, if anywhere (the shortest due timer wins).
    pub fn due_timer(&self, current: &str, hours_in_status: i64) -> Option<&str> {
        self.automatic
            .iter()
            .filter_map(|a| match a.trigger {
                Trigger::After { hours }
                    if a.from == current && hours_in_status >= i64::from(hours) =>
                {
                    Some((hours, a.to.as_str()))
                }
                _ => None,
            })
            .min_by_key(|(h, _)| *h)
            .map(|(_, to)| to)
    }

    /// Columns for drawing the workflow left to right: each status sits
    /// one column after the furthest status that leads to it, ignoring the
    /// moves that go back (found by a depth-first walk from the initial
    /// status). Statuses the walk cannot reach go in column 0. Returned in
    /// the order of `statuses`, with the row within each column.
    pub fn diagram_layout(&self) -> Vec<(usize, usize)> {
        let n = self.statuses.len();
        let index = |code: &str| self.statuses.iter().position(|s| s.code == code);
        // Forward edges only: drop an edge that closes a cycle.
        let mut forward: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
        let mut order: Vec<usize> = Vec::new(); // post-order
        fn walk(
            wf: &Workflow,
            at: usize,
            state: &mut [u8],
            forward: &mut [Vec<usize>],
            order: &mut Vec<usize>,
        ) {
            state[at] = 1;
            for next in &wf.statuses[at].next {
                let Some(j) = wf.statuses.iter().position(|s| &s.code == next) else {
                    continue;
                };
                match state[j] {
                    0 => {
                        forward[at].push(j);
                        walk(wf, j, state, forward, order);
                    }
                    2 => forward[at].push(j),
                    _ => {} // back to a status on the stack: a cycle
                }
            }
            state[at] = 2;
            order.push(at);
        }
        if let Some(start) = index(&self.initial) {
            walk(self, start, &mut state, &mut forward, &mut order);
        }
        let mut column = vec![0usize; n];
        for &i in order.iter().rev() {
            for &j in &forward[i] {
                column[j] = column[j].max(column[i] + 1);
            }
        }
        let mut rows_used: Vec<usize> = Vec::new();
        column
            .into_iter()
            .map(|c| {
                if rows_used.len() <= c {
                    rows_used.resize(c + 1, 0);
                }
                rows_used[c] += 1;
                (c, rows_used[c] - 1)
            })
            .collect()
    }

    /// What is wrong with a workflow, as `code:status` problems; empty
    /// when it can be used. Checked before a workflow is saved:
    /// `duplicate`, `unknown_initial`, `unknown_next:<from>><to>`,
    /// `final_has_next`, `unreachable`, `no_way_to_final`, `no_final`,
    /// `auto_not_allowed:<from>><to>`, `auto_unnamed:<from>`,
    /// `auto_needs_reason:<to>`, `auto_twice:<from>:<event>`,
    /// `unknown_column:<status>`.
    pub fn problems(&self) -> Vec<String> {
        use std::collections::{BTreeSet, VecDeque};
        let mut out = Vec::new();
        let codes: BTreeSet<&str> = self.statuses.iter().map(|s| s.code.as_str()).collect();
        if codes.len() != self.statuses.len() {
            out.push("duplicate".to_owned());
        }
        if self.status(&self.initial).is_none() {
            out.push(format!("unknown_initial:{}", self.initial));
        }
        if !self.statuses.iter().any(|s| s.is_final) {
            out.push("no_final".to_owned());
        }
        for s in &self.statuses {
            for n in &s.next {
                if !codes.contains(n.as_str()) {
                    out.push(format!("unknown_next:{}>{n}", s.code));
                }
            }
            if s.is_final && !s.next.is_empty() {
                out.push(format!("final_has_next:{}", s.code));
            }
        }
        // Reachable from the initial status.
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut queue: VecDeque<&str> = VecDeque::from([self.initial.as_str()]);
        while let Some(c) = queue.pop_front() {
            if !seen.insert(c) {
                continue;
            }
            if let Some(s) = self.status(c) {
                queue.extend(s.next.iter().map(String::as_str));
            }
        }
        for s in &self.statuses {
            if !seen.contains(s.code.as_str()) {
                out.push(format!("unreachable:{}", s.code));
            }
        }
        // Every status can still end: a final status is reachable from it
        // (a hold status resumes where it came from, so it ends as that one does).
        for s in &self.statuses {
            if s.is_final || s.resumes_previous {
                continue;
            }
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            let mut queue: VecDeque<&str> = VecDeque::from([s.code.as_str()]);
            let mut ends = false;
            while let Some(c) = queue.pop_front() {
                if !seen.insert(c) {
                    continue;
                }
                match self.status(c) {
                    Some(x) if x.is_final => {
                        ends = true;
                        break;
                    }
                    Some(x) => queue.extend(x.next.iter().map(String::as_str)),
                    None => {}
                }
            }
            if !ends {
                out.push(format!("no_way_to_final:{}", s.code));
            }
        }
        // Automatic moves are ordinary allowed moves, made by the system,
        // which cannot give a reason.
        let mut events = BTreeSet::new();
        for a in &self.automatic {
            if !self.can_move(&a.from, &a.to, None) {
                out.push(format!("auto_not_allowed:{}>{}", a.from, a.to));
            }
            if self.status(&a.to).is_some_and(|s| s.requires_reason) {
                out.push(format!("auto_needs_reason:{}", a.to));
            }
            if let Trigger::Event { name } = &a.trigger {
                if name.trim().is_empty() {
                    out.push(format!("auto_unnamed:{}", a.from));
                } else if !events.insert((a.from.as_str(), name.as_str())) {
                    out.push(format!("auto_twice:{}:{name}", a.from));
                }
            }
        }
        for s in &self.statuses {
            if s.column
                .as_deref()
                .is_some_and(|c| super::pipeline::Column::from_slug(c).is_none())
            {
                out.push(format!("unknown_column:{}", s.code));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_fifteen_statuses_of_spec_000() {
        let wf = Workflow::default_order_workflow();
        assert_eq!(wf.statuses.len(), 15);
        assert_eq!(wf.initial, NEW_LEAD);
        let finals: Vec<&str> = wf
            .statuses
            .iter()
            .filter(|s| s.is_final)
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(finals, [COMPLETED, CANCELLED]);
        let reasons: Vec<&str> = wf
            .statuses
            .iter()
            .filter(|s| s.requires_reason)
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(reasons, [CANCELLED, ON_HOLD]);
    }

    #[test]
    fn sla_hours_follow_spec_000() {
        let wf = Workflow::default_order_workflow();
        for (code, hours) in [
            (NEW_LEAD, Some(24)),
            (INTAKE_SENT, Some(168)),
            (INTAKE_COMPLETED, Some(24)),
            (QUOTE_DRAFT, Some(48)),
            (QUOTE_READY, Some(2)),
            (QUOTE_SENT, Some(168)),
            (CUSTOMER_APPROVED, Some(24)),
            (PARTNER_APPROVED, Some(24)),
            (BOTH_APPROVED, Some(48)),
            (PLANNING, Some(72)),
            (SCHEDULED, None),
            (IN_PROGRESS, None),
        ] {
            assert_eq!(wf.sla_hours(code), hours, "{code}");
        }
    }

    #[test]
    fn on_hold_resumes_only_to_where_it_came_from() {
        let wf = Workflow::default_order_workflow();
        assert!(wf.can_move(PLANNING, ON_HOLD, None));
        assert!(wf.can_move(ON_HOLD, PLANNING, Some(PLANNING)));
        assert!(!wf.can_move(ON_HOLD, SCHEDULED, Some(PLANNING)));
        assert!(wf.allowed_next(ON_HOLD, None).is_empty());
    }

    #[test]
    fn the_default_workflow_is_valid_and_broken_ones_are_named() {
        assert!(Workflow::default_order_workflow().problems().is_empty());
        let mut wf = Workflow::default_order_workflow();
        // A status nobody can reach, one that cannot end, a final with a next.
        wf.statuses.push(def("archived", &[], None));
        wf.statuses.push(def("limbo", &["limbo"], None));
        wf.status_mut(COMPLETED).next.push(NEW_LEAD.into());
        wf.status_mut(QUOTE_DRAFT).next.push("nowhere".into());
        let p = wf.problems();
        assert!(p.contains(&"unreachable:archived".to_owned()), "{p:?}");
        assert!(p.contains(&"no_way_to_final:archived".to_owned()), "{p:?}");
        assert!(p.contains(&"no_way_to_final:limbo".to_owned()), "{p:?}");
        assert!(p.contains(&"final_has_next:completed".to_owned()), "{p:?}");
        assert!(
            p.contains(&"unknown_next:quote_draft>nowhere".to_owned()),
            "{p:?}"
        );
        let none = Workflow {
            initial: "x".into(),
            statuses: vec![def("a", &[], None)],
            automatic: Vec::new(),
        };
        assert_eq!(
            none.problems(),
            [
                "unknown_initial:x",
                "no_final",
                "unreachable:a",
                "no_way_to_final:a"
            ]
        );
    }

    #[test]
    fn automatic_moves_are_allowed_moves_that_need_no_reason() {
        let event = |from: &str, to: &str, name: &str| AutoTransition {
            from: from.into(),
            to: to.into(),
            trigger: Trigger::Event { name: name.into() },
        };
        let mut wf = Workflow::default_order_workflow();
        wf.automatic = vec![
            event(QUOTE_SENT, CUSTOMER_APPROVED, "signed_online"),
            AutoTransition {
                from: PLANNING.into(),
                to: SCHEDULED.into(),
                trigger: Trigger::After { hours: 48 },
            },
            AutoTransition {
                from: PLANNING.into(),
                to: ON_HOLD.into(),
                trigger: Trigger::After { hours: 24 },
            },
        ];
        assert_eq!(
            wf.on_event(QUOTE_SENT, "signed_online"),
            Some(CUSTOMER_APPROVED)
        );
        assert_eq!(wf.on_event(QUOTE_DRAFT, "signed_online"), None);
        assert_eq!(wf.on_event(QUOTE_SENT, "something_else"), None);
        // The shortest due timer wins; none is due before its hours.
        assert_eq!(wf.due_timer(PLANNING, 23), None);
        assert_eq!(wf.due_timer(PLANNING, 30), Some(ON_HOLD));
        assert_eq!(wf.due_timer(PLANNING, 50), Some(ON_HOLD));
        // on_hold needs a reason, which the system cannot give.
        assert_eq!(wf.problems(), ["auto_needs_reason:on_hold"]);
        wf.automatic.truncate(2);
        assert!(wf.problems().is_empty());
        assert_eq!(wf.due_timer(PLANNING, 50), Some(SCHEDULED));
        wf.automatic.push(event(NEW_LEAD, COMPLETED, "magic"));
        wf.automatic
            .push(event(QUOTE_SENT, CUSTOMER_APPROVED, "signed_online"));
        wf.automatic.push(event(QUOTE_READY, QUOTE_SENT, " "));
        assert_eq!(
            wf.problems(),
            [
                "auto_not_allowed:new_lead>completed",
                "auto_twice:quote_sent:signed_online",
                "auto_unnamed:quote_ready",
            ]
        );
    }

    #[test]
    fn final_statuses_go_nowhere_and_unknown_statuses_too() {
        let wf = Workflow::default_order_workflow();
        assert!(wf.allowed_next(COMPLETED, None).is_empty());
        assert!(wf.allowed_next(CANCELLED, None).is_empty());
        assert!(wf.allowed_next("archived", None).is_empty());
        assert!(!wf.can_move(NEW_LEAD, COMPLETED, None));
    }

    #[test]
    fn the_diagram_reads_left_to_right_from_new_lead_to_the_end() {
        let wf = Workflow::default_order_workflow();
        let layout = wf.diagram_layout();
        let at = |code: &str| layout[wf.statuses.iter().position(|s| s.code == code).unwrap()];
        assert_eq!(at(NEW_LEAD), (0, 0));
        assert_eq!(at(INTAKE_SENT).0, 1);
        assert!(at(QUOTE_SENT).0 < at(CUSTOMER_APPROVED).0);
        assert!(at(PLANNING).0 < at(SCHEDULED).0);
        assert!(at(IN_PROGRESS).0 < at(COMPLETED).0);
        // A hold is possible up to the last working status, so it comes
        // last; cancelling one column after the last status that may cancel.
        let last = layout.iter().map(|(c, _)| *c).max().unwrap();
        assert_eq!(at(ON_HOLD).0, last);
        assert_eq!(at(ON_HOLD).0, at(IN_PROGRESS).0 + 1);
        assert_eq!(at(CANCELLED).0, at(QUOTE_SENT).0 + 1);
        // No two statuses share a place.
        let mut places = layout.clone();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), wf.statuses.len());
        // A cycle (a quote sent back for revision) does not push columns on
        // forever, and an unreachable status sits in column 0.
        let mut looped = wf.clone();
        looped.status_mut(QUOTE_SENT).next.push(QUOTE_DRAFT.into());
        looped.statuses.push(def("orphan", &[CANCELLED], None));
        let l = looped.diagram_layout();
        assert_eq!(
            l[..wf.statuses.len()],
            layout[..],
            "the back edge is ignored"
        );
        assert_eq!(l.last().unwrap().0, 0);
    }
}

/// The steps a customer sees of the order flow (their progress bar).
pub const CUSTOMER_STEPS: [&str; 6] = [
    "request",
    "quote",
    "approved",
    "planned",
    "installation",
    "done",
];

/// Which of `CUSTOMER_STEPS` (0-based) an order in `status` has reached;
/// `None` for a cancelled order or one on hold (its step is unknown).
pub fn customer_step(status: &str) -> Option<usize> {
    Some(match status {
        NEW_LEAD | INTAKE_SENT | INTAKE_COMPLETED => 0,
        QUOTE_DRAFT | QUOTE_READY | QUOTE_SENT => 1,
        CUSTOMER_APPROVED | PARTNER_APPROVED | BOTH_APPROVED => 2,
        PLANNING | SCHEDULED => 3,
        IN_PROGRESS => 4,
        COMPLETED => 5,
        _ => return None,
    })
}

#[cfg(test)]
mod customer_step_tests {
    use super::*;

    #[test]
    fn every_status_of_the_standard_flow_has_a_customer_step_in_order() {
        let wf = Workflow::default_order_workflow();
        let mut last = 0;
        for s in wf
            .statuses
            .iter()
            .filter(|s| s.code != CANCELLED && s.code != ON_HOLD)
        {
            let step = customer_step(&s.code).unwrap_or_else(|| panic!("{}", s.code));
            assert!(step >= last, "{} goes back", s.code);
            last = step;
        }
        assert_eq!(last, CUSTOMER_STEPS.len() - 1);
        assert_eq!(customer_step(CANCELLED), None);
    }
}
