//! Saved team line-ups ("sjablonen"): a planner saves a day's teams under
//! a name and lays them over a new day later, leaving out who is away.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, NaiveDate, Utc};
use entity::dto::{CurrentUser, TeamTemplateDto};
use entity::{day_team, day_team_member, team_template, technician};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

fn groups(row: &team_template::Model) -> Vec<Vec<i32>> {
    serde_json::from_str(&row.teams).unwrap_or_default()
}

/// Every template, by name, with the people's names.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<TeamTemplateDto>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let names: HashMap<i32, String> = technician::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    Ok(team_template::Entity::find()
        .order_by_asc(team_template::Column::Name)
        .all(db)
        .await?
        .iter()
        .map(|row| TeamTemplateDto {
            id: row.id,
            name: row.name.clone(),
            teams: groups(row)
                .into_iter()
                .map(|g| {
                    g.into_iter()
                        .filter_map(|id| names.get(&id).map(|n| (id, n.clone())))
                        .collect()
                })
                .collect(),
        })
        .collect())
}

/// Saves the teams of `date` (those with people) as template `name`; a
/// template of that name is replaced. Errors: `Invalid("name")` for an
/// empty or over-long name, `Invalid("no_teams")` when the day has none.
/// Returns the template id.
pub async fn save(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ServiceError::Invalid("name".into()));
    }
    let teams = day_team::Entity::find()
        .filter(day_team::Column::Date.eq(date))
        .order_by_asc(day_team::Column::Id)
        .all(db)
        .await?;
    let links = day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.is_in(teams.iter().map(|t| t.id)))
        .all(db)
        .await?;
    let line_up: Vec<Vec<i32>> = teams
        .iter()
        .map(|t| {
            let mut ids: Vec<i32> = links
                .iter()
                .filter(|l| l.day_team_id == t.id)
                .map(|l| l.technician_id)
                .collect();
            ids.sort_unstable();
            ids
        })
        .filter(|g| !g.is_empty())
        .collect();
    if line_up.is_empty() {
        return Err(ServiceError::Invalid("no_teams".into()));
    }
    let json = serde_json::to_string(&line_up).unwrap_or_else(|_| "[]".into());
    let actor = caller.map(|c| c.user_id);
    let id = match team_template::Entity::find()
        .filter(team_template::Column::Name.eq(name))
        .one(db)
        .await?
    {
        Some(row) => {
            let version = row.version + 1;
            let mut m: team_template::ActiveModel = row.into();
            m.teams = Set(json);
            m.updated_at = Set(now);
            m.updated_by_user_id = Set(actor);
            m.version = Set(version);
            m.update(db).await?.id
        }
        None => {
            team_template::ActiveModel {
                name: Set(name.to_owned()),
                teams: Set(json),
                updated_at: Set(now),
                updated_by_user_id: Set(actor),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await?
            .id
        }
    };
    crate::audit::record(
        db,
        actor,
        "team_templates",
        id,
        "template_saved",
        serde_json::json!({ "name": name, "teams": line_up }),
        now,
    )
    .await?;
    Ok(id)
}

/// What laying a template over a day did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Applied {
    pub teams: usize,
    /// People left out: away that day, or no longer active.
    pub left_out: Vec<String>,
}

/// Lays template `id` over `date`: one team per saved team, without the
/// people who are away or inactive (a team left with nobody is skipped).
/// Refused with `Conflict("has_teams")` when the day has teams.
pub async fn apply(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    id: i32,
    date: NaiveDate,
) -> Result<Applied, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let row = team_template::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if day_team::Entity::find()
        .filter(day_team::Column::Date.eq(date))
        .count(db)
        .await?
        > 0
    {
        return Err(ServiceError::Conflict("has_teams".into()));
    }
    let people: HashMap<i32, technician::Model> = technician::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let away = crate::planning::absent_on(db, date).await?;
    let mut out = Applied::default();
    for group in groups(&row) {
        let (keep, drop): (Vec<i32>, Vec<i32>) = group
            .into_iter()
            .partition(|id| people.get(id).is_some_and(|p| p.active) && !away.contains(id));
        out.left_out.extend(
            drop.iter()
                .filter_map(|id| people.get(id).map(|p| p.name.clone())),
        );
        if keep.is_empty() {
            continue;
        }
        crate::planning::create_team_of(db, bus, caller, date, &keep).await?;
        out.teams += 1;
    }
    Ok(out)
}

/// Removes a template.
pub async fn delete(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let done = team_template::Entity::delete_by_id(id).exec(db).await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "team_templates",
        id,
        "template_deleted",
        serde_json::json!({}),
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;
    use entity::technician_absence;

    #[tokio::test]
    async fn a_saved_line_up_is_laid_over_a_new_day_without_who_is_away() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let planner = testing::caller(Role::Planner);
            let p = Some(&planner);
            let now = testing::TODAY.and_hms_opt(8, 0, 0).unwrap().and_utc();
            let monday = testing::TODAY + chrono::Duration::days(50);
            let people: Vec<i32> = technician::Entity::find()
                .filter(technician::Column::Active.eq(true))
                .order_by_asc(technician::Column::Id)
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .take(5)
                .collect();
            // Nothing to save yet.
            assert!(matches!(
                save(db, p, monday, "Maandag", now).await,
                Err(ServiceError::Invalid(c)) if c == "no_teams"
            ));
            crate::planning::create_team_of(db, None, p, monday, &people[0..2])
                .await
                .unwrap();
            crate::planning::create_team_of(db, None, p, monday, &people[2..5])
                .await
                .unwrap();
            crate::planning::create_team(db, None, p, monday)
                .await
                .unwrap(); // empty: not saved
            assert!(matches!(
                save(db, p, monday, "  ", now).await,
                Err(ServiceError::Invalid(c)) if c == "name"
            ));
            let id = save(db, p, monday, " Maandag ", now).await.unwrap();
            // Saving under the same name replaces it.
            assert_eq!(save(db, p, monday, "Maandag", now).await.unwrap(), id);
            let all = list(db, p).await.unwrap();
            assert_eq!(all.len(), 1);
            assert_eq!(all[0].name, "Maandag");
            assert_eq!(
                all[0].teams.iter().map(Vec::len).collect::<Vec<_>>(),
                [2, 3]
            );

            // A week later one of the pair is ill: the pair's team keeps one.
            let next = monday + chrono::Duration::days(7);
            technician_absence::ActiveModel {
                technician_id: Set(people[1]),
                kind: Set("sick".into()),
                date_from: Set(next),
                date_to: Set(next),
                reason: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
            let applied = apply(db, None, p, id, next).await.unwrap();
            assert_eq!(applied.teams, 2);
            assert_eq!(applied.left_out.len(), 1);
            let board = crate::planning::day(db, p, next).await.unwrap();
            let sizes: Vec<usize> = board.teams.iter().map(|t| t.member_ids.len()).collect();
            assert_eq!(sizes, [1, 3]);
            assert!(!board.teams[0].member_ids.contains(&people[1]));
            // Not over a day that has teams; not for technicians.
            assert!(matches!(
                apply(db, None, p, id, next).await,
                Err(ServiceError::Conflict(c)) if c == "has_teams"
            ));
            for role in [Role::Technician, Role::PartnerUser, Role::Customer] {
                let who = testing::caller(role);
                let w = Some(&who);
                assert!(matches!(list(db, w).await, Err(ServiceError::Forbidden)));
                assert!(matches!(
                    save(db, w, monday, "Ander", now).await,
                    Err(ServiceError::Forbidden)
                ));
                assert!(matches!(
                    apply(db, None, w, id, next + chrono::Duration::days(1)).await,
                    Err(ServiceError::Forbidden)
                ));
                assert!(matches!(
                    delete(db, w, id, now).await,
                    Err(ServiceError::Forbidden)
                ));
            }
            assert_eq!(
                list(db, p).await.unwrap().len(),
                1,
                "nothing changed by them"
            );
            delete(db, p, id, now).await.unwrap();
            assert!(list(db, p).await.unwrap().is_empty());
            assert!(matches!(
                delete(db, p, id, now).await,
                Err(ServiceError::NotFound)
            ));
            tdb.cleanup().await;
        }
    }
}
