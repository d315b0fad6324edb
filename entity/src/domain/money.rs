//! Money as the Dutch write it; shared by the pages and the quote PDF.

/// `€ 1.234,56`; negative amounts get a minus sign.
pub fn euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}€ {grouped},{:02}", c % 100)
}

/// Reads an amount as people type it: `1234,56`, `1.234,56`, `€ 12`,
/// `12.5` (a single dot with one or two decimals is a decimal point).
/// `None` for anything else, negative amounts included.
pub fn parse_euro(text: &str) -> Option<i64> {
    let t: String = text
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.starts_with('-') {
        return None;
    }
    let (whole, frac) = match (t.rfind(','), t.rfind('.')) {
        (Some(c), _) => (t[..c].replace('.', ""), &t[c + 1..]),
        (None, Some(d)) if t.len() - d - 1 <= 2 && t.matches('.').count() == 1 => {
            (t[..d].to_owned(), &t[d + 1..])
        }
        (None, _) => (t.replace('.', ""), ""),
    };
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_amounts_are_read_the_dutch_way_and_the_english_way() {
        use super::parse_euro;
        assert_eq!(parse_euro("1234,56"), Some(123_456));
        assert_eq!(parse_euro("€ 1.234,56"), Some(123_456));
        assert_eq!(parse_euro("12"), Some(1_200));
        assert_eq!(parse_euro("12,5"), Some(1_250));
        assert_eq!(parse_euro("12.50"), Some(1_250));
        assert_eq!(parse_euro("1.234"), Some(123_400));
        assert_eq!(parse_euro(",99"), Some(99));
        for bad in ["", "€", "-5", "12,345", "abc", "1,2,3", "12,x"] {
            assert_eq!(parse_euro(bad), None, "{bad}");
        }
        assert_eq!(parse_euro(&super::euro(98_765)), Some(98_765));
    }

    #[test]
    fn euros_use_dutch_separators() {
        assert_eq!(super::euro(0), "€ 0,00");
        assert_eq!(super::euro(123_456), "€ 1.234,56");
        assert_eq!(super::euro(100_000_000), "€ 1.000.000,00");
        assert_eq!(super::euro(-995), "-€ 9,95");
    }
}
