//! Partner webhooks (issue 20): the events a partner may subscribe to, the
//! checks on an endpoint that the portal's form and the server share, and
//! the signature scheme both sides compute.

/// The events a webhook endpoint may subscribe to.
pub const EVENTS: [&str; 6] = [
    "order.status_changed",
    "quote.sent",
    "visit.scheduled",
    "visit.rescheduled",
    "order.completed",
    "invoice.created",
];

/// The event the portal's "send test event" button sends.
pub const TEST_EVENT: &str = "test.ping";

/// The header that carries `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
/// `"<t>.<body>"` under the endpoint's secret.
pub const SIGNATURE_HEADER: &str = "ChargeCars-Signature";
/// The header with the event's stable id (also `id` in the body).
pub const EVENT_ID_HEADER: &str = "ChargeCars-Event-Id";
/// How old a signed timestamp a receiver should accept, in seconds.
pub const REPLAY_WINDOW_SECS: i64 = 300;

/// What is wrong with a new endpoint, as field codes (empty: fine).
/// `allow_local`: plain http to this machine is allowed (development and
/// tests); otherwise only https to a public host.
pub fn problems(url: &str, events: &[String], allow_local: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    if url_problem(url, allow_local).is_some() {
        out.push("url");
    }
    if events.is_empty() || events.iter().any(|e| !EVENTS.contains(&e.as_str())) {
        out.push("events");
    }
    out
}

/// Why a URL cannot receive webhooks, or `None`.
pub fn url_problem(url: &str, allow_local: bool) -> Option<&'static str> {
    let url = url.trim();
    if url.len() > 500 || url.chars().any(char::is_whitespace) {
        return Some("url");
    }
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Some("url_scheme");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Some("url");
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    }
    .to_ascii_lowercase();
    let local = is_local(&host);
    if local && !allow_local {
        return Some("url_private");
    }
    if !(https || local && allow_local) {
        return Some("url_scheme");
    }
    None
}

/// Hosts a webhook must not reach from the server: this machine, private
/// and link-local networks (the cloud metadata address among them).
fn is_local(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host.ends_with(".internal") {
        return true;
    }
    host.parse::<std::net::IpAddr>().is_ok_and(is_local_ip)
}

/// An address a webhook must not reach: loopback, private, link-local,
/// carrier-grade NAT, unspecified or broadcast (IPv4 mapped into IPv6
/// alike). The worker checks every address a host name resolves to with
/// this at the moment it connects.
pub fn is_local_ip(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(ip) => {
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1])
        }
        std::net::IpAddr::V6(ip) => {
            let first = ip.segments()[0];
            ip.is_loopback()
                || ip.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_local_ip(std::net::IpAddr::V4(v4)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_to_public_hosts_unless_local_is_allowed() {
        assert_eq!(url_problem("https://erp.groendus.nl/hooks/cc", false), None);
        assert_eq!(
            url_problem("https://erp.example.com:8443/x?y=1", false),
            None
        );
        for (url, why) in [
            ("http://erp.groendus.nl/hooks", "url_scheme"),
            ("ftp://erp.groendus.nl", "url_scheme"),
            ("https://127.0.0.1/x", "url_private"),
            ("https://localhost:8080/x", "url_private"),
            ("https://10.1.2.3/x", "url_private"),
            ("https://169.254.169.254/latest/meta-data", "url_private"),
            ("https://[::1]/x", "url_private"),
            ("https://[fd00::1]/x", "url_private"),
            ("https://user:pw@erp.example.com/x", "url"),
            ("https://", "url"),
            ("https://erp.example.com/a b", "url"),
        ] {
            assert_eq!(url_problem(url, false), Some(why), "{url}");
        }
        // Development and tests may post to this machine, over plain http.
        assert_eq!(url_problem("http://127.0.0.1:4100/hook", true), None);
        assert_eq!(
            url_problem("http://erp.groendus.nl/hooks", true),
            Some("url_scheme")
        );
        let ev = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(problems("https://erp.example.com/h", &ev(&["quote.sent"]), false).is_empty());
        assert_eq!(
            problems("nope", &ev(&["quote.sent", "order.deleted"]), false),
            ["url", "events"]
        );
        assert_eq!(
            problems("https://erp.example.com/h", &[], false),
            ["events"]
        );
    }
}
