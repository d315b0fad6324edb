//! The public intake form (000 step 2): moving an order to `intake_sent`
//! opens a tokenised link and mails it to the customer. On the form the
//! customer confirms the address, uploads a meter-cabinet photo, picks a
//! charger and gives preferred periods; submitting moves the order to
//! `intake_completed`. Only the token's SHA-256 is stored; a link works
//! once and for `LINK_DAYS` days.

use crate::auth::token_hash;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::region::normalise_postcode;
use entity::domain::workflow;
use entity::dto::{ChargerOption, IntakeFormDto, IntakeSubmission, INTAKE_PERIODS};
use entity::{
    business_entity, contact, document, intake_request, order, order_line, pricing_rule, product,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

pub use crate::effects::intake_links::LINK_DAYS;
/// The largest photo accepted, after decoding.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

async fn open_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(intake_request::Model, order::Model), ServiceError> {
    let Some(req) = intake_request::Entity::find_by_id(token_hash(token.trim()))
        .one(db)
        .await?
    else {
        return Err(ServiceError::NotFound);
    };
    let Some(o) = order::Entity::find_by_id(req.order_id).one(db).await? else {
        return Err(ServiceError::NotFound);
    };
    if req.submitted_at.is_some() || req.expires_at <= now || o.status != workflow::INTAKE_SENT {
        return Err(ServiceError::Gone);
    }
    Ok((req, o))
}

async fn chargers(db: &impl ConnectionTrait) -> Result<Vec<ChargerOption>, ServiceError> {
    let products = product::Entity::find()
        .filter(product::Column::Kind.eq("charger"))
        .filter(product::Column::Active.eq(true))
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for p in products {
        let price = pricing_rule::Entity::find()
            .filter(pricing_rule::Column::Kind.eq("base"))
            .filter(pricing_rule::Column::ProductId.eq(p.id))
            .order_by_desc(pricing_rule::Column::ValidFrom)
            .one(db)
            .await?
            .map(|r| r.amount_cents)
            .unwrap_or(0);
        out.push(ChargerOption {
            product_id: p.id,
            name: p.name,
            price_cents: price,
        });
    }
    Ok(out)
}

/// The form for a link. Public: the token is the credential.
pub async fn form(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<IntakeFormDto, ServiceError> {
    let (_, o) = open_link(db, token, now).await?;
    let customer = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
        .map(|c| c.display_name)
        .unwrap_or_default();
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?;
    let logo_url = match &be {
        Some(b) => crate::brands::logo_url(db, b.id, &b.code).await?,
        None => None,
    };
    Ok(IntakeFormDto {
        logo_url,
        order_number: o.order_number,
        brand: be.as_ref().map(|b| b.brand.clone()).unwrap_or_default(),
        entity: be.map(|b| b.code).unwrap_or_default(),
        customer,
        street: o.street,
        house_number: o.house_number,
        postcode: o.postcode,
        city: o.city,
        charger_count: o.charger_count,
        chargers: chargers(db).await?,
    })
}

/// Decodes a `data:image/(jpeg|png|webp);base64,…` URL.
pub(crate) fn decode_photo(data_url: &str) -> Result<(String, Vec<u8>), &'static str> {
    let (head, b64) = data_url.split_once(',').ok_or("photo_missing")?;
    let mime = head
        .strip_prefix("data:")
        .and_then(|h| h.strip_suffix(";base64"))
        .ok_or("photo_missing")?;
    if !["image/jpeg", "image/png", "image/webp"].contains(&mime) {
        return Err("photo_type");
    }
    if b64.len() > MAX_PHOTO_BYTES / 3 * 4 + 8 {
        return Err("photo_too_large");
    }
    let bytes = data_encoding::BASE64
        .decode(b64.trim().as_bytes())
        .map_err(|_| "photo_missing")?;
    if bytes.is_empty() {
        return Err("photo_missing");
    }
    Ok((mime.to_owned(), bytes))
}

/// Checks and stores the customer's answers and moves the order to
/// `intake_completed`. Nothing is stored when a field is wrong.
pub async fn submit(
    db: &DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    token: &str,
    s: &IntakeSubmission,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (req, o) = open_link(db, token, now).await?;
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut need = |field: &str, value: &str| {
        if value.trim().is_empty() {
            errors.push((field.to_owned(), "required".to_owned()));
        }
    };
    need("street", &s.street);
    need("house_number", &s.house_number);
    need("city", &s.city);
    let postcode = normalise_postcode(&s.postcode);
    if postcode.is_none() {
        errors.push(("postcode".into(), "postcode_invalid".into()));
    }
    let options = chargers(db).await?;
    let charger = options
        .iter()
        .find(|c| c.product_id == s.charger_product_id);
    if charger.is_none() {
        errors.push(("charger".into(), "required".into()));
    }
    if s.periods.is_empty()
        || s.periods
            .iter()
            .any(|p| !INTAKE_PERIODS.contains(&p.as_str()))
    {
        errors.push(("periods".into(), "required".into()));
    }
    let photo = match decode_photo(&s.photo_data_url) {
        Ok(p) => Some(p),
        Err(code) => {
            errors.push(("photo".into(), code.into()));
            None
        }
    };
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let (postcode, charger, (mime, bytes)) = (
        postcode.unwrap_or_default(),
        charger.cloned().unwrap_or_else(|| options[0].clone()),
        photo.unwrap_or_default(),
    );
    let region_id = crate::leads::region_id_for(db, &postcode)
        .await?
        .or(o.region_id);

    let txn = crate::db::begin_write(db).await?;
    let before = serde_json::json!({
        "street": o.street, "house_number": o.house_number, "postcode": o.postcode, "city": o.city
    });
    let mut changed: order::ActiveModel = o.clone().into();
    changed.street = Set(s.street.trim().to_owned());
    changed.house_number = Set(s.house_number.trim().to_owned());
    changed.postcode = Set(postcode.clone());
    changed.city = Set(s.city.trim().to_owned());
    changed.region_id = Set(region_id);
    changed.update(&txn).await?;
    // The chosen charger replaces the charger line of the order.
    let charger_ids: Vec<i32> = options.iter().map(|c| c.product_id).collect();
    let existing = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(o.id))
        .filter(order_line::Column::ProductId.is_in(charger_ids))
        .one(&txn)
        .await?;
    match existing {
        Some(line) => {
            let mut l: order_line::ActiveModel = line.into();
            l.product_id = Set(Some(charger.product_id));
            l.description = Set(charger.name.clone());
            l.unit_price_cents = Set(charger.price_cents);
            l.update(&txn).await?;
        }
        None => {
            order_line::ActiveModel {
                order_id: Set(o.id),
                product_id: Set(Some(charger.product_id)),
                description: Set(charger.name.clone()),
                quantity: Set(o.charger_count.max(1)),
                unit_price_cents: Set(charger.price_cents),
                payer: Set(entity::domain::Payer::Customer.as_str().to_owned()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let file_name: String = s
        .photo_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    document::ActiveModel {
        order_id: Set(o.id),
        kind: Set("meter_cabinet".to_owned()),
        file_name: Set(if file_name.is_empty() {
            "meterkast".into()
        } else {
            file_name
        }),
        content_type: Set(mime),
        bytes: Set(bytes),
        uploaded_by_user_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let answers = serde_json::json!({
        "charger_product_id": charger.product_id,
        "periods": s.periods,
        "remarks": s.remarks.chars().take(1000).collect::<String>(),
    });
    let mut done: intake_request::ActiveModel = req.into();
    done.submitted_at = Set(Some(now));
    done.answers = Set(Some(answers.to_string()));
    done.update(&txn).await?;
    crate::audit::record(
        &txn,
        None,
        "orders",
        o.id,
        "intake_submitted",
        serde_json::json!({ "address_before": before, "charger": charger.name, "periods": s.periods }),
        now,
    )
    .await?;
    let fresh = order::Entity::find_by_id(o.id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let version = fresh.version;
    match crate::transition::apply_move(
        &txn,
        fresh,
        version,
        workflow::INTAKE_COMPLETED,
        Some("Intakeformulier ingevuld door de klant"),
        None,
        now,
    )
    .await?
    {
        Ok(()) => {}
        Err(_) => return Err(ServiceError::Gone),
    }
    txn.commit().await?;
    crate::pipeline::announce(db, bus, o.id).await?;
    Ok(o.order_number)
}

#[cfg(test)]
mod tests;
