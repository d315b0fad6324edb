//! The technician portal, `/monteur`: the day's route, and each visit
//! step by step (the field app, issue 19).

pub mod bezoek;
pub mod home;
pub mod queue;

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
pub fn TechnicianRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/monteur") view=|| view! { <PortalLayout portal=Portal::Technician /> } ssr=SsrMode::Async>
            <Route path=path!("") view=home::TechnicianDayPage ssr=SsrMode::Async />
            <Route path=path!("bezoek/:id") view=bezoek::VisitPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
