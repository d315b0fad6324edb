//! The satisfaction survey's answer rules, checked by the page as the
//! customer types and by the server when it arrives.

/// The lowest and highest score.
pub const SCORES: std::ops::RangeInclusive<i32> = 1..=5;
/// The longest comment, in characters.
pub const COMMENT_MAX: usize = 2000;

/// The problems of an answer, as `(field, code)`.
pub fn check(score: i32, comment: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !SCORES.contains(&score) {
        out.push(("score".to_owned(), "choose".to_owned()));
    }
    if comment.chars().count() > COMMENT_MAX {
        out.push(("comment".to_owned(), "too_long".to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_is_needed_and_a_comment_has_a_limit() {
        assert!(check(5, "Netjes gewerkt").is_empty());
        assert!(check(1, "").is_empty());
        assert_eq!(check(0, ""), [("score".to_owned(), "choose".to_owned())]);
        assert_eq!(check(6, "").len(), 1);
        assert!(check(3, &"x".repeat(COMMENT_MAX)).is_empty());
        assert_eq!(
            check(3, &"é".repeat(COMMENT_MAX + 1)),
            [("comment".to_owned(), "too_long".to_owned())]
        );
    }
}
