//! `/klant/orders/:number`: the customer's order, quote approval and invoices.

use crate::components::portal_order::PortalOrderView;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn CustomerOrderPage() -> impl IntoView {
    view! { <PortalOrderView portal=Portal::Customer /> }
}
