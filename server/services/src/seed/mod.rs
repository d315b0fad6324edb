//! Demo data. Deterministic, and loaded only into an empty database.
//! `generate` builds the world; this module decides when to run it.

use entity::business_entity;
use entity::domain::{is_valid_hex_colour, is_valid_order_prefix};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::ServiceError;

mod data;
pub mod days;
pub mod generate;
mod rng;

/// The demo towns (PC4 ranges and centres), also used to place new
/// addresses roughly until a geocoder is configured.
pub(crate) fn towns() -> &'static [data::Town] {
    data::TOWNS
}

pub use generate::{
    Counts, DemoAccount, Volumes, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_UNENROLLED,
};

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
    pub counts: generate::Counts,
}

/// Whether any demo account (whose password the README publishes) is in
/// the database: a production start refuses to run then.
pub async fn demo_accounts_present(db: &DatabaseConnection) -> Result<bool, ServiceError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let emails: Vec<&str> = DEMO_ACCOUNTS.iter().map(|a| a.email).collect();
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Email.is_in(emails))
        .count(db)
        .await?
        > 0)
}

/// Loads the demo data (at demo volume, dated around today) if the database
/// has no business entities yet. One transaction: a failure leaves it empty.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<SeedReport, ServiceError> {
    seed_with(db, demo_day(chrono::Utc::now()), Volumes::demo()).await
}

/// The day the demo data is dated around. The generated world's clock
/// stands at 10:00 UTC of that day, so it is the latest day whose 10:00 has
/// passed: what the demo shows as overdue is overdue whatever the hour it
/// is loaded (loaded just after midnight it used to show almost nothing
/// overdue).
pub fn demo_day(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (now - chrono::Duration::hours(10)).date_naive()
}

/// Like `seed_if_empty`, for a given day and size (tests use small worlds).
pub async fn seed_with(
    db: &DatabaseConnection,
    today: chrono::NaiveDate,
    volumes: Volumes,
) -> Result<SeedReport, ServiceError> {
    if business_entity::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport {
            seeded: false,
            counts: Default::default(),
        });
    }
    for b in &BRANDS {
        if !is_valid_order_prefix(b.prefix) || !is_valid_hex_colour(b.colour) {
            return Err(ServiceError::Internal(format!("bad seed for {}", b.code)));
        }
    }
    let txn = crate::db::begin_write(db).await?;
    let counts = generate::generate(&txn, today, volumes).await?;
    txn.commit().await?;
    Ok(SeedReport {
        seeded: true,
        counts,
    })
}

#[cfg(test)]
mod tests;
