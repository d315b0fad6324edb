//! `/partner/leads/nieuw`: a partner submits a lead.

use crate::components::lead_form::NewLead;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn PartnerNewLeadPage() -> impl IntoView {
    view! { <NewLead portal=Portal::Partner /> }
}
