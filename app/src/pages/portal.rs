use crate::components::layout::Shell;
use crate::i18n::*;
use crate::nav;
use entity::domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;

/// The landing page of a portal: what it offers, and which parts are live.
#[component]
pub fn PortalHome(portal: Portal) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || nav::portal_label(i18n.get_locale(), portal);
    view! {
        <Title text=move || label().to_string() />
        <Shell portal=portal>
            <section class="max-w-5xl">
                <h1 class="text-2xl sm:text-3xl font-bold mb-2">{label}</h1>
                <p class="text-muted mb-6">{move || nav::portal_description(i18n.get_locale(), portal)}</p>
                <h2 class="text-lg mb-3">{t!(i18n, portal_sections)}</h2>
                <ul role="list" class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                    {nav::items(portal).iter().skip(1).map(|item| {
                        let section = item.section;
                        view! {
                            <li class="card flex items-center justify-between gap-2">
                                <span class="font-semibold">{move || nav::section_label(i18n.get_locale(), section)}</span>
                                <span class="badge">{move || t_string!(i18n, coming_soon)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Shell>
    }
}
