//! The customer portal, `/klant`: start page with the customer's orders, the order pages (with the appointment: choose, move, calendar file, access notes) and the message preferences.

pub mod account;
pub mod afspraak;
pub mod documenten;
pub mod home;
pub mod orders;
pub mod service;
pub mod voorkeuren;

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
pub fn CustomerRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/klant") view=|| view! { <PortalLayout portal=Portal::Customer /> } ssr=SsrMode::Async>
            <Route path=path!("") view=home::CustomerHomePage ssr=SsrMode::Async />
            <Route path=path!("orders/:number") view=orders::CustomerOrderPage ssr=SsrMode::Async />
            <Route path=path!("voorkeuren") view=voorkeuren::PreferencesPage ssr=SsrMode::Async />
            <Route path=path!("service") view=service::ServicePage ssr=SsrMode::Async />
            <Route path=path!("documenten") view=documenten::DocumentsPage ssr=SsrMode::Async />
            <Route path=path!("account") view=account::AccountPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
