//! Partner API keys (issue 20): what a key may do, and the checks on a new
//! key that the partner portal's form and the server share.

/// What a key may be given; each partner API route needs one.
pub const SCOPES: [&str; 4] = [
    "leads:write",
    "orders:read",
    "quotes:write",
    "invoices:read",
];

/// Every key starts with this, so that a leaked key is recognisable (and
/// secret scanners can match it).
pub const KEY_PREFIX: &str = "cc_live_";

/// A test key starts with this: its calls work on the sandbox, never on
/// real orders.
pub const TEST_KEY_PREFIX: &str = "cc_test_";

/// The prefix of a new key.
pub fn key_prefix(test: bool) -> &'static str {
    if test {
        TEST_KEY_PREFIX
    } else {
        KEY_PREFIX
    }
}

/// A sandbox order's number starts with this.
pub const SANDBOX_NUMBER_PREFIX: &str = "TEST-";

/// The longest a key may stay valid, in days.
pub const MAX_DAYS: i32 = 730;

/// The longest the old key of a rotation keeps working, in hours.
pub const MAX_OVERLAP_HOURS: i32 = 24 * 14;

/// What is wrong with a new key, as field codes (empty: fine).
/// `expires_in_days`: `None` never expires.
pub fn problems(name: &str, scopes: &[String], expires_in_days: Option<i32>) -> Vec<&'static str> {
    let mut out = Vec::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        out.push("name");
    }
    if scopes.is_empty() || scopes.iter().any(|s| !SCOPES.contains(&s.as_str())) {
        out.push("scopes");
    }
    if expires_in_days.is_some_and(|d| !(1..=MAX_DAYS).contains(&d)) {
        out.push("expires_in_days");
    }
    out
}

/// The public part of a presented key (`cc_live_<id>` or `cc_test_<id>`),
/// by which it is found; `None` when it is not shaped like a key.
pub fn public_part(key: &str) -> Option<&str> {
    let rest = key
        .strip_prefix(KEY_PREFIX)
        .or_else(|| key.strip_prefix(TEST_KEY_PREFIX))?;
    let (id, secret) = rest.split_once('_')?;
    (id.len() == 8
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && secret.len() >= 32)
        .then(|| &key[..KEY_PREFIX.len() + 8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_names_each_wrong_field() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert!(problems("ERP koppeling", &s(&["leads:write"]), Some(90)).is_empty());
        assert!(problems("x", &s(&["orders:read"]), None).is_empty());
        assert_eq!(
            problems(" ", &s(&["orders:write"]), Some(0)),
            ["name", "scopes", "expires_in_days"]
        );
        assert_eq!(
            problems("x", &[], Some(MAX_DAYS + 1)),
            ["scopes", "expires_in_days"]
        );
    }

    #[test]
    fn only_key_shaped_text_has_a_public_part() {
        let key = format!("{KEY_PREFIX}ab12cd34_{}", "s".repeat(43));
        assert_eq!(public_part(&key), Some("cc_live_ab12cd34"));
        let test = format!("{TEST_KEY_PREFIX}ab12cd34_{}", "s".repeat(43));
        assert_eq!(public_part(&test), Some("cc_test_ab12cd34"));
        for bad in [
            "",
            "cc_live_",
            "cc_live_ab12cd34",
            "cc_live_AB12CD34_ssssssssssssssssssssssssssssssssssss",
            "cc_demo_ab12cd34_ssssssssssssssssssssssssssssssssssss",
            "cc_live_ab12cd34_short",
        ] {
            assert_eq!(public_part(bad), None, "{bad}");
        }
    }
}
