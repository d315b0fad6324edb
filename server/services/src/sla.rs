//! The SLA watch (000 "Escalatie na SLA breach", 004 #1, #5, #6): a sweep,
//! run every minute by the server, that
//! - records an escalation for every order that passed its status's SLA and
//!   mails the ops managers one digest of the new breaches;
//! - resolves escalations of orders that have moved on;
//! - puts orders that waited longer than the configurable site-readiness
//!   timeout on hold, and says so to ops;
//! - makes the workflows' timed automatic moves;
//! - escalates conversations that wait past their answer time.

use crate::settings::{setting_json, SettingKey};
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::workflow::{self, Workflow};
use entity::{order, sla_escalation};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

/// Days an order may wait in a site-readiness status when not configured.
pub use crate::settings::DEFAULT_SITE_READINESS_DAYS;
/// Orders escalated per sweep at most (the rest follow next minute).
const BATCH: u64 = 500;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub escalated: usize,
    pub resolved: u64,
    pub put_on_hold: usize,
    /// Orders moved by a workflow's timer (`after` triggers).
    pub automatic: usize,
    /// Conversations escalated for waiting past their answer time.
    pub conversations: usize,
}

pub async fn sweep(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<SweepReport, ServiceError> {
    let mut report = SweepReport::default();
    let wf = Workflow::default_order_workflow();
    let finals: Vec<String> = wf
        .statuses
        .iter()
        .filter(|s| s.is_final)
        .map(|s| s.code.clone())
        .collect();

    // 1. New breaches: overdue orders without an escalation for this due time.
    let overdue = order::Entity::find()
        .filter(order::Column::SlaDueAt.lte(now))
        .filter(order::Column::Status.is_not_in(finals.clone()))
        .filter(
            order::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(sla_escalation::Column::OrderId)
                    .from(sla_escalation::Entity)
                    .and_where(sla_escalation::Column::ResolvedAt.is_null())
                    .to_owned(),
            ),
        )
        .limit(BATCH)
        .all(db)
        .await?;
    if !overdue.is_empty() {
        let managers = crate::messages::ops_managers(db).await?;
        let txn = crate::db::begin_write(db).await?;
        let mut listed = Vec::new();
        for o in &overdue {
            let Some(due) = o.sla_due_at else { continue };
            let inserted = sla_escalation::Entity::insert(sla_escalation::ActiveModel {
                order_id: Set(o.id),
                status: Set(o.status.clone()),
                due_at: Set(due),
                escalated_at: Set(now),
                resolved_at: Set(None),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    sla_escalation::Column::OrderId,
                    sla_escalation::Column::Status,
                    sla_escalation::Column::DueAt,
                ])
                .do_nothing()
                .to_owned(),
            )
            .try_insert()
            .exec(&txn)
            .await?;
            if matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
                listed.push(format!(
                    "- {} ({}), {}",
                    o.order_number,
                    o.status,
                    entity::domain::time::format_local(due)
                ));
            }
        }
        report.escalated = listed.len();
        if !listed.is_empty() {
            crate::messages::to_staff(
                &txn,
                &managers,
                "sla_escalation",
                crate::vars! {"count" => listed.len(), "orders" => listed.join("\n")},
                None,
                now,
            )
            .await?;
        }
        txn.commit().await?;
    }

    // 2. Escalations whose order moved on (or got a new due time) resolve.
    let open = sla_escalation::Entity::find()
        .filter(sla_escalation::Column::ResolvedAt.is_null())
        .all(db)
        .await?;
    let ids: Vec<i32> = open.iter().map(|e| e.order_id).collect();
    let now_orders: std::collections::HashMap<i32, order::Model> = order::Entity::find()
        .filter(order::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let done: Vec<i32> = open
        .into_iter()
        .filter(|e| {
            now_orders
                .get(&e.order_id)
                .is_none_or(|o| o.status != e.status || o.sla_due_at != Some(e.due_at))
        })
        .map(|e| e.id)
        .collect();
    if !done.is_empty() {
        report.resolved = sla_escalation::Entity::update_many()
            .col_expr(
                sla_escalation::Column::ResolvedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(sla_escalation::Column::Id.is_in(done))
            .exec(db)
            .await?
            .rows_affected;
    }

    // 3. Site readiness: waiting too long puts the order on hold.
    let days = setting_json(db, SettingKey::SiteReadinessDays)
        .await?
        .and_then(|v| v.as_i64())
        .unwrap_or(DEFAULT_SITE_READINESS_DAYS);
    let statuses: Vec<String> = setting_json(db, SettingKey::SiteReadinessStatuses)
        .await?
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_else(|| vec![workflow::PLANNING.to_owned()]);
    let stale = order::Entity::find()
        .filter(order::Column::Status.is_in(statuses))
        .filter(order::Column::StatusSince.lte(now - Duration::days(days)))
        .limit(BATCH)
        .all(db)
        .await?;
    let mut held = Vec::new();
    for o in stale {
        let txn = crate::db::begin_write(db).await?;
        let reason =
            format!("Locatie niet gereed: geen bevestiging binnen {days} dagen (automatisch)");
        let number = o.order_number.clone();
        let version = o.version;
        if crate::transition::apply_move(
            &txn,
            o,
            version,
            workflow::ON_HOLD,
            Some(&reason),
            None,
            now,
        )
        .await?
        .is_ok()
        {
            txn.commit().await?;
            held.push(number);
        }
    }
    report.put_on_hold = held.len();
    if !held.is_empty() {
        crate::messages::to_staff(
            db,
            &crate::messages::ops_managers(db).await?,
            "site_readiness_timeout",
            crate::vars! {"count" => held.len(), "days" => days, "orders" => held.join("\n")},
            None,
            now,
        )
        .await?;
    }

    // 4. Timed automatic moves of the configured workflows.
    report.automatic = crate::pipeline::run_timers(db, None, now).await?;
    report.conversations = crate::threads::escalate_overdue(db, now).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::outbox_message;
    use entity::setting;
    use sea_orm::{ActiveModelTrait, PaginatorTrait};

    #[tokio::test]
    async fn breaches_escalate_once_resolve_when_moved_and_stale_sites_go_on_hold() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            // Ten days after the demo day, open orders have run out of time.
            let now = (testing::TODAY + Duration::days(10))
                .and_hms_opt(12, 0, 0)
                .unwrap()
                .and_utc();
            let finals = [workflow::COMPLETED, workflow::CANCELLED];
            let overdue = order::Entity::find()
                .filter(order::Column::SlaDueAt.lte(now))
                .filter(order::Column::Status.is_not_in(finals))
                .count(db)
                .await
                .unwrap();
            assert!(overdue > 0, "the demo world has overdue orders");

            let first = sweep(db, now).await.unwrap();
            assert_eq!(first.escalated as u64, overdue.min(BATCH));
            let digests = outbox_message::Entity::find()
                .filter(outbox_message::Column::Template.eq("sla_escalation"))
                .all(db)
                .await
                .unwrap();
            assert_eq!(digests.len(), 1, "one digest for the one ops manager");
            assert_eq!(digests[0].recipient, "ops@chargecars.nl");

            // A second sweep finds nothing new.
            let again = sweep(db, now + Duration::minutes(1)).await.unwrap();
            assert_eq!((again.escalated, again.resolved), (0, 0));

            // Moving an escalated order on resolves its escalation.
            let e = sla_escalation::Entity::find()
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let o = order::Entity::find_by_id(e.order_id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let mut moved: order::ActiveModel = o.into();
            moved.status = Set(workflow::CANCELLED.into());
            moved.sla_due_at = Set(None);
            moved.update(db).await.unwrap();
            let later = sweep(db, now + Duration::minutes(2)).await.unwrap();
            assert_eq!(later.resolved, 1);

            // Site readiness: an order in planning for longer than the timeout.
            let waiting = order::Entity::find()
                .filter(
                    order::Column::Status.is_in([workflow::BOTH_APPROVED, workflow::QUOTE_SENT]),
                )
                .one(db)
                .await
                .unwrap()
                .unwrap();
            setting::ActiveModel {
                key: Set(SettingKey::SiteReadinessStatuses.as_str().into()),
                value: Set(serde_json::json!([waiting.status]).to_string()),
                updated_at: Set(now),
                updated_by_user_id: Set(None),
            }
            .insert(db)
            .await
            .unwrap();
            setting::ActiveModel {
                key: Set(SettingKey::SiteReadinessDays.as_str().into()),
                value: Set("10".into()),
                updated_at: Set(now),
                updated_by_user_id: Set(None),
            }
            .insert(db)
            .await
            .unwrap();
            let report = sweep(db, waiting.status_since + Duration::days(10))
                .await
                .unwrap();
            assert!(report.put_on_hold >= 1);
            let held = order::Entity::find_by_id(waiting.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(held.status, workflow::ON_HOLD);
            assert_eq!(
                held.status_before_hold.as_deref(),
                Some(waiting.status.as_str())
            );
            assert!(held.hold_reason.unwrap().contains("binnen 10 dagen"));
            tdb.cleanup().await;
        }
    }
}
