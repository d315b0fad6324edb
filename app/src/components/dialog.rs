//! Dialogs: the focus goes into a dialog when it opens, so that the
//! keyboard and Escape work there at once (an `autofocus` attribute only
//! counts when a page loads).

use leptos::prelude::*;

/// Focuses the `autofocus` control of the open `.modal` after it renders.
pub fn focus_dialog() {
    Effect::new(move |_| {
        request_animation_frame(|| {
            let el = document()
                .query_selector(".modal [autofocus]")
                .ok()
                .flatten()
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
            if let Some(el) = el {
                let _ = el.focus();
            }
        });
    });
}
