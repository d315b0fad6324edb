use crate::error::AppError;
use entity::dto::OrderSummaryDto;
use leptos::prelude::*;

/// The caller's own orders (partner: the orders it brought in; customer:
/// their own). Access: partner_user and customer; others get 403.
#[server(endpoint = "orders/mine")]
pub async fn my_orders() -> Result<Vec<OrderSummaryDto>, AppError> {
    use super::support::*;
    let user = caller().ok_or_else(|| fail(services::ServiceError::Unauthenticated))?;
    services::orders::mine(&db()?, &user, 50)
        .await
        .map_err(fail)
}

/// One order by number. Access: staff see every order, a partner only its
/// own, a customer only their own; anything else answers 404, like a
/// missing order, so numbers cannot be probed.
#[server(endpoint = "orders/get")]
pub async fn get_order(order_number: String) -> Result<OrderSummaryDto, AppError> {
    use super::support::*;
    services::orders::get(&db()?, caller().as_ref(), &order_number)
        .await
        .map_err(fail)
}

/// Everything about one order for the detail page: contacts, lines, quote
/// versions, visits, invoices, timeline and audit log.
/// Access: admin, ops_manager, planner.
#[server(endpoint = "orders/detail")]
pub async fn order_detail(order_number: String) -> Result<entity::dto::OrderDetailDto, AppError> {
    use super::support::*;
    services::order_detail::detail(&db()?, caller().as_ref(), &order_number)
        .await
        .map_err(fail)
}

/// Records the sign-off of an order in progress (ops, by hand, until the
/// technician app exists). Errors: `Missing` (400).
/// Access: admin, ops_manager, planner.
#[server(endpoint = "orders/sign-off", input = leptos::server_fn::codec::Json)]
pub async fn record_sign_off(
    order_id: i32,
    input: entity::dto::SignOffInput,
) -> Result<(), AppError> {
    use super::support::*;
    services::completion::record_sign_off(
        &db()?,
        caller().as_ref(),
        order_id,
        &input,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// One of the caller's own orders for their portal page: their side of
/// the quote, whether it waits for them, visits and invoices.
/// Access: the order's customer and partner (staff see the customer's
/// view); anyone else gets 404, like a missing order.
#[server(endpoint = "orders/portal")]
pub async fn portal_order(order_number: String) -> Result<entity::dto::PortalOrderDto, AppError> {
    use super::support::*;
    services::portal_order::portal_order(&db()?, caller().as_ref(), &order_number)
        .await
        .map_err(fail)
}

/// Approves the quote version `quote_id` for the caller's side and moves
/// the order on. Errors (409): `newer_version`, `not_awaiting_you`,
/// `revision_pending`, `stale`. Access: the order's customer or partner.
#[server(endpoint = "quotes/approve")]
pub async fn approve_quote(
    order_number: String,
    quote_id: i32,
) -> Result<entity::dto::PortalOrderDto, AppError> {
    use super::support::*;
    services::approvals::approve(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &order_number,
        quote_id,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Asks for a new quote version instead of approving; `reason` is 10–1000
/// characters (400 `invalid` otherwise). Access: the order's customer or
/// partner, while the quote waits for the customer.
#[server(endpoint = "quotes/revision")]
pub async fn request_quote_revision(
    order_number: String,
    quote_id: i32,
    reason: String,
) -> Result<entity::dto::PortalOrderDto, AppError> {
    use super::support::*;
    services::approvals::request_revision(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &order_number,
        quote_id,
        &reason,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Sends the draft made after a revision request to the customer.
/// Access: admin, ops_manager, planner.
#[server(endpoint = "quotes/send-revision")]
pub async fn send_quote_revision(quote_id: i32) -> Result<(), AppError> {
    use super::support::*;
    services::approvals::send_revision(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        quote_id,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Day teams of the next two weeks to plan a visit on, with their members
/// and load. Access: admin, ops_manager, planner.
#[server(endpoint = "visits/teams")]
pub async fn team_choices() -> Result<Vec<entity::dto::TeamChoiceDto>, AppError> {
    use super::support::*;
    services::visits::team_choices(&db()?, caller().as_ref(), chrono::Utc::now(), 14)
        .await
        .map_err(fail)
}

/// Plans the order's installation visit on a team in a time window.
/// Errors: 400 `invalid` (window or date), 409 `wrong_status`, `stale`.
/// Access: admin, ops_manager, planner.
#[server(endpoint = "visits/plan", input = leptos::server_fn::codec::Json)]
pub async fn plan_visit(order_id: i32, input: entity::dto::PlanVisitInput) -> Result<(), AppError> {
    use super::support::*;
    services::visits::plan(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        order_id,
        &input,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Replaces an order's lines while its status allows it. `version` is the
/// order version the editor saw. Errors: 400 `Problems` (`<i>:<field>`),
/// 409 `locked` or `stale`. Access: admin, ops_manager, planner.
#[server(endpoint = "orders/lines", input = leptos::server_fn::codec::Json)]
pub async fn save_order_lines(
    order_id: i32,
    version: i32,
    lines: Vec<entity::dto::LineDto>,
) -> Result<(), AppError> {
    use super::support::*;
    services::order_lines::save(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        order_id,
        version,
        &lines,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Enters a new lead; returns the new order number (`{PREFIX}-{YEAR}-…`).
/// Errors: `invalid:<field>=<code>,…` (400).
/// Access: admin, ops_manager, planner; a partner_user for its own partner.
#[server(endpoint = "orders/lead", input = leptos::server_fn::codec::Json)]
pub async fn create_lead(lead: entity::dto::NewLead) -> Result<String, AppError> {
    use super::support::*;
    services::leads::create(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &lead,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The order's thread: every message out and in. Access: ops.
#[server(endpoint = "orders/thread")]
pub async fn order_thread(order_number: String) -> Result<entity::dto::ThreadDto, AppError> {
    use super::support::*;
    services::threads::for_order(&db()?, caller().as_ref(), &order_number, chrono::Utc::now())
        .await
        .map_err(fail)
}

/// Ops answer the customer on `channel` (`email`, `sms`, `whatsapp`).
/// Errors: `Invalid("empty" | "too_long" | "channel")`. Access: ops.
#[server(endpoint = "orders/thread/answer")]
pub async fn answer_thread(
    order_number: String,
    channel: String,
    text: String,
) -> Result<(), AppError> {
    use super::support::*;
    services::threads::answer(
        &db()?,
        caller().as_ref(),
        &order_number,
        &channel,
        &text,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Assigns the order's thread to an agent (none: nobody) and sets its
/// priority (none: the suggested one), over `version`. Errors: `stale`
/// (409), `Invalid("priority" | "assignee")`. Access: ops.
#[server(endpoint = "orders/thread/handling", input = leptos::server_fn::codec::Json)]
pub async fn thread_handling(
    order_number: String,
    assignee: Option<i32>,
    priority: Option<String>,
    version: i32,
) -> Result<i32, AppError> {
    use super::support::*;
    services::threads::set_handling(
        &db()?,
        caller().as_ref(),
        &order_number,
        assignee,
        priority.as_deref(),
        version,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// The inbox: threads that wait for an answer, the most pressing first.
/// Access: ops.
#[server(endpoint = "orders/threads/waiting")]
pub async fn waiting_threads() -> Result<Vec<entity::dto::WaitingThreadDto>, AppError> {
    use super::support::*;
    services::threads::waiting(&db()?, caller().as_ref(), chrono::Utc::now())
        .await
        .map_err(fail)
}
