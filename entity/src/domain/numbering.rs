//! Document numbers. Orders: `{ENTITY_PREFIX}-{YEAR}-{SEQUENCE}` (spec 000),
//! per business entity and per year; invoices likewise with an `F`.

pub fn order_scope(prefix: &str, year: i32) -> String {
    format!("order:{prefix}:{year}")
}

pub fn invoice_scope(prefix: &str, year: i32) -> String {
    format!("invoice:{prefix}:{year}")
}

/// `CC-2026-00123`; the sequence has at least five digits.
pub fn order_number(prefix: &str, year: i32, sequence: i64) -> String {
    format!("{prefix}-{year}-{sequence:05}")
}

/// `CC-F2026-00123`
pub fn invoice_number(prefix: &str, year: i32, sequence: i64) -> String {
    format!("{prefix}-F{year}-{sequence:05}")
}

/// Whether `s` has the shape of an order number (`CC-2026-00123`): a
/// prefix of 2–4 capitals, a year, and a sequence of five or more digits.
pub fn looks_like_order_number(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(prefix), Some(year), Some(seq), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    (2..=4).contains(&prefix.len())
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && seq.len() >= 5
        && seq.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_recognised_by_their_shape() {
        assert!(looks_like_order_number("CC-2026-00123"));
        assert!(looks_like_order_number("MKT-2026-123456"));
        assert!(!looks_like_order_number("CC-F2026-00123"));
        assert!(!looks_like_order_number("cc-2026-00123"));
        assert!(!looks_like_order_number("CC-2026-0012"));
        assert!(!looks_like_order_number("Re:"));
    }

    #[test]
    fn formats_numbers_like_spec_000() {
        assert_eq!(order_number("CC", 2025, 123), "CC-2025-00123");
        assert_eq!(order_number("MKT", 2026, 1), "MKT-2026-00001");
        assert_eq!(order_number("LT", 2026, 123456), "LT-2026-123456");
        assert_eq!(invoice_number("ZS", 2026, 42), "ZS-F2026-00042");
        assert_eq!(order_scope("RS", 2026), "order:RS:2026");
        assert_eq!(invoice_scope("RS", 2026), "invoice:RS:2026");
    }
}
