//! The order pipeline: which board column shows which status, and the one
//! function that decides whether an order may move. The kanban calls it to
//! light up legal drop targets and to explain a refused drop; the server
//! calls the same function before it writes anything.

use super::workflow::*;
use serde::{Deserialize, Serialize};

/// A column of the kanban board (002 "Order Pipeline Overview").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    Lead,
    Intake,
    Quote,
    Approved,
    Planning,
    InProgress,
    Completed,
    OnHold,
    Cancelled,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Lead,
        Column::Intake,
        Column::Quote,
        Column::Approved,
        Column::Planning,
        Column::InProgress,
        Column::Completed,
        Column::OnHold,
        Column::Cancelled,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Column::Lead => "lead",
            Column::Intake => "intake",
            Column::Quote => "quote",
            Column::Approved => "approved",
            Column::Planning => "planning",
            Column::InProgress => "in_progress",
            Column::Completed => "completed",
            Column::OnHold => "on_hold",
            Column::Cancelled => "cancelled",
        }
    }

    pub fn from_slug(s: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.slug() == s)
    }

    /// The statuses of the default workflow shown in this column, in order.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            Column::Lead => &[NEW_LEAD],
            Column::Intake => &[INTAKE_SENT, INTAKE_COMPLETED],
            Column::Quote => &[QUOTE_DRAFT, QUOTE_READY, QUOTE_SENT],
            Column::Approved => &[CUSTOMER_APPROVED, PARTNER_APPROVED, BOTH_APPROVED],
            Column::Planning => &[PLANNING, SCHEDULED],
            Column::InProgress => &[IN_PROGRESS],
            Column::Completed => &[COMPLETED],
            Column::OnHold => &[ON_HOLD],
            Column::Cancelled => &[CANCELLED],
        }
    }
}

/// The columns an order moves through while nothing is wrong, in order:
/// every column before the three it can end or wait in.
const PROGRESS: &[Column] = Column::ALL.split_at(6).0;

impl Workflow {
    /// The kanban column of `status` in this workflow: the one its
    /// definition names, else a default. 000's statuses keep their column;
    /// a final status is `Cancelled` when it needs a reason and `Completed`
    /// when not; a status that resumes is `OnHold`; the initial status is
    /// `Lead`; the other working statuses are spread in the order a walk
    /// from the start meets them over the columns from `Lead` to
    /// `InProgress`, the last one in `InProgress`. Unknown: `Lead`.
    pub fn column_of(&self, status: &str) -> Column {
        let Some(def) = self.status(status) else {
            return Column::Lead;
        };
        if let Some(c) = def.column.as_deref().and_then(Column::from_slug) {
            return c;
        }
        self.default_column(def)
    }

    /// The column `def` has when its definition names none.
    pub fn default_column(&self, def: &StatusDef) -> Column {
        if let Some(c) = Column::ALL
            .into_iter()
            .find(|c| c.statuses().contains(&def.code.as_str()))
        {
            return c;
        }
        if def.is_final {
            return if def.requires_reason {
                Column::Cancelled
            } else {
                Column::Completed
            };
        }
        if def.resumes_previous {
            return Column::OnHold;
        }
        // The working statuses in the order a breadth-first walk from the
        // initial status meets them.
        let mut order: Vec<&str> = Vec::new();
        let mut queue = std::collections::VecDeque::from([self.initial.as_str()]);
        while let Some(c) = queue.pop_front() {
            let Some(s) = self.status(c) else { continue };
            if order.contains(&c) || s.is_final || s.resumes_previous {
                continue;
            }
            order.push(c);
            queue.extend(s.next.iter().map(String::as_str));
        }
        match order.iter().position(|c| *c == def.code) {
            // The first is `Lead`, the last `InProgress`, the rest between.
            Some(i) if order.len() > 1 => PROGRESS[i * (PROGRESS.len() - 1) / (order.len() - 1)],
            _ => Column::Lead,
        }
    }

    /// The statuses shown in `column`, in the workflow's order.
    pub fn statuses_in(&self, column: Column) -> Vec<&str> {
        self.statuses
            .iter()
            .filter(|s| self.column_of(&s.code) == column)
            .map(|s| s.code.as_str())
            .collect()
    }
}

/// What the rules need to know about an order besides its status. The board
/// gets these with every card, so it can explain a refusal on its own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub status: String,
    pub status_before_hold: Option<String>,
    /// Whether the order was brought in by a partner (who must approve too).
    pub has_partner: bool,
    /// Lines of the newest quote version.
    pub quote_lines: u32,
    /// Whether the newest quote has a PDF (made when it becomes ready).
    pub quote_has_pdf: bool,
    pub customer_approved: bool,
    pub partner_approved: bool,
    /// A visit with a date and a team.
    pub has_planned_visit: bool,
    /// Signature, photos and a completed checklist are recorded.
    pub has_sign_off: bool,
}

/// Why a move is refused. `code()` is stable for the API and the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The workflow has no such step.
    NotAllowed { from: String, to: String },
    /// Completed and cancelled orders do not move.
    Final,
    /// Cancelling and holding need a reason.
    ReasonRequired,
    /// A quote cannot be ready without lines.
    QuoteHasNoLines,
    /// The customer has not approved the quote yet.
    CustomerApprovalMissing,
    /// The partner has not approved the quote yet.
    PartnerApprovalMissing,
    /// `scheduled` needs a planned visit.
    NoPlannedVisit,
    /// `completed` needs signature, photos and checklist.
    NoSignOff,
    /// Someone else changed the order first.
    Stale,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotAllowed { .. } => "not_allowed",
            Refusal::Final => "final",
            Refusal::ReasonRequired => "reason_required",
            Refusal::QuoteHasNoLines => "quote_has_no_lines",
            Refusal::CustomerApprovalMissing => "customer_approval_missing",
            Refusal::PartnerApprovalMissing => "partner_approval_missing",
            Refusal::NoPlannedVisit => "no_planned_visit",
            Refusal::NoSignOff => "no_sign_off",
            Refusal::Stale => "stale",
        }
    }

    pub fn from_code(code: &str) -> Option<Refusal> {
        Some(match code {
            "final" => Refusal::Final,
            "reason_required" => Refusal::ReasonRequired,
            "quote_has_no_lines" => Refusal::QuoteHasNoLines,
            "customer_approval_missing" => Refusal::CustomerApprovalMissing,
            "partner_approval_missing" => Refusal::PartnerApprovalMissing,
            "no_planned_visit" => Refusal::NoPlannedVisit,
            "no_sign_off" => Refusal::NoSignOff,
            "stale" => Refusal::Stale,
            "not_allowed" => Refusal::NotAllowed {
                from: String::new(),
                to: String::new(),
            },
            _ => return None,
        })
    }
}

/// Whether an order with `facts` may move to `to`, by `workflow`, with
/// `reason` (trimmed; empty counts as none).
pub fn check_move(
    workflow: &Workflow,
    facts: &OrderFacts,
    to: &str,
    reason: Option<&str>,
) -> Result<(), Refusal> {
    let from = facts.status.as_str();
    if workflow.status(from).is_some_and(|s| s.is_final) {
        return Err(Refusal::Final);
    }
    if !workflow.can_move(from, to, facts.status_before_hold.as_deref()) {
        return Err(Refusal::NotAllowed {
            from: from.to_owned(),
            to: to.to_owned(),
        });
    }
    let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
    if workflow.status(to).is_some_and(|s| s.requires_reason) && !has_reason {
        return Err(Refusal::ReasonRequired);
    }
    // Resuming from hold returns to a status whose guard already held.
    if workflow.status(from).is_some_and(|s| s.resumes_previous) {
        return Ok(());
    }
    match to {
        QUOTE_READY | QUOTE_SENT if facts.quote_lines == 0 => Err(Refusal::QuoteHasNoLines),
        PARTNER_APPROVED | BOTH_APPROVED if !facts.customer_approved => {
            Err(Refusal::CustomerApprovalMissing)
        }
        BOTH_APPROVED if facts.has_partner && !facts.partner_approved => {
            Err(Refusal::PartnerApprovalMissing)
        }
        SCHEDULED if !facts.has_planned_visit => Err(Refusal::NoPlannedVisit),
        COMPLETED if !facts.has_sign_off => Err(Refusal::NoSignOff),
        _ => Ok(()),
    }
}

/// Every status `facts` may move to right now (ignoring the reason, which the
/// UI asks for afterwards): the drop targets that light up.
pub fn legal_targets(workflow: &Workflow, facts: &OrderFacts) -> Vec<String> {
    workflow
        .allowed_next(&facts.status, facts.status_before_hold.as_deref())
        .into_iter()
        .filter(|to| check_move(workflow, facts, to, Some("x")).is_ok())
        .collect()
}

/// A status an order may be dropped on in `column`, preferring the first
/// legal one in the column's order. `None` when the column takes nothing.
pub fn target_in_column(
    workflow: &Workflow,
    facts: &OrderFacts,
    column: Column,
) -> Result<String, Refusal> {
    let legal = legal_targets(workflow, facts);
    let in_column = workflow.statuses_in(column);
    if let Some(s) = in_column.iter().find(|s| legal.iter().any(|l| l == *s)) {
        return Ok((*s).to_owned());
    }
    // Explain with the refusal for the column's first reachable status.
    let allowed = workflow.allowed_next(&facts.status, facts.status_before_hold.as_deref());
    match in_column.iter().find(|s| allowed.iter().any(|a| a == *s)) {
        Some(s) => check_move(workflow, facts, s, Some("x")).map(|_| (*s).to_owned()),
        None => Err(in_column
            .first()
            .and_then(|s| check_move(workflow, facts, s, Some("x")).err())
            .unwrap_or(Refusal::NotAllowed {
                from: facts.status.clone(),
                to: column.slug().to_owned(),
            })),
    }
}

/// The technical checklist of an installation (000 "Technical checklist
/// completed"), part of the sign-off that `completed` needs.
pub const CHECKLIST: [&str; 5] = [
    "earth_leakage_tested",
    "cable_secured",
    "charger_configured",
    "test_charge_done",
    "customer_instructed",
];

/// What is missing from a sign-off, as field codes (`signed_by_name`,
/// `signature`, `photos`, `checklist`). The technician's form checks this
/// before sending; the server checks it again before recording.
pub fn sign_off_missing(input: &crate::dto::SignOffInput) -> Vec<&'static str> {
    let mut out = Vec::new();
    if input.signed_by_name.trim().is_empty() {
        out.push("signed_by_name");
    }
    if input.signature.trim().len() < 10 {
        out.push("signature");
    }
    if input.photo_count < 1 {
        out.push("photos");
    }
    if CHECKLIST
        .iter()
        .any(|c| !input.checked.iter().any(|x| x == c))
    {
        out.push("checklist");
    }
    out
}

/// Conversion targets of 000's KPI table, in percent.
pub const CONVERSION_TARGETS: [(&str, &str, u32); 4] = [
    ("lead", "intake", 80),
    ("intake", "quote", 90),
    ("quote", "approved", 40),
    ("approved", "completed", 95),
];

/// SLA state of an order: share of the status's SLA used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaState {
    /// No SLA in this status.
    None,
    Ok,
    /// 80 % or more of the time is used.
    AtRisk,
    Overdue,
}

impl SlaState {
    pub fn slug(self) -> &'static str {
        match self {
            SlaState::None => "none",
            SlaState::Ok => "ok",
            SlaState::AtRisk => "at_risk",
            SlaState::Overdue => "overdue",
        }
    }

    pub fn from_slug(s: &str) -> Option<SlaState> {
        [
            SlaState::None,
            SlaState::Ok,
            SlaState::AtRisk,
            SlaState::Overdue,
        ]
        .into_iter()
        .find(|x| x.slug() == s)
    }
}

/// The at-risk threshold, in percent of the SLA.
pub const AT_RISK_PERCENT: i64 = 80;

/// SLA state from the status start, the due time and now (all in seconds
/// since the epoch, so the client can compute it with its own clock).
pub fn sla_state(status_since: i64, due: Option<i64>, now: i64) -> SlaState {
    let Some(due) = due else {
        return SlaState::None;
    };
    if now >= due {
        return SlaState::Overdue;
    }
    let total = (due - status_since).max(1);
    if (now - status_since) * 100 >= total * AT_RISK_PERCENT {
        SlaState::AtRisk
    } else {
        SlaState::Ok
    }
}

/// The SLA clock for a status entered at `since`: the due time and the
/// at-risk time (80 % of the way), or neither when the status has no SLA.
pub fn sla_clock(
    since: chrono::DateTime<chrono::Utc>,
    sla_hours: Option<u32>,
) -> (
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
) {
    match sla_hours {
        Some(h) => {
            let total = chrono::Duration::hours(i64::from(h));
            let risk = chrono::Duration::seconds(total.num_seconds() * AT_RISK_PERCENT / 100);
            (Some(since + total), Some(since + risk))
        }
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_off_names_each_missing_part() {
        let empty = crate::dto::SignOffInput::default();
        assert_eq!(
            sign_off_missing(&empty),
            ["signed_by_name", "signature", "photos", "checklist"]
        );
        let mut full = crate::dto::SignOffInput {
            signed_by_name: " J. de Vries ".into(),
            signature: "M1 1 L20 20 L30 5".into(),
            photo_count: 1,
            checked: CHECKLIST.iter().map(|c| (*c).to_owned()).collect(),
        };
        assert!(sign_off_missing(&full).is_empty());
        full.checked.pop();
        full.signed_by_name = "   ".into();
        assert_eq!(sign_off_missing(&full), ["signed_by_name", "checklist"]);
    }

    fn wf() -> Workflow {
        Workflow::default_order_workflow()
    }

    /// Facts under which every guard holds, so only the workflow decides.
    fn ready(status: &str) -> OrderFacts {
        OrderFacts {
            status: status.to_owned(),
            status_before_hold: None,
            has_partner: true,
            quote_lines: 2,
            quote_has_pdf: true,
            customer_approved: true,
            partner_approved: true,
            has_planned_visit: true,
            has_sign_off: true,
        }
    }

    /// 000's table, written out once more by hand: (from, allowed next).
    const SPEC_000: [(&str, &[&str]); 14] = [
        (NEW_LEAD, &[INTAKE_SENT, CANCELLED]),
        (INTAKE_SENT, &[INTAKE_COMPLETED, CANCELLED]),
        (INTAKE_COMPLETED, &[QUOTE_DRAFT, ON_HOLD]),
        (QUOTE_DRAFT, &[QUOTE_READY, ON_HOLD]),
        (QUOTE_READY, &[QUOTE_SENT, ON_HOLD]),
        (QUOTE_SENT, &[CUSTOMER_APPROVED, CANCELLED, ON_HOLD]),
        (
            CUSTOMER_APPROVED,
            &[PARTNER_APPROVED, BOTH_APPROVED, ON_HOLD],
        ),
        (PARTNER_APPROVED, &[BOTH_APPROVED, ON_HOLD]),
        (BOTH_APPROVED, &[PLANNING, ON_HOLD]),
        (PLANNING, &[SCHEDULED, ON_HOLD]),
        (SCHEDULED, &[IN_PROGRESS, ON_HOLD]),
        (IN_PROGRESS, &[COMPLETED, ON_HOLD]),
        (COMPLETED, &[]),
        (CANCELLED, &[]),
    ];

    #[test]
    fn every_allowed_and_every_forbidden_transition_of_000() {
        let wf = wf();
        let all: Vec<&str> = wf.statuses.iter().map(|s| s.code.as_str()).collect();
        let mut allowed = 0;
        let mut forbidden = 0;
        for (from, next) in SPEC_000 {
            for to in &all {
                let result = check_move(&wf, &ready(from), to, Some("klant belt terug"));
                if next.contains(to) {
                    assert_eq!(result, Ok(()), "{from} -> {to}");
                    allowed += 1;
                } else {
                    assert!(result.is_err(), "{from} -> {to} must be refused");
                    forbidden += 1;
                }
            }
        }
        assert_eq!(allowed, 26);
        assert_eq!(allowed + forbidden, 14 * 15);
    }

    #[test]
    fn on_hold_resumes_to_its_previous_status_only() {
        let wf = wf();
        for (from, next) in SPEC_000 {
            if !next.contains(&ON_HOLD) {
                continue;
            }
            let mut held = ready(ON_HOLD);
            held.status_before_hold = Some(from.to_owned());
            for s in &wf.statuses {
                let r = check_move(&wf, &held, &s.code, None);
                if s.code == from {
                    assert_eq!(r, Ok(()), "resume to {from}");
                } else {
                    assert!(r.is_err(), "on_hold (from {from}) -> {}", s.code);
                }
            }
        }
        // Without a remembered status there is nowhere to go.
        assert!(legal_targets(&wf, &ready(ON_HOLD)).is_empty());
    }

    #[test]
    fn final_statuses_refuse_with_their_own_reason() {
        for s in [COMPLETED, CANCELLED] {
            assert_eq!(
                check_move(&wf(), &ready(s), NEW_LEAD, None),
                Err(Refusal::Final)
            );
        }
    }

    #[test]
    fn hold_and_cancel_need_a_reason() {
        let wf = wf();
        for (from, to) in [(NEW_LEAD, CANCELLED), (PLANNING, ON_HOLD)] {
            for reason in [None, Some(""), Some("   ")] {
                assert_eq!(
                    check_move(&wf, &ready(from), to, reason),
                    Err(Refusal::ReasonRequired)
                );
            }
            assert_eq!(check_move(&wf, &ready(from), to, Some("dubbel")), Ok(()));
        }
    }

    #[test]
    fn guards_explain_what_is_missing() {
        let wf = wf();
        let mut f = ready(QUOTE_DRAFT);
        f.quote_lines = 0;
        assert_eq!(
            check_move(&wf, &f, QUOTE_READY, None),
            Err(Refusal::QuoteHasNoLines)
        );

        let mut f = ready(CUSTOMER_APPROVED);
        f.partner_approved = false;
        assert_eq!(
            check_move(&wf, &f, BOTH_APPROVED, None),
            Err(Refusal::PartnerApprovalMissing)
        );
        assert_eq!(check_move(&wf, &f, PARTNER_APPROVED, None), Ok(()));
        // A direct sale has no partner to wait for.
        f.has_partner = false;
        assert_eq!(check_move(&wf, &f, BOTH_APPROVED, None), Ok(()));

        let mut f = ready(CUSTOMER_APPROVED);
        f.customer_approved = false;
        assert_eq!(
            check_move(&wf, &f, PARTNER_APPROVED, None),
            Err(Refusal::CustomerApprovalMissing)
        );

        let mut f = ready(PLANNING);
        f.has_planned_visit = false;
        assert_eq!(
            check_move(&wf, &f, SCHEDULED, None),
            Err(Refusal::NoPlannedVisit)
        );
        let mut f = ready(IN_PROGRESS);
        f.has_sign_off = false;
        assert_eq!(
            check_move(&wf, &f, COMPLETED, None),
            Err(Refusal::NoSignOff)
        );
        // Holding is always possible, guards or not.
        assert_eq!(check_move(&wf, &f, ON_HOLD, Some("regen")), Ok(()));
    }

    /// A small rental-like workflow without any column named.
    fn rental_like() -> Workflow {
        let s = |code: &str, next: &[&str]| StatusDef {
            code: code.to_owned(),
            label: None,
            next: next.iter().map(|n| (*n).to_owned()).collect(),
            sla_hours: None,
            is_final: false,
            requires_reason: false,
            resumes_previous: false,
            column: None,
        };
        let mut rejected = s("rejected", &[]);
        rejected.is_final = true;
        rejected.requires_reason = true;
        let mut closed = s("closed", &[]);
        closed.is_final = true;
        let mut paused = s("paused", &[]);
        paused.resumes_previous = true;
        Workflow {
            initial: "received".into(),
            statuses: vec![
                s("received", &["reviewing", "rejected", "paused"]),
                s("reviewing", &["ordered", "rejected"]),
                s("ordered", &["rented"]),
                s("rented", &["closed"]),
                rejected,
                closed,
                paused,
            ],
            automatic: Vec::new(),
        }
    }

    #[test]
    fn every_workflow_puts_each_status_in_one_column() {
        // 000's statuses stay where the board always showed them.
        let wf = wf();
        for c in Column::ALL {
            assert_eq!(wf.statuses_in(c), c.statuses(), "{c:?}");
        }
        // A configured workflow without columns gets sensible defaults:
        // the start is a lead, the working statuses spread out in order,
        // an end with a reason is cancelled, another end is completed.
        let mut rl = rental_like();
        let cols: Vec<Column> = rl.statuses.iter().map(|s| rl.column_of(&s.code)).collect();
        assert_eq!(
            cols,
            [
                Column::Lead,
                Column::Intake,
                Column::Approved,
                Column::InProgress,
                Column::Cancelled,
                Column::Completed,
                Column::OnHold
            ]
        );
        assert_eq!(rl.column_of("nonsense"), Column::Lead);
        // A column named in the definition wins; an unknown one is a problem.
        rl.status_mut("ordered").column = Some("approved".into());
        assert_eq!(rl.column_of("ordered"), Column::Approved);
        assert_eq!(rl.statuses_in(Column::Approved), ["ordered"]);
        assert!(rl.problems().is_empty(), "{:?}", rl.problems());
        rl.status_mut("rented").column = Some("verhuurd".into());
        assert_eq!(rl.problems(), ["unknown_column:rented"]);
        // Drops follow the workflow's columns.
        rl.status_mut("rented").column = None;
        let facts = OrderFacts {
            status: "reviewing".into(),
            ..OrderFacts::default()
        };
        assert_eq!(
            target_in_column(&rl, &facts, Column::Approved),
            Ok("ordered".to_owned())
        );
        assert_eq!(
            target_in_column(&rl, &facts, Column::Cancelled),
            Ok("rejected".to_owned())
        );
        assert!(matches!(
            target_in_column(&rl, &facts, Column::InProgress),
            Err(Refusal::NotAllowed { .. })
        ));
    }

    #[test]
    fn columns_cover_every_status_once_and_drops_pick_the_legal_one() {
        let wf = wf();
        for s in &wf.statuses {
            let n = Column::ALL
                .iter()
                .filter(|c| c.statuses().contains(&s.code.as_str()))
                .count();
            assert_eq!(n, 1, "{}", s.code);
        }
        assert_eq!(
            target_in_column(&wf, &ready(QUOTE_DRAFT), Column::Quote),
            Ok(QUOTE_READY.to_owned())
        );
        let mut f = ready(CUSTOMER_APPROVED);
        f.partner_approved = false;
        assert_eq!(
            target_in_column(&wf, &f, Column::Approved),
            Ok(PARTNER_APPROVED.to_owned())
        );
        assert_eq!(
            target_in_column(&wf, &ready(PLANNING), Column::Planning),
            Ok(SCHEDULED.to_owned())
        );
        assert!(matches!(
            target_in_column(&wf, &ready(NEW_LEAD), Column::Completed),
            Err(Refusal::NotAllowed { .. })
        ));
        let mut f = ready(PLANNING);
        f.has_planned_visit = false;
        assert_eq!(
            target_in_column(&wf, &f, Column::Planning),
            Err(Refusal::NoPlannedVisit)
        );
        for c in Column::ALL {
            assert_eq!(Column::from_slug(c.slug()), Some(c));
        }
    }

    #[test]
    fn sla_is_at_risk_from_eighty_percent_and_overdue_at_the_deadline() {
        let h = 3600;
        assert_eq!(sla_state(0, None, 999 * h), SlaState::None);
        assert_eq!(sla_state(0, Some(10 * h), 7 * h), SlaState::Ok);
        assert_eq!(sla_state(0, Some(10 * h), 8 * h), SlaState::AtRisk);
        assert_eq!(sla_state(0, Some(10 * h), 10 * h), SlaState::Overdue);
        assert_eq!(sla_state(0, Some(10 * h), 11 * h), SlaState::Overdue);
    }
}
