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
    path, SsrMode,
};

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn AdminRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=|| view! { <PortalLayout portal=Portal::Admin /> } ssr=SsrMode::Async>
            <Route path=path!("") view=home::AdminHomePage ssr=SsrMode::Async />
            <Route path=path!("bedrijven") view=bedrijven::EntitiesPage ssr=SsrMode::Async />
            <Route path=path!("regios") view=regios::RegionsPage ssr=SsrMode::Async />
            <Route path=path!("catalogus") view=catalogus::CataloguePage ssr=SsrMode::Async />
            <Route path=path!("partners") view=partners::PartnersPage ssr=SsrMode::Async />
            <Route path=path!("commissie") view=commissie::CommissionPage ssr=SsrMode::Async />
            <Route path=path!("gebruikers") view=gebruikers::UsersPage ssr=SsrMode::Async />
            <Route path=path!("workflows") view=workflows::WorkflowsPage ssr=SsrMode::Async />
            <Route path=path!("sjablonen") view=sjablonen::TemplatesPage ssr=SsrMode::Async />
            <Route path=path!("berichtregels") view=berichtregels::TimingsPage ssr=SsrMode::Async />
            <Route path=path!("instellingen") view=instellingen::SettingsPage ssr=SsrMode::Async />
            <Route path=path!("audit") view=audit::AuditPage ssr=SsrMode::Async />
            <Route path=path!("outbox") view=outbox::OutboxPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
