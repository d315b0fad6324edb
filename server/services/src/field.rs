//! The technician's visit, applied from the field app's queued commands
//! (issue 19). The phone records every action first and sends it when it
//! can, perhaps more than once (a connection that drops before the answer
//! arrives). The server applies each command id exactly once, in the
//! transaction that stores it, and answers a repeat with the first answer.
//!
//! A command about a visit that changed meanwhile (ops moved or cancelled
//! it, or gave it to another team) is not applied: it is answered as a
//! conflict, which the app shows to the technician in plain words.

use crate::authz::{authorize, Action};
use crate::domain_events::DomainEvent;
use crate::ServiceError;
use chrono::{DateTime, NaiveDate, Utc};
use entity::domain::field::{self, FieldAction, FieldCommand, FieldReply};
use entity::domain::workflow::{COMPLETED, IN_PROGRESS, ON_HOLD, SCHEDULED};
use entity::domain::{Portal, Role, VisitStatus};
use entity::dto::CurrentUser;
use entity::{
    day_team, day_team_member, field_command, order, sign_off, technician, visit, visit_photo,
    visit_report,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QuerySelect,
};

pub use entity::domain::field::MAX_BATCH;

/// Applies the commands in the order the phone queued them and answers
/// each. One command's conflict does not stop the others.
pub async fn sync(
    db: &DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    caller: Option<&CurrentUser>,
    commands: &[FieldCommand],
    now: DateTime<Utc>,
) -> Result<Vec<FieldReply>, ServiceError> {
    let (caller, me) = technician_of(db, caller).await?;
    if commands.len() > MAX_BATCH {
        return Err(ServiceError::Invalid("too_many".into()));
    }
    let mut out = Vec::with_capacity(commands.len());
    for c in commands {
        out.push(apply_as(db, bus, &caller, &me, c, now).await?);
    }
    Ok(out)
}

/// The technician record of the caller: only technicians run visits.
pub(crate) async fn technician_of(
    db: &impl ConnectionTrait,
    caller: Option<&CurrentUser>,
) -> Result<(CurrentUser, technician::Model), ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Technician))?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    if caller.role != Role::Technician {
        return Err(ServiceError::Forbidden);
    }
    let me = technician::Entity::find()
        .filter(technician::Column::UserId.eq(caller.user_id))
        .one(db)
        .await?
        .ok_or(ServiceError::Forbidden)?;
    Ok((caller.clone(), me))
}

/// Applies one command, once: a command id seen before gets its first
/// answer again, and nothing changes.
pub async fn apply(
    db: &DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    caller: Option<&CurrentUser>,
    cmd: &FieldCommand,
    now: DateTime<Utc>,
) -> Result<FieldReply, ServiceError> {
    let (caller, me) = technician_of(db, caller).await?;
    apply_as(db, bus, &caller, &me, cmd, now).await
}

/// `apply` for a caller already known to be technician `me`.
async fn apply_as(
    db: &DatabaseConnection,
    bus: Option<&crate::events::Bus>,
    caller: &CurrentUser,
    me: &technician::Model,
    cmd: &FieldCommand,
    now: DateTime<Utc>,
) -> Result<FieldReply, ServiceError> {
    if !field::is_command_id(&cmd.id) {
        return Err(ServiceError::Invalid("id".into()));
    }
    let id = cmd.id.to_ascii_lowercase();
    if let Some(reply) = replay(db, &id, caller.user_id).await? {
        return Ok(reply);
    }
    let txn = crate::db::begin_write(db).await?;
    // One command per visit at a time: on SQLite the write transaction is
    // already the only writer; on PostgreSQL the visit's row lock makes a
    // second copy of this command (or another command for the visit) wait
    // here until the first is committed, and then find its answer.
    visit::Entity::find_by_id(cmd.visit_id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    if let Some(reply) = replay(&txn, &id, caller.user_id).await? {
        return Ok(reply);
    }
    // When the phone says it was done (its clock; now when unreadable).
    // A phone whose clock runs ahead cannot record the future.
    let done_at = DateTime::parse_from_rfc3339(&cmd.done_at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
        .min(now);
    let (reply, moved) = decide(&txn, caller, me, cmd, &id, done_at, now).await?;
    let stored = field_command::ActiveModel {
        client_id: Set(id.clone()),
        user_id: Set(caller.user_id),
        visit_id: Set(cmd.visit_id),
        kind: Set(cmd.action.kind().to_owned()),
        payload: Set(json(cmd)?),
        reply: Set(json(&reply)?),
        done_at: Set(done_at),
        received_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match stored {
        Ok(_) => txn.commit().await?,
        Err(e) if crate::db::is_unique_violation(&e) => {
            // The same command, sent twice at once: the other copy won.
            txn.rollback().await?;
            return replay(db, &id, caller.user_id)
                .await?
                .ok_or(ServiceError::Stale);
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(order_id) = moved {
        crate::pipeline::announce(db, bus, order_id).await?;
    }
    Ok(reply)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The stored answer to command `id`. Another user's command id is "not
/// there" to this one.
async fn replay(
    db: &impl ConnectionTrait,
    id: &str,
    user_id: i32,
) -> Result<Option<FieldReply>, ServiceError> {
    let Some(row) = field_command::Entity::find()
        .filter(field_command::Column::ClientId.eq(id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.user_id != user_id {
        return Err(ServiceError::NotFound);
    }
    serde_json::from_str(&row.reply)
        .map(Some)
        .map_err(|e| ServiceError::Internal(format!("stored field reply: {e}")))
}

/// Whether technician `technician_id` is in day team `team_id`.
pub(crate) async fn on_team(
    db: &impl ConnectionTrait,
    team_id: i32,
    technician_id: i32,
) -> Result<bool, ServiceError> {
    Ok(day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.eq(team_id))
        .filter(day_team_member::Column::TechnicianId.eq(technician_id))
        .count(db)
        .await?
        > 0)
}

/// The visit the command is about, if it is still where the technician
/// saw it: on that day, on a published route of a team they are in.
async fn my_visit(
    txn: &impl ConnectionTrait,
    me: &technician::Model,
    cmd: &FieldCommand,
) -> Result<Result<(visit::Model, order::Model, day_team::Model), &'static str>, ServiceError> {
    let Some((v, Some(o))) = visit::Entity::find_by_id(cmd.visit_id)
        .find_also_related(order::Entity)
        .one(txn)
        .await?
    else {
        // Not there and not theirs read the same.
        return Ok(Err("visit_moved"));
    };
    if v.status == VisitStatus::Cancelled.as_str() || v.date.is_none() {
        return Ok(Err("visit_cancelled"));
    }
    let planned = NaiveDate::parse_from_str(&cmd.planned_date, "%Y-%m-%d").ok();
    if v.date != planned {
        return Ok(Err("visit_moved"));
    }
    let team = match v.day_team_id {
        Some(t) => day_team::Entity::find_by_id(t).one(txn).await?,
        None => None,
    };
    let Some(team) = team else {
        return Ok(Err("visit_moved"));
    };
    if !on_team(txn, team.id, me.id).await? || !team.published {
        return Ok(Err("visit_moved"));
    }
    Ok(Ok((v, o, team)))
}

/// Decides and applies one new command inside `txn`; `done_at` is when
/// the technician did it (never later than `now`). Returns the answer and
/// the order whose status moved (for the boards), if any.
#[allow(clippy::too_many_arguments)]
async fn decide(
    txn: &impl ConnectionTrait,
    caller: &CurrentUser,
    me: &technician::Model,
    cmd: &FieldCommand,
    id: &str,
    done_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(FieldReply, Option<i32>), ServiceError> {
    let conflict = |code: &str| {
        Ok((
            FieldReply::Conflict {
                id: id.to_owned(),
                code: code.to_owned(),
            },
            None,
        ))
    };
    let (v, o, team) = match my_visit(txn, me, cmd).await? {
        Ok(found) => found,
        Err(code) => return conflict(code),
    };
    let problems = field::problems(&cmd.action, o.charger_count);
    if !problems.is_empty() {
        return Ok((
            FieldReply::Invalid {
                id: id.to_owned(),
                fields: problems.iter().map(|p| (*p).to_owned()).collect(),
            },
            None,
        ));
    }
    if matches!(cmd.action, FieldAction::BreakStart | FieldAction::BreakEnd) {
        // A break is the technician's own time (`timesheets`): kept as the
        // command itself, whatever the order's status.
        return Ok((FieldReply::Applied { id: id.to_owned() }, None));
    }
    if o.status == COMPLETED {
        return conflict("already_completed");
    }
    let mut report = report_of(txn, v.id, now).await?;
    let mut moved = None;
    let user = Some(caller.user_id);
    match &cmd.action {
        FieldAction::OnTheWay { eta_min } => {
            let first = report.on_the_way_at.is_none();
            report.on_the_way_at = Some(done_at);
            report.eta_min = Some(*eta_min);
            if first {
                let event = DomainEvent::TechnicianOnTheWay {
                    order_id: o.id,
                    visit_id: v.id,
                    eta_min: *eta_min,
                    team: team.name.clone(),
                };
                crate::transition::visit_event(txn, &o, event, now).await?;
            }
        }
        FieldAction::Arrived { lat, lng } => {
            report.arrived_at = Some(done_at);
            report.arrived_lat = *lat;
            report.arrived_lng = *lng;
            set_visit_status(txn, &v, VisitStatus::InProgress).await?;
            if o.status == SCHEDULED {
                let version = o.version;
                if let Err(r) = crate::transition::apply_move(
                    txn,
                    o.clone(),
                    version,
                    IN_PROGRESS,
                    None,
                    user,
                    now,
                )
                .await?
                {
                    return conflict(r.code());
                }
                moved = Some(o.id);
            }
        }
        FieldAction::PreChecklist { checked } => {
            report.pre_checklist = Some(json(checked)?);
        }
        FieldAction::Commissioning { checked, data } => {
            report.install_checklist = Some(json(checked)?);
            report.commissioning = Some(json(data)?);
        }
        FieldAction::Materials { used } => {
            report.materials = Some(json(used)?);
        }
        FieldAction::Issue { code, note } => {
            if o.status == ON_HOLD {
                return conflict("already_on_hold");
            }
            report.issue_code = Some(code.clone());
            report.issue_note = Some(note.trim().chars().take(1000).collect());
            let reason = match note.trim() {
                "" => format!("monteur: {code}"),
                n => format!("monteur: {code} — {n}"),
            };
            let version = o.version;
            if let Err(r) = crate::transition::apply_move(
                txn,
                o.clone(),
                version,
                ON_HOLD,
                Some(&reason),
                user,
                now,
            )
            .await?
            {
                return conflict(r.code());
            }
            moved = Some(o.id);
        }
        FieldAction::Complete {
            signed_by_name,
            signature,
        } => {
            if o.status != IN_PROGRESS {
                return conflict("order_not_in_progress");
            }
            let Some(checklist) = report.install_checklist.clone() else {
                return Ok((
                    FieldReply::Invalid {
                        id: id.to_owned(),
                        fields: vec!["commissioning".into()],
                    },
                    None,
                ));
            };
            let photos = visit_photo::Entity::find()
                .filter(visit_photo::Column::VisitId.eq(v.id))
                .filter(visit_photo::Column::CompletedAt.is_not_null())
                .count(txn)
                .await? as i32;
            if photos < 1 {
                return conflict("photos_missing");
            }
            let checked: Vec<String> = serde_json::from_str(&checklist).unwrap_or_default();
            let checklist: serde_json::Map<String, serde_json::Value> = checked
                .into_iter()
                .map(|c| (c, serde_json::Value::Bool(true)))
                .collect();
            sign_off::Entity::delete_many()
                .filter(sign_off::Column::OrderId.eq(o.id))
                .exec(txn)
                .await?;
            sign_off::ActiveModel {
                order_id: Set(o.id),
                signed_by_name: Set(signed_by_name.trim().chars().take(120).collect()),
                signature: Set(signature.chars().take(20_000).collect()),
                photo_count: Set(photos),
                checklist: Set(serde_json::Value::Object(checklist).to_string()),
                recorded_by_user_id: Set(user),
                recorded_at: Set(done_at),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.finished_at = Some(done_at);
            set_visit_status(txn, &v, VisitStatus::Completed).await?;
            let version = o.version;
            if let Err(r) =
                crate::transition::apply_move(txn, o.clone(), version, COMPLETED, None, user, now)
                    .await?
            {
                return conflict(r.code());
            }
            moved = Some(o.id);
        }
        FieldAction::BreakStart | FieldAction::BreakEnd => {}
    }
    report.updated_at = now;
    save_report(txn, report).await?;
    Ok((FieldReply::Applied { id: id.to_owned() }, moved))
}

async fn set_visit_status(
    txn: &impl ConnectionTrait,
    v: &visit::Model,
    status: VisitStatus,
) -> Result<(), ServiceError> {
    if v.status == status.as_str() {
        return Ok(());
    }
    let mut a = v.clone().into_active_model();
    a.status = Set(status.as_str().to_owned());
    a.version = Set(v.version + 1);
    a.update(txn).await?;
    Ok(())
}

/// The visit's report, or a new empty one (not stored yet: `id` 0).
async fn report_of(
    txn: &impl ConnectionTrait,
    visit_id: i32,
    now: DateTime<Utc>,
) -> Result<visit_report::Model, ServiceError> {
    Ok(visit_report::Entity::find()
        .filter(visit_report::Column::VisitId.eq(visit_id))
        .one(txn)
        .await?
        .unwrap_or(visit_report::Model {
            id: 0,
            visit_id,
            on_the_way_at: None,
            eta_min: None,
            arrived_at: None,
            arrived_lat: None,
            arrived_lng: None,
            pre_checklist: None,
            install_checklist: None,
            commissioning: None,
            materials: None,
            issue_code: None,
            issue_note: None,
            finished_at: None,
            updated_at: now,
        }))
}

async fn save_report(
    txn: &impl ConnectionTrait,
    report: visit_report::Model,
) -> Result<(), ServiceError> {
    let is_new = report.id == 0;
    let mut a = report.into_active_model().reset_all();
    if is_new {
        a.id = sea_orm::ActiveValue::NotSet;
        a.insert(txn).await?;
    } else {
        a.update(txn).await?;
    }
    Ok(())
}

/// What the technicians recorded at a visit, for ops (the order page) and
/// for the app after a reinstall.
pub async fn report(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    visit_id: i32,
) -> Result<Option<visit_report::Model>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    Ok(visit_report::Entity::find()
        .filter(visit_report::Column::VisitId.eq(visit_id))
        .one(db)
        .await?)
}

/// The field reports of an order's visits, as the order page shows them
/// (the caller was checked by the order page).
pub(crate) async fn reports_of_order(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Vec<entity::dto::FieldReportDto>, ServiceError> {
    let visits: Vec<i32> = visit::Entity::find()
        .filter(visit::Column::OrderId.eq(order_id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let reports = visit_report::Entity::find()
        .filter(visit_report::Column::VisitId.is_in(visits.clone()))
        .all(db)
        .await?;
    let photos = visit_photo::Entity::find()
        .filter(visit_photo::Column::VisitId.is_in(visits))
        .filter(visit_photo::Column::CompletedAt.is_not_null())
        .all(db)
        .await?;
    let address =
        order::Entity::find_by_id(order_id)
            .one(db)
            .await?
            .map(|o| crate::routing::Point {
                lat: o.lat,
                lng: o.lng,
            });
    let list = |json: &Option<String>| -> Vec<String> {
        json.as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    };
    Ok(reports
        .into_iter()
        .map(|r| entity::dto::FieldReportDto {
            visit_id: r.visit_id,
            on_the_way_at: r.on_the_way_at.map(|t| t.to_rfc3339()),
            eta_min: r.eta_min,
            arrived_at: r.arrived_at.map(|t| t.to_rfc3339()),
            arrived_metres: match (r.arrived_lat, r.arrived_lng, address) {
                (Some(lat), Some(lng), Some(a)) => Some(
                    crate::routing::haversine_metres(crate::routing::Point { lat, lng }, a).round()
                        as i32,
                ),
                _ => None,
            },
            finished_at: r.finished_at.map(|t| t.to_rfc3339()),
            pre_checklist: list(&r.pre_checklist),
            install_checklist: list(&r.install_checklist),
            commissioning: r
                .commissioning
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok()),
            materials: r
                .materials
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default(),
            issue_code: r.issue_code,
            issue_note: r.issue_note,
            photos: photos
                .iter()
                .filter(|p| p.visit_id == r.visit_id)
                .map(|p| (p.id, p.phase.clone()))
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests;
