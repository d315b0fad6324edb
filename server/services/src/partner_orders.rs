//! The partner portal's order list (`/partner/orders`, issue 20; 002
//! "Order Tracking"): the partner's own orders with filters (status, brand,
//! region, created between), a search over number, customer, postcode and
//! city, pages of 50, and the same selection as CSV.

use crate::api_keys::partner_of;
use crate::ServiceError;
use entity::domain::region::normalise_postcode;
use entity::domain::time::format_local;
use entity::dto::{CurrentUser, PartnerOrderFilter, PartnerOrderListDto, PartnerOrderRowDto};
use entity::{business_entity, contact, order, region};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};

/// Rows on one page.
pub const PAGE: u64 = 50;
/// The most rows a CSV export holds.
pub const CSV_MAX: u64 = 10_000;

fn day(text: &str, field: &str) -> Result<Option<chrono::NaiveDate>, ServiceError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ServiceError::Invalid(field.into()))
}

/// The partner's orders that match `f`, newest first.
async fn select(
    db: &DatabaseConnection,
    partner_id: i32,
    f: &PartnerOrderFilter,
) -> Result<Select<order::Entity>, ServiceError> {
    let mut q = order::Entity::find().filter(order::Column::PartnerId.eq(partner_id));
    if !f.status.trim().is_empty() {
        q = q.filter(order::Column::Status.eq(f.status.trim()));
    }
    if !f.entity.trim().is_empty() {
        let id = business_entity::Entity::find()
            .filter(business_entity::Column::Code.eq(f.entity.trim()))
            .one(db)
            .await?
            .map_or(-1, |b| b.id);
        q = q.filter(order::Column::BusinessEntityId.eq(id));
    }
    if !f.region.trim().is_empty() {
        let id = region::Entity::find()
            .filter(region::Column::Code.eq(f.region.trim()))
            .one(db)
            .await?
            .map_or(-1, |r| r.id);
        q = q.filter(order::Column::RegionId.eq(id));
    }
    if let Some(d) = day(&f.from, "from")? {
        q = q.filter(order::Column::CreatedAt.gte(entity::domain::time::local_to_utc(d, 0)));
    }
    if let Some(d) = day(&f.to, "to")? {
        let next = d + chrono::Duration::days(1);
        q = q.filter(order::Column::CreatedAt.lt(entity::domain::time::local_to_utc(next, 0)));
    }
    let text = f.q.trim();
    if text.chars().count() > 100 {
        return Err(ServiceError::Invalid("q".into()));
    }
    if !text.is_empty() {
        let like = format!("%{}%", text.replace(['%', '_'], "").to_lowercase());
        let lower = |c: Expr| Expr::expr(Func::lower(c));
        let mut any = Condition::any()
            .add(lower(Expr::col(order::Column::OrderNumber)).like(&like))
            .add(lower(Expr::col(order::Column::City)).like(&like))
            .add(lower(Expr::col(order::Column::Postcode)).like(&like))
            .add(
                order::Column::EndCustomerContactId.in_subquery(
                    Query::select()
                        .column(contact::Column::Id)
                        .from(contact::Entity)
                        .and_where(lower(Expr::col(contact::Column::DisplayName)).like(&like))
                        .to_owned(),
                ),
            );
        // `3861ab` finds `3861 AB`.
        if let Some(pc) = normalise_postcode(text) {
            any = any.add(order::Column::Postcode.eq(pc));
        }
        q = q.filter(any);
    }
    Ok(q.order_by_desc(order::Column::Id))
}

async fn rows(
    db: &DatabaseConnection,
    orders: Vec<order::Model>,
) -> Result<Vec<PartnerOrderRowDto>, ServiceError> {
    let brands = crate::names::brands(db).await?;
    let regions = crate::names::regions(db).await?;
    let customers =
        crate::names::contacts(db, orders.iter().map(|o| o.end_customer_contact_id)).await?;
    Ok(orders
        .into_iter()
        .map(|o| PartnerOrderRowDto {
            brand: brands
                .get(&o.business_entity_id)
                .cloned()
                .unwrap_or_default(),
            customer: customers
                .get(&o.end_customer_contact_id)
                .cloned()
                .unwrap_or_default(),
            region: o
                .region_id
                .and_then(|r| regions.get(&r).cloned())
                .unwrap_or_default(),
            created: entity::domain::time::amsterdam(o.created_at)
                .format("%Y-%m-%d")
                .to_string(),
            status_since: format_local(o.status_since),
            order_number: o.order_number,
            status: o.status,
            postcode: o.postcode,
            city: o.city,
        })
        .collect())
}

/// A page of the caller's partner's orders, with what the filters offer.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    f: &PartnerOrderFilter,
) -> Result<PartnerOrderListDto, ServiceError> {
    let (partner_id, _) = partner_of(caller)?;
    let q = select(db, partner_id, f).await?;
    let total = q.clone().count(db).await?;
    let pages = Ord::max(total.div_ceil(PAGE), 1) as u32;
    let page = Ord::min(f.page, pages - 1);
    let found = q.offset(u64::from(page) * PAGE).limit(PAGE).all(db).await?;
    let mut brands: Vec<(String, String)> = business_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.code, b.brand))
        .collect();
    brands.sort_by(|a, b| a.1.cmp(&b.1));
    let mut regions: Vec<(String, String)> = region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    regions.sort_by(|a, b| a.1.cmp(&b.1));
    let mut statuses: Vec<String> = order::Entity::find()
        .select_only()
        .column(order::Column::Status)
        .filter(order::Column::PartnerId.eq(partner_id))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    statuses.sort();
    Ok(PartnerOrderListDto {
        rows: rows(db, found).await?,
        total,
        page,
        pages,
        brands,
        regions,
        statuses,
    })
}

/// The same selection as CSV (`;`-separated for Dutch spreadsheets), at
/// most `CSV_MAX` rows.
pub async fn csv(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    f: &PartnerOrderFilter,
) -> Result<String, ServiceError> {
    let (partner_id, _) = partner_of(caller)?;
    let found = select(db, partner_id, f)
        .await?
        .limit(CSV_MAX)
        .all(db)
        .await?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let head = [
        "order",
        "status",
        "merk",
        "klant",
        "postcode",
        "plaats",
        "regio",
        "aangemaakt",
        "status sinds",
    ];
    w.write_record(head)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    for r in rows(db, found).await? {
        w.write_record([
            r.order_number,
            r.status,
            r.brand,
            r.customer,
            r.postcode,
            r.city,
            r.region,
            r.created,
            r.status_since,
        ])
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ServiceError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    #[tokio::test]
    async fn a_partner_lists_searches_and_exports_only_its_own_orders() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let me = testing::caller(Role::PartnerUser);
            let mine: Vec<order::Model> = order::Entity::find()
                .filter(order::Column::PartnerId.eq(me.partner_id.unwrap()))
                .all(db)
                .await
                .unwrap();
            let all = list(db, Some(&me), &PartnerOrderFilter::default())
                .await
                .unwrap();
            assert_eq!(all.total, mine.len() as u64, "{}", tdb.backend);
            assert!(all.rows.len() <= PAGE as usize);
            // Newest first, and only the partner's.
            let numbers: std::collections::HashSet<&str> =
                mine.iter().map(|o| o.order_number.as_str()).collect();
            assert!(all
                .rows
                .iter()
                .all(|r| numbers.contains(r.order_number.as_str())));
            // A status narrows; a search finds by number, postcode and customer.
            let one = &mine[0];
            let by_status = list(
                db,
                Some(&me),
                &PartnerOrderFilter {
                    status: one.status.clone(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            assert!(by_status.rows.iter().all(|r| r.status == one.status));
            assert_eq!(
                by_status.total,
                mine.iter().filter(|o| o.status == one.status).count() as u64
            );
            let customer = contact::Entity::find_by_id(one.end_customer_contact_id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .display_name;
            for q in [
                one.order_number.to_lowercase(),
                one.postcode.replace(' ', "").to_lowercase(),
                customer.to_uppercase(),
            ] {
                let found = list(
                    db,
                    Some(&me),
                    &PartnerOrderFilter {
                        q: q.clone(),
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
                assert!(
                    found
                        .rows
                        .iter()
                        .any(|r| r.order_number == one.order_number),
                    "{q} on {}",
                    tdb.backend
                );
            }
            // Another partner's order number finds nothing here.
            let theirs = order::Entity::find()
                .filter(order::Column::PartnerId.ne(me.partner_id.unwrap()))
                .filter(order::Column::PartnerId.is_not_null())
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let none = list(
                db,
                Some(&me),
                &PartnerOrderFilter {
                    q: theirs.order_number.clone(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(none.total, 0);
            // The CSV holds the same selection, a header and a line each.
            let text = csv(db, Some(&me), &PartnerOrderFilter::default())
                .await
                .unwrap();
            assert_eq!(text.lines().count(), mine.len() + 1);
            assert!(text.starts_with("order;status;merk;klant"));
            assert!(matches!(
                list(db, Some(&me), &PartnerOrderFilter { from: "gisteren".into(), ..Default::default() }).await,
                Err(ServiceError::Invalid(f)) if f == "from"
            ));
            assert!(matches!(
                list(
                    db,
                    Some(&testing::caller(Role::Planner)),
                    &PartnerOrderFilter::default()
                )
                .await,
                Err(ServiceError::Forbidden)
            ));
            tdb.cleanup().await;
        }
    }
}
