//! Paging and filtering shared by the live partner API (`partner_api`) and
//! its sandbox (`sandbox`): an opaque keyset cursor, the page size rule and
//! what a list of orders may be narrowed to. Kept apart so that the two
//! worlds use one rule without depending on each other.

use crate::ServiceError;
use chrono::{DateTime, Utc};

/// The most a page holds.
pub const MAX_PAGE: u64 = 100;

/// A page cursor: the id of the last row given, opaque to the partner.
pub fn cursor_of(id: i32) -> String {
    data_encoding::BASE64URL_NOPAD.encode(format!("after:{id}").as_bytes())
}

pub fn parse_cursor(cursor: Option<&str>) -> Result<Option<i32>, ServiceError> {
    let Some(c) = cursor else {
        return Ok(None);
    };
    data_encoding::BASE64URL_NOPAD
        .decode(c.as_bytes())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("after:")?.parse().ok())
        .map(Some)
        .ok_or_else(|| ServiceError::Invalid("cursor".into()))
}

/// Cuts a page of `size` from rows fetched with `limit(size + 1)`, and the
/// cursor to the next page when there was a row more.
pub fn cut<T>(rows: &mut Vec<T>, size: u64, id: impl Fn(&T) -> i32) -> Option<String> {
    let more = rows.len() as u64 > size;
    rows.truncate(size as usize);
    more.then(|| rows.last().map(|r| cursor_of(id(r))))
        .flatten()
}

pub fn page_size(limit: Option<u64>) -> Result<u64, ServiceError> {
    match limit {
        None => Ok(25),
        Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(ServiceError::Invalid("limit".into())),
    }
}

/// What a list of orders may be narrowed to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderFilter {
    /// 000's status code.
    pub status: Option<String>,
    /// A business entity's code.
    pub entity: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_goes_round_and_a_made_up_one_is_refused() {
        assert_eq!(parse_cursor(Some(&cursor_of(42))).unwrap(), Some(42));
        assert_eq!(parse_cursor(None).unwrap(), None);
        for bad in ["", "x", "YWZ0ZXI6", "bm9wZTo0Mg"] {
            assert!(
                matches!(parse_cursor(Some(bad)), Err(ServiceError::Invalid(_))),
                "{bad}"
            );
        }
        assert!(page_size(Some(0)).is_err() && page_size(Some(101)).is_err());
        assert_eq!(page_size(None).unwrap(), 25);
    }
}
