//! Server functions, grouped by domain. Each is a thin shim over a service
//! in `services` (which has its own tests) and checks who is calling.

pub mod brands {
    use entity::dto::BrandDto;
    use leptos::prelude::*;

    /// The business entities with their public contact channels.
    ///
    /// Access: public. The brands, their support mailboxes and WhatsApp
    /// numbers appear on every customer-facing page, so any caller may read
    /// them; nothing in `BrandDto` is internal.
    #[server(endpoint = "brands")]
    pub async fn list_brands() -> Result<Vec<BrandDto>, ServerFnError> {
        let db = use_context::<sea_orm::DatabaseConnection>()
            .ok_or_else(|| ServerFnError::new("database unavailable"))?;
        services::brands::list(&db).await.map_err(|e| {
            tracing::error!(error = %e, "list_brands failed");
            ServerFnError::new("could not load the brands")
        })
    }
}
