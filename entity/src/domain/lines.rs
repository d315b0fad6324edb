//! Rules for an order's lines, shared by the line editor (WASM) and the
//! server: when they may change, and what a valid line is.

use super::workflow::{INTAKE_COMPLETED, INTAKE_SENT, NEW_LEAD, QUOTE_DRAFT, QUOTE_SENT};
use crate::dto::LineDto;

pub const MAX_LINES: usize = 30;
pub const MAX_QUANTITY: i32 = 99;
/// € 100.000 per unit.
pub const MAX_UNIT_PRICE_CENTS: i64 = 10_000_000;

/// Lines change until the quote goes out; after a revision request, again
/// while the new version is a draft.
pub fn editable(status: &str, revision_draft: bool) -> bool {
    matches!(
        status,
        NEW_LEAD | INTAKE_SENT | INTAKE_COMPLETED | QUOTE_DRAFT
    ) || (status == QUOTE_SENT && revision_draft)
}

/// What is wrong with a set of lines: `count`, or `{index}:{field}` with
/// field `description`, `quantity`, `price` or `payer`. Empty when valid.
pub fn problems(lines: &[LineDto], has_partner: bool) -> Vec<String> {
    let mut out = Vec::new();
    if lines.is_empty() || lines.len() > MAX_LINES {
        out.push("count".to_owned());
    }
    for (i, l) in lines.iter().enumerate() {
        let d = l.description.trim().chars().count();
        if d == 0 || d > 200 {
            out.push(format!("{i}:description"));
        }
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            out.push(format!("{i}:quantity"));
        }
        if !(0..=MAX_UNIT_PRICE_CENTS).contains(&l.unit_price_cents) {
            out.push(format!("{i}:price"));
        }
        match l.payer.as_str() {
            "customer" => {}
            "partner" if has_partner => {}
            _ => out.push(format!("{i}:payer")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(description: &str, quantity: i32, price: i64, payer: &str) -> LineDto {
        LineDto {
            product_id: None,
            description: description.into(),
            quantity,
            unit_price_cents: price,
            payer: payer.into(),
        }
    }

    #[test]
    fn lines_are_editable_until_the_quote_is_sent() {
        for s in [NEW_LEAD, INTAKE_SENT, INTAKE_COMPLETED, QUOTE_DRAFT] {
            assert!(editable(s, false), "{s}");
        }
        assert!(!editable(QUOTE_SENT, false));
        assert!(editable(QUOTE_SENT, true));
        for s in ["quote_ready", "customer_approved", "scheduled", "completed"] {
            assert!(!editable(s, true), "{s}");
        }
    }

    #[test]
    fn each_bad_field_is_named_by_its_line() {
        assert!(problems(&[line("Laadpaal", 1, 99_900, "customer")], false).is_empty());
        assert_eq!(problems(&[], false), ["count"]);
        assert_eq!(
            problems(
                &[
                    line(" ", 0, -1, "customer"),
                    line("Kabel", 100, MAX_UNIT_PRICE_CENTS + 1, "partner"),
                ],
                false
            ),
            [
                "0:description",
                "0:quantity",
                "0:price",
                "1:quantity",
                "1:price",
                "1:payer"
            ]
        );
        // A partner may pay a line only on a partner's order.
        assert!(problems(&[line("Korting partner", 1, 5_000, "partner")], true).is_empty());
        let many: Vec<LineDto> = (0..=MAX_LINES)
            .map(|_| line("x", 1, 1, "customer"))
            .collect();
        assert_eq!(problems(&many, false), ["count"]);
    }
}
