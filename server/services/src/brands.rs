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

/// Every entity's theme (`theme_css`), as the portals' `brands.css`: a new
/// entity, or a changed brand colour, shows on the next page load.
pub async fn stylesheet(db: &DatabaseConnection) -> Result<String, ServiceError> {
    let mut css =
        String::from("/* Brand themes per business entity, from the admin's settings. */\n");
    for e in business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
    {
        if let Some(rule) = entity::domain::brand::theme_css(&e.code, &e.brand_color) {
            css.push_str(&rule);
            css.push('\n');
        }
    }
    Ok(css)
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
            let css = stylesheet(&tdb.db).await.unwrap();
            assert_eq!(
                css.lines().count(),
                1 + brands.len(),
                "one theme per entity"
            );
            for b in &brands {
                assert!(
                    css.contains(&format!(
                        "[data-entity=\"{}\"]{{--brand:{}",
                        b.code, b.brand_color
                    )),
                    "{css}"
                );
            }
            let prefixes: Vec<&str> = brands.iter().map(|b| b.order_prefix.as_str()).collect();
            assert_eq!(prefixes, ["CC", "LT", "MKT", "ZS", "RS"], "{}", tdb.backend);
            assert_eq!(brands[0].support_email, "support@chargecars.nl");
            assert_eq!(brands[1].whatsapp_number.as_deref(), Some("+31 6 12345679"));
            assert_eq!(brands[2].whatsapp_number, None);
            tdb.cleanup().await;
        }
    }
}
