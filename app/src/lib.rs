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
pub mod portals;

use components::layout::HydrationMarker;
use i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};
use portals::public::{
    account, afmelden, home::HomePage, intake, login::LoginPage, mfa, not_found::NotFound,
    tevredenheid,
};

/// Name of the cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "cc_lang";
/// One year, in milliseconds (leptos-use's unit).
const LANGUAGE_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

/// The Content-Security-Policy of a page. Scripts run only from this site
/// and, inline, with this response's nonce (Leptos puts it on the
/// hydration and streaming scripts); the WASM bundle may compile. Styles
/// allow inline `style` attributes (the boards position bars with them);
/// nothing may frame the page, and forms post only here.
pub fn page_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's policy, naming this render's nonce, is set by the server's
    // edge (`render_page`), which gives every other answer a policy
    // without scripts.
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
                // The technician app's manifest (scope /monteur, issue 19).
                <link rel="manifest" href="/manifest.webmanifest" />
                <meta name="theme-color" content="#0f766e" />
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

// The public pages' code is loaded when one of them is first shown
// (`portals::portal_pages`).
portals::portal_pages!(public_pages, __preload_public_pages, PublicPage {
    HomeRoute => HomePage,
    LoginRoute => LoginPage,
    ForgotPasswordRoute => account::ForgotPasswordPage,
    ResetPasswordRoute => account::ResetPasswordPage,
    MagicLinkRoute => account::MagicLinkPage,
    UnsubscribeRoute => afmelden::UnsubscribePage,
    IntakeRoute => intake::IntakePage,
    SurveyRoute => tevredenheid::SurveyPage,
    MfaVerifyRoute => mfa::MfaVerifyPage,
    MfaEnrolRoute => mfa::MfaEnrolPage,
});

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::auth::provide_session();
    // Dutch unless the visitor chose otherwise (cookie); the browser's
    // Accept-Language is deliberately ignored.
    let no_header = leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    // Remembered for a year, for the whole site (the default would be a
    // session cookie scoped to the current directory).
    // Whether the router is on its way to another page (its portal's code
    // may be loading).
    let (routing, set_routing) = signal(false);
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
            <HydrationMarker routing=routing />
            <Router set_is_routing=set_routing>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/wachtwoord-vergeten") view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/wachtwoord-herstellen") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/inloglink") view={Lazy::<MagicLinkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/afmelden") view={Lazy::<UnsubscribeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/intake/:token") view={Lazy::<IntakeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/tevredenheid/:token") view={Lazy::<SurveyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mfa") view={Lazy::<MfaVerifyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mfa/instellen") view={Lazy::<MfaEnrolRoute>::new()} ssr=SsrMode::Async />
                    <portals::ops::OpsRoutes />
                    <portals::partner::PartnerRoutes />
                    <portals::klant::CustomerRoutes />
                    <portals::monteur::TechnicianRoutes />
                    <portals::admin::AdminRoutes />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn DocumentTitle() -> impl IntoView {
    let i18n = use_i18n();
    view! { <components::title::AppTitle app=move || t_string!(i18n, app_name).to_string() /> }
}
