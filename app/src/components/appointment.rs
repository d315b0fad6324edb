//! The appointment on an order's page (`components::portal_order`, which
//! the customer's `/klant/orders/:number` and the partner's order page share):
//! choose a slot that fits the routes (greener ones first), hold and
//! confirm it, move it with a reason before the cut-off (after it: call
//! us), add it to a calendar, and tell the installer how to get in.

use crate::api::appointments::{
    appointment_slots, confirm_slot, hold_slot, release_slot, save_access_notes,
};
use crate::components::format::day_label;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::time::clock;
use entity::dto::{AccessNotes, BookingDto, HoldDto, SlotDto};
use leptos::prelude::*;

/// How many of the cheapest slots are shown first.
const FIRST_SLOTS: usize = 6;

fn refusal(locale: Locale, e: &AppError) -> &'static str {
    match e {
        AppError::Conflict(c) if c == "slot_taken" => td_string!(locale, appt_slot_taken),
        AppError::Conflict(c) if c == "hold_expired" => td_string!(locale, appt_hold_expired),
        AppError::Conflict(c) if c == "cutoff" => td_string!(locale, appt_cutoff_passed),
        AppError::Invalid(r) if r == "reason" => td_string!(locale, appt_reason_needed),
        AppError::Invalid(_) => td_string!(locale, appt_slot_invalid),
        _ => td_string!(locale, error_generic),
    }
}

fn when(locale: Locale, date: &str, start: i32, end: i32) -> String {
    format!(
        "{} · {}–{}",
        day_label(locale, date),
        clock(start),
        clock(end)
    )
}

#[component]
pub fn AppointmentPanel(
    booking: BookingDto,
    /// Called after a booking or move (the rest of the page reloads).
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = booking.order_number.clone();
    let booking = RwSignal::new(booking);
    // Choosing: on for a first booking, or when the customer asks to move.
    let moving = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let held = RwSignal::new(booking.with_untracked(|b| b.hold.clone()));
    let message = RwSignal::new(None::<String>);
    let confirmed = RwSignal::new(false);

    let load = {
        let number = number.clone();
        Action::new(move |_: &()| appointment_slots(number.clone()))
    };
    let hold = {
        let number = number.clone();
        Action::new(move |(date, start): &(String, i32)| {
            hold_slot(number.clone(), date.clone(), *start)
        })
    };
    let release = {
        let number = number.clone();
        Action::new(move |_: &()| release_slot(number.clone()))
    };
    let confirm = {
        let number = number.clone();
        Action::new(move |why: &Option<String>| confirm_slot(number.clone(), why.clone()))
    };
    let choosing = move || {
        booking.with(|b| {
            b.state == "choose" || (b.state == "booked" && b.can_reschedule && moving.get())
        })
    };
    // The slots load once the page runs in the browser, when choosing.
    Effect::new(move |_| {
        if choosing()
            && load.value().with_untracked(Option::is_none)
            && !load.pending().get_untracked()
        {
            load.dispatch(());
        }
    });
    Effect::new(move |_| match hold.value().get() {
        Some(Ok(h)) => {
            message.set(None);
            held.set(Some(h));
        }
        Some(Err(e)) => {
            message.set(Some(refusal(i18n.get_locale_untracked(), &e).to_owned()));
            load.dispatch(());
        }
        None => {}
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(b)) => {
            booking.set(b);
            held.set(None);
            moving.set(false);
            reason.set(String::new());
            message.set(None);
            confirmed.set(true);
            load.value().set(None);
            on_change.run(());
        }
        Some(Err(e)) => {
            message.set(Some(refusal(i18n.get_locale_untracked(), &e).to_owned()));
            if matches!(&e, AppError::Conflict(_)) {
                held.set(None);
                load.dispatch(());
            }
        }
        None => {}
    });

    let slot_button = move |s: SlotDto| {
        let label = when(i18n.get_locale_untracked(), &s.date, s.start_min, s.end_min);
        let (date, start) = (s.date.clone(), s.start_min);
        view! {
            <li>
                <button type="button" class="slot" data-testid="slot" data-date=s.date.clone()
                    disabled=move || hold.pending().get()
                    on:click=move |_| { confirmed.set(false); hold.dispatch((date.clone(), start)); }>
                    <span class="font-semibold">{label}</span>
                    {s.greener.then(|| view! { <span class="badge badge-ok">{t!(i18n, appt_greener)}</span> })}
                    <span class="text-xs text-muted">{move || t_string!(i18n, appt_extra_km).replace("{km}", &format!("{:.0}", s.extra_km))}</span>
                </button>
            </li>
        }
    };

    let slot_list = move || {
        match load.value().get() {
            None => view! { <p class="text-muted">{t!(i18n, appt_looking)}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="field-error">{refusal(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
            Some(Ok(slots)) if slots.is_empty() => view! {
                <p data-testid="no-slots">{move || t_string!(i18n, appt_no_slots).replace("{phone}", &booking.with(|b| b.phone.clone().unwrap_or_default()))}</p>
            }.into_any(),
            Some(Ok(slots)) => {
                let first: Vec<SlotDto> = slots.iter().take(FIRST_SLOTS).cloned().collect();
                let mut by_date = slots.clone();
                by_date.sort_by(|a, b| (a.date.as_str(), a.start_min).cmp(&(b.date.as_str(), b.start_min)));
                view! {
                    <h3 class="font-semibold mt-3">{t!(i18n, appt_best)}</h3>
                    <p class="text-sm text-muted mb-2">{t!(i18n, appt_best_hint)}</p>
                    <ul role="list" class="slot-list" data-testid="best-slots">
                        {first.into_iter().map(slot_button).collect_view()}
                    </ul>
                    <details class="mt-3">
                        <summary>{let n = by_date.len().to_string(); move || t_string!(i18n, appt_all).replace("{n}", &n)}</summary>
                        <ul role="list" class="slot-list mt-2">
                            {by_date.into_iter().map(slot_button).collect_view()}
                        </ul>
                    </details>
                }.into_any()
            }
        }
    };

    let hold_box = move |h: HoldDto| {
        let label = when(i18n.get_locale_untracked(), &h.date, h.start_min, h.end_min);
        view! {
            <div class="card card-accent mt-3" data-testid="hold">
                <p><strong>{label}</strong></p>
                <p class="text-sm text-muted">{move || t_string!(i18n, appt_held_until).replace("{time}", &h.until)}</p>
                <div class="flex flex-wrap gap-2 mt-2">
                    <button type="button" class="btn btn-primary" disabled=move || confirm.pending().get()
                        on:click=move |_| {
                            let why = reason.get_untracked();
                            let moving_now = booking.with_untracked(|b| b.state == "booked");
                            if moving_now && why.trim().is_empty() {
                                message.set(Some(td_string!(i18n.get_locale_untracked(), appt_reason_needed).to_owned()));
                                return;
                            }
                            confirm.dispatch(Some(why).filter(|w| !w.trim().is_empty()));
                        }>
                        {t!(i18n, appt_confirm)}
                    </button>
                    <button type="button" class="btn btn-secondary"
                        on:click=move |_| { held.set(None); release.dispatch(()); }>
                        {t!(i18n, appt_other)}
                    </button>
                </div>
            </div>
        }
    };

    view! {
        <section class="card mb-4" aria-labelledby="h-appointment" data-testid="appointment">
            <h2 id="h-appointment" class="card-title">{move || if booking.with(|b| b.service) { t_string!(i18n, appt_title_service) } else { t_string!(i18n, appt_title) }}</h2>
            <div aria-live="polite">
                {move || confirmed.get().then(|| view! {
                    <p role="status" class="notice-ok mb-2">{t!(i18n, appt_confirmed)}</p>
                })}
            </div>
            {move || {
                let b = booking.get();
                match b.state.as_str() {
                    "waiting" => view! { <p class="text-muted">{t!(i18n, appt_waiting)}</p> }.into_any(),
                    "done" => view! { <p class="text-muted">{t!(i18n, appt_done)}</p> }.into_any(),
                    "booked" => {
                        let a = b.appointment.clone().unwrap_or(entity::dto::AppointmentDto { date: String::new(), start_min: 0, end_min: 0 });
                        let ics = entity::paths::api::appointment_ics(&b.order_number);
                        let phone = b.phone.clone().unwrap_or_default();
                        let tel = format!("tel:{}", phone.replace(' ', ""));
                        view! {
                            <p class="text-lg" data-testid="appointment-when" data-date=a.date.clone()>
                                <strong>{when(i18n.get_locale_untracked(), &a.date, a.start_min, a.end_min)}</strong>
                            </p>
                            <p class="text-sm text-muted">{t!(i18n, appt_window_hint)}</p>
                            <div class="flex flex-wrap gap-2 mt-2">
                                <a class="btn btn-secondary" href=ics download="afspraak.ics" rel="external">{t!(i18n, appt_calendar)}</a>
                                {b.can_reschedule.then(|| view! {
                                    <button type="button" class="btn btn-secondary" aria-expanded=move || moving.get().to_string()
                                        on:click=move |_| { confirmed.set(false); moving.update(|m| *m = !*m); }>
                                        {t!(i18n, appt_move)}
                                    </button>
                                })}
                            </div>
                            {(!b.can_reschedule).then(|| view! {
                                <p class="mt-2" data-testid="call-us">
                                    {t_string!(i18n, appt_call_us).replace("{hours}", &b.cutoff_hours.to_string())}" "
                                    <a href=tel>{phone.clone()}</a>
                                </p>
                            })}
                            <Show when=move || moving.get()>
                                <label class="label mt-3" for="move-reason">{t!(i18n, appt_reason)}</label>
                                <textarea id="move-reason" class="input" rows="2" maxlength="400"
                                    prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            </Show>
                        }.into_any()
                    }
                    _ => view! { <p>{t!(i18n, appt_choose_intro)}</p> }.into_any(),
                }
            }}
            {move || message.get().map(|m| view! { <p role="alert" class="field-error mt-2">{m}</p> })}
            {move || held.get().map(hold_box)}
            <Show when=move || choosing() && held.with(Option::is_none)>
                {slot_list}
            </Show>
        </section>
        <AccessForm number=number.clone() notes=booking.with_untracked(|b| b.access.clone()) />
    }
}

/// What the installer should know: parking, meter cabinet, pets, other.
#[component]
fn AccessForm(number: String, notes: AccessNotes) -> impl IntoView {
    let i18n = use_i18n();
    let notes = RwSignal::new(notes);
    let save =
        Action::new(move |n: &(String, AccessNotes)| save_access_notes(n.0.clone(), n.1.clone()));
    Effect::new(move |_| {
        if let Some(Ok(n)) = save.value().get() {
            notes.set(n);
        }
    });
    let field = move |id: &'static str,
                      label: String,
                      get: fn(&AccessNotes) -> String,
                      set: fn(&mut AccessNotes, String)| {
        view! {
            <div>
                <label class="label" for=id>{label}</label>
                <input id=id class="input" maxlength="300" prop:value=move || notes.with(get)
                    on:input=move |ev| notes.update(|n| set(n, event_target_value(&ev))) />
            </div>
        }
    };
    view! {
        <section class="card mb-4" aria-labelledby="h-access" data-testid="access">
            <h2 id="h-access" class="card-title">{t!(i18n, access_title)}</h2>
            <p class="text-sm text-muted mb-2">{t!(i18n, access_hint)}</p>
            <form class="flex flex-col gap-2" novalidate on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((number.clone(), notes.get_untracked()));
            }>
                {field("access-parking", t_string!(i18n, access_parking).to_owned(), |n| n.parking.clone(), |n, v| n.parking = v)}
                {field("access-meter", t_string!(i18n, access_meter).to_owned(), |n| n.meter_cabinet.clone(), |n, v| n.meter_cabinet = v)}
                {field("access-pets", t_string!(i18n, access_pets).to_owned(), |n| n.pets.clone(), |n, v| n.pets = v)}
                {field("access-other", t_string!(i18n, access_other).to_owned(), |n| n.other.clone(), |n, v| n.other = v)}
                <button type="submit" class="btn btn-secondary self-start" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
                <div aria-live="polite">
                    {move || match save.value().get() {
                        Some(Ok(_)) => Some(view! { <p role="status" class="text-sm">{t!(i18n, access_saved)}</p> }.into_any()),
                        Some(Err(_)) => Some(view! { <p role="alert" class="field-error">{t!(i18n, access_too_long)}</p> }.into_any()),
                        None => None,
                    }}
                </div>
            </form>
        </section>
    }
}
