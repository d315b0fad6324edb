//! The partner's own dashboard (`/partner`; issue 20, 002 "Partner
//! Dashboard"): its leads this month, its conversion per step against 000's
//! targets, how long a lead takes to become an installation, its
//! installations, and its commission with the monthly statements.

use crate::api_keys::partner_of;
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::commission::{self as rule, period_label};
use entity::domain::workflow::{CANCELLED, COMPLETED};
use entity::dto::{CurrentUser, PartnerDashboardDto};
use entity::{order, status_transition};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

/// The median of whole days, rounded half up; `None` for none.
fn median_days(mut days: Vec<i64>) -> Option<u32> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    let m = if n % 2 == 1 {
        days[n / 2] * 2
    } else {
        days[n / 2 - 1] + days[n / 2]
    };
    Some(((m + 1) / 2).max(0) as u32)
}

async fn leads_between(
    db: &DatabaseConnection,
    partner_id: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    Ok(order::Entity::find()
        .filter(order::Column::PartnerId.eq(partner_id))
        .filter(order::Column::CreatedAt.gte(from))
        .filter(order::Column::CreatedAt.lt(to))
        .count(db)
        .await?)
}

/// The partner's orders that were completed in `[from, to)`, with when the
/// lead came in and when it was completed.
async fn completed_between(
    db: &DatabaseConnection,
    partner_id: i32,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>, ServiceError> {
    let rows: Vec<(i32, DateTime<Utc>, DateTime<Utc>)> = status_transition::Entity::find()
        .select_only()
        .column(status_transition::Column::OrderId)
        .column(order::Column::CreatedAt)
        .column(status_transition::Column::CreatedAt)
        .inner_join(order::Entity)
        .filter(order::Column::PartnerId.eq(partner_id))
        .filter(status_transition::Column::ToStatus.eq(COMPLETED))
        .filter(status_transition::Column::CreatedAt.gte(from))
        .filter(status_transition::Column::CreatedAt.lt(to))
        .into_tuple()
        .all(db)
        .await?;
    // An order completed twice (reopened) counts once, at its first.
    let mut first: std::collections::HashMap<i32, (DateTime<Utc>, DateTime<Utc>)> =
        std::collections::HashMap::new();
    for (id, created, done) in rows {
        first
            .entry(id)
            .and_modify(|e| e.1 = e.1.min(done))
            .or_insert((created, done));
    }
    Ok(first.into_values().collect())
}

/// The dashboard of the caller's partner at `now`.
pub async fn overview(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<PartnerDashboardDto, ServiceError> {
    let (partner_id, _) = partner_of(caller)?;
    let period = rule::period_of(now);
    let (month_start, _) = rule::bounds(&period).expect("a period");
    let last = rule::previous_period(&period).expect("a period");
    let (last_start, _) = rule::bounds(&last).expect("a period");
    let year_ago = now - Duration::days(365);
    let done_year = completed_between(db, partner_id, year_ago, now).await?;
    let lead_days: Vec<i64> = done_year
        .iter()
        .map(|(created, done)| (*done - *created).num_days())
        .collect();
    let in_month = |from: DateTime<Utc>, to: DateTime<Utc>| {
        done_year
            .iter()
            .filter(|(_, d)| *d >= from && *d < to)
            .count() as u64
    };
    let open_orders = order::Entity::find()
        .filter(order::Column::PartnerId.eq(partner_id))
        .filter(order::Column::Status.is_not_in([COMPLETED, CANCELLED]))
        .count(db)
        .await?;
    let (earned, pending, paid) = crate::commission::totals(db, partner_id).await?;
    let partner = crate::commission::partner_name(db, partner_id).await?;
    Ok(PartnerDashboardDto {
        partner,
        period_label: period_label(&period),
        leads_this_month: leads_between(db, partner_id, month_start, now).await?,
        leads_last_month: leads_between(db, partner_id, last_start, month_start).await?,
        conversion: crate::pipeline::conversion(db, Some(partner_id)).await?,
        lead_time_orders: lead_days.len() as u64,
        lead_time_days: median_days(lead_days),
        installations_this_month: in_month(month_start, now + Duration::seconds(1)),
        installations_last_month: in_month(last_start, month_start),
        open_orders,
        commission_earned_cents: earned,
        commission_pending_cents: pending,
        commission_paid_cents: paid,
        commission_to_pay_cents: (earned - paid).max(0),
        statements: crate::commission::statements(db, partner_id, now).await?,
        period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    /// The demo partner's dashboard against the rows it summarises.
    #[tokio::test]
    async fn the_dashboard_counts_the_partners_own_orders() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
            let me = testing::caller(Role::PartnerUser);
            let mine = me.partner_id.unwrap();
            let d = overview(db, Some(&me), now).await.unwrap();
            assert_eq!(d.period, "2026-11");
            let orders = order::Entity::find()
                .filter(order::Column::PartnerId.eq(mine))
                .all(db)
                .await
                .unwrap();
            let (start, _) = rule::bounds("2026-11").unwrap();
            let (prev, _) = rule::bounds("2026-10").unwrap();
            let made = |a, b| {
                orders
                    .iter()
                    .filter(|o| o.created_at >= a && o.created_at < b)
                    .count() as u64
            };
            assert_eq!(d.leads_this_month, made(start, now));
            assert_eq!(d.leads_last_month, made(prev, start));
            assert!(
                d.leads_this_month + d.leads_last_month > 0,
                "{}",
                tdb.backend
            );
            let open = orders
                .iter()
                .filter(|o| o.status != COMPLETED && o.status != CANCELLED)
                .count() as u64;
            assert_eq!(d.open_orders, open);
            // Conversion is the partner's own: its bases are at most its orders.
            assert_eq!(d.conversion.len(), 4);
            assert!(d.conversion[0].decided <= orders.len() as u64);
            let all = crate::pipeline::conversion(db, None).await.unwrap();
            assert!(
                d.conversion[0].decided < all[0].decided,
                "not the whole pipeline"
            );
            assert!(d.lead_time_orders > 0 && d.lead_time_days.is_some_and(|n| n > 0));
            assert_eq!(
                d.commission_to_pay_cents,
                d.commission_earned_cents - d.commission_paid_cents
            );
            assert_eq!(d.statements.len(), crate::commission::MONTHS);
            for role in [Role::Technician, Role::Planner, Role::Customer] {
                assert!(matches!(
                    overview(db, Some(&testing::caller(role)), now).await,
                    Err(ServiceError::Forbidden)
                ));
            }
            tdb.cleanup().await;
        }
    }

    #[test]
    fn the_median_takes_the_middle_or_the_mean_of_the_two_middles() {
        assert_eq!(median_days(vec![]), None);
        assert_eq!(median_days(vec![30]), Some(30));
        assert_eq!(median_days(vec![40, 10, 20]), Some(20));
        assert_eq!(median_days(vec![10, 21, 40, 11]), Some(16));
    }
}
