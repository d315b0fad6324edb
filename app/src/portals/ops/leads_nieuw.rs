//! `/ops/leads/nieuw`: ops enter a lead (000 step 1).

use crate::components::lead_form::NewLead;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn OpsNewLeadPage() -> impl IntoView {
    view! { <NewLead portal=Portal::Operations /> }
}
