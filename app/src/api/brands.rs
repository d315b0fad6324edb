use crate::error::AppError;
use entity::dto::BrandDto;
use leptos::prelude::*;

/// The business entities with their public contact channels.
///
/// Access: public. The brands, their support mailboxes and WhatsApp numbers
/// appear on every customer-facing page, so any caller may read them;
/// nothing in `BrandDto` is internal.
#[server(endpoint = "brands")]
pub async fn list_brands() -> Result<Vec<BrandDto>, AppError> {
    use super::support::*;
    services::brands::list(&db()?).await.map_err(fail)
}
