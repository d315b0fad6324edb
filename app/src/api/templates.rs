//! Message templates (admin page "Sjablonen"): list, open, preview, send a
//! test, save. Each is a shim over `services::template_admin`, which checks
//! that the caller is an admin. Errors: `Problems` (400) for a draft that
//! does not check, `stale` (409) when another admin saved first, `not_found`
//! for a template that cannot exist.

use crate::error::AppError;
use entity::dto::{TemplateEditorDto, TemplateKeyDto, TemplatePreviewDto, TemplatesDto};
use leptos::prelude::*;

/// The templates of a scope (0: the platform; else a business entity; none:
/// the first entity) in a language.
#[server(endpoint = "admin/templates")]
pub async fn admin_templates(
    scope: Option<i32>,
    language: String,
) -> Result<TemplatesDto, AppError> {
    use super::support::*;
    services::template_admin::list(&db()?, caller().as_ref(), scope, &language)
        .await
        .map_err(fail)
}

/// One template with its versions.
#[server(endpoint = "admin/templates/open", input = leptos::server_fn::codec::Json)]
pub async fn admin_template(key: TemplateKeyDto) -> Result<TemplateEditorDto, AppError> {
    use super::support::*;
    services::template_admin::open(&db()?, caller().as_ref(), &key)
        .await
        .map_err(fail)
}

/// A draft rendered with a real order, or the problems that stop it.
#[server(endpoint = "admin/templates/preview", input = leptos::server_fn::codec::Json)]
pub async fn admin_template_preview(
    key: TemplateKeyDto,
    subject: String,
    body: String,
) -> Result<TemplatePreviewDto, AppError> {
    use super::support::*;
    services::template_admin::preview(&db()?, caller().as_ref(), &key, &subject, &body)
        .await
        .map_err(fail)
}

/// Sends a draft to the caller's own e-mail address.
#[server(endpoint = "admin/templates/test", input = leptos::server_fn::codec::Json)]
pub async fn admin_template_test(
    key: TemplateKeyDto,
    subject: String,
    body: String,
) -> Result<TemplatePreviewDto, AppError> {
    use super::support::*;
    services::template_admin::send_test(
        &db()?,
        caller().as_ref(),
        &key,
        &subject,
        &body,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Saves a draft as the next version after `version`; returns the new one.
#[server(endpoint = "admin/templates/save", input = leptos::server_fn::codec::Json)]
pub async fn admin_template_save(
    key: TemplateKeyDto,
    version: i32,
    subject: String,
    body: String,
) -> Result<i32, AppError> {
    use super::support::*;
    services::template_admin::save(
        &db()?,
        caller().as_ref(),
        &key,
        version,
        &subject,
        &body,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}
