//! The technician portal, `/monteur`: the day's route, each visit step
//! by step (the field app, issue 19), and the day's hours.

pub mod bezoek;
pub mod home;
pub mod queue;
pub mod uren;

use super::PortalLayout;
use entity::domain::Portal;
use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route},
    path, Lazy, SsrMode,
};

// The portal's code is loaded when one of its pages is first shown.
portal_pages!(technician_pages, __preload_technician_pages, TechnicianPage {
    TechnicianDayRoute => home::TechnicianDayPage,
    VisitRoute => bezoek::VisitPage,
    TechnicianHoursRoute => uren::TechnicianHoursPage,
});

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn TechnicianRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/monteur") view=|| view! { <PortalLayout portal=Portal::Technician /> } ssr=SsrMode::Async>
            <Route path=path!("") view={Lazy::<TechnicianDayRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("bezoek/:id") view={Lazy::<VisitRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("uren") view={Lazy::<TechnicianHoursRoute>::new()} ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}

/// The technician portal as an installable app: registers the service
/// worker that keeps its pages and code for use without a connection, once
/// the page runs in the browser. (The web manifest is linked from every
/// page's head, `shell`; its scope is `/monteur`.) Each page of the portal
/// puts it next to its title.
///
/// The portal's code is loaded as one piece (`portal_pages!`), so the
/// files the worker is told to keep hold every page of the app, and a
/// visit opens without a connection even if it was never opened online.
#[component]
pub fn InstallableApp() -> impl IntoView {
    Effect::new(|_| queue::register_worker());
}
