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

#[cfg(test)]
mod tests {
    #[test]
    fn euros_use_dutch_separators() {
        assert_eq!(super::euro(0), "€ 0,00");
        assert_eq!(super::euro(123_456), "€ 1.234,56");
        assert_eq!(super::euro(100_000_000), "€ 1.000.000,00");
        assert_eq!(super::euro(-995), "-€ 9,95");
    }
}
