//! `GET /api/events/orders`: server-sent events with every order change, for
//! the ops board. Only callers who may open the operations portal listen.
//!
//! A stream belongs to the session that opened it: it ends soon after that
//! session does (sign-out, expiry, deactivation), and one session holds at
//! most `Streams::per_session` of them.

use app::error::AppError;
use axum::extract::{Extension, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use services::auth::{self, Caller, SessionKey};
use services::authz::{authorize, Action};
use services::events::Bus;
use services::ServiceError;
use std::time::Duration;

/// The open event streams per session, and how often a stream checks that
/// its session still lives.
#[derive(Clone, Debug)]
pub struct Streams {
    open: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
    pub per_session: usize,
    pub check_every: Duration,
}

impl Default for Streams {
    fn default() -> Self {
        Streams::new(6, Duration::from_secs(15))
    }
}

/// One session's place among the open streams; given back when the stream
/// is dropped.
struct Slot {
    open: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
    session: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut m) = self.open.lock() {
            if let Some(n) = m.get_mut(&self.session) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&self.session);
                }
            }
        }
    }
}

impl Streams {
    pub fn new(per_session: usize, check_every: Duration) -> Self {
        Streams {
            open: Default::default(),
            per_session,
            check_every,
        }
    }

    /// How many streams are open in all.
    pub fn open_count(&self) -> usize {
        self.open.lock().map(|m| m.values().sum()).unwrap_or(0)
    }

    fn take(&self, session: &str) -> Option<Slot> {
        let mut m = self.open.lock().ok()?;
        let n = m.entry(session.to_owned()).or_default();
        if *n >= self.per_session {
            return None;
        }
        *n += 1;
        Some(Slot {
            open: self.open.clone(),
            session: session.to_owned(),
        })
    }
}

/// Who may listen, and their place: 401/403 as for the portal, 429 when the
/// session has its streams open already.
fn admit(
    caller: &Caller,
    session: Option<&SessionKey>,
    streams: &Streams,
) -> Result<(Slot, String), AppError> {
    if let Err(denied) = authorize(
        caller.0.as_ref(),
        Action::OpenPortal(entity::domain::Portal::Operations),
    ) {
        return Err(AppError::from(ServiceError::from(denied)));
    }
    let Some(SessionKey(key)) = session else {
        return Err(AppError::from(ServiceError::Unauthenticated));
    };
    let slot = streams.take(key).ok_or_else(|| {
        AppError::from(ServiceError::RateLimited {
            retry_after_minutes: 1,
        })
    })?;
    Ok((slot, key.clone()))
}

/// `events` for as long as the session `key` lives, checked every
/// `check_every`; the slot is held until the stream ends.
fn while_signed_in<S>(
    events: S,
    db: DatabaseConnection,
    key: String,
    slot: Slot,
    check_every: Duration,
) -> impl futures::Stream<Item = Result<Event, std::convert::Infallible>>
where
    S: futures::Stream<Item = Result<Event, std::convert::Infallible>> + Send + 'static,
{
    let mut tick = tokio::time::interval(check_every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let state = (Box::pin(events), tick, db, key, slot);
    futures::stream::unfold(state, |(mut events, mut tick, db, key, slot)| async move {
        loop {
            tokio::select! {
                next = futures::StreamExt::next(&mut events) => {
                    return next.map(|e| (e, (events, tick, db, key, slot)));
                }
                _ = tick.tick() => {
                    // A database hiccup keeps the stream; a gone session ends it.
                    if let Ok(false) = auth::session_alive(&db, &key, chrono::Utc::now()).await {
                        return None;
                    }
                }
            }
        }
    })
}

pub async fn orders(
    State(bus): State<Bus>,
    State(db): State<DatabaseConnection>,
    State(streams): State<Streams>,
    Extension(caller): Extension<Caller>,
    session: Option<Extension<SessionKey>>,
) -> Response {
    let (slot, key) = match admit(&caller, session.as_ref().map(|e| &e.0), &streams) {
        Ok(admitted) => admitted,
        Err(refusal) => return refusal.into_response(),
    };
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
    let stream = while_signed_in(stream, db, key, slot, streams.check_every);
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
    State(db): State<DatabaseConnection>,
    State(streams): State<Streams>,
    Extension(caller): Extension<Caller>,
    session: Option<Extension<SessionKey>>,
    axum::extract::Query(q): axum::extract::Query<DayQuery>,
) -> Response {
    if chrono::NaiveDate::parse_from_str(&q.date, "%Y-%m-%d").is_err() {
        return AppError::Invalid("date".to_owned()).into_response();
    }
    let (slot, key) = match admit(&caller, session.as_ref().map(|e| &e.0), &streams) {
        Ok(admitted) => admitted,
        Err(refusal) => return refusal.into_response(),
    };
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
    let stream = while_signed_in(stream, db, key, slot, streams.check_every);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response()
}
