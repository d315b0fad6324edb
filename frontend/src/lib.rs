//! The WASM entry point: hydrates the page that the server rendered.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // As `leptos::mount::hydrate_lazy`: waits for the code of the portal
    // being shown (loaded beside this bundle) and hydrates it; then marks
    // the page as interactive (`data-hydrated`, which the end-to-end
    // tests wait for), only once all of it is.
    wasm_bindgen_futures::spawn_local(async {
        let app = leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), app::App).await;
        app.forget();
        app::components::layout::mark_hydrated();
    });
}
