//! Second factor for staff: time-based one-time passwords (RFC 6238,
//! HMAC-SHA1, 30-second steps, 6 digits, the format every authenticator app
//! reads from an `otpauth://` QR code) and single-use recovery codes.
//!
//! A staff session starts with `mfa_passed = false`; `authz` refuses it
//! everything until [`verify`] or [`confirm_enrolment`] sets the flag.

use crate::auth::{token_hash, Attempt};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::dto::{CurrentUser, MfaSetupDto, MfaStep};
use entity::{mfa_recovery_code, session, user};
use rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: usize = 6;
/// Codes from one step before or after now are accepted (clock drift).
pub const SKEW_STEPS: i64 = 1;
pub const RECOVERY_CODE_COUNT: usize = 10;
pub const ISSUER: &str = "ChargeCars";
const BASE32: data_encoding::Encoding = data_encoding::BASE32_NOPAD;
/// Recovery codes use letters and digits that cannot be mistaken for each other.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// The code of time step `counter` under `key`, as `DIGITS` digits
/// (RFC 6238 by the totp-rs crate). The skew window and the replay guard
/// are ours (`matching_step`), so totp-rs is asked for one step at a time.
pub fn hotp(key: &[u8], counter: u64) -> String {
    // Unchecked: secrets enrolled before totp-rs may be shorter than its
    // 128-bit minimum; new ones are 160 bits (`new_secret`).
    totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECONDS as u64,
        key.to_vec(),
    )
    .generate(counter * STEP_SECONDS as u64)
}

/// The TOTP time step that `at` falls in.
pub fn step_at(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECONDS)
}

/// The code an authenticator app shows at `at` for a base32 secret.
pub fn code_at(secret_base32: &str, at: DateTime<Utc>) -> Option<String> {
    let key = decode_secret(secret_base32)?;
    Some(hotp(&key, step_at(at) as u64))
}

/// Decodes a base32 secret, forgiving spaces, dashes and lower case.
pub fn decode_secret(secret: &str) -> Option<Vec<u8>> {
    let clean: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    BASE32
        .decode(clean.as_bytes())
        .ok()
        .filter(|k| !k.is_empty())
}

/// A fresh 160-bit secret, base32 without padding (32 characters).
pub fn new_secret() -> String {
    let mut key = [0u8; 20];
    OsRng.fill_bytes(&mut key);
    BASE32.encode(&key)
}

/// The `otpauth://` URI that authenticator apps read from the QR code.
pub fn otpauth_uri(account: &str, secret: &str) -> String {
    let label = format!("{ISSUER}:{account}");
    format!(
        "otpauth://totp/{}?secret={secret}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent_encoding::utf8_percent_encode(&label, LABEL)
    )
}

/// What stays readable in the URI's label: RFC 3986's unreserved
/// characters and `@` (e-mail addresses); the issuer's `:` is encoded.
const LABEL: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// The URI as an SVG QR code (dark modules on white, with a quiet zone).
pub fn qr_svg(data: &str) -> Result<String, ServiceError> {
    let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
        .map_err(|e| ServiceError::Internal(format!("QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// The accepted step for `code`, if it matches a step within the skew window
/// that is newer than the last accepted one (no replays).
pub fn matching_step(
    key: &[u8],
    code: &str,
    now: DateTime<Utc>,
    last_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let now_step = step_at(now);
    (now_step - SKEW_STEPS..=now_step + SKEW_STEPS)
        .filter(|s| *s >= 0 && last_step.is_none_or(|last| *s > last))
        .find(|s| constant_time_eq(hotp(key, *s as u64).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Ten random characters, shown as `xxxxx-xxxxx`.
pub fn new_recovery_code() -> String {
    let mut bytes = [0u8; 10];
    OsRng.fill_bytes(&mut bytes);
    let chars: String = bytes
        .iter()
        .map(|b| RECOVERY_ALPHABET[*b as usize % RECOVERY_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// What is hashed: lower case, without spaces and dashes.
fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn group_in_fours(s: &str) -> String {
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The session behind a cookie token and its (active, staff) user.
async fn session_and_user(
    db: &DatabaseConnection,
    session_token: &str,
    now: DateTime<Utc>,
) -> Result<(session::Model, user::Model), ServiceError> {
    let s = session::Entity::find_by_id(token_hash(session_token))
        .one(db)
        .await?
        .filter(|s| s.expires_at > now)
        .ok_or(ServiceError::Unauthenticated)?;
    let u = user::Entity::find_by_id(s.user_id)
        .one(db)
        .await?
        .filter(|u| u.active)
        .ok_or(ServiceError::Unauthenticated)?;
    Ok((s, u))
}

fn pending_step(s: &session::Model, u: &user::Model) -> Option<MfaStep> {
    crate::auth::current_user(u, s.mfa_passed).and_then(|cu| cu.pending_mfa)
}

/// The enrolment page's QR code. Only for a signed-in staff member who has
/// no authenticator yet; the same secret comes back until it is confirmed.
pub async fn setup(
    db: &DatabaseConnection,
    session_token: &str,
    now: DateTime<Utc>,
) -> Result<MfaSetupDto, ServiceError> {
    let (s, u) = session_and_user(db, session_token, now).await?;
    if pending_step(&s, &u) != Some(MfaStep::Enrol) {
        return Err(ServiceError::Forbidden);
    }
    let secret = match u.totp_secret.clone().filter(|x| decode_secret(x).is_some()) {
        Some(existing) => existing,
        None => {
            let fresh = new_secret();
            let mut active: user::ActiveModel = u.clone().into();
            active.totp_secret = Set(Some(fresh.clone()));
            active.updated_at = Set(now);
            active.update(db).await?;
            fresh
        }
    };
    let uri = otpauth_uri(&u.email, &secret);
    Ok(MfaSetupDto {
        secret_grouped: group_in_fours(&secret),
        qr_svg: qr_svg(&uri)?,
        otpauth_uri: uri,
    })
}

/// What passing the second factor gives: the session under a new token
/// (the one from before the factor stops working), and with enrolment the
/// recovery codes, shown once.
#[derive(Debug)]
pub struct Enrolled {
    pub recovery_codes: Vec<String>,
    pub session_token: String,
}

#[derive(Debug)]
pub struct Passed {
    pub user: CurrentUser,
    pub method: Method,
    pub session_token: String,
}

/// Confirms enrolment with a first code from the app. Passes the session
/// (under a new token) and returns fresh recovery codes.
pub async fn confirm_enrolment(
    db: &DatabaseConnection,
    session_token: &str,
    code: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Enrolled, ServiceError> {
    let (s, u) = session_and_user(db, session_token, now).await?;
    if pending_step(&s, &u) != Some(MfaStep::Enrol) {
        return Err(ServiceError::Forbidden);
    }
    let attempt = Attempt::admit(db, &u.email, ip, now).await?;
    let Some(key) = u.totp_secret.as_deref().and_then(decode_secret) else {
        // The page was not opened (no secret yet): nothing to confirm.
        return Err(ServiceError::InvalidCode);
    };
    let Some(step) = matching_step(&key, code, now, u.totp_last_step) else {
        return Err(ServiceError::InvalidCode);
    };
    attempt.succeeded(db).await?;
    let user_id = u.id;
    let txn = crate::db::begin_write(db).await?;
    let mut active: user::ActiveModel = u.into();
    active.mfa_enabled = Set(true);
    active.totp_last_step = Set(Some(step));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let codes = replace_recovery_codes(&txn, user_id, now).await?;
    let session_token = crate::auth::rotate_passed(&txn, s).await?;
    txn.commit().await?;
    crate::audit::record(
        db,
        Some(user_id),
        "users",
        user_id,
        "mfa_enrolled",
        serde_json::json!({ "ip": ip }),
        now,
    )
    .await?;
    Ok(Enrolled {
        recovery_codes: codes,
        session_token,
    })
}

async fn replace_recovery_codes<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceError> {
    mfa_recovery_code::Entity::delete_many()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| new_recovery_code())
        .collect();
    mfa_recovery_code::Entity::insert_many(codes.iter().map(|c| mfa_recovery_code::ActiveModel {
        user_id: Set(user_id),
        code_hash: Set(token_hash(&normalise_recovery_code(c))),
        created_at: Set(now),
        used_at: Set(None),
        ..Default::default()
    }))
    .exec(db)
    .await?;
    Ok(codes)
}

/// How the second factor was given.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Method {
    Totp,
    RecoveryCode,
}

/// The second sign-in step: a code from the app, or one recovery code.
pub async fn verify(
    db: &DatabaseConnection,
    session_token: &str,
    code: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Passed, ServiceError> {
    let (s, u) = session_and_user(db, session_token, now).await?;
    if pending_step(&s, &u) != Some(MfaStep::Verify) {
        return Err(ServiceError::Forbidden);
    }
    let attempt = Attempt::admit(db, &u.email, ip, now).await?;
    let key = u.totp_secret.as_deref().and_then(decode_secret);
    let step = key
        .as_deref()
        .and_then(|k| matching_step(k, code, now, u.totp_last_step));
    let method = if step.is_some() {
        Method::Totp
    } else {
        let hash = token_hash(&normalise_recovery_code(code));
        let found = mfa_recovery_code::Entity::find()
            .filter(mfa_recovery_code::Column::UserId.eq(u.id))
            .filter(mfa_recovery_code::Column::CodeHash.eq(hash))
            .filter(mfa_recovery_code::Column::UsedAt.is_null())
            .one(db)
            .await?;
        let Some(rc) = found else {
            return Err(ServiceError::InvalidCode);
        };
        // Single use: only the request that flips `used_at` wins.
        let flipped = mfa_recovery_code::Entity::update_many()
            .col_expr(
                mfa_recovery_code::Column::UsedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(mfa_recovery_code::Column::Id.eq(rc.id))
            .filter(mfa_recovery_code::Column::UsedAt.is_null())
            .exec(db)
            .await?;
        if flipped.rows_affected != 1 {
            return Err(ServiceError::InvalidCode);
        }
        Method::RecoveryCode
    };
    let user_id = u.id;
    if let Some(step) = step {
        // Only a newer step may be recorded, so two requests with one code
        // cannot both pass.
        let moved = user::Entity::update_many()
            .col_expr(
                user::Column::TotpLastStep,
                sea_orm::sea_query::Expr::value(step),
            )
            .filter(user::Column::Id.eq(user_id))
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::TotpLastStep.is_null())
                    .add(user::Column::TotpLastStep.lt(step)),
            )
            .exec(db)
            .await?;
        if moved.rows_affected != 1 {
            return Err(ServiceError::InvalidCode);
        }
    }
    let txn = crate::db::begin_write(db).await?;
    let session_token = crate::auth::rotate_passed(&txn, s).await?;
    txn.commit().await?;
    attempt.succeeded(db).await?;
    crate::audit::record(
        db,
        Some(user_id),
        "users",
        user_id,
        "login_mfa",
        serde_json::json!({ "ip": ip, "method": match method {
            Method::Totp => "totp",
            Method::RecoveryCode => "recovery_code",
        } }),
        now,
    )
    .await?;
    let user = crate::auth::current_user(&u, true).ok_or(ServiceError::Unauthenticated)?;
    Ok(Passed {
        user,
        method,
        session_token,
    })
}

/// Unused recovery codes left for a user.
pub async fn recovery_codes_left(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<u64, ServiceError> {
    Ok(mfa_recovery_code::Entity::find()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .filter(mfa_recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?)
}

/// A new set of recovery codes for a signed-in, verified staff member; the
/// old ones stop working.
pub async fn regenerate_recovery_codes(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceError> {
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    if caller.pending_mfa.is_some() {
        return Err(ServiceError::MfaRequired);
    }
    if !caller.role.is_staff() {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let codes = replace_recovery_codes(&txn, caller.user_id, now).await?;
    txn.commit().await?;
    crate::audit::record(
        db,
        Some(caller.user_id),
        "users",
        caller.user_id,
        "mfa_recovery_codes_renewed",
        serde_json::json!({}),
        now,
    )
    .await?;
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use chrono::TimeZone;
    use entity::domain::Role;

    /// RFC 6238 appendix B (SHA-1), truncated to six digits.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let key = b"12345678901234567890";
        for (t, eight_digits) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            let at = Utc.timestamp_opt(t, 0).unwrap();
            assert_eq!(hotp(key, step_at(at) as u64), eight_digits[2..], "t={t}");
        }
        let b32 = BASE32.encode(key);
        assert_eq!(
            code_at(&b32.to_lowercase(), Utc.timestamp_opt(59, 0).unwrap()).as_deref(),
            Some("287082")
        );
    }

    #[test]
    fn secrets_uris_and_qr_codes_are_what_apps_expect() {
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(decode_secret(&s).unwrap().len(), 20);
        assert_ne!(s, new_secret());
        assert_eq!(
            decode_secret(&group_in_fours(&s).to_lowercase()),
            decode_secret(&s)
        );
        let uri = otpauth_uri("jan de vries@chargecars.nl", "ABC");
        assert_eq!(uri, "otpauth://totp/ChargeCars%3Ajan%20de%20vries@chargecars.nl?secret=ABC&issuer=ChargeCars&algorithm=SHA1&digits=6&period=30");
        // Non-ASCII, `&`, `/` and `:` cannot break the URI.
        assert_eq!(
            otpauth_uri("zoë&co/x:y@cc.nl", "ABC"),
            "otpauth://totp/ChargeCars%3Azo%C3%AB%26co%2Fx%3Ay@cc.nl?secret=ABC&issuer=ChargeCars&algorithm=SHA1&digits=6&period=30"
        );
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }

    #[test]
    fn codes_from_the_neighbouring_steps_pass_once() {
        let key = b"12345678901234567890";
        let now = Utc.timestamp_opt(1_800_000_015, 0).unwrap();
        let step = step_at(now);
        let code = |s: i64| hotp(key, s as u64);
        assert_eq!(matching_step(key, &code(step), now, None), Some(step));
        assert_eq!(
            matching_step(key, &code(step - 1), now, None),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(key, &code(step + 1), now, None),
            Some(step + 1)
        );
        assert_eq!(matching_step(key, &code(step - 2), now, None), None);
        assert_eq!(matching_step(key, &code(step + 2), now, None), None);
        // Replay: a step at or before the last accepted one never passes again.
        assert_eq!(matching_step(key, &code(step), now, Some(step)), None);
        assert_eq!(
            matching_step(key, &code(step - 1), now, Some(step - 1)),
            None
        );
        // Spaces are forgiven; other shapes are not codes.
        let spaced = format!("{} {}", &code(step)[..3], &code(step)[3..]);
        assert_eq!(matching_step(key, &spaced, now, None), Some(step));
        for bad in ["", "12345", "1234567", "abcdef"] {
            assert_eq!(matching_step(key, bad, now, None), None, "{bad}");
        }
    }

    #[test]
    fn recovery_codes_are_readable_and_forgiving() {
        let c = new_recovery_code();
        assert_eq!(c.len(), 11);
        assert_eq!(&c[5..6], "-");
        assert_eq!(
            normalise_recovery_code(&c.to_uppercase().replace('-', " ")),
            c.replace('-', "")
        );
        assert_ne!(c, new_recovery_code());
    }

    async fn staff(db: &DatabaseConnection, email: &str) -> user::Model {
        let now = Utc::now();
        user::ActiveModel {
            email: Set(email.to_owned()),
            display_name: Set("Staf".to_owned()),
            password_hash: Set(Some(
                crate::auth::hash_password("geheim-wachtwoord").unwrap(),
            )),
            role: Set(Role::Planner.as_str().to_owned()),
            mfa_enabled: Set(false),
            locale: Set("nl".to_owned()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
    }

    async fn sign_in(db: &DatabaseConnection, email: &str, now: DateTime<Utc>) -> String {
        let (token, cu) = crate::auth::login(db, email, "geheim-wachtwoord", "10.0.0.1", None, now)
            .await
            .unwrap();
        assert!(cu.pending_mfa.is_some(), "staff start half signed in");
        token
    }

    async fn caller(db: &DatabaseConnection, token: &str, now: DateTime<Utc>) -> CurrentUser {
        crate::auth::resolve_session(db, token, now)
            .await
            .unwrap()
            .unwrap()
    }

    #[tokio::test]
    async fn enrol_then_sign_in_with_app_codes_and_recovery_codes() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            let u = staff(db, "planner-mfa@chargecars.nl").await;
            let t0 = Utc.with_ymd_and_hms(2026, 11, 18, 8, 0, 5).unwrap();

            // First sign-in: enrolment is due, and nothing else is allowed.
            let token = sign_in(db, &u.email, t0).await;
            assert_eq!(
                caller(db, &token, t0).await.pending_mfa,
                Some(MfaStep::Enrol)
            );
            assert!(matches!(
                verify(db, &token, "000000", "ip", t0).await,
                Err(ServiceError::Forbidden)
            ));
            let page = setup(db, &token, t0).await.unwrap();
            let again = setup(db, &token, t0).await.unwrap();
            assert_eq!(
                page.secret_grouped, again.secret_grouped,
                "stable until confirmed"
            );
            let secret = page.secret_grouped.replace(' ', "");
            assert!(page.otpauth_uri.contains(&secret));

            let wrong = if code_at(&secret, t0).unwrap() == "000000" {
                "111111"
            } else {
                "000000"
            };
            assert!(matches!(
                confirm_enrolment(db, &token, wrong, "ip", t0).await,
                Err(ServiceError::InvalidCode)
            ));
            let enrolled = confirm_enrolment(db, &token, &code_at(&secret, t0).unwrap(), "ip", t0)
                .await
                .unwrap();
            let codes = enrolled.recovery_codes;
            assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
            assert_eq!(
                crate::auth::resolve_session(db, &token, t0).await.unwrap(),
                None,
                "the token from before the factor ends"
            );
            let token = enrolled.session_token;
            assert_eq!(caller(db, &token, t0).await.pending_mfa, None);
            assert!(
                matches!(setup(db, &token, t0).await, Err(ServiceError::Forbidden)),
                "the secret is never shown again"
            );

            // Next sign-in: a code is asked; the enrolment code is not reusable.
            let token2 = sign_in(db, &u.email, t0).await;
            assert_eq!(
                caller(db, &token2, t0).await.pending_mfa,
                Some(MfaStep::Verify)
            );
            assert!(
                matches!(
                    verify(db, &token2, &code_at(&secret, t0).unwrap(), "ip", t0).await,
                    Err(ServiceError::InvalidCode)
                ),
                "replayed code"
            );
            let t1 = t0 + chrono::Duration::seconds(30);
            let passed = verify(db, &token2, &code_at(&secret, t1).unwrap(), "ip", t1)
                .await
                .unwrap();
            assert_eq!(
                (passed.user.pending_mfa, passed.method),
                (None, Method::Totp)
            );
            assert_eq!(
                crate::auth::resolve_session(db, &token2, t1).await.unwrap(),
                None,
                "the password-only token ends when the factor passes"
            );
            assert_eq!(
                caller(db, &passed.session_token, t1).await.pending_mfa,
                None
            );

            // A recovery code works once, in any case and with spaces.
            let token3 = sign_in(db, &u.email, t1).await;
            let typed = codes[3].to_uppercase().replace('-', " ");
            let passed3 = verify(db, &token3, &typed, "ip", t1).await.unwrap();
            assert_eq!(passed3.method, Method::RecoveryCode);
            assert_eq!(recovery_codes_left(db, u.id).await.unwrap(), 9);
            let token4 = sign_in(db, &u.email, t1).await;
            assert!(matches!(
                verify(db, &token4, &codes[3], "ip", t1).await,
                Err(ServiceError::InvalidCode)
            ));

            // Renewing replaces all codes.
            let me = caller(db, &passed3.session_token, t1).await;
            let fresh = regenerate_recovery_codes(db, Some(&me), t1).await.unwrap();
            assert_eq!(recovery_codes_left(db, u.id).await.unwrap(), 10);
            assert!(
                matches!(
                    verify(db, &token4, &codes[0], "ip", t1).await,
                    Err(ServiceError::InvalidCode)
                ),
                "old codes are void"
            );
            assert!(verify(db, &token4, &fresh[0], "ip", t1).await.is_ok());
            let pending = caller(db, &sign_in(db, &u.email, t1).await, t1).await;
            assert!(matches!(
                regenerate_recovery_codes(db, Some(&pending), t1).await,
                Err(ServiceError::MfaRequired)
            ));
        }
    }

    #[tokio::test]
    async fn wrong_codes_are_rate_limited_per_account() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        let u = staff(db, "brute@chargecars.nl").await;
        let t0 = Utc.with_ymd_and_hms(2026, 11, 18, 9, 0, 0).unwrap();
        let token = sign_in(db, &u.email, t0).await;
        setup(db, &token, t0).await.unwrap();
        let fresh = user::Entity::find_by_id(u.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let secret = fresh.totp_secret.unwrap();
        let right = code_at(&secret, t0).unwrap();
        let wrong = if right == "123456" {
            "654321"
        } else {
            "123456"
        };
        for _ in 0..crate::auth::MAX_FAILURES_PER_ACCOUNT {
            assert!(matches!(
                confirm_enrolment(db, &token, wrong, "ip", t0).await,
                Err(ServiceError::InvalidCode)
            ));
        }
        assert!(
            matches!(
                confirm_enrolment(db, &token, &right, "ip", t0).await,
                Err(ServiceError::RateLimited {
                    retry_after_minutes: 15
                })
            ),
            "even the right code waits"
        );
        let later = t0 + crate::auth::WINDOW + chrono::Duration::seconds(1);
        assert!(
            confirm_enrolment(db, &token, &code_at(&secret, later).unwrap(), "ip", later)
                .await
                .is_ok()
        );
    }
}
