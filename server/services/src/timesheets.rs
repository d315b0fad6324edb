//! Time registration (issue 19; 002 "Time Tracking" for the technician,
//! "Overtime Tracking" for ops). Nothing is typed in twice: a day's times
//! are the technicians' own field steps as the server applied them —
//! "on the way", "arrived", the sign-off or reported problem of their
//! team's visits, and their own breaks — added up by the one rule in
//! `entity::domain::field::timesheet`, against the team's shift.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::NaiveDate;
use entity::domain::field::{timesheet, Clocked, FieldReply};
use entity::dto::{CurrentUser, TimesheetDto, TimesheetVisitDto};
use entity::{day_team, day_team_member, field_command, order, technician, visit};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// Steps that carry a time: the team's (visit) and the person's (break).
const TEAM_STEPS: [&str; 4] = ["on_the_way", "arrived", "complete", "issue"];
const OWN_STEPS: [&str; 2] = ["break_start", "break_end"];

/// The caller's own day by the clock; `None` when they are on no team
/// that day. Access: technicians.
pub async fn mine(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<Option<TimesheetDto>, ServiceError> {
    let (_, me) = crate::field::technician_of(db, caller).await?;
    let teams = teams_on(db, date).await?;
    sheet(db, &me, date, &teams).await
}

/// Every technician on a team that day, by team and name, with their
/// times and overtime. Access: ops and planners.
pub async fn of_day(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    date: NaiveDate,
) -> Result<Vec<TimesheetDto>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    let teams = teams_on(db, date).await?;
    let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let tech_ids: Vec<i32> = day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.technician_id)
        .collect();
    let people = technician::Entity::find()
        .filter(technician::Column::Id.is_in(tech_ids))
        .order_by_asc(technician::Column::Name)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for p in &people {
        if let Some(s) = sheet(db, p, date, &teams).await? {
            out.push(s);
        }
    }
    out.sort_by(|a, b| a.team.cmp(&b.team).then(a.technician.cmp(&b.technician)));
    Ok(out)
}

async fn teams_on(
    db: &DatabaseConnection,
    date: NaiveDate,
) -> Result<Vec<day_team::Model>, ServiceError> {
    Ok(day_team::Entity::find()
        .filter(day_team::Column::Date.eq(date))
        .order_by_asc(day_team::Column::Id)
        .all(db)
        .await?)
}

async fn sheet(
    db: &DatabaseConnection,
    tech: &technician::Model,
    date: NaiveDate,
    teams: &[day_team::Model],
) -> Result<Option<TimesheetDto>, ServiceError> {
    let mine: Vec<i32> = day_team_member::Entity::find()
        .filter(day_team_member::Column::TechnicianId.eq(tech.id))
        .filter(day_team_member::Column::DayTeamId.is_in(teams.iter().map(|t| t.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.day_team_id)
        .collect();
    let Some(team) = teams.iter().find(|t| mine.contains(&t.id)) else {
        return Ok(None);
    };
    let visits = visit::Entity::find()
        .filter(visit::Column::DayTeamId.eq(team.id))
        .find_also_related(order::Entity)
        .order_by_asc(visit::Column::Sequence)
        .all(db)
        .await?;
    let visit_ids: Vec<i32> = visits.iter().map(|(v, _)| v.id).collect();
    let steps: Vec<Clocked> = field_command::Entity::find()
        .filter(field_command::Column::VisitId.is_in(visit_ids))
        .filter(
            field_command::Column::Kind.is_in(TEAM_STEPS.iter().chain(OWN_STEPS.iter()).copied()),
        )
        .all(db)
        .await?
        .into_iter()
        .filter(|c| TEAM_STEPS.contains(&c.kind.as_str()) || Some(c.user_id) == tech.user_id)
        .filter(|c| {
            matches!(
                serde_json::from_str::<FieldReply>(&c.reply),
                Ok(FieldReply::Applied { .. })
            )
        })
        .map(|c| Clocked {
            visit_id: c.visit_id,
            kind: c.kind,
            at: c.done_at,
        })
        .collect();
    let shift_min = team.shift_end_min - team.shift_start_min;
    let sheet = timesheet(&steps, shift_min);
    let contact_ids: Vec<i32> = visits
        .iter()
        .filter_map(|(_, o)| o.as_ref().map(|o| o.end_customer_contact_id))
        .collect();
    let names = crate::names::contacts(db, contact_ids).await?;
    let visits = sheet
        .visits
        .iter()
        .filter_map(|(id, driving, on_site)| {
            let (_, o) = visits.iter().find(|(v, _)| v.id == *id)?;
            let o = o.as_ref()?;
            Some(TimesheetVisitDto {
                visit_id: *id,
                order_number: o.order_number.clone(),
                customer: names
                    .get(&o.end_customer_contact_id)
                    .cloned()
                    .unwrap_or_default(),
                driving_min: *driving,
                on_site_min: *on_site,
            })
        })
        .collect();
    Ok(Some(TimesheetDto {
        date: date.to_string(),
        technician_id: tech.id,
        technician: tech.name.clone(),
        team: Some(team.name.clone()),
        shift_min,
        sheet,
        visits,
    }))
}
