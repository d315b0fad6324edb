//! Conversion per step of 000's KPI table against its target: the strip
//! above the pipeline board (all orders) and on a partner's dashboard (its
//! own).

use crate::components::status::column_label;
use crate::i18n::*;
use entity::domain::pipeline::Column;
use entity::dto::ConversionDto;
use leptos::prelude::*;

#[component]
pub fn ConversionStrip(steps: Vec<ConversionDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul role="list" class="conversion" data-testid="conversion">
            {steps.into_iter().map(|c| {
                let pct = c.percent();
                let ok = pct.is_some_and(|p| p >= c.target_percent);
                let from = Column::from_slug(&c.from).unwrap_or(Column::Lead);
                let to = Column::from_slug(&c.to).unwrap_or(Column::Completed);
                view! {
                    <li class="conversion-item" data-ok=ok.to_string()>
                        <span class="text-sm text-muted">
                            {move || format!("{} → {}", column_label(i18n.get_locale(), from), column_label(i18n.get_locale(), to))}
                        </span>
                        <strong class="text-xl">{pct.map(|p| format!("{p}%")).unwrap_or_else(|| "–".into())}</strong>
                        <span class="text-sm">
                            {t!(i18n, conv_target)}" "{c.target_percent}"% · "{c.converted}" "{t!(i18n, conv_of)}" "{c.decided}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
