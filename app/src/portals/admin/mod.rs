//! The admin portal, `/admin`: entities, regions, catalogue and prices, partners, users, workflows, message templates, settings, audit log and outbox.

pub mod audit;
pub mod bedrijven;
pub mod berichtregels;
pub mod catalogus;
pub mod commissie;
pub mod gebruikers;
pub mod home;
pub mod instellingen;
pub mod outbox;
pub mod partners;
pub mod regios;
pub mod sjablonen;
pub mod workflows;

use super::PortalLayout;
use entity::domain::Portal;
use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route},
    path, Lazy, SsrMode,
};

// The portal's code is loaded when one of its pages is first shown.
portal_pages!(admin_pages, __preload_admin_pages, AdminPage {
    AdminHomeRoute => home::AdminHomePage,
    EntitiesRoute => bedrijven::EntitiesPage,
    RegionsRoute => regios::RegionsPage,
    CatalogueRoute => catalogus::CataloguePage,
    PartnersRoute => partners::PartnersPage,
    CommissionRoute => commissie::CommissionPage,
    UsersRoute => gebruikers::UsersPage,
    WorkflowsRoute => workflows::WorkflowsPage,
    TemplatesRoute => sjablonen::TemplatesPage,
    TimingsRoute => berichtregels::TimingsPage,
    SettingsRoute => instellingen::SettingsPage,
    AuditRoute => audit::AuditPage,
    OutboxRoute => outbox::OutboxPage,
});

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn AdminRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=|| view! { <PortalLayout portal=Portal::Admin /> } ssr=SsrMode::Async>
            <Route path=path!("") view={Lazy::<AdminHomeRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("bedrijven") view={Lazy::<EntitiesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("regios") view={Lazy::<RegionsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("catalogus") view={Lazy::<CatalogueRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("partners") view={Lazy::<PartnersRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("commissie") view={Lazy::<CommissionRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("gebruikers") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("workflows") view={Lazy::<WorkflowsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("sjablonen") view={Lazy::<TemplatesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("berichtregels") view={Lazy::<TimingsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("instellingen") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("outbox") view={Lazy::<OutboxRoute>::new()} ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
