//! Every page, by URL. A portal's pages live in the folder named after its
//! first URL segment, each in the file named after the rest of its URL
//! (`/admin/catalogus` → `admin/catalogus.rs`, `/ops/orders/:number` →
//! `ops/orders.rs`, `/ops/leads/nieuw` → `ops/leads_nieuw.rs`, the portal's
//! start page → `home.rs`). Each portal's `mod.rs` holds its route table
//! with one layout around its pages. Pages outside the portals are in
//! `public/`. Pages import no other page: what two pages share is in
//! `crate::components`.

/// A portal's pages as code the browser loads only when the portal is
/// first shown (Leptos' code splitting, with cargo-leptos' `--split`
/// build): one lazily loaded function per portal renders any of its pages,
/// so the browser fetches one portal's code at once, not a few hundred
/// small files per page as one split per page gave. For each page it makes
/// a unit struct for `view={Lazy::<Name>::new()}` in a route table; the
/// page keeps its own data loading. On the server the pages render as
/// before.
///
/// `portal_pages!(portal_fn, __preload_portal_fn, PortalPage { Name =>
/// module::Page, … });` (the second name is the one `#[lazy]` gives the
/// function that only loads the code).
macro_rules! portal_pages {
    ($portal:ident, $preload:ident, $which:ident { $($name:ident => $($page:ident)::+),+ $(,)? }) => {
        /// Which page of the portal (the argument of its lazy function).
        #[derive(Clone, Copy, Debug)]
        pub enum $which {
            $($name),+
        }

        #[leptos::lazy]
        fn $portal(page: $which) -> leptos::prelude::AnyView {
            match page {
                $($which::$name => leptos::prelude::IntoAny::into_any($($page)::+())),+
            }
        }

        $(
            pub struct $name;

            impl leptos_router::LazyRoute for $name {
                fn data() -> Self {
                    $name
                }

                async fn view(_this: Self) -> leptos::prelude::AnyView {
                    $portal($which::$name).await
                }

                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )+
    };
}
pub(crate) use portal_pages;

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
