//! Partner API keys (issue 20). A partner admin makes keys for their own
//! partner, with scopes and an optional expiry; the key is shown once and
//! kept only as its SHA-256, found by its public part (`cc_live_<id>`).
//! Rotation makes a new key with the same scopes and lets the old one work
//! for an overlap; revocation ends a key at once. `authenticate` is what
//! every `/api/v1` call goes through: an unknown, wrong, expired or
//! revoked key is 401, a key without the route's scope is 403.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::api_key;
use entity::domain::api::{self, MAX_OVERLAP_HOURS};
use entity::domain::{Portal, Role};
use entity::dto::{ApiKeyDto, CreatedApiKeyDto, CurrentUser, NewApiKeyDto};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

/// The partner whose keys the caller manages: partner users, their own.
pub(crate) fn partner_of(caller: Option<&CurrentUser>) -> Result<(i32, i32), ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Partner))?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    match (caller.role, caller.partner_id) {
        (Role::PartnerUser, Some(p)) => Ok((p, caller.user_id)),
        _ => Err(ServiceError::Forbidden),
    }
}

/// The partner whose integration the caller administers: a partner admin
/// of their own partner (only they make, rotate and revoke keys and manage
/// webhook endpoints; other partner users may look). Others: 403.
pub(crate) async fn partner_admin_of(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<(i32, i32), ServiceError> {
    let (partner_id, user_id) = partner_of(caller)?;
    if is_partner_admin(db, user_id, partner_id).await? {
        Ok((partner_id, user_id))
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Whether this account is an active admin of `partner_id`. Read from the
/// account each time, so that taking the right away takes effect at once.
pub(crate) async fn is_partner_admin(
    db: &DatabaseConnection,
    user_id: i32,
    partner_id: i32,
) -> Result<bool, ServiceError> {
    Ok(entity::user::Entity::find_by_id(user_id)
        .filter(entity::user::Column::PartnerId.eq(partner_id))
        .filter(entity::user::Column::PartnerAdmin.eq(true))
        .filter(entity::user::Column::Active.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// Equal without telling, by its timing, how much of it was.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// A fresh key: the public part (8 lowercase base32 characters) and 256
/// random bits.
fn new_key(test: bool) -> (String, String) {
    use rand_core::{OsRng, RngCore};
    let mut id = [0u8; 5];
    OsRng.fill_bytes(&mut id);
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    let prefix = format!(
        "{}{}",
        api::key_prefix(test),
        data_encoding::BASE32_NOPAD.encode(&id).to_ascii_lowercase()
    );
    let key = format!(
        "{prefix}_{}",
        data_encoding::BASE64URL_NOPAD.encode(&secret)
    );
    (prefix, key)
}

fn dto(k: api_key::Model) -> ApiKeyDto {
    let state = if k.revoked_at.is_some() {
        "revoked"
    } else if k.expires_at.is_some_and(|e| e <= Utc::now()) {
        "expired"
    } else {
        "active"
    };
    ApiKeyDto {
        state: state.to_owned(),
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        scopes: k
            .scopes
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        created_at: k.created_at,
        expires_at: k.expires_at,
        revoked_at: k.revoked_at,
        last_used_at: k.last_used_at,
        last_used_ip: k.last_used_ip,
        test: k.test,
    }
}

/// What a new key is made with.
struct KeySpec<'a> {
    name: &'a str,
    scopes: &'a [String],
    expires_at: Option<DateTime<Utc>>,
    test: bool,
}

async fn insert(
    db: &DatabaseConnection,
    partner_id: i32,
    user_id: i32,
    spec: KeySpec<'_>,
    now: DateTime<Utc>,
) -> Result<CreatedApiKeyDto, ServiceError> {
    let (prefix, secret) = new_key(spec.test);
    let row = api_key::ActiveModel {
        partner_id: Set(partner_id),
        name: Set(spec.name.trim().to_owned()),
        prefix: Set(prefix),
        secret_hash: Set(crate::auth::token_hash(&secret)),
        scopes: Set(spec.scopes.join(",")),
        created_by_user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(spec.expires_at),
        revoked_at: Set(None),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        test: Set(spec.test),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(CreatedApiKeyDto {
        key: dto(row),
        secret,
    })
}

/// Makes a key for the caller's partner; the answer holds the key, which
/// is not kept and cannot be shown again. Errors: the fields (400).
pub async fn create(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    input: &NewApiKeyDto,
    now: DateTime<Utc>,
) -> Result<CreatedApiKeyDto, ServiceError> {
    let (partner_id, user_id) = partner_admin_of(db, caller).await?;
    let problems = api::problems(&input.name, &input.scopes, input.expires_in_days);
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems.join(",")));
    }
    let mut scopes = input.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let expires_at = input
        .expires_in_days
        .map(|d| now + Duration::days(d.into()));
    let spec = KeySpec {
        name: &input.name,
        scopes: &scopes,
        expires_at,
        test: input.test,
    };
    insert(db, partner_id, user_id, spec, now).await
}

/// The caller's partner's keys, newest first.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<ApiKeyDto>, ServiceError> {
    let (partner_id, _) = partner_of(caller)?;
    Ok(api_key::Entity::find()
        .filter(api_key::Column::PartnerId.eq(partner_id))
        .order_by_desc(api_key::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(dto)
        .collect())
}

/// One of the caller's partner's keys; another partner's is not there.
async fn own(
    db: &DatabaseConnection,
    partner_id: i32,
    id: i32,
) -> Result<api_key::Model, ServiceError> {
    api_key::Entity::find_by_id(id)
        .filter(api_key::Column::PartnerId.eq(partner_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Ends a key at once (a second revocation changes nothing).
pub async fn revoke(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    now: DateTime<Utc>,
) -> Result<ApiKeyDto, ServiceError> {
    let (partner_id, _) = partner_admin_of(db, caller).await?;
    let k = own(db, partner_id, id).await?;
    api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(Some(now)))
        .filter(api_key::Column::Id.eq(k.id))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(dto(own(db, partner_id, id).await?))
}

/// A new key with the old one's name and scopes; the old key keeps
/// working for `overlap_hours` (0 to 14 days) so that integrations can
/// switch over, then ends. Errors: a revoked or expired key (409), the
/// overlap (400).
pub async fn rotate(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    overlap_hours: i32,
    now: DateTime<Utc>,
) -> Result<CreatedApiKeyDto, ServiceError> {
    let (partner_id, user_id) = partner_admin_of(db, caller).await?;
    if !(0..=MAX_OVERLAP_HOURS).contains(&overlap_hours) {
        return Err(ServiceError::Invalid("overlap_hours".into()));
    }
    let old = own(db, partner_id, id).await?;
    if old.revoked_at.is_some() || old.expires_at.is_some_and(|e| e <= now) {
        return Err(ServiceError::Conflict("key_ended".into()));
    }
    let ends = now + Duration::hours(overlap_hours.into());
    let old_end = old.expires_at.map_or(ends, |e| e.min(ends));
    api_key::Entity::update_many()
        .col_expr(api_key::Column::ExpiresAt, Expr::value(Some(old_end)))
        .filter(api_key::Column::Id.eq(old.id))
        .exec(db)
        .await?;
    // The new key lives as long as the old one was meant to.
    let lifetime = old.expires_at.map(|e| now + (e - old.created_at));
    let scopes: Vec<String> = old.scopes.split(',').map(str::to_owned).collect();
    let spec = KeySpec {
        name: &old.name,
        scopes: &scopes,
        expires_at: lifetime,
        test: old.test,
    };
    insert(db, partner_id, user_id, spec, now).await
}

/// Makes a key for the partner user with this e-mail address, from the
/// command line (`server api-key`): for a partner's first integration, or
/// the API fuzz run of the test command.
pub async fn create_for(
    db: &DatabaseConnection,
    email: &str,
    input: &NewApiKeyDto,
    now: DateTime<Utc>,
) -> Result<CreatedApiKeyDto, ServiceError> {
    let u = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email.trim().to_lowercase()))
        .filter(entity::user::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // A command-line user has no second factor to pass: the shell is the
    // proof.
    let caller = crate::auth::current_user(&u, true).ok_or(ServiceError::Forbidden)?;
    create(db, Some(&caller), input, now).await
}

/// Who calls the API: the key's partner, acting through the key. The
/// key's scopes say which routes it may use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiCaller {
    pub partner_id: i32,
    pub key_id: i32,
    /// `cc_live_<8>` (or `cc_test_<8>`), for logs.
    pub prefix: String,
    /// A test key: its calls use the sandbox, never real orders.
    pub test: bool,
    /// The partner user who made the key: what the API does is recorded
    /// in their name (status history, audit log).
    pub user_id: i32,
    pub scopes: Vec<String>,
}

impl ApiCaller {
    /// Whether the key may use a route that needs `scope` (403 if not).
    pub fn allow(&self, scope: &str) -> Result<(), ServiceError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// The partner user the portal's rules see: the same checks apply to a
    /// call through the API as to a click in the portal.
    pub fn as_user(&self) -> CurrentUser {
        CurrentUser {
            user_id: self.user_id,
            email: String::new(),
            display_name: format!("API {}", self.prefix),
            role: Role::PartnerUser,
            partner_id: Some(self.partner_id),
            contact_id: None,
            pending_mfa: None,
        }
    }
}

/// Finds the partner behind a presented key and notes when and from where
/// it was used. Unknown, wrong, expired or revoked: 401, all alike.
pub async fn identify(
    db: &DatabaseConnection,
    presented: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApiCaller, ServiceError> {
    let presented = presented.trim();
    let public = api::public_part(presented).ok_or(ServiceError::Unauthenticated)?;
    let k = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(public))
        .one(db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    if !same(&crate::auth::token_hash(presented), &k.secret_hash)
        || k.revoked_at.is_some()
        || k.expires_at.is_some_and(|e| e <= now)
    {
        return Err(ServiceError::Unauthenticated);
    }
    api_key::Entity::update_many()
        .col_expr(api_key::Column::LastUsedAt, Expr::value(Some(now)))
        .col_expr(
            api_key::Column::LastUsedIp,
            Expr::value(ip.map(|i| i.chars().take(64).collect::<String>())),
        )
        .filter(api_key::Column::Id.eq(k.id))
        .exec(db)
        .await?;
    Ok(ApiCaller {
        partner_id: k.partner_id,
        key_id: k.id,
        prefix: k.prefix,
        test: k.test,
        user_id: k.created_by_user_id,
        scopes: k
            .scopes
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

/// `identify`, then the scope a route needs: 401, or 403 without it.
pub async fn authenticate(
    db: &DatabaseConnection,
    presented: &str,
    scope: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApiCaller, ServiceError> {
    let caller = identify(db, presented, ip, now).await?;
    caller.allow(scope)?;
    Ok(caller)
}

#[cfg(test)]
mod tests;
