//! `/admin`: the admin portal's start page.

use crate::components::portal_home::PortalHome;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! { <PortalHome portal=Portal::Admin /> }
}
