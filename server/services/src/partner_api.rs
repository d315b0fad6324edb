//! The partner REST API's resources (`/api/v1`, issue 20), for a caller
//! whose key `api_keys::authenticate` accepted. A partner reads only its
//! own orders: another partner's order is not there (404), exactly as in
//! the portal.

use crate::api_keys::ApiCaller;
use crate::ServiceError;
use entity::dto::{ApiOrderDto, ApiStatusChangeDto};
use entity::{business_entity, order, status_transition};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// One of the partner's orders, with its status history.
pub async fn order(
    db: &DatabaseConnection,
    caller: &ApiCaller,
    number: &str,
) -> Result<ApiOrderDto, ServiceError> {
    let o = order::Entity::find()
        .filter(order::Column::OrderNumber.eq(number.trim()))
        .filter(order::Column::PartnerId.eq(caller.partner_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let entity = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .map(|b| b.code)
        .unwrap_or_default();
    let history = status_transition::Entity::find()
        .filter(status_transition::Column::OrderId.eq(o.id))
        .order_by_asc(status_transition::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| ApiStatusChangeDto {
            from: t.from_status,
            to: t.to_status,
            at: t.created_at,
        })
        .collect();
    Ok(ApiOrderDto {
        number: o.order_number,
        status: o.status,
        entity,
        postcode: o.postcode,
        city: o.city,
        charger_count: o.charger_count,
        created_at: o.created_at,
        history,
    })
}
