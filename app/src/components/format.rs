//! Number formats as the Dutch write them (see `entity::domain::money`).

use crate::i18n::*;
pub use entity::domain::money::euro;
use entity::domain::PartnerType;

/// `8,5`: basis points as a percentage input shows them.
pub fn bp_text(bp: i32) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else {
        format!("{},{:02}", bp / 100, bp % 100)
            .trim_end_matches('0')
            .to_owned()
    }
}

/// A percentage as typed (`8`, `8,5`, `12.25`) in basis points.
pub fn parse_percent(text: &str) -> Option<i32> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let v: f64 = t.parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * 100.0).round() as i32)
}

pub fn partner_type_label(locale: Locale, t: PartnerType) -> &'static str {
    match t {
        PartnerType::EnergySupplier => td_string!(locale, pt_energy_supplier),
        PartnerType::Reseller => td_string!(locale, pt_reseller),
        PartnerType::LeaseCompany => td_string!(locale, pt_lease_company),
        PartnerType::CarDealer => td_string!(locale, pt_car_dealer),
        PartnerType::Installer => td_string!(locale, pt_installer),
        PartnerType::HousingCorporation => td_string!(locale, pt_housing_corporation),
    }
}

pub fn period_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "weekday_morning" => td_string!(locale, period_weekday_morning),
        "weekday_afternoon" => td_string!(locale, period_weekday_afternoon),
        "saturday" => td_string!(locale, period_saturday),
        _ => td_string!(locale, period_any),
    }
}

/// `di 15 dec` (nl) or `Tue 15 Dec` (en) for a `YYYY-MM-DD` date.
pub fn day_label(locale: Locale, date: &str) -> String {
    use chrono::Datelike;
    let Ok(d) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        return date.to_owned();
    };
    let (days, months): (&[&str; 7], &[&str; 12]) = match locale {
        Locale::en => (
            &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            &[
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ],
        ),
        _ => (
            &["ma", "di", "wo", "do", "vr", "za", "zo"],
            &[
                "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
            ],
        ),
    };
    format!(
        "{} {} {}",
        days[d.weekday().num_days_from_monday() as usize],
        d.day(),
        months[d.month0() as usize]
    )
}
