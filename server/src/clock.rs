//! The outbox worker's clock. In production it is the system's. An
//! end-to-end test may name a file (`DELIVERY_CLOCK_FILE`, refused when
//! `APP_ENV=production`) and write a time into it: while the file holds one,
//! the worker delivers what is due by then, so a test can watch a reminder
//! wait until its time and then leave, without waiting days.

use chrono::{DateTime, Utc};
use std::path::Path;

/// What the worker takes as now: the file's time if it holds one, else the
/// system's.
pub fn worker_now(file: Option<&Path>) -> DateTime<Utc> {
    file.and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_s_time_counts_while_it_holds_one() {
        let dir = std::env::temp_dir().join(format!("clock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("now");
        let before = Utc::now();
        // No file, an empty one, or nonsense: the system's time.
        assert!(worker_now(Some(&file)) >= before);
        std::fs::write(&file, "").unwrap();
        assert!(worker_now(Some(&file)) >= before);
        std::fs::write(&file, "gisteren").unwrap();
        assert!(worker_now(Some(&file)) >= before);
        std::fs::write(&file, "2027-01-10T07:01:00Z\n").unwrap();
        assert_eq!(
            worker_now(Some(&file)).to_rfc3339(),
            "2027-01-10T07:01:00+00:00"
        );
        assert!(worker_now(None) >= before);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
