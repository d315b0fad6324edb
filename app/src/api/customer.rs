//! The customer's start page.

use crate::error::AppError;
use entity::dto::CustomerDashboardDto;
use leptos::prelude::*;

/// Each of the customer's orders with its next appointment, what we need
/// from them and their progress; and the latest messages sent to them.
/// Access: customers (others get 403).
#[server(endpoint = "customer/dashboard")]
pub async fn customer_dashboard() -> Result<CustomerDashboardDto, AppError> {
    use super::support::*;
    services::customer_home::dashboard(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// The customer's details and latest sign-ins. Access: customers.
#[server(endpoint = "customer/account")]
pub async fn my_account() -> Result<entity::dto::AccountDto, AppError> {
    use super::support::*;
    services::customer_account::account(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Saves name, phone, address and language. Errors: the fields (400),
/// `stale` (409). Access: customers (their own).
#[server(endpoint = "customer/account-save", input = leptos::server_fn::codec::Json)]
pub async fn save_account(
    input: entity::dto::AccountDto,
) -> Result<entity::dto::AccountDto, AppError> {
    use super::support::*;
    services::customer_account::save(&db()?, caller().as_ref(), &input, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// The customer's documents (quotes, invoices, sign-off reports, warranty
/// certificates). Access: customers (others get 403).
#[server(endpoint = "customer/documents")]
pub async fn my_documents() -> Result<Vec<entity::dto::CustomerDocumentDto>, AppError> {
    use super::support::*;
    services::customer_documents::list(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Asks us to erase the customer's personal data (ops decide). Access:
/// customers (their own).
#[server(endpoint = "customer/erasure")]
pub async fn request_erasure() -> Result<entity::dto::ErasureDto, AppError> {
    use super::support::*;
    services::customer_account::request_erasure(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Every erasure request, waiting ones first. Access: admin, ops_manager,
/// planner.
#[server(endpoint = "customer/erasures")]
pub async fn erasure_requests() -> Result<Vec<entity::dto::ErasureDto>, AppError> {
    use super::support::*;
    services::customer_account::erasure_requests(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Approves (erases) or rejects (with a note) a waiting request. Errors:
/// `note` (400), `decided`, `stale` (409). Access: admin, ops_manager,
/// planner.
#[server(endpoint = "customer/erasure-decide")]
pub async fn decide_erasure(
    id: i32,
    version: i32,
    approve: bool,
    note: Option<String>,
) -> Result<entity::dto::ErasureDto, AppError> {
    use super::support::*;
    services::customer_account::decide_erasure(
        &db()?,
        caller().as_ref(),
        id,
        version,
        approve,
        note.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}
