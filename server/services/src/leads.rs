//! New orders: a lead entered by ops or submitted by a partner. The order
//! gets the next `{PREFIX}-{YEAR}-{SEQUENCE}` number of its business entity
//! (gap-free, in the same transaction), starts in the initial status of the
//! entity's workflow with that status's SLA clock, and its region follows
//! from the postcode.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, Datelike, Utc};
use entity::domain::region::{normalise_postcode, parse_pc4_ranges, pc4_of, region_for_postcode};
use entity::domain::{looks_like_email, numbering, pipeline, Role};
use entity::dto::CurrentUser;
use entity::{business_entity, contact, order, partner, region, status_transition};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter,
};

pub use entity::dto::NewLead;

/// Field errors: `(field, code)`, e.g. `("postcode", "postcode_invalid")`.
use crate::FieldErrors;

/// The region of a postcode, by the regions' PC4 ranges.
pub(crate) async fn region_id_for(
    db: &impl ConnectionTrait,
    postcode: &str,
) -> Result<Option<i32>, ServiceError> {
    let rows = region::Entity::find().all(db).await?;
    let ranges: Vec<(String, Vec<(u16, u16)>)> = rows
        .iter()
        .filter_map(|r| Some((r.code.clone(), parse_pc4_ranges(&r.pc4_ranges).ok()?)))
        .collect();
    Ok(region_for_postcode(&ranges, postcode)
        .and_then(|code| rows.iter().find(|r| r.code == code))
        .map(|r| r.id))
}

/// Checks a lead; nothing is stored when a field is wrong.
pub(crate) fn check(lead: &NewLead) -> (FieldErrors, Option<String>) {
    let mut errors = FieldErrors::new();
    for (field, value) in [
        ("first_name", &lead.first_name),
        ("last_name", &lead.last_name),
        ("street", &lead.street),
        ("house_number", &lead.house_number),
        ("city", &lead.city),
        ("entity", &lead.entity_code),
    ] {
        if value.trim().is_empty() {
            errors.push((field.to_owned(), "required".to_owned()));
        } else if value.chars().count() > 120 {
            errors.push((field.to_owned(), "too_long".to_owned()));
        }
    }
    let email = lead.email.trim();
    if email.is_empty() {
        errors.push(("email".into(), "required".into()));
    } else if !looks_like_email(email) {
        errors.push(("email".into(), "email_invalid".into()));
    }
    let postcode = normalise_postcode(&lead.postcode);
    if postcode.is_none() {
        errors.push(("postcode".into(), "postcode_invalid".into()));
    }
    if !(1..=10).contains(&lead.charger_count) {
        errors.push(("charger_count".into(), "charger_count_range".into()));
    }
    (errors, postcode)
}

/// Creates the order for a lead and returns its number, or the field errors.
pub async fn create(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    lead: &NewLead,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    authorize(caller, Action::SubmitLead)?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    let txn = crate::db::begin_write(db).await?;
    let o = create_in(&txn, caller, lead, now).await?;
    txn.commit().await?;
    crate::pipeline::announce(db, bus, o.id).await?;
    Ok(o.order_number)
}

/// `create` inside the caller's write transaction (the partner API stores
/// its idempotency record in the same one). The caller is authorized
/// already; the caller commits and announces.
pub(crate) async fn create_in(
    txn: &DatabaseTransaction,
    caller: &CurrentUser,
    lead: &NewLead,
    now: DateTime<Utc>,
) -> Result<order::Model, ServiceError> {
    authorize(Some(caller), Action::SubmitLead)?;
    let db = txn;
    let (mut errors, postcode) = check(lead);
    let be = business_entity::Entity::find()
        .filter(business_entity::Column::Code.eq(lead.entity_code.trim()))
        .one(db)
        .await?;
    if be.is_none() && !lead.entity_code.trim().is_empty() {
        errors.push(("entity".into(), "unknown".into()));
    }
    // A partner's lead is its own; ops may name any existing partner.
    let partner_id = match caller.role {
        Role::PartnerUser => caller.partner_id,
        _ => lead.partner_id,
    };
    let partner = match partner_id {
        Some(id) => {
            let p = partner::Entity::find_by_id(id).one(db).await?;
            match &p {
                None => errors.push(("partner".into(), "unknown".into())),
                // A suspended partner's leads wait until it is active again.
                Some(p) if p.onboarding_status == "suspended" => {
                    errors.push(("partner".into(), "suspended".into()));
                }
                Some(_) => {}
            }
            p
        }
        None => None,
    };
    let (Some(be), Some(postcode), true) = (be, postcode, errors.is_empty()) else {
        return Err(ServiceError::Fields(errors));
    };

    let wf = crate::workflows::for_entity(db, be.id).await?;
    let region_id = region_id_for(db, &postcode).await?;
    let (lat, lng) = approximate_location(&postcode);
    let (sla_due, sla_risk) = pipeline::sla_clock(now, wf.sla_hours(&wf.initial));
    let (first, last) = (lead.first_name.trim(), lead.last_name.trim());

    let customer = contact::ActiveModel {
        kind: Set("person".to_owned()),
        display_name: Set(format!("{first} {last}")),
        first_name: Set(Some(first.to_owned())),
        last_name: Set(Some(last.to_owned())),
        organization_name: Set(None),
        parent_id: Set(None),
        email: Set(Some(lead.email.trim().to_lowercase())),
        phone: Set(Some(lead.phone.trim().to_owned()).filter(|p| !p.is_empty())),
        street: Set(Some(lead.street.trim().to_owned())),
        house_number: Set(Some(lead.house_number.trim().to_owned())),
        postcode: Set(Some(postcode.clone())),
        city: Set(Some(lead.city.trim().to_owned())),
        lat: Set(Some(lat)),
        lng: Set(Some(lng)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let year = now.year();
    let seq = crate::numbering::next(txn, &numbering::order_scope(&be.order_prefix, year)).await?;
    let number = numbering::order_number(&be.order_prefix, year, seq);
    let channel = match (caller.role, &partner) {
        (Role::PartnerUser, _) => "partner_portal",
        (_, Some(_)) => "partner_referral",
        _ => "direct_sales",
    };
    let o = order::ActiveModel {
        order_number: Set(number.clone()),
        business_entity_id: Set(be.id),
        status: Set(wf.initial.clone()),
        account_contact_id: Set(partner
            .as_ref()
            .map(|p| p.contact_id)
            .unwrap_or(customer.id)),
        end_customer_contact_id: Set(customer.id),
        partner_id: Set(partner.as_ref().map(|p| p.id)),
        channel_contact_ids: Set(match &partner {
            Some(p) => format!("[{}]", p.contact_id),
            None => "[]".to_owned(),
        }),
        channel: Set(channel.to_owned()),
        region_id: Set(region_id),
        street: Set(lead.street.trim().to_owned()),
        house_number: Set(lead.house_number.trim().to_owned()),
        postcode: Set(postcode),
        city: Set(lead.city.trim().to_owned()),
        lat: Set(lat),
        lng: Set(lng),
        charger_count: Set(lead.charger_count),
        complexity: Set(1),
        status_since: Set(now),
        sla_due_at: Set(sla_due),
        sla_risk_at: Set(sla_risk),
        hold_reason: Set(None),
        cancel_reason: Set(None),
        status_before_hold: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    status_transition::ActiveModel {
        order_id: Set(o.id),
        from_status: Set(None),
        to_status: Set(wf.initial.clone()),
        actor_user_id: Set(Some(caller.user_id)),
        reason: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crate::audit::record(
        txn,
        Some(caller.user_id),
        "orders",
        o.id,
        "lead_created",
        serde_json::json!({ "order_number": number, "channel": channel }),
        now,
    )
    .await?;
    crate::transition::created(txn, &o, now).await?;
    Ok(o)
}

/// Where a postcode roughly is: the centre of the demo town whose PC4
/// range holds it, else of the nearest one by number (no geocoder yet).
pub fn approximate_location(postcode: &str) -> (f64, f64) {
    let pc4 = i32::from(pc4_of(postcode).unwrap_or(3861));
    let towns = crate::seed::towns();
    let town = towns
        .iter()
        .find(|t| (i32::from(t.pc4_from)..=i32::from(t.pc4_to)).contains(&pc4))
        .or_else(|| {
            towns
                .iter()
                .min_by_key(|t| (i32::from(t.pc4_from) - pc4).abs())
        });
    town.map(|t| (t.lat, t.lng)).unwrap_or((52.2598, 5.6055))
}

#[cfg(test)]
mod tests;
