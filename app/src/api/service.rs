//! Service after the installation: the customer's requests and warranty
//! claims, and ops' list of cases with their steps.

use crate::error::AppError;
use entity::dto::{MyServiceDto, ServiceCaseDto, ServiceRequestInput};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The customer's completed orders, cases and warranties.
/// Access: customers (others get 403).
#[server(endpoint = "service/mine")]
pub async fn my_service() -> Result<MyServiceDto, AppError> {
    use super::support::*;
    services::service_cases::mine(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Files a service request or warranty claim with photos. Errors: the
/// fields (400), `warranty_expired` (400); an order not theirs is 404.
/// Access: the order's customer.
#[server(endpoint = "service/file", input = Json)]
pub async fn file_service_request(input: ServiceRequestInput) -> Result<ServiceCaseDto, AppError> {
    use super::support::*;
    services::service_cases::file(&db()?, caller().as_ref(), &input, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Every service case, open ones first. Access: admin, ops_manager, planner.
#[server(endpoint = "service/cases")]
pub async fn service_cases() -> Result<Vec<ServiceCaseDto>, AppError> {
    use super::support::*;
    services::service_cases::list(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Moves a case to its next step. Errors: `step` (409), `resolution`
/// (400), `stale` (409). Access: admin, ops_manager, planner.
#[server(endpoint = "service/move")]
pub async fn move_service_case(
    case_id: i32,
    version: i32,
    to: String,
    resolution: Option<String>,
) -> Result<ServiceCaseDto, AppError> {
    use super::support::*;
    services::service_cases::set_status(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        case_id,
        version,
        &to,
        resolution.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}
