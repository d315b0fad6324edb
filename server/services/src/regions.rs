//! Admin: the regions and their postcode (PC4) ranges. A new order's
//! region follows from its postcode (`leads::region_id_for`); existing
//! orders keep the region they were given.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::region::{parse_pc4_ranges, ranges_overlap};
use entity::domain::Portal;
use entity::dto::{CurrentUser, RegionDto};
use entity::{order, region};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<RegionDto>, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let orders = crate::orders::count_by(db, order::Column::RegionId).await?;
    Ok(region::Entity::find()
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|r| RegionDto {
            orders: orders.get(&r.id).copied().unwrap_or(0),
            id: r.id,
            code: r.code,
            name: r.name,
            pc4_ranges: r.pc4_ranges,
            version: r.version,
        })
        .collect())
}

/// Saves a region's name and ranges. Field errors: `name=required`,
/// `ranges=invalid:<why>`, `ranges=overlap:<other region code>`;
/// `Stale` when somebody saved it first. Returns the version.
pub async fn update(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    version: i32,
    name: &str,
    ranges: &str,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let before = region::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut errors = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        errors.push(("name".to_owned(), "required".to_owned()));
    }
    match parse_pc4_ranges(ranges) {
        Err(why) => errors.push(("ranges".to_owned(), format!("invalid:{why}"))),
        Ok(parsed) => {
            for other in region::Entity::find()
                .filter(region::Column::Id.ne(id))
                .all(db)
                .await?
            {
                let theirs = parse_pc4_ranges(&other.pc4_ranges).unwrap_or_default();
                if ranges_overlap(&parsed, &theirs) {
                    errors.push(("ranges".to_owned(), format!("overlap:{}", other.code)));
                    break;
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    // Stored tidily: "1000-1999,8200-8299".
    let tidy = ranges
        .split(',')
        .map(|p| p.split_whitespace().collect::<String>())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    crate::db::update_versioned(
        db,
        region::Entity::update_many()
            .col_expr(region::Column::Name, Expr::value(name.to_owned()))
            .col_expr(region::Column::Pc4Ranges, Expr::value(tidy.clone())),
        id,
        version,
    )
    .await?;
    let mut changes = serde_json::Map::new();
    if before.name != name {
        changes.insert("name".into(), serde_json::json!([before.name, name]));
    }
    if before.pc4_ranges != tidy {
        changes.insert(
            "pc4_ranges".into(),
            serde_json::json!([before.pc4_ranges, tidy]),
        );
    }
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "regions",
        id,
        "region_updated",
        serde_json::Value::Object(changes),
        now,
    )
    .await?;
    Ok(version + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    #[tokio::test]
    async fn admins_move_postcodes_between_regions_and_new_orders_follow() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let all = list(db, a).await.unwrap();
            assert_eq!(all.len(), 7, "the seven regions");
            let region_of = |pc: &'static str| async move {
                crate::leads::region_id_for(db, pc).await.unwrap()
            };
            // 3811 (Amersfoort) lies in some region; give it to another one.
            let home = region_of("3811 AB").await.expect("Amersfoort has a region");
            let (from, to) = {
                let from = all.iter().find(|r| r.id == home).unwrap().clone();
                let to = all.iter().find(|r| r.id != home).unwrap().clone();
                (from, to)
            };
            // Overlapping is refused, and named.
            let errs = update(
                db,
                a,
                to.id,
                to.version,
                &to.name,
                &format!("{},3811-3811", to.pc4_ranges),
                now,
            )
            .await
            .map_err(ServiceError::into_fields)
            .unwrap_err();
            assert_eq!(
                errs,
                [("ranges".to_owned(), format!("overlap:{}", from.code))]
            );
            // Take 3811 out of its region first, then into the other.
            let rest: Vec<String> = parse_pc4_ranges(&from.pc4_ranges)
                .unwrap()
                .into_iter()
                .flat_map(|(x, y)| {
                    if (x..=y).contains(&3811) {
                        let mut v = Vec::new();
                        if x < 3811 {
                            v.push(format!("{x}-3810"));
                        }
                        if y > 3811 {
                            v.push(format!("3812-{y}"));
                        }
                        v
                    } else {
                        vec![format!("{x}-{y}")]
                    }
                })
                .collect();
            assert_eq!(
                update(
                    db,
                    a,
                    from.id,
                    from.version,
                    &from.name,
                    &rest.join(", "),
                    now
                )
                .await
                .map_err(ServiceError::into_fields),
                Ok(from.version + 1)
            );
            update(
                db,
                a,
                to.id,
                to.version,
                &to.name,
                &format!("{}, 3811 - 3811", to.pc4_ranges),
                now,
            )
            .await
            .unwrap();
            assert_eq!(region_of("3811 AB").await, Some(to.id), "new orders follow");
            assert_eq!(region_of("3812 AB").await, Some(from.id));
            let stored = list(db, a)
                .await
                .unwrap()
                .into_iter()
                .find(|r| r.id == to.id)
                .unwrap();
            assert!(
                stored.pc4_ranges.ends_with(",3811-3811"),
                "tidied: {}",
                stored.pc4_ranges
            );
            // Bad input is named; a stale version is refused; only admins.
            let bad = update(db, a, to.id, stored.version, " ", "3811-1000", now)
                .await
                .map_err(ServiceError::into_fields)
                .unwrap_err();
            assert_eq!(bad[0], ("name".to_owned(), "required".to_owned()));
            assert!(bad[1].1.starts_with("invalid:"), "{bad:?}");
            assert!(matches!(
                update(db, a, to.id, to.version, &to.name, &stored.pc4_ranges, now).await,
                Err(ServiceError::Stale)
            ));
            assert!(matches!(
                list(db, Some(&testing::caller(Role::Planner))).await,
                Err(ServiceError::Forbidden)
            ));
            tdb.cleanup().await;
        }
    }
}
