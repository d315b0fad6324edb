//! Sign-in: argon2id password hashes, server-side sessions whose cookie
//! token is stored only as a SHA-256 hash, and login rate limits per account
//! and per IP address.

use crate::ServiceError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use entity::domain::Role;
use entity::dto::{CurrentUser, MfaStep};
use entity::{login_attempt, session, user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};

/// Name of the session cookie (HttpOnly, SameSite=Lax, Secure behind TLS).
pub const SESSION_COOKIE: &str = "cc_session";
/// How long a session lives without activity.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// How long a session lives at most after sign-in, however active.
pub const SESSION_ABSOLUTE: Duration = Duration::hours(24);
/// Failed sign-ins of one account from one address within `WINDOW` before
/// that address is paused for that account.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures of one account from anywhere within `GLOBAL_WINDOW` before
/// `global_backoff` starts spacing its attempts, `GLOBAL_STEP` at first.
pub const GLOBAL_FREE: u64 = 10;
pub const GLOBAL_WINDOW: Duration = Duration::hours(1);
pub const GLOBAL_STEP: Duration = Duration::seconds(30);
/// Failed sign-ins per IP address within `WINDOW`.
pub const MAX_FAILURES_PER_IP: u64 = 30;
pub const WINDOW: Duration = Duration::minutes(15);

/// Request extension: who is calling (set by the server's session layer).
#[derive(Clone, Debug, Default)]
pub struct Caller(pub Option<CurrentUser>);

/// Request extension: the stored key (token hash) of the caller's session,
/// for what must end with it (live event streams).
#[derive(Clone, Debug)]
pub struct SessionKey(pub String);

/// Request extension: the caller's IP address, for rate limiting.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The `Set-Cookie` value for a session token; `secure` behind TLS.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_IDLE.num_seconds(),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

/// Only same-site paths may be used as a post-login destination; the one
/// rule lives in `entity::paths` (the client follows it too).
pub use entity::paths::safe_next;

pub fn hash_password(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("cannot hash password: {e}")))
}

/// Argon2 is deliberately slow: it runs on the blocking pool, so a burst of
/// sign-ins cannot stall the threads that serve everything else.
async fn verify_off_thread(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

async fn hash_off_thread(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing task: {e}")))?
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh random token (two v4 UUIDs: 244 random bits) and its hash.
pub fn new_token() -> (String, String) {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The caller as the client may see them. Staff whose session has not
/// passed the second factor get `pending_mfa`, which `authz` refuses.
pub(crate) fn current_user(u: &user::Model, mfa_passed: bool) -> Option<CurrentUser> {
    let role = u.role.parse::<Role>().ok()?;
    let pending_mfa = (role.is_staff() && !mfa_passed).then_some(if u.mfa_enabled {
        MfaStep::Verify
    } else {
        MfaStep::Enrol
    });
    Some(CurrentUser {
        user_id: u.id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        role,
        partner_id: u.partner_id,
        contact_id: u.contact_id,
        pending_mfa,
    })
}

/// Failed sign-ins of `email` from `ip` since `since`.
async fn count_failures(
    db: &impl sea_orm::ConnectionTrait,
    email: Option<&str>,
    ip: Option<&str>,
    since: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let mut q = login_attempt::Entity::find()
        .filter(login_attempt::Column::Success.eq(false))
        .filter(login_attempt::Column::AttemptedAt.gte(since));
    if let Some(email) = email {
        q = q.filter(login_attempt::Column::Email.eq(email));
    }
    if let Some(ip) = ip {
        q = q.filter(login_attempt::Column::Ip.eq(ip));
    }
    Ok(q.count(db).await?)
}

/// One sign-in attempt (a password or a second-factor code) admitted by the
/// rate limits. Admission counts the failures and records the attempt as a
/// failure in one turn per account and address (`db::take_turns_on`),
/// *before* the secret is checked: of many parallel guesses exactly the
/// limit get checked. `succeeded` marks it good afterwards.
pub(crate) struct Attempt {
    id: i64,
}

/// How long until the account's global back-off lets a next attempt in:
/// none for the first `GLOBAL_FREE` failures in `GLOBAL_WINDOW` (from any
/// address), then `GLOBAL_STEP` doubling per failure up to `WINDOW`. It
/// slows a spread-out attack down without ever locking the owner out.
pub fn global_backoff(failures: u64) -> Duration {
    if failures < GLOBAL_FREE {
        return Duration::zero();
    }
    let doublings = (failures - GLOBAL_FREE).min(16) as i32;
    (GLOBAL_STEP * 2i32.pow(doublings as u32)).min(WINDOW)
}

fn minutes_up(d: Duration) -> i64 {
    (d.num_seconds() + 59).div_euclid(60).max(1)
}

impl Attempt {
    /// Admits an attempt for `email` from `ip`, or answers `RateLimited`:
    /// - `MAX_FAILURES_PER_ACCOUNT` failures of this account from this
    ///   address within `WINDOW` pause that address for that account (an
    ///   attacker's address cannot lock the owner out);
    /// - `MAX_FAILURES_PER_IP` failures from one address pause the address;
    /// - `global_backoff` spaces attempts on an account attacked from many
    ///   addresses.
    pub(crate) async fn admit(
        db: &DatabaseConnection,
        email: &str,
        ip: &str,
        now: DateTime<Utc>,
    ) -> Result<Attempt, ServiceError> {
        let txn = crate::db::begin_write(db).await?;
        // Always the account first, then the address: no two admissions
        // wait for each other the other way round.
        crate::db::take_turns_on(&txn, &format!("login:{email}")).await?;
        crate::db::take_turns_on(&txn, &format!("login-ip:{ip}")).await?;
        let since = now - WINDOW;
        let wait = if count_failures(&txn, Some(email), Some(ip), since).await?
            >= MAX_FAILURES_PER_ACCOUNT
            || count_failures(&txn, None, Some(ip), since).await? >= MAX_FAILURES_PER_IP
        {
            Some(WINDOW)
        } else {
            let earlier = login_attempt::Entity::find()
                .filter(login_attempt::Column::Email.eq(email))
                .filter(login_attempt::Column::Success.eq(false))
                .filter(login_attempt::Column::AttemptedAt.gte(now - GLOBAL_WINDOW))
                .order_by_desc(login_attempt::Column::AttemptedAt)
                .all(&txn)
                .await?;
            // Below the free attempts there is no wait at all: concurrent
            // requests take their turns out of the order of their clocks,
            // so an earlier `now` than the last attempt must not count as one.
            let backoff = global_backoff(earlier.len() as u64);
            earlier
                .first()
                .filter(|_| backoff > Duration::zero())
                .map(|last| last.attempted_at + backoff - now)
                .filter(|left| *left > Duration::zero())
        };
        if let Some(left) = wait {
            txn.rollback().await?;
            return Err(ServiceError::RateLimited {
                retry_after_minutes: minutes_up(left),
            });
        }
        let row = login_attempt::ActiveModel {
            email: Set(email.to_owned()),
            ip: Set(ip.to_owned()),
            success: Set(false),
            attempted_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Attempt { id: row.id })
    }

    /// The secret was right: the attempt no longer counts as a failure.
    pub(crate) async fn succeeded(self, db: &DatabaseConnection) -> Result<(), ServiceError> {
        login_attempt::Entity::update_many()
            .col_expr(
                login_attempt::Column::Success,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(login_attempt::Column::Id.eq(self.id))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// Checks the password and opens a session. Returns the cookie token.
pub async fn login(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    ip: &str,
    user_agent: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(String, CurrentUser), ServiceError> {
    let email = email.trim().to_lowercase();
    let attempt = Attempt::admit(db, &email, ip, now).await?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let verified = match &found {
        Some(u) if u.active => match &u.password_hash {
            Some(h) => verify_off_thread(password.to_owned(), h.clone()).await,
            None => false,
        },
        _ => {
            // Spend the same time as a real check, so timing does not leak accounts.
            let _ = verify_off_thread(password.to_owned(), dummy_hash().to_owned()).await;
            false
        }
    };
    if verified {
        attempt.succeeded(db).await?;
    }
    let (Some(u), true) = (found, verified) else {
        return Err(ServiceError::InvalidCredentials);
    };
    let Some(cu) = current_user(&u, false) else {
        return Err(ServiceError::InvalidCredentials);
    };
    let token = open_session(db, u.id, ip, user_agent, now).await?;
    let mut active: user::ActiveModel = u.into();
    active.last_login_at = Set(Some(now));
    active.update(db).await?;
    crate::audit::record(
        db,
        Some(cu.user_id),
        "users",
        cu.user_id,
        "login",
        serde_json::json!({ "ip": ip }),
        now,
    )
    .await?;
    Ok((token, cu))
}

/// Stores a new session for `user_id` and returns the cookie token.
async fn open_session(
    db: &DatabaseConnection,
    user_id: i32,
    ip: &str,
    user_agent: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (token, hash) = new_token();
    session::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        mfa_passed: Set(false),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + SESSION_IDLE),
        ip: Set(Some(ip.chars().take(64).collect())),
        user_agent: Set(user_agent.map(|a| a.chars().take(300).collect())),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Whether the session stored under `key` (`token_hash`) is still valid:
/// not signed out, not expired, and its user still active.
pub async fn session_alive(
    db: &DatabaseConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let Some(s) = session::Entity::find_by_id(key.to_owned()).one(db).await? else {
        return Ok(false);
    };
    if s.expires_at <= now || s.created_at + SESSION_ABSOLUTE <= now {
        return Ok(false);
    }
    Ok(user::Entity::find_by_id(s.user_id)
        .one(db)
        .await?
        .is_some_and(|u| u.active))
}

/// The user behind a session cookie, if the session is valid. Extends the
/// session (sliding expiry) at most once a minute.
pub async fn resolve_session(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, ServiceError> {
    let Some(s) = session::Entity::find_by_id(token_hash(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if s.expires_at <= now || s.created_at + SESSION_ABSOLUTE <= now {
        session::Entity::delete_by_id(s.token_hash).exec(db).await?;
        return Ok(None);
    }
    let Some(u) = user::Entity::find_by_id(s.user_id).one(db).await? else {
        return Ok(None);
    };
    if !u.active {
        return Ok(None);
    }
    let mfa_passed = s.mfa_passed;
    let created_at = s.created_at;
    if now - s.last_seen_at > Duration::minutes(1) {
        let mut active: session::ActiveModel = s.into();
        active.last_seen_at = Set(now);
        active.expires_at = Set((now + SESSION_IDLE).min(created_at + SESSION_ABSOLUTE));
        active.update(db).await?;
    }
    Ok(current_user(&u, mfa_passed))
}

/// Passes a session's second factor under a new token: the token from
/// before the factor (which a planted or sniffed cookie may hold) ends.
/// Returns the new cookie token; the sign-in time stays, for
/// `SESSION_ABSOLUTE`.
pub(crate) async fn rotate_passed<C: sea_orm::ConnectionTrait>(
    db: &C,
    old: session::Model,
) -> Result<String, ServiceError> {
    let (token, hash) = new_token();
    let gone = session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(old.token_hash.clone()))
        .exec(db)
        .await?;
    if gone.rows_affected != 1 {
        // Signed out (or passed) meanwhile.
        return Err(ServiceError::Unauthenticated);
    }
    session::ActiveModel {
        token_hash: Set(hash),
        mfa_passed: Set(true),
        ..old.into()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn logout(db: &DatabaseConnection, token: &str) -> Result<(), ServiceError> {
    session::Entity::delete_by_id(token_hash(token))
        .exec(db)
        .await?;
    Ok(())
}

pub const RESET_TTL: Duration = Duration::hours(1);
pub const MAGIC_LINK_TTL: Duration = Duration::minutes(20);
pub const MIN_PASSWORD_LEN: usize = 10;
pub use entity::domain::users::{RESET_INVALID, RESET_WEAK};
pub(crate) const PURPOSE_RESET: &str = "password_reset";
const PURPOSE_MAGIC: &str = "magic_link";

pub(crate) async fn issue_token(
    db: &DatabaseConnection,
    user_id: i32,
    purpose: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (token, hash) = new_token();
    entity::auth_token::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Marks a valid, unused, unexpired token of `purpose` as used and returns its user.
async fn redeem_token(
    db: &DatabaseConnection,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<user::Model>, ServiceError> {
    use entity::auth_token::{Column, Entity};
    let hash = token_hash(token);
    // One conditional update redeems it: of two requests with the same
    // link, only one changes the row.
    let done = Entity::update_many()
        .col_expr(Column::UsedAt, sea_orm::sea_query::Expr::value(Some(now)))
        .filter(Column::TokenHash.eq(hash.clone()))
        .filter(Column::Purpose.eq(purpose))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Ok(None);
    }
    let Some(t) = Entity::find_by_id(hash).one(db).await? else {
        return Ok(None);
    };
    Ok(user::Entity::find_by_id(t.user_id)
        .one(db)
        .await?
        .filter(|u| u.active))
}

/// Links by e-mail are throttled per IP and per address (any address, known
/// or not, so the answer reveals no accounts).
async fn throttle_links(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    crate::throttle::LINKS_PER_IP.hit(db, ip, now).await?;
    crate::throttle::LINKS_PER_ADDRESS.hit(db, email, now).await
}

/// Mails a reset link when the address belongs to an active account. The
/// caller always shows the same confirmation, known address or not.
/// Throttled per address and per IP (`throttle::LINKS_PER_*`).
pub async fn request_password_reset(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let email = email.trim().to_lowercase();
    throttle_links(db, &email, ip, now).await?;
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(());
    };
    let token = issue_token(db, u.id, PURPOSE_RESET, RESET_TTL, now).await?;
    crate::messages::to_user(
        db,
        &u,
        "password_reset",
        crate::vars! {"link" => format!("{base_url}{}", entity::paths::reset_password(&token))},
        now,
    )
    .await?;
    Ok(())
}

/// Sets a new password with a reset token; ends every session of the user.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if new_password.chars().count() < MIN_PASSWORD_LEN {
        return Err(ServiceError::Invalid(RESET_WEAK.into()));
    }
    let Some(u) = redeem_token(db, token, PURPOSE_RESET, now).await? else {
        return Err(ServiceError::Invalid(RESET_INVALID.into()));
    };
    let user_id = u.id;
    // A reset ends every other open link of the account.
    entity::auth_token::Entity::update_many()
        .col_expr(
            entity::auth_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(entity::auth_token::Column::UserId.eq(user_id))
        .filter(entity::auth_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let hash = hash_off_thread(new_password.to_owned()).await?;
    let mut active: user::ActiveModel = u.into();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(now);
    active.update(db).await?;
    crate::audit::record(
        db,
        Some(user_id),
        "users",
        user_id,
        "password_reset",
        serde_json::json!({}),
        now,
    )
    .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Customers may sign in with a link by e-mail instead of a password.
/// Throttled as `request_password_reset`.
pub async fn request_magic_link(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let email = email.trim().to_lowercase();
    throttle_links(db, &email, ip, now).await?;
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .filter(|u| u.active && u.role == Role::Customer.as_str())
    else {
        return Ok(());
    };
    let token = issue_token(db, u.id, PURPOSE_MAGIC, MAGIC_LINK_TTL, now).await?;
    crate::messages::to_user(
        db,
        &u,
        "magic_link",
        crate::vars! {"link" => format!("{base_url}{}", entity::paths::magic_link(&token))},
        now,
    )
    .await?;
    Ok(())
}

/// Opens a session from a magic link.
pub async fn consume_magic_link(
    db: &DatabaseConnection,
    token: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, CurrentUser)>, ServiceError> {
    let Some(u) = redeem_token(db, token, PURPOSE_MAGIC, now).await? else {
        return Ok(None);
    };
    let Some(cu) = current_user(&u, false) else {
        return Ok(None);
    };
    let session_token = open_session(db, u.id, ip, None, now).await?;
    crate::audit::record(
        db,
        Some(cu.user_id),
        "users",
        cu.user_id,
        "login_magic_link",
        serde_json::json!({ "ip": ip }),
        now,
    )
    .await?;
    Ok(Some((session_token, cu)))
}

/// An argon2id hash of a random password, used to equalise timing.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    async fn add_user(db: &DatabaseConnection, email: &str, role: Role, active: bool) -> i32 {
        let now = Utc::now();
        user::ActiveModel {
            email: Set(email.to_owned()),
            display_name: Set("Test".to_owned()),
            password_hash: Set(Some(hash_password("geheim-wachtwoord").unwrap())),
            role: Set(role.as_str().to_owned()),
            partner_id: Set(None),
            contact_id: Set(None),
            totp_secret: Set(None),
            mfa_enabled: Set(false),
            locale: Set("nl".to_owned()),
            active: Set(active),
            last_login_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("Correct horse", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_behind_tls() {
        let c = session_cookie("abc", false);
        assert_eq!(
            c,
            "cc_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200"
        );
        assert!(session_cookie("abc", true).ends_with("; Secure"));
        assert!(clear_session_cookie(false).contains("Max-Age=0"));
        assert_eq!(
            cookie_value("a=1; cc_session=xyz; b=2", SESSION_COOKIE),
            Some("xyz")
        );
        assert_eq!(cookie_value("cc_session_old=1", SESSION_COOKIE), None);
        assert_eq!(safe_next("/ops"), Some("/ops"));
        for bad in ["//evil.example", "https://evil.example", "ops", "/\\evil"] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (t1, h1) = new_token();
        let (t2, _) = new_token();
        assert_eq!(t1.len(), 64);
        assert_ne!(t1, t2);
        assert_eq!(h1, token_hash(&t1));
        assert_ne!(h1, t1);
    }

    #[tokio::test]
    async fn signs_in_resolves_and_signs_out_on_every_backend() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            let id = add_user(db, "planner@example.nl", Role::Planner, true).await;
            let now = Utc::now();
            let (token, user) = login(
                db,
                " Planner@Example.nl ",
                "geheim-wachtwoord",
                "10.0.0.1",
                Some("test"),
                now,
            )
            .await
            .expect("login");
            assert_eq!((user.user_id, user.role), (id, Role::Planner));
            assert_eq!(
                resolve_session(db, &token, now).await.unwrap(),
                Some(user.clone())
            );
            // The cookie value itself is not in the database.
            assert!(session::Entity::find_by_id(token.clone())
                .one(db)
                .await
                .unwrap()
                .is_none());
            // Expired after the idle time.
            assert_eq!(
                resolve_session(db, &token, now + SESSION_IDLE + Duration::minutes(1))
                    .await
                    .unwrap(),
                None
            );
            let (token, _) = login(
                db,
                "planner@example.nl",
                "geheim-wachtwoord",
                "10.0.0.1",
                None,
                now,
            )
            .await
            .unwrap();
            logout(db, &token).await.unwrap();
            assert_eq!(
                resolve_session(db, &token, now).await.unwrap(),
                None,
                "{}",
                tdb.backend
            );
            tdb.cleanup().await;
        }
    }

    fn token_in(body: &str) -> String {
        body.split("token=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }

    /// Racing redemptions of one link: exactly one wins, on a SQLite file
    /// (several connections) and on PostgreSQL.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_link_is_redeemed_once_however_many_race_for_it() {
        for tdb in testing::concurrent_databases().await {
            let db = tdb.db.clone();
            let u = add_user(&db, "race@example.nl", Role::Customer, true).await;
            let now = Utc::now();
            let token = issue_token(&db, u, PURPOSE_MAGIC, MAGIC_LINK_TTL, now)
                .await
                .unwrap();
            let tasks: Vec<_> = (0..10)
                .map(|_| {
                    let (db, token) = (db.clone(), token.clone());
                    tokio::spawn(async move {
                        redeem_token(&db, &token, PURPOSE_MAGIC, now).await.unwrap()
                    })
                })
                .collect();
            let mut winners = 0;
            for t in tasks {
                winners += usize::from(t.await.unwrap().is_some());
            }
            assert_eq!(winners, 1, "{}", tdb.backend);
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn a_password_reset_ends_the_other_open_links() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        let u = add_user(db, "two@example.nl", Role::Planner, true).await;
        let now = Utc::now();
        let first = issue_token(db, u, PURPOSE_RESET, RESET_TTL, now)
            .await
            .unwrap();
        let second = issue_token(db, u, PURPOSE_RESET, RESET_TTL, now)
            .await
            .unwrap();
        let magic = issue_token(db, u, PURPOSE_MAGIC, MAGIC_LINK_TTL, now)
            .await
            .unwrap();
        reset_password(db, &first, "een-heel-nieuw-wachtwoord", now)
            .await
            .unwrap();
        assert!(matches!(
            reset_password(db, &second, "nog-een-ander-wachtwoord", now).await,
            Err(ServiceError::Invalid(_))
        ));
        assert_eq!(
            redeem_token(db, &magic, PURPOSE_MAGIC, now).await.unwrap(),
            None
        );
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn password_reset_by_mailed_token_works_once_and_ends_sessions() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            add_user(db, "p@example.nl", Role::Planner, true).await;
            let now = Utc::now();
            let (old_session, _) = login(
                db,
                "p@example.nl",
                "geheim-wachtwoord",
                "1.1.1.1",
                None,
                now,
            )
            .await
            .unwrap();
            request_password_reset(db, "P@example.nl", "10.0.0.9", "http://127.0.0.1:3000", now)
                .await
                .unwrap();
            request_password_reset(
                db,
                "nobody@example.nl",
                "10.0.0.9",
                "http://127.0.0.1:3000",
                now,
            )
            .await
            .unwrap();
            let mails = entity::outbox_message::Entity::find()
                .all(db)
                .await
                .unwrap();
            assert_eq!(mails.len(), 1, "only known addresses get mail");
            assert_eq!(mails[0].recipient, "p@example.nl");
            let token = token_in(&mails[0].body);
            assert!(mails[0]
                .body
                .contains("http://127.0.0.1:3000/wachtwoord-herstellen?token="));

            assert!(matches!(
                reset_password(db, &token, "kort", now).await,
                Err(ServiceError::Invalid(c)) if c == RESET_WEAK
            ));
            assert!(
                matches!(
                    reset_password(db, "bogus", "nieuw-wachtwoord-1", now).await,
                    Err(ServiceError::Invalid(c)) if c == RESET_INVALID
                ),
                "link refused"
            );
            reset_password(db, &token, "nieuw-wachtwoord-1", now)
                .await
                .unwrap();
            assert!(
                matches!(
                    reset_password(db, &token, "nog-een-wachtwoord", now).await,
                    Err(ServiceError::Invalid(c)) if c == RESET_INVALID
                ),
                "link refused"
            );
            assert_eq!(
                resolve_session(db, &old_session, now).await.unwrap(),
                None,
                "old sessions end"
            );
            assert!(login(
                db,
                "p@example.nl",
                "nieuw-wachtwoord-1",
                "1.1.1.1",
                None,
                now
            )
            .await
            .is_ok());
            let actions: Vec<String> = entity::audit_log::Entity::find()
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.action)
                .collect();
            assert_eq!(
                actions,
                ["login", "password_reset", "login"],
                "{}",
                tdb.backend
            );
            assert!(login(
                db,
                "p@example.nl",
                "geheim-wachtwoord",
                "1.1.1.1",
                None,
                now
            )
            .await
            .is_err());
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn reset_links_expire_after_an_hour() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "p@example.nl", Role::Planner, true).await;
        let now = Utc::now();
        request_password_reset(db, "p@example.nl", "10.0.0.9", "", now)
            .await
            .unwrap();
        let token = token_in(
            &entity::outbox_message::Entity::find()
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .body,
        );
        let late = now + RESET_TTL + Duration::seconds(1);
        assert!(
            matches!(
                reset_password(db, &token, "nieuw-wachtwoord-1", late).await,
                Err(ServiceError::Invalid(c)) if c == RESET_INVALID
            ),
            "link refused"
        );
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn magic_links_are_for_customers_single_use_and_short_lived() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "klant@example.nl", Role::Customer, true).await;
        add_user(db, "staf@example.nl", Role::Admin, true).await;
        let now = Utc::now();
        request_magic_link(db, "staf@example.nl", "10.0.0.9", "", now)
            .await
            .unwrap();
        assert!(
            entity::outbox_message::Entity::find()
                .one(db)
                .await
                .unwrap()
                .is_none(),
            "staff use passwords and MFA"
        );
        request_magic_link(db, "klant@example.nl", "10.0.0.9", "", now)
            .await
            .unwrap();
        let token = token_in(
            &entity::outbox_message::Entity::find()
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .body,
        );
        let late = now + MAGIC_LINK_TTL + Duration::seconds(1);
        assert!(
            consume_magic_link(db, &token, "1.1.1.1", late)
                .await
                .unwrap()
                .is_none(),
            "expired"
        );
        request_magic_link(db, "klant@example.nl", "10.0.0.9", "", now)
            .await
            .unwrap();
        let mails = entity::outbox_message::Entity::find()
            .all(db)
            .await
            .unwrap();
        let token = token_in(&mails[1].body);
        let (session, user) = consume_magic_link(db, &token, "1.1.1.1", now)
            .await
            .unwrap()
            .expect("signed in");
        assert_eq!(user.role, Role::Customer);
        assert_eq!(
            resolve_session(db, &session, now)
                .await
                .unwrap()
                .map(|u| u.email),
            Some("klant@example.nl".into())
        );
        assert!(
            consume_magic_link(db, &token, "1.1.1.1", now)
                .await
                .unwrap()
                .is_none(),
            "single use"
        );
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn wrong_unknown_and_inactive_get_the_same_answer() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "a@example.nl", Role::Admin, true).await;
        add_user(db, "gone@example.nl", Role::Admin, false).await;
        let now = Utc::now();
        for (email, pw) in [
            ("a@example.nl", "fout"),
            ("nobody@example.nl", "geheim-wachtwoord"),
            ("gone@example.nl", "geheim-wachtwoord"),
        ] {
            assert!(matches!(
                login(db, email, pw, "1.1.1.1", None, now).await,
                Err(ServiceError::InvalidCredentials)
            ));
        }
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn an_attackers_address_cannot_lock_the_owner_out() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "a@example.nl", Role::Admin, true).await;
        let now = Utc::now();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert!(matches!(
                login(db, "a@example.nl", "fout", "6.6.6.1", None, now).await,
                Err(ServiceError::InvalidCredentials)
            ));
        }
        // The guessing address is paused for this account, even with the
        // right password …
        assert!(matches!(
            login(
                db,
                "a@example.nl",
                "geheim-wachtwoord",
                "6.6.6.1",
                None,
                now
            )
            .await,
            Err(ServiceError::RateLimited {
                retry_after_minutes: 15
            })
        ));
        // … the owner, elsewhere, is not.
        assert!(login(
            db,
            "a@example.nl",
            "geheim-wachtwoord",
            "10.9.9.9",
            None,
            now
        )
        .await
        .is_ok());
        // The refused attempt did not count: after the window the address
        // may try again.
        assert!(login(
            db,
            "a@example.nl",
            "geheim-wachtwoord",
            "6.6.6.1",
            None,
            now + WINDOW + Duration::seconds(1)
        )
        .await
        .is_ok());
        tdb.cleanup().await;
    }

    #[test]
    fn the_global_backoff_doubles_and_stays_bounded() {
        assert_eq!(global_backoff(0), Duration::zero());
        assert_eq!(global_backoff(GLOBAL_FREE - 1), Duration::zero());
        assert_eq!(global_backoff(GLOBAL_FREE), GLOBAL_STEP);
        assert_eq!(global_backoff(GLOBAL_FREE + 2), GLOBAL_STEP * 4);
        assert_eq!(global_backoff(GLOBAL_FREE + 60), WINDOW);
    }

    #[tokio::test]
    async fn guesses_from_many_addresses_slow_the_account_down_without_locking_it() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "b@example.nl", Role::Admin, true).await;
        let now = Utc::now();
        for i in 0..GLOBAL_FREE {
            assert!(matches!(
                login(db, "b@example.nl", "fout", &format!("7.7.7.{i}"), None, now).await,
                Err(ServiceError::InvalidCredentials)
            ));
        }
        // Now every attempt waits for the back-off since the last failure …
        assert!(matches!(
            login(
                db,
                "b@example.nl",
                "geheim-wachtwoord",
                "10.9.9.9",
                None,
                now
            )
            .await,
            Err(ServiceError::RateLimited {
                retry_after_minutes: 1
            })
        ));
        // … and gets in after it.
        let later = now + GLOBAL_STEP + Duration::seconds(1);
        assert!(login(
            db,
            "b@example.nl",
            "geheim-wachtwoord",
            "10.9.9.9",
            None,
            later
        )
        .await
        .is_ok());
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn one_address_trying_many_accounts_is_paused() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "a@example.nl", Role::Admin, true).await;
        let now = Utc::now();
        for i in 0..MAX_FAILURES_PER_IP {
            assert!(matches!(
                login(
                    db,
                    &format!("guess{i}@example.nl"),
                    "x",
                    "6.6.6.6",
                    None,
                    now
                )
                .await,
                Err(ServiceError::InvalidCredentials)
            ));
        }
        assert!(matches!(
            login(
                db,
                "a@example.nl",
                "geheim-wachtwoord",
                "6.6.6.6",
                None,
                now
            )
            .await,
            Err(ServiceError::RateLimited { .. })
        ));
        assert!(login(
            db,
            "a@example.nl",
            "geheim-wachtwoord",
            "10.1.1.1",
            None,
            now
        )
        .await
        .is_ok());
        tdb.cleanup().await;
    }

    #[tokio::test]
    async fn sessions_end_after_their_absolute_lifetime_however_active() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        add_user(db, "c@example.nl", Role::Customer, true).await;
        let t0 = Utc::now();
        let (token, _) = login(db, "c@example.nl", "geheim-wachtwoord", "1.1.1.1", None, t0)
            .await
            .unwrap();
        let mut t = t0;
        while t + Duration::hours(2) < t0 + SESSION_ABSOLUTE {
            t += Duration::hours(2);
            assert!(
                resolve_session(db, &token, t).await.unwrap().is_some(),
                "active every two hours"
            );
        }
        assert_eq!(
            resolve_session(db, &token, t0 + SESSION_ABSOLUTE)
                .await
                .unwrap(),
            None
        );
        tdb.cleanup().await;
    }
}
