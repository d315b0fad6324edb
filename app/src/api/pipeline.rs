//! The ops pipeline board: its data, and moving orders. Each function is a
//! shim over `services::pipeline`, which checks the caller.

use crate::error::AppError;
use entity::dto::{BoardCard, BoardColumnDto, BoardDto, BoardFilter, BoardOptions, MoveResult};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The first page of every column plus the conversion bar.
/// Access: admin, ops_manager, planner.
#[server(endpoint = "pipeline/board", input = Json)]
pub async fn pipeline_board(filter: BoardFilter) -> Result<BoardDto, AppError> {
    use super::support::*;
    services::pipeline::board(&db()?, caller().as_ref(), &filter, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// The next page of one column: the cards after `after`, the last card the
/// board shows. Access: as `pipeline_board`.
#[server(endpoint = "pipeline/column", input = Json)]
pub async fn pipeline_column(
    filter: BoardFilter,
    column: String,
    after: Option<i32>,
) -> Result<BoardColumnDto, AppError> {
    use super::support::*;
    let column = entity::domain::pipeline::Column::from_slug(&column)
        .ok_or_else(|| fail(ServiceError::Invalid("column".into())))?;
    services::pipeline::column_page(
        &db()?,
        caller().as_ref(),
        &filter,
        column,
        after,
        services::pipeline::PAGE,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// What the filters offer. Access: as `pipeline_board`.
#[server(endpoint = "pipeline/options", input = Json)]
pub async fn pipeline_options() -> Result<BoardOptions, AppError> {
    use super::support::*;
    services::pipeline::options(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Moves one order. A refusal answers 409 `Refused` (or `Stale`). Access: admin, ops_manager, planner.
#[server(endpoint = "pipeline/move", input = Json)]
pub async fn move_order(
    order_id: i32,
    version: i32,
    to: String,
    reason: Option<String>,
) -> Result<BoardCard, AppError> {
    use super::support::*;
    let req = services::pipeline::MoveRequest {
        order_id,
        version,
        to,
        reason,
    };
    services::pipeline::move_order(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &req,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?
    .map_err(|refusal| fail(ServiceError::from(refusal)))
}

/// Moves the selected orders (order id, version) to one status; reports each.
/// Access: as `move_order`.
#[server(endpoint = "pipeline/move-many", input = Json)]
pub async fn move_orders(
    orders: Vec<(i32, i32)>,
    to: String,
    reason: Option<String>,
) -> Result<Vec<MoveResult>, AppError> {
    use super::support::*;
    services::pipeline::move_many(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &orders,
        &to,
        reason.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Reports something that happened to an order outside the app (a credit
/// check approved, a contract signed): the order makes the automatic move
/// its entity's workflow defines for that event. Returns the new status.
/// Errors: `invalid` (400) when the workflow has no move for this event in
/// the order's status, `stale` (409). Access: ops (planner, ops manager,
/// admin).
#[server(endpoint = "pipeline/event", input = Json)]
pub async fn report_order_event(order_id: i32, event: String) -> Result<String, AppError> {
    use super::support::*;
    services::pipeline::report_event(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        order_id,
        &event,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}
