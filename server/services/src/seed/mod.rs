//! Demo data. Deterministic, and loaded only into an empty database.

use entity::business_entity;
use entity::domain::{is_valid_hex_colour, is_valid_order_prefix};
use sea_orm::{
    ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait,
};

use crate::ServiceError;

/// One business entity as spec 001 lists it.
pub struct BrandSeed {
    pub code: &'static str,
    pub name: &'static str,
    pub brand: &'static str,
    pub prefix: &'static str,
    pub domain: &'static str,
    pub sales_mailbox: &'static str,
    pub whatsapp: Option<&'static str>,
    pub colour: &'static str,
}

/// The five brands: mailboxes and WhatsApp numbers from spec 001; the
/// prefixes follow `CC-2025-00123` in its thread example.
pub const BRANDS: [BrandSeed; 5] = [
    BrandSeed {
        code: "chargecars",
        name: "ChargeCars B.V.",
        brand: "ChargeCars",
        prefix: "CC",
        domain: "chargecars.nl",
        sales_mailbox: "verkoop",
        whatsapp: Some("+31 6 12345678"),
        colour: "#0f766e",
    },
    BrandSeed {
        code: "laderthuis",
        name: "LaderThuis.nl",
        brand: "LaderThuis",
        prefix: "LT",
        domain: "laderthuis.nl",
        sales_mailbox: "info",
        whatsapp: Some("+31 6 12345679"),
        colour: "#15803d",
    },
    BrandSeed {
        code: "meterkastthuis",
        name: "MeterKastThuis.nl",
        brand: "MeterKastThuis",
        prefix: "MKT",
        domain: "meterkastthuis.nl",
        sales_mailbox: "info",
        whatsapp: None,
        colour: "#b45309",
    },
    BrandSeed {
        code: "zaptecshop",
        name: "ZaptecShop.nl",
        brand: "ZaptecShop",
        prefix: "ZS",
        domain: "zaptecshop.nl",
        sales_mailbox: "bestellen",
        whatsapp: Some("+31 6 12345680"),
        colour: "#1d4ed8",
    },
    BrandSeed {
        code: "ratioshop",
        name: "RatioShop.nl",
        brand: "RatioShop",
        prefix: "RS",
        domain: "ratioshop.nl",
        sales_mailbox: "verkoop",
        whatsapp: None,
        colour: "#be123c",
    },
];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// False when the database already held data and nothing was written.
    pub seeded: bool,
    pub business_entities: u64,
}

/// Loads the demo data if the database has no business entities yet.
/// Runs in one transaction: a failure leaves the database empty.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<SeedReport, ServiceError> {
    let existing = business_entity::Entity::find().count(db).await?;
    if existing > 0 {
        return Ok(SeedReport {
            seeded: false,
            business_entities: existing,
        });
    }
    let now = chrono::Utc::now();
    let txn = db.begin().await?;
    for b in &BRANDS {
        if !is_valid_order_prefix(b.prefix) || !is_valid_hex_colour(b.colour) {
            return Err(ServiceError::Invalid(format!("bad seed for {}", b.code)));
        }
        business_entity::Entity::insert(business_entity::ActiveModel {
            code: Set(b.code.to_owned()),
            name: Set(b.name.to_owned()),
            brand: Set(b.brand.to_owned()),
            order_prefix: Set(b.prefix.to_owned()),
            support_email: Set(format!("support@{}", b.domain)),
            sales_email: Set(format!("{}@{}", b.sales_mailbox, b.domain)),
            admin_email: Set(format!("admin@{}", b.domain)),
            noreply_email: Set(format!("noreply@{}", b.domain)),
            whatsapp_number: Set(b.whatsapp.map(str::to_owned)),
            brand_color: Set(b.colour.to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(SeedReport {
        seeded: true,
        business_entities: BRANDS.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[tokio::test]
    async fn seeds_once_and_then_leaves_the_data_alone() {
        for tdb in testing::databases().await {
            let first = seed_if_empty(&tdb.db).await.unwrap();
            assert_eq!(
                first,
                SeedReport {
                    seeded: true,
                    business_entities: 5
                },
                "{}",
                tdb.backend
            );
            let second = seed_if_empty(&tdb.db).await.unwrap();
            assert_eq!(
                second,
                SeedReport {
                    seeded: false,
                    business_entities: 5
                },
                "{}",
                tdb.backend
            );
            let mailboxes: Vec<String> = business_entity::Entity::find()
                .all(&tdb.db)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.sales_email)
                .collect();
            assert_eq!(
                mailboxes,
                [
                    "verkoop@chargecars.nl",
                    "info@laderthuis.nl",
                    "info@meterkastthuis.nl",
                    "bestellen@zaptecshop.nl",
                    "verkoop@ratioshop.nl"
                ],
                "{}",
                tdb.backend
            );
            tdb.cleanup().await;
        }
    }
}
