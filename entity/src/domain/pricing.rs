//! Pricing (000 step 4): a product's price for a business entity, the
//! installation-complexity surcharge and the partner margin, from the
//! pricing rules. Pure, so the quote editor can show the same numbers the
//! server stores.

use crate::pricing_rule::Model as Rule;

/// The base price of `product_id` when `entity_id` sells it: a rule for that
/// entity beats the general one; the newest rule wins.
pub fn unit_price(rules: &[Rule], product_id: i32, entity_id: i32) -> Option<i64> {
    rules
        .iter()
        .filter(|r| r.kind == "base" && r.product_id == Some(product_id))
        .filter(|r| r.business_entity_id.is_none() || r.business_entity_id == Some(entity_id))
        .max_by_key(|r| (r.business_entity_id.is_some(), r.valid_from))
        .map(|r| r.amount_cents)
}

/// The surcharge for installation complexity `level` (1 = standard: none).
pub fn complexity_surcharge(rules: &[Rule], level: i32) -> Option<i64> {
    rules
        .iter()
        .filter(|r| r.kind == "complexity" && r.complexity_level == Some(level))
        .max_by_key(|r| r.valid_from)
        .map(|r| r.amount_cents)
        .filter(|c| *c > 0)
}

/// The standard margin of a partner type, in basis points.
pub fn partner_margin_bp(rules: &[Rule], partner_type: &str) -> i32 {
    rules
        .iter()
        .filter(|r| r.kind == "partner_margin" && r.partner_type.as_deref() == Some(partner_type))
        .max_by_key(|r| r.valid_from)
        .map_or(0, |r| r.basis_points)
}

/// `amount × bp / 10 000`, rounded half up to whole cents.
pub fn commission_cents(amount_cents: i64, basis_points: i32) -> i64 {
    (amount_cents * i64::from(basis_points) + 5_000).div_euclid(10_000)
}

/// A sample quote for the admin's live preview: which products, for which
/// entity, partner type and installation complexity.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    pub entity_id: i32,
    /// `None`: a direct sale, no partner margin.
    pub partner_type: Option<String>,
    pub complexity: i32,
    /// `(product id, quantity)`
    pub lines: Vec<(i32, i32)>,
}

/// One priced line of a sample quote; `unit_cents` is `None` when the
/// product has no price for this entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleLine {
    pub product_id: Option<i32>,
    pub quantity: i32,
    pub unit_cents: Option<i64>,
    pub total_cents: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SampleQuote {
    pub lines: Vec<SampleLine>,
    /// Excluding VAT, what the customer pays.
    pub total_cents: i64,
    pub margin_bp: i32,
    /// The partner's commission on `total_cents`.
    pub commission_cents: i64,
    /// Products that have no price for this entity.
    pub unpriced: Vec<i32>,
}

/// Prices `sample` with `rules` the way a quote draft is priced: each
/// product at the entity's price, a complexity surcharge line, and the
/// partner type's standard margin as commission.
pub fn price_sample(rules: &[Rule], sample: &Sample) -> SampleQuote {
    let mut out = SampleQuote::default();
    for &(product, quantity) in &sample.lines {
        let unit = unit_price(rules, product, sample.entity_id);
        if unit.is_none() {
            out.unpriced.push(product);
        }
        out.lines.push(SampleLine {
            product_id: Some(product),
            quantity,
            unit_cents: unit,
            total_cents: unit.unwrap_or(0) * i64::from(quantity),
        });
    }
    if let Some(extra) = complexity_surcharge(rules, sample.complexity) {
        out.lines.push(SampleLine {
            product_id: None,
            quantity: 1,
            unit_cents: Some(extra),
            total_cents: extra,
        });
    }
    out.total_cents = out.lines.iter().map(|l| l.total_cents).sum();
    out.margin_bp = sample
        .partner_type
        .as_deref()
        .map_or(0, |t| partner_margin_bp(rules, t));
    out.commission_cents = commission_cents(out.total_cents, out.margin_bp);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A rule of `kind` worth `cents` (or `bp`), valid from January `day`.
    fn rule(kind: &str, cents: i64, bp: i32, day: u32) -> Rule {
        Rule {
            id: 0,
            kind: kind.into(),
            product_id: None,
            business_entity_id: None,
            partner_type: None,
            complexity_level: None,
            amount_cents: cents,
            basis_points: bp,
            valid_from: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
            version: 1,
        }
    }

    fn base(product: i32, entity: Option<i32>, cents: i64, day: u32) -> Rule {
        Rule {
            product_id: Some(product),
            business_entity_id: entity,
            ..rule("base", cents, 0, day)
        }
    }

    #[test]
    fn entity_prices_beat_general_ones_and_newer_beats_older() {
        let rules = [
            base(1, None, 89_900, 1),
            base(1, None, 92_900, 5),
            base(1, Some(4), 84_900, 1),
        ];
        assert_eq!(unit_price(&rules, 1, 1), Some(92_900));
        assert_eq!(unit_price(&rules, 1, 4), Some(84_900));
        assert_eq!(unit_price(&rules, 2, 1), None);
    }

    #[test]
    fn complexity_and_margins() {
        let rules = [
            Rule {
                complexity_level: Some(2),
                ..rule("complexity", 17_500, 0, 1)
            },
            Rule {
                partner_type: Some("energy_supplier".into()),
                ..rule("partner_margin", 0, 800, 1)
            },
        ];
        assert_eq!(complexity_surcharge(&rules, 1), None);
        assert_eq!(complexity_surcharge(&rules, 2), Some(17_500));
        assert_eq!(partner_margin_bp(&rules, "energy_supplier"), 800);
        assert_eq!(partner_margin_bp(&rules, "reseller"), 0);
        assert_eq!(commission_cents(123_456, 800), 9_876);
        assert_eq!(commission_cents(5, 1_000), 1, "0.5 cent rounds up");
    }

    #[test]
    fn a_sample_quote_is_priced_like_a_draft() {
        let rules = [
            base(1, None, 89_900, 1),
            base(1, Some(4), 84_900, 1),
            base(2, None, 45_000, 1),
            Rule {
                complexity_level: Some(3),
                ..rule("complexity", 35_000, 0, 1)
            },
            Rule {
                partner_type: Some("reseller".into()),
                ..rule("partner_margin", 0, 1_200, 1)
            },
        ];
        let sample = Sample {
            entity_id: 4,
            partner_type: Some("reseller".into()),
            complexity: 3,
            lines: vec![(1, 1), (2, 2), (9, 1)],
        };
        let q = price_sample(&rules, &sample);
        assert_eq!(q.lines.len(), 4, "three products and the surcharge");
        assert_eq!(
            q.lines[0].unit_cents,
            Some(84_900),
            "the entity's own price"
        );
        assert_eq!(q.lines[1].total_cents, 90_000);
        assert_eq!(q.unpriced, [9]);
        assert_eq!(q.total_cents, 84_900 + 90_000 + 35_000);
        assert_eq!(q.margin_bp, 1_200);
        assert_eq!(q.commission_cents, 25_188);
        // A direct sale at standard complexity: no margin, no surcharge.
        let direct = price_sample(
            &rules,
            &Sample {
                entity_id: 1,
                partner_type: None,
                complexity: 1,
                lines: vec![(1, 1)],
            },
        );
        assert_eq!((direct.total_cents, direct.commission_cents), (89_900, 0));
    }
}
