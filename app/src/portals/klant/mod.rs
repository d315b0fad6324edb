//! The customer portal, `/klant`: start page with the customer's orders, the order pages (with the appointment: choose, move, calendar file, access notes) and the message preferences.

pub mod account;
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
    path, Lazy, SsrMode,
};

// The portal's code is loaded when one of its pages is first shown.
portal_pages!(customer_pages, __preload_customer_pages, CustomerPage {
    CustomerHomeRoute => home::CustomerHomePage,
    CustomerOrderRoute => orders::CustomerOrderPage,
    PreferencesRoute => voorkeuren::PreferencesPage,
    ServiceRoute => service::ServicePage,
    DocumentsRoute => documenten::DocumentsPage,
    AccountRoute => account::AccountPage,
});

/// The route table of this portal: one layout (shell and role guard) around
/// every page, so a page renders only its own content.
#[component(transparent)]
pub fn CustomerRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/klant") view=|| view! { <PortalLayout portal=Portal::Customer /> } ssr=SsrMode::Async>
            <Route path=path!("") view={Lazy::<CustomerHomeRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("orders/:number") view={Lazy::<CustomerOrderRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("voorkeuren") view={Lazy::<PreferencesRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("service") view={Lazy::<ServiceRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("documenten") view={Lazy::<DocumentsRoute>::new()} ssr=SsrMode::Async />
            <Route path=path!("account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}
