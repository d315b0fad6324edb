//! Editing an order's lines (002 "Order Details Manager"): ops change
//! chargers, packages, extras and who pays each line while the rules of
//! `entity::domain::lines` allow it. A draft quote is re-priced at once.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::lines;
use entity::domain::workflow::QUOTE_DRAFT;
use entity::dto::{CurrentUser, LineDto};
use entity::{order, order_line, product, quote};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

/// Whether the newest quote of the order is a draft made after a revision
/// request (so the lines may change while the order is `quote_sent`).
pub(crate) async fn revision_draft(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<bool, ServiceError> {
    Ok(quote::Entity::find()
        .filter(quote::Column::OrderId.eq(order_id))
        .order_by_desc(quote::Column::VersionNo)
        .one(db)
        .await?
        .is_some_and(|q| {
            q.status == entity::domain::QuoteStatus::Draft.as_str() && q.version_no > 1
        }))
}

/// Replaces the order's lines. `version` is the order version the editor
/// saw. Errors: `Problems` with the codes of
/// `lines::problems` (and `{i}:product` for an unknown product),
/// `Conflict("locked")` when the status does not allow edits,
/// `Stale` when somebody changed the order meanwhile.
pub async fn save(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    order_id: i32,
    version: i32,
    new_lines: &[LineDto],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    let o = order::Entity::find_by_id(order_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let revising = revision_draft(&txn, o.id).await?;
    if !lines::editable(&o.status, revising) {
        return Err(ServiceError::Conflict("locked".into()));
    }
    let mut problems = lines::problems(new_lines, o.partner_id.is_some());
    let products: Vec<i32> = product::Entity::find()
        .filter(product::Column::Id.is_in(new_lines.iter().filter_map(|l| l.product_id)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    for (i, l) in new_lines.iter().enumerate() {
        if l.product_id.is_some_and(|p| !products.contains(&p)) {
            problems.push(format!("{i}:product"));
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Problems(problems));
    }
    // The version check: the order is bumped only if nobody was first.
    crate::db::update_versioned(
        &txn,
        order::Entity::update_many().col_expr(order::Column::UpdatedAt, Expr::value(now)),
        o.id,
        version,
    )
    .await?;
    let before: Vec<order_line::Model> = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(o.id))
        .order_by_asc(order_line::Column::Id)
        .all(&txn)
        .await?;
    order_line::Entity::delete_many()
        .filter(order_line::Column::OrderId.eq(o.id))
        .exec(&txn)
        .await?;
    for l in new_lines {
        order_line::ActiveModel {
            order_id: Set(o.id),
            product_id: Set(l.product_id),
            description: Set(l.description.trim().to_owned()),
            quantity: Set(l.quantity),
            unit_price_cents: Set(l.unit_price_cents),
            payer: Set(l.payer.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let summary = |d: &str, q: i32, p: i64, payer: &str| format!("{q}× {d} à {p} ({payer})");
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "orders",
        o.id,
        "lines_changed",
        serde_json::json!({
            "lines": [
                before.iter().map(|l| summary(&l.description, l.quantity, l.unit_price_cents, &l.payer)).collect::<Vec<_>>(),
                new_lines.iter().map(|l| summary(l.description.trim(), l.quantity, l.unit_price_cents, &l.payer)).collect::<Vec<_>>(),
            ]
        }),
        now,
    )
    .await?;
    // A draft on the table follows the lines at once.
    if o.status == QUOTE_DRAFT || revising {
        let fresh = order::Entity::find_by_id(o.id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        crate::effects::quote_drafts::create_draft(&txn, &fresh, now).await?;
    }
    txn.commit().await?;
    crate::pipeline::announce(db, bus, o.id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::QUOTE_SENT;
    use entity::domain::Role;

    fn now() -> DateTime<Utc> {
        testing::TODAY.and_hms_opt(11, 0, 0).unwrap().and_utc()
    }

    fn line(product_id: Option<i32>, description: &str, quantity: i32, price: i64) -> LineDto {
        LineDto {
            product_id,
            description: description.into(),
            quantity,
            unit_price_cents: price,
            payer: "customer".into(),
        }
    }

    #[tokio::test]
    async fn ops_edit_lines_while_the_quote_is_a_draft_and_it_is_repriced() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let planner = testing::caller(Role::Planner);
            let o = order::Entity::find()
                .filter(order::Column::Status.eq(QUOTE_DRAFT))
                .one(db)
                .await
                .unwrap()
                .expect("an order with a draft quote");
            let product = product::Entity::find().one(db).await.unwrap().unwrap();
            let edited = vec![
                line(Some(product.id), &product.name, 2, 1),
                line(None, "Graafwerk oprit (8 m)", 1, 32_500),
            ];

            assert!(matches!(
                save(
                    db,
                    None,
                    Some(&testing::caller(Role::PartnerUser)),
                    o.id,
                    o.version,
                    &edited,
                    now()
                )
                .await,
                Err(ServiceError::Forbidden)
            ));
            let bad = vec![line(None, "", 0, 100), line(Some(999_999), "x", 1, 1)];
            match save(db, None, Some(&planner), o.id, o.version, &bad, now()).await {
                Err(ServiceError::Problems(p)) => {
                    assert_eq!(p, ["0:description", "0:quantity", "1:product"])
                }
                other => panic!("{other:?}"),
            }
            save(db, None, Some(&planner), o.id, o.version, &edited, now())
                .await
                .unwrap();
            // Somebody who saw the old version is told, and nothing is lost.
            assert!(matches!(
                save(db, None, Some(&planner), o.id, o.version, &edited, now()).await,
                Err(ServiceError::Stale)
            ));
            let stored = order_line::Entity::find()
                .filter(order_line::Column::OrderId.eq(o.id))
                .all(db)
                .await
                .unwrap();
            assert_eq!(stored.len(), 2);
            // The draft was made again from the new lines, at catalogue price.
            let q = quote::Entity::find()
                .filter(quote::Column::OrderId.eq(o.id))
                .order_by_desc(quote::Column::VersionNo)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(q.status, "draft");
            let lines = entity::quote_line::Entity::find()
                .filter(entity::quote_line::Column::QuoteId.eq(q.id))
                .all(db)
                .await
                .unwrap();
            assert!(lines
                .iter()
                .any(|l| l.description == "Graafwerk oprit (8 m)" && l.unit_price_cents == 32_500));
            let charger = lines
                .iter()
                .find(|l| l.product_id == Some(product.id))
                .unwrap();
            assert_eq!(charger.quantity, 2);
            assert_ne!(
                charger.unit_price_cents, 1,
                "the pricing rules set the price"
            );
            let audit = entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::Action.eq("lines_changed"))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert!(audit.changes.contains("Graafwerk"));

            // Once sent, lines are locked.
            let sent = order::Entity::find()
                .filter(order::Column::Status.eq(QUOTE_SENT))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert!(matches!(
                save(db, None, Some(&planner), sent.id, sent.version, &edited, now()).await,
                Err(ServiceError::Conflict(c)) if c == "locked"
            ));
            tdb.cleanup().await;
        }
    }
}
