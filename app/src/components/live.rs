//! Live updates from the server (server-sent events), shared by the boards.
//! One `EventSource` per subscription: re-opened when its URL changes,
//! closed when the page goes away, and its listener is dropped with it
//! (no closure is leaked per reconnect).
//!
//! leptos-use's `use_event_source` was the first choice, but the version in
//! the lock file forgets one closure per connect (the leak this replaces)
//! and wants a typed codec for named events that carry no payload we read.

/// Calls `on_event` for every event named in `events` from the stream at
/// the URL `url` gives (`None`: no stream). On the server it does nothing.
pub fn live_events(
    url: impl Fn() -> Option<String> + 'static,
    events: &'static [&'static str],
    on_event: impl Fn() + Clone + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        use wasm_bindgen::{closure::Closure, JsCast};
        Effect::new(move |_| {
            let Some(url) = url() else { return };
            let Ok(source) = web_sys::EventSource::new(&url) else {
                return;
            };
            let f = on_event.clone();
            let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| f());
            for name in events {
                let _ = source
                    .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
            // Both live exactly as long as this run of the effect.
            let held = send_wrapper::SendWrapper::new((source, listener));
            on_cleanup(move || {
                let (source, listener) = held.take();
                for name in events {
                    let _ = source.remove_event_listener_with_callback(
                        name,
                        listener.as_ref().unchecked_ref(),
                    );
                }
                source.close();
                drop(listener);
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, events, on_event);
}
