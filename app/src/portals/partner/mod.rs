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
    path, Lazy, SsrMode,
};

// The portal's code is loaded when one of its pages is first shown.
portal_pages!(partner_pages, __preload_partner_pages, PartnerPage {
    PartnerHomeRoute => home::PartnerHomePage,
    PartnerInvoicesRoute => facturen::PartnerInvoicesPage,
    PartnerQuotesRoute => offertes::PartnerQuotesPage,
    PartnerOrdersRoute => orders::PartnerOrdersPage,
    PartnerOrderRoute => orders::PartnerOrderPage,
    PartnerApiRoute => api::PartnerApiPage,
    PartnerApiDocsRoute => api_docs::PartnerApiDocsPage,
    PartnerLeadImportRoute => leads_import::PartnerLeadImportPage,
    PartnerNewLeadRoute => leads_nieuw::PartnerNewLeadPage,
});

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn PartnerRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/partner") view=|| view! { <PortalLayout portal=Portal::Partner /> } ssr=SsrMode::Async>
            <Route path=path!("") view={Lazy::<PartnerHomeRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("facturen") view={Lazy::<PartnerInvoicesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("offertes") view={Lazy::<PartnerQuotesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("orders") view={Lazy::<PartnerOrdersRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("orders/:number") view={Lazy::<PartnerOrderRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("api") view={Lazy::<PartnerApiRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("api/docs") view={Lazy::<PartnerApiDocsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("leads/import") view={Lazy::<PartnerLeadImportRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("leads/nieuw") view={Lazy::<PartnerNewLeadRoute>::new()} ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
