//! What a customer asked the installer to know (parking, meter cabinet,
//! pets, other), as the ops order page and the technician's day show it:
//! only the notes that were filled in.

use crate::i18n::*;
use entity::dto::AccessNotes;
use leptos::prelude::*;

#[component]
pub fn AccessList(
    notes: AccessNotes,
    /// The list's classes (spacing differs per page).
    class: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class=class data-testid=testid>
            {[(t_string!(i18n, access_parking), notes.parking), (t_string!(i18n, access_meter), notes.meter_cabinet),
              (t_string!(i18n, access_pets), notes.pets), (t_string!(i18n, access_other), notes.other)]
                .into_iter().filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| view! { <dt class="font-semibold">{k}</dt><dd class="mb-1">{v}</dd> }).collect_view()}
        </dl>
    }
}
