//! Data sent to the browser. Rows that hold secrets never cross the wire;
//! the client gets these shapes instead.

use serde::{Deserialize, Serialize};

/// What a portal page needs to brand itself and to show contact channels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandDto {
    pub code: String,
    pub name: String,
    pub brand: String,
    pub order_prefix: String,
    pub support_email: String,
    pub whatsapp_number: Option<String>,
    pub brand_color: String,
}

impl From<crate::business_entity::Model> for BrandDto {
    fn from(m: crate::business_entity::Model) -> Self {
        BrandDto {
            code: m.code,
            name: m.name,
            brand: m.brand,
            order_prefix: m.order_prefix,
            support_email: m.support_email,
            whatsapp_number: m.whatsapp_number,
            brand_color: m.brand_color,
        }
    }
}

/// The signed-in user as the client may see them: no hashes, no secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i32,
    pub email: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    /// For partner users: the partner organisation they act for.
    pub partner_id: Option<i32>,
    /// For customers: their own contact.
    pub contact_id: Option<i32>,
}

/// An order as a partner or customer may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummaryDto {
    pub order_number: String,
    pub status: String,
    pub brand: String,
    pub city: String,
    pub created_at: String,
}
