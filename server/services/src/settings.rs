//! Admin: the operational settings (000's cancellation policy, 004 #1's
//! site-readiness timeout). The SLA sweep and the cancellation invoice read
//! them from the `settings` table; missing keys fall back to defaults.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::settings::{OpsSettings, OptimiseGoal, DEFAULT_OPTIMISE_BUDGET_SECS};
use entity::domain::workflow::{self as wf, Workflow};
use entity::domain::Portal;
use entity::dto::{CurrentUser, SettingsDto};
use entity::setting;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use std::collections::BTreeSet;

/// Days an order may wait for its site to be ready before the SLA watch
/// escalates (000's site-readiness timeout), unless an admin sets another.
pub const DEFAULT_SITE_READINESS_DAYS: i64 = 30;

/// The keys of the `settings` table, each with its meaning, in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKey {
    /// Days an order may wait in a site-readiness status (004 #1).
    SiteReadinessDays,
    /// The statuses that wait for the customer's site to be ready.
    SiteReadinessStatuses,
    /// 004 #2: what a customer owes when their order is cancelled, per
    /// status it is cancelled from, in cents, e.g. `{"quote_sent": 4900}`.
    /// A status that is not listed costs nothing.
    CancellationFees,
    /// Seconds the planning optimiser searches for a good plan (default 5).
    OptimiseBudgetSecs,
    /// What the optimiser minimises after serving every visit
    /// (`distance`, the default, or `cost`).
    OptimiseGoal,
}

impl SettingKey {
    pub const ALL: [SettingKey; 5] = [
        SettingKey::SiteReadinessDays,
        SettingKey::SiteReadinessStatuses,
        SettingKey::CancellationFees,
        SettingKey::OptimiseBudgetSecs,
        SettingKey::OptimiseGoal,
    ];

    /// The key as stored (these names are in existing databases).
    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::SiteReadinessDays => "site_readiness_timeout_days",
            SettingKey::SiteReadinessStatuses => "site_readiness_statuses",
            SettingKey::CancellationFees => "cancellation_fees",
            SettingKey::OptimiseBudgetSecs => "optimise_budget_secs",
            SettingKey::OptimiseGoal => "optimise_goal",
        }
    }
}

/// A setting's stored JSON value; `None` when missing or unreadable, so
/// that callers fall back to their default.
pub(crate) async fn setting_json(
    db: &impl sea_orm::ConnectionTrait,
    key: SettingKey,
) -> Result<Option<serde_json::Value>, ServiceError> {
    Ok(setting::Entity::find_by_id(key.as_str().to_owned())
        .one(db)
        .await?
        .and_then(|s| serde_json::from_str(&s.value).ok()))
}

pub(crate) async fn current(
    db: &impl sea_orm::ConnectionTrait,
) -> Result<OpsSettings, ServiceError> {
    Ok(OpsSettings {
        site_readiness_days: setting_json(db, SettingKey::SiteReadinessDays)
            .await?
            .and_then(|v| v.as_i64())
            .unwrap_or(DEFAULT_SITE_READINESS_DAYS),
        site_readiness_statuses: setting_json(db, SettingKey::SiteReadinessStatuses)
            .await?
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_else(|| vec![wf::PLANNING.to_owned()]),
        cancellation_fees: setting_json(db, SettingKey::CancellationFees)
            .await?
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default(),
        optimise_budget_secs: setting_json(db, SettingKey::OptimiseBudgetSecs)
            .await?
            .and_then(|v| v.as_i64())
            .unwrap_or(DEFAULT_OPTIMISE_BUDGET_SECS)
            .clamp(1, 60),
        optimise_goal: setting_json(db, SettingKey::OptimiseGoal)
            .await?
            .and_then(|v| v.as_str().and_then(OptimiseGoal::parse))
            .unwrap_or_default(),
    })
}

fn token(s: &OpsSettings) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Every status any workflow has (000's and the entities' own), and those
/// an order may be cancelled from.
async fn statuses(db: &DatabaseConnection) -> Result<(Vec<String>, Vec<String>), ServiceError> {
    let mut all = vec![Workflow::default_order_workflow()];
    all.extend(crate::workflows::own(db).await?.into_values());
    let mut every = Vec::new();
    let mut cancellable = BTreeSet::new();
    for w in &all {
        for s in &w.statuses {
            if !every.contains(&s.code) {
                every.push(s.code.clone());
            }
            if s.next.iter().any(|n| n == wf::CANCELLED) {
                cancellable.insert(s.code.clone());
            }
        }
    }
    Ok((every, cancellable.into_iter().collect()))
}

pub async fn get(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<SettingsDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let settings = current(db).await?;
    let (statuses, cancellable) = statuses(db).await?;
    Ok(SettingsDto {
        token: token(&settings),
        settings,
        statuses,
        cancellable,
    })
}

/// Saves the settings loaded as `token`. Field errors from
/// `OpsSettings::problems`, plus `statuses=unknown` and
/// `fee:<status>=unknown` for statuses no workflow has.
/// `Stale` when somebody saved them meanwhile.
pub async fn save(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    new: &OpsSettings,
    seen: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let mut errors = new.problems();
    let (known, cancellable) = statuses(db).await?;
    if new
        .site_readiness_statuses
        .iter()
        .any(|s| !known.contains(s))
    {
        errors.push(("statuses".to_owned(), "unknown".to_owned()));
    }
    for status in new.cancellation_fees.keys() {
        if !cancellable.contains(status) {
            errors.push((format!("fee:{status}"), "unknown".to_owned()));
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let txn = crate::db::begin_write(db).await?;
    // Saves take turns, so the state compared below is the latest.
    crate::db::take_turns(&txn, crate::db::Turn::Settings).await?;
    let before = current(&txn).await?;
    if token(&before) != seen {
        return Err(ServiceError::Stale);
    }
    let actor = caller.map(|c| c.user_id);
    for (key, value) in [
        (
            SettingKey::SiteReadinessDays,
            serde_json::json!(new.site_readiness_days),
        ),
        (
            SettingKey::SiteReadinessStatuses,
            serde_json::json!(new.site_readiness_statuses),
        ),
        (
            SettingKey::CancellationFees,
            serde_json::json!(new.cancellation_fees),
        ),
        (
            SettingKey::OptimiseBudgetSecs,
            serde_json::json!(new.optimise_budget_secs),
        ),
        (
            SettingKey::OptimiseGoal,
            serde_json::json!(new.optimise_goal.as_str()),
        ),
    ] {
        setting::Entity::insert(setting::ActiveModel {
            key: Set(key.as_str().to_owned()),
            value: Set(value.to_string()),
            updated_at: Set(now),
            updated_by_user_id: Set(actor),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(setting::Column::Key)
                .update_columns([
                    setting::Column::Value,
                    setting::Column::UpdatedAt,
                    setting::Column::UpdatedByUserId,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    crate::audit::record(
        &txn,
        actor,
        "settings",
        "ops",
        "settings_changed",
        serde_json::json!({ "from": before, "to": new }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    #[tokio::test]
    async fn settings_are_saved_checked_and_read_by_the_sweep_and_the_fee() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            let loaded = get(db, a).await.unwrap();
            assert_eq!(
                loaded.settings.site_readiness_days,
                DEFAULT_SITE_READINESS_DAYS
            );
            assert_eq!(
                loaded.settings.cancellation_fees.get("quote_sent"),
                Some(&4_900),
                "seeded"
            );
            assert!(loaded.cancellable.contains(&"new_lead".to_owned()));
            assert!(!loaded.cancellable.contains(&"completed".to_owned()));
            assert_eq!(loaded.settings.optimise_budget_secs, 5);
            assert_eq!(loaded.settings.optimise_goal, OptimiseGoal::Distance);
            let mut s = loaded.settings.clone();
            s.site_readiness_days = 21;
            s.cancellation_fees.insert("intake_sent".into(), 2_500);
            s.optimise_budget_secs = 12;
            s.optimise_goal = OptimiseGoal::Cost;
            // Unknown statuses and bad values are named; nothing is saved.
            let mut bad = s.clone();
            bad.site_readiness_statuses.push("nergens".into());
            bad.cancellation_fees.insert("completed".into(), 100);
            assert_eq!(
                save(db, a, &bad, &loaded.token, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Err(vec![
                    ("statuses".to_owned(), "unknown".to_owned()),
                    ("fee:completed".to_owned(), "unknown".to_owned())
                ])
            );
            save(db, a, &s, &loaded.token, now).await.unwrap();
            // What the sweep and the cancellation invoice read.
            assert_eq!(
                setting_json(db, SettingKey::SiteReadinessDays)
                    .await
                    .unwrap()
                    .and_then(|v| v.as_i64()),
                Some(21)
            );
            assert_eq!(
                setting_json(db, SettingKey::CancellationFees)
                    .await
                    .unwrap()
                    .unwrap()["intake_sent"],
                2_500
            );
            // What the optimiser reads.
            let budget = crate::planning::budget(db).await.unwrap();
            assert_eq!(budget.time, std::time::Duration::from_secs(12));
            assert_eq!(budget.goal, OptimiseGoal::Cost);
            // A save over the old version is refused.
            assert!(matches!(
                save(db, a, &s, &loaded.token, now).await,
                Err(ServiceError::Stale)
            ));
            assert_eq!(get(db, a).await.unwrap().settings, s);
            assert!(matches!(
                get(db, Some(&testing::caller(Role::OpsManager))).await,
                Err(ServiceError::Forbidden)
            ));
            tdb.cleanup().await;
        }
    }
}
