//! Admin: users and roles. Invite a colleague or partner user by e-mail,
//! change a role, deactivate or reactivate an account, reset a lost
//! authenticator, and see who signed in when.

use crate::api::admin::{admin_change_user, admin_invite_user, admin_users};
use crate::components::auth::role_label;
use crate::components::form::{error_text, field_errors, form_error_text, form_errors};
use crate::components::notice::ErrorNotice;
use crate::components::title::PageTitle;
use crate::error::AppError;
use crate::i18n::*;
use entity::domain::users::InviteForm;
use entity::domain::Role;
use entity::dto::{AdminUserRow, OptionDto, UserChange};
use leptos::prelude::*;
use std::collections::HashMap;

/// The roles an admin may give (customers get theirs with their order).
const GIVEN_ROLES: [Role; 5] = [
    Role::Admin,
    Role::OpsManager,
    Role::Planner,
    Role::Technician,
    Role::PartnerUser,
];

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, usr_title).to_string() />
        <Users />
    }
}

#[component]
fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || (query.get(), role.get(), reload.get()),
        |(q, r, _)| admin_users(q, r),
    );
    let partners = RwSignal::new(Vec::<OptionDto>::new());
    view! {
        <h1 id="usr-title" class="text-2xl font-bold mb-1">{t!(i18n, usr_title)}</h1>
        <p class="text-muted mb-4">{t!(i18n, usr_intro)}</p>
        <Invite partners=partners reload=reload />
        <div class="card flex flex-wrap gap-3 items-end my-4">
            <div class="field grow">
                <label class="label" for="usr-q">{t!(i18n, usr_search)}</label>
                <input id="usr-q" class="input" type="search" placeholder="naam of e-mail"
                    on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="label" for="usr-role-filter">{t!(i18n, usr_role)}</label>
                <select id="usr-role-filter" class="select"
                    on:change=move |ev| role.set(event_target_value(&ev).parse::<Role>().ok())>
                    <option value="">{t!(i18n, usr_all_roles)}</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str()>{move || role_label(i18n.get_locale(), r)}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        <Transition fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        partners.set(d.partners.clone());
                        let shown = d.rows.len();
                        view! {
                            <p class="text-sm text-muted mb-2" data-testid="usr-count">
                                {shown}" / "{d.total}" "{t!(i18n, usr_accounts)}
                            </p>
                            <ul class="flex flex-col gap-3" id="usr-list">
                                {d.rows.into_iter().map(|u| view! {
                                    <UserRow u=u partners=d.partners.clone() reload=reload />
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn blank() -> InviteForm {
    InviteForm {
        role: Role::Planner.as_str().to_owned(),
        locale: "nl".to_owned(),
        ..Default::default()
    }
}

#[component]
fn Invite(partners: RwSignal<Vec<OptionDto>>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let form = RwSignal::new(blank());
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let sent = RwSignal::new(None::<String>);
    let send = Action::new(move |f: &InviteForm| {
        let f = f.clone();
        async move { admin_invite_user(f).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            sent.set(Some(form.with_untracked(|f| f.email.trim().to_lowercase())));
            form.set(blank());
            errors.set(HashMap::new());
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => errors.set(form_errors(&e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(None);
        let f = form.get_untracked();
        let local: HashMap<String, String> = f.problems().into_iter().collect();
        errors.set(local.clone());
        if local.is_empty() {
            send.dispatch(f);
        }
    };
    let err = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.get(field).cloned())
                .map(|c| error_text(i18n.get_locale(), &c))
        }
    };
    let set = move |field: &'static str, apply: fn(&mut InviteForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| apply(f, v));
            errors.update(|e| {
                e.remove(field);
            });
        }
    };
    let is_partner = move || form.with(|f| f.role == Role::PartnerUser.as_str());
    view! {
        <details class="card" id="usr-invite" open>
            <summary class="font-semibold cursor-pointer">{t!(i18n, usr_invite)}</summary>
            <form class="grid sm:grid-cols-2 lg:grid-cols-3 gap-3 mt-3 items-start" novalidate on:submit=submit>
                <div class="field">
                    <label class="label" for="inv-email">{t!(i18n, usr_email)}</label>
                    <input id="inv-email" class="input" type="email" autocomplete="off"
                        prop:value=move || form.with(|f| f.email.clone())
                        on:input=set("email", |f, v| f.email = v)
                        aria-invalid=move || err("email")().is_some().to_string() />
                    <p class="field-error" role="alert">{err("email")}</p>
                </div>
                <div class="field">
                    <label class="label" for="inv-name">{t!(i18n, usr_name)}</label>
                    <input id="inv-name" class="input" type="text"
                        prop:value=move || form.with(|f| f.display_name.clone())
                        on:input=set("display_name", |f, v| f.display_name = v)
                        aria-invalid=move || err("display_name")().is_some().to_string() />
                    <p class="field-error" role="alert">{err("display_name")}</p>
                </div>
                <div class="field">
                    <label class="label" for="inv-role">{t!(i18n, usr_role)}</label>
                    <select id="inv-role" class="select"
                        prop:value=move || form.with(|f| f.role.clone())
                        on:change=set("role", |f, v| f.role = v)>
                        {GIVEN_ROLES.into_iter().map(|r| view! {
                            <option value=r.as_str()>{move || role_label(i18n.get_locale(), r)}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{err("role")}</p>
                </div>
                <Show when=is_partner>
                    <div class="field">
                        <label class="label" for="inv-partner">{t!(i18n, usr_partner)}</label>
                        <select id="inv-partner" class="select"
                            aria-invalid=move || err("partner")().is_some().to_string()
                            on:change=move |ev| {
                                let v = event_target_value(&ev).parse::<i32>().ok();
                                form.update(|f| f.partner_id = v);
                                errors.update(|e| { e.remove("partner"); });
                            }>
                            <option value="">{t!(i18n, usr_choose_partner)}</option>
                            {move || partners.get().into_iter().map(|p| view! {
                                <option value=p.value.clone()>{p.label}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" role="alert">{err("partner")}</p>
                    </div>
                </Show>
                <div class="field">
                    <label class="label" for="inv-locale">{t!(i18n, usr_language)}</label>
                    <select id="inv-locale" class="select"
                        prop:value=move || form.with(|f| f.locale.clone())
                        on:change=set("locale", |f, v| f.locale = v)>
                        <option value="nl">"Nederlands"</option>
                        <option value="en">"English"</option>
                    </select>
                </div>
                <div class="flex flex-col gap-1 sm:col-span-2 lg:col-span-3">
                    <div>
                        <button type="submit" class="btn btn-primary" disabled=move || send.pending().get()>{t!(i18n, usr_send_invite)}</button>
                    </div>
                    <p role="status">
                        {move || sent.get().map(|email| view! {
                            <span class="badge badge-ok" data-testid="inv-sent">{t!(i18n, usr_invited_to)}" "{email}</span>
                        })}
                    </p>
                    <p class="field-error" role="alert">
                        {move || errors.with(|e| e.get("form").cloned()).map(|c| form_error_text(i18n.get_locale(), &c))}
                    </p>
                </div>
            </form>
        </details>
    }
}

#[component]
fn UserRow(u: AdminUserRow, partners: Vec<OptionDto>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (u.id, u.version);
    let role = RwSignal::new(u.role.as_str().to_owned());
    let partner = RwSignal::new(u.partner_id);
    let change = Action::new(move |c: &UserChange| {
        let c = c.clone();
        async move { admin_change_user(id, version, c).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = change.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    let error = move || {
        let e = change.value().get()?.err()?;
        let l = i18n.get_locale();
        let fields = field_errors(&e);
        Some(match fields.into_iter().next() {
            Some((_, code)) => error_text(l, &code).to_owned(),
            None if e == AppError::Stale => td_string!(l, err_stale).to_owned(),
            None => td_string!(l, err_failed).to_owned(),
        })
    };
    let original_role = u.role.as_str().to_owned();
    let original_partner = u.partner_id;
    let changed = move || role.get() != original_role || partner.get() != original_partner;
    let is_partner_role = move || role.get() == Role::PartnerUser.as_str();
    let email = u.email.clone();
    let email_attr = u.email.clone();
    let row_id = format!("usr-{}", u.id);
    let active = u.active;
    let staff = u.role.is_staff();
    let is_me = u.is_me;
    view! {
        <li class="card" data-email=email_attr id=row_id>
            <div class="flex flex-wrap gap-x-4 gap-y-2 items-start justify-between">
                <div class="min-w-0">
                    <p class="font-semibold">{u.display_name.clone()}
                        {is_me.then(|| view! { " "<span class="badge badge-info">{t!(i18n, usr_me)}</span> })}
                    </p>
                    <p class="text-sm text-muted break-all">{email}</p>
                    {u.partner_name.clone().map(|p| view! { <p class="text-sm">{p}</p> })}
                </div>
                <div class="flex flex-wrap gap-2 items-center">
                    {if active {
                        view! { <span class="badge badge-ok" data-testid="usr-state">{t!(i18n, usr_active)}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-danger" data-testid="usr-state">{t!(i18n, usr_inactive)}</span> }.into_any()
                    }}
                    {u.invited.then(|| view! { <span class="badge badge-warn">{t!(i18n, usr_invited)}</span> })}
                    {u.partner_admin.then(|| view! { <span class="badge badge-info" data-testid="usr-partner-admin">{t!(i18n, usr_partner_admin)}</span> })}
                    {staff.then(|| if u.mfa_enabled {
                        view! { <span class="badge badge-info" data-testid="usr-mfa">{t!(i18n, usr_mfa_on)}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-warn" data-testid="usr-mfa">{t!(i18n, usr_mfa_off)}</span> }.into_any()
                    })}
                    <span class="text-sm text-muted" data-testid="usr-last-login">
                        {t!(i18n, usr_last_login)}": "
                        {match u.last_login.clone() {
                            Some(at) => at.into_any(),
                            None => t!(i18n, usr_never).into_any(),
                        }}
                    </span>
                </div>
            </div>
            <div class="flex flex-wrap gap-2 items-end mt-3">
                <div class="field">
                    <label class="label" for=format!("usr-role-{id}")>{t!(i18n, usr_role)}</label>
                    <select id=format!("usr-role-{id}") class="select" disabled=move || is_me
                        prop:value=move || role.get()
                        on:change=move |ev| role.set(event_target_value(&ev))>
                        {GIVEN_ROLES.into_iter().chain((u.role == Role::Customer).then_some(Role::Customer)).map(|r| view! {
                            <option value=r.as_str()>{move || role_label(i18n.get_locale(), r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=is_partner_role>
                    <div class="field">
                        <label class="label" for=format!("usr-partner-{id}")>{t!(i18n, usr_partner)}</label>
                        <select id=format!("usr-partner-{id}") class="select"
                            prop:value=move || partner.get().map(|p| p.to_string()).unwrap_or_default()
                            on:change=move |ev| partner.set(event_target_value(&ev).parse().ok())>
                            <option value="">{t!(i18n, usr_choose_partner)}</option>
                            {partners.clone().into_iter().map(|p| view! {
                                <option value=p.value.clone()>{p.label}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=changed>
                    <button type="button" class="btn btn-primary btn-sm" disabled=move || change.pending().get()
                        on:click=move |_| {
                            change.dispatch(UserChange::Role { role: role.get_untracked(), partner_id: partner.get_untracked() });
                        }>{t!(i18n, usr_save_role)}</button>
                </Show>
                {(!is_me).then(|| if active {
                    view! {
                        <button type="button" class="btn btn-secondary btn-sm" data-action="deactivate"
                            disabled=move || change.pending().get()
                            on:click=move |_| { change.dispatch(UserChange::Deactivate); }>{t!(i18n, usr_deactivate)}</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn btn-secondary btn-sm" data-action="reactivate"
                            disabled=move || change.pending().get()
                            on:click=move |_| { change.dispatch(UserChange::Reactivate); }>{t!(i18n, usr_reactivate)}</button>
                    }.into_any()
                })}
                {(staff && u.mfa_enabled).then(|| view! {
                    <button type="button" class="btn btn-secondary btn-sm" data-action="reset-mfa"
                        disabled=move || change.pending().get()
                        on:click=move |_| { change.dispatch(UserChange::ResetMfa); }>{t!(i18n, usr_reset_mfa)}</button>
                })}
                {(u.role == Role::PartnerUser && u.partner_id.is_some()).then(|| {
                    let on = !u.partner_admin;
                    view! {
                        <button type="button" class="btn btn-secondary btn-sm" data-action="partner-admin"
                            disabled=move || change.pending().get()
                            on:click=move |_| { change.dispatch(UserChange::PartnerAdmin(on)); }>
                            {if on { t!(i18n, usr_make_partner_admin).into_any() } else { t!(i18n, usr_end_partner_admin).into_any() }}
                        </button>
                    }
                })}
                {(u.invited && active).then(|| view! {
                    <button type="button" class="btn btn-secondary btn-sm" data-action="reinvite"
                        disabled=move || change.pending().get()
                        on:click=move |_| { change.dispatch(UserChange::Reinvite); }>{t!(i18n, usr_reinvite)}</button>
                })}
            </div>
            <p class="field-error" role="alert">{error}</p>
        </li>
    }
}
