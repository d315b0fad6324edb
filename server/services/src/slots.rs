//! Customers choose and move their own installation appointment (002
//! "CUSTOMER PORTAL": appointment scheduling and rescheduling).
//!
//! A slot is a two-hour arrival window (`BOOKABLE_SLOTS`) on a day of the
//! next three weeks whose teams are formed but not yet published: the
//! planner still arranges those days, and a published day keeps what its
//! customers were told. A slot is offered when the visit, with that window,
//! fits some team's route with the day still feasible under the planner's
//! own check (`planning::team_facts` + `rules::feasible`: skills, shift,
//! every visit's window, at most 3 jobs, travel from and back to the
//! depot). Slots are ranked by the extra kilometres they cause.
//!
//! Picking a slot holds it for `HOLD_MINUTES` on the best team: the hold is
//! taken by one conditional `UPDATE day_teams … WHERE booking_version = ?`,
//! so of two customers after the last place one wins. Every route change
//! (the planner's moves, other holds) bumps that version. Confirming puts
//! the visit on that team's day, unpublished, and tells the customer
//! through the outbox; moving it later needs a reason and must happen
//! before the entity's cut-off.

use crate::authz::{authorize, Action};
use crate::booking::{appointment_of, before_cutoff, booking_of, changes_of, installation};
use crate::events::Bus;
use crate::planning::{self, Member};
use crate::routing::{Haversine, Point};
use crate::ServiceError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::domain::planning::{self as rules, BOOKABLE_SLOTS, BOOKING_DAYS, HOLD_MINUTES};
use entity::domain::quotes::side_of;
use entity::domain::time::{amsterdam, clock, local_to_utc};
use entity::domain::workflow::{BOTH_APPROVED, PLANNING};
use entity::domain::{Payer, VisitKind, VisitStatus};
use entity::dto::{
    AccessNotes, AppointmentChangeDto, AppointmentDto, BookingDto, CurrentUser, HoldDto,
    PlanVisitDto, SlotDto, ACCESS_NOTE_MAX,
};
use entity::{
    appointment_change, business_entity, day_team, day_team_member, order, slot_hold, technician,
    technician_absence, visit,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One team's day as the slot search sees it: the team, its people, and its
/// route in order, with the visits other customers hold placed in it.
#[derive(Clone, Debug)]
pub struct TeamDay {
    pub team: day_team::Model,
    pub members: Vec<Member>,
    pub stops: Vec<PlanVisitDto>,
    /// Stops that are another customer's hold, not yet a visit on the team.
    pub held: HashSet<i32>,
}

/// Where a slot would put the visit: the cheapest feasible place.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub date: NaiveDate,
    pub team_id: i32,
    /// Index in `TeamDay::stops` to insert at.
    pub position: usize,
    pub start_min: i32,
    pub end_min: i32,
    pub extra_km: f64,
}

/// Whether `stops` on `day`'s team is a feasible day, and its kilometres.
pub fn check(
    depot: Point,
    day: &TeamDay,
    stops: &[PlanVisitDto],
    travel: &dyn Fn(&[Point]) -> crate::routing::Matrix,
) -> (bool, f64) {
    let (timed, back, km, _) = planning::lane(depot, day.team.shift_start_min, stops, travel);
    let facts = planning::team_facts(&day.team, day.members.clone(), &timed, back);
    (rules::feasible(&facts), km)
}

/// The best place for `visit` in every (day, slot): each slot is tried as
/// the visit's window at every position of every team's route, and kept
/// when the day stays feasible; per (day, slot) the least extra driving
/// wins. Sorted by extra driving, then date and time. A day that is not
/// feasible already gets nothing more.
pub fn search(
    depot: Point,
    days: &[TeamDay],
    visit: &PlanVisitDto,
    slots: &[(i32, i32)],
    travel: &dyn Fn(&[Point]) -> crate::routing::Matrix,
) -> Vec<Offer> {
    let mut best: BTreeMap<(NaiveDate, i32), Offer> = BTreeMap::new();
    for day in days {
        if day.stops.len() >= *rules::WORKLOAD.end() {
            continue;
        }
        let (ok, base_km) = check(depot, day, &day.stops, travel);
        if !ok {
            continue;
        }
        for &(start, end) in slots {
            let mut v = visit.clone();
            v.window_start_min = start;
            v.window_end_min = end;
            for position in 0..=day.stops.len() {
                let mut stops = day.stops.clone();
                stops.insert(position, v.clone());
                let (ok, km) = check(depot, day, &stops, travel);
                if !ok {
                    continue;
                }
                let offer = Offer {
                    date: day.team.date,
                    team_id: day.team.id,
                    position,
                    start_min: start,
                    end_min: end,
                    extra_km: ((km - base_km) * 10.0).round() / 10.0,
                };
                let key = (day.team.date, start);
                if best.get(&key).is_none_or(|b| offer.extra_km < b.extra_km) {
                    best.insert(key, offer);
                }
            }
        }
    }
    let mut out: Vec<Offer> = best.into_values().collect();
    out.sort_by(|a, b| {
        a.extra_km
            .total_cmp(&b.extra_km)
            .then(a.date.cmp(&b.date))
            .then(a.start_min.cmp(&b.start_min))
    });
    out
}

fn haversine(points: &[Point]) -> crate::routing::Matrix {
    Haversine::default().compute(points)
}

/// The unpublished team days from `from` to `to`, with their routes and the
/// visits other customers hold on them (not `visit_id`'s own hold). Teams
/// are read before holds: a hold committed after the teams were read is
/// caught by the `booking_version` check when taking a hold.
pub async fn load_days(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
    visit_id: i32,
    now: DateTime<Utc>,
) -> Result<(Point, Vec<TeamDay>), ServiceError> {
    let depot = planning::depot_point(db).await?;
    let teams = day_team::Entity::find()
        .filter(day_team::Column::Date.between(from, to))
        .filter(day_team::Column::Published.eq(false))
        .order_by_asc(day_team::Column::Date)
        .order_by_asc(day_team::Column::Id)
        .all(db)
        .await?;
    let team_ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let links = day_team_member::Entity::find()
        .filter(day_team_member::Column::DayTeamId.is_in(team_ids.clone()))
        .all(db)
        .await?;
    let people: HashMap<i32, technician::Model> = technician::Entity::find()
        .filter(technician::Column::Id.is_in(links.iter().map(|l| l.technician_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let absences = technician_absence::Entity::find()
        .filter(technician_absence::Column::DateFrom.lte(to))
        .filter(technician_absence::Column::DateTo.gte(from))
        .all(db)
        .await?;
    let on_teams = visit::Entity::find()
        .filter(visit::Column::DayTeamId.is_in(team_ids.clone()))
        .filter(visit::Column::Status.ne(VisitStatus::Cancelled.as_str()))
        .filter(visit::Column::Id.ne(visit_id))
        .order_by_asc(visit::Column::Sequence)
        .order_by_asc(visit::Column::Id)
        .all(db)
        .await?;
    let holds = slot_hold::Entity::find()
        .filter(slot_hold::Column::DayTeamId.is_in(team_ids))
        .filter(slot_hold::Column::ExpiresAt.gt(now))
        .filter(slot_hold::Column::VisitId.ne(visit_id))
        .all(db)
        .await?;
    let held_visits = visit::Entity::find()
        .filter(visit::Column::Id.is_in(holds.iter().map(|h| h.visit_id)))
        .all(db)
        .await?;
    let mut cards = planning::visit_cards(db, &on_teams).await?;
    let mut held_cards = planning::visit_cards(db, &held_visits).await?;
    let mut days = Vec::with_capacity(teams.len());
    for team in teams {
        let members = links
            .iter()
            .filter(|l| l.day_team_id == team.id)
            .filter_map(|l| people.get(&l.technician_id))
            .map(|p| {
                let away = absences
                    .iter()
                    .find(|a| {
                        a.technician_id == p.id
                            && a.date_from <= team.date
                            && a.date_to >= team.date
                    })
                    .map(|a| a.kind.clone());
                (p.name.clone(), planning::skills_of(&p.skills), away)
            })
            .collect();
        let stops = on_teams
            .iter()
            .filter(|v| v.day_team_id == Some(team.id))
            .filter_map(|v| cards.remove(&v.id))
            .collect();
        let mut day = TeamDay {
            team,
            members,
            stops,
            held: HashSet::new(),
        };
        for h in holds.iter().filter(|h| h.day_team_id == day.team.id) {
            let Some(card) = held_cards.remove(&h.visit_id) else {
                continue;
            };
            let slot = [(h.slot_start_min, h.slot_end_min)];
            let at = search(depot, std::slice::from_ref(&day), &card, &slot, &haversine)
                .first()
                .map(|o| o.position)
                .unwrap_or(day.stops.len());
            let mut card = card;
            card.window_start_min = h.slot_start_min;
            card.window_end_min = h.slot_end_min;
            day.held.insert(card.id);
            day.stops.insert(at, card);
        }
        days.push(day);
    }
    Ok((depot, days))
}

/// The order for its customer (or staff), as `portal_order::load`; its
/// partner is answered as if it did not exist.
async fn customer_order(
    db: &impl ConnectionTrait,
    caller: Option<&CurrentUser>,
    number: &str,
) -> Result<(order::Model, CurrentUser), ServiceError> {
    let o = crate::portal_order::load(db, caller, number).await?;
    let caller = caller.ok_or(ServiceError::Unauthenticated)?;
    if side_of(caller.role) == Some(Payer::Partner) {
        return Err(ServiceError::NotFound);
    }
    Ok((o, caller.clone()))
}

/// What the customer's order page shows about the appointment.
pub async fn booking(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
    now: DateTime<Utc>,
) -> Result<BookingDto, ServiceError> {
    let (o, _) = customer_order(db, caller, number).await?;
    booking_of(db, &o, now).await
}

/// The card the search places: the order's installation visit, or (before
/// it exists) what its lines need.
async fn card_for(
    db: &impl ConnectionTrait,
    o: &order::Model,
    v: Option<&visit::Model>,
) -> Result<PlanVisitDto, ServiceError> {
    let model = match v {
        Some(v) => v.clone(),
        None => new_visit(db, o).await?,
    };
    planning::visit_cards(db, std::slice::from_ref(&model))
        .await?
        .remove(&model.id)
        .ok_or(ServiceError::NotFound)
}

/// An (unsaved) installation visit for `o`, from what its lines need.
async fn new_visit(
    db: &impl ConnectionTrait,
    o: &order::Model,
) -> Result<visit::Model, ServiceError> {
    let (skills, minutes) = crate::visits::needs(db, o.id).await?;
    Ok(visit::Model {
        id: 0,
        order_id: o.id,
        kind: VisitKind::Installation.as_str().to_owned(),
        date: None,
        window_start_min: 8 * 60,
        window_end_min: 17 * 60,
        duration_minutes: minutes,
        required_skills: entity::domain::format_skills(&skills),
        day_team_id: None,
        sequence: None,
        pinned: false,
        status: VisitStatus::Unplanned.as_str().to_owned(),
        version: 1,
        slot_start_min: None,
        slot_end_min: None,
    })
}

/// The first day a slot may be on, and the last.
fn horizon(now: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let today = amsterdam(now).date_naive();
    (
        today + Duration::days(1),
        today + Duration::days(BOOKING_DAYS),
    )
}

/// Whether the order may take a slot now: ready and not booked (first
/// booking), or booked and before the cut-off (moving it).
fn may_book(b: &BookingDto) -> Result<(), ServiceError> {
    match b.state.as_str() {
        "choose" => Ok(()),
        "booked" if b.can_reschedule => Ok(()),
        "booked" => Err(ServiceError::Conflict("cutoff".into())),
        _ => Err(ServiceError::Conflict("not_bookable".into())),
    }
}

/// The slots the customer may choose, cheapest detour first.
pub async fn offers(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
    now: DateTime<Utc>,
) -> Result<Vec<SlotDto>, ServiceError> {
    let (o, _) = customer_order(db, caller, number).await?;
    let b = booking_of(db, &o, now).await?;
    may_book(&b)?;
    let v = installation(db, o.id).await?;
    let card = card_for(db, &o, v.as_ref()).await?;
    let (from, to) = horizon(now);
    let (depot, days) = load_days(db, from, to, card.id, now).await?;
    let offered = search(depot, &days, &card, &BOOKABLE_SLOTS, &haversine);
    let own_trip = own_trip_km(depot, &card);
    Ok(slot_dtos(
        &offered,
        own_trip,
        b.cutoff_hours,
        now,
        b.appointment.as_ref(),
    ))
}

/// Kilometres of a trip for this visit alone: depot, customer, depot.
fn own_trip_km(depot: Point, card: &PlanVisitDto) -> f64 {
    let at = Point {
        lat: card.lat,
        lng: card.lng,
    };
    let m = haversine(&[depot, at]);
    (m.metres(0, 1) + m.metres(1, 0)) as f64 / 1000.0
}

fn slot_dtos(
    offered: &[Offer],
    own_trip_km: f64,
    cutoff_hours: i32,
    now: DateTime<Utc>,
    current: Option<&AppointmentDto>,
) -> Vec<SlotDto> {
    let open: Vec<&Offer> = offered
        .iter()
        .filter(|o| before_cutoff(o.date, o.start_min, cutoff_hours, now))
        .filter(|o| {
            current.is_none_or(|c| {
                (c.date.as_str(), c.start_min) != (o.date.to_string().as_str(), o.start_min)
            })
        })
        .collect();
    open.into_iter()
        .map(|o| SlotDto {
            date: o.date.to_string(),
            start_min: o.start_min,
            end_min: o.end_min,
            extra_km: o.extra_km,
            greener: rules::greener(o.extra_km, own_trip_km),
        })
        .collect()
}

/// Holds the slot `date` `start_min` for the customer for `HOLD_MINUTES`
/// on the team where it costs least. Errors: `Invalid("slot")` for a slot
/// that is not bookable, `Conflict("slot_taken")` when it no longer fits
/// (somebody else took the place), `Conflict("cutoff")`/`("not_bookable")`.
pub async fn hold(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
    date: NaiveDate,
    start_min: i32,
    now: DateTime<Utc>,
) -> Result<HoldDto, ServiceError> {
    let slot = BOOKABLE_SLOTS
        .iter()
        .copied()
        .find(|s| s.0 == start_min)
        .ok_or_else(|| ServiceError::Invalid("slot".into()))?;
    let (from, to) = horizon(now);
    if date < from || date > to {
        return Err(ServiceError::Invalid("slot".into()));
    }
    let txn = crate::db::begin_write(db).await?;
    let (o, caller) = customer_order(&txn, caller, number).await?;
    let b = booking_of(&txn, &o, now).await?;
    may_book(&b)?;
    if !before_cutoff(date, start_min, b.cutoff_hours, now) {
        return Err(ServiceError::Invalid("slot".into()));
    }
    let v = match installation(&txn, o.id).await? {
        Some(v) => v,
        None => {
            let mut fresh: visit::ActiveModel = new_visit(&txn, &o).await?.into();
            fresh.id = sea_orm::ActiveValue::NotSet;
            fresh.insert(&txn).await?
        }
    };
    let card = card_for(&txn, &o, Some(&v)).await?;
    let (depot, days) = load_days(&txn, date, date, v.id, now).await?;
    let offer = search(depot, &days, &card, &[slot], &haversine)
        .into_iter()
        .next()
        .ok_or_else(|| ServiceError::Conflict("slot_taken".into()))?;
    let team = &days
        .iter()
        .find(|d| d.team.id == offer.team_id)
        .ok_or(ServiceError::NotFound)?
        .team;
    take_route(&txn, team).await?;
    slot_hold::Entity::delete_many()
        .filter(slot_hold::Column::VisitId.eq(v.id))
        .exec(&txn)
        .await?;
    let expires = now + Duration::minutes(HOLD_MINUTES);
    slot_hold::ActiveModel {
        visit_id: Set(v.id),
        day_team_id: Set(team.id),
        date: Set(date),
        slot_start_min: Set(slot.0),
        slot_end_min: Set(slot.1),
        user_id: Set(Some(caller.user_id)),
        expires_at: Set(expires),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(HoldDto {
        date: date.to_string(),
        start_min: slot.0,
        end_min: slot.1,
        until: amsterdam(expires).format("%H:%M").to_string(),
    })
}

/// The one check of a hold or booking: the team's route is still the one
/// the search saw (`booking_version`), and this write moves it on.
async fn take_route(db: &impl ConnectionTrait, team: &day_team::Model) -> Result<(), ServiceError> {
    let done = day_team::Entity::update_many()
        .col_expr(
            day_team::Column::BookingVersion,
            Expr::col(day_team::Column::BookingVersion).add(1),
        )
        .filter(day_team::Column::Id.eq(team.id))
        .filter(day_team::Column::BookingVersion.eq(team.booking_version))
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        Ok(())
    } else {
        Err(ServiceError::Conflict("slot_taken".into()))
    }
}

/// Lets go of the customer's held slot (to choose another).
pub async fn release(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
) -> Result<(), ServiceError> {
    let (o, _) = customer_order(db, caller, number).await?;
    if let Some(v) = installation(db, o.id).await? {
        slot_hold::Entity::delete_many()
            .filter(slot_hold::Column::VisitId.eq(v.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Confirms the held slot: the visit goes on that team's day (unpublished,
/// so the planner keeps control) with the slot as its window, the order
/// moves on to planning, and the customer is sent the confirmation. A
/// move of a booked appointment needs a `reason` (`Invalid("reason")`);
/// an expired or missing hold is `Conflict("hold_expired")`.
pub async fn confirm(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    number: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<BookingDto, ServiceError> {
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(400).collect::<String>());
    let txn = crate::db::begin_write(db).await?;
    let (o, caller) = customer_order(&txn, caller, number).await?;
    let b = booking_of(&txn, &o, now).await?;
    may_book(&b)?;
    let v = installation(&txn, o.id)
        .await?
        .ok_or_else(|| ServiceError::Conflict("hold_expired".into()))?;
    let h = slot_hold::Entity::find()
        .filter(slot_hold::Column::VisitId.eq(v.id))
        .filter(slot_hold::Column::ExpiresAt.gt(now))
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::Conflict("hold_expired".into()))?;
    let moving = b.appointment.clone();
    if moving.is_some() && reason.is_none() {
        return Err(ServiceError::Invalid("reason".into()));
    }
    // The held team's day, without this visit, must still take it.
    let card = card_for(&txn, &o, Some(&v)).await?;
    let (depot, days) = load_days(&txn, h.date, h.date, v.id, now).await?;
    let day = days
        .into_iter()
        .find(|d| d.team.id == h.day_team_id)
        .ok_or_else(|| ServiceError::Conflict("slot_taken".into()))?;
    let offer = search(
        depot,
        std::slice::from_ref(&day),
        &card,
        &[(h.slot_start_min, h.slot_end_min)],
        &haversine,
    )
    .into_iter()
    .next()
    .ok_or_else(|| ServiceError::Conflict("slot_taken".into()))?;
    take_route(&txn, &day.team).await?;
    let from_team = match v.day_team_id {
        Some(t) => day_team::Entity::find_by_id(t).one(&txn).await?,
        None => None,
    };
    if let Some(old) = &from_team {
        let rest: Vec<i32> = planning::lane_ids(&txn, old.id)
            .await?
            .into_iter()
            .filter(|id| *id != v.id)
            .collect();
        planning::write_lane(&txn, old, &rest).await?;
    }
    // The route in the planner's order, the visit where it costs least
    // (other customers' holds are not on it yet).
    let before: usize = day.stops[..offer.position]
        .iter()
        .filter(|s| !day.held.contains(&s.id))
        .count();
    let mut ids: Vec<i32> = planning::lane_ids(&txn, day.team.id)
        .await?
        .into_iter()
        .filter(|id| *id != v.id)
        .collect();
    ids.insert(before.min(ids.len()), v.id);
    visit::Entity::update_many()
        .col_expr(visit::Column::WindowStartMin, Expr::value(h.slot_start_min))
        .col_expr(visit::Column::WindowEndMin, Expr::value(h.slot_end_min))
        .col_expr(
            visit::Column::SlotStartMin,
            Expr::value(Some(h.slot_start_min)),
        )
        .col_expr(visit::Column::SlotEndMin, Expr::value(Some(h.slot_end_min)))
        .col_expr(visit::Column::Pinned, Expr::value(false))
        .filter(visit::Column::Id.eq(v.id))
        .exec(&txn)
        .await?;
    planning::write_lane(&txn, &day.team, &ids).await?;
    slot_hold::Entity::delete_many()
        .filter(slot_hold::Column::VisitId.eq(v.id))
        .exec(&txn)
        .await?;
    let after_publishing = from_team.as_ref().is_some_and(|t| t.published);
    appointment_change::ActiveModel {
        order_id: Set(o.id),
        visit_id: Set(v.id),
        kind: Set(if moving.is_some() {
            "rescheduled"
        } else {
            "booked"
        }
        .into()),
        from_date: Set(moving.as_ref().and_then(|a| a.date.parse().ok())),
        from_start_min: Set(moving.as_ref().map(|a| a.start_min)),
        from_end_min: Set(moving.as_ref().map(|a| a.end_min)),
        to_date: Set(h.date),
        to_start_min: Set(h.slot_start_min),
        to_end_min: Set(h.slot_end_min),
        reason: Set(reason.clone()),
        after_publishing: Set(after_publishing),
        by_user_id: Set(Some(caller.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::audit::record(
        &txn,
        Some(caller.user_id),
        "visits",
        v.id,
        if moving.is_some() {
            "visit_moved"
        } else {
            "appointment_booked"
        },
        serde_json::json!({
            "order": o.order_number,
            "from": from_team.as_ref().map(|t| (t.name.clone(), t.date)),
            "to": (day.team.name.clone(), h.date),
            "slot": [h.slot_start_min, h.slot_end_min],
            "reason": reason,
            "by": "customer",
            "after_publishing": after_publishing,
        }),
        now,
    )
    .await?;
    // A first booking moves the order into planning (the planner publishes
    // the day and schedules it).
    let mut o = o;
    if o.status == BOTH_APPROVED
        && crate::transition::apply_move(
            &txn,
            o.clone(),
            o.version,
            PLANNING,
            None,
            Some(caller.user_id),
            now,
        )
        .await?
        .is_ok()
    {
        o = order::Entity::find_by_id(o.id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
    }
    use crate::domain_events::{Appointment, DomainEvent};
    let appointment = Appointment {
        date: h.date,
        from_min: h.slot_start_min,
        to_min: h.slot_end_min,
        team: day.team.name.clone(),
    };
    let event = if moving.is_some() {
        DomainEvent::VisitMoved {
            order_id: o.id,
            visit_id: v.id,
            appointment,
        }
    } else {
        DomainEvent::VisitScheduled {
            order_id: o.id,
            visit_id: v.id,
            appointment,
        }
    };
    crate::transition::visit_event(&txn, &o, event, now).await?;
    txn.commit().await?;
    if let Some(old) = from_team.as_ref().filter(|t| t.published) {
        // The old route was published: its other customers hear of slots
        // that moved, as after a planner's move.
        planning::refresh_slots(db, old.date, now).await?;
    }
    let dates: HashSet<NaiveDate> = from_team.iter().map(|t| t.date).chain([h.date]).collect();
    for d in dates {
        planning::announce(bus, d, Some(&caller), "booking");
    }
    crate::pipeline::announce(db, bus, o.id).await?;
    booking_of(db, &o, now).await
}

/// Saves what the installer should know (parking, meter cabinet, pets).
/// Errors: `Invalid(field)` for a note over `ACCESS_NOTE_MAX` characters.
pub async fn save_access(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
    notes: &AccessNotes,
    now: DateTime<Utc>,
) -> Result<AccessNotes, ServiceError> {
    let (o, caller) = customer_order(db, caller, number).await?;
    let clean = AccessNotes {
        parking: notes.parking.trim().to_owned(),
        meter_cabinet: notes.meter_cabinet.trim().to_owned(),
        pets: notes.pets.trim().to_owned(),
        other: notes.other.trim().to_owned(),
    };
    for (field, text) in [
        ("parking", &clean.parking),
        ("meter_cabinet", &clean.meter_cabinet),
        ("pets", &clean.pets),
        ("other", &clean.other),
    ] {
        if text.chars().count() > ACCESS_NOTE_MAX {
            return Err(ServiceError::Invalid(field.into()));
        }
    }
    let stored = if clean.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&clean).map_err(|e| ServiceError::Internal(e.to_string()))?)
    };
    let txn = crate::db::begin_write(db).await?;
    order::Entity::update_many()
        .col_expr(order::Column::AccessNotes, Expr::value(stored))
        .filter(order::Column::Id.eq(o.id))
        .exec(&txn)
        .await?;
    crate::audit::record(
        &txn,
        Some(caller.user_id),
        "orders",
        o.id,
        "access_notes_saved",
        serde_json::to_value(&clean).unwrap_or_default(),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(clean)
}

/// The appointment as a calendar file (iCalendar), for the customer.
pub async fn ics(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
) -> Result<String, ServiceError> {
    use icalendar::{Component, EventLike};
    let (o, _) = customer_order(db, caller, number).await?;
    let v = installation(db, o.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let a = appointment_of(&v).ok_or(ServiceError::NotFound)?;
    let date: NaiveDate = a.date.parse().map_err(|_| ServiceError::NotFound)?;
    let brand = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .map(|b| b.brand)
        .unwrap_or_default();
    let link = format!(
        "{}{}",
        crate::runtime::public_url(),
        entity::paths::order(entity::domain::Portal::Customer, &o.order_number)
    );
    let event = icalendar::Event::new()
        .uid(&format!("{}-visit-{}@chargecars", o.order_number, v.id))
        .summary(&format!("Installatie laadpaal ({brand})"))
        .description(&format!(
            "Ordernummer {}. Het team komt tussen {} en {}. Wijzigen: {link}",
            o.order_number,
            clock(a.start_min),
            clock(a.end_min)
        ))
        .location(&format!(
            "{} {}, {} {}",
            o.street, o.house_number, o.postcode, o.city
        ))
        .starts(local_to_utc(date, a.start_min))
        .ends(local_to_utc(date, a.end_min))
        .timestamp(Utc::now())
        .done();
    Ok(icalendar::Calendar::new()
        .name(&format!("{brand} afspraak"))
        .push(event)
        .done()
        .to_string())
}

/// Bookings and moves of appointments, newest first, with how often each
/// order moved (for ops; `order` narrows to one order).
pub async fn changes(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<AppointmentChangeDto>, ServiceError> {
    authorize(caller, Action::ManagePipeline)?;
    changes_of(db, None).await
}

#[cfg(test)]
mod tests;
