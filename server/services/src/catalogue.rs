//! Admin: the product catalogue and the pricing matrix (002 "Products and
//! services", "Pricing"). A product has its kind, required skills and
//! on-site minutes; prices are rules: a general base price, an entity's own
//! price, complexity surcharges and partner-type margins. A changed price
//! takes effect from today as a new rule, so past quotes keep theirs (they
//! store their own line prices) and the history stays in the table and in
//! the audit trail.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, NaiveDate, Utc};
use entity::domain::catalogue::{PriceChange, ProductForm};
use entity::domain::{format_skills, parse_skills, Portal};
use entity::dto::{CatalogueDto, CurrentUser, OptionDto};
use entity::{business_entity, pricing_rule, product};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

pub async fn overview(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    today: NaiveDate,
) -> Result<CatalogueDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    Ok(CatalogueDto {
        products: product::Entity::find()
            .order_by_asc(product::Column::Kind)
            .order_by_asc(product::Column::Sku)
            .all(db)
            .await?,
        rules: pricing_rule::Entity::find()
            .order_by_asc(pricing_rule::Column::Id)
            .all(db)
            .await?,
        entities: business_entity::Entity::find()
            .order_by_asc(business_entity::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|e| OptionDto {
                value: e.id.to_string(),
                label: e.brand,
            })
            .collect(),
        today,
    })
}

/// Creates a product (`id: None`) or saves one loaded at `version`.
/// Field errors from `ProductForm::problems`, plus `sku=taken`.
/// `Stale` when somebody saved it first. Returns the id.
pub async fn save_product(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: Option<i32>,
    version: i32,
    form: &ProductForm,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let mut errors = form.problems();
    let sku = form.sku.trim().to_owned();
    if errors.iter().all(|(f, _)| f != "sku") {
        let mut same = product::Entity::find().filter(product::Column::Sku.eq(&sku));
        if let Some(id) = id {
            same = same.filter(product::Column::Id.ne(id));
        }
        if same.one(db).await?.is_some() {
            errors.push(("sku".to_owned(), "taken".to_owned()));
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let skills = format_skills(&parse_skills(&form.required_skills).unwrap_or_default());
    let name = form.name.trim().to_owned();
    let actor = caller.map(|c| c.user_id);
    match id {
        None => {
            let p = product::ActiveModel {
                sku: Set(sku),
                name: Set(name),
                kind: Set(form.kind.clone()),
                required_skills: Set(skills),
                duration_minutes: Set(form.duration_minutes),
                active: Set(form.active),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await?;
            crate::audit::record(
                db,
                actor,
                "products",
                p.id,
                "product_created",
                serde_json::json!({ "sku": p.sku, "name": p.name }),
                now,
            )
            .await?;
            Ok(p.id)
        }
        Some(id) => {
            let before = product::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound)?;
            crate::db::update_versioned(
                db,
                product::Entity::update_many()
                    .col_expr(product::Column::Sku, Expr::value(sku.clone()))
                    .col_expr(product::Column::Name, Expr::value(name.clone()))
                    .col_expr(product::Column::Kind, Expr::value(form.kind.clone()))
                    .col_expr(product::Column::RequiredSkills, Expr::value(skills.clone()))
                    .col_expr(
                        product::Column::DurationMinutes,
                        Expr::value(form.duration_minutes),
                    )
                    .col_expr(product::Column::Active, Expr::value(form.active)),
                id,
                version,
            )
            .await?;
            let old = ProductForm {
                sku: before.sku,
                name: before.name,
                kind: before.kind,
                required_skills: before.required_skills,
                duration_minutes: before.duration_minutes,
                active: before.active,
            };
            let new = ProductForm {
                sku,
                name,
                required_skills: skills,
                ..form.clone()
            };
            crate::audit::record(
                db,
                actor,
                "products",
                id,
                "product_updated",
                crate::audit::changed_fields(&old, &new),
                now,
            )
            .await?;
            Ok(id)
        }
    }
}

/// Applies the pricing matrix's changes, all or none. Field errors are
/// named by cell (`PriceChange::cell`): the codes of `PriceChange::problem`,
/// and `unknown` for a product or entity that does not exist.
/// `Stale` when a cell's rule changed since the admin loaded it
/// (nothing is saved then). Returns how many rules changed.
pub async fn save_prices(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    changes: &[PriceChange],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let products: Vec<i32> = product::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let entities: Vec<i32> = business_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut errors = Vec::new();
    for c in changes {
        let missing = match c {
            PriceChange::Base {
                product_id,
                entity_id,
                ..
            } => {
                !products.contains(product_id) || entity_id.is_some_and(|e| !entities.contains(&e))
            }
            _ => false,
        };
        if let Some(p) = c.problem().or(missing.then_some("unknown")) {
            errors.push((c.cell(), p.to_owned()));
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let actor = caller.map(|c| c.user_id);
    let txn = crate::db::begin_write(db).await?;
    // Saves take turns, so the rules read here are the newest: a cell that
    // changed since the admin loaded it is `Stale`, never overwritten.
    crate::db::take_turns(&txn, crate::db::Turn::Pricing).await?;
    let rules = pricing_rule::Entity::find().all(&txn).await?;
    let mut changed = 0;
    for c in changes {
        let current = c.current(&rules);
        if current.map(|r| r.id) != c.seen() {
            return Err(ServiceError::Stale);
        }
        let (new_cents, new_bp) = match c {
            PriceChange::Base { cents, .. } => (*cents, 0),
            PriceChange::Complexity { cents, .. } => (Some(*cents), 0),
            PriceChange::Margin { basis_points, .. } => (Some(0), *basis_points),
        };
        let old = current.map(|r| (r.amount_cents, r.basis_points));
        let Some(cents) = new_cents else {
            // An entity's own price removed: the general price applies again.
            if let PriceChange::Base {
                product_id,
                entity_id: Some(e),
                ..
            } = c
            {
                let gone = pricing_rule::Entity::delete_many()
                    .filter(pricing_rule::Column::Kind.eq("base"))
                    .filter(pricing_rule::Column::ProductId.eq(*product_id))
                    .filter(pricing_rule::Column::BusinessEntityId.eq(*e))
                    .exec(&txn)
                    .await?;
                if gone.rows_affected > 0 {
                    changed += 1;
                    crate::audit::record(
                        &txn,
                        actor,
                        "pricing_rules",
                        current.map_or(0, |r| r.id),
                        "price_removed",
                        serde_json::json!({ "cell": c.cell(), "was": old.map(|o| o.0) }),
                        now,
                    )
                    .await?;
                }
            }
            continue;
        };
        if old == Some((cents, new_bp)) {
            continue;
        }
        // Changed again on the same day: that day's rule is replaced (under
        // a new id, so a save that saw the old one is stale).
        let same_day = current.filter(|r| r.valid_from == today);
        if let Some(r) = same_day {
            pricing_rule::Entity::delete_by_id(r.id).exec(&txn).await?;
        }
        let (kind, product_id, entity_id, partner_type, level) = match c {
            PriceChange::Base {
                product_id,
                entity_id,
                ..
            } => ("base", Some(*product_id), *entity_id, None, None),
            PriceChange::Complexity { level, .. } => ("complexity", None, None, None, Some(*level)),
            PriceChange::Margin { partner_type, .. } => (
                "partner_margin",
                None,
                None,
                Some(partner_type.clone()),
                None,
            ),
        };
        let id = pricing_rule::ActiveModel {
            kind: Set(kind.to_owned()),
            product_id: Set(product_id),
            business_entity_id: Set(entity_id),
            partner_type: Set(partner_type),
            complexity_level: Set(level),
            amount_cents: Set(cents),
            basis_points: Set(new_bp),
            valid_from: Set(today),
            version: Set(same_day.map_or(1, |r| r.version + 1)),
            ..Default::default()
        }
        .insert(&txn)
        .await?
        .id;
        changed += 1;
        crate::audit::record(
            &txn,
            actor,
            "pricing_rules",
            id,
            "price_changed",
            serde_json::json!({
                "cell": c.cell(),
                "from": old,
                "to": [cents, new_bp],
                "valid_from": today.to_string(),
            }),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::pricing::{self, Sample};
    use entity::domain::Role;

    fn base(
        product_id: i32,
        entity_id: Option<i32>,
        cents: Option<i64>,
        seen: Option<i32>,
    ) -> PriceChange {
        PriceChange::Base {
            product_id,
            entity_id,
            cents,
            seen,
        }
    }

    #[tokio::test]
    async fn prices_change_from_today_all_or_nothing_and_the_preview_follows() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let today = testing::TODAY;
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let cat = overview(db, a, today).await.unwrap();
            assert_eq!(cat.entities.len(), 5);
            let seen = |c: &PriceChange| c.current(&cat.rules).map(|r| r.id);
            // Product 1 (a Zaptec charger): general price, and ZaptecShop's own (entity 4).
            let general = base(1, None, Some(94_900), None);
            let general = base(1, None, Some(94_900), seen(&general));
            let own = base(1, Some(4), None, None);
            let own = base(1, Some(4), None, seen(&own));
            assert!(own.seen().is_some(), "ZaptecShop has its own price");
            let level2 = PriceChange::Complexity {
                level: 2,
                cents: 19_500,
                seen: None,
            };
            let level2 = PriceChange::Complexity {
                level: 2,
                cents: 19_500,
                seen: seen(&level2),
            };
            let margin = PriceChange::Margin {
                partner_type: "reseller".into(),
                basis_points: 1_250,
                seen: None,
            };
            let margin = PriceChange::Margin {
                partner_type: "reseller".into(),
                basis_points: 1_250,
                seen: seen(&margin),
            };
            let before = pricing_rule::Entity::find().all(db).await.unwrap();

            // A bad cell refuses the whole batch, by name.
            let bad = save_prices(
                db,
                a,
                &[
                    general.clone(),
                    base(1, Some(99), Some(1), None),
                    base(2, None, Some(-5), None),
                ],
                today,
                now,
            )
            .await
            .map_err(ServiceError::into_fields)
            .unwrap_err();
            assert_eq!(
                bad,
                [
                    ("base:1:99".to_owned(), "unknown".to_owned()),
                    ("base:2:std".to_owned(), "amount_range".to_owned())
                ]
            );
            // A cell somebody changed meanwhile refuses the batch; nothing is saved.
            let stale = base(2, None, Some(1_000), Some(-1));
            assert!(matches!(
                save_prices(db, a, &[general.clone(), stale], today, now).await,
                Err(ServiceError::Stale)
            ));
            assert_eq!(pricing_rule::Entity::find().all(db).await.unwrap(), before);

            let n = save_prices(
                db,
                a,
                &[general.clone(), own, level2, margin.clone()],
                today,
                now,
            )
            .await
            .unwrap();
            assert_eq!(n, 4);
            let rules = pricing_rule::Entity::find().all(db).await.unwrap();
            assert_eq!(pricing::unit_price(&rules, 1, 1), Some(94_900));
            assert_eq!(
                pricing::unit_price(&rules, 1, 4),
                Some(94_900),
                "ZaptecShop follows the general price again"
            );
            assert_eq!(pricing::complexity_surcharge(&rules, 2), Some(19_500));
            assert_eq!(pricing::partner_margin_bp(&rules, "reseller"), 1_250);
            // The old general price stays as history; the new one starts today.
            let general_rules: Vec<_> = rules
                .iter()
                .filter(|r| {
                    r.kind == "base" && r.product_id == Some(1) && r.business_entity_id.is_none()
                })
                .collect();
            assert_eq!(general_rules.len(), 2);
            assert!(general_rules
                .iter()
                .any(|r| r.valid_from == today && r.amount_cents == 94_900));
            // A second change today corrects today's rule instead of adding one.
            let again = base(1, None, Some(95_900), general.current(&rules).map(|r| r.id));
            save_prices(db, a, std::slice::from_ref(&again), today, now)
                .await
                .unwrap();
            // Whoever saw today's rule before that correction is stale.
            let late = base(1, None, Some(96_900), again.seen());
            assert!(matches!(
                save_prices(db, a, &[late], today, now).await,
                Err(ServiceError::Stale)
            ));
            let rules = pricing_rule::Entity::find().all(db).await.unwrap();
            assert_eq!(
                rules
                    .iter()
                    .filter(|r| r.kind == "base"
                        && r.product_id == Some(1)
                        && r.business_entity_id.is_none())
                    .count(),
                2
            );
            // The sample quote prices with what was saved.
            let q = pricing::price_sample(
                &rules,
                &Sample {
                    entity_id: 4,
                    partner_type: Some("reseller".into()),
                    complexity: 2,
                    lines: vec![(1, 1)],
                },
            );
            assert_eq!(q.total_cents, 95_900 + 19_500);
            assert_eq!(
                q.commission_cents,
                pricing::commission_cents(95_900 + 19_500, 1_250)
            );
            // Each change is audited.
            let audited = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::TableName.eq("pricing_rules"))
                .all(db)
                .await
                .unwrap();
            assert_eq!(audited.len(), 5);
            assert!(audited
                .iter()
                .any(|l| l.action == "price_removed" && l.changes.contains("base:1:4")));
            // Only admins.
            for role in [Role::OpsManager, Role::Planner, Role::PartnerUser] {
                let c = testing::caller(role);
                assert!(matches!(
                    overview(db, Some(&c), today).await,
                    Err(ServiceError::Forbidden)
                ));
                assert!(matches!(
                    save_prices(db, Some(&c), std::slice::from_ref(&margin), today, now).await,
                    Err(ServiceError::Forbidden)
                ));
            }
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn products_are_created_and_edited_version_checked() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let mut form = ProductForm {
                sku: "ALF-EVE-PRO".into(),
                name: "Alfen Eve Single Pro-line".into(),
                kind: "charger".into(),
                required_skills: "alfen, three_phase, alfen".into(),
                duration_minutes: 150,
                active: true,
            };
            let id = save_product(db, a, None, 0, &form, now).await.unwrap();
            let p = product::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(p.required_skills, "three_phase,alfen");
            assert_eq!((p.version, p.duration_minutes), (1, 150));
            // Same SKU again is taken; bad fields are named.
            assert_eq!(
                save_product(db, a, None, 0, &form, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![("sku".to_owned(), "taken".to_owned())])
            );
            form.duration_minutes = 120;
            form.active = false;
            save_product(db, a, Some(id), 1, &form, now).await.unwrap();
            assert!(matches!(
                save_product(db, a, Some(id), 1, &form, now).await,
                Err(ServiceError::Stale)
            ));
            let p = product::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((p.version, p.duration_minutes, p.active), (2, 120, false));
            let trail = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::TableName.eq("products"))
                .filter(entity::audit_log::Column::Action.eq("product_updated"))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert!(
                trail.changes.contains("duration_minutes") && !trail.changes.contains("\"sku\""),
                "{}",
                trail.changes
            );
            assert!(matches!(
                save_product(
                    db,
                    Some(&testing::caller(Role::Planner)),
                    Some(id),
                    2,
                    &form,
                    now
                )
                .await,
                Err(ServiceError::Forbidden)
            ));
            tdb.cleanup().await;
        }
    }
}
