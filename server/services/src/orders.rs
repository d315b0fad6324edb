//! Reading orders, scoped to the caller.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use entity::dto::{CurrentUser, OrderSummaryDto};
use entity::{business_entity, order};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

/// Orders by id, and their customers' names by contact id: what a list of
/// bookings, cases or board cards shows next to each order.
pub(crate) async fn with_customers(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<(HashMap<i32, order::Model>, HashMap<i32, String>), ServiceError> {
    let orders: HashMap<i32, order::Model> = order::Entity::find()
        .filter(order::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let names =
        crate::names::contacts(db, orders.values().map(|o| o.end_customer_contact_id)).await?;
    Ok((orders, names))
}

fn summary(o: &order::Model, brand: &str) -> OrderSummaryDto {
    OrderSummaryDto {
        order_number: o.order_number.clone(),
        status: o.status.clone(),
        brand: brand.to_owned(),
        city: o.city.clone(),
        created_at: o.created_at.format("%Y-%m-%d").to_string(),
    }
}

/// How many orders each value of `column` has (a business entity, a
/// region), in one grouped query.
pub(crate) async fn count_by(
    db: &impl sea_orm::ConnectionTrait,
    column: order::Column,
) -> Result<std::collections::HashMap<i32, u64>, ServiceError> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let rows: Vec<(Option<i32>, i64)> = order::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::col(order::Column::Id).count(), "n")
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, n)| Some((key?, n as u64)))
        .collect())
}

/// One order by its number, if the caller may see it. An order the caller
/// may not see answers exactly like a missing one (no probing for numbers).
pub async fn get(
    db: &DatabaseConnection,
    user: Option<&CurrentUser>,
    order_number: &str,
) -> Result<OrderSummaryDto, ServiceError> {
    let Some((o, brand)) = order::Entity::find()
        .filter(order::Column::OrderNumber.eq(order_number.trim()))
        .find_also_related(business_entity::Entity)
        .one(db)
        .await?
    else {
        return Err(if user.is_none() {
            ServiceError::Unauthenticated
        } else {
            ServiceError::NotFound
        });
    };
    match authorize(
        user,
        Action::ReadOrder {
            partner_id: o.partner_id,
            end_customer_contact_id: o.end_customer_contact_id,
        },
    ) {
        Ok(()) => Ok(summary(
            &o,
            brand.as_ref().map(|b| b.brand.as_str()).unwrap_or(""),
        )),
        // Hidden orders look missing, so order numbers cannot be probed.
        Err(crate::authz::Denied::Forbidden) => Err(ServiceError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// The caller's own orders, newest first: a partner's or a customer's.
pub async fn mine(
    db: &DatabaseConnection,
    user: &CurrentUser,
    limit: u64,
) -> Result<Vec<OrderSummaryDto>, ServiceError> {
    // Staff half-way through sign-in are stopped here like everywhere else.
    authorize(Some(user), Action::OpenPortal(user.role.home_portal()))?;
    let mut q = order::Entity::find().find_also_related(business_entity::Entity);
    q = match (user.role, user.partner_id, user.contact_id) {
        (entity::domain::Role::PartnerUser, Some(p), _) => q.filter(order::Column::PartnerId.eq(p)),
        (entity::domain::Role::Customer, _, Some(c)) => {
            q.filter(order::Column::EndCustomerContactId.eq(c))
        }
        // A customer account not (yet) linked to a contact has no orders.
        (entity::domain::Role::Customer, _, None) => return Ok(Vec::new()),
        _ => return Err(ServiceError::Forbidden),
    };
    Ok(q.order_by_desc(order::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?
        .iter()
        .map(|(o, b)| summary(o, b.as_ref().map(|b| b.brand.as_str()).unwrap_or("")))
        .collect())
}
