//! The partner portal, `/partner`: start page with the partner's orders, order pages, new leads and API keys.

pub mod api;
pub mod api_docs;
pub mod facturen;
pub mod home;
pub mod leads_import;
pub mod leads_nieuw;
pub mod offertes;
pub mod orders;

use super::PortalLayout;
use entity::domain::Portal;
use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route},
    path, SsrMode,
};

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn PartnerRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/partner") view=|| view! { <PortalLayout portal=Portal::Partner /> } ssr=SsrMode::Async>
            <Route path=path!("") view=home::PartnerHomePage ssr=SsrMode::Async />
            <Route path=path!("facturen") view=facturen::PartnerInvoicesPage ssr=SsrMode::Async />
            <Route path=path!("offertes") view=offertes::PartnerQuotesPage ssr=SsrMode::Async />
            <Route path=path!("orders") view=orders::PartnerOrdersPage ssr=SsrMode::Async />
            <Route path=path!("orders/:number") view=orders::PartnerOrderPage ssr=SsrMode::Async />
            <Route path=path!("api") view=api::PartnerApiPage ssr=SsrMode::Async />
            <Route path=path!("api/docs") view=api_docs::PartnerApiDocsPage ssr=SsrMode::Async />
            <Route path=path!("leads/import") view=leads_import::PartnerLeadImportPage ssr=SsrMode::Async />
            <Route path=path!("leads/nieuw") view=leads_nieuw::PartnerNewLeadPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
