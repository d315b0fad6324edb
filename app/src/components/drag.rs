//! Drag and drop with pointer events (mouse, pen and touch alike), shared by
//! the order pipeline and the planning board. A board keeps what is being
//! dragged and where the pointer is in two signals; this module follows the
//! pointer on the window, shows the ghost, scrolls a wide board near its
//! edges, finds what lies under the pointer and hands the drop back to the
//! board. Escape or a cancelled pointer ends a drag without dropping. The
//! keyboard alternative (a "move" dialog) stays with each board.

use leptos::prelude::*;

/// Follows the pointer while `dragging` holds an item, and calls `on_drop`
/// with the item and the release point. With `scroll`, a drag near the left
/// or right edge of the element it selects scrolls that element, so every
/// column can be reached. The window listeners are removed on cleanup.
pub fn track_pointer<T>(
    dragging: RwSignal<Option<T>>,
    pointer: RwSignal<(i32, i32)>,
    scroll: Option<&'static str>,
    on_drop: impl Fn(T, i32, i32) + 'static,
) where
    T: Clone + Send + Sync + 'static,
{
    let moved = window_event_listener(leptos::ev::pointermove, move |ev| {
        if dragging.with_untracked(Option::is_some) {
            pointer.set((ev.client_x(), ev.client_y()));
            if let Some(selector) = scroll {
                auto_scroll(selector, ev.client_x());
            }
        }
    });
    let up = window_event_listener(leptos::ev::pointerup, move |ev| {
        let Some(item) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        on_drop(item, ev.client_x(), ev.client_y());
    });
    let cancel = window_event_listener(leptos::ev::pointercancel, move |_| dragging.set(None));
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            dragging.set(None);
        }
    });
    on_cleanup(move || {
        moved.remove();
        up.remove();
        cancel.remove();
        escape.remove();
    });
}

/// Scrolls the element `selector` selects when `x` is near its edge.
fn auto_scroll(selector: &str, x: i32) {
    let Some(el) = document().query_selector(selector).ok().flatten() else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let edge = 64.0;
    let x = f64::from(x);
    if x > rect.right() - edge {
        el.set_scroll_left(el.scroll_left() + 24);
    } else if x < rect.left() + edge {
        el.set_scroll_left(el.scroll_left() - 24);
    }
}

/// The nearest element matching `selector` at a point on the screen
/// (the drop target under the pointer).
pub fn element_at(x: i32, y: i32, selector: &str) -> Option<web_sys::Element> {
    document()
        .element_from_point(x as f32, y as f32)?
        .closest(selector)
        .ok()?
}

/// Whether a pointer-down may start a drag: the main button, and for touch
/// or pen only on the grip (so the page still scrolls); with a mouse
/// anywhere on the card except its buttons, fields and links.
pub fn may_start(ev: &leptos::ev::PointerEvent) -> bool {
    let target = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
    let on_grip = target
        .as_ref()
        .is_some_and(|el| el.closest(".card-grip").ok().flatten().is_some());
    let interactive = target.as_ref().is_some_and(|el| {
        el.closest("button, input, select, a, label")
            .ok()
            .flatten()
            .is_some()
    });
    ev.button() == 0 && (ev.pointer_type() == "mouse" || on_grip) && (!interactive || on_grip)
}

/// Starts dragging `item` from a pointer-down that may start a drag
/// (`may_start`), remembering in `origin` where it began.
pub fn begin_drag<T: Send + Sync + 'static>(
    ev: &leptos::ev::PointerEvent,
    item: T,
    dragging: RwSignal<Option<T>>,
    pointer: RwSignal<(i32, i32)>,
    origin: StoredValue<(i32, i32)>,
) {
    if !may_start(ev) {
        return;
    }
    ev.prevent_default();
    let at = (ev.client_x(), ev.client_y());
    origin.set_value(at);
    pointer.set(at);
    dragging.set(Some(item));
}

/// Whether a release at `(x, y)` ends a drag rather than a click: the
/// pointer moved a few pixels from where it went down.
pub fn moved_from(origin: (i32, i32), x: i32, y: i32) -> bool {
    (x - origin.0).abs() + (y - origin.1).abs() >= 6
}

/// The label that follows the pointer while something is dragged.
#[component]
pub fn DragGhost(
    /// What is dragged, as text; `None` when nothing is.
    #[prop(into)]
    label: Signal<Option<String>>,
    pointer: RwSignal<(i32, i32)>,
) -> impl IntoView {
    move || {
        label.get().map(|label| {
            let style = move || {
                let (x, y) = pointer.get();
                format!("left:{}px;top:{}px", x + 12, y + 12)
            };
            view! { <div class="drag-ghost" style=style aria-hidden="true">{label}</div> }
        })
    }
}
