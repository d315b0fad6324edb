//! The customer's account (002 "CUSTOMER PORTAL": account): their name,
//! phone and address for future visits, the language of our messages, the
//! latest sign-ins, and everything we hold about them as JSON (GDPR
//! article 15/20).

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::region::normalise_postcode;
use entity::domain::time::format_local;
use entity::domain::Role;
use entity::dto::{AccountDto, CurrentUser, ErasureDto, LoginDto};
use entity::{
    consent, contact, erasure_request, invoice, login_attempt, order, outbox_message, quote,
    service_case, session, user, visit,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

async fn own(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<(user::Model, contact::Model), ServiceError> {
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    if c.role != Role::Customer {
        return Err(ServiceError::Forbidden);
    }
    let u = user::Entity::find_by_id(c.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let k = contact::Entity::find_by_id(c.contact_id.ok_or(ServiceError::NotFound)?)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((u, k))
}

/// The customer's details and latest sign-ins.
pub async fn account(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<AccountDto, ServiceError> {
    let (u, k) = own(db, caller).await?;
    let logins = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(u.email.to_lowercase()))
        .order_by_desc(login_attempt::Column::AttemptedAt)
        .limit(10)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LoginDto {
            at: format_local(l.attempted_at),
            ip: l.ip,
            success: l.success,
        })
        .collect();
    Ok(AccountDto {
        email: u.email,
        name: k.display_name,
        phone: k.phone.unwrap_or_default(),
        street: k.street.unwrap_or_default(),
        house_number: k.house_number.unwrap_or_default(),
        postcode: k.postcode.unwrap_or_default(),
        city: k.city.unwrap_or_default(),
        erasure: latest_erasure(db, u.id).await?,
        language: k.language,
        version: k.version,
        logins,
    })
}

fn erasure_dto(r: erasure_request::Model, customer: String, email: String) -> ErasureDto {
    ErasureDto {
        id: r.id,
        version: r.version,
        customer,
        email,
        status: r.status,
        note: r.note,
        requested_at: format_local(r.requested_at),
        decided_at: r.decided_at.map(format_local),
    }
}

async fn latest_erasure(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Option<ErasureDto>, ServiceError> {
    Ok(erasure_request::Entity::find()
        .filter(erasure_request::Column::UserId.eq(user_id))
        .order_by_desc(erasure_request::Column::Id)
        .one(db)
        .await?
        .map(|r| erasure_dto(r, String::new(), String::new())))
}

/// The customer asks us to erase their personal data; ops decide. A
/// request already waiting is not made twice (the same one is returned).
pub async fn request_erasure(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<ErasureDto, ServiceError> {
    let (u, k) = own(db, caller).await?;
    let txn = crate::db::begin_write(db).await?;
    crate::db::take_turns_on(&txn, &format!("erasure:{}", u.id)).await?;
    let waiting = erasure_request::Entity::find()
        .filter(erasure_request::Column::UserId.eq(u.id))
        .filter(erasure_request::Column::Status.eq("requested"))
        .one(&txn)
        .await?;
    let r = match waiting {
        Some(r) => r,
        None => {
            let r = erasure_request::ActiveModel {
                user_id: Set(u.id),
                contact_id: Set(Some(k.id)),
                status: Set("requested".into()),
                note: Set(None),
                requested_at: Set(now),
                decided_by: Set(None),
                decided_at: Set(None),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            crate::audit::record(
                &txn,
                Some(u.id),
                "erasure_requests",
                r.id,
                "erasure_requested",
                serde_json::json!({}),
                now,
            )
            .await?;
            r
        }
    };
    txn.commit().await?;
    Ok(erasure_dto(r, k.display_name, u.email))
}

/// Every erasure request, waiting ones first (ops).
pub async fn erasure_requests(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<ErasureDto>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let mut rows = erasure_request::Entity::find()
        .order_by_desc(erasure_request::Column::RequestedAt)
        .all(db)
        .await?;
    rows.sort_by_key(|r| r.status != "requested");
    let users: std::collections::HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let (name, email) = users
                .get(&r.user_id)
                .map(|u| (u.display_name.clone(), u.email.clone()))
                .unwrap_or_default();
            erasure_dto(r, name, email)
        })
        .collect())
}

/// Ops approve (the personal data is erased) or reject (with a `note` the
/// customer is shown) a waiting request; `version` is the one they saw.
/// Approving keeps what the law makes us keep: orders and invoices (seven
/// years); it erases the contact's details, access notes, the messages we
/// sent them, their consents, sign-ins and sessions, and closes the
/// account. Errors: `Conflict("decided")`, `Invalid("note")`, `Stale`.
pub async fn decide_erasure(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    version: i32,
    approve: bool,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ErasureDto, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let note = note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if !approve && note.is_none() {
        return Err(ServiceError::Invalid("note".into()));
    }
    let txn = crate::db::begin_write(db).await?;
    let r = erasure_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if r.status != "requested" {
        return Err(ServiceError::Conflict("decided".into()));
    }
    crate::db::update_versioned(
        &txn,
        erasure_request::Entity::update_many()
            .col_expr(
                erasure_request::Column::Status,
                Expr::value(if approve { "approved" } else { "rejected" }),
            )
            .col_expr(erasure_request::Column::Note, Expr::value(note.clone()))
            .col_expr(
                erasure_request::Column::DecidedBy,
                Expr::value(caller.map(|c| c.user_id)),
            )
            .col_expr(erasure_request::Column::DecidedAt, Expr::value(Some(now))),
        r.id,
        version,
    )
    .await?;
    let u = user::Entity::find_by_id(r.user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if approve {
        erase(&txn, &u, r.contact_id, now).await?;
    }
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "erasure_requests",
        r.id,
        if approve {
            "erasure_approved"
        } else {
            "erasure_rejected"
        },
        serde_json::json!({ "note": note }),
        now,
    )
    .await?;
    txn.commit().await?;
    let stored = erasure_request::Entity::find_by_id(r.id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let u = user::Entity::find_by_id(r.user_id).one(db).await?;
    Ok(erasure_dto(
        stored,
        u.as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        u.map(|u| u.email).unwrap_or_default(),
    ))
}

async fn erase(
    txn: &sea_orm::DatabaseTransaction,
    u: &user::Model,
    contact_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut addresses = vec![u.email.clone()];
    if let Some(cid) = contact_id {
        if let Some(k) = contact::Entity::find_by_id(cid).one(txn).await? {
            addresses.extend(k.email.clone());
            addresses.extend(k.phone.clone());
            let name = format!("Verwijderde klant {cid}");
            contact::Entity::update_many()
                .col_expr(contact::Column::DisplayName, Expr::value(name))
                .col_expr(
                    contact::Column::FirstName,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    contact::Column::LastName,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(contact::Column::Email, Expr::value(Option::<String>::None))
                .col_expr(contact::Column::Phone, Expr::value(Option::<String>::None))
                .col_expr(contact::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    contact::Column::Version,
                    Expr::col(contact::Column::Version).add(1),
                )
                .filter(contact::Column::Id.eq(cid))
                .exec(txn)
                .await?;
            order::Entity::update_many()
                .col_expr(
                    order::Column::AccessNotes,
                    Expr::value(Option::<String>::None),
                )
                .filter(order::Column::EndCustomerContactId.eq(cid))
                .exec(txn)
                .await?;
        }
    }
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Body, Expr::value("[verwijderd]"))
        .col_expr(
            outbox_message::Column::HtmlBody,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox_message::Column::Recipient,
            Expr::value("[verwijderd]"),
        )
        .filter(outbox_message::Column::Recipient.is_in(addresses.clone()))
        .exec(txn)
        .await?;
    consent::Entity::delete_many()
        .filter(consent::Column::Address.is_in(addresses))
        .exec(txn)
        .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(u.email.to_lowercase()))
        .exec(txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(u.id))
        .exec(txn)
        .await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::Email,
            Expr::value(format!("verwijderd-{}@invalid", u.id)),
        )
        .col_expr(user::Column::DisplayName, Expr::value("Verwijderde klant"))
        .col_expr(
            user::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::Active, Expr::value(false))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(u.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Saves name, phone, address and language; `input.version` is the one
/// the customer saw. Errors: `Fields` (name, phone, postcode, street,
/// house_number, city, language), `Stale`.
pub async fn save(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    input: &AccountDto,
    now: DateTime<Utc>,
) -> Result<AccountDto, ServiceError> {
    let (u, k) = own(db, caller).await?;
    let mut errors = Vec::new();
    let name = input.name.trim();
    if !(2..=120).contains(&name.chars().count()) {
        errors.push(("name".to_owned(), "required".to_owned()));
    }
    let phone = input.phone.trim();
    if !phone.is_empty() && !entity::domain::looks_like_phone(phone) {
        errors.push(("phone".to_owned(), "phone_invalid".to_owned()));
    }
    let postcode = if input.postcode.trim().is_empty() {
        None
    } else {
        match normalise_postcode(&input.postcode) {
            Some(p) => Some(p),
            None => {
                errors.push(("postcode".to_owned(), "postcode_invalid".to_owned()));
                None
            }
        }
    };
    for (field, value) in [
        ("street", &input.street),
        ("house_number", &input.house_number),
        ("city", &input.city),
    ] {
        if value.chars().count() > 120 {
            errors.push((field.to_owned(), "too_long".to_owned()));
        }
    }
    if !["nl", "en"].contains(&input.language.as_str()) {
        errors.push(("language".to_owned(), "invalid".to_owned()));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let txn = crate::db::begin_write(db).await?;
    crate::db::update_versioned(
        &txn,
        contact::Entity::update_many()
            .col_expr(contact::Column::DisplayName, Expr::value(name))
            .col_expr(contact::Column::Phone, Expr::value(text(phone)))
            .col_expr(contact::Column::Street, Expr::value(text(&input.street)))
            .col_expr(
                contact::Column::HouseNumber,
                Expr::value(text(&input.house_number)),
            )
            .col_expr(contact::Column::Postcode, Expr::value(postcode))
            .col_expr(contact::Column::City, Expr::value(text(&input.city)))
            .col_expr(
                contact::Column::Language,
                Expr::value(input.language.clone()),
            )
            .col_expr(contact::Column::UpdatedAt, Expr::value(now)),
        k.id,
        input.version,
    )
    .await?;
    crate::audit::record(
        &txn,
        Some(u.id),
        "contacts",
        k.id,
        "profile_saved",
        serde_json::json!({ "name": name, "language": input.language }),
        now,
    )
    .await?;
    txn.commit().await?;
    account(db, caller).await
}

/// Everything we hold about the customer, as one JSON document.
pub async fn export(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (u, k) = own(db, caller).await?;
    let orders = order::Entity::find()
        .filter(order::Column::EndCustomerContactId.eq(k.id))
        .all(db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let quotes = quote::Entity::find()
        .filter(quote::Column::OrderId.is_in(ids.clone()))
        .filter(quote::Column::SentAt.is_not_null())
        .all(db)
        .await?;
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::OrderId.is_in(ids.clone()))
        .filter(invoice::Column::Payer.eq("customer"))
        .all(db)
        .await?;
    let visits = visit::Entity::find()
        .filter(visit::Column::OrderId.is_in(ids.clone()))
        .all(db)
        .await?;
    let cases = service_case::Entity::find()
        .filter(service_case::Column::OrderId.is_in(ids.clone()))
        .all(db)
        .await?;
    let addresses: Vec<String> = [k.email.clone(), k.phone.clone()]
        .into_iter()
        .flatten()
        .collect();
    let messages = outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.is_in(addresses.clone()))
        .order_by_asc(outbox_message::Column::Id)
        .all(db)
        .await?;
    let consents = consent::Entity::find()
        .filter(consent::Column::Address.is_in(addresses))
        .all(db)
        .await?;
    let logins = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(u.email.to_lowercase()))
        .all(db)
        .await?;
    let doc = serde_json::json!({
        "exported_at": now,
        "account": { "email": u.email, "name": u.display_name, "created_at": u.created_at, "last_login_at": u.last_login_at, "locale": u.locale },
        "contact": { "name": k.display_name, "email": k.email, "phone": k.phone, "street": k.street, "house_number": k.house_number, "postcode": k.postcode, "city": k.city, "language": k.language },
        "orders": orders.iter().map(|o| serde_json::json!({
            "number": o.order_number, "status": o.status, "created_at": o.created_at,
            "address": format!("{} {}, {} {}", o.street, o.house_number, o.postcode, o.city),
            "access_notes": o.access_notes.as_deref().and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok()),
        })).collect::<Vec<_>>(),
        "quotes": quotes.iter().map(|q| serde_json::json!({
            "order_id": q.order_id, "version": q.version_no, "status": q.status, "sent_at": q.sent_at,
            "customer_approved_at": q.customer_approved_at,
        })).collect::<Vec<_>>(),
        "invoices": invoices.iter().map(|i| serde_json::json!({
            "number": i.invoice_number, "amount_cents": i.amount_cents, "status": i.status,
            "issued_at": i.issued_at, "paid_at": i.paid_at,
        })).collect::<Vec<_>>(),
        "visits": visits.iter().map(|v| serde_json::json!({
            "order_id": v.order_id, "kind": v.kind, "date": v.date, "status": v.status,
            "slot": v.slot_start_min.zip(v.slot_end_min),
        })).collect::<Vec<_>>(),
        "service_cases": cases.iter().map(|c| serde_json::json!({
            "number": c.case_number, "kind": c.kind, "category": c.category,
            "description": c.description, "status": c.status, "created_at": c.created_at,
        })).collect::<Vec<_>>(),
        "messages": messages.iter().map(|m| serde_json::json!({
            "channel": m.channel, "to": m.recipient, "subject": m.subject, "body": m.body,
            "created_at": m.created_at, "sent_at": m.sent_at,
        })).collect::<Vec<_>>(),
        "consents": consents.iter().map(|c| serde_json::to_value(c).unwrap_or_default()).collect::<Vec<_>>(),
        "sign_ins": logins.iter().map(|l| serde_json::json!({
            "at": l.attempted_at, "ip": l.ip, "success": l.success,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).map_err(|e| ServiceError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use sea_orm::PaginatorTrait;

    #[tokio::test]
    async fn a_customer_keeps_their_details_and_takes_their_data() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let u = user::Entity::find()
            .filter(user::Column::Email.eq("klant3@example.nl"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let me = CurrentUser {
            user_id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: Role::Customer,
            partner_id: None,
            contact_id: u.contact_id,
            pending_mfa: None,
        };
        let a = account(db, Some(&me)).await.unwrap();
        assert_eq!(a.email, "klant3@example.nl");
        let bad = AccountDto {
            name: " ".into(),
            phone: "12".into(),
            postcode: "12345".into(),
            language: "de".into(),
            ..a.clone()
        };
        match save(db, Some(&me), &bad, now).await {
            Err(ServiceError::Fields(f)) => {
                let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
                assert_eq!(names, ["name", "phone", "postcode", "language"]);
            }
            other => panic!("{other:?}"),
        }
        let good = AccountDto {
            name: "Sanne de Boer".into(),
            phone: "06 1234 5678".into(),
            postcode: "3861ab".into(),
            language: "en".into(),
            ..a.clone()
        };
        let saved = save(db, Some(&me), &good, now).await.unwrap();
        assert_eq!(
            (
                saved.name.as_str(),
                saved.postcode.as_str(),
                saved.language.as_str()
            ),
            ("Sanne de Boer", "3861 AB", "en")
        );
        assert!(matches!(
            save(db, Some(&me), &good, now).await,
            Err(ServiceError::Stale)
        ));
        // The export holds their orders and details, no one else's.
        let json: serde_json::Value =
            serde_json::from_str(&export(db, Some(&me), now).await.unwrap()).unwrap();
        assert_eq!(json["contact"]["name"], "Sanne de Boer");
        let mine = order::Entity::find()
            .filter(order::Column::EndCustomerContactId.eq(u.contact_id.unwrap()))
            .count(db)
            .await
            .unwrap();
        assert_eq!(json["orders"].as_array().unwrap().len() as u64, mine);
        assert!(matches!(
            export(db, Some(&testing::caller(Role::Planner)), now).await,
            Err(ServiceError::Forbidden)
        ));

        // Erasure: asked once (a second ask is the same request), decided by ops.
        let first = request_erasure(db, Some(&me), now).await.unwrap();
        let again = request_erasure(db, Some(&me), now).await.unwrap();
        assert_eq!((first.id, again.status.as_str()), (again.id, "requested"));
        assert_eq!(
            account(db, Some(&me))
                .await
                .unwrap()
                .erasure
                .unwrap()
                .status,
            "requested"
        );
        let ops = testing::caller(Role::OpsManager);
        assert!(matches!(
            erasure_requests(db, Some(&me)).await,
            Err(ServiceError::Forbidden)
        ));
        assert_eq!(
            erasure_requests(db, Some(&ops)).await.unwrap()[0].email,
            "klant3@example.nl"
        );
        assert!(matches!(
            decide_erasure(db, Some(&ops), first.id, first.version, false, None, now).await,
            Err(ServiceError::Invalid(n)) if n == "note"
        ));
        let done = decide_erasure(db, Some(&ops), first.id, first.version, true, None, now)
            .await
            .unwrap();
        assert_eq!(done.status, "approved");
        assert!(matches!(
            decide_erasure(db, Some(&ops), first.id, done.version, true, None, now).await,
            Err(ServiceError::Conflict(c)) if c == "decided"
        ));
        let k = contact::Entity::find_by_id(u.contact_id.unwrap())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(k.email.is_none() && k.phone.is_none());
        assert!(k.display_name.starts_with("Verwijderde klant"));
        let gone = user::Entity::find_by_id(u.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(!gone.active && gone.password_hash.is_none() && gone.email.ends_with("@invalid"));
        // What the law makes us keep stays: the orders (and their invoices).
        let orders_after = order::Entity::find()
            .filter(order::Column::EndCustomerContactId.eq(u.contact_id.unwrap()))
            .count(db)
            .await
            .unwrap();
        assert_eq!(orders_after, mine);
        tdb.cleanup().await;
    }
}
