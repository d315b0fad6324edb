//! Every page, by URL. A portal's pages live in the folder named after its
//! first URL segment, each in the file named after the rest of its URL
//! (`/admin/catalogus` → `admin/catalogus.rs`, `/ops/orders/:number` →
//! `ops/orders.rs`, `/ops/leads/nieuw` → `ops/leads_nieuw.rs`, the portal's
//! start page → `home.rs`). Each portal's `mod.rs` holds its route table
//! with one layout around its pages. Pages outside the portals are in
//! `public/`. Pages import no other page: what two pages share is in
//! `crate::components`.

pub mod admin;
pub mod klant;
pub mod monteur;
pub mod ops;
pub mod partner;
pub mod public;

use crate::components::auth::RequirePortal;
use crate::components::layout::Shell;
use entity::domain::Portal;
use leptos::prelude::*;
use leptos_router::components::Outlet;

/// The layout of every portal page: the shell with the portal's navigation,
/// and the role guard (sign in, MFA step or 403) around the page itself.
#[component]
pub fn PortalLayout(portal: Portal) -> impl IntoView {
    view! {
        <Shell portal=portal>
            <RequirePortal portal=portal>
                <Outlet />
            </RequirePortal>
        </Shell>
    }
}
