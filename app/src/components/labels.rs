//! Names of codes that pages of more than one portal show: service case
//! categories and states (the customer's and ops' service pages), photo
//! phases (the technician's visit, ops' order page) and the commissioning
//! checks (idem). Pages import no other page, so that each portal's code
//! loads on its own (issue 21's bundle check).

use crate::i18n::*;

pub fn category_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "not_charging" => td_string!(locale, svc_cat_not_charging),
        "error_code" => td_string!(locale, svc_cat_error_code),
        "damage" => td_string!(locale, svc_cat_damage),
        "app_connection" => td_string!(locale, svc_cat_app_connection),
        _ => td_string!(locale, svc_cat_other),
    }
}

pub fn case_status_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "triage" => td_string!(locale, svc_st_triage),
        "visit_planned" => td_string!(locale, svc_st_visit_planned),
        "resolved" => td_string!(locale, svc_st_resolved),
        _ => td_string!(locale, svc_st_new),
    }
}

pub fn phase_label(locale: Locale, p: &str) -> &'static str {
    match p {
        "before" => td_string!(locale, field_phase_before),
        "meter_cabinet" => td_string!(locale, field_phase_meter_cabinet),
        "cable_route" => td_string!(locale, field_phase_cable_route),
        "charger_mounted" => td_string!(locale, field_phase_charger_mounted),
        _ => td_string!(locale, field_phase_finished),
    }
}

pub fn check_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "earth_leakage_tested" => td_string!(locale, check_earth_leakage_tested),
        "cable_secured" => td_string!(locale, check_cable_secured),
        "charger_configured" => td_string!(locale, check_charger_configured),
        "test_charge_done" => td_string!(locale, check_test_charge_done),
        _ => td_string!(locale, check_customer_instructed),
    }
}
