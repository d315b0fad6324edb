//! A token bucket per API key (issue 20): a key may make `burst` calls at
//! once and then `per_minute` calls a minute. The buckets live in the
//! process, which is the one API server; answers carry how much is left
//! (`RateLimit-*`) and a refused call says when to come back
//! (`Retry-After`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many calls a key may make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatePolicy {
    /// The refill rate: calls a minute, sustained.
    pub per_minute: u32,
    /// The bucket's size: calls in a burst.
    pub burst: u32,
}

impl Default for RatePolicy {
    fn default() -> Self {
        RatePolicy {
            per_minute: 120,
            burst: 60,
        }
    }
}

/// The answer to one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// The bucket's size (`RateLimit-Limit`).
    pub limit: u32,
    /// Whole calls left after this one (`RateLimit-Remaining`).
    pub remaining: u32,
    /// Seconds until the bucket is full again (`RateLimit-Reset`).
    pub reset_secs: u64,
    /// Seconds until the next call is allowed (`Retry-After`); 0 when
    /// this one was.
    pub retry_after_secs: u64,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every key, shared by the server's handlers.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    policy: RatePolicy,
    buckets: Arc<Mutex<HashMap<i32, Bucket>>>,
}

impl RateLimiter {
    pub fn new(policy: RatePolicy) -> Self {
        RateLimiter {
            policy,
            buckets: Arc::default(),
        }
    }

    pub fn policy(&self) -> RatePolicy {
        self.policy
    }

    /// Takes a token from `key`'s bucket, if there is one.
    pub fn check(&self, key: i32) -> Decision {
        self.check_at(key, Instant::now())
    }

    /// `check` at a given moment (tests drive the clock).
    pub fn check_at(&self, key: i32, now: Instant) -> Decision {
        let burst = f64::from(self.policy.burst.max(1));
        let per_sec = f64::from(self.policy.per_minute.max(1)) / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        // Full buckets say nothing a new one would not; forget them so the
        // map holds only keys in use.
        if buckets.len() > 10_000 {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_sec < burst
            });
        }
        let b = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_sec).min(burst);
        b.at = now;
        let allowed = b.tokens >= 1.0;
        if allowed {
            b.tokens -= 1.0;
        }
        let secs = |tokens: f64| Duration::from_secs_f64(tokens.max(0.0) / per_sec).as_secs_f64();
        Decision {
            allowed,
            limit: self.policy.burst.max(1),
            remaining: b.tokens.floor() as u32,
            reset_secs: secs(burst - b.tokens).ceil() as u64,
            retry_after_secs: if allowed {
                0
            } else {
                (secs(1.0 - b.tokens).ceil() as u64).max(1)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_until_a_token_returns() {
        let rl = RateLimiter::new(RatePolicy {
            per_minute: 60,
            burst: 3,
        });
        let t0 = Instant::now();
        let seen: Vec<(bool, u32)> = (0..4)
            .map(|_| rl.check_at(7, t0))
            .map(|d| (d.allowed, d.remaining))
            .collect();
        assert_eq!(seen, [(true, 2), (true, 1), (true, 0), (false, 0)]);
        let refused = rl.check_at(7, t0);
        assert_eq!((refused.retry_after_secs, refused.reset_secs), (1, 3));
        // Another key has its own bucket.
        assert!(rl.check_at(8, t0).allowed);
        // One call a second comes back: after 1.5 s one call, not two.
        let later = t0 + Duration::from_millis(1500);
        assert!(rl.check_at(7, later).allowed);
        assert!(!rl.check_at(7, later).allowed);
        // After a long pause the bucket is full, never more.
        let much_later = t0 + Duration::from_secs(3600);
        let d = rl.check_at(7, much_later);
        assert_eq!((d.allowed, d.remaining, d.limit), (true, 2, 3));
    }
}
