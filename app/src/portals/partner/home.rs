//! `/partner`: the partner portal's start page, with the partner's orders.

use crate::components::portal_home::PortalHome;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn PartnerHomePage() -> impl IntoView {
    view! { <PortalHome portal=Portal::Partner /> }
}
