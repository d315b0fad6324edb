//! What every form shares: field errors sent by the server as
//! `invalid:<field>=<code>,…` and the short error codes of other failures.

use leptos::prelude::*;
use std::collections::HashMap;

/// Field errors from `invalid:field=code,…`.
pub fn field_errors(e: &ServerFnError) -> HashMap<String, String> {
    match e {
        ServerFnError::ServerError(m) => m
            .strip_prefix("invalid:")
            .map(|list| {
                list.split(',')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        _ => HashMap::new(),
    }
}

/// The server's error code (`forbidden`, `stale`, …), or empty.
pub fn message_code(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(m) => m.clone(),
        _ => String::new(),
    }
}

/// The message for a field error code, in the visitor's language.
pub fn error_text(locale: crate::i18n::Locale, code: &str) -> &'static str {
    use crate::i18n::*;
    match code {
        "postcode_invalid" => td_string!(locale, err_postcode_invalid),
        "photo_missing" => td_string!(locale, err_photo_missing),
        "photo_type" => td_string!(locale, err_photo_type),
        "photo_too_large" => td_string!(locale, err_photo_too_large),
        "too_long" => td_string!(locale, err_too_long),
        "email_invalid" => td_string!(locale, err_email_invalid),
        "code_invalid" => td_string!(locale, err_code_invalid),
        "prefix_invalid" => td_string!(locale, err_prefix_invalid),
        "phone_invalid" => td_string!(locale, err_phone_invalid),
        "colour_invalid" => td_string!(locale, err_colour_invalid),
        "taken" => td_string!(locale, err_taken),
        "prefix_locked" => td_string!(locale, err_prefix_locked),
        "unknown" => td_string!(locale, err_unknown),
        "charger_count_range" => td_string!(locale, err_charger_count_range),
        "customer_self_service" => td_string!(locale, err_customer_self_service),
        "self" => td_string!(locale, err_self),
        "last_admin" => td_string!(locale, err_last_admin),
        "not_invited" => td_string!(locale, err_not_invited),
        "inactive" => td_string!(locale, err_inactive),
        "amount_invalid" => td_string!(locale, err_amount_invalid),
        "amount_range" => td_string!(locale, err_amount_range),
        "margin_range" => td_string!(locale, err_margin_range),
        "sku_invalid" => td_string!(locale, err_sku_invalid),
        "duration_range" => td_string!(locale, err_duration_range),
        "not_allowed" => td_string!(locale, err_not_allowed),
        "suspended" => td_string!(locale, err_suspended),
        _ => td_string!(locale, err_required),
    }
}
