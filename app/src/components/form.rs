//! What every form shares: the field errors of an `AppError::Fields`, the
//! messages for their codes, and one way to show any other failure.

use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// Field errors by field (empty unless the error is `AppError::Fields`).
pub fn field_errors(e: &AppError) -> HashMap<String, String> {
    e.fields()
}

/// The message for a field error code, in the visitor's language.
pub fn error_text(locale: crate::i18n::Locale, code: &str) -> &'static str {
    use crate::i18n::*;
    match code {
        "postcode_invalid" => td_string!(locale, err_postcode_invalid),
        "photo_missing" => td_string!(locale, err_photo_missing),
        "photo_type" => td_string!(locale, err_photo_type),
        "photo_too_large" => td_string!(locale, err_photo_too_large),
        "too_long" => td_string!(locale, err_too_long),
        "email_invalid" => td_string!(locale, err_email_invalid),
        "code_invalid" => td_string!(locale, err_code_invalid),
        "prefix_invalid" => td_string!(locale, err_prefix_invalid),
        "phone_invalid" => td_string!(locale, err_phone_invalid),
        "colour_invalid" => td_string!(locale, err_colour_invalid),
        "cutoff_range" => td_string!(locale, err_cutoff_range),
        "taken" => td_string!(locale, err_taken),
        "prefix_locked" => td_string!(locale, err_prefix_locked),
        "unknown" => td_string!(locale, err_unknown),
        "charger_count_range" => td_string!(locale, err_charger_count_range),
        "customer_self_service" => td_string!(locale, err_customer_self_service),
        "self" => td_string!(locale, err_self),
        "last_admin" => td_string!(locale, err_last_admin),
        "not_invited" => td_string!(locale, err_not_invited),
        "not_partner" => td_string!(locale, err_not_partner),
        "inactive" => td_string!(locale, err_inactive),
        "amount_invalid" => td_string!(locale, err_amount_invalid),
        "amount_range" => td_string!(locale, err_amount_range),
        "margin_range" => td_string!(locale, err_margin_range),
        "sku_invalid" => td_string!(locale, err_sku_invalid),
        "duration_range" => td_string!(locale, err_duration_range),
        "not_allowed" => td_string!(locale, err_not_allowed),
        "suspended" => td_string!(locale, err_suspended),
        "days_range" => td_string!(locale, err_days_range),
        "budget_range" => td_string!(locale, err_budget_range),
        "required" => td_string!(locale, err_required),
        "choose" => td_string!(locale, err_choose),
        "out_of_range" => td_string!(locale, err_out_of_range),
        // A code this build does not know yet: say so, not "required".
        _ => td_string!(locale, err_invalid),
    }
}

/// Reads the file chosen in a file input as a `data:` URL and hands its
/// name and URL to `done` once read. `Ok(false)` when no file was chosen,
/// `Err("photo_too_large")` when it is over `max_bytes` (nothing is read).
/// Only the browser reads files; on the server this does nothing.
pub fn read_chosen_file(
    ev: &leptos::ev::Event,
    max_bytes: f64,
    done: impl FnOnce(String, String) + 'static,
) -> Result<bool, &'static str> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return Ok(false);
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return Ok(false);
        };
        if file.size() > max_bytes {
            return Err("photo_too_large");
        }
        let Ok(reader) = web_sys::FileReader::new() else {
            return Ok(false);
        };
        let name = file.name();
        let r = reader.clone();
        // Freed by wasm-bindgen after its one call (no forgotten closure).
        let onload = Closure::once_into_js(move |_: web_sys::ProgressEvent| {
            if let Some(url) = r.result().ok().and_then(|v| v.as_string()) {
                done(name, url);
            }
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let _ = reader.read_as_data_url(&file);
        Ok(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, max_bytes, done);
        Ok(false)
    }
}

/// Reads every image chosen in a file input, shrinks each in the browser
/// to at most `max_px` on its longest side (JPEG, quality 0.85: a phone's
/// 4 MB photo becomes ~300 KB), and hands each as a `data:` URL to `done`.
/// Returns how many files are being read. On the server this does nothing.
pub fn read_resized_photos(
    ev: &leptos::ev::Event,
    max_px: u32,
    done: impl Fn(String) + Clone + 'static,
) -> usize {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(files) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
        else {
            return 0;
        };
        let mut n = 0;
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let Ok(reader) = web_sys::FileReader::new() else {
                continue;
            };
            let r = reader.clone();
            let done = done.clone();
            let onload = Closure::once_into_js(move |_: web_sys::ProgressEvent| {
                let Some(url) = r.result().ok().and_then(|v| v.as_string()) else {
                    return;
                };
                let Ok(img) = web_sys::HtmlImageElement::new() else {
                    return;
                };
                let loaded = img.clone();
                let on_img = Closure::once_into_js(move || {
                    let (w, h) = (
                        loaded.natural_width().max(1),
                        loaded.natural_height().max(1),
                    );
                    let scale = (max_px as f64 / w.max(h) as f64).min(1.0);
                    let (cw, ch) = (
                        ((w as f64 * scale).round() as u32).max(1),
                        ((h as f64 * scale).round() as u32).max(1),
                    );
                    let canvas = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.create_element("canvas").ok())
                        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
                    let Some(canvas) = canvas else { return };
                    canvas.set_width(cw);
                    canvas.set_height(ch);
                    let ctx = canvas
                        .get_context("2d")
                        .ok()
                        .flatten()
                        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
                    let Some(ctx) = ctx else { return };
                    if ctx
                        .draw_image_with_html_image_element_and_dw_and_dh(
                            &loaded, 0.0, 0.0, cw as f64, ch as f64,
                        )
                        .is_ok()
                    {
                        if let Ok(out) = canvas.to_data_url_with_type_and_encoder_options(
                            "image/jpeg",
                            &wasm_bindgen::JsValue::from_f64(0.85),
                        ) {
                            done(out);
                        }
                    }
                });
                img.set_onload(Some(on_img.unchecked_ref()));
                img.set_src(&url);
            });
            reader.set_onload(Some(onload.unchecked_ref()));
            if reader.read_as_data_url(&file).is_ok() {
                n += 1;
            }
        }
        n
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, max_px, done);
        0
    }
}

/// A failed save as the form shows it: the field errors, or else one
/// `form` error (`stale`, `forbidden` or `failed`), for `form_error_text`.
pub fn form_errors(e: &AppError) -> HashMap<String, String> {
    let code = match e {
        AppError::Fields(_) => return e.fields(),
        AppError::Stale => "stale",
        AppError::Forbidden => "forbidden",
        _ => "failed",
    };
    HashMap::from([("form".to_owned(), code.to_owned())])
}

/// The message for a `form` error of `form_errors`.
pub fn form_error_text(locale: crate::i18n::Locale, code: &str) -> &'static str {
    use crate::i18n::*;
    match code {
        "stale" => td_string!(locale, err_stale),
        "forbidden" => td_string!(locale, err_forbidden),
        _ => td_string!(locale, err_failed),
    }
}

/// A signature drawn with a finger or mouse, kept as SVG path data in
/// `path` (what the sign-off stores). `labelled_by`: the id of its label.
#[component]
pub fn SignaturePad(path: RwSignal<String>, labelled_by: &'static str) -> impl IntoView {
    let drawing = RwSignal::new(false);
    let point = |ev: &leptos::ev::PointerEvent| format!("{} {}", ev.offset_x(), ev.offset_y());
    view! {
        <svg class="signature-pad" viewBox="0 0 320 120" width="320" height="120" role="img"
            aria-labelledby=labelled_by data-testid="signature-pad"
            on:pointerdown=move |ev| {
                drawing.set(true);
                let p = point(&ev);
                path.update(|d| { if !d.is_empty() { d.push(' '); } d.push_str(&format!("M{p}")); });
            }
            on:pointermove=move |ev| {
                if drawing.get_untracked() {
                    let p = point(&ev);
                    path.update(|d| d.push_str(&format!(" L{p}")));
                }
            }
            on:pointerup=move |_| drawing.set(false)
            on:pointerleave=move |_| drawing.set(false)>
            <path d=move || path.get() fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
    }
}

/// A day picker that goes to the page of the chosen day (`YYYY-MM-DD`):
/// `to` makes the page's path for a day.
#[component]
pub fn DayField(id: &'static str, value: Signal<String>, to: fn(&str) -> String) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let navigate = leptos_router::hooks::use_navigate();
    view! {
        <div class="field">
            <label class="label" for=id>{crate::i18n::t!(i18n, plan_day)}</label>
            <input id=id class="input" type="date" prop:value=move || value.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if !v.is_empty() {
                        navigate(&to(&v), Default::default());
                    }
                } />
        </div>
    }
}

/// Codes to pick as checkboxes (an API key's scopes, a webhook's events):
/// `read` and `write` reach the form's field that holds the picked ones,
/// in the order they were ticked; ticking or unticking clears `field`'s
/// error.
#[component]
pub fn CodeChecks<T: Send + Sync + 'static>(
    /// The checkboxes' `name`.
    name: &'static str,
    codes: &'static [&'static str],
    form: RwSignal<T>,
    read: fn(&T) -> &Vec<String>,
    write: fn(&mut T) -> &mut Vec<String>,
    errors: RwSignal<HashMap<String, String>>,
    field: &'static str,
) -> impl IntoView {
    view! {
        <div class="flex flex-wrap gap-4">
            {codes.iter().map(|&code| view! {
                <label class="flex items-center gap-2">
                    <input type="checkbox" name=name value=code
                        prop:checked=move || form.with(|f| read(f).iter().any(|x| x == code))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            form.update(|f| {
                                let picked = write(f);
                                picked.retain(|x| x != code);
                                if on { picked.push(code.to_owned()); }
                            });
                            errors.update(|e| { e.remove(field); });
                        } />
                    <code>{code}</code>
                </label>
            }).collect_view()}
        </div>
    }
}
