//! Who is signed in, on the client. The same `Role::can_open` rule that the
//! server's `authorize` uses decides what the UI offers; the server still
//! checks every call.

use crate::api::auth::{whoami, Login, Logout, Magic};
use crate::api::mfa::{MfaEnrol, MfaVerify};
use crate::components::notice::Forbidden;
use crate::error::AppError;
use crate::i18n::*;
use crate::nav::with_next;
use entity::domain::{Portal, Role};
use entity::dto::{CurrentUser, MfaStep};
use entity::paths;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub mfa_verify: ServerAction<MfaVerify>,
    pub mfa_enrol: ServerAction<MfaEnrol>,
    /// Signing in with a link by e-mail (customers).
    pub magic: ServerAction<Magic>,
}

/// Creates the session context; the user is fetched again after every
/// sign-in step. Signing out loads the front page afresh.
pub fn provide_session() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let mfa_verify = ServerAction::<MfaVerify>::new();
    let mfa_enrol = ServerAction::<MfaEnrol>::new();
    let magic = ServerAction::<Magic>::new();
    let user = Resource::new(
        move || {
            (
                login.version().get(),
                mfa_verify.version().get(),
                mfa_enrol.version().get(),
                magic.version().get(),
            )
        },
        |_| whoami(),
    );
    // After signing out: a full load of the front page, so that nothing of
    // the session stays in the browser's memory, and no portal page (still on
    // screen while the next page's code loads) sends the visitor to sign in
    // again. A technician's phone first forgets what it kept for offline use
    // (the next person on it sees none of it).
    Effect::new(move |_| {
        if matches!(logout.value().get(), Some(Ok(()))) {
            let technician = matches!(
                user.get_untracked(),
                Some(Ok(Some(ref u))) if u.role == Role::Technician
            );
            leptos::task::spawn_local(async move {
                if technician {
                    forget_field_cache().await;
                }
                let _ = window().location().set_href(paths::HOME);
            });
        }
    });
    provide_context(Session {
        user,
        login,
        logout,
        mfa_verify,
        mfa_enrol,
        magic,
    });
}

pub fn use_session() -> Session {
    expect_context()
}

pub fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, role_admin),
        Role::OpsManager => td_string!(locale, role_ops_manager),
        Role::Planner => td_string!(locale, role_planner),
        Role::Technician => td_string!(locale, role_technician),
        Role::PartnerUser => td_string!(locale, role_partner_user),
        Role::Customer => td_string!(locale, role_customer),
    }
}

/// Header: the signed-in user with a sign-out button, or a sign-in link.
#[component]
pub fn UserMenu() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(u)) => {
                        let role = u.role;
                        view! {
                            <span class="text-sm text-right leading-tight hidden md:block">
                                <span class="sr-only">{t!(i18n, signed_in_as)}" "</span>
                                <span class="font-semibold block" data-testid="user-name">{u.display_name}</span>
                                <span class="text-muted">{move || role_label(i18n.get_locale(), role)}</span>
                            </span>
                            <ActionForm action=session.logout>
                                <button type="submit" class="btn btn-secondary btn-sm">{t!(i18n, sign_out)}</button>
                            </ActionForm>
                        }
                        .into_any()
                    }
                    _ => view! { <a class="btn btn-primary btn-sm" href=paths::LOGIN>{t!(i18n, sign_in)}</a> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Renders `children` only for users whose role may open `portal`; sends
/// everybody else to sign in, or shows 403.
#[component]
pub fn RequirePortal(portal: Portal, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="text-muted">{t!(i18n, loading)}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match session.user.await {
                        Ok(Some(u)) if u.pending_mfa.is_some() => {
                            let step = u.pending_mfa.unwrap_or(MfaStep::Verify);
                            let target = with_next(step.path(), &portal.path());
                            #[cfg(feature = "ssr")]
                            leptos_axum::redirect(&target);
                            view! { <Redirect path=target /> }.into_any()
                        }
                        Ok(Some(u)) if u.role.can_open(portal) => children().into_any(),
                        Ok(Some(_)) => view! { <Forbidden /> }.into_any(),
                        _ => {
                            let target = with_next(paths::LOGIN, &portal.path());
                            // On the server: a real 302. In the browser: navigate.
                            #[cfg(feature = "ssr")]
                            leptos_axum::redirect(&target);
                            view! { <Redirect path=target /> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// On a technician's sign-out (`provide_session`): forgets the pages and schedules the phone
/// kept for use without a connection (`forgetCached` in
/// app/js/field_queue.js, the technician app's store; what waits to be sent
/// stays). Here, not in the technician portal's code, because the sign-out
/// button is on every page.
async fn forget_field_cache() {
    #[cfg(feature = "hydrate")]
    {
        #[wasm_bindgen::prelude::wasm_bindgen(module = "/js/field_queue.js")]
        extern "C" {
            #[wasm_bindgen(js_name = forgetCached)]
            async fn forget_cached() -> wasm_bindgen::JsValue;
        }
        forget_cached().await;
    }
}
