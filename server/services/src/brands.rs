//! Business entities (brands) as the portals show them.

use crate::ServiceError;
use entity::{business_entity, dto::BrandDto};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

/// All business entities, ordered by id (the order in which they were set up).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<BrandDto>, ServiceError> {
    Ok(business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(BrandDto::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{seed, testing};

    #[tokio::test]
    async fn lists_the_seeded_brands_in_order_on_every_backend() {
        for tdb in testing::databases().await {
            assert!(list(&tdb.db).await.unwrap().is_empty(), "{}", tdb.backend);
            seed::seed_with(&tdb.db, testing::TODAY, seed::Volumes::small())
                .await
                .unwrap();
            let brands = list(&tdb.db).await.unwrap();
            let prefixes: Vec<&str> = brands.iter().map(|b| b.order_prefix.as_str()).collect();
            assert_eq!(prefixes, ["CC", "LT", "MKT", "ZS", "RS"], "{}", tdb.backend);
            assert_eq!(brands[0].support_email, "support@chargecars.nl");
            assert_eq!(brands[1].whatsapp_number.as_deref(), Some("+31 6 12345679"));
            assert_eq!(brands[2].whatsapp_number, None);
            tdb.cleanup().await;
        }
    }
}
