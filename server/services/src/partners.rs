//! Admin: partners (002 "Partner Management"): their type, onboarding
//! status and commission terms. A partner without a commission of its own
//! earns the standard margin of its type (pricing matrix). A suspended
//! partner cannot submit leads (`leads::create`).

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::partners::{onboarding_allowed, PartnerForm};
use entity::domain::{pricing, OnboardingStatus, Portal};
use entity::dto::{AdminPartnerRow, AdminPartnersDto, CurrentUser, PartnerFilter};
use entity::{contact, order, partner, pricing_rule};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};

pub const PAGE: u64 = 50;

fn condition(filter: &PartnerFilter) -> Condition {
    let mut c = Condition::all();
    let q = filter.query.trim().to_lowercase();
    if !q.is_empty() {
        let lower = |col: contact::Column| crate::db::contains_text((contact::Entity, col), &q);
        c = c.add(
            Condition::any()
                .add(lower(contact::Column::DisplayName))
                .add(lower(contact::Column::Email)),
        );
    }
    if let Some(t) = filter.partner_type.as_deref().filter(|t| !t.is_empty()) {
        c = c.add(partner::Column::PartnerType.eq(t));
    }
    if let Some(s) = filter
        .onboarding_status
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        c = c.add(partner::Column::OnboardingStatus.eq(s));
    }
    c
}

fn form_of(p: &partner::Model, c: &contact::Model) -> PartnerForm {
    PartnerForm {
        name: c.display_name.clone(),
        email: c.email.clone().unwrap_or_default(),
        phone: c.phone.clone().unwrap_or_default(),
        partner_type: p.partner_type.clone(),
        onboarding_status: p.onboarding_status.clone(),
        commission_bp: p.commission_bp,
        commission_terms: p.commission_terms.clone(),
    }
}

/// A page of 50 partners matching `filter`, by name.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    filter: &PartnerFilter,
    offset: u64,
) -> Result<AdminPartnersDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let cond = condition(filter);
    let total = partner::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            partner::Relation::Contact.def(),
        )
        .filter(cond.clone())
        .count(db)
        .await?;
    let rows = partner::Entity::find()
        .find_also_related(contact::Entity)
        .filter(cond)
        .order_by_asc(contact::Column::DisplayName)
        .offset(offset)
        .limit(PAGE)
        .all(db)
        .await?;
    let orders = crate::orders::count_by(db, order::Column::PartnerId).await?;
    let rules = pricing_rule::Entity::find().all(db).await?;
    let by_status: Vec<(String, i64)> = partner::Entity::find()
        .select_only()
        .column(partner::Column::OnboardingStatus)
        .column_as(partner::Column::Id.count(), "n")
        .group_by(partner::Column::OnboardingStatus)
        .into_tuple()
        .all(db)
        .await?;
    Ok(AdminPartnersDto {
        rows: rows
            .into_iter()
            .filter_map(|(p, c)| {
                let c = c?;
                Some(AdminPartnerRow {
                    id: p.id,
                    version: p.version,
                    form: form_of(&p, &c),
                    orders: orders.get(&p.id).copied().unwrap_or(0),
                    standard_margin_bp: pricing::partner_margin_bp(&rules, &p.partner_type),
                    since: p.created_at.format("%Y-%m-%d").to_string(),
                })
            })
            .collect(),
        total,
        offset,
        by_status: OnboardingStatus::ALL
            .iter()
            .map(|s| {
                let n = by_status
                    .iter()
                    .find(|(x, _)| x == s.as_str())
                    .map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0));
                (s.as_str().to_owned(), n)
            })
            .collect(),
    })
}

/// Creates a partner (`id: None`, its organisation contact too) or saves
/// one loaded at `version`. Field errors from `PartnerForm::problems`, plus
/// `onboarding_status=not_allowed` for a move `onboarding_allowed` refuses
/// (a new partner starts invited or onboarding). `Stale` when
/// somebody saved it first. Returns the partner's id.
pub async fn save(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: Option<i32>,
    version: i32,
    form: &PartnerForm,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let mut errors = form.problems();
    let before = match id {
        Some(id) => Some(
            partner::Entity::find_by_id(id)
                .find_also_related(contact::Entity)
                .one(db)
                .await?
                .and_then(|(p, c)| Some((p, c?)))
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    if let Ok(to) = form.onboarding_status.parse::<OnboardingStatus>() {
        let allowed = match &before {
            Some((p, _)) => p
                .onboarding_status
                .parse::<OnboardingStatus>()
                .is_ok_and(|from| onboarding_allowed(from, to)),
            None => matches!(to, OnboardingStatus::Invited | OnboardingStatus::Onboarding),
        };
        if !allowed {
            errors.push(("onboarding_status".to_owned(), "not_allowed".to_owned()));
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let actor = caller.map(|c| c.user_id);
    let name = form.name.trim().to_owned();
    let email = form.email.trim().to_lowercase();
    let phone = Some(form.phone.trim().to_owned()).filter(|p| !p.is_empty());
    let terms = form.commission_terms.trim().to_owned();
    let txn = crate::db::begin_write(db).await?;
    let partner_id = match before {
        None => {
            let c = contact::ActiveModel {
                kind: Set("organization".to_owned()),
                display_name: Set(name.clone()),
                organization_name: Set(Some(name.clone())),
                email: Set(Some(email)),
                phone: Set(phone),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let p = partner::ActiveModel {
                contact_id: Set(c.id),
                partner_type: Set(form.partner_type.clone()),
                onboarding_status: Set(form.onboarding_status.clone()),
                commission_bp: Set(form.commission_bp),
                commission_terms: Set(terms),
                created_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            crate::audit::record(
                &txn,
                actor,
                "partners",
                p.id,
                "partner_created",
                serde_json::json!({ "name": name, "partner_type": p.partner_type, "onboarding_status": p.onboarding_status }),
                now,
            )
            .await?;
            p.id
        }
        Some((p, c)) => {
            let old = form_of(&p, &c);
            crate::db::update_versioned(
                &txn,
                partner::Entity::update_many()
                    .col_expr(
                        partner::Column::PartnerType,
                        Expr::value(form.partner_type.clone()),
                    )
                    .col_expr(
                        partner::Column::OnboardingStatus,
                        Expr::value(form.onboarding_status.clone()),
                    )
                    .col_expr(
                        partner::Column::CommissionBp,
                        Expr::value(form.commission_bp),
                    )
                    .col_expr(partner::Column::CommissionTerms, Expr::value(terms.clone())),
                p.id,
                version,
            )
            .await?;
            let mut contact: contact::ActiveModel = c.into();
            contact.display_name = Set(name.clone());
            contact.organization_name = Set(Some(name.clone()));
            contact.email = Set(Some(email.clone()));
            contact.phone = Set(phone.clone());
            contact.updated_at = Set(now);
            contact.update(&txn).await?;
            let new = PartnerForm {
                name,
                email,
                phone: phone.unwrap_or_default(),
                commission_terms: terms,
                ..form.clone()
            };
            crate::audit::record(
                &txn,
                actor,
                "partners",
                p.id,
                "partner_updated",
                crate::audit::changed_fields(&old, &new),
                now,
            )
            .await?;
            p.id
        }
    };
    txn.commit().await?;
    Ok(partner_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;
    use entity::dto::NewLead;

    fn lead() -> NewLead {
        NewLead {
            entity_code: "chargecars".into(),
            first_name: "Pieter".into(),
            last_name: "Bos".into(),
            email: "pieter.bos@example.nl".into(),
            street: "Dorpsstraat".into(),
            house_number: "4".into(),
            postcode: "3861 AB".into(),
            city: "Nijkerk".into(),
            charger_count: 1,
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn partners_are_onboarded_edited_and_suspended_partners_cannot_submit_leads() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let all = list(db, a, &PartnerFilter::default(), 0).await.unwrap();
            assert!(all.total > 0);
            assert_eq!(all.by_status.iter().map(|(_, n)| n).sum::<u64>(), all.total);
            // A new partner starts invited; it cannot start active.
            let mut form = PartnerForm {
                name: "Laadnet Twente".into(),
                email: "Partners@LaadnetTwente.nl".into(),
                phone: String::new(),
                partner_type: "energy_supplier".into(),
                onboarding_status: "active".into(),
                commission_bp: 0,
                commission_terms: "Standaardmarge".into(),
            };
            assert_eq!(
                save(db, a, None, 0, &form, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![(
                    "onboarding_status".to_owned(),
                    "not_allowed".to_owned()
                )])
            );
            form.onboarding_status = "invited".into();
            let id = save(db, a, None, 0, &form, now).await.unwrap();
            let found = list(
                db,
                a,
                &PartnerFilter {
                    query: "LAADNET tw".into(),
                    ..Default::default()
                },
                0,
            )
            .await
            .unwrap();
            assert_eq!(found.total, 1);
            let row = &found.rows[0];
            assert_eq!(
                (row.id, row.form.email.as_str()),
                (id, "partners@laadnettwente.nl")
            );
            assert!(
                row.standard_margin_bp > 0,
                "energy suppliers have a standard margin"
            );
            // Invited → active skips onboarding: refused. Then onboard, activate.
            form.onboarding_status = "active".into();
            assert_eq!(
                save(db, a, Some(id), 1, &form, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![(
                    "onboarding_status".to_owned(),
                    "not_allowed".to_owned()
                )])
            );
            form.onboarding_status = "onboarding".into();
            save(db, a, Some(id), 1, &form, now).await.unwrap();
            form.onboarding_status = "active".into();
            form.commission_bp = 950;
            save(db, a, Some(id), 2, &form, now).await.unwrap();
            assert!(matches!(
                save(db, a, Some(id), 2, &form, now).await,
                Err(ServiceError::Stale)
            ));
            let stored = partner::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (
                    stored.onboarding_status.as_str(),
                    stored.commission_bp,
                    stored.version
                ),
                ("active", 950, 3)
            );

            // A partner user of an active partner submits a lead; suspended, it cannot.
            let mut user = testing::caller(Role::PartnerUser);
            user.partner_id = Some(id);
            crate::leads::create(db, None, Some(&user), &lead(), now)
                .await
                .unwrap();
            form.onboarding_status = "suspended".into();
            save(db, a, Some(id), 3, &form, now).await.unwrap();
            assert_eq!(
                crate::leads::create(db, None, Some(&user), &lead(), now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![("partner".to_owned(), "suspended".to_owned())])
            );
            // The changes are audited field by field.
            let trail: Vec<String> = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::TableName.eq("partners"))
                .filter(entity::audit_log::Column::RecordId.eq(id.to_string()))
                .order_by_asc(entity::audit_log::Column::Id)
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|l| format!("{} {}", l.action, l.changes))
                .collect();
            assert_eq!(trail.len(), 4, "{trail:?}");
            assert!(
                trail[2].contains("commission_bp") && trail[2].contains("950"),
                "{}",
                trail[2]
            );
            // Filters by type and status; only admins.
            let suspended = list(
                db,
                a,
                &PartnerFilter {
                    onboarding_status: Some("suspended".into()),
                    ..Default::default()
                },
                0,
            )
            .await
            .unwrap();
            assert!(suspended
                .rows
                .iter()
                .all(|r| r.form.onboarding_status == "suspended"));
            assert!(suspended.rows.iter().any(|r| r.id == id));
            for role in [Role::OpsManager, Role::PartnerUser] {
                assert!(matches!(
                    list(
                        db,
                        Some(&testing::caller(role)),
                        &PartnerFilter::default(),
                        0
                    )
                    .await,
                    Err(ServiceError::Forbidden)
                ));
            }
            tdb.cleanup().await;
        }
    }
}
