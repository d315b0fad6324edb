//! Communication analytics for ops (001 "Communication Analytics"), a shim
//! over `services::message_stats`.

use crate::error::AppError;
use entity::dto::MessageStatsDto;
use leptos::prelude::*;

/// Messages of the last `days` days (1–90): per day and channel, delivery
/// and response rates, the latest failures. Access: ops.
#[server(endpoint = "ops/messages/stats")]
pub async fn message_stats(days: u32) -> Result<MessageStatsDto, AppError> {
    use super::support::*;
    services::message_stats::overview(&db()?, caller().as_ref(), days, chrono::Utc::now())
        .await
        .map_err(fail)
}
