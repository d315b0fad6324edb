//! Quote and order lines as a table, with who pays each line (000's dual
//! quote): on the ops order page and in the customer and partner portals.

use crate::components::format::euro;
use crate::i18n::*;
use entity::dto::LineDto;
use leptos::prelude::*;

pub fn payer_label(locale: Locale, payer: &str) -> &'static str {
    if payer == "partner" {
        td_string!(locale, payer_partner)
    } else {
        td_string!(locale, payer_customer)
    }
}

#[component]
pub fn Lines(lines: Vec<LineDto>, label: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="table" aria-label=label>
                <thead><tr>
                    <th scope="col">{t!(i18n, col_description)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_qty)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_price)}</th>
                    <th scope="col" class="text-right">{t!(i18n, col_total)}</th>
                    <th scope="col">{t!(i18n, col_payer)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let total = euro(l.total_cents());
                        let payer = l.payer.clone();
                        let class = if payer == "partner" { "badge badge-info" } else { "badge" };
                        view! {
                            <tr>
                                <td>{l.description}</td>
                                <td class="text-right">{l.quantity}</td>
                                <td class="text-right whitespace-nowrap">{euro(l.unit_price_cents)}</td>
                                <td class="text-right whitespace-nowrap">{total}</td>
                                <td><span class=class>
                                    {move || payer_label(i18n.get_locale(), &payer)}
                                </span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
