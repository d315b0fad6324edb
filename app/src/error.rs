//! One error type from the services to the screen.
//!
//! Every server function returns `Result<_, AppError>`; the plain axum
//! routes answer with the same JSON. `AppError::status` is the one mapping
//! to HTTP status codes, and `From<ServiceError>` (server only) the one
//! mapping from the services' errors. Pages match on the variants and show
//! translated messages (`components::form`).

use entity::domain::pipeline::Refusal;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A form field and the code of what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    /// 401: sign in first.
    Unauthenticated,
    /// 401: the second sign-in step is still due.
    MfaRequired,
    /// 401: wrong e-mail or password (one answer for both).
    InvalidCredentials,
    /// 401: a wrong, expired or replayed second-factor code.
    InvalidCode,
    /// 403: signed in, but not allowed.
    Forbidden,
    /// 404: not there, or not yours (the same answer for both).
    NotFound,
    /// 410: the link was used or has expired.
    Gone,
    /// 400: form fields that are wrong, each with a code.
    Fields(Vec<FieldError>),
    /// 400: a malformed request, with a stable code (`date`, `reason`, …).
    Invalid(String),
    /// 400: problems of a larger structure (order lines, a workflow).
    Problems(Vec<String>),
    /// 400: what a completion still lacks (`signature`, `photos`, …).
    Missing(Vec<String>),
    /// 409: somebody saved a newer version first.
    Stale,
    /// 409: the record's state does not allow this (`locked`, …).
    Conflict(String),
    /// 409: the workflow refuses this move.
    Refused(Refusal),
    /// 429: too many attempts; try again after this many minutes.
    RateLimited { retry_after_minutes: i64 },
    /// 503: a service we depend on did not answer; try again.
    Unavailable,
    /// 500: something failed on our side (logged on the server).
    Internal,
    /// The request did not reach the server, or its answer was unreadable
    /// (raised in the browser by the server-function machinery).
    Transport(String),
}

impl AppError {
    /// The HTTP status of this error: the one mapping, used by server
    /// functions and the plain axum routes alike.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Unauthenticated
            | AppError::MfaRequired
            | AppError::InvalidCredentials
            | AppError::InvalidCode => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Gone => S::GONE,
            AppError::Fields(_)
            | AppError::Invalid(_)
            | AppError::Problems(_)
            | AppError::Missing(_) => S::BAD_REQUEST,
            AppError::Stale | AppError::Conflict(_) | AppError::Refused(_) => S::CONFLICT,
            AppError::RateLimited { .. } => S::TOO_MANY_REQUESTS,
            AppError::Unavailable => S::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::Transport(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds after which a retry may succeed (the `Retry-After` header):
    /// a busy database or dependency soon, a rate limit when it lifts.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::Unavailable => Some(1),
            AppError::RateLimited {
                retry_after_minutes,
            } => Some(u64::try_from(*retry_after_minutes).unwrap_or(0).max(1) * 60),
            _ => None,
        }
    }

    /// A short stable code for this error (`stale`, `forbidden`, the code
    /// of a conflict or refusal), for logs and simple comparisons.
    pub fn code(&self) -> &str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::MfaRequired => "mfa_required",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::InvalidCode => "mfa_invalid",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Gone => "gone",
            AppError::Fields(_) => "invalid",
            AppError::Invalid(code) | AppError::Conflict(code) => code,
            AppError::Problems(_) => "problems",
            AppError::Missing(_) => "missing",
            AppError::Stale => "stale",
            AppError::Refused(r) => r.code(),
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unavailable => "unavailable",
            AppError::Internal => "internal",
            AppError::Transport(_) => "transport",
        }
    }

    /// Field errors as a field → code map (empty for other errors).
    pub fn fields(&self) -> std::collections::HashMap<String, String> {
        match self {
            AppError::Fields(list) => list
                .iter()
                .map(|f| (f.field.clone(), f.code.clone()))
                .collect(),
            _ => Default::default(),
        }
    }

    /// Field errors from `(field, code)` pairs, as the shared domain rules
    /// (`problems()`) return them.
    pub fn from_fields(list: Vec<(String, String)>) -> AppError {
        AppError::Fields(
            list.into_iter()
                .map(|(field, code)| FieldError { field, code })
                .collect(),
        )
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Fields(list) => {
                let list: Vec<String> = list
                    .iter()
                    .map(|e| format!("{}={}", e.field, e.code))
                    .collect();
                write!(f, "invalid fields: {}", list.join(", "))
            }
            AppError::Problems(list) => write!(f, "problems: {}", list.join(", ")),
            AppError::Missing(list) => write!(f, "missing: {}", list.join(", ")),
            AppError::RateLimited {
                retry_after_minutes,
            } => write!(f, "rate limited for {retry_after_minutes} min"),
            AppError::Transport(m) => write!(f, "transport: {m}"),
            other => f.write_str(other.code()),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not decode are the caller's mistake.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Invalid("arguments".to_owned())
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use services::ServiceError;

    impl From<ServiceError> for AppError {
        /// The one mapping from the services' errors. Internal details are
        /// logged, never sent.
        fn from(e: ServiceError) -> Self {
            match e {
                ServiceError::Db(_) | ServiceError::Internal(_) => {
                    tracing::error!(error = %e, "request failed");
                    AppError::Internal
                }
                ServiceError::Unavailable(_) => {
                    tracing::warn!(error = %e, "a dependency is unavailable");
                    AppError::Unavailable
                }
                ServiceError::Invalid(code) => AppError::Invalid(code),
                ServiceError::Fields(list) => AppError::from_fields(list),
                ServiceError::Problems(list) => AppError::Problems(list),
                ServiceError::Missing(list) => {
                    AppError::Missing(list.into_iter().map(str::to_owned).collect())
                }
                ServiceError::Stale => AppError::Stale,
                ServiceError::Conflict(code) => AppError::Conflict(code),
                ServiceError::Refused(r) => AppError::Refused(r),
                ServiceError::Gone => AppError::Gone,
                ServiceError::NotFound => AppError::NotFound,
                ServiceError::Unauthenticated => AppError::Unauthenticated,
                ServiceError::InvalidCredentials => AppError::InvalidCredentials,
                ServiceError::InvalidCode => AppError::InvalidCode,
                ServiceError::RateLimited {
                    retry_after_minutes,
                } => AppError::RateLimited {
                    retry_after_minutes,
                },
                ServiceError::Forbidden => AppError::Forbidden,
                ServiceError::MfaRequired => AppError::MfaRequired,
            }
        }
    }

    impl axum::response::IntoResponse for AppError {
        /// The status of `AppError::status` and the error as JSON, as a
        /// server function would answer it.
        fn into_response(self) -> axum::response::Response {
            let mut res = (self.status(), axum::Json(&self)).into_response();
            if let Some(secs) = self.retry_after_secs() {
                res.headers_mut()
                    .insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
            }
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travels_as_tagged_json_and_back() {
        let e = AppError::from_fields(vec![("email".into(), "email_invalid".into())]);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"error":"fields","detail":[{"field":"email","code":"email_invalid"}]}"#
        );
        assert_eq!(AppError::de(e.ser()), e);
        assert_eq!(
            serde_json::to_string(&AppError::Stale).unwrap(),
            r#"{"error":"stale"}"#
        );
        assert_eq!(
            AppError::de(AppError::Refused(Refusal::NoSignOff).ser()),
            AppError::Refused(Refusal::NoSignOff)
        );
    }

    #[test]
    fn statuses() {
        use http::StatusCode as S;
        for (e, s) in [
            (AppError::Unauthenticated, S::UNAUTHORIZED),
            (AppError::Forbidden, S::FORBIDDEN),
            (AppError::NotFound, S::NOT_FOUND),
            (AppError::Gone, S::GONE),
            (AppError::Fields(vec![]), S::BAD_REQUEST),
            (AppError::Missing(vec![]), S::BAD_REQUEST),
            (AppError::Stale, S::CONFLICT),
            (AppError::Refused(Refusal::Final), S::CONFLICT),
            (
                AppError::RateLimited {
                    retry_after_minutes: 15,
                },
                S::TOO_MANY_REQUESTS,
            ),
            (AppError::Unavailable, S::SERVICE_UNAVAILABLE),
            (AppError::Internal, S::INTERNAL_SERVER_ERROR),
        ] {
            assert_eq!(e.status(), s, "{e:?}");
        }
    }

    #[test]
    fn undecodable_arguments_are_the_callers_mistake() {
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into())),
            AppError::Invalid("arguments".into())
        );
        assert!(matches!(
            AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into())),
            AppError::Transport(_)
        ));
    }
}
