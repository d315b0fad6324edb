//! The document title, safe to compute after the page has rendered.
//!
//! leptos_meta reads the title once the page's HTML is streamed, and by then
//! a route's owner can be gone (a page that was replaced or left early): a
//! closure that reads a signal, such as the language, then panics on the
//! server. So the server computes the text once, while the page is being
//! built; the browser keeps it reactive, so it follows a language switch.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

/// The page's own part of the title (the app's name is added by
/// [`AppTitle`]).
#[component]
pub fn PageTitle<F>(text: F) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    let text = TextProp::from(text());
    #[cfg(not(feature = "ssr"))]
    let text = TextProp::from(text);
    view! { <Title text=text /> }
}

/// How every page title ends: "page · app name", or the app's name alone.
#[component]
pub fn AppTitle<F>(app: F) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    let app = {
        let name = app();
        move || name.clone()
    };
    view! { <Title formatter=move |page: String| {
        let app = app();
        if page.is_empty() { app } else { format!("{page} · {app}") }
    } /> }
}
