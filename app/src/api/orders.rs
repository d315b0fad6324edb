use entity::dto::OrderSummaryDto;
use leptos::prelude::*;

/// The caller's own orders (partner: the orders it brought in; customer:
/// their own). Access: partner_user and customer; others get 403.
#[server(endpoint = "orders/mine")]
pub async fn my_orders() -> Result<Vec<OrderSummaryDto>, ServerFnError> {
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
pub async fn get_order(order_number: String) -> Result<OrderSummaryDto, ServerFnError> {
    use super::support::*;
    services::orders::get(&db()?, caller().as_ref(), &order_number)
        .await
        .map_err(fail)
}

/// Everything about one order for the detail page: contacts, lines, quote
/// versions, visits, invoices, timeline and audit log.
/// Access: admin, ops_manager, planner.
#[server(endpoint = "orders/detail")]
pub async fn order_detail(
    order_number: String,
) -> Result<entity::dto::OrderDetailDto, ServerFnError> {
    use super::support::*;
    services::order_detail::detail(&db()?, caller().as_ref(), &order_number)
        .await
        .map_err(fail)
}

/// Records the sign-off of an order in progress (ops, by hand, until the
/// technician app exists). Errors: `missing:<field>,…` (400).
/// Access: admin, ops_manager, planner.
#[server(endpoint = "orders/sign-off", input = leptos::server_fn::codec::Json)]
pub async fn record_sign_off(
    order_id: i32,
    input: entity::dto::SignOffInput,
) -> Result<(), ServerFnError> {
    use super::support::*;
    match services::completion::record_sign_off(
        &db()?,
        caller().as_ref(),
        order_id,
        &input,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?
    {
        Ok(()) => Ok(()),
        Err(missing) => {
            set_status(http::StatusCode::BAD_REQUEST);
            Err(ServerFnError::new(format!("missing:{}", missing.join(","))))
        }
    }
}
