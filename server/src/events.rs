//! `GET /api/events/orders`: server-sent events with every order change, for
//! the ops board. Only callers who may open the operations portal listen.

use app::error::AppError;
use axum::extract::{Extension, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use services::auth::Caller;
use services::authz::{authorize, Action};
use services::events::Bus;
use services::ServiceError;
use std::time::Duration;

pub async fn orders(State(bus): State<Bus>, Extension(caller): Extension<Caller>) -> Response {
    if let Err(denied) = authorize(
        caller.0.as_ref(),
        Action::OpenPortal(entity::domain::Portal::Operations),
    ) {
        return AppError::from(ServiceError::from(denied)).into_response();
    }
    let rx = bus.subscribe();
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(e) => Event::default()
                .event("order")
                .json_data(&e)
                .unwrap_or_else(|_| Event::default().comment("unserialisable")),
            // A slow listener missed some: tell it to reload everything.
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                Event::default().event("reload").data("lagged")
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok::<_, std::convert::Infallible>(event), rx))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response()
}

#[derive(serde::Deserialize)]
pub struct DayQuery {
    date: String,
}

/// `GET /api/events/planning?date=2026-11-25`: every change to that
/// planning day (teams, members, routes, publication), for open boards.
pub async fn planning(
    State(bus): State<Bus>,
    Extension(caller): Extension<Caller>,
    axum::extract::Query(q): axum::extract::Query<DayQuery>,
) -> Response {
    if let Err(denied) = authorize(
        caller.0.as_ref(),
        Action::OpenPortal(entity::domain::Portal::Operations),
    ) {
        return AppError::from(ServiceError::from(denied)).into_response();
    }
    if chrono::NaiveDate::parse_from_str(&q.date, "%Y-%m-%d").is_err() {
        return AppError::Invalid("date".to_owned()).into_response();
    }
    let rx = bus.subscribe_days();
    let date = q.date;
    let stream = futures::stream::unfold((rx, date), |(mut rx, date)| async move {
        loop {
            let event = match rx.recv().await {
                Ok(e) if e.date == date => Event::default()
                    .event("day")
                    .json_data(&e)
                    .unwrap_or_else(|_| Event::default().comment("unserialisable")),
                Ok(_) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    Event::default().event("day").data("lagged")
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            };
            return Some((Ok::<_, std::convert::Infallible>(event), (rx, date)));
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response()
}
