//! Completion (000 steps 8 and 9): the sign-off that `completed` needs
//! (customer signature, photo evidence, technical checklist), recorded by
//! the technician app or by ops by hand, and the invoices made when the
//! order completes: numbered per entity and year, issued at completion
//! (well within 000's 48 hours), with the partner commission computed.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::dto::CurrentUser;
use entity::{order, sign_off};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

pub use entity::domain::pipeline::{sign_off_missing, CHECKLIST};
pub use entity::dto::SignOffInput;

pub use crate::effects::invoicing::{year_of, PAYMENT_DAYS};

/// Records (or replaces) the sign-off of an order in progress.
pub async fn record_sign_off(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    order_id: i32,
    input: &SignOffInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let o = order::Entity::find_by_id(order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if o.status != entity::domain::workflow::IN_PROGRESS {
        return Err(ServiceError::Conflict("wrong_status".into()));
    }
    let gaps = sign_off_missing(input);
    if !gaps.is_empty() {
        return Err(ServiceError::Missing(gaps));
    }
    sign_off::Entity::delete_many()
        .filter(sign_off::Column::OrderId.eq(order_id))
        .exec(db)
        .await?;
    let checklist: serde_json::Map<String, serde_json::Value> = CHECKLIST
        .iter()
        .map(|c| ((*c).to_owned(), serde_json::Value::Bool(true)))
        .collect();
    sign_off::ActiveModel {
        order_id: Set(order_id),
        signed_by_name: Set(input.signed_by_name.trim().chars().take(120).collect()),
        signature: Set(input.signature.chars().take(20_000).collect()),
        photo_count: Set(input.photo_count),
        checklist: Set(serde_json::Value::Object(checklist).to_string()),
        recorded_by_user_id: Set(caller.map(|c| c.user_id)),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "orders",
        order_id,
        "sign_off_recorded",
        serde_json::json!({ "signed_by": input.signed_by_name.trim(), "photos": input.photo_count }),
        now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{move_order, MoveRequest};
    use crate::seed::{seed_with, Volumes};
    use crate::settings::SettingKey;
    use crate::testing;
    use chrono::Duration;
    use entity::domain::pipeline::Refusal;
    use entity::domain::workflow::*;
    use entity::domain::Role;
    use entity::domain::{numbering, pricing};
    use entity::{business_entity, day_team, invoice, partner, quote, visit};
    use sea_orm::QueryOrder;

    fn signed() -> SignOffInput {
        SignOffInput {
            signed_by_name: "Koen Demir".into(),
            signature: "M10 10 L40 30 L80 12".into(),
            photo_count: 3,
            checked: CHECKLIST.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    /// 000 end to end on the service level: a partner lead walks every
    /// status to `completed`; the guards stop it where data is missing; the
    /// invoices are numbered per entity and year with the commission.
    #[tokio::test]
    async fn a_lead_walks_to_completed_and_is_invoiced() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(8, 0, 0).unwrap().and_utc();
            let ops = testing::caller(Role::OpsManager);
            let lead = order::Entity::find()
                .filter(order::Column::Status.eq(NEW_LEAD))
                .filter(order::Column::PartnerId.is_not_null())
                .order_by_asc(order::Column::Id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let mut version = lead.version;
            let step = |to: &'static str, version: i32| MoveRequest {
                order_id: lead.id,
                version,
                to: to.into(),
                reason: None,
            };
            for to in [
                INTAKE_SENT,
                INTAKE_COMPLETED,
                QUOTE_DRAFT,
                QUOTE_READY,
                QUOTE_SENT,
                CUSTOMER_APPROVED,
                PARTNER_APPROVED,
                BOTH_APPROVED,
                PLANNING,
            ] {
                version = move_order(db, None, Some(&ops), &step(to, version), now)
                    .await
                    .unwrap()
                    .unwrap_or_else(|r| panic!("{to}: {r:?}"))
                    .version;
            }
            // No visit yet: not schedulable.
            assert_eq!(
                move_order(db, None, Some(&ops), &step(SCHEDULED, version), now)
                    .await
                    .unwrap(),
                Err(Refusal::NoPlannedVisit)
            );
            let team = day_team::ActiveModel {
                date: Set(testing::TODAY + Duration::days(3)),
                name: Set("Team Noord".into()),
                shift_start_min: Set(7 * 60 + 30),
                shift_end_min: Set(16 * 60),
                published: Set(false),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
            visit::ActiveModel {
                order_id: Set(lead.id),
                kind: Set("installation".into()),
                date: Set(Some(team.date)),
                window_start_min: Set(8 * 60),
                window_end_min: Set(12 * 60),
                duration_minutes: Set(180),
                required_skills: Set("commissioning".into()),
                day_team_id: Set(Some(team.id)),
                sequence: Set(Some(1)),
                pinned: Set(false),
                status: Set("planned".into()),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
            for to in [SCHEDULED, IN_PROGRESS] {
                version = move_order(db, None, Some(&ops), &step(to, version), now)
                    .await
                    .unwrap()
                    .unwrap()
                    .version;
            }
            assert_eq!(
                move_order(db, None, Some(&ops), &step(COMPLETED, version), now)
                    .await
                    .unwrap(),
                Err(Refusal::NoSignOff)
            );
            // An incomplete sign-off names what is missing and is not stored.
            let half = SignOffInput {
                photo_count: 0,
                checked: vec![],
                ..signed()
            };
            assert!(matches!(
                record_sign_off(db, Some(&ops), lead.id, &half, now).await,
                Err(ServiceError::Missing(m)) if m == ["photos", "checklist"]
            ));
            record_sign_off(db, Some(&ops), lead.id, &signed(), now)
                .await
                .unwrap();
            let done = move_order(db, None, Some(&ops), &step(COMPLETED, version), now)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(done.status, COMPLETED);

            let invoices = invoice::Entity::find()
                .filter(invoice::Column::OrderId.eq(lead.id))
                .order_by_asc(invoice::Column::Id)
                .all(db)
                .await
                .unwrap();
            assert!(!invoices.is_empty());
            let be = business_entity::Entity::find_by_id(lead.business_entity_id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let q = quote::Entity::find()
                .filter(quote::Column::OrderId.eq(lead.id))
                .order_by_desc(quote::Column::VersionNo)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let p = partner::Entity::find_by_id(lead.partner_id.unwrap())
                .one(db)
                .await
                .unwrap()
                .unwrap();
            for inv in &invoices {
                assert!(
                    inv.invoice_number
                        .starts_with(&format!("{}-F2026-", be.order_prefix)),
                    "{}",
                    inv.invoice_number
                );
                assert!(inv.issued_at - now <= Duration::hours(48));
                match inv.payer.as_str() {
                    "customer" => {
                        assert_eq!(inv.amount_cents, q.customer_total_cents);
                        assert_eq!(
                            inv.commission_cents,
                            pricing::commission_cents(q.customer_total_cents, p.commission_bp)
                        );
                    }
                    _ => assert_eq!(inv.amount_cents, q.partner_total_cents),
                }
            }
            // Numbers continue the seeded sequence without a gap.
            let seq = entity::number_sequence::Entity::find_by_id(numbering::invoice_scope(
                &be.order_prefix,
                2026,
            ))
            .one(db)
            .await
            .unwrap()
            .unwrap();
            assert_eq!(
                invoices.last().unwrap().invoice_number,
                numbering::invoice_number(&be.order_prefix, 2026, seq.last_value)
            );
            for role in [Role::PartnerUser, Role::Technician] {
                let mut u = ops.clone();
                u.role = role;
                assert!(matches!(
                    record_sign_off(db, Some(&u), lead.id, &signed(), now).await,
                    Err(ServiceError::Forbidden)
                ));
            }
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn cancelling_costs_what_the_policy_says_for_that_stage() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            // An admin's policy replaces the demo's.
            entity::setting::Entity::delete_by_id(SettingKey::CancellationFees.as_str().to_owned())
                .exec(db)
                .await
                .unwrap();
            entity::setting::ActiveModel {
                key: Set(SettingKey::CancellationFees.as_str().into()),
                value: Set(r#"{"quote_sent": 4900, "new_lead": 0}"#.into()),
                updated_at: Set(testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc()),
                updated_by_user_id: Set(None),
            }
            .insert(db)
            .await
            .unwrap();
            let planner = testing::caller(Role::Planner);
            let now = testing::TODAY.and_hms_opt(12, 0, 0).unwrap().and_utc();
            let mut fees = Vec::new();
            for status in [NEW_LEAD, QUOTE_SENT] {
                let o = order::Entity::find()
                    .filter(order::Column::Status.eq(status))
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap();
                move_order(
                    db,
                    None,
                    Some(&planner),
                    &MoveRequest {
                        order_id: o.id,
                        version: o.version,
                        to: CANCELLED.into(),
                        reason: Some("Klant ziet ervan af".into()),
                    },
                    now,
                )
                .await
                .unwrap()
                .unwrap();
                let invoices = invoice::Entity::find()
                    .filter(invoice::Column::OrderId.eq(o.id))
                    .all(db)
                    .await
                    .unwrap();
                fees.push(invoices.iter().map(|i| i.amount_cents).collect::<Vec<_>>());
                if status == QUOTE_SENT {
                    assert_eq!(invoices[0].payer, "customer");
                    let mail = entity::outbox_message::Entity::find()
                        .filter(entity::outbox_message::Column::Template.eq("order_cancelled"))
                        .filter(entity::outbox_message::Column::Body.contains(&o.order_number))
                        .one(db)
                        .await
                        .unwrap()
                        .unwrap();
                    assert!(
                        mail.body.contains(&invoices[0].invoice_number),
                        "{}",
                        mail.body
                    );
                    assert!(mail.body.contains("49,00"), "{}", mail.body);
                }
            }
            assert_eq!(fees, [vec![], vec![4900]]);
            tdb.cleanup().await;
        }
    }
}
