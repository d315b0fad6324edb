//! The partner portal's API page: keys (make, rotate, revoke) and the
//! usage log. Access: partner users, for their own partner only (others
//! get 403); making, rotating and revoking keys and managing webhooks is
//! for the partner's admins.

use crate::error::AppError;
use entity::dto::{ApiAccessDto, ApiKeyDto, CreatedApiKeyDto, NewApiKeyDto};
use leptos::prelude::*;

/// The partner's keys (never a key itself) and its latest 50 calls.
#[server(endpoint = "partner/api-access")]
pub async fn api_access() -> Result<ApiAccessDto, AppError> {
    use super::support::*;
    services::api_usage::access(&db()?, caller().as_ref(), 50)
        .await
        .map_err(fail)
}

/// Makes a key; the answer holds the key itself, shown this once.
/// Errors: field codes `name`, `scopes`, `expires_in_days` (422).
#[server(endpoint = "partner/api-keys/create", input = leptos::server_fn::codec::Json)]
pub async fn create_api_key(input: NewApiKeyDto) -> Result<CreatedApiKeyDto, AppError> {
    use super::support::*;
    services::api_keys::create(&db()?, caller().as_ref(), &input, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Ends a key at once.
#[server(endpoint = "partner/api-keys/revoke", input = leptos::server_fn::codec::Json)]
pub async fn revoke_api_key(id: i32) -> Result<ApiKeyDto, AppError> {
    use super::support::*;
    services::api_keys::revoke(&db()?, caller().as_ref(), id, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// A new key with the same scopes; the old one keeps working for
/// `overlap_hours` (0–336), so integrations can switch without a gap.
#[server(endpoint = "partner/api-keys/rotate", input = leptos::server_fn::codec::Json)]
pub async fn rotate_api_key(id: i32, overlap_hours: i32) -> Result<CreatedApiKeyDto, AppError> {
    use super::support::*;
    services::api_keys::rotate(
        &db()?,
        caller().as_ref(),
        id,
        overlap_hours,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The partner's webhook endpoints and their latest 30 deliveries, each
/// with its tries.
#[server(endpoint = "partner/webhooks")]
pub async fn webhooks() -> Result<entity::dto::WebhooksDto, AppError> {
    use super::support::*;
    services::webhooks::overview(&db()?, caller().as_ref(), 30)
        .await
        .map_err(fail)
}

/// Registers an endpoint; the answer holds its signing secret, shown this
/// once. Errors: field codes `url` (`url_scheme`, `url_private`, `url`)
/// and `events` (422).
#[server(endpoint = "partner/webhooks/create", input = leptos::server_fn::codec::Json)]
pub async fn create_webhook(
    input: entity::dto::NewWebhookDto,
) -> Result<entity::dto::CreatedWebhookDto, AppError> {
    use super::support::*;
    services::webhooks::create(&db()?, caller().as_ref(), &input, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Turns an endpoint off or on again.
#[server(endpoint = "partner/webhooks/active", input = leptos::server_fn::codec::Json)]
pub async fn set_webhook_active(
    id: i32,
    active: bool,
) -> Result<entity::dto::WebhookEndpointDto, AppError> {
    use super::support::*;
    services::webhooks::set_active(&db()?, caller().as_ref(), id, active)
        .await
        .map_err(fail)
}

/// Sends a `test.ping` event to one endpoint. Errors: 409
/// `endpoint_disabled`.
#[server(endpoint = "partner/webhooks/test", input = leptos::server_fn::codec::Json)]
pub async fn send_test_event(id: i32) -> Result<i32, AppError> {
    use super::support::*;
    services::webhooks::send_test(&db()?, caller().as_ref(), id, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Sends a delivery's event again, with the same event id.
#[server(endpoint = "partner/webhooks/replay", input = leptos::server_fn::codec::Json)]
pub async fn replay_delivery(id: i32) -> Result<i32, AppError> {
    use super::support::*;
    services::webhooks::replay(&db()?, caller().as_ref(), id, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// What a lead file (CSV or .xlsx) holds and what is wrong with each row;
/// nothing is made. Errors: `file`, `file_type`, `file_empty`,
/// `file_too_large`, `file_too_many_rows` (400), missing columns (422).
/// Access: partner users, for their own partner.
#[server(endpoint = "partner/leads/import/preview", input = leptos::server_fn::codec::Json)]
pub async fn preview_lead_import(
    file: entity::dto::ImportFileDto,
) -> Result<entity::dto::ImportReportDto, AppError> {
    use super::support::*;
    services::lead_import::preview(&db()?, caller().as_ref(), &file, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Makes an order for every valid row of a lead file (checked again);
/// the rejected rows come back with their reasons.
#[server(endpoint = "partner/leads/import/run", input = leptos::server_fn::codec::Json)]
pub async fn run_lead_import(
    file: entity::dto::ImportFileDto,
) -> Result<entity::dto::ImportReportDto, AppError> {
    use super::support::*;
    services::lead_import::import(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &file,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// A page of the partner's own orders, filtered and searched, with what
/// the filters offer. Errors: `from`, `to`, `q` (400).
#[server(endpoint = "partner/orders", input = leptos::server_fn::codec::Json)]
pub async fn partner_orders(
    filter: entity::dto::PartnerOrderFilter,
) -> Result<entity::dto::PartnerOrderListDto, AppError> {
    use super::support::*;
    services::partner_orders::list(&db()?, caller().as_ref(), &filter)
        .await
        .map_err(fail)
}

/// The invoices of the partner's orders, with totals and PDF links.
#[server(endpoint = "partner/invoices")]
pub async fn partner_invoices() -> Result<entity::dto::PartnerInvoicesDto, AppError> {
    use super::support::*;
    services::partner_invoices::list(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// The quotes on the table for the partner's orders, those waiting for
/// the partner first.
#[server(endpoint = "partner/quotes")]
pub async fn partner_quotes() -> Result<Vec<entity::dto::PartnerQuoteRowDto>, AppError> {
    use super::support::*;
    services::partner_quotes::waiting(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Approves several quotes at once (`(order number, quote id)`, at most
/// 100); each is refused or approved on its own.
#[server(endpoint = "partner/quotes/approve", input = leptos::server_fn::codec::Json)]
pub async fn approve_partner_quotes(
    items: Vec<(String, i32)>,
) -> Result<Vec<entity::dto::BulkApprovalDto>, AppError> {
    use super::support::*;
    services::partner_quotes::approve_many(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &items,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The partner's dashboard: leads, conversion against 000's targets, lead
/// time, installations, commission and the monthly statements.
#[server(endpoint = "partner/dashboard")]
pub async fn partner_dashboard() -> Result<entity::dto::PartnerDashboardDto, AppError> {
    use super::support::*;
    services::partner_dashboard::overview(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// The API reference (from the served OpenAPI document) with scopes,
/// examples and a `curl` call per endpoint. Access: partner users (and
/// admins).
#[server(endpoint = "partner/api-docs")]
pub async fn partner_api_docs() -> Result<entity::dto::ApiReferenceDto, AppError> {
    use super::support::*;
    let doc = use_context::<services::api_docs::OpenApiDocument>()
        .ok_or_else(|| fail(ServiceError::Internal("no API document in context".into())))?;
    services::api_docs::for_caller(caller().as_ref(), &doc).map_err(fail)
}
