use thiserror::Error;

/// Errors that services return. Handlers map them to HTTP status codes and
/// to messages that are safe to show (no SQL, no internals).
#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
}
