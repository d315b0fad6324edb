//! Names to show by id, each set in one query: the brands of the business
//! entities, the regions, and contacts' display names. Lists and pages
//! that show many orders use these instead of a lookup per row.

use crate::ServiceError;
use entity::{business_entity, contact, region};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Each business entity's brand name, by entity id.
pub async fn brands(db: &impl ConnectionTrait) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(business_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.brand))
        .collect())
}

/// Each region's name, by region id.
pub async fn regions(db: &impl ConnectionTrait) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect())
}

/// The display names of the contacts `ids` (an unknown id is left out).
pub async fn contacts(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(contact::Entity::find()
        .filter(contact::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.display_name))
        .collect())
}
