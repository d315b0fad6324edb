//! Regions by four-digit postcode (PC4). A region holds one or more
//! inclusive ranges, stored as text like `"1000-1999,8200-8299"`.

/// Parses `"1000-1999,8200-8299"` into ranges; rejects malformed or
/// reversed ranges with a message that names the offending part.
pub fn parse_pc4_ranges(text: &str) -> Result<Vec<(u16, u16)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part
            .split_once('-')
            .ok_or_else(|| format!("`{part}` is not a range like 1000-1999"))?;
        let from: u16 = a
            .trim()
            .parse()
            .map_err(|_| format!("`{a}` is not a postcode number"))?;
        let to: u16 = b
            .trim()
            .parse()
            .map_err(|_| format!("`{b}` is not a postcode number"))?;
        if !(1000..=9999).contains(&from) || !(1000..=9999).contains(&to) {
            return Err(format!("`{part}` lies outside 1000-9999"));
        }
        if from > to {
            return Err(format!("`{part}` runs backwards"));
        }
        out.push((from, to));
    }
    if out.is_empty() {
        return Err("no postcode ranges given".to_owned());
    }
    Ok(out)
}

/// Whether two sets of ranges share a postcode.
pub fn ranges_overlap(a: &[(u16, u16)], b: &[(u16, u16)]) -> bool {
    a.iter()
        .any(|(a1, a2)| b.iter().any(|(b1, b2)| a1 <= b2 && b1 <= a2))
}

/// The PC4 number of a Dutch postcode such as `"3861 AB"` or `"3861ab"`.
pub fn pc4_of(postcode: &str) -> Option<u16> {
    let digits: String = postcode.trim().chars().take(4).collect();
    if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse().ok().filter(|n| *n >= 1000)
    } else {
        None
    }
}

/// Normalises a Dutch postcode to `"1234 AB"`, or `None` if it is not one.
pub fn normalise_postcode(postcode: &str) -> Option<String> {
    let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
    let (digits, letters) = compact.split_at_checked(4)?;
    let ok = pc4_of(digits).is_some()
        && letters.len() == 2
        && letters.chars().all(|c| c.is_ascii_alphabetic());
    ok.then(|| format!("{digits} {}", letters.to_ascii_uppercase()))
}

/// Which of `regions` (code, ranges) contains the postcode.
pub fn region_for_postcode<'a>(
    regions: &'a [(String, Vec<(u16, u16)>)],
    postcode: &str,
) -> Option<&'a str> {
    let pc4 = pc4_of(postcode)?;
    regions
        .iter()
        .find(|(_, ranges)| ranges.iter().any(|(a, b)| (*a..=*b).contains(&pc4)))
        .map(|(code, _)| code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_ranges() {
        assert_eq!(
            parse_pc4_ranges("1000-1999, 8200-8299").unwrap(),
            vec![(1000, 1999), (8200, 8299)]
        );
        assert!(parse_pc4_ranges("1999-1000")
            .unwrap_err()
            .contains("backwards"));
        assert!(parse_pc4_ranges("0100-0200")
            .unwrap_err()
            .contains("outside"));
        assert!(parse_pc4_ranges("abc").unwrap_err().contains("not a range"));
        assert!(parse_pc4_ranges("").is_err());
    }

    #[test]
    fn normalises_postcodes() {
        assert_eq!(normalise_postcode("3861ab").as_deref(), Some("3861 AB"));
        assert_eq!(normalise_postcode(" 3861 AB ").as_deref(), Some("3861 AB"));
        assert_eq!(normalise_postcode("0861 AB"), None);
        assert_eq!(normalise_postcode("3861 A1"), None);
        assert_eq!(normalise_postcode("38611AB"), None);
    }

    #[test]
    fn finds_the_region_of_a_postcode() {
        let regions = vec![
            ("NH".to_owned(), vec![(1000, 1999), (8200, 8299)]),
            ("MI".to_owned(), vec![(3400, 3999)]),
        ];
        assert_eq!(region_for_postcode(&regions, "3861 AB"), Some("MI"));
        assert_eq!(region_for_postcode(&regions, "8232 AA"), Some("NH"));
        assert_eq!(region_for_postcode(&regions, "9711 AA"), None);
        assert_eq!(region_for_postcode(&regions, "nonsense"), None);
    }

    #[test]
    fn ranges_overlap_when_they_share_a_postcode() {
        assert!(ranges_overlap(&[(1000, 1999)], &[(1999, 2100)]));
        assert!(ranges_overlap(
            &[(3000, 3999), (8200, 8299)],
            &[(8250, 8250)]
        ));
        assert!(!ranges_overlap(&[(1000, 1999)], &[(2000, 2999)]));
        assert!(!ranges_overlap(&[], &[(2000, 2999)]));
    }
}
