//! Every page URL of the app, built in one place: the route table (app),
//! links in pages, links in e-mails (services) and the tests use these, so a
//! renamed page cannot leave a dead link behind. Pages live in
//! `app/src/portals/<portal>/<page>.rs`, named after the URL built here.
//!
//! Builders return paths (`/klant/orders/CC-2026-00001`); messages prefix
//! them with the configured public URL. Dynamic parts are percent-encoded.

use crate::domain::Portal;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What stays readable in a path segment or query value: RFC 3986's
/// unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `s` for a URL path segment or query value.
pub fn enc(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// A same-site target as a `next` value: `/` stays readable, the target's
/// own query string is encoded so that it survives the round trip.
const NEXT_VALUE: &AsciiSet = &UNRESERVED.remove(b'/');

/// `next` when it is a path on this site, else `None`: it must start with
/// one `/`, and hold no second `/` or `\` right after it (`//host`,
/// `/\host`), no backslash anywhere (browsers read it as `/`), and no
/// control character (`/\t/host` is read as `//host`). The server checks
/// it before redirecting after a sign-in; the client before following it.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next[1..].starts_with(['/', '\\'])
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    ok.then_some(next)
}

/// `path?next=<target>`: where to go back to after signing in.
pub fn with_next(path: &str, target: &str) -> String {
    format!("{path}?next={}", utf8_percent_encode(target, NEXT_VALUE))
}

pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
pub const FORGOT_PASSWORD: &str = "/wachtwoord-vergeten";
pub const RESET_PASSWORD: &str = "/wachtwoord-herstellen";
pub const MAGIC_LINK: &str = "/inloglink";
pub const MFA: &str = "/mfa";
pub const MFA_ENROL: &str = "/mfa/instellen";

/// The page a password-reset e-mail links to.
pub fn reset_password(token: &str) -> String {
    format!("{RESET_PASSWORD}?token={}", enc(token))
}

/// The page a sign-in e-mail links to.
pub fn magic_link(token: &str) -> String {
    format!("{MAGIC_LINK}?token={}", enc(token))
}

/// The customer's intake form (000 step 3), opened from an e-mail.
pub fn intake(token: &str) -> String {
    format!("/intake/{}", enc(token))
}

/// The satisfaction survey after an installation (001), from an e-mail.
pub fn survey(token: &str) -> String {
    format!("/tevredenheid/{}", enc(token))
}

/// The start page of a portal (`/ops`, `/klant`, …).
pub fn portal_home(portal: Portal) -> String {
    format!("/{}", portal.slug())
}

/// One order as seen from a portal: the ops order page, or the customer's
/// or partner's own view of it.
pub fn order(portal: Portal, number: &str) -> String {
    format!("/{}/orders/{}", portal.slug(), enc(number))
}

/// The lead form of a portal (ops and partners).
pub fn new_lead(portal: Portal) -> String {
    format!("/{}/leads/nieuw", portal.slug())
}

pub mod ops {
    pub const DASHBOARD: &str = "/ops";
    pub const PIPELINE: &str = "/ops/pipeline";
    pub const PLANNING: &str = "/ops/planning";
    /// The planning week: teams × days.
    pub const PLANNING_WEEK: &str = "/ops/planning/week";
    pub const NEW_LEAD: &str = "/ops/leads/nieuw";
    pub const MESSAGES: &str = "/ops/berichten";
    /// Appointments customers booked and moved, with their reasons.
    pub const APPOINTMENTS: &str = "/ops/afspraken";
    /// Customers' requests to erase their data.
    pub const PRIVACY: &str = "/ops/privacy";
    /// Service cases and warranty claims.
    pub const SERVICE: &str = "/ops/service";
    /// The technicians' hours and overtime of a day.
    pub const HOURS: &str = "/ops/uren";

    /// The technicians' hours on one day (`YYYY-MM-DD`).
    pub fn hours(date: &str) -> String {
        format!("{HOURS}?datum={}", super::enc(date))
    }

    /// The planning board on one day (`YYYY-MM-DD`).
    pub fn planning_day(date: &str) -> String {
        format!("{PLANNING}?datum={}", super::enc(date))
    }

    /// The planning week around a day (`YYYY-MM-DD`).
    pub fn planning_week(date: &str) -> String {
        format!("{PLANNING_WEEK}?datum={}", super::enc(date))
    }
}

pub mod partner {
    pub const DASHBOARD: &str = "/partner";
    pub const NEW_LEAD: &str = "/partner/leads/nieuw";
    /// The quotes on the table, to approve (also several at once).
    pub const QUOTES: &str = "/partner/offertes";
    /// The invoices of the partner's orders, with their PDFs.
    pub const INVOICES: &str = "/partner/facturen";
    /// The partner's orders, filtered and searched.
    pub const ORDERS: &str = "/partner/orders";
    /// Many leads at once, from a CSV or Excel file.
    pub const IMPORT_LEADS: &str = "/partner/leads/import";
    /// API keys, their usage, and (later) webhooks.
    pub const API: &str = "/partner/api";
    /// The API's reference, made from its OpenAPI document.
    pub const API_DOCS: &str = "/partner/api/docs";
}

pub mod customer {
    pub const HOME: &str = "/klant";
    pub const PREFERENCES: &str = "/klant/voorkeuren";
    /// Name, phone, address, language, sign-ins, data export.
    pub const ACCOUNT: &str = "/klant/account";
    /// Quotes, invoices, sign-off reports and warranty certificates.
    pub const DOCUMENTS: &str = "/klant/documenten";
    /// Report a problem, claim warranty, follow one's cases.
    pub const SERVICE: &str = "/klant/service";
}

pub mod technician {
    pub const TODAY: &str = "/monteur";
    /// The technician's own hours (time registration).
    pub const HOURS: &str = "/monteur/uren";

    /// The technician's hours on another day (`YYYY-MM-DD`).
    pub fn hours(date: &str) -> String {
        format!("{HOURS}?datum={}", super::enc(date))
    }

    /// The technician's route on another day (`YYYY-MM-DD`).
    pub fn day(date: &str) -> String {
        format!("{TODAY}?datum={}", super::enc(date))
    }

    /// A visit photo (ops and the technician who took it).
    pub fn photo(id: i32) -> String {
        format!("/api/field/photos/{id}")
    }

    /// One visit of the day, step by step (the field app).
    pub fn visit(visit_id: i32, date: &str) -> String {
        format!("{TODAY}/bezoek/{visit_id}?datum={}", super::enc(date))
    }
}

/// The page that opts a mail's recipient out of marketing mail.
pub fn unsubscribe(token: &str) -> String {
    format!("/afmelden?token={}", enc(token))
}

/// The API route a mail client posts to for a one-click unsubscribe (RFC 8058).
pub fn unsubscribe_one_click(token: &str) -> String {
    format!("/api/unsubscribe?token={}", enc(token))
}

pub mod admin {
    pub const DASHBOARD: &str = "/admin";
    pub const ENTITIES: &str = "/admin/bedrijven";
    pub const REGIONS: &str = "/admin/regios";
    pub const CATALOGUE: &str = "/admin/catalogus";
    pub const PARTNERS: &str = "/admin/partners";
    /// Commission statements of closed months that finance has yet to pay out.
    pub const COMMISSION: &str = "/admin/commissie";
    pub const USERS: &str = "/admin/gebruikers";
    pub const WORKFLOWS: &str = "/admin/workflows";
    pub const TEMPLATES: &str = "/admin/sjablonen";
    pub const TIMINGS: &str = "/admin/berichtregels";
    pub const SETTINGS: &str = "/admin/instellingen";
    pub const AUDIT: &str = "/admin/audit";
    pub const OUTBOX: &str = "/admin/outbox";
}

/// Plain HTTP routes next to the pages.
pub mod api {
    /// The audit log as CSV, with the viewer's filters (each trimmed).
    pub fn audit_csv(user: &str, table: &str, record: &str, from: &str, to: &str) -> String {
        let e = |s: &str| super::enc(s.trim());
        format!(
            "/api/admin/audit.csv?user={}&table={}&record={}&from={}&to={}",
            e(user),
            e(table),
            e(record),
            e(from),
            e(to)
        )
    }

    /// The partner's orders as CSV, with the list's filters.
    pub fn partner_orders_csv(f: &crate::dto::PartnerOrderFilter) -> String {
        let e = |s: &str| super::enc(s.trim());
        format!(
            "/api/partner/orders.csv?status={}&entity={}&region={}&from={}&to={}&q={}",
            e(&f.status),
            e(&f.entity),
            e(&f.region),
            e(&f.from),
            e(&f.to),
            e(&f.q)
        )
    }

    /// A quote's PDF (the caller's side of it).
    pub fn quote_pdf(quote_id: i32) -> String {
        format!("/api/quotes/{quote_id}/pdf")
    }

    /// Live updates of the planning board of one day (server-sent events).
    pub fn planning_events(date: &str) -> String {
        format!("/api/events/planning?date={}", super::enc(date))
    }

    /// A partner's commission statement of one month (`2026-11`), as PDF or
    /// CSV (`ext`). Staff add the partner (`partner_id`); a partner gets its own.
    pub fn commission_statement(period: &str, ext: &str, partner_id: Option<i32>) -> String {
        match partner_id {
            Some(p) => format!("/api/commission/{}.{ext}?partner={p}", super::enc(period)),
            None => format!("/api/commission/{}.{ext}", super::enc(period)),
        }
    }

    /// An invoice to the customer as PDF.
    pub fn invoice_pdf(number: &str) -> String {
        format!("/api/invoices/{}/pdf", super::enc(number))
    }

    /// An order's sign-off report as PDF.
    pub fn sign_off_pdf(number: &str) -> String {
        format!("/api/orders/{}/opleverrapport.pdf", super::enc(number))
    }

    /// A completed order's warranty certificate as PDF.
    pub fn warranty_pdf(number: &str) -> String {
        format!("/api/orders/{}/garantiebewijs.pdf", super::enc(number))
    }

    /// Everything we hold about the signed-in customer, as JSON.
    pub const MY_DATA: &str = "/api/mijn-gegevens.json";

    /// All of the customer's documents as one zip.
    pub const DOCUMENTS_ZIP: &str = "/api/documenten.zip";

    /// A photo of a service case.
    pub fn service_photo(id: i32) -> String {
        format!("/api/service-photos/{id}")
    }

    /// The order's appointment as a calendar file.
    pub fn appointment_ics(number: &str) -> String {
        format!("/api/orders/{}/afspraak.ics", super::enc(number))
    }

    /// Live updates of every order (server-sent events), for the pipeline.
    pub const ORDER_EVENTS: &str = "/api/events/orders";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_make_the_urls_the_routes_serve() {
        assert_eq!(
            order(Portal::Customer, "CC-2026-00042"),
            "/klant/orders/CC-2026-00042"
        );
        assert_eq!(
            order(Portal::Partner, "LT-2026-1"),
            "/partner/orders/LT-2026-1"
        );
        assert_eq!(order(Portal::Operations, "X"), "/ops/orders/X");
        assert_eq!(portal_home(Portal::Technician), technician::TODAY);
        assert_eq!(portal_home(Portal::Admin), admin::DASHBOARD);
        assert_eq!(new_lead(Portal::Partner), partner::NEW_LEAD);
        assert_eq!(new_lead(Portal::Operations), ops::NEW_LEAD);
        assert_eq!(
            ops::planning_day("2026-12-07"),
            "/ops/planning?datum=2026-12-07"
        );
        assert_eq!(technician::day("2026-12-07"), "/monteur?datum=2026-12-07");
        assert_eq!(api::quote_pdf(7), "/api/quotes/7/pdf");
    }

    #[test]
    fn dynamic_parts_cannot_break_out_of_their_segment() {
        assert_eq!(
            order(Portal::Customer, "../admin"),
            "/klant/orders/..%2Fadmin"
        );
        assert_eq!(intake("a/b?c#d"), "/intake/a%2Fb%3Fc%23d");
        assert_eq!(
            reset_password("x&next=//evil"),
            "/wachtwoord-herstellen?token=x%26next%3D%2F%2Fevil"
        );
        assert_eq!(magic_link("Ab-_9~."), "/inloglink?token=Ab-_9~.");
    }

    #[test]
    fn only_same_site_paths_are_followed_after_signing_in() {
        for good in [
            "/",
            "/ops",
            "/ops/orders?status=on_hold&q=a%20b",
            "/klant/orders/CC-1#top",
        ] {
            assert_eq!(safe_next(good), Some(good), "{good:?}");
        }
        for bad in [
            "",
            "ops",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
            "/ops\\..\\evil",
            "https://evil.example",
            "javascript:alert(1)",
            " /ops",
            "/ops\u{0}",
            "/\u{7f}/evil.example",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn query_values_survive_any_text() {
        assert_eq!(
            api::audit_csv(" jan@cc.nl ", "orders", "a&b=c", "2026-12-01", "zoë /x"),
            "/api/admin/audit.csv?user=jan%40cc.nl&table=orders&record=a%26b%3Dc&from=2026-12-01&to=zo%C3%AB%20%2Fx"
        );
        assert_eq!(
            with_next(LOGIN, "/ops/orders?status=on_hold&q=a b"),
            "/login?next=/ops/orders%3Fstatus%3Don_hold%26q%3Da%20b"
        );
    }
}
