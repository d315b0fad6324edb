//! The admin's product catalogue and price changes: the rules both the
//! form (client) and the service (server) check.

use super::kinds::{parse_skills, ProductKind};
use serde::{Deserialize, Serialize};

/// A product as the admin edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub sku: String,
    pub name: String,
    /// `ProductKind`
    pub kind: String,
    /// Comma-separated `Skill`s.
    pub required_skills: String,
    /// On-site minutes it adds to a visit.
    pub duration_minutes: i32,
    pub active: bool,
}

impl ProductForm {
    /// Field errors as `(field, code)`. Whether the SKU is taken is the
    /// server's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |f: &str, c: &str| out.push((f.to_owned(), c.to_owned()));
        let sku = self.sku.trim();
        if sku.is_empty() {
            push("sku", "required");
        } else if sku.len() > 40
            || !sku
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        {
            push("sku", "sku_invalid");
        }
        if self.name.trim().is_empty() {
            push("name", "required");
        } else if self.name.trim().chars().count() > 120 {
            push("name", "too_long");
        }
        if self.kind.parse::<ProductKind>().is_err() {
            push("kind", "unknown");
        }
        if parse_skills(&self.required_skills).is_err() {
            push("required_skills", "unknown");
        }
        if !(0..=24 * 60).contains(&self.duration_minutes) {
            push("duration_minutes", "duration_range");
        }
        out
    }
}

/// One price change from the pricing matrix. `seen` is the id of the rule
/// the admin saw as the current one (`None` when there was none), so that
/// a change made meanwhile by somebody else is not overwritten.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceChange {
    /// A product's base price, in general (`entity_id: None`) or for one
    /// entity; `cents: None` removes an entity's own price.
    Base {
        product_id: i32,
        entity_id: Option<i32>,
        cents: Option<i64>,
        seen: Option<i32>,
    },
    /// The surcharge for complexity level 2 or 3.
    Complexity {
        level: i32,
        cents: i64,
        seen: Option<i32>,
    },
    /// A partner type's standard margin, in basis points.
    Margin {
        partner_type: String,
        basis_points: i32,
        seen: Option<i32>,
    },
}

/// The highest price or surcharge the matrix accepts: € 100,000.
pub const MAX_CENTS: i64 = 10_000_000;
/// The highest margin: 50 %.
pub const MAX_MARGIN_BP: i32 = 5_000;

impl PriceChange {
    /// A stable name for the matrix cell, used as the error's field:
    /// `base:<product>:<entity or std>`, `complexity:<level>`, `margin:<type>`.
    pub fn cell(&self) -> String {
        match self {
            PriceChange::Base {
                product_id,
                entity_id,
                ..
            } => format!(
                "base:{product_id}:{}",
                entity_id.map_or("std".to_owned(), |e| e.to_string())
            ),
            PriceChange::Complexity { level, .. } => format!("complexity:{level}"),
            PriceChange::Margin { partner_type, .. } => format!("margin:{partner_type}"),
        }
    }

    /// What is wrong with the value: `amount_range`, `margin_range`,
    /// `level_range`, `unknown` (partner type), `required` (a general
    /// price cannot be removed).
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            PriceChange::Base {
                entity_id, cents, ..
            } => match cents {
                None if entity_id.is_none() => Some("required"),
                Some(c) if !(0..=MAX_CENTS).contains(c) => Some("amount_range"),
                _ => None,
            },
            PriceChange::Complexity { level, cents, .. } => {
                if !(2..=3).contains(level) {
                    Some("level_range")
                } else if !(0..=MAX_CENTS).contains(cents) {
                    Some("amount_range")
                } else {
                    None
                }
            }
            PriceChange::Margin {
                partner_type,
                basis_points,
                ..
            } => {
                if partner_type.parse::<super::kinds::PartnerType>().is_err() {
                    Some("unknown")
                } else if !(0..=MAX_MARGIN_BP).contains(basis_points) {
                    Some("margin_range")
                } else {
                    None
                }
            }
        }
    }
}

impl PriceChange {
    /// The rule this change replaces: the newest one with exactly this key
    /// (a general price is not an entity's own price, and vice versa).
    pub fn current<'a>(
        &self,
        rules: &'a [crate::pricing_rule::Model],
    ) -> Option<&'a crate::pricing_rule::Model> {
        rules
            .iter()
            .filter(|r| match self {
                PriceChange::Base {
                    product_id,
                    entity_id,
                    ..
                } => {
                    r.kind == "base"
                        && r.product_id == Some(*product_id)
                        && r.business_entity_id == *entity_id
                }
                PriceChange::Complexity { level, .. } => {
                    r.kind == "complexity" && r.complexity_level == Some(*level)
                }
                PriceChange::Margin { partner_type, .. } => {
                    r.kind == "partner_margin" && r.partner_type.as_deref() == Some(partner_type)
                }
            })
            .max_by_key(|r| (r.valid_from, r.id))
    }

    /// The rule id the admin saw.
    pub fn seen(&self) -> Option<i32> {
        match self {
            PriceChange::Base { seen, .. }
            | PriceChange::Complexity { seen, .. }
            | PriceChange::Margin { seen, .. } => *seen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_fields_are_checked() {
        let ok = ProductForm {
            sku: "ZAP-GO2".into(),
            name: "Zaptec Go 2".into(),
            kind: "charger".into(),
            required_skills: "zaptec, three_phase".into(),
            duration_minutes: 90,
            active: true,
        };
        assert!(ok.problems().is_empty());
        let bad = ProductForm {
            sku: "zap go".into(),
            name: " ".into(),
            kind: "gadget".into(),
            required_skills: "juggling".into(),
            duration_minutes: 2_000,
            active: true,
        };
        let fields: Vec<String> = bad
            .problems()
            .into_iter()
            .map(|(f, c)| format!("{f}={c}"))
            .collect();
        assert_eq!(
            fields,
            [
                "sku=sku_invalid",
                "name=required",
                "kind=unknown",
                "required_skills=unknown",
                "duration_minutes=duration_range"
            ]
        );
    }

    #[test]
    fn price_changes_are_checked_and_named_by_cell() {
        let base = |entity_id, cents| PriceChange::Base {
            product_id: 3,
            entity_id,
            cents,
            seen: None,
        };
        assert_eq!(base(None, Some(89_900)).problem(), None);
        assert_eq!(base(Some(2), None).problem(), None, "an override may go");
        assert_eq!(base(None, None).problem(), Some("required"));
        assert_eq!(base(None, Some(-1)).problem(), Some("amount_range"));
        assert_eq!(base(Some(2), Some(1)).cell(), "base:3:2");
        assert_eq!(base(None, Some(1)).cell(), "base:3:std");
        let c = |level, cents| PriceChange::Complexity {
            level,
            cents,
            seen: None,
        };
        assert_eq!(c(1, 100).problem(), Some("level_range"));
        assert_eq!(c(2, MAX_CENTS + 1).problem(), Some("amount_range"));
        let m = |t: &str, bp| PriceChange::Margin {
            partner_type: t.into(),
            basis_points: bp,
            seen: None,
        };
        assert_eq!(m("reseller", 800).problem(), None);
        assert_eq!(m("reseller", 6_000).problem(), Some("margin_range"));
        assert_eq!(m("bank", 800).problem(), Some("unknown"));
        assert_eq!(m("reseller", 1).cell(), "margin:reseller");
    }
}
