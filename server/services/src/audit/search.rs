//! The audit trail viewer (admins): filter by user, table, record and date,
//! page through, or export what matches as CSV.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{NaiveDate, TimeZone, Utc};
use entity::domain::Portal;
use entity::dto::{AuditFilter, AuditPageDto, AuditRowDto, CurrentUser};
use entity::{audit_log, user};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;

/// Rows a CSV export holds at most.
pub const CSV_MAX: u64 = 50_000;

/// The start of an Amsterdam day, in UTC.
fn day_start(d: NaiveDate) -> chrono::DateTime<Utc> {
    let noon = Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap_or_default());
    let offset = entity::domain::time::amsterdam_offset(noon);
    Utc.from_utc_datetime(&(d.and_hms_opt(0, 0, 0).unwrap_or_default() - offset))
}

fn parse_day(field: &str, s: &str) -> Result<Option<NaiveDate>, ServiceError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ServiceError::field(field, "date_invalid"))
}

/// The users whose name or e-mail address contains `who` (any case).
async fn users_matching(db: &DatabaseConnection, who: &str) -> Result<Vec<i32>, ServiceError> {
    let contains = |col: user::Column| crate::db::contains_text(col, who);
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(
            Condition::any()
                .add(contains(user::Column::Email))
                .add(contains(user::Column::DisplayName)),
        )
        .into_tuple()
        .all(db)
        .await?)
}

/// "Name <e-mail>" of the actors among `rows`, in one query.
async fn actor_labels(
    db: &DatabaseConnection,
    rows: &[audit_log::Model],
) -> Result<HashMap<i32, String>, ServiceError> {
    let ids: std::collections::BTreeSet<i32> =
        rows.iter().filter_map(|r| r.actor_user_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} <{}>", u.display_name, u.email)))
        .collect())
}

async fn query(
    db: &DatabaseConnection,
    f: &AuditFilter,
) -> Result<Select<audit_log::Entity>, ServiceError> {
    let mut q = audit_log::Entity::find();
    let who = f.user.trim().to_lowercase();
    if !who.is_empty() {
        if "systeem".starts_with(&who) || who == "system" {
            q = q.filter(audit_log::Column::ActorUserId.is_null());
        } else {
            q = q.filter(audit_log::Column::ActorUserId.is_in(users_matching(db, &who).await?));
        }
    }
    if !f.table.trim().is_empty() {
        q = q.filter(audit_log::Column::TableName.eq(f.table.trim()));
    }
    if !f.record.trim().is_empty() {
        q = q.filter(audit_log::Column::RecordId.eq(f.record.trim()));
    }
    let (from, to) = (parse_day("from", &f.from)?, parse_day("to", &f.to)?);
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(ServiceError::field("to", "before_from"));
        }
    }
    let mut when = Condition::all();
    if let Some(d) = from {
        when = when.add(audit_log::Column::CreatedAt.gte(day_start(d)));
    }
    if let Some(d) = to {
        when = when.add(audit_log::Column::CreatedAt.lt(day_start(d + chrono::Duration::days(1))));
    }
    Ok(q.filter(when))
}

fn row(m: audit_log::Model, users: &HashMap<i32, String>) -> AuditRowDto {
    AuditRowDto {
        id: m.id,
        at: entity::domain::time::format_local(m.created_at),
        actor: match m.actor_user_id {
            Some(id) => users.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
            None => "systeem".to_owned(),
        },
        table: m.table_name,
        record: m.record_id,
        action: m.action,
        changes: m.changes,
    }
}

/// A page of matching lines, newest first. Errors: `Fields` (`from`/`to`: `date_invalid`, `before_from`)
/// for a date that is not `YYYY-MM-DD` or a `to` before `from`.
pub async fn search(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    f: &AuditFilter,
    offset: u64,
    limit: u64,
) -> Result<AuditPageDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let q = query(db, f).await?;
    let total = q.clone().count(db).await?;
    let found = q
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit.clamp(1, 500))
        .all(db)
        .await?;
    let users = actor_labels(db, &found).await?;
    let rows = found.into_iter().map(|m| row(m, &users)).collect();
    let tables: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::TableName)
        .distinct()
        .order_by_asc(audit_log::Column::TableName)
        .into_tuple()
        .all(db)
        .await?;
    Ok(AuditPageDto {
        rows,
        total,
        tables,
    })
}

/// One CSV field: quoted when it holds a separator, quote or line break;
/// a leading `=`, `+`, `-`, `@`, tab or carriage return is defused so
/// spreadsheets do not run it (OWASP's CSV-injection list).
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Every matching line (at most `CSV_MAX`), oldest first, as CSV with a
/// header: `id,time,actor,table,record,action,changes`.
pub async fn csv(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    f: &AuditFilter,
) -> Result<String, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let found = query(db, f)
        .await?
        .order_by_asc(audit_log::Column::CreatedAt)
        .order_by_asc(audit_log::Column::Id)
        .limit(CSV_MAX)
        .all(db)
        .await?;
    let users = actor_labels(db, &found).await?;
    let mut out = String::from("id,time,actor,table,record,action,changes\n");
    for m in found {
        let r = row(m, &users);
        let line = [
            r.id.to_string(),
            r.at,
            r.actor,
            r.table,
            r.record,
            r.action,
            r.changes,
        ]
        .iter()
        .map(|s| field(s))
        .collect::<Vec<_>>()
        .join(",");
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    #[tokio::test]
    async fn admins_filter_page_and_export_the_audit_trail() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let admin = testing::caller(Role::Admin);
            let a = Some(&admin);
            // A clean slate: only what this test writes.
            audit_log::Entity::delete_many().exec(db).await.unwrap();
            let day = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).single().unwrap();
            let planner = testing::caller(Role::Planner);
            crate::audit::record(
                db,
                Some(admin.user_id),
                "business_entities",
                6,
                "entity_created",
                serde_json::json!({ "name": "Laad, \"Direct\"" }),
                day(10, 9),
            )
            .await
            .unwrap();
            crate::audit::record(
                db,
                Some(planner.user_id),
                "visits",
                41,
                "visit_moved",
                serde_json::json!({ "reason": "bus kapot" }),
                day(11, 9),
            )
            .await
            .unwrap();
            crate::audit::record(
                db,
                None,
                "orders",
                7,
                "=HYPERLINK(\"x\")",
                serde_json::json!({}),
                day(12, 9),
            )
            .await
            .unwrap();
            // 23:30 UTC on the 12th is already the 13th in Amsterdam.
            crate::audit::record(
                db,
                Some(planner.user_id),
                "visits",
                42,
                "visit_moved",
                serde_json::json!({}),
                day(12, 23) + chrono::Duration::minutes(30),
            )
            .await
            .unwrap();

            let all = search(db, a, &AuditFilter::default(), 0, 50).await.unwrap();
            assert_eq!(all.total, 4);
            assert_eq!(all.rows[0].record, "42", "newest first");
            assert_eq!(all.tables, ["business_entities", "orders", "visits"]);
            let by = |f: AuditFilter| async move { search(db, a, &f, 0, 50).await.unwrap() };
            let planner_rows = by(AuditFilter {
                user: "planner@".into(),
                ..Default::default()
            })
            .await;
            assert_eq!(planner_rows.total, 2);
            assert!(planner_rows
                .rows
                .iter()
                .all(|r| r.actor.contains("planner@chargecars.nl")));
            assert_eq!(
                by(AuditFilter {
                    user: "systeem".into(),
                    ..Default::default()
                })
                .await
                .total,
                1
            );
            // Any case; `%` and `_` are taken literally.
            for (who, n) in [("FEMKE", 1), ("%", 0), ("plan_er", 0)] {
                let f = AuditFilter {
                    user: who.into(),
                    ..Default::default()
                };
                assert_eq!(by(f).await.total, n, "{who}");
            }
            assert_eq!(
                by(AuditFilter {
                    table: "visits".into(),
                    record: "41".into(),
                    ..Default::default()
                })
                .await
                .total,
                1
            );
            let twelfth = by(AuditFilter {
                from: "2026-11-12".into(),
                to: "2026-11-12".into(),
                ..Default::default()
            })
            .await;
            assert_eq!(
                twelfth
                    .rows
                    .iter()
                    .map(|r| r.record.as_str())
                    .collect::<Vec<_>>(),
                ["7"]
            );
            assert_eq!(
                by(AuditFilter {
                    from: "2026-11-13".into(),
                    ..Default::default()
                })
                .await
                .total,
                1
            );
            // Paging.
            let second = search(db, a, &AuditFilter::default(), 1, 2).await.unwrap();
            assert_eq!(
                second
                    .rows
                    .iter()
                    .map(|r| r.record.as_str())
                    .collect::<Vec<_>>(),
                ["7", "41"]
            );
            // Bad dates are named.
            assert!(matches!(
                search(db, a, &AuditFilter { from: "12-11-2026".into(), ..Default::default() }, 0, 50).await,
                Err(ServiceError::Fields(f)) if f == [("from".to_owned(), "date_invalid".to_owned())]
            ));
            assert!(matches!(
                search(db, a, &AuditFilter { from: "2026-11-13".into(), to: "2026-11-12".into(), ..Default::default() }, 0, 50).await,
                Err(ServiceError::Fields(f)) if f == [("to".to_owned(), "before_from".to_owned())]
            ));

            // A leading tab or carriage return is defused too.
            assert_eq!(field("\t=1+1"), "'\t=1+1");
            assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
            // CSV: oldest first, quoted where needed, formulas defused.
            let text = csv(db, a, &AuditFilter::default()).await.unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines[0], "id,time,actor,table,record,action,changes");
            assert_eq!(lines.len(), 5);
            assert!(
                lines[1].ends_with(r##","{""name"":""Laad, \""Direct\""""}""##),
                "{}",
                lines[1]
            );
            assert!(
                lines[3].contains(",systeem,orders,7,\"'=HYPERLINK(\"\"x\"\")\","),
                "{}",
                lines[3]
            );
            for role in [
                Role::OpsManager,
                Role::Planner,
                Role::PartnerUser,
                Role::Customer,
                Role::Technician,
            ] {
                let who = testing::caller(role);
                assert!(matches!(
                    search(db, Some(&who), &AuditFilter::default(), 0, 10).await,
                    Err(ServiceError::Forbidden)
                ));
                assert!(matches!(
                    csv(db, Some(&who), &AuditFilter::default()).await,
                    Err(ServiceError::Forbidden)
                ));
            }
            tdb.cleanup().await;
        }
    }
}
