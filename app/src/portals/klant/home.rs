//! `/klant`: the customer portal's start page, with the customer's orders.

use crate::components::portal_home::PortalHome;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn CustomerHomePage() -> impl IntoView {
    view! { <PortalHome portal=Portal::Customer /> }
}
