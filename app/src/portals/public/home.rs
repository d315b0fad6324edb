use crate::api::brands::list_brands;
use crate::components::layout::Shell;
use crate::components::notice::ErrorNotice;
use crate::i18n::*;
use crate::nav;
use entity::domain::Portal;
use entity::dto::BrandDto;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let brands = Resource::new(|| (), |_| list_brands());
    view! {
        <Shell>
            <section class="max-w-5xl mx-auto">
                <h1 class="text-3xl sm:text-4xl font-bold mt-2 mb-3">{t!(i18n, home_title)}</h1>
                <p class="text-lg text-muted max-w-3xl mb-8">{t!(i18n, home_lead)}</p>

                <h2 class="text-xl mb-3">{t!(i18n, home_portals)}</h2>
                <ul role="list" class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 mb-10">
                    {Portal::ALL.into_iter().map(|p| view! {
                        <li class="card flex flex-col gap-2">
                            <h3 class="card-title">{move || nav::portal_label(i18n.get_locale(), p)}</h3>
                            <p class="text-muted text-sm flex-1">{move || nav::portal_description(i18n.get_locale(), p)}</p>
                            <a class="btn btn-secondary btn-sm self-start" href=p.path()>
                                {t!(i18n, portal_open)}
                                <span class="sr-only">{move || nav::portal_label(i18n.get_locale(), p)}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>

                <h2 id="brands-heading" class="text-xl mb-3">{t!(i18n, home_brands)}</h2>
                <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match brands.await {
                            Ok(list) => view! { <BrandList brands=list /> }.into_any(),
                            Err(_) => view! { <ErrorNotice /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </Shell>
    }
}

#[component]
fn BrandList(brands: Vec<BrandDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul role="list" aria-labelledby="brands-heading" class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {brands.into_iter().map(|b| view! {
                <li class="card card-accent" data-entity=b.code.clone()>
                    <div class="flex items-center justify-between gap-2 mb-2">
                        <h3 class="card-title flex items-center gap-2">
                            {b.logo_url().map(|u| view! { <img src=u alt="" class="h-7 max-w-[5rem] object-contain" /> })}
                            {b.brand.clone()}
                        </h3>
                        <span class="badge badge-brand" title=move || t_string!(i18n, brand_prefix)>
                            {format!("{}-…", b.order_prefix)}
                        </span>
                    </div>
                    <p class="text-sm text-muted mb-2">{b.name.clone()}</p>
                    <dl class="text-sm grid gap-x-3 gap-y-1" style="grid-template-columns: auto 1fr">
                        <dt class="text-muted">{t!(i18n, brand_support)}</dt>
                        <dd><a href=format!("mailto:{}", b.support_email)>{b.support_email.clone()}</a></dd>
                        {b.whatsapp_number.clone().map(|w| view! {
                            <dt class="text-muted">{t!(i18n, brand_whatsapp)}</dt>
                            <dd>{w}</dd>
                        })}
                    </dl>
                </li>
            }).collect_view()}
        </ul>
    }
}
