use thiserror::Error;

/// Errors that services return. Handlers map them to HTTP status codes and
/// to messages that are safe to show (no SQL, no internals).
#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The request no longer fits the record's state (somebody was first,
    /// or a newer version exists). The text is a stable code for the UI.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not found")]
    NotFound,
    #[error("sign in first")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// Signed in with a password, but the second factor is still due.
    #[error("second factor required")]
    MfaRequired,
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
