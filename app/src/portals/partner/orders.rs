//! `/partner/orders/:number`: one of the partner's orders, with their side of the quote.

use crate::components::portal_order::PortalOrderView;
use entity::domain::Portal;
use leptos::prelude::*;

#[component]
pub fn PartnerOrderPage() -> impl IntoView {
    view! { <PortalOrderView portal=Portal::Partner /> }
}
