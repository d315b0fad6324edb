//! `/ops`: the operations portal's start page.

use crate::components::portal_home::PortalHome;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn OpsHomePage() -> impl IntoView {
    view! { <PortalHome portal=Portal::Operations /> }
}
