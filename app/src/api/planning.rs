//! The route-planning board: one day's teams and routes. Each function is
//! a shim over `services::planning`, which checks the caller (admin,
//! ops_manager, planner) and versions.

use crate::error::AppError;
use entity::dto::{PlanPreviewDto, PlanningDayDto};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// `2026-11-25`, or tomorrow (Amsterdam) when empty.
#[cfg(feature = "ssr")]
fn day_of(date: &str) -> Result<chrono::NaiveDate, AppError> {
    if date.trim().is_empty() {
        let today = entity::domain::time::amsterdam(chrono::Utc::now()).date_naive();
        return Ok(today + chrono::Duration::days(1));
    }
    chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| super::support::fail(services::ServiceError::Invalid("date".into())))
}

/// A day as the field app and the hours pages ask it: empty is today (in
/// Amsterdam).
#[cfg(feature = "ssr")]
pub(crate) fn day_or_today(date: &str) -> Result<chrono::NaiveDate, AppError> {
    if date.trim().is_empty() {
        return Ok(entity::domain::time::amsterdam(chrono::Utc::now()).date_naive());
    }
    day_of(date)
}

/// Runs are registered per planner, so one cannot stop another's.
#[cfg(feature = "ssr")]
fn run_key(token: &str) -> Result<String, AppError> {
    let user = super::support::caller()
        .ok_or_else(|| super::support::fail(services::ServiceError::Unauthenticated))?;
    Ok(format!(
        "{}:{}",
        user.user_id,
        token.chars().take(64).collect::<String>()
    ))
}

/// The board of one day (`2026-11-25`).
#[server(endpoint = "planning/day", input = Json)]
pub async fn planning_day(date: String) -> Result<PlanningDayDto, AppError> {
    use super::support::*;
    services::planning::day(&db()?, caller().as_ref(), day_of(&date)?)
        .await
        .map_err(fail)
}

/// The planning week (Monday to Friday) around a day (`2026-11-25`).
#[server(endpoint = "planning/week", input = Json)]
pub async fn planning_week(date: String) -> Result<entity::dto::PlanningWeekDto, AppError> {
    use super::support::*;
    services::planning::week(&db()?, caller().as_ref(), day_of(&date)?)
        .await
        .map_err(fail)
}

/// Moves a visit onto a team at a position (1-based), or off every team
/// (`team_id: None`). 409 `stale` when it changed meanwhile; after
/// publishing a `reason` is required (400 `invalid` without one).
#[server(endpoint = "planning/assign", input = Json)]
pub async fn planning_assign(
    visit_id: i32,
    version: i32,
    team_id: Option<i32>,
    position: usize,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::support::*;
    services::planning::assign(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        visit_id,
        version,
        team_id.map(|t| (t, position)),
        reason.as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Pins a planned visit to its team and place, or frees it.
#[server(endpoint = "planning/pin", input = Json)]
pub async fn planning_pin(visit_id: i32, version: i32, pinned: bool) -> Result<(), AppError> {
    use super::support::*;
    services::planning::pin(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        visit_id,
        version,
        pinned,
    )
    .await
    .map_err(fail)
}

/// Adds a technician to a team (`member: true`) or takes them off.
#[server(endpoint = "planning/member", input = Json)]
pub async fn planning_member(
    team_id: i32,
    version: i32,
    technician_id: i32,
    member: bool,
) -> Result<(), AppError> {
    use super::support::*;
    services::planning::set_member(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        team_id,
        version,
        technician_id,
        member,
    )
    .await
    .map_err(fail)
}

/// Copies the teams of the last earlier day (without who is away).
/// 409 `has_teams`, 404 when there is nothing to copy. Returns the count.
#[server(endpoint = "planning/copy-previous", input = Json)]
pub async fn planning_copy_previous(date: String) -> Result<usize, AppError> {
    use super::support::*;
    services::planning::copy_previous_day(&db()?, bus().as_ref(), caller().as_ref(), day_of(&date)?)
        .await
        .map_err(fail)
}

/// A new empty team on the day.
#[server(endpoint = "planning/team", input = Json)]
pub async fn planning_new_team(date: String) -> Result<i32, AppError> {
    use super::support::*;
    services::planning::create_team(&db()?, bus().as_ref(), caller().as_ref(), day_of(&date)?)
        .await
        .map_err(fail)
}

/// A new team on the day with these people (a suggestion taken over).
/// 409 `in_team` when one is already in a team, 400 `invalid` when one is away.
#[server(endpoint = "planning/team-of", input = Json)]
pub async fn planning_team_of(date: String, member_ids: Vec<i32>) -> Result<i32, AppError> {
    use super::support::*;
    services::planning::create_team_of(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        day_of(&date)?,
        &member_ids,
    )
    .await
    .map_err(fail)
}

/// Optimises the day (all teams, or `team_ids`) within the configured
/// budget; `token` lets `planning_cancel` stop it. Returns a preview.
#[server(endpoint = "planning/optimise", input = Json)]
pub async fn planning_optimise(
    date: String,
    team_ids: Option<Vec<i32>>,
    token: String,
) -> Result<PlanPreviewDto, AppError> {
    use super::support::*;
    let db = db()?;
    let date = day_of(&date)?;
    let budget = services::planning::budget(&db).await.map_err(fail)?;
    let token = run_key(&token)?;
    // Held until the answer is ready; dropped early (and the search
    // stopped) when the client goes away.
    let run = services::planning::start_run(caller().as_ref(), &token).map_err(fail)?;
    let travel = services::routing::configured();
    let result = services::planning::optimise_reporting(
        &db,
        caller().as_ref(),
        date,
        team_ids.as_deref(),
        travel.as_ref(),
        budget,
        run.cancel.clone(),
        Some(run.reporter()),
    )
    .await;
    drop(run);
    result.map_err(fail)
}

/// The best plan so far of a running optimisation (numbered), while
/// `planning_optimise` still searches; `None` before the first or after
/// the end.
#[server(endpoint = "planning/progress", input = Json)]
pub async fn planning_progress(token: String) -> Result<Option<(u32, PlanPreviewDto)>, AppError> {
    use super::support::*;
    services::planning::progress(caller().as_ref(), &run_key(&token)?).map_err(fail)
}

/// Stops a running optimisation; it answers with what it found so far.
#[server(endpoint = "planning/cancel", input = Json)]
pub async fn planning_cancel(token: String) -> Result<bool, AppError> {
    use super::support::*;
    services::planning::cancel_run(caller().as_ref(), &run_key(&token)?).map_err(fail)
}

/// Stores a previewed plan as it is. 409 `stale` when a visit changed.
#[server(endpoint = "planning/apply", input = Json)]
pub async fn planning_apply(preview: PlanPreviewDto) -> Result<(), AppError> {
    use super::support::*;
    services::planning::apply(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        &preview,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Publishes the day: orders scheduled, customers and technicians told.
/// 409 `flags` while a blocking conflict remains. Returns (teams, orders
/// scheduled, messages).
#[server(endpoint = "planning/publish", input = Json)]
pub async fn planning_publish(date: String) -> Result<(usize, usize, usize), AppError> {
    use super::support::*;
    let r = services::planning::publish(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        day_of(&date)?,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)?;
    Ok((r.teams, r.orders_scheduled, r.messages))
}

/// The signed-in technician's own route for `date` (empty: today in
/// Amsterdam), shown once the day is published.
/// Access: technician (and admin, who sees no route of their own).
#[server(endpoint = "planning/my-day", input = Json)]
pub async fn planning_my_day(date: String) -> Result<entity::dto::MyDayDto, AppError> {
    use super::support::*;
    let day = day_or_today(&date)?;
    services::planning::my_day(&db()?, caller().as_ref(), day)
        .await
        .map_err(fail)
}

/// The saved team line-ups.
#[server(endpoint = "planning/templates", input = Json)]
pub async fn planning_templates() -> Result<Vec<entity::dto::TeamTemplateDto>, AppError> {
    use super::support::*;
    services::team_templates::list(&db()?, caller().as_ref())
        .await
        .map_err(fail)
}

/// Saves the day's teams as template `name` (replacing one of that name).
/// 400 `invalid` for an empty name or a day without teams.
#[server(endpoint = "planning/template-save", input = Json)]
pub async fn planning_save_template(date: String, name: String) -> Result<i32, AppError> {
    use super::support::*;
    services::team_templates::save(
        &db()?,
        caller().as_ref(),
        day_of(&date)?,
        &name,
        chrono::Utc::now(),
    )
    .await
    .map_err(fail)
}

/// Lays a template over the day; returns the teams made and who was left
/// out (away or inactive). 409 `has_teams`.
#[server(endpoint = "planning/template-apply", input = Json)]
pub async fn planning_apply_template(
    id: i32,
    date: String,
) -> Result<(usize, Vec<String>), AppError> {
    use super::support::*;
    let r = services::team_templates::apply(
        &db()?,
        bus().as_ref(),
        caller().as_ref(),
        id,
        day_of(&date)?,
    )
    .await
    .map_err(fail)?;
    Ok((r.teams, r.left_out))
}

/// Every technician's hours on a day (`YYYY-MM-DD`; empty: today), by
/// team: driving, on site, breaks, worked and overtime against the shift.
/// Access: ops and planners.
#[server(endpoint = "planning/timesheets", input = Json)]
pub async fn planning_timesheets(date: String) -> Result<Vec<entity::dto::TimesheetDto>, AppError> {
    use super::support::*;
    let day = day_or_today(&date)?;
    services::timesheets::of_day(&db()?, caller().as_ref(), day)
        .await
        .map_err(fail)
}
