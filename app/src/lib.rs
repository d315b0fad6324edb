//! The ChargeCars web app: one Leptos codebase rendered on the server and
//! hydrated in the browser.
#![recursion_limit = "256"]

// Translations: `locales/nl.json` (default) and `locales/en.json`, checked at
// compile time. leptos_i18n 0.6 prefers generating this module from build.rs,
// but that path compiles the ICU data exporter into every build; the macro
// produces the same module without it.
#[allow(deprecated)]
mod i18n_gen {
    leptos_i18n::load_locales!();
}
pub use i18n_gen::i18n;

pub mod api;
pub mod components;
pub mod error;
pub mod nav;
pub mod pages;

use components::layout::HydrationMarker;
use entity::domain::Portal;
use i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use pages::{home::HomePage, login::LoginPage, not_found::NotFound, portal::PortalHome};

/// Name of the cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "cc_lang";
/// One year, in milliseconds (leptos-use's unit).
const LANGUAGE_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f766e" />
                <link rel="stylesheet" href="/style/app.css" />
                <link rel="stylesheet" href="/style/brands.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::auth::provide_session();
    // Dutch unless the visitor chose otherwise (cookie); the browser's
    // Accept-Language is deliberately ignored.
    let no_header = leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    // Remembered for a year, for the whole site (the default would be a
    // session cookie scoped to the current directory).
    let cookie_options = leptos_i18n::context::CookieOptions::<Locale>::default()
        .path("/".to_owned())
        .max_age(LANGUAGE_COOKIE_MAX_AGE_MS)
        .same_site(leptos_use::SameSite::Lax);
    view! {
        <I18nContextProvider
            cookie_name=LANGUAGE_COOKIE
            cookie_options=cookie_options
            ssr_lang_header_getter=no_header
        >
            <DocumentTitle />
            <HydrationMarker />
            <Router>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/wachtwoord-vergeten") view=pages::account::ForgotPasswordPage />
                    <Route path=path!("/wachtwoord-herstellen") view=pages::account::ResetPasswordPage />
                    <Route path=path!("/inloglink") view=pages::account::MagicLinkPage />
                    <Route path=path!("/intake/:token") view=pages::intake::IntakePage ssr=SsrMode::Async />
                    <Route path=path!("/mfa") view=pages::mfa::MfaVerifyPage />
                    <Route path=path!("/mfa/instellen") view=pages::mfa::MfaEnrolPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/outbox") view=pages::outbox::OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/bedrijven") view=pages::entities::EntitiesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=pages::audit::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/regios") view=pages::regions::RegionsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/gebruikers") view=pages::users::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/partners") view=pages::partners::PartnersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/instellingen") view=pages::settings::SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/catalogus") view=pages::catalogue::CataloguePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/workflows") view=pages::workflows::WorkflowsPage ssr=SsrMode::Async />
                    <Route path=path!("/ops/leads/nieuw") view=|| view! { <pages::lead::LeadPage portal=Portal::Operations /> } ssr=SsrMode::Async />
                    <Route path=path!("/partner/leads/nieuw") view=|| view! { <pages::lead::LeadPage portal=Portal::Partner /> } ssr=SsrMode::Async />
                    <Route path=path!("/ops/orders/:number") view=pages::order::OrderPage ssr=SsrMode::Async />
                    <Route path=path!("/ops/planning") view=pages::planning::PlanningPage ssr=SsrMode::Async />
                    <Route path=path!("/ops/pipeline") view=pages::pipeline::PipelinePage ssr=SsrMode::Async />
                    <Route path=path!("/ops") view=|| view! { <PortalHome portal=Portal::Operations /> } ssr=SsrMode::Async />
                    <Route path=path!("/partner/orders/:number") view=|| view! { <pages::portal_order::PortalOrderPage portal=Portal::Partner /> } ssr=SsrMode::Async />
                    <Route path=path!("/klant/orders/:number") view=|| view! { <pages::portal_order::PortalOrderPage portal=Portal::Customer /> } ssr=SsrMode::Async />
                    <Route path=path!("/partner") view=|| view! { <PortalHome portal=Portal::Partner /> } ssr=SsrMode::Async />
                    <Route path=path!("/klant") view=|| view! { <PortalHome portal=Portal::Customer /> } ssr=SsrMode::Async />
                    <Route path=path!("/monteur") view=pages::technician::TechnicianDayPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=|| view! { <PortalHome portal=Portal::Admin /> } ssr=SsrMode::Async />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn DocumentTitle() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title formatter=move |page: String| {
        let app = t_string!(i18n, app_name).to_string();
        if page.is_empty() { app } else { format!("{page} · {app}") }
    } /> }
}
