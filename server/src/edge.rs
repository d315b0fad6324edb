//! The web edge, in front of every route: request size and time limits,
//! a same-origin check for state-changing requests (CSRF, including login
//! CSRF), the accepted request body types, and security headers on every
//! answer. Pages, server functions and plain routes all pass through it.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The limits of the edge (`server::config` reads them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// `MAX_BODY_BYTES`: the largest request body of an ordinary request.
    pub body_bytes: usize,
    /// `MAX_UPLOAD_BYTES`: the largest body of the routes that take a
    /// photo or a logo (`UPLOAD_PATHS`).
    pub upload_bytes: usize,
    /// `REQUEST_TIMEOUT_SECS`: how long a request may take (the live
    /// event streams are exempt).
    pub timeout: Duration,
    /// `PAGE_STALL_SECS`: after how long a page render that has not
    /// answered is started again (`render_page`).
    pub page_stall: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 256 * 1024,
            upload_bytes: 8 * 1024 * 1024,
            // The optimiser may search for up to 60 s (`optimise_budget_secs`).
            timeout: Duration::from_secs(90),
            // Pages render in well under a second, even at ten times the
            // demo volume.
            page_stall: Duration::from_secs(8),
        }
    }
}

/// Routes whose body carries a file (base64 in JSON, or a raw mail with its
/// attachments): the inbound e-mail webhook, the intake photo, a service
/// request's photos, an entity's logo and a partner's lead file.
pub const UPLOAD_PATHS: [&str; 7] = [
    "/api/intake/submit",
    "/api/partner/leads/import/preview",
    "/api/partner/leads/import/run",
    "/api/field/photo/chunk",
    "/api/service/file",
    "/api/admin/entities/logo",
    "/api/webhooks/email",
];

fn limit_for(limits: &Limits, path: &str) -> usize {
    if UPLOAD_PATHS.contains(&path) {
        limits.upload_bytes
    } else {
        limits.body_bytes
    }
}

/// A refusal at the edge: `{"error": code}`, or the partner API's problem
/// shape under `/api/v1`.
fn refuse_at(path: &str, status: StatusCode, code: &str) -> Response {
    if path.starts_with("/api/v1") {
        return crate::api_v1::problem(status, code, "The request was refused at the edge.");
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        format!(r#"{{"error":"{code}"}}"#),
    )
        .into_response()
}

/// Whether a browser says the request comes from another site: its
/// `Origin` names another host than the one it was sent to, or its
/// `Sec-Fetch-Site` says `cross-site`. Requests without either header (not
/// from a browser) cannot carry a victim's cookie by accident.
pub fn cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    // An opaque origin (sandboxed frame, file:) is never ours.
    let Some(origin_host) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return true;
    };
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok());
    host.is_none_or(|h| !h.eq_ignore_ascii_case(origin_host))
}

/// Body types a state-changing request may have. `text/plain` (which a
/// page on another site may post without asking) is not one of them;
/// `message/rfc822` is the inbound e-mail webhook's raw mail (a browser
/// must ask before sending it cross-site, like JSON).
fn accepted_body(headers: &HeaderMap, has_body: bool) -> bool {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return !has_body;
    };
    let ct = ct.to_str().unwrap_or_default().to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or_default().trim();
    matches!(
        essence,
        "application/json"
            | "application/x-www-form-urlencoded"
            | "multipart/form-data"
            | "application/cbor"
            | "message/rfc822"
    )
}

/// The edge itself (see the module text).
pub async fn guard(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let changes_state = !matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if changes_state && cross_site(req.headers()) {
        return refuse_at(&path, StatusCode::FORBIDDEN, "cross_site");
    }
    let limit = limit_for(&limits, &path);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refuse_at(&path, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    }
    if changes_state {
        let has_body = declared.is_none_or(|n| n > 0);
        if !accepted_body(req.headers(), has_body) {
            return refuse_at(
                &path,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            );
        }
    }
    // A body without a declared length is read here, up to the limit, so
    // that nothing behind the edge ever holds more.
    let req = if declared.is_none() && changes_state {
        let (parts, body) = req.into_parts();
        match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => Request::from_parts(parts, Body::from(bytes)),
            Err(_) => return refuse_at(&path, StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        }
    } else {
        req
    };
    let streaming = path.starts_with("/api/events/");
    let mut res = if streaming {
        next.run(req).await
    } else {
        let run = async {
            if changes_state || path.starts_with("/api/") {
                next.run(req).await
            } else {
                render_page(limits.page_stall, req, next).await
            }
        };
        match tokio::time::timeout(limits.timeout, run).await {
            Ok(res) => res,
            Err(_) => {
                tracing::warn!(%path, "request timed out");
                let mut r = refuse_at(&path, StatusCode::SERVICE_UNAVAILABLE, "timeout");
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                r
            }
        }
    };
    security_headers(res.headers_mut());
    res
}

/// Renders a page (a GET or HEAD outside `/api/`), and renders it once more
/// when the first render has not answered after `stall`.
///
/// Why: Leptos 0.8's server rendering can lose a wake-up while a
/// `<Suspense>` waits for its resources, and the render then never finishes
/// (leptos-rs/leptos#4578, #4647, #4673; 0.8.23, the newest release, fixed
/// one such window but not all of them). We saw it in our own access tests:
/// about one run in five, a page that renders in milliseconds hung until
/// the request timeout whenever another test rendered at the same time.
/// Every page is rendered asynchronously (`SsrMode::Async`): nothing is
/// sent before the render ends, and a GET changes nothing, so dropping the
/// stalled render and starting again is safe. The second try is bounded by
/// the request timeout like the first.
///
/// The page's Content-Security-Policy is set here, from the nonce the
/// render used (`PageNonce`), on every HTML answer: setting it from the
/// page's shell through Leptos' response options was lost now and then (a
/// page answered with the edge's policy alone, seen in the e2e CSP check).
async fn render_page(stall: Duration, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let nonce = PageNonce::default();
    parts.extensions.insert(nonce.clone());
    let again = Request::from_parts(parts.clone(), Body::empty());
    let first = next.clone().run(Request::from_parts(parts, body));
    let mut res = match tokio::time::timeout(stall, first).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(path = %again.uri().path(), "page render stalled; rendering it again");
            next.run(again).await
        }
    };
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let (true, Some(n)) = (html, nonce.get()) {
        if let Ok(v) = HeaderValue::from_str(&app::page_security_policy(&n)) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    res
}

/// The nonce a page render put on its scripts, handed from the render
/// (`note_page_nonce`, in the Leptos context) to `render_page`.
#[derive(Clone, Default)]
pub struct PageNonce(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PageNonce {
    fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|n| n.clone())
    }
}

/// Called in every page render's context: notes the render's nonce for
/// `render_page`, which names it in the page's policy.
pub fn note_page_nonce() {
    use leptos::prelude::use_context;
    let (Some(parts), Some(nonce)) = (
        use_context::<axum::http::request::Parts>(),
        leptos::nonce::use_nonce(),
    ) else {
        return;
    };
    if let Some(slot) = parts.extensions.get::<PageNonce>() {
        if let Ok(mut n) = slot.0.lock() {
            *n = Some(nonce.to_string());
        }
    }
}

/// Headers on every answer: no sniffing, no framing by other sites, no
/// referrer to other sites, no powerful features the app does not use, and
/// a Content-Security-Policy that pins framing, forms, plugins and the base
/// URL to this site.
pub fn security_headers(h: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(
        h,
        "permissions-policy",
        "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
    );
    set(
        h,
        "content-security-policy",
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
}

/// HSTS, for an instance whose public URL is https (behind TLS).
pub async fn hsts(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(header::STRICT_TRANSPORT_SECURITY)
        .or_insert(HeaderValue::from_static(
            "max-age=31536000; includeSubDomains",
        ));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn another_site_is_recognised_by_origin_or_fetch_metadata() {
        let host = ("host", "ops.chargecars.nl");
        assert!(!cross_site(&headers(&[host])), "no browser headers");
        assert!(!cross_site(&headers(&[
            host,
            ("origin", "https://ops.chargecars.nl")
        ])));
        assert!(cross_site(&headers(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(cross_site(&headers(&[host, ("origin", "null")])));
        assert!(cross_site(&headers(&[
            host,
            ("origin", "https://ops.chargecars.nl.evil.example")
        ])));
        assert!(cross_site(&headers(&[
            host,
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!cross_site(&headers(&[
            host,
            ("sec-fetch-site", "same-origin")
        ])));
    }

    #[test]
    fn only_form_and_json_bodies_change_state() {
        assert!(accepted_body(
            &headers(&[("content-type", "application/json")]),
            true
        ));
        assert!(accepted_body(
            &headers(&[(
                "content-type",
                "application/x-www-form-urlencoded; charset=UTF-8"
            )]),
            true
        ));
        assert!(!accepted_body(
            &headers(&[("content-type", "text/plain")]),
            true
        ));
        assert!(!accepted_body(&headers(&[]), true));
        assert!(accepted_body(&headers(&[]), false));
    }

    #[test]
    fn uploads_get_the_larger_limit() {
        let l = Limits::default();
        assert_eq!(limit_for(&l, "/api/intake/submit"), 8 * 1024 * 1024);
        assert_eq!(limit_for(&l, "/api/pipeline/move"), 256 * 1024);
    }
}

/// `TRUSTED_PROXIES`: the reverse proxies (addresses or CIDR ranges, comma
/// separated) whose `X-Forwarded-For` is believed. Without it the peer
/// address is the client; behind a proxy every client would share the
/// proxy's address and its sign-in limits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(std::sync::Arc<Vec<ipnet::IpNet>>);

impl TrustedProxies {
    /// Parses `10.0.0.0/8, 127.0.0.1`; names the entry that is not an
    /// address or range.
    pub fn parse(list: &str) -> Result<Self, String> {
        let nets = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| format!("`{s}` is not an IP address or CIDR range"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(std::sync::Arc::new(nets)))
    }

    fn trusts(&self, ip: &std::net::IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client's address: the peer's, unless the peer is a trusted
    /// proxy; then the right-most `X-Forwarded-For` entry that is not a
    /// trusted proxy (entries left of it could be forged by the client).
    pub fn client_ip(&self, peer: std::net::IpAddr, headers: &HeaderMap) -> std::net::IpAddr {
        if !self.trusts(&peer) {
            return peer;
        }
        let hops: Vec<std::net::IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map_while(|s| s.trim().parse().ok())
            .collect();
        hops.iter()
            .rev()
            .find(|ip| !self.trusts(ip))
            .or(hops.first())
            .copied()
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod stall_tests {
    use super::*;
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tower::ServiceExt;

    /// A route whose first answer never comes (a render that lost its
    /// wake-up) and whose later answers come at once.
    fn app(limits: Limits) -> (axum::Router, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let handler = move || {
            let seen = seen.clone();
            async move {
                if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                    std::future::pending::<()>().await;
                }
                "rendered"
            }
        };
        let router = axum::Router::new()
            .route("/pagina", get(handler.clone()).post(handler.clone()))
            .route("/api/iets", get(handler))
            .layer(axum::middleware::from_fn_with_state(limits, guard));
        (router, calls)
    }

    fn limits() -> Limits {
        Limits {
            timeout: Duration::from_millis(900),
            page_stall: Duration::from_millis(150),
            ..Limits::default()
        }
    }

    async fn status(router: &axum::Router, method: Method, path: &str) -> StatusCode {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap();
        router.clone().oneshot(req).await.unwrap().status()
    }

    #[tokio::test]
    async fn a_stalled_page_render_is_started_once_more() {
        let (router, calls) = app(limits());
        assert_eq!(
            status(&router, Method::GET, "/pagina").await,
            StatusCode::OK
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2, "rendered twice");
    }

    #[tokio::test]
    async fn requests_that_may_change_something_are_never_sent_twice() {
        for (method, path) in [(Method::POST, "/pagina"), (Method::GET, "/api/iets")] {
            let (router, calls) = app(limits());
            assert_eq!(
                status(&router, method.clone(), path).await,
                StatusCode::SERVICE_UNAVAILABLE,
                "{method} {path}"
            );
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{method} {path}");
        }
    }
}

#[cfg(test)]
mod proxy_tests {
    use super::*;

    fn xff(v: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in v {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        // A direct client cannot claim another address.
        assert_eq!(
            proxies.client_ip(ip("8.8.8.8"), &xff(&["1.2.3.4"])),
            ip("8.8.8.8")
        );
        // Through the proxy: the right-most address the proxies did not add.
        assert_eq!(
            proxies.client_ip(ip("10.1.1.1"), &xff(&["6.6.6.6, 5.5.5.5", "10.2.2.2"])),
            ip("5.5.5.5")
        );
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &xff(&[])),
            ip("127.0.0.1")
        );
        // Garbage stops the walk at what was readable.
        assert_eq!(
            proxies.client_ip(ip("10.1.1.1"), &xff(&["nonsense"])),
            ip("10.1.1.1")
        );
        // Nobody is trusted by default.
        assert_eq!(
            TrustedProxies::default().client_ip(ip("10.1.1.1"), &xff(&["5.5.5.5"])),
            ip("10.1.1.1")
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err(),
            "`proxy.local` is not an IP address or CIDR range"
        );
    }
}
