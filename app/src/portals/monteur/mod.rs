//! The technician portal, `/monteur`: the day's route.

pub mod home;

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
        </ParentRoute>
    }
    .into_inner()
}
