//! The app shell: skip link, header with portal tabs and language switch,
//! a side navigation that becomes a drawer on tablets and phones, the main
//! landmark and the footer.

use crate::i18n::*;
use crate::nav::{self, NavItem};
use entity::domain::Portal;
use entity::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// `<html data-hydrated="true">`: the WASM bundle has taken over the whole
/// page shown. Set by the entry point (`frontend`) once hydration is
/// complete, which with lazily loaded portal code is later than the first
/// effects run.
pub fn mark_hydrated() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// After hydration: `data-hydrated` turns `"false"` while the router is on
/// its way to another page (whose portal's code may still be loading: the
/// old page stays on screen meanwhile) and `"true"` again when it is
/// shown. While on the way, a thin bar at the top says so.
#[component]
pub fn HydrationMarker(routing: ReadSignal<bool>) -> impl IntoView {
    Effect::new(move |_| {
        let on_the_way = routing.get();
        if let Some(root) = document().document_element() {
            if root.has_attribute("data-hydrated") {
                let _ =
                    root.set_attribute("data-hydrated", if on_the_way { "false" } else { "true" });
            }
        }
    });
    view! { <div class="route-progress" aria-hidden="true" class:active=move || routing.get()></div> }
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    // Full names on wide screens, "NL"/"EN" on phones; the accessible name
    // is always the full name, in its own language.
    let option = move |locale: Locale, label: &'static str, short: &'static str| {
        view! {
            <button
                type="button"
                class="btn btn-ghost btn-sm"
                lang=locale.as_str()
                aria-label=label
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                class:font-bold=move || i18n.get_locale() == locale
                on:click=move |_| i18n.set_locale(locale)
            >
                <span class="sm:hidden" aria-hidden="true">{short}</span>
                <span class="hidden sm:inline" aria-hidden="true">{label}</span>
            </button>
        }
    };
    view! {
        <div role="group" aria-label=move || t_string!(i18n, language) class="flex items-center gap-1">
            {option(Locale::nl, "Nederlands", "NL")}
            {option(Locale::en, "English", "EN")}
        </div>
    }
}

fn portal_links(current: Option<Portal>, class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    Portal::ALL
        .into_iter()
        .map(|p| {
            view! {
                <a
                    class=class
                    href=p.path()
                    aria-current=(current == Some(p)).then_some("page")
                >
                    {move || nav::portal_label(i18n.get_locale(), p)}
                </a>
            }
        })
        .collect_view()
}

#[component]
fn SectionLink(item: NavItem) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || nav::section_label(i18n.get_locale(), item.section);
    let location = use_location();
    match item.href {
        Some(href) => view! {
            <a
                class="nav-link"
                href=href
                aria-current=move || (location.pathname.get() == href).then_some("page")
            >
                <span>{label}</span>
            </a>
        }
        .into_any(),
        None => view! {
            <span class="nav-link text-muted" aria-disabled="true">
                <span>{label}</span>
                <span class="badge ml-auto">{move || t_string!(i18n, coming_soon)}</span>
            </span>
        }
        .into_any(),
    }
}

/// Every page renders inside this shell. `portal` selects the side
/// navigation and the highlighted portal tab; the home page has none.
#[component]
pub fn Shell(#[prop(optional)] portal: Option<Portal>, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    // Close the drawer after navigating.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        set_open.set(false);
    });
    // Escape closes the drawer too.
    let _escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            set_open.set(false);
        }
    });

    view! {
        <div class="app-root" data-entity="chargecars">
            <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
            <header class="app-header">
                <button
                    type="button"
                    class="btn btn-ghost btn-icon menu-toggle"
                    aria-controls="app-drawer"
                    aria-expanded=move || open.get().to_string()
                    aria-label=move || if open.get() { t_string!(i18n, close_menu) } else { t_string!(i18n, open_menu) }
                    on:click=move |_| set_open.update(|o| *o = !*o)
                >
                    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
                        <path d="M4 6h16M4 12h16M4 18h16" />
                    </svg>
                </button>
                <a class="brand-mark" href=paths::HOME>
                    <span class="brand-dot" aria-hidden="true"></span>
                    <span>"ChargeCars"</span>
                    <span class="text-muted font-normal hidden sm:inline">"Operations"</span>
                </a>
                <nav class="portal-tabs desktop-only ml-4" aria-label=move || t_string!(i18n, portal_navigation)>
                    {portal_links(portal, "portal-tab")}
                </nav>
                <div class="ml-auto flex items-center gap-2">
                    <LanguageSwitch />
                    <crate::components::auth::UserMenu />
                </div>
            </header>
            <div class="app-body">
                <aside id="app-drawer" class=if portal.is_some() { "app-nav" } else { "app-nav lg:hidden" } data-open=move || open.get().to_string()>
                    {portal.map(|p| view! {
                        <nav class="nav-section" aria-label=move || t_string!(i18n, section_navigation)>
                            <p class="nav-heading">{move || nav::portal_label(i18n.get_locale(), p)}</p>
                            <ul role="list">
                                {nav::items(p).iter().map(|item| view! { <li><SectionLink item=*item /></li> }).collect_view()}
                            </ul>
                        </nav>
                    })}
                    <nav class="nav-section drawer-only" aria-label=move || t_string!(i18n, portal_navigation)>
                        <p class="nav-heading">{t!(i18n, portal_navigation)}</p>
                        {portal_links(portal, "nav-link")}
                    </nav>
                </aside>
                <div
                    class="drawer-backdrop"
                    aria-hidden="true"
                    data-open=move || open.get().to_string()
                    on:click=move |_| set_open.set(false)
                ></div>
                <div class="flex-1 min-w-0 flex flex-col">
                    <main id="main" tabindex="-1" class="app-main">
                        {children()}
                    </main>
                    <footer class="app-footer">{t!(i18n, footer)}</footer>
                </div>
            </div>
        </div>
    }
}
