//! The field app's outbox (issue 19): every action of a visit is written to
//! IndexedDB first (`app/js/field_queue.js`), with a UUID the phone makes,
//! and sent when there is a connection. Photos go first, in chunks that
//! resume where the server is; then the commands, in the order they were
//! made. What the server could not apply stays in the list with its reason
//! until the technician has seen it.

use entity::domain::field::{FieldAction, FieldCommand, FieldReply};
use entity::dto::PhotoStartDto;
use serde::{Deserialize, Serialize};

/// Base64 characters per photo chunk: 96 KiB of bytes (a multiple of 3, so
/// that every chunk but the last is whole base64), well under the server's
/// 128 KiB.
pub const CHUNK_CHARS: usize = 131_072;

/// One thing waiting to be sent, or sent and answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    /// Order of making (milliseconds, plus a counter).
    pub seq: f64,
    pub visit_id: i32,
    /// `queued`, `applied`, `conflict` or `invalid`.
    pub state: String,
    /// The server's reason for a conflict, or the invalid fields.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub command: Option<FieldCommand>,
    #[serde(default)]
    pub photo: Option<Photo>,
}

/// A photo to upload: its start and its bytes as base64 (no `data:` prefix).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub start: PhotoStartDto,
    pub data: String,
}

impl Entry {
    pub fn queued(&self) -> bool {
        self.state == "queued"
    }

    /// The step this entry records (`on_the_way`, …, `photo`).
    pub fn step(&self) -> &'static str {
        match (&self.command, &self.photo) {
            (Some(c), _) => c.action.kind(),
            _ => "photo",
        }
    }
}

/// The number of bytes a base64 text stands for.
pub fn base64_len(data: &str) -> usize {
    let pad = data.bytes().rev().take_while(|b| *b == b'=').count();
    data.len() / 4 * 3 - pad
}

/// Where in the base64 text to go on, given the bytes the server has
/// (always at a chunk boundary, a multiple of 3 bytes).
pub fn resume_char(received_bytes: usize) -> usize {
    received_bytes / 3 * 4
}

/// The commands to send now, in order: every queued command up to (not
/// including) a completion of a visit whose photos are still waiting, so
/// that the signature never arrives before the photos it needs.
pub fn sendable(entries: &[Entry]) -> Vec<FieldCommand> {
    let waiting_photos: Vec<i32> = entries
        .iter()
        .filter(|e| e.queued() && e.photo.is_some())
        .map(|e| e.visit_id)
        .collect();
    let mut out = Vec::new();
    for e in entries.iter().filter(|e| e.queued()) {
        let Some(c) = &e.command else { continue };
        if matches!(c.action, FieldAction::Complete { .. }) && waiting_photos.contains(&c.visit_id)
        {
            break;
        }
        out.push(c.clone());
    }
    out
}

/// Applies the server's answers to the entries they answer.
pub fn record_replies(entries: &mut [Entry], replies: &[FieldReply]) {
    for r in replies {
        let Some(e) = entries.iter_mut().find(|e| e.id == r.id()) else {
            continue;
        };
        match r {
            FieldReply::Applied { .. } => {
                e.state = "applied".into();
                e.code = None;
            }
            FieldReply::Conflict { code, .. } => {
                e.state = "conflict".into();
                e.code = Some(code.clone());
            }
            FieldReply::Invalid { fields, .. } => {
                e.state = "invalid".into();
                e.code = Some(fields.join(","));
            }
        }
    }
}

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/field_queue.js")]
    extern "C" {
        #[wasm_bindgen(js_name = outboxPut, catch)]
        pub async fn outbox_put(json: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = outboxAll, catch)]
        pub async fn outbox_all() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = cachePut, catch)]
        pub async fn cache_put(key: &str, json: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = cacheGet, catch)]
        pub async fn cache_get(key: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = newId)]
        pub fn new_id() -> String;
        #[wasm_bindgen(js_name = isOnline)]
        pub fn is_online() -> bool;
        #[wasm_bindgen(js_name = registerWorker)]
        pub fn register_worker();
        #[wasm_bindgen(js_name = requestBackgroundSync)]
        pub async fn request_background_sync() -> JsValue;
        #[wasm_bindgen(js_name = keepPages)]
        pub async fn keep_pages(json: &str) -> JsValue;
        #[wasm_bindgen(js_name = position)]
        pub async fn position() -> JsValue;
        #[wasm_bindgen(js_name = onWorkerSync)]
        pub fn on_worker_sync(cb: &JsValue);
    }
}

/// A new UUID for a command or photo.
pub fn new_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        js::new_id()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// Installs the service worker that keeps the technician's pages for
/// offline use.
pub fn register_worker() {
    #[cfg(feature = "hydrate")]
    js::register_worker();
}

/// Asks the browser to send what waits once the connection is back, even
/// if the app is closed by then (Background Sync, where the browser has
/// it; the service worker does the sending).
pub fn request_background_sync() {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async {
        js::request_background_sync().await;
    });
}

/// The key a day's schedule is kept under on the phone.
pub fn day_key(date: &str) -> String {
    format!("day:{date}")
}

/// Keeps a day's route and every visit page of it for use without a
/// connection: the schedule in IndexedDB, the pages in the service
/// worker's cache.
pub async fn keep_day(d: &entity::dto::MyDayDto) {
    if let Ok(json) = serde_json::to_string(d) {
        cache_put(&day_key(&d.date), &json).await;
    }
    #[cfg(feature = "hydrate")]
    {
        let mut pages = vec![entity::paths::technician::day(&d.date)];
        pages.extend(
            d.stops
                .iter()
                .map(|s| entity::paths::technician::visit(s.visit_id, &d.date)),
        );
        if let Ok(json) = serde_json::to_string(&pages) {
            js::keep_pages(&json).await;
        }
    }
}

/// The phone's position (latitude, longitude), if the technician allows
/// it; `None` when not or when none comes within a few seconds.
pub async fn position() -> Option<(f64, f64)> {
    #[cfg(feature = "hydrate")]
    {
        let text = js::position().await.as_string().unwrap_or_default();
        let (lat, lng) = text.split_once(',')?;
        Some((lat.parse().ok()?, lng.parse().ok()?))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Runs `f` when the service worker asks this page to send (a Background
/// Sync fired while the app is open: the page sends, photos included).
pub fn on_worker_sync(f: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
        js::on_worker_sync(&cb.into_js_value());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Every entry, oldest first (none on the server).
pub async fn all() -> Vec<Entry> {
    #[cfg(feature = "hydrate")]
    {
        js::outbox_all()
            .await
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Vec::new()
    }
}

/// Stores an entry; false when the phone's storage refused it.
pub async fn put(e: &Entry) -> bool {
    #[cfg(feature = "hydrate")]
    {
        match serde_json::to_string(e) {
            Ok(json) => js::outbox_put(&json).await.is_ok(),
            Err(_) => false,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = e;
        false
    }
}

/// Keeps JSON under `key` for when there is no connection.
pub async fn cache_put(key: &str, json: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = js::cache_put(key, json).await;
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, json);
    }
}

pub async fn cache_get(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        js::cache_get(key)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

pub fn online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        js::is_online()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}

/// The time now, in milliseconds (the order of making).
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// The time now as RFC 3339 (the phone's clock).
pub fn now_rfc3339() -> String {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::new_0().to_iso_string().into()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// The time now by the phone's clock (chrono cannot read the clock in the
/// browser by itself).
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(&now_rfc3339())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default()
}

/// Sends what waits: photos first (each resumes where the server is), then
/// the commands. Stops at the first network failure; what is not sent
/// stays queued. Returns the entries as they are now.
pub async fn sync() -> Vec<Entry> {
    use crate::api::field::{field_photo_chunk, field_photo_start, field_sync};
    let mut entries = all().await;
    if !online() {
        return entries;
    }
    for i in 0..entries.len() {
        if !entries[i].queued() {
            continue;
        }
        let Some(photo) = entries[i].photo.clone() else {
            continue;
        };
        let Ok(mut state) = field_photo_start(photo.start.clone()).await else {
            return entries;
        };
        while !state.complete {
            let at = resume_char(state.received_bytes as usize);
            let end = (at + CHUNK_CHARS).min(photo.data.len());
            let chunk = photo.data[at..end].to_owned();
            match field_photo_chunk(photo.start.client_id.clone(), state.received_bytes, chunk)
                .await
            {
                Ok(s) => state = s,
                Err(crate::error::AppError::Invalid(code)) => {
                    entries[i].state = "invalid".into();
                    entries[i].code = Some(code);
                    put(&entries[i]).await;
                    break;
                }
                Err(_) => return entries,
            }
        }
        if state.complete {
            entries[i].state = "applied".into();
            put(&entries[i]).await;
        }
    }
    let batch: Vec<FieldCommand> = sendable(&entries)
        .into_iter()
        .take(entity::domain::field::MAX_BATCH)
        .collect();
    if batch.is_empty() {
        return entries;
    }
    let Ok(replies) = field_sync(batch).await else {
        return entries;
    };
    record_replies(&mut entries, &replies);
    for e in entries
        .iter()
        .filter(|e| replies.iter().any(|r| r.id() == e.id))
    {
        put(e).await;
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(id: &str, visit_id: i32, action: FieldAction) -> Entry {
        Entry {
            id: id.into(),
            seq: 0.0,
            visit_id,
            state: "queued".into(),
            code: None,
            command: Some(FieldCommand {
                id: id.into(),
                visit_id,
                planned_date: "2026-12-07".into(),
                done_at: String::new(),
                action,
            }),
            photo: None,
        }
    }

    #[test]
    fn a_signature_waits_for_the_photos_of_its_visit() {
        let photo = Entry {
            id: "p".into(),
            photo: Some(Photo {
                start: PhotoStartDto {
                    client_id: "p".into(),
                    visit_id: 1,
                    phase: "before".into(),
                    content_type: "image/jpeg".into(),
                    size_bytes: 3,
                    taken_at: chrono::Utc::now(),
                },
                data: "AAAA".into(),
            }),
            command: None,
            ..cmd("p", 1, FieldAction::OnTheWay { eta_min: 1 })
        };
        let sign = FieldAction::Complete {
            signed_by_name: "K".into(),
            signature: "M1 1 L2 2 L3 3".into(),
        };
        let mut entries = vec![
            cmd("a", 1, FieldAction::OnTheWay { eta_min: 10 }),
            photo,
            cmd("b", 1, sign),
            cmd("c", 1, FieldAction::Materials { used: vec![] }),
        ];
        let ids = |v: Vec<FieldCommand>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(sendable(&entries)), ["a"]);
        entries[1].state = "applied".into();
        assert_eq!(ids(sendable(&entries)), ["a", "b", "c"]);
        record_replies(
            &mut entries,
            &[
                FieldReply::Applied { id: "a".into() },
                FieldReply::Conflict {
                    id: "b".into(),
                    code: "visit_moved".into(),
                },
            ],
        );
        assert_eq!(entries[0].state, "applied");
        assert_eq!(
            (entries[2].state.as_str(), entries[2].code.as_deref()),
            ("conflict", Some("visit_moved"))
        );
        assert_eq!(ids(sendable(&entries)), ["c"]);
    }

    #[test]
    fn photo_chunks_resume_on_whole_base64() {
        assert_eq!(base64_len("QUJD"), 3);
        assert_eq!(base64_len("QUI="), 2);
        assert_eq!(CHUNK_CHARS % 4, 0);
        // The server has two whole chunks: go on after them.
        let bytes = CHUNK_CHARS / 4 * 3;
        assert_eq!(resume_char(2 * bytes), 2 * CHUNK_CHARS);
    }
}
