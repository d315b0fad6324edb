use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    /// `pending`, `sending`, `sent`, `failed`, `uncertain` or `skipped`.
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub attempts: i32,
    /// Why the last hand-over failed.
    #[serde(default)]
    pub last_error: Option<String>,
    /// `email`, `sms` or `whatsapp`.
    #[serde(default)]
    pub channel: String,
    /// Not before this local time (a reminder, quiet hours, a retry).
    #[serde(default)]
    pub due: Option<String>,
}

/// The newest outgoing e-mails. Access: admin only.
#[server(endpoint = "admin/outbox")]
pub async fn outbox() -> Result<Vec<OutboxRow>, AppError> {
    use super::support::*;
    let rows = services::outbox::latest(&db()?, caller().as_ref(), 100)
        .await
        .map_err(fail)?;
    Ok(rows
        .into_iter()
        .map(|m| OutboxRow {
            recipient: m.recipient,
            subject: m.subject,
            body: m.body,
            created_at: m.created_at.format("%Y-%m-%d %H:%M").to_string(),
            state: m.state,
            attempts: m.attempts,
            last_error: m.last_error,
            channel: m.channel,
            due: m.not_before.map(entity::domain::time::format_local),
        })
        .collect())
}

/// Every business entity, with its orders count. Access: admin only.
#[server(endpoint = "admin/entities")]
pub async fn admin_entities() -> Result<entity::dto::AdminEntities, AppError> {
    use super::support::*;
    use chrono::Datelike;
    let rows = services::business_entities::list(&db()?, caller().as_ref())
        .await
        .map_err(fail)?;
    Ok(entity::dto::AdminEntities {
        year: chrono::Utc::now().year(),
        rows,
    })
}

/// Sets up a new business entity; returns its id.
/// Errors: `Fields` (400). Access: admin only.
#[server(endpoint = "admin/entities/create", input = leptos::server_fn::codec::Json)]
pub async fn admin_create_entity(form: entity::domain::EntityForm) -> Result<i32, AppError> {
    use super::support::*;
    services::business_entities::create(&db()?, caller().as_ref(), &form, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Saves an edited business entity; returns its new version.
/// Errors: `Fields` (400), `stale` (409) when somebody saved it first.
/// Access: admin only.
#[server(endpoint = "admin/entities/update", input = leptos::server_fn::codec::Json)]
pub async fn admin_update_entity(
    id: i32,
    version: i32,
    form: entity::domain::EntityForm,
) -> Result<i32, AppError> {
    use super::support::*;
    services::business_entities::update(
        &db()?,
        caller().as_ref(),
        id,
        version,
        &form,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// A page of the audit log (50 lines), newest first.
/// Errors: `Fields` (400) for a bad date. Access: admin only.
#[server(endpoint = "admin/audit", input = leptos::server_fn::codec::Json)]
pub async fn admin_audit(
    filter: entity::dto::AuditFilter,
    offset: u64,
) -> Result<entity::dto::AuditPageDto, AppError> {
    use super::support::*;
    services::audit::search::search(&db()?, caller().as_ref(), &filter, offset, 50)
        .await
        .map_err(fail)
}

/// The regions with their postcode ranges. Access: admin only.
#[server(endpoint = "admin/regions")]
pub async fn admin_regions() -> Result<Vec<entity::dto::RegionDto>, AppError> {
    use super::support::*;
    services::regions::list(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Saves a region's name and ranges; returns the new version.
/// Errors: `Fields` (`name=required`, `ranges=invalid:<why>` or
/// `ranges=overlap:<code>`) (400), `Stale` (409). Access: admin only.
#[server(endpoint = "admin/regions/update", input = leptos::server_fn::codec::Json)]
pub async fn admin_update_region(
    id: i32,
    version: i32,
    name: String,
    ranges: String,
) -> Result<i32, AppError> {
    use super::support::*;
    services::regions::update(
        &db()?,
        caller().as_ref(),
        id,
        version,
        &name,
        &ranges,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Accounts matching `query` (name or e-mail) and `role`, at most 200,
/// with the partners a partner user may act for. Access: admin only.
#[server(endpoint = "admin/users")]
pub async fn admin_users(
    query: String,
    role: Option<entity::domain::Role>,
) -> Result<entity::dto::AdminUsersDto, AppError> {
    use super::support::*;
    services::users::list(&db()?, caller().as_ref(), &query, role)
        .await
        .map_err(fail)
}

/// Invites a colleague or partner user by e-mail; returns the new id.
/// Errors: `Fields` (400). Access: admin only.
#[server(endpoint = "admin/users/invite", input = leptos::server_fn::codec::Json)]
pub async fn admin_invite_user(form: entity::domain::users::InviteForm) -> Result<i32, AppError> {
    use super::support::*;
    services::users::invite(
        &db()?,
        caller().as_ref(),
        &form,
        &public_url(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Changes one account (role, active, authenticator, invitation); returns
/// its new version. Errors: `Fields` (400), `stale` (409).
/// Access: admin only.
#[server(endpoint = "admin/users/change", input = leptos::server_fn::codec::Json)]
pub async fn admin_change_user(
    id: i32,
    version: i32,
    change: entity::dto::UserChange,
) -> Result<i32, AppError> {
    use super::support::*;
    services::users::change(
        &db()?,
        caller().as_ref(),
        id,
        version,
        &change,
        &public_url(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// A business entity's workflow for the editor (the first entity when
/// `entity_id` is `None`). Access: admin only.
#[server(endpoint = "admin/workflow")]
pub async fn admin_workflow(
    entity_id: Option<i32>,
) -> Result<entity::dto::WorkflowEditorDto, AppError> {
    use super::support::*;
    services::workflows::editor(&db()?, caller().as_ref(), entity_id)
        .await
        .map_err(fail)
}

/// Saves a business entity's workflow; returns its new version.
/// Errors: `Problems` (400) with the codes of
/// `Workflow::problems` plus `in_use:<status>`, `stale` (409).
/// Access: admin only.
#[server(endpoint = "admin/workflow/save", input = leptos::server_fn::codec::Json)]
pub async fn admin_save_workflow(
    entity_id: i32,
    version: Option<i32>,
    workflow: entity::domain::Workflow,
) -> Result<i32, AppError> {
    use super::support::*;
    services::workflows::save(
        &db()?,
        caller().as_ref(),
        entity_id,
        version,
        &workflow,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The product catalogue and every pricing rule. Access: admin only.
#[server(endpoint = "admin/catalogue")]
pub async fn admin_catalogue() -> Result<entity::dto::CatalogueDto, AppError> {
    use super::support::*;
    let now = chrono::Utc::now();
    let today = entity::domain::time::amsterdam(now).date_naive();
    services::catalogue::overview(&db()?, caller().as_ref(), today)
        .await
        .map_err(fail)
}

/// Creates (`id: None`) or saves a product; returns its id.
/// Errors: `Fields` (400), `stale` (409). Access: admin only.
#[server(endpoint = "admin/products/save", input = leptos::server_fn::codec::Json)]
pub async fn admin_save_product(
    id: Option<i32>,
    version: i32,
    form: entity::domain::catalogue::ProductForm,
) -> Result<i32, AppError> {
    use super::support::*;
    services::catalogue::save_product(
        &db()?,
        caller().as_ref(),
        id,
        version,
        &form,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Saves the pricing matrix's changed cells, all or none; returns how many
/// rules changed. Errors: `Fields` by cell (400), `stale` (409).
/// Access: admin only.
#[server(endpoint = "admin/prices/save", input = leptos::server_fn::codec::Json)]
pub async fn admin_save_prices(
    changes: Vec<entity::domain::catalogue::PriceChange>,
) -> Result<usize, AppError> {
    use super::support::*;
    let now = chrono::Utc::now();
    let today = entity::domain::time::amsterdam(now).date_naive();
    services::catalogue::save_prices(&db()?, caller().as_ref(), &changes, today, now)
        .await
        .map_err(fail)
}

/// A page of 50 partners matching `filter`. Access: admin only.
#[server(endpoint = "admin/partners", input = leptos::server_fn::codec::Json)]
pub async fn admin_partners(
    filter: entity::dto::PartnerFilter,
    offset: u64,
) -> Result<entity::dto::AdminPartnersDto, AppError> {
    use super::support::*;
    services::partners::list(&db()?, caller().as_ref(), &filter, offset)
        .await
        .map_err(fail)
}

/// Creates (`id: None`) or saves a partner; returns its id.
/// Errors: `Fields` (400), `stale` (409). Access: admin only.
#[server(endpoint = "admin/partners/save", input = leptos::server_fn::codec::Json)]
pub async fn admin_save_partner(
    id: Option<i32>,
    version: i32,
    form: entity::domain::partners::PartnerForm,
) -> Result<i32, AppError> {
    use super::support::*;
    services::partners::save(
        &db()?,
        caller().as_ref(),
        id,
        version,
        &form,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Sets (a `data:` URL of a PNG, JPEG or SVG up to 200 KB) or removes
/// (`None`) a business entity's logo; returns the logo's version (`None`
/// once removed). Errors: `Fields` (`logo`) (400). Access: admin only.
#[server(endpoint = "admin/entities/logo", input = leptos::server_fn::codec::Json)]
pub async fn admin_set_logo(
    entity_id: i32,
    data_url: Option<String>,
) -> Result<Option<i32>, AppError> {
    use super::support::*;
    services::brands::set_logo(
        &db()?,
        caller().as_ref(),
        entity_id,
        data_url.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The operational settings (site-readiness timeout, cancellation fees).
/// Access: admin only.
#[server(endpoint = "admin/settings")]
pub async fn admin_settings() -> Result<entity::dto::SettingsDto, AppError> {
    use super::support::*;
    services::settings::get(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Saves the operational settings loaded as `token`.
/// Errors: `Fields` (400), `stale` (409). Access: admin only.
#[server(endpoint = "admin/settings/save", input = leptos::server_fn::codec::Json)]
pub async fn admin_save_settings(
    settings: entity::domain::settings::OpsSettings,
    token: String,
) -> Result<(), AppError> {
    use super::support::*;
    services::settings::save(
        &db()?,
        caller().as_ref(),
        &settings,
        &token,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Closed months' commission statements not yet paid out. Access: admin.
#[server(endpoint = "admin/commission")]
pub async fn commission_payable() -> Result<Vec<entity::dto::PayableCommissionDto>, AppError> {
    use super::support::*;
    services::commission::payable(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Records that a month's commission was transferred to a partner.
/// Errors: `Fields` (`reference`, `period`), `already_paid` and
/// `nothing_earned` (409). Access: admin.
#[server(endpoint = "admin/commission/pay", input = leptos::server_fn::codec::Json)]
pub async fn record_commission_payout(
    form: entity::dto::PayoutForm,
) -> Result<entity::dto::CommissionStatementDto, AppError> {
    use super::support::*;
    services::commission::record_payout(&db()?, caller().as_ref(), &form, chrono::Utc::now())
        .await
        .map_err(fail)
}
