//! Words for the workflow: status and column names, refusal messages and
//! SLA states, in the user's language. Unknown codes (from a configured
//! workflow) show as themselves.

use crate::i18n::*;
use entity::domain::pipeline::{Column, SlaState};

pub fn status_label(locale: Locale, code: &str) -> String {
    use entity::domain::workflow::*;
    match code {
        NEW_LEAD => td_string!(locale, st_new_lead),
        INTAKE_SENT => td_string!(locale, st_intake_sent),
        INTAKE_COMPLETED => td_string!(locale, st_intake_completed),
        QUOTE_DRAFT => td_string!(locale, st_quote_draft),
        QUOTE_READY => td_string!(locale, st_quote_ready),
        QUOTE_SENT => td_string!(locale, st_quote_sent),
        CUSTOMER_APPROVED => td_string!(locale, st_customer_approved),
        PARTNER_APPROVED => td_string!(locale, st_partner_approved),
        BOTH_APPROVED => td_string!(locale, st_both_approved),
        PLANNING => td_string!(locale, st_planning),
        SCHEDULED => td_string!(locale, st_scheduled),
        IN_PROGRESS => td_string!(locale, st_in_progress),
        COMPLETED => td_string!(locale, st_completed),
        CANCELLED => td_string!(locale, st_cancelled),
        ON_HOLD => td_string!(locale, st_on_hold),
        other => return other.to_owned(),
    }
    .to_owned()
}

pub fn column_label(locale: Locale, column: Column) -> &'static str {
    match column {
        Column::Lead => td_string!(locale, col_lead),
        Column::Intake => td_string!(locale, col_intake),
        Column::Quote => td_string!(locale, col_quote),
        Column::Approved => td_string!(locale, col_approved),
        Column::Planning => td_string!(locale, col_planning),
        Column::InProgress => td_string!(locale, col_in_progress),
        Column::Completed => td_string!(locale, col_completed),
        Column::OnHold => td_string!(locale, col_on_hold),
        Column::Cancelled => td_string!(locale, col_cancelled),
    }
}

/// The message for a refusal code (`Refusal::code`, or `not_found`).
pub fn refusal_text(locale: Locale, code: &str) -> &'static str {
    match code {
        "final" => td_string!(locale, ref_final),
        "reason_required" => td_string!(locale, ref_reason_required),
        "quote_has_no_lines" => td_string!(locale, ref_quote_has_no_lines),
        "customer_approval_missing" => td_string!(locale, ref_customer_approval_missing),
        "partner_approval_missing" => td_string!(locale, ref_partner_approval_missing),
        "no_planned_visit" => td_string!(locale, ref_no_planned_visit),
        "no_sign_off" => td_string!(locale, ref_no_sign_off),
        "stale" => td_string!(locale, ref_stale),
        "not_found" => td_string!(locale, ref_not_found),
        _ => td_string!(locale, ref_not_allowed),
    }
}

pub fn sla_label(locale: Locale, s: SlaState) -> &'static str {
    match s {
        SlaState::None => td_string!(locale, sla_none),
        SlaState::Ok => td_string!(locale, sla_ok),
        SlaState::AtRisk => td_string!(locale, sla_at_risk),
        SlaState::Overdue => td_string!(locale, sla_overdue),
    }
}

pub fn sla_badge_class(s: SlaState) -> &'static str {
    match s {
        SlaState::None => "badge",
        SlaState::Ok => "badge badge-ok",
        SlaState::AtRisk => "badge badge-warn",
        SlaState::Overdue => "badge badge-danger",
    }
}

/// A visit's kind and status in words, e.g. "Installatie · gepland".
pub fn visit_label(locale: Locale, kind: &str, status: &str) -> String {
    let kind = match kind {
        "survey" => td_string!(locale, visit_survey),
        "service" => td_string!(locale, visit_service),
        _ => td_string!(locale, visit_installation),
    };
    let status = match status {
        "unplanned" => td_string!(locale, vstatus_unplanned),
        "published" => td_string!(locale, vstatus_published),
        "in_progress" => td_string!(locale, vstatus_in_progress),
        "completed" => td_string!(locale, vstatus_completed),
        "cancelled" => td_string!(locale, vstatus_cancelled),
        _ => td_string!(locale, vstatus_planned),
    };
    format!("{kind} · {status}")
}

/// A message's delivery state (`services::delivery`) or the status its
/// provider reported, in words; an unknown provider status as it came.
pub fn delivery_label(locale: Locale, state: &str) -> String {
    match state {
        "pending" => td_string!(locale, delivery_pending),
        "sending" => td_string!(locale, delivery_sending),
        "sent" => td_string!(locale, delivery_sent),
        "failed" => td_string!(locale, delivery_failed),
        "uncertain" => td_string!(locale, delivery_uncertain),
        "suppressed" => td_string!(locale, delivery_suppressed),
        "cancelled" => td_string!(locale, delivery_cancelled),
        "skipped" => td_string!(locale, delivery_skipped),
        "delivered" => td_string!(locale, delivery_delivered),
        "read" => td_string!(locale, delivery_read),
        other => return other.to_owned(),
    }
    .to_string()
}

/// A message channel (`email`, `sms`, `whatsapp`) by name.
pub fn channel_label(locale: Locale, channel: &str) -> &'static str {
    match channel {
        "sms" => "SMS",
        "whatsapp" => "WhatsApp",
        _ => td_string!(locale, channel_email),
    }
}

/// A thread's priority with its answer time (001's matrix).
pub fn priority_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "urgent" => td_string!(locale, pr_urgent),
        "high" => td_string!(locale, pr_high),
        "low" => td_string!(locale, pr_low),
        _ => td_string!(locale, pr_normal),
    }
}
