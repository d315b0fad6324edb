//! Planning one order's installation visit by hand: pick a day team and a
//! time window. This is what `scheduled` needs (000: a planned visit). The
//! route-planning board plans many visits at once with the optimiser; this
//! is the single-order path on the order page.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::domain::time::amsterdam;
use entity::domain::workflow::PLANNABLE;
use entity::domain::{format_skills, parse_skills, Skill, VisitKind, VisitStatus};
use entity::dto::{CurrentUser, PlanVisitInput, TeamChoiceDto};
use entity::{day_team, day_team_member, order, order_line, product, technician, visit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Day teams from tomorrow (Amsterdam) for `days` days, with their members
/// and how many visits they already have.
pub async fn team_choices(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
    days: i64,
) -> Result<Vec<TeamChoiceDto>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let first = amsterdam(now).date_naive() + Duration::days(1);
    let last = first + Duration::days(days.clamp(1, 60) - 1);
    let teams = day_team::Entity::find()
        .filter(day_team::Column::Date.between(first, last))
        .order_by_asc(day_team::Column::Date)
        .order_by_asc(day_team::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let links = day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.is_in(ids.clone()))
        .all(db)
        .await?;
    let names: HashMap<i32, String> = technician::Entity::find()
        .filter(technician::Column::Id.is_in(links.iter().map(|m| m.technician_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut members: HashMap<i32, Vec<String>> = HashMap::new();
    for m in links {
        if let Some(name) = names.get(&m.technician_id) {
            members.entry(m.day_team_id).or_default().push(name.clone());
        }
    }
    let loads: HashMap<i32, i64> = visit::Entity::find()
        .select_only()
        .column(visit::Column::DayTeamId)
        .column_as(visit::Column::Id.count(), "n")
        .filter(visit::Column::DayTeamId.is_in(ids))
        .filter(visit::Column::Status.ne(VisitStatus::Cancelled.as_str()))
        .group_by(visit::Column::DayTeamId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(teams
        .into_iter()
        .map(|t| TeamChoiceDto {
            id: t.id,
            date: t.date.format("%Y-%m-%d").to_string(),
            members: {
                let mut m = members.remove(&t.id).unwrap_or_default();
                m.sort();
                m
            },
            visits: loads.get(&t.id).copied().unwrap_or(0) as u32,
            name: t.name,
        })
        .collect())
}

/// What the order's lines need: skills (union) and minutes on site.
pub(crate) async fn needs(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<(Vec<Skill>, i32), ServiceError> {
    let mut skills = Vec::new();
    let mut minutes = 0;
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order_id))
        .all(db)
        .await?;
    let products: HashMap<i32, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(lines.iter().filter_map(|l| l.product_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for l in &lines {
        if let Some(p) = l.product_id.and_then(|id| products.get(&id)) {
            skills.extend(parse_skills(&p.required_skills).unwrap_or_default());
            minutes += p.duration_minutes * l.quantity.max(1);
        }
    }
    skills.sort();
    skills.dedup();
    Ok((skills, entity::domain::planning::on_site_minutes(minutes)))
}

/// Plans (or re-plans) the order's installation visit on a team, at the end
/// of that team's route. Errors: `Invalid("window")` for a window outside
/// 07:00–19:00 or shorter than the work, `Conflict("wrong_status")` when
/// the order is not ready for planning, `NotFound` for an unknown team.
pub async fn plan(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    order_id: i32,
    input: &PlanVisitInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let txn = crate::db::begin_write(db).await?;
    let o = order::Entity::find_by_id(order_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !PLANNABLE.contains(&o.status.as_str()) {
        return Err(ServiceError::Conflict("wrong_status".into()));
    }
    let team = day_team::Entity::find_by_id(input.day_team_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let today: NaiveDate = amsterdam(now).date_naive();
    if team.date <= today {
        return Err(ServiceError::Invalid("date".into()));
    }
    let (skills, minutes) = needs(&txn, o.id).await?;
    let (start, end) = (input.window_start_min, input.window_end_min);
    if !(7 * 60..=19 * 60).contains(&start) || end > 19 * 60 || end - start < minutes.min(240) {
        return Err(ServiceError::Invalid("window".into()));
    }
    let last = visit::Entity::find()
        .filter(visit::Column::DayTeamId.eq(team.id))
        .order_by_desc(visit::Column::Sequence)
        .one(&txn)
        .await?
        .and_then(|v| v.sequence)
        .unwrap_or(0);
    let existing = visit::Entity::find()
        .filter(visit::Column::OrderId.eq(o.id))
        .filter(visit::Column::Kind.eq(VisitKind::Installation.as_str()))
        .filter(visit::Column::Status.is_in([
            VisitStatus::Unplanned.as_str(),
            VisitStatus::Planned.as_str(),
        ]))
        .one(&txn)
        .await?;
    let before = existing
        .as_ref()
        .map(|v| serde_json::json!({ "team": v.day_team_id, "date": v.date }));
    let id = match existing {
        Some(v) => {
            let id = v.id;
            let version = v.version;
            crate::db::update_versioned(
                &txn,
                visit::Entity::update_many()
                    .col_expr(visit::Column::Date, Expr::value(Some(team.date)))
                    .col_expr(visit::Column::DayTeamId, Expr::value(Some(team.id)))
                    .col_expr(visit::Column::Sequence, Expr::value(Some(last + 1)))
                    .col_expr(visit::Column::WindowStartMin, Expr::value(start))
                    .col_expr(visit::Column::WindowEndMin, Expr::value(end))
                    .col_expr(
                        visit::Column::Status,
                        Expr::value(VisitStatus::Planned.as_str()),
                    ),
                id,
                version,
            )
            .await?;
            id
        }
        None => {
            visit::ActiveModel {
                order_id: Set(o.id),
                kind: Set(VisitKind::Installation.as_str().to_owned()),
                date: Set(Some(team.date)),
                window_start_min: Set(start),
                window_end_min: Set(end),
                duration_minutes: Set(minutes),
                required_skills: Set(format_skills(&skills)),
                day_team_id: Set(Some(team.id)),
                sequence: Set(Some(last + 1)),
                pinned: Set(false),
                status: Set(VisitStatus::Planned.as_str().to_owned()),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    crate::planning::touch_route(&txn, team.id).await?;
    crate::audit::record(
        &txn,
        caller.map(|c| c.user_id),
        "visits",
        id,
        "visit_planned",
        serde_json::json!({
            "order": o.order_number,
            "before": before,
            "team": team.name,
            "date": team.date,
            "window": [start, end],
        }),
        now,
    )
    .await?;
    txn.commit().await?;
    crate::pipeline::announce(db, bus, o.id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{move_order, MoveRequest};
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::SCHEDULED;
    use entity::domain::workflow::{BOTH_APPROVED, PLANNING};
    use entity::domain::Role;

    fn now() -> DateTime<Utc> {
        testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc()
    }

    #[tokio::test]
    async fn a_visit_planned_on_a_team_lets_the_order_be_scheduled() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let planner = testing::caller(Role::Planner);
            let partner = testing::caller(Role::PartnerUser);
            assert!(matches!(
                team_choices(db, Some(&partner), now(), 14).await,
                Err(ServiceError::Forbidden)
            ));
            let teams = team_choices(db, Some(&planner), now(), 14).await.unwrap();
            assert!(!teams.is_empty());
            assert!(teams.iter().all(|t| t.date.as_str() > "2026-11-18"));
            assert!(teams.iter().all(|t| (2..=3).contains(&t.members.len())));
            let team = &teams[0];

            let mut o = order::Entity::find()
                .filter(order::Column::Status.is_in(PLANNABLE))
                .one(db)
                .await
                .unwrap()
                .expect("an approved order");
            if o.status == BOTH_APPROVED {
                let req = MoveRequest {
                    order_id: o.id,
                    version: o.version,
                    to: PLANNING.into(),
                    reason: None,
                };
                move_order(db, None, Some(&planner), &req, now())
                    .await
                    .unwrap()
                    .unwrap();
                o = order::Entity::find_by_id(o.id)
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap();
            }
            // Start from an order whose installation is not planned yet.
            visit::Entity::update_many()
                .col_expr(visit::Column::DayTeamId, Expr::value(Option::<i32>::None))
                .col_expr(visit::Column::Status, Expr::value("unplanned"))
                .filter(visit::Column::OrderId.eq(o.id))
                .exec(db)
                .await
                .unwrap();
            let to_scheduled = |version: i32| MoveRequest {
                order_id: o.id,
                version,
                to: SCHEDULED.into(),
                reason: None,
            };
            let refused = move_order(db, None, Some(&planner), &to_scheduled(o.version), now())
                .await
                .unwrap();
            assert_eq!(refused.unwrap_err().code(), "no_planned_visit");

            let input = |start: i32, end: i32| PlanVisitInput {
                day_team_id: team.id,
                window_start_min: start,
                window_end_min: end,
            };
            assert!(matches!(
                plan(db, None, Some(&partner), o.id, &input(480, 720), now()).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                plan(db, None, Some(&planner), o.id, &input(480, 500), now()).await,
                Err(ServiceError::Invalid(w)) if w == "window"
            ));
            plan(db, None, Some(&planner), o.id, &input(480, 720), now())
                .await
                .unwrap();
            let v = visit::Entity::find()
                .filter(visit::Column::OrderId.eq(o.id))
                .filter(visit::Column::DayTeamId.eq(team.id))
                .one(db)
                .await
                .unwrap()
                .expect("the planned visit");
            assert_eq!(v.sequence, Some(team.visits as i32 + 1));
            assert_eq!(v.status, "planned");
            assert!(v.duration_minutes >= 120);
            // Planning again moves the same visit, it does not add one.
            let other = teams.iter().find(|t| t.id != team.id).unwrap();
            plan(
                db,
                None,
                Some(&planner),
                o.id,
                &PlanVisitInput {
                    day_team_id: other.id,
                    ..input(780, 1020)
                },
                now(),
            )
            .await
            .unwrap();
            let planned: Vec<visit::Model> = visit::Entity::find()
                .filter(visit::Column::OrderId.eq(o.id))
                .filter(visit::Column::DayTeamId.is_not_null())
                .all(db)
                .await
                .unwrap();
            assert_eq!(planned.len(), 1);
            assert_eq!(planned[0].day_team_id, Some(other.id));
            assert_eq!(planned[0].version, v.version + 1);

            let card = move_order(db, None, Some(&planner), &to_scheduled(o.version), now())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(card.status, SCHEDULED);
            // A scheduled order is no longer planned by hand here.
            assert!(matches!(
                plan(db, None, Some(&planner), o.id, &input(480, 720), now()).await,
                Err(ServiceError::Conflict(c)) if c == "wrong_status"
            ));
            tdb.cleanup().await;
        }
    }
}
