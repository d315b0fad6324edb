//! The operations portal, `/ops`: start page, order pipeline (kanban), route planning, order pages, new leads, messages, the appointments customers chose or moved, and the technicians' hours.

pub mod afspraken;
pub mod berichten;
pub mod home;
pub mod leads_nieuw;
pub mod orders;
pub mod pipeline;
pub mod planning;
pub mod planning_week;
pub mod privacy;
pub mod service;
pub mod uren;

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
pub fn OpsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/ops") view=|| view! { <PortalLayout portal=Portal::Operations /> } ssr=SsrMode::Async>
            <Route path=path!("") view=home::OpsHomePage ssr=SsrMode::Async />
            <Route path=path!("pipeline") view=pipeline::PipelinePage ssr=SsrMode::Async />
            <Route path=path!("planning") view=planning::PlanningPage ssr=SsrMode::Async />
            <Route path=path!("planning/week") view=planning_week::PlanningWeekPage ssr=SsrMode::Async />
            <Route path=path!("orders/:number") view=orders::OrderPage ssr=SsrMode::Async />
            <Route path=path!("leads/nieuw") view=leads_nieuw::OpsNewLeadPage ssr=SsrMode::Async />
            <Route path=path!("berichten") view=berichten::MessagesPage ssr=SsrMode::Async />
            <Route path=path!("afspraken") view=afspraken::AppointmentsPage ssr=SsrMode::Async />
            <Route path=path!("service") view=service::ServiceCasesPage ssr=SsrMode::Async />
            <Route path=path!("privacy") view=privacy::PrivacyPage ssr=SsrMode::Async />
            <Route path=path!("uren") view=uren::HoursPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
