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
    path, Lazy, SsrMode,
};

// The portal's code is loaded when one of its pages is first shown.
portal_pages!(ops_pages, __preload_ops_pages, OpsPage {
    OpsHomeRoute => home::OpsHomePage,
    PipelineRoute => pipeline::PipelinePage,
    PlanningRoute => planning::PlanningPage,
    PlanningWeekRoute => planning_week::PlanningWeekPage,
    OrderRoute => orders::OrderPage,
    OpsNewLeadRoute => leads_nieuw::OpsNewLeadPage,
    MessagesRoute => berichten::MessagesPage,
    AppointmentsRoute => afspraken::AppointmentsPage,
    ServiceCasesRoute => service::ServiceCasesPage,
    PrivacyRoute => privacy::PrivacyPage,
    HoursRoute => uren::HoursPage,
});

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn OpsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/ops") view=|| view! { <PortalLayout portal=Portal::Operations /> } ssr=SsrMode::Async>
            <Route path=path!("") view={Lazy::<OpsHomeRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("pipeline") view={Lazy::<PipelineRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("planning") view={Lazy::<PlanningRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("planning/week") view={Lazy::<PlanningWeekRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("orders/:number") view={Lazy::<OrderRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("leads/nieuw") view={Lazy::<OpsNewLeadRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("berichten") view={Lazy::<MessagesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("afspraken") view={Lazy::<AppointmentsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("service") view={Lazy::<ServiceCasesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("privacy") view={Lazy::<PrivacyRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("uren") view={Lazy::<HoursRoute>::new()} ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
