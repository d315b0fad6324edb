//! Admin: users and roles. Invite colleagues and partner users by e-mail,
//! change a role, deactivate or reactivate an account, and reset a lost
//! authenticator. Every change is version-checked and audited; an admin
//! cannot deactivate themselves or take away their own admin role, and the
//! last active admin stays.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::users::{role_problem, InviteForm};
use entity::domain::{Portal, Role};
use entity::dto::{AdminUserRow, AdminUsersDto, CurrentUser, OptionDto, UserChange};
use entity::{contact, mfa_recovery_code, partner, session, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// How long an invitation link stays valid.
pub const INVITE_TTL: Duration = Duration::days(7);
const PAGE: u64 = 200;

/// Partner organisations by id, with their names.
async fn partner_names(db: &DatabaseConnection) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(partner::Entity::find()
        .find_also_related(contact::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(p, c)| (p.id, c.map(|c| c.display_name).unwrap_or_default()))
        .collect())
}

/// The accounts matching `query` (name or e-mail, any case) and `role`,
/// staff first, then by name; at most 200.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    query: &str,
    role: Option<Role>,
) -> Result<AdminUsersDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let me = caller.map(|c| c.user_id);
    let mut filter = Condition::all();
    let q = query.trim().to_lowercase();
    if !q.is_empty() {
        let lower = |c: user::Column| crate::db::contains_text(c, &q);
        filter = filter.add(
            Condition::any()
                .add(lower(user::Column::Email))
                .add(lower(user::Column::DisplayName)),
        );
    }
    if let Some(r) = role {
        filter = filter.add(user::Column::Role.eq(r.as_str()));
    }
    let found = user::Entity::find().filter(filter.clone());
    let total = found.clone().count(db).await?;
    let names = partner_names(db).await?;
    let mut rows: Vec<AdminUserRow> = found
        .order_by_asc(user::Column::DisplayName)
        .limit(PAGE)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| {
            let role = u.role.parse::<Role>().ok()?;
            Some(AdminUserRow {
                id: u.id,
                version: u.version,
                partner_name: u.partner_id.and_then(|p| names.get(&p).cloned()),
                partner_id: u.partner_id,
                partner_admin: u.partner_admin,
                invited: u.password_hash.is_none() && u.last_login_at.is_none(),
                last_login: u.last_login_at.map(entity::domain::time::format_local),
                is_me: Some(u.id) == me,
                email: u.email,
                display_name: u.display_name,
                role,
                active: u.active,
                mfa_enabled: u.mfa_enabled,
            })
        })
        .collect();
    rows.sort_by_key(|r| !r.role.is_staff());
    let mut partners: Vec<OptionDto> = names
        .into_iter()
        .map(|(id, name)| OptionDto {
            value: id.to_string(),
            label: name,
        })
        .collect();
    partners.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(AdminUsersDto {
        rows,
        total,
        partners,
    })
}

async fn send_invite(
    db: &DatabaseConnection,
    u: &user::Model,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let token =
        crate::auth::issue_token(db, u.id, crate::auth::PURPOSE_RESET, INVITE_TTL, now).await?;
    let role = u.role.parse::<Role>().unwrap_or(Role::Planner);
    let link = format!("{base_url}{}", entity::paths::reset_password(&token));
    crate::messages::to_user(
        db,
        u,
        "user_invite",
        crate::vars! {"link" => link, "role" => role.to_string()},
        now,
    )
    .await?;
    Ok(())
}

/// Creates an account without a password and mails a link (valid seven
/// days) to choose one. Field errors from `InviteForm::problems`, plus
/// `email=taken` and `partner=unknown`. Returns the new user's id.
pub async fn invite(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    form: &InviteForm,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let mut errors = form.problems();
    let email = form.email.trim().to_lowercase();
    let role = form.role.parse::<Role>().ok();
    let partner_id = form.partner_id.filter(|_| role == Some(Role::PartnerUser));
    if errors.iter().all(|(f, _)| f != "email")
        && user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(db)
            .await?
            .is_some()
    {
        errors.push(("email".to_owned(), "taken".to_owned()));
    }
    if let Some(p) = partner_id {
        if partner::Entity::find_by_id(p).one(db).await?.is_none() {
            errors.push(("partner".to_owned(), "unknown".to_owned()));
        }
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Fields(errors));
    };
    let created = user::ActiveModel {
        email: Set(email),
        display_name: Set(form.display_name.trim().to_owned()),
        password_hash: Set(None),
        role: Set(role.as_str().to_owned()),
        partner_id: Set(partner_id),
        contact_id: Set(None),
        totp_secret: Set(None),
        mfa_enabled: Set(false),
        totp_last_step: Set(None),
        locale: Set(form.locale.clone()),
        active: Set(true),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    send_invite(db, &created, base_url, now).await?;
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "users",
        created.id,
        "user_invited",
        serde_json::json!({ "email": created.email, "role": created.role, "partner_id": partner_id }),
        now,
    )
    .await?;
    Ok(created.id)
}

async fn active_admins(db: &DatabaseConnection) -> Result<u64, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Active.eq(true))
        .count(db)
        .await?)
}

async fn end_sessions(db: &DatabaseConnection, user_id: i32) -> Result<(), ServiceError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Applies one change to account `id` as loaded at `version`. Field
/// errors: `role=…`/`partner=…` (see `role_problem`), `account=self` (an
/// admin deactivating or demoting themselves), `account=last_admin`,
/// `account=not_invited` (re-invite of someone who has signed in),
/// `account=inactive` (re-invite of a deactivated account),
/// `account=not_partner` (partner admin for someone who is no partner user).
/// `Stale` when somebody changed the account first. Ending an
/// account's access (deactivate, role change, MFA reset) also ends its
/// sessions. Returns the new version.
pub async fn change(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    version: i32,
    what: &UserChange,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let before = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let err = |f: &str, c: &str| Err(ServiceError::field(f, c));
    let is_me = caller.is_some_and(|c| c.user_id == id);
    let was_admin = before.role == Role::Admin.as_str() && before.active;
    let mut update =
        user::Entity::update_many().col_expr(user::Column::UpdatedAt, Expr::value(now));
    let (action, detail, ends_sessions) = match what {
        UserChange::Role { role, partner_id } => {
            if let Some(p) = role_problem(role, *partner_id) {
                return Err(ServiceError::Fields(vec![p]));
            }
            let role: Role = role
                .parse()
                .map_err(|_| ServiceError::Invalid("role".into()))?;
            let partner_id = partner_id.filter(|_| role == Role::PartnerUser);
            if let Some(p) = partner_id {
                if partner::Entity::find_by_id(p).one(db).await?.is_none() {
                    return err("partner", "unknown");
                }
            }
            if role != Role::Admin && was_admin {
                if is_me {
                    return err("account", "self");
                }
                if active_admins(db).await? <= 1 {
                    return err("account", "last_admin");
                }
            }
            // Administering a partner's API goes with that partner.
            let stays_admin = before.partner_admin && partner_id == before.partner_id;
            update = update
                .col_expr(user::Column::Role, Expr::value(role.as_str()))
                .col_expr(user::Column::PartnerId, Expr::value(partner_id))
                .col_expr(user::Column::PartnerAdmin, Expr::value(stays_admin));
            (
                "user_role_changed",
                serde_json::json!({
                    "role": [before.role, role.as_str()],
                    "partner_id": [before.partner_id, partner_id],
                }),
                true,
            )
        }
        UserChange::PartnerAdmin(on) => {
            if before.role != Role::PartnerUser.as_str() || before.partner_id.is_none() {
                return err("account", "not_partner");
            }
            update = update.col_expr(user::Column::PartnerAdmin, Expr::value(*on));
            (
                if *on {
                    "user_partner_admin_granted"
                } else {
                    "user_partner_admin_revoked"
                },
                serde_json::json!({ "partner_id": before.partner_id }),
                false,
            )
        }
        UserChange::Deactivate => {
            if is_me {
                return err("account", "self");
            }
            if was_admin && active_admins(db).await? <= 1 {
                return err("account", "last_admin");
            }
            update = update.col_expr(user::Column::Active, Expr::value(false));
            ("user_deactivated", serde_json::json!({}), true)
        }
        UserChange::Reactivate => {
            update = update.col_expr(user::Column::Active, Expr::value(true));
            ("user_reactivated", serde_json::json!({}), false)
        }
        UserChange::ResetMfa => {
            update = update
                .col_expr(user::Column::MfaEnabled, Expr::value(false))
                .col_expr(
                    user::Column::TotpSecret,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(user::Column::TotpLastStep, Expr::value(Option::<i64>::None));
            ("user_mfa_reset", serde_json::json!({}), true)
        }
        UserChange::Reinvite => {
            if before.password_hash.is_some() || before.last_login_at.is_some() {
                return err("account", "not_invited");
            }
            if !before.active {
                return err("account", "inactive");
            }
            ("user_reinvited", serde_json::json!({}), false)
        }
    };
    crate::db::update_versioned(db, update, id, version).await?;
    if ends_sessions {
        end_sessions(db, id).await?;
    }
    if matches!(what, UserChange::ResetMfa) {
        mfa_recovery_code::Entity::delete_many()
            .filter(mfa_recovery_code::Column::UserId.eq(id))
            .exec(db)
            .await?;
    }
    if matches!(what, UserChange::Reinvite) {
        send_invite(db, &before, base_url, now).await?;
    }
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "users",
        id,
        action,
        detail,
        now,
    )
    .await?;
    Ok(version + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::outbox_message;

    const BASE: &str = "https://app.chargecars.test";

    fn invite_form(email: &str, role: &str, partner_id: Option<i32>) -> InviteForm {
        InviteForm {
            email: email.into(),
            display_name: "Fleur de Boer".into(),
            role: role.into(),
            partner_id,
            locale: "nl".into(),
        }
    }

    async fn row(db: &DatabaseConnection, admin: &CurrentUser, email: &str) -> AdminUserRow {
        list(db, Some(admin), email, None)
            .await
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.email == email)
            .expect("listed")
    }

    #[tokio::test]
    async fn an_invited_planner_sets_a_password_and_signs_in() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let id = invite(
                db,
                a,
                &invite_form(" Fleur@ChargeCars.nl ", "planner", Some(1)),
                BASE,
                now,
            )
            .await
            .unwrap();
            let fleur = row(db, &admin, "fleur@chargecars.nl").await;
            assert_eq!(fleur.id, id);
            assert!(fleur.invited && fleur.active && !fleur.mfa_enabled);
            assert_eq!(fleur.role, Role::Planner);
            assert_eq!(
                fleur.partner_id, None,
                "only partner users act for a partner"
            );
            assert_eq!(fleur.last_login, None);
            // The invitation is mailed with a link to choose a password.
            let mail = outbox_message::Entity::find()
                .filter(outbox_message::Column::Recipient.eq("fleur@chargecars.nl"))
                .one(db)
                .await
                .unwrap()
                .expect("invitation mailed");
            assert_eq!(mail.subject, "Uw account voor ChargeCars");
            let token = mail
                .body
                .split("token=")
                .nth(1)
                .and_then(|t| t.split_whitespace().next())
                .expect("link in the mail")
                .to_owned();
            // Nobody can sign in to an invited account without the link.
            assert!(matches!(
                crate::auth::login(db, "fleur@chargecars.nl", "", "127.0.0.1", None, now).await,
                Err(ServiceError::InvalidCredentials)
            ));
            // Six days later the link still works.
            let later = now + Duration::days(6);
            crate::auth::reset_password(db, &token, "een-goed-wachtwoord", later)
                .await
                .unwrap();
            crate::auth::login(
                db,
                "fleur@chargecars.nl",
                "een-goed-wachtwoord",
                "127.0.0.1",
                None,
                later,
            )
            .await
            .unwrap();
            let fleur = row(db, &admin, "fleur@chargecars.nl").await;
            assert!(!fleur.invited);
            assert_eq!(
                fleur.last_login.as_deref(),
                Some(&*entity::domain::time::format_local(later))
            );
            // The same address again is refused, as are bad fields.
            assert_eq!(
                invite(
                    db,
                    a,
                    &invite_form("fleur@chargecars.nl", "planner", None),
                    BASE,
                    now
                )
                .await
                .map_err(ServiceError::into_fields),
                Err(vec![("email".to_owned(), "taken".to_owned())])
            );
            assert_eq!(
                invite(
                    db,
                    a,
                    &invite_form("x@partner.nl", "partner_user", Some(999_999)),
                    BASE,
                    now
                )
                .await
                .map_err(ServiceError::into_fields),
                Err(vec![("partner".to_owned(), "unknown".to_owned())])
            );
            // The audit trail names the invitation.
            let trail = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::RecordId.eq(id.to_string()))
                .filter(entity::audit_log::Column::Action.eq("user_invited"))
                .count(db)
                .await
                .unwrap();
            assert_eq!(trail, 1);
            // Only admins.
            for role in [
                Role::OpsManager,
                Role::Planner,
                Role::PartnerUser,
                Role::Customer,
            ] {
                let c = testing::caller(role);
                assert!(matches!(
                    invite(
                        db,
                        Some(&c),
                        &invite_form("y@chargecars.nl", "admin", None),
                        BASE,
                        now
                    )
                    .await,
                    Err(ServiceError::Forbidden)
                ));
                assert!(matches!(
                    list(db, Some(&c), "", None).await,
                    Err(ServiceError::Forbidden)
                ));
            }
            assert!(matches!(
                list(db, None, "", None).await,
                Err(ServiceError::Unauthenticated)
            ));
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn roles_activity_and_mfa_are_changed_version_checked_and_end_sessions() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let planner = row(db, &admin, "planner@chargecars.nl").await;
            assert!(planner.mfa_enabled);
            let sessions = |id: i32| async move {
                session::Entity::find()
                    .filter(session::Column::UserId.eq(id))
                    .count(db)
                    .await
                    .unwrap()
            };
            crate::auth::login(
                db,
                "planner@chargecars.nl",
                crate::seed::DEMO_PASSWORD,
                "127.0.0.1",
                None,
                now,
            )
            .await
            .unwrap();
            assert_eq!(sessions(planner.id).await, 1);

            // Make the planner an ops manager: the session ends.
            let v = change(
                db,
                a,
                planner.id,
                planner.version,
                &UserChange::Role {
                    role: "ops_manager".into(),
                    partner_id: None,
                },
                BASE,
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                row(db, &admin, "planner@chargecars.nl").await.role,
                Role::OpsManager
            );
            assert_eq!(sessions(planner.id).await, 0);
            // A stale version is refused and changes nothing.
            assert!(matches!(
                change(
                    db,
                    a,
                    planner.id,
                    planner.version,
                    &UserChange::Deactivate,
                    BASE,
                    now
                )
                .await,
                Err(ServiceError::Stale)
            ));
            assert!(row(db, &admin, "planner@chargecars.nl").await.active);
            // A partner user needs a partner.
            assert_eq!(
                change(
                    db,
                    a,
                    planner.id,
                    v,
                    &UserChange::Role {
                        role: "partner_user".into(),
                        partner_id: None
                    },
                    BASE,
                    now
                )
                .await
                .map_err(ServiceError::into_fields),
                Err(vec![("partner".to_owned(), "required".to_owned())])
            );
            // Reset the authenticator: secret and recovery codes are gone.
            let v = change(db, a, planner.id, v, &UserChange::ResetMfa, BASE, now)
                .await
                .unwrap();
            let stored = user::Entity::find_by_id(planner.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert!(!stored.mfa_enabled && stored.totp_secret.is_none());
            assert_eq!(
                mfa_recovery_code::Entity::find()
                    .filter(mfa_recovery_code::Column::UserId.eq(planner.id))
                    .count(db)
                    .await
                    .unwrap(),
                0
            );
            // After the reset, signing in leads to enrolment again.
            let (_, cu) = crate::auth::login(
                db,
                "planner@chargecars.nl",
                crate::seed::DEMO_PASSWORD,
                "127.0.0.1",
                None,
                now,
            )
            .await
            .unwrap();
            assert_eq!(cu.pending_mfa, Some(entity::dto::MfaStep::Enrol));
            // Deactivated: sessions end and the password no longer works.
            let v = change(db, a, planner.id, v, &UserChange::Deactivate, BASE, now)
                .await
                .unwrap();
            assert_eq!(sessions(planner.id).await, 0);
            assert!(!row(db, &admin, "planner@chargecars.nl").await.active);
            assert!(matches!(
                crate::auth::login(
                    db,
                    "planner@chargecars.nl",
                    crate::seed::DEMO_PASSWORD,
                    "127.0.0.1",
                    None,
                    now
                )
                .await,
                Err(ServiceError::InvalidCredentials)
            ));
            change(db, a, planner.id, v, &UserChange::Reactivate, BASE, now)
                .await
                .unwrap();
            assert!(row(db, &admin, "planner@chargecars.nl").await.active);
            // Re-inviting someone who has a password is refused.
            let p = row(db, &admin, "planner@chargecars.nl").await;
            assert_eq!(
                change(db, a, p.id, p.version, &UserChange::Reinvite, BASE, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![("account".to_owned(), "not_invited".to_owned())])
            );

            // The admin cannot lock themselves out, nor remove the last admin.
            let me = row(db, &admin, "admin@chargecars.nl").await;
            assert!(me.is_me);
            assert_eq!(
                change(db, a, me.id, me.version, &UserChange::Deactivate, BASE, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![("account".to_owned(), "self".to_owned())])
            );
            assert_eq!(
                change(
                    db,
                    a,
                    me.id,
                    me.version,
                    &UserChange::Role {
                        role: "planner".into(),
                        partner_id: None
                    },
                    BASE,
                    now
                )
                .await
                .map_err(ServiceError::into_fields),
                Err(vec![("account".to_owned(), "self".to_owned())])
            );
            let other = testing::caller(Role::Admin);
            let other = CurrentUser {
                user_id: p.id,
                ..other
            };
            assert_eq!(
                change(
                    db,
                    Some(&other),
                    me.id,
                    me.version,
                    &UserChange::Deactivate,
                    BASE,
                    now
                )
                .await
                .map_err(ServiceError::into_fields),
                Err(vec![("account".to_owned(), "last_admin".to_owned())])
            );
            // Every change is in the audit trail.
            let actions: Vec<String> = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::TableName.eq("users"))
                .filter(entity::audit_log::Column::RecordId.eq(planner.id.to_string()))
                .order_by_asc(entity::audit_log::Column::Id)
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.action)
                .filter(|a| a.starts_with("user_"))
                .collect();
            assert_eq!(
                actions,
                [
                    "user_role_changed",
                    "user_mfa_reset",
                    "user_deactivated",
                    "user_reactivated"
                ]
            );
            tdb.cleanup().await;
        }
    }
}
