//! The admin page "Berichtregels": when each business entity's timed
//! messages go out. Shims over `services::timings`, which checks that the
//! caller is an admin. Errors: `Fields` (400) for hours out of range,
//! `stale` (409) when another admin saved first, `not_found`.

use crate::error::AppError;
use entity::dto::{TimingDto, TimingsDto};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One entity's timed messages (none: the first entity).
#[server(endpoint = "admin/timings", input = Json)]
pub async fn admin_timings(business_entity_id: Option<i32>) -> Result<TimingsDto, AppError> {
    use super::support::*;
    services::timings::list(&db()?, caller().as_ref(), business_entity_id)
        .await
        .map_err(fail)
}

/// Saves one setting over `version` (0: the default, never saved).
#[server(endpoint = "admin/timings/save", input = Json)]
pub async fn admin_timing_save(
    business_entity_id: i32,
    key: String,
    enabled: bool,
    hours: i32,
    version: i32,
) -> Result<TimingDto, AppError> {
    use super::support::*;
    services::timings::save(
        &db()?,
        caller().as_ref(),
        business_entity_id,
        &key,
        enabled,
        hours,
        version,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}
