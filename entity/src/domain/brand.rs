//! Validation rules for a business entity's brand settings, used by the
//! admin forms (client) and the services (server).

/// An order-number prefix: 2–5 upper-case ASCII letters, e.g. `CC` or `MKT`.
pub fn is_valid_order_prefix(prefix: &str) -> bool {
    (2..=5).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_uppercase())
}

/// A CSS colour in `#rrggbb` form.
pub fn is_valid_hex_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        for ok in ["CC", "LT", "MKT", "ZS", "RS", "ABCDE"] {
            assert!(is_valid_order_prefix(ok), "{ok}");
        }
        for bad in ["", "C", "cc", "C1", "ABCDEF", "C-C", "ÉÉ"] {
            assert!(!is_valid_order_prefix(bad), "{bad}");
        }
    }

    #[test]
    fn colours() {
        assert!(is_valid_hex_colour("#0f766e"));
        assert!(is_valid_hex_colour("#ABCDEF"));
        for bad in ["0f766e", "#0f766", "#0f766g", "#0f766e0", "red"] {
            assert!(!is_valid_hex_colour(bad), "{bad}");
        }
    }
}
