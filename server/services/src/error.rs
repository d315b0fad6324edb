use entity::domain::pipeline::Refusal;
use thiserror::Error;

/// A field of a form and the code of what is wrong with it
/// (`("email", "email_invalid")`).
pub type FieldErrors = Vec<(String, String)>;

/// Errors that services return. `app::error::AppError` turns each into one
/// HTTP status and a message that is safe to show (no SQL, no internals);
/// that is the only place that does.
#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("database error: {0}")]
    Db(sea_orm::DbErr),
    /// Something on our side failed that the caller cannot fix (a solver
    /// that did not start, a QR code that could not be drawn). Logged, and
    /// answered as an internal error.
    #[error("internal error: {0}")]
    Internal(String),
    /// A service we depend on (routing) did not answer usefully.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The request is malformed; the text is a stable code (`date`,
    /// `window`, `reason`, …) that the UI may show.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Form fields that are wrong, each with a stable code.
    #[error("invalid fields: {0:?}")]
    Fields(FieldErrors),
    /// Problems of a larger structure (order lines, a workflow), each a code.
    #[error("problems: {0:?}")]
    Problems(Vec<String>),
    /// What a completion still lacks (`signature`, `photos`, …).
    #[error("missing: {0:?}")]
    Missing(Vec<&'static str>),
    /// Somebody saved a newer version first.
    #[error("stale: a newer version exists")]
    Stale,
    /// The request no longer fits the record's state. The text is a stable
    /// code for the UI (`locked`, `wrong_status`, …).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The order's workflow refuses the move.
    #[error("refused: {}", .0.code())]
    Refused(Refusal),
    /// The link or record existed but is no longer open (an intake that
    /// was sent or expired).
    #[error("gone")]
    Gone,
    #[error("not found")]
    NotFound,
    #[error("sign in first")]
    Unauthenticated,
    /// Wrong e-mail or password (one answer for both).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A wrong, expired or replayed second-factor code.
    #[error("invalid code")]
    InvalidCode,
    /// Too many failures; try again after this many minutes.
    #[error("rate limited for {retry_after_minutes} min")]
    RateLimited { retry_after_minutes: i64 },
    #[error("not allowed")]
    Forbidden,
    /// Signed in with a password, but the second factor is still due.
    #[error("second factor required")]
    MfaRequired,
}

impl ServiceError {
    /// Field errors from a rule's `problems()`, or `Ok` when there are none.
    pub fn check_fields(problems: FieldErrors) -> Result<(), ServiceError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Fields(problems))
        }
    }

    /// The field errors of a `Fields` error; panics on any other (tests
    /// compare them as `result.map_err(ServiceError::into_fields)`).
    #[cfg(any(test, feature = "testing"))]
    pub fn into_fields(self) -> FieldErrors {
        match self {
            ServiceError::Fields(f) => f,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    /// One field error.
    pub fn field(field: &str, code: &str) -> ServiceError {
        ServiceError::Fields(vec![(field.to_owned(), code.to_owned())])
    }
}

/// A busy database (locked, deadlocked, no connection free) is a temporary
/// `Unavailable` (503 with a retry hint), never an internal error.
impl From<sea_orm::DbErr> for ServiceError {
    fn from(e: sea_orm::DbErr) -> Self {
        if crate::db::is_busy(&e) {
            ServiceError::Unavailable(format!("database busy: {e}"))
        } else {
            ServiceError::Db(e)
        }
    }
}

impl From<crate::authz::Denied> for ServiceError {
    fn from(d: crate::authz::Denied) -> Self {
        match d {
            crate::authz::Denied::Unauthenticated => ServiceError::Unauthenticated,
            crate::authz::Denied::Forbidden => ServiceError::Forbidden,
            crate::authz::Denied::MfaRequired => ServiceError::MfaRequired,
        }
    }
}

impl From<Refusal> for ServiceError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Stale => ServiceError::Stale,
            r => ServiceError::Refused(r),
        }
    }
}
