//! The demo-data generator. Deterministic for a given `today`: the same
//! date always gives the same rows, on SQLite and PostgreSQL alike.
//!
//! Orders walk 000's default workflow from `new_lead`, one step at a time,
//! each step taking a plausible share of its SLA, with drop-outs near the
//! conversion targets and the occasional hold; where the clock reaches
//! `today` the walk stops, and that is the order's status. Every step is
//! written to `status_transitions`.

use super::data::{self, Town};
use super::days;
use super::rng::Rng;
use super::BRANDS;
use crate::routing::Point;
use crate::ServiceError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use entity::domain::workflow::{self as wf, Workflow};
use entity::domain::{commission, numbering};
use entity::domain::{format_skills, QuoteStatus, Role, Skill};
use entity::*;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// How much to generate. `Volumes::demo()` is the binding size of the issue.
#[derive(Clone, Copy, Debug)]
pub struct Volumes {
    pub partners: usize,
    pub customers: usize,
    pub technicians: usize,
    pub visits: usize,
}

impl Volumes {
    pub fn demo() -> Self {
        Volumes {
            partners: 391,
            customers: 6_959,
            technicians: 68,
            visits: 5_197,
        }
    }

    /// A small world for fast tests; same shape, fewer rows.
    pub fn small() -> Self {
        Volumes {
            partners: 12,
            customers: 300,
            technicians: 14,
            visits: 220,
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub business_entities: usize,
    pub regions: usize,
    pub products: usize,
    pub partners: usize,
    pub customers: usize,
    pub orders: usize,
    pub status_transitions: usize,
    pub quotes: usize,
    pub visits: usize,
    pub technicians: usize,
    pub day_teams: usize,
    pub invoices: usize,
    pub users: usize,
}

/// The password of every demo account (README).
pub const DEMO_PASSWORD: &str = "ChargeCars!2026";

/// A demo login. Partners 1 and 2 are Groendus and Essent.
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub partner_id: Option<i32>,
    pub customer: Option<DemoCustomer>,
}

/// Which order a demo customer owns: the newest one in `status`, brought
/// in by partner `partner_id` (so that the whole approval path can be
/// walked with the demo accounts).
pub struct DemoCustomer {
    pub status: &'static str,
    pub partner_id: i32,
}

const fn demo(
    email: &'static str,
    name: &'static str,
    role: Role,
    partner_id: Option<i32>,
    customer: Option<DemoCustomer>,
) -> DemoAccount {
    DemoAccount {
        email,
        name,
        role,
        partner_id,
        customer,
    }
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    demo(
        "admin@chargecars.nl",
        "Femke de Graaf",
        Role::Admin,
        None,
        None,
    ),
    demo(
        "ops@chargecars.nl",
        "Joost Bakker",
        Role::OpsManager,
        None,
        None,
    ),
    demo(
        "planner@chargecars.nl",
        "Sanne Visser",
        Role::Planner,
        None,
        None,
    ),
    demo(
        "monteur@chargecars.nl",
        "Daan Mulder",
        Role::Technician,
        None,
        None,
    ),
    demo(
        "partner@groendus.nl",
        "Partnerdesk Groendus",
        Role::PartnerUser,
        Some(1),
        None,
    ),
    demo(
        "partner@essent.nl",
        "Partnerdesk Essent",
        Role::PartnerUser,
        Some(2),
        None,
    ),
    demo(
        "klant@example.nl",
        "Klant (demo)",
        Role::Customer,
        None,
        // A fresh lead from Groendus: from intake to invoice.
        Some(DemoCustomer {
            status: wf::NEW_LEAD,
            partner_id: 1,
        }),
    ),
    demo(
        "klant2@example.nl",
        "Klant 2 (demo)",
        Role::Customer,
        None,
        // A quote from Essent waiting for approval.
        Some(DemoCustomer {
            status: wf::QUOTE_SENT,
            partner_id: 2,
        }),
    ),
    // A new colleague who has not set up two-factor sign-in yet: the first
    // sign-in walks through enrolment.
    demo(
        "nieuw@chargecars.nl",
        "Lotte Smit",
        Role::Planner,
        None,
        None,
    ),
    // A customer whose installation is done (invoices to look at).
    demo(
        "klant3@example.nl",
        "Klant 3 (demo)",
        Role::Customer,
        None,
        Some(DemoCustomer {
            status: wf::COMPLETED,
            partner_id: 1,
        }),
    ),
    // A customer whose quote both sides approved: they choose their
    // installation time themselves.
    demo(
        "klant4@example.nl",
        "Klant 4 (demo)",
        Role::Customer,
        None,
        Some(DemoCustomer {
            status: wf::BOTH_APPROVED,
            partner_id: 1,
        }),
    ),
];

/// The authenticator secret of the enrolled demo staff accounts (README), so
/// that a demo user can add it to an app. Base32, RFC 6238 defaults.
pub const DEMO_TOTP_SECRET: &str = "CHARGECARSDEMOTOTPNIJKERKTWEEZES";

/// Demo staff accounts that start without an authenticator.
pub const DEMO_UNENROLLED: &[&str] = &["nieuw@chargecars.nl"];

/// The seven regions by PC4 range.
pub const REGIONS: [(&str, &str, &str); 7] = [
    ("NH", "Noord-Holland & Flevoland", "1000-2199,8200-8299"),
    ("ZH", "Zuid-Holland", "2200-3399"),
    (
        "MI",
        "Midden (Utrecht, Gooi & Eemland, Veluwe-West)",
        "3400-3999",
    ),
    (
        "ZW",
        "Zuid-West (Zeeland, West-Brabant, Rivierenland)",
        "4000-4999",
    ),
    ("ZU", "Zuid (Oost-Brabant & Limburg)", "5000-6499"),
    (
        "OO",
        "Oost (Gelderland & Overijssel)",
        "6500-7699,8000-8199",
    ),
    (
        "NO",
        "Noord (Friesland, Groningen, Drenthe)",
        "7700-7999,8300-9999",
    ),
];

pub const DEPOT: (&str, &str, &str, &str, f64, f64) = (
    "Depot Nijkerk",
    "Watergoorweg 71",
    "3861 MA",
    "Nijkerk",
    52.2266,
    5.4745,
);

struct ProductSeed {
    sku: &'static str,
    name: &'static str,
    kind: &'static str,
    skills: &'static [Skill],
    minutes: i32,
    price_cents: i64,
}

const PRODUCTS: &[ProductSeed] = &[
    ProductSeed {
        sku: "ZAP-GO-2",
        name: "Zaptec Go 2 laadpaal (22 kW)",
        kind: "charger",
        skills: &[Skill::Zaptec],
        minutes: 0,
        price_cents: 89_900,
    },
    ProductSeed {
        sku: "ZAP-PRO",
        name: "Zaptec Pro laadpaal",
        kind: "charger",
        skills: &[Skill::Zaptec, Skill::ThreePhase],
        minutes: 30,
        price_cents: 129_900,
    },
    ProductSeed {
        sku: "ALF-EVE-S",
        name: "Alfen Eve Single Pro-line",
        kind: "charger",
        skills: &[Skill::Alfen],
        minutes: 0,
        price_cents: 99_500,
    },
    ProductSeed {
        sku: "ALF-EVE-D",
        name: "Alfen Eve Double Pro-line",
        kind: "charger",
        skills: &[Skill::Alfen, Skill::ThreePhase],
        minutes: 45,
        price_cents: 189_000,
    },
    ProductSeed {
        sku: "RAT-IO6",
        name: "Ratio io6 laadpaal",
        kind: "charger",
        skills: &[],
        minutes: 0,
        price_cents: 104_900,
    },
    ProductSeed {
        sku: "INST-STD",
        name: "Standaard installatie (tot 10 m kabel)",
        kind: "installation",
        skills: &[Skill::Commissioning],
        minutes: 180,
        price_cents: 49_500,
    },
    ProductSeed {
        sku: "INST-3F",
        name: "Driefase-aansluiting",
        kind: "installation",
        skills: &[Skill::ThreePhase],
        minutes: 60,
        price_cents: 27_500,
    },
    ProductSeed {
        sku: "MK-UPG",
        name: "Meterkast-upgrade (extra groep + aardlekschakelaar)",
        kind: "installation",
        skills: &[Skill::MeterCabinet],
        minutes: 90,
        price_cents: 39_500,
    },
    ProductSeed {
        sku: "GRND-10",
        name: "Graafwerk per 10 meter",
        kind: "installation",
        skills: &[Skill::Groundwork],
        minutes: 90,
        price_cents: 35_000,
    },
    ProductSeed {
        sku: "CABLE-5",
        name: "Extra kabel per 5 meter",
        kind: "material",
        skills: &[],
        minutes: 15,
        price_cents: 6_500,
    },
    ProductSeed {
        sku: "SURVEY",
        name: "Schouwing op locatie",
        kind: "service",
        skills: &[],
        minutes: 60,
        price_cents: 9_500,
    },
    ProductSeed {
        sku: "SERVICE",
        name: "Servicebezoek",
        kind: "service",
        skills: &[Skill::Commissioning],
        minutes: 75,
        price_cents: 12_500,
    },
];

/// Standard partner margin per partner type, in basis points: the
/// `partner_margin` pricing rules, and the centre of each partner's terms.
const PARTNER_MARGIN_BP: &[(&str, i32)] = &[
    ("energy_supplier", 800),
    ("reseller", 1_200),
    ("lease_company", 600),
    ("car_dealer", 1_000),
    ("installer", 500),
    ("housing_corporation", 400),
];

const HOLD_REASONS: &[&str] = &[
    "customer_delay",
    "supplier_delay",
    "technical_issue",
    "site_not_ready",
];
const CANCEL_REASONS: &[&str] = &[
    "customer_withdrew",
    "no_response",
    "too_expensive",
    "technically_infeasible",
    "chose_competitor",
];
const WINDOWS: &[(i32, i32)] = &[(480, 720), (720, 1020), (480, 1020), (540, 960)];

fn ts(date: NaiveDate, minutes: i64) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap()) + Duration::minutes(minutes)
}

fn is_workday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_workday(mut d: NaiveDate) -> NaiveDate {
    while !is_workday(d) {
        d += Duration::days(1);
    }
    d
}

/// Inserts `rows` in chunks small enough for SQLite's parameter limit.
async fn insert_all<A>(
    txn: &DatabaseTransaction,
    rows: Vec<A>,
    columns: usize,
) -> Result<(), ServiceError>
where
    A: ActiveModelTrait + Send,
{
    let chunk = (30_000 / columns.max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(chunk).collect();
        <A::Entity as EntityTrait>::insert_many(batch)
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Explicit ids bypass PostgreSQL's serial counters; move them past the data.
async fn reset_sequences(txn: &DatabaseTransaction, tables: &[&str]) -> Result<(), ServiceError> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for t in tables {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('\"{t}\"', 'id'), COALESCE((SELECT MAX(id) FROM \"{t}\"), 0) + 1, false)"
        );
        txn.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// Takes a day team's people out of `available`: first whoever brings
/// the most of the skills `need` still misses (from a random starting
/// point, so teams vary), then anybody, up to `size` people, or three
/// when two do not cover the skills.
fn pick_team(
    rng: &mut Rng,
    available: &mut Vec<usize>,
    skills: &[Vec<Skill>],
    need: &[String],
    size: usize,
) -> Vec<usize> {
    let mut team: Vec<usize> = Vec::new();
    while team.len() < 3 && !available.is_empty() {
        let missing: Vec<&String> = need
            .iter()
            .filter(|s| {
                !team
                    .iter()
                    .any(|&t| skills[t].iter().any(|k| k.as_str() == s.as_str()))
            })
            .collect();
        let gain = |t: usize| {
            missing
                .iter()
                .filter(|s| skills[t].iter().any(|k| k.as_str() == s.as_str()))
                .count()
        };
        let offset = rng.range(0, available.len() as i64 - 1) as usize;
        let n = available.len();
        let pick = (0..n)
            .map(|k| (k + offset) % n)
            .max_by_key(|&k| (gain(available[k]), std::cmp::Reverse((k + n - offset) % n)))
            .expect("someone is available");
        if team.len() >= size && (missing.is_empty() || gain(available[pick]) == 0) {
            break;
        }
        team.push(available.swap_remove(pick));
    }
    team
}

struct Place {
    street: String,
    number: String,
    postcode: String,
    city: String,
    lat: f64,
    lng: f64,
}

fn place(rng: &mut Rng, towns: &[Town], weights: &[u32]) -> Place {
    let town = &towns[rng.weighted(weights)];
    let pc4 = rng.range(i64::from(town.pc4_from), i64::from(town.pc4_to));
    let letters: String = (0..2)
        .map(|_| (b'A' + rng.range(0, 25) as u8) as char)
        .collect();
    // Postcodes ending in SA, SD and SS are not issued.
    let letters = if matches!(letters.as_str(), "SA" | "SD" | "SS") {
        "AB".to_owned()
    } else {
        letters
    };
    let number = rng.range(1, 180);
    let addition = if rng.chance(0.08) {
        ["A", "B", "-1", "-2"][rng.range(0, 3) as usize]
    } else {
        ""
    };
    Place {
        street: (*rng.pick(data::STREETS)).to_owned(),
        number: format!("{number}{addition}"),
        postcode: format!("{pc4} {letters}"),
        city: town.name.to_owned(),
        lat: town.lat + (rng.unit() - 0.5) * 0.04,
        lng: town.lng + (rng.unit() - 0.5) * 0.06,
    }
}

fn email_local(first: &str, last: &str) -> String {
    let clean = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ë' | 'ê' => 'e',
                'ï' | 'ı' | 'í' => 'i',
                'ö' | 'ó' => 'o',
                'ü' | 'ú' => 'u',
                'ç' => 'c',
                'ş' => 's',
                'ğ' => 'g',
                'á' | 'à' | 'ä' => 'a',
                c => c,
            })
            .filter(|c| c.is_ascii_alphanumeric())
            .collect()
    };
    format!("{}.{}", clean(first), clean(last))
}

/// One row of `status_transitions`: from, to, when, why.
struct Step {
    from: Option<String>,
    to: String,
    at: DateTime<Utc>,
    reason: Option<String>,
}

fn step(
    from: Option<String>,
    to: impl Into<String>,
    at: DateTime<Utc>,
    reason: Option<String>,
) -> Step {
    Step {
        from,
        to: to.into(),
        at,
        reason,
    }
}

/// A visit to create once all orders exist.
struct VisitPlan {
    order_id: i32,
    /// The customer's address (latitude, longitude).
    point: (f64, f64),
    kind: &'static str,
    date: Option<NaiveDate>,
    window: (i32, i32),
    minutes: i32,
    skills: String,
}

/// A completed order that must be invoiced.
struct InvoiceDue {
    order_id: i32,
    entity_idx: usize,
    completed: DateTime<Utc>,
    customer_total: i64,
    partner_total: i64,
    partner_idx: Option<usize>,
}

/// Gives each demo customer the newest order in their status (with a
/// partner), and makes that order their demo partner's.
async fn link_demo_customers(txn: &DatabaseTransaction) -> Result<(), ServiceError> {
    for (i, a) in DEMO_ACCOUNTS.iter().enumerate() {
        let Some(c) = &a.customer else { continue };
        let Some(o) = order::Entity::find()
            .filter(order::Column::Status.eq(c.status))
            .filter(order::Column::PartnerId.is_not_null())
            .order_by_desc(order::Column::CreatedAt)
            .order_by_desc(order::Column::Id)
            .one(txn)
            .await?
        else {
            continue;
        };
        order::Entity::update_many()
            .col_expr(order::Column::PartnerId, Expr::value(c.partner_id))
            .filter(order::Column::Id.eq(o.id))
            .exec(txn)
            .await?;
        user::Entity::update_many()
            .col_expr(
                user::Column::ContactId,
                Expr::value(o.end_customer_contact_id),
            )
            .filter(user::Column::Id.eq(i as i32 + 1))
            .exec(txn)
            .await?;
        // Ready to plan and not on a route yet: the customer picks the time.
        if c.status == wf::BOTH_APPROVED {
            visit::Entity::update_many()
                .col_expr(visit::Column::DayTeamId, Expr::value(Option::<i32>::None))
                .col_expr(visit::Column::Sequence, Expr::value(Option::<i32>::None))
                .col_expr(visit::Column::Date, Expr::value(Option::<NaiveDate>::None))
                .col_expr(visit::Column::Status, Expr::value("unplanned"))
                .filter(visit::Column::OrderId.eq(o.id))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// One order's walk through the workflow.
struct History {
    steps: Vec<Step>,
    status: String,
    since: DateTime<Utc>,
    before_hold: Option<String>,
    hold_reason: Option<String>,
    cancel_reason: Option<String>,
    /// When the installation happened or is planned.
    install_at: Option<DateTime<Utc>>,
    /// When intake was completed (for surveys).
    intake_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
}

fn walk(
    rng: &mut Rng,
    workflow: &Workflow,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
    partner: bool,
) -> History {
    let mut h = History {
        steps: vec![step(None, wf::NEW_LEAD, created, None)],
        status: wf::NEW_LEAD.to_owned(),
        since: created,
        before_hold: None,
        hold_reason: None,
        cancel_reason: None,
        install_at: None,
        intake_at: None,
        completed_at: None,
    };
    let mut t = created;
    loop {
        let current = h.status.clone();
        let def = workflow.status(&current).expect("known status");
        if def.is_final {
            return h;
        }
        // How long this step takes: a share of its SLA (sometimes more than
        // all of it, which makes overdue orders), or the wait for the visit.
        let hours = match current.as_str() {
            wf::PLANNING => rng.range(24, 120),
            wf::SCHEDULED => {
                let wait = rng.range(3, 26) * 24;
                h.install_at = Some(t + Duration::hours(wait));
                wait
            }
            wf::IN_PROGRESS => rng.range(3, 7),
            _ => {
                let sla = i64::from(def.sla_hours.unwrap_or(24));
                (sla as f64 * (0.15 + rng.unit() * 1.1)) as i64 + 1
            }
        };
        let next_t = t + Duration::hours(hours);
        if next_t > now {
            return h; // still in `current` today
        }
        // Occasionally an order goes on hold for a while.
        if def.next.iter().any(|n| n == wf::ON_HOLD) && rng.chance(0.025) {
            let reason = (*rng.pick(HOLD_REASONS)).to_owned();
            h.steps.push(step(
                Some(current.clone()),
                wf::ON_HOLD,
                next_t,
                Some(reason.clone()),
            ));
            let resume = next_t + Duration::days(rng.range(3, 30));
            if resume > now {
                h.status = wf::ON_HOLD.to_owned();
                h.since = next_t;
                h.before_hold = Some(current);
                h.hold_reason = Some(reason);
                return h;
            }
            h.steps.push(step(
                Some(wf::ON_HOLD.to_owned()),
                current.clone(),
                resume,
                None,
            ));
            t = resume;
            continue;
        }
        // Drop-outs, close to 000's conversion targets (80/90/40/95 %).
        let cancel_p = match current.as_str() {
            wf::NEW_LEAD => 0.10,
            wf::INTAKE_SENT => 0.09,
            wf::QUOTE_SENT => 0.55,
            _ => 0.0,
        };
        let next = if def.next.iter().any(|n| n == wf::CANCELLED) && rng.chance(cancel_p) {
            h.cancel_reason = Some((*rng.pick(CANCEL_REASONS)).to_owned());
            wf::CANCELLED.to_owned()
        } else {
            match current.as_str() {
                wf::NEW_LEAD => wf::INTAKE_SENT,
                wf::INTAKE_SENT => wf::INTAKE_COMPLETED,
                wf::INTAKE_COMPLETED => wf::QUOTE_DRAFT,
                wf::QUOTE_DRAFT => wf::QUOTE_READY,
                wf::QUOTE_READY => wf::QUOTE_SENT,
                wf::QUOTE_SENT => wf::CUSTOMER_APPROVED,
                wf::CUSTOMER_APPROVED if partner => wf::PARTNER_APPROVED,
                wf::CUSTOMER_APPROVED | wf::PARTNER_APPROVED => wf::BOTH_APPROVED,
                wf::BOTH_APPROVED => wf::PLANNING,
                wf::PLANNING => wf::SCHEDULED,
                wf::SCHEDULED => wf::IN_PROGRESS,
                wf::IN_PROGRESS => wf::COMPLETED,
                other => unreachable!("no default next for {other}"),
            }
            .to_owned()
        };
        debug_assert!(
            workflow.can_move(&current, &next, None),
            "{current} -> {next}"
        );
        let reason = if next == wf::CANCELLED {
            h.cancel_reason.clone()
        } else {
            None
        };
        h.steps
            .push(step(Some(current), next.clone(), next_t, reason));
        if next == wf::INTAKE_COMPLETED {
            h.intake_at = Some(next_t);
        }
        if next == wf::COMPLETED {
            h.completed_at = Some(next_t);
        }
        h.status = next;
        h.since = next_t;
        t = next_t;
    }
}

/// What every section of the generator shares: the transaction, the one
/// random stream (the order in which sections draw from it decides the
/// data, so `generate` runs them in a fixed order), the clock and the sizes.
struct Gen<'a> {
    txn: &'a DatabaseTransaction,
    rng: Rng,
    counts: Counts,
    today: NaiveDate,
    /// The generator's "now": 10:00 UTC today.
    now: DateTime<Utc>,
    vol: Volumes,
    workflow: Workflow,
    town_weights: Vec<u32>,
    /// Each technician's skills (by index), for forming day teams.
    tech_skills: Vec<Vec<Skill>>,
}

/// The regions by code and their postcode ranges.
struct Regions {
    ranges: Vec<(String, Vec<(u16, u16)>)>,
    ids: HashMap<String, i32>,
}

impl Regions {
    fn of(&self, postcode: &str) -> Option<i32> {
        entity::domain::region::region_for_postcode(&self.ranges, postcode).map(|c| self.ids[c])
    }
}

/// The partners (not yet stored) and what orders need to know of them.
struct Partners {
    contacts: Vec<contact::ActiveModel>,
    rows: Vec<partner::ActiveModel>,
    last_contact_id: i32,
    contact_of: Vec<i32>,
    commission_bp: Vec<i32>,
    types: Vec<String>,
    /// How likely each partner brings an order.
    weights: Vec<u32>,
    active: Vec<bool>,
}

/// Where the customers live; customer `i` has contact `first_contact + i`.
struct Customers {
    first_contact: i32,
    places: Vec<Place>,
}

/// What the orders leave for the later sections.
struct OrderBook {
    visit_plans: Vec<VisitPlan>,
    invoices_due: Vec<InvoiceDue>,
    /// Number sequences per scope (orders now, invoices later).
    seq: HashMap<String, i64>,
}

/// One order as its quotes need it.
struct QuoteOf<'a> {
    order_id: i32,
    history: &'a History,
    lines: &'a [(usize, i32, &'static str)],
    customer_total: i64,
    partner_total: i64,
    has_partner: bool,
}

/// The generated quotes and their lines, with the last ids used.
#[derive(Default)]
struct QuoteRows {
    quotes: Vec<quote::ActiveModel>,
    lines: Vec<quote_line::ActiveModel>,
    last_quote_id: i32,
    last_line_id: i32,
}

/// The quote versions of an order that reached `quote_draft`: usually one,
/// sometimes a first version superseded by a revision. Each version's
/// status follows the furthest approval step the order took.
fn quote_versions(rng: &mut Rng, rows: &mut QuoteRows, q: QuoteOf<'_>) {
    let reached = |s: &str| q.history.steps.iter().any(|st| st.to == s);
    if reached(wf::QUOTE_DRAFT) {
        let revisions = if rng.chance(0.12) { 2 } else { 1 };
        for v in 1..=revisions {
            rows.last_quote_id += 1;
            let quote_id = rows.last_quote_id;
            let latest = v == revisions;
            let at = |s: &str| q.history.steps.iter().find(|st| st.to == s).map(|st| st.at);
            let status = if !latest {
                QuoteStatus::Superseded
            } else if reached(wf::BOTH_APPROVED) {
                QuoteStatus::BothApproved
            } else if reached(wf::PARTNER_APPROVED) {
                QuoteStatus::PartnerApproved
            } else if reached(wf::CUSTOMER_APPROVED) {
                QuoteStatus::CustomerApproved
            } else if reached(wf::QUOTE_SENT) {
                QuoteStatus::Sent
            } else {
                QuoteStatus::Draft
            };
            rows.quotes.push(quote::ActiveModel {
                id: Set(quote_id),
                order_id: Set(q.order_id),
                version_no: Set(v),
                status: Set(status.as_str().to_owned()),
                customer_total_cents: Set(q.customer_total + if latest { 0 } else { 5_000 }),
                partner_total_cents: Set(q.partner_total),
                created_at: Set(at(wf::QUOTE_DRAFT).unwrap_or(q.history.since)),
                sent_at: Set(at(wf::QUOTE_SENT)),
                customer_approved_at: Set(if latest {
                    at(wf::CUSTOMER_APPROVED)
                } else {
                    None
                }),
                partner_approved_at: Set(if latest {
                    at(wf::PARTNER_APPROVED).or(at(wf::BOTH_APPROVED).filter(|_| q.has_partner))
                } else {
                    None
                }),
            });
            for (prod, qty, payer) in q.lines {
                rows.last_line_id += 1;
                let pr = &PRODUCTS[*prod];
                rows.lines.push(quote_line::ActiveModel {
                    id: Set(rows.last_line_id),
                    quote_id: Set(quote_id),
                    product_id: Set(Some(*prod as i32 + 1)),
                    description: Set(pr.name.to_owned()),
                    quantity: Set(*qty),
                    unit_price_cents: Set(pr.price_cents),
                    payer: Set((*payer).to_owned()),
                });
            }
        }
    }
}

/// Fills an empty database. Runs inside the caller's transaction. Each
/// section is one method of `Gen`; they run in this order.
pub async fn generate(
    txn: &DatabaseTransaction,
    today: NaiveDate,
    vol: Volumes,
) -> Result<Counts, ServiceError> {
    let mut g = Gen {
        txn,
        rng: Rng::new(0x000C_4A26_E0CA_2026),
        counts: Counts::default(),
        today,
        now: ts(today, 10 * 60),
        vol,
        workflow: Workflow::default_order_workflow(),
        town_weights: data::TOWNS.iter().map(|t| t.weight.max(1)).collect(),
        tech_skills: Vec::new(),
    };
    g.business_entities().await?;
    let regions = g.regions_and_depot().await?;
    g.catalogue().await?;
    let mut partners = g.partners();
    let customers = g.customers(&mut partners);
    g.store_contacts_and_partners(&mut partners).await?;
    g.demo_accounts().await?;
    let absent = g.technicians(&regions).await?;
    let mut book = g.orders(&regions, &partners, &customers).await?;
    g.service_visits(&mut book.visit_plans);
    let assignment = g.day_teams(&book.visit_plans, &absent).await?;
    g.visits(book.visit_plans, &assignment).await?;
    g.invoices(book.invoices_due, &mut book.seq, &partners.commission_bp)
        .await?;
    g.finish(book.seq).await?;
    g.commission_payouts().await?;
    Ok(g.counts)
}

impl Gen<'_> {
    /// The five business entities (brands).
    async fn business_entities(&mut self) -> Result<(), ServiceError> {
        let (txn, now) = (self.txn, self.now);
        let counts = &mut self.counts;
        // --- Business entities, regions, depot -------------------------------
        let mut entities = Vec::new();
        for (i, b) in BRANDS.iter().enumerate() {
            entities.push(business_entity::ActiveModel {
                id: Set(i as i32 + 1),
                code: Set(b.code.to_owned()),
                name: Set(b.name.to_owned()),
                brand: Set(b.brand.to_owned()),
                order_prefix: Set(b.prefix.to_owned()),
                support_email: Set(format!("support@{}", b.domain)),
                sales_email: Set(format!("{}@{}", b.sales_mailbox, b.domain)),
                admin_email: Set(format!("admin@{}", b.domain)),
                noreply_email: Set(format!("noreply@{}", b.domain)),
                whatsapp_number: Set(b.whatsapp.map(str::to_owned)),
                brand_color: Set(b.colour.to_owned()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                // The customer service line of the Nijkerk office.
                phone: Set(Some(format!("033 760 20 {:02}", 10 + i))),
                reschedule_cutoff_hours: Set(entity::domain::planning::RESCHEDULE_CUTOFF_HOURS),
            });
        }
        counts.business_entities = entities.len();
        insert_all(txn, entities, 14).await?;

        Ok(())
    }

    /// The planning regions by postcode, and the depot in Nijkerk.
    async fn regions_and_depot(&mut self) -> Result<Regions, ServiceError> {
        let txn = self.txn;
        let counts = &mut self.counts;
        let mut region_ranges: Vec<(String, Vec<(u16, u16)>)> = Vec::new();
        let mut region_ids: HashMap<String, i32> = HashMap::new();
        let mut regions = Vec::new();
        for (i, (code, name, ranges)) in REGIONS.iter().enumerate() {
            region_ranges.push((
                (*code).to_owned(),
                entity::domain::region::parse_pc4_ranges(ranges).map_err(ServiceError::Invalid)?,
            ));
            region_ids.insert((*code).to_owned(), i as i32 + 1);
            regions.push(region::ActiveModel {
                id: Set(i as i32 + 1),
                code: Set((*code).to_owned()),
                name: Set((*name).to_owned()),
                pc4_ranges: Set((*ranges).to_owned()),
                version: Set(1),
            });
        }
        counts.regions = regions.len();
        insert_all(txn, regions, 5).await?;

        depot::ActiveModel {
            id: Set(1),
            name: Set(DEPOT.0.to_owned()),
            street: Set(DEPOT.1.to_owned()),
            postcode: Set(DEPOT.2.to_owned()),
            city: Set(DEPOT.3.to_owned()),
            lat: Set(DEPOT.4),
            lng: Set(DEPOT.5),
        }
        .insert(txn)
        .await?;

        Ok(Regions {
            ranges: region_ranges,
            ids: region_ids,
        })
    }

    /// Products, their prices per entity, complexity surcharges and partner margins.
    async fn catalogue(&mut self) -> Result<(), ServiceError> {
        let (txn, today) = (self.txn, self.today);
        let counts = &mut self.counts;
        // --- Catalogue and pricing -------------------------------------------
        let mut products = Vec::new();
        let mut rules = Vec::new();
        let valid_from = NaiveDate::from_ymd_opt(today.year() - 2, 1, 1).unwrap();
        let mut rule_id = 0;
        let mut rule = |kind: &str,
                        product: Option<i32>,
                        entity: Option<i32>,
                        ptype: Option<&str>,
                        level: Option<i32>,
                        cents: i64,
                        bp: i32| {
            rule_id += 1;
            pricing_rule::ActiveModel {
                id: Set(rule_id),
                kind: Set(kind.to_owned()),
                product_id: Set(product),
                business_entity_id: Set(entity),
                partner_type: Set(ptype.map(str::to_owned)),
                complexity_level: Set(level),
                amount_cents: Set(cents),
                basis_points: Set(bp),
                valid_from: Set(valid_from),
                version: Set(1),
            }
        };
        for (i, p) in PRODUCTS.iter().enumerate() {
            let id = i as i32 + 1;
            products.push(product::ActiveModel {
                id: Set(id),
                sku: Set(p.sku.to_owned()),
                name: Set(p.name.to_owned()),
                kind: Set(p.kind.to_owned()),
                required_skills: Set(format_skills(p.skills)),
                duration_minutes: Set(p.minutes),
                active: Set(true),
                version: Set(1),
                // Chargers carry the maker's 3 years; work and parts 2.
                warranty_months: Set(if p.kind == "charger" { 36 } else { 24 }),
            });
            rules.push(rule("base", Some(id), None, None, None, p.price_cents, 0));
        }
        // ZaptecShop sells Zaptec a little cheaper; MeterKastThuis its upgrade.
        rules.push(rule("base", Some(1), Some(4), None, None, 84_900, 0));
        rules.push(rule("base", Some(8), Some(3), None, None, 34_500, 0));
        rules.push(rule("complexity", None, None, None, Some(2), 17_500, 0));
        rules.push(rule("complexity", None, None, None, Some(3), 42_500, 0));
        for (ptype, bp) in PARTNER_MARGIN_BP {
            rules.push(rule(
                "partner_margin",
                None,
                None,
                Some(ptype),
                None,
                0,
                *bp,
            ));
        }
        counts.products = products.len();
        insert_all(txn, products, 8).await?;
        insert_all(txn, rules, 10).await?;

        Ok(())
    }

    /// The partners: the named big ones first, then generated names.
    fn partners(&mut self) -> Partners {
        let (now, vol) = (self.now, self.vol);
        let rng = &mut self.rng;
        let counts = &mut self.counts;
        let (towns, town_weights) = (data::TOWNS, &self.town_weights);
        // --- Partners -----------------------------------------------------------
        let mut contact_id = 0;
        let mut contacts = Vec::new();
        let mut partners = Vec::new();
        let mut partner_contact: Vec<i32> = Vec::new();
        let mut partner_bp: Vec<i32> = Vec::new();
        let mut partner_names: Vec<String> = data::NAMED_PARTNERS
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect();
        let mut partner_types: Vec<String> = data::NAMED_PARTNERS
            .iter()
            .map(|(_, t)| (*t).to_owned())
            .collect();
        'outer: for pre in data::PARTNER_NAME_PREFIXES {
            for suf in data::PARTNER_NAME_SUFFIXES {
                if partner_names.len() >= vol.partners.max(data::NAMED_PARTNERS.len()) {
                    break 'outer;
                }
                partner_names.push(format!("{pre}{suf}"));
            }
        }
        // Interleave generated names so they don't all share one prefix.
        let named = data::NAMED_PARTNERS.len();
        let mut generated: Vec<String> = partner_names.split_off(named.min(partner_names.len()));
        let mut shuffled = Vec::with_capacity(generated.len());
        while !generated.is_empty() {
            let i = rng.range(0, generated.len() as i64 - 1) as usize;
            shuffled.push(generated.swap_remove(i));
        }
        partner_names.extend(shuffled);
        partner_names.truncate(vol.partners);
        const TYPES: &[&str] = &[
            "reseller",
            "car_dealer",
            "installer",
            "lease_company",
            "housing_corporation",
            "energy_supplier",
        ];
        while partner_types.len() < partner_names.len() {
            partner_types.push(TYPES[rng.weighted(&[30, 30, 15, 10, 10, 5])].to_owned());
        }
        partner_types.truncate(partner_names.len());
        for (i, (name, ptype)) in partner_names.iter().zip(&partner_types).enumerate() {
            contact_id += 1;
            let p = place(rng, towns, town_weights);
            let domain: String = name
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(24)
                .collect();
            contacts.push(contact::ActiveModel {
                id: Set(contact_id),
                language: Set("nl".to_owned()),
                kind: Set("organization".to_owned()),
                display_name: Set(name.clone()),
                first_name: Set(None),
                last_name: Set(None),
                organization_name: Set(Some(name.clone())),
                parent_id: Set(None),
                email: Set(Some(format!("partners@{domain}.nl"))),
                phone: Set(Some(format!(
                    "0{}{:07}",
                    rng.range(10, 79),
                    rng.range(0, 9_999_999)
                ))),
                street: Set(Some(p.street)),
                house_number: Set(Some(p.number)),
                postcode: Set(Some(p.postcode)),
                city: Set(Some(p.city)),
                lat: Set(Some(p.lat)),
                lng: Set(Some(p.lng)),
                created_at: Set(now - Duration::days(rng.range(400, 1500))),
                updated_at: Set(now),
                version: Set(1),
            });
            // Each partner's contract is near its type's standard margin.
            let standard = PARTNER_MARGIN_BP
                .iter()
                .find(|(t, _)| *t == ptype.as_str())
                .map_or(400, |(_, bp)| *bp);
            let bp = standard + rng.range(-2, 2) as i32 * 50;
            let onboarding = if i < named {
                "active"
            } else {
                [
                    "active",
                    "active",
                    "active",
                    "active",
                    "onboarding",
                    "invited",
                    "suspended",
                ][rng.range(0, 6) as usize]
            };
            partners.push(partner::ActiveModel {
                id: Set(i as i32 + 1),
                contact_id: Set(contact_id),
                partner_type: Set(ptype.clone()),
                onboarding_status: Set(onboarding.to_owned()),
                commission_bp: Set(bp),
                commission_terms: Set(format!(
                    "{:.1} % van de orderwaarde, maandelijks uitbetaald",
                    f64::from(bp) / 100.0
                )),
                created_at: Set(now - Duration::days(rng.range(300, 1400))),
                version: Set(1),
            });
            partner_contact.push(contact_id);
            partner_bp.push(bp);
        }
        counts.partners = partners.len();
        // Big partners bring most leads: Groendus, Essent and 50five first.
        let partner_weights: Vec<u32> = (0..partners.len())
            .map(|i| match i {
                0 => 400,
                1 => 260,
                2 => 220,
                i if i < named => 60,
                _ => 8,
            })
            .collect();
        let active_partner: Vec<bool> = partners
            .iter()
            .map(|p| matches!(&p.onboarding_status, sea_orm::ActiveValue::Set(s) if s == "active"))
            .collect();

        Partners {
            contacts,
            rows: partners,
            last_contact_id: contact_id,
            contact_of: partner_contact,
            commission_bp: partner_bp,
            types: partner_types,
            weights: partner_weights,
            active: active_partner,
        }
    }

    /// The customers, one per order, as person contacts.
    fn customers(&mut self, partners: &mut Partners) -> Customers {
        let (now, vol) = (self.now, self.vol);
        let rng = &mut self.rng;
        let counts = &mut self.counts;
        let (towns, town_weights) = (data::TOWNS, &self.town_weights);
        // --- Customers ------------------------------------------------------------
        let mut contact_id = partners.last_contact_id;
        let contacts = &mut partners.contacts;
        let first_customer_contact = contact_id + 1;
        let mut customer_places = Vec::with_capacity(vol.customers);
        for _ in 0..vol.customers {
            contact_id += 1;
            let first = *rng.pick(data::FIRST_NAMES);
            let last = *rng.pick(data::SURNAMES);
            let p = place(rng, towns, town_weights);
            let mail_domain = *rng.pick(&[
                "gmail.com",
                "hotmail.com",
                "outlook.com",
                "ziggo.nl",
                "kpnmail.nl",
                "live.nl",
                "icloud.com",
            ]);
            contacts.push(contact::ActiveModel {
                id: Set(contact_id),
                language: Set("nl".to_owned()),
                kind: Set("person".to_owned()),
                display_name: Set(format!("{first} {last}")),
                first_name: Set(Some(first.to_owned())),
                last_name: Set(Some(last.to_owned())),
                organization_name: Set(None),
                parent_id: Set(None),
                email: Set(Some(format!(
                    "{}{}@{mail_domain}",
                    email_local(first, last),
                    contact_id % 97
                ))),
                phone: Set(Some(format!("06{:08}", rng.range(10_000_000, 99_999_999)))),
                street: Set(Some(p.street.clone())),
                house_number: Set(Some(p.number.clone())),
                postcode: Set(Some(p.postcode.clone())),
                city: Set(Some(p.city.clone())),
                lat: Set(Some(p.lat)),
                lng: Set(Some(p.lng)),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            });
            customer_places.push(p);
        }
        counts.customers = vol.customers;

        partners.last_contact_id = contact_id;
        Customers {
            first_contact: first_customer_contact,
            places: customer_places,
        }
    }

    async fn store_contacts_and_partners(
        &mut self,
        partners: &mut Partners,
    ) -> Result<(), ServiceError> {
        insert_all(self.txn, std::mem::take(&mut partners.contacts), 18).await?;
        insert_all(self.txn, std::mem::take(&mut partners.rows), 8).await
    }

    /// One account per role (README), all with the demo password.
    async fn demo_accounts(&mut self) -> Result<(), ServiceError> {
        let (txn, now) = (self.txn, self.now);
        let counts = &mut self.counts;
        // --- Demo accounts, one per role (README) -------------------------------
        let password_hash = crate::auth::hash_password(DEMO_PASSWORD)?;
        let mut users = Vec::new();
        for (i, a) in DEMO_ACCOUNTS.iter().enumerate() {
            // Customers are linked to their order once the orders exist.
            let contact: Option<i32> = None;
            let enrolled = a.role.is_staff() && !DEMO_UNENROLLED.contains(&a.email);
            users.push(user::ActiveModel {
                id: Set(i as i32 + 1),
                email: Set(a.email.to_owned()),
                display_name: Set(a.name.to_owned()),
                password_hash: Set(Some(password_hash.clone())),
                role: Set(a.role.as_str().to_owned()),
                partner_id: Set(a.partner_id),
                // The partner desks administer their organisation's API.
                partner_admin: Set(a.role == Role::PartnerUser),
                contact_id: Set(contact),
                totp_secret: Set(enrolled.then(|| DEMO_TOTP_SECRET.to_owned())),
                mfa_enabled: Set(enrolled),
                totp_last_step: Set(None),
                locale: Set("nl".to_owned()),
                active: Set(true),
                last_login_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            });
        }
        counts.users = users.len();
        insert_all(txn, users, 16).await?;

        Ok(())
    }

    /// The technicians with their skills, and their leave in the planning
    /// horizon (returned as the days each one is away).
    async fn technicians(
        &mut self,
        regions: &Regions,
    ) -> Result<HashMap<(usize, NaiveDate), ()>, ServiceError> {
        let (txn, today, vol) = (self.txn, self.today, self.vol);
        let rng = &mut self.rng;
        let counts = &mut self.counts;
        let (towns, town_weights) = (data::TOWNS, &self.town_weights);
        // --- Technicians ------------------------------------------------------------
        let mut technicians = Vec::new();
        let mut absences = Vec::new();
        let mut tech_skills: Vec<Vec<Skill>> = Vec::new();
        let mut absent: HashMap<(usize, NaiveDate), ()> = HashMap::new();
        let mut absence_id = 0;
        for i in 0..vol.technicians {
            let first = *rng.pick(data::FIRST_NAMES);
            let last = *rng.pick(data::SURNAMES);
            let mut skills = vec![Skill::Commissioning];
            for (s, p) in [
                (Skill::ThreePhase, 0.7),
                (Skill::Zaptec, 0.55),
                (Skill::Alfen, 0.5),
                (Skill::MeterCabinet, 0.4),
                (Skill::Groundwork, 0.25),
            ] {
                if rng.chance(p) {
                    skills.push(s);
                }
            }
            // Keep the day plannable: every team needs someone for groundwork now and then.
            if i % 4 == 0 && !skills.contains(&Skill::Groundwork) {
                skills.push(Skill::Groundwork);
            }
            let home = place(rng, towns, town_weights);
            technicians.push(technician::ActiveModel {
                id: Set(i as i32 + 1),
                // The demo technician account is the first technician.
                user_id: Set((i == 0).then_some(4)),
                name: Set(if i == 0 {
                    "Daan Mulder".to_owned()
                } else {
                    format!("{first} {last}")
                }),
                phone: Set(format!("06{:08}", rng.range(10_000_000, 99_999_999))),
                skills: Set(format_skills(&skills)),
                home_region_id: Set(regions.of(&home.postcode)),
                weekly_hours: Set(*rng.pick(&[32, 36, 40, 40, 40])),
                active: Set(true),
                version: Set(1),
            });
            tech_skills.push(skills);
            // Leave and sickness in the planning horizon.
            if rng.chance(0.3) {
                absence_id += 1;
                let kind = ["leave", "leave", "sick", "training"][rng.range(0, 3) as usize];
                let from = today + Duration::days(rng.range(-10, 24));
                let to = from
                    + Duration::days(match kind {
                        "leave" => rng.range(2, 11),
                        "sick" => rng.range(0, 4),
                        _ => rng.range(0, 1),
                    });
                let mut d = from;
                while d <= to {
                    absent.insert((i, d), ());
                    d += Duration::days(1);
                }
                absences.push(technician_absence::ActiveModel {
                    id: Set(absence_id),
                    technician_id: Set(i as i32 + 1),
                    kind: Set(kind.to_owned()),
                    date_from: Set(from),
                    date_to: Set(to),
                    reason: Set(Some(
                        match kind {
                            "leave" => "Vakantie",
                            "sick" => "Ziek gemeld",
                            _ => "Training Zaptec Pro",
                        }
                        .to_owned(),
                    )),
                });
            }
        }
        counts.technicians = technicians.len();
        self.tech_skills = tech_skills;
        insert_all(txn, technicians, 9).await?;
        insert_all(txn, absences, 6).await?;

        Ok(absent)
    }

    /// The orders, each walked through the workflow up to today, with their
    /// lines, status history and quotes; the visits and invoices they need
    /// are returned for the later sections.
    async fn orders(
        &mut self,
        regions: &Regions,
        partners: &Partners,
        customers: &Customers,
    ) -> Result<OrderBook, ServiceError> {
        let (txn, now, today, vol) = (self.txn, self.now, self.today, self.vol);
        let rng = &mut self.rng;
        let counts = &mut self.counts;
        let workflow = &self.workflow;
        // --- Orders and their histories -------------------------------------------
        let mut orders = Vec::new();
        let mut lines = Vec::new();
        let mut transitions = Vec::new();
        let mut quotes = QuoteRows::default();
        let mut invoices_due: Vec<InvoiceDue> = Vec::new();
        let mut visit_plans: Vec<VisitPlan> = Vec::new();
        let mut seq: HashMap<String, i64> = HashMap::new();
        let (mut line_id, mut transition_id) = (0, 0i64);

        // Orders are created in date order so that numbers rise with time.
        let mut created: Vec<DateTime<Utc>> = (0..vol.customers)
            .map(|_| {
                // More recent orders are more common (the business grows).
                let age = (rng.unit().powf(1.6) * 730.0) as i64;
                now - Duration::days(age) - Duration::minutes(rng.range(0, 600))
            })
            .collect();
        created.sort();

        for (i, created_at) in created.into_iter().enumerate() {
            let order_id = i as i32 + 1;
            let customer = customers.first_contact + i as i32;
            let p = &customers.places[i];
            let entity_idx = rng.weighted(&[40, 22, 12, 16, 10]);
            let prefix = BRANDS[entity_idx].prefix;
            let via_partner = rng.chance(0.65);
            let partner_idx = if via_partner {
                let mut idx = rng.weighted(&partners.weights);
                while !partners.active[idx] {
                    idx = rng.weighted(&partners.weights);
                }
                Some(idx)
            } else {
                None
            };
            let year = created_at.year();
            let n = seq.entry(numbering::order_scope(prefix, year)).or_insert(0);
            *n += 1;
            let order_number = numbering::order_number(prefix, year, *n);
            let chargers = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3][rng.range(0, 14) as usize];
            let complexity = [1, 1, 1, 1, 2, 2, 3][rng.range(0, 6) as usize];
            let h = walk(rng, workflow, created_at, now, partner_idx.is_some());
            let (sla_due, sla_risk) =
                entity::domain::pipeline::sla_clock(h.since, workflow.sla_hours(&h.status));
            let channel = if via_partner {
                "partner_api"
            } else {
                ["website", "website", "direct_sales", "hubspot_import"][rng.range(0, 3) as usize]
            };

            // Lines: charger(s), installation, extras by complexity.
            let charger = match entity_idx {
                3 => [0, 1][rng.range(0, 1) as usize],
                4 => 4,
                _ => [0, 1, 2, 3, 4][rng.weighted(&[35, 10, 30, 10, 15])],
            };
            let mut order_lines: Vec<(usize, i32, &'static str)> =
                vec![(charger, chargers, "customer"), (5, 1, "customer")];
            if PRODUCTS[charger].skills.contains(&Skill::ThreePhase) || rng.chance(0.35) {
                order_lines.push((6, 1, "customer"));
            }
            if complexity >= 2 || entity_idx == 2 {
                order_lines.push((7, 1, "customer"));
            }
            if complexity == 3 {
                order_lines.push((8, rng.range(1, 3) as i32, "customer"));
            }
            if rng.chance(0.4) {
                order_lines.push((9, rng.range(1, 4) as i32, "customer"));
            }
            // Energy suppliers often pay the installation for their customers.
            if let Some(pi) = partner_idx {
                if partners.types[pi] == "energy_supplier" && rng.chance(0.5) {
                    order_lines[1].2 = "partner";
                }
            }
            let mut customer_total = 0i64;
            let mut partner_total = 0i64;
            let mut skills: Vec<Skill> = Vec::new();
            let mut minutes = 0;
            for (prod, qty, payer) in &order_lines {
                let pr = &PRODUCTS[*prod];
                line_id += 1;
                let total = pr.price_cents * i64::from(*qty);
                if *payer == "partner" {
                    partner_total += total
                } else {
                    customer_total += total
                }
                skills.extend_from_slice(pr.skills);
                minutes += pr.minutes * qty;
                lines.push(order_line::ActiveModel {
                    id: Set(line_id),
                    order_id: Set(order_id),
                    product_id: Set(Some(*prod as i32 + 1)),
                    description: Set(pr.name.to_owned()),
                    quantity: Set(*qty),
                    unit_price_cents: Set(pr.price_cents),
                    payer: Set((*payer).to_owned()),
                });
            }
            let skills_text = format_skills(&skills);

            for st in &h.steps {
                transition_id += 1;
                transitions.push(status_transition::ActiveModel {
                    id: Set(transition_id),
                    order_id: Set(order_id),
                    from_status: Set(st.from.clone()),
                    to_status: Set(st.to.clone()),
                    actor_user_id: Set(None),
                    reason: Set(st.reason.clone()),
                    created_at: Set(st.at),
                });
            }

            // Quotes for orders that reached the quote stage.
            quote_versions(
                rng,
                &mut quotes,
                QuoteOf {
                    order_id,
                    history: &h,
                    lines: &order_lines,
                    customer_total,
                    partner_total,
                    has_partner: partner_idx.is_some(),
                },
            );

            // Visits.
            let window = *rng.pick(WINDOWS);
            if let Some(intake) = h.intake_at {
                if rng.chance(0.55) {
                    let d = next_workday((intake + Duration::days(rng.range(2, 8))).date_naive());
                    if d <= today + Duration::days(27) {
                        visit_plans.push(VisitPlan {
                            order_id,
                            point: (p.lat, p.lng),
                            kind: "survey",
                            date: Some(d),
                            window,
                            minutes: 60,
                            skills: String::new(),
                        });
                    }
                }
            }
            match h.status.as_str() {
                wf::BOTH_APPROVED | wf::PLANNING => {
                    visit_plans.push(VisitPlan {
                        order_id,
                        point: (p.lat, p.lng),
                        kind: "installation",
                        date: None,
                        window,
                        minutes: entity::domain::planning::on_site_minutes(minutes),
                        skills: skills_text.clone(),
                    });
                }
                wf::SCHEDULED | wf::IN_PROGRESS | wf::COMPLETED => {
                    let at = h.install_at.unwrap_or(h.since);
                    let d = next_workday(at.date_naive());
                    visit_plans.push(VisitPlan {
                        order_id,
                        point: (p.lat, p.lng),
                        kind: "installation",
                        date: Some(d),
                        window,
                        minutes: entity::domain::planning::on_site_minutes(minutes),
                        skills: skills_text.clone(),
                    });
                }
                _ => {}
            }
            if let Some(done) = h.completed_at {
                invoices_due.push(InvoiceDue {
                    order_id,
                    entity_idx,
                    completed: done,
                    customer_total,
                    partner_total,
                    partner_idx,
                });
            }

            orders.push(order::ActiveModel {
                id: Set(order_id),
                order_number: Set(order_number),
                business_entity_id: Set(entity_idx as i32 + 1),
                status: Set(h.status.clone()),
                account_contact_id: Set(partner_idx
                    .map(|pi| partners.contact_of[pi])
                    .unwrap_or(customer)),
                end_customer_contact_id: Set(customer),
                partner_id: Set(partner_idx.map(|pi| pi as i32 + 1)),
                channel_contact_ids: Set(match partner_idx {
                    Some(pi) => format!("[{}]", partners.contact_of[pi]),
                    None => "[]".to_owned(),
                }),
                channel: Set(channel.to_owned()),
                region_id: Set(regions.of(&p.postcode)),
                street: Set(p.street.clone()),
                house_number: Set(p.number.clone()),
                postcode: Set(p.postcode.clone()),
                city: Set(p.city.clone()),
                lat: Set(p.lat),
                lng: Set(p.lng),
                charger_count: Set(chargers),
                complexity: Set(complexity),
                status_since: Set(h.since),
                sla_due_at: Set(sla_due),
                sla_risk_at: Set(sla_risk),
                hold_reason: Set(h.hold_reason.clone()),
                cancel_reason: Set(h.cancel_reason.clone()),
                status_before_hold: Set(h.before_hold.clone()),
                created_at: Set(created_at),
                updated_at: Set(h.since),
                version: Set(h.steps.len() as i32),
                access_notes: Set(None),
            });
        }
        counts.orders = orders.len();
        counts.status_transitions = transitions.len();
        counts.quotes = quotes.quotes.len();
        insert_all(txn, orders, 27).await?;
        insert_all(txn, lines, 7).await?;
        insert_all(txn, transitions, 7).await?;
        insert_all(txn, quotes.quotes, 10).await?;
        insert_all(txn, quotes.lines, 7).await?;

        Ok(OrderBook {
            visit_plans,
            invoices_due,
            seq,
        })
    }

    /// Service visits after completion, up to the target visit count; with
    /// too many visits, the oldest surveys go.
    fn service_visits(&mut self, visit_plans: &mut Vec<VisitPlan>) {
        let (today, vol) = (self.today, self.vol);
        let rng = &mut self.rng;
        // Service visits after completion, then up to the target visit count;
        // if there are too many visits, the oldest surveys go first.
        let completed_orders: Vec<(i32, (f64, f64), NaiveDate)> = visit_plans
            .iter()
            .filter(|v| v.kind == "installation")
            .filter_map(|v| {
                v.date
                    .filter(|d| *d < today)
                    .map(|d| (v.order_id, v.point, d))
            })
            .collect();
        // Some installed chargers need a service visit (warranty, defects).
        let service_target = visit_plans.len() + (completed_orders.len() / 15).max(1);
        let mut attempts = 0;
        while (visit_plans.len() < vol.visits || visit_plans.len() < service_target)
            && !completed_orders.is_empty()
            && attempts < 100_000
        {
            attempts += 1;
            let (oid, point, installed) = *rng.pick(&completed_orders);
            let d = next_workday(installed + Duration::days(rng.range(20, 300)));
            if d <= today + Duration::days(27) {
                visit_plans.push(VisitPlan {
                    order_id: oid,
                    point,
                    kind: "service",
                    date: Some(d),
                    window: *rng.pick(WINDOWS),
                    minutes: 75,
                    skills: "commissioning".to_owned(),
                });
            }
        }
        if visit_plans.len() > vol.visits {
            let mut excess = visit_plans.len() - vol.visits;
            visit_plans.retain(|v| {
                if excess > 0
                    && v.kind == "survey"
                    && v.date.is_some_and(|d| d < today - Duration::days(60))
                {
                    excess -= 1;
                    false
                } else {
                    true
                }
            });
        }
    }

    /// The day teams in the planning horizon (7 days back, 27 ahead) and
    /// which visit each plans, as visit index → (team, sequence, arrival).
    /// Up to two weeks ahead the routes are planned by the demo's rule
    /// (`days::plan_day`: clusters that are on time and within the shift);
    /// further out the teams are formed and the routes wait.
    async fn day_teams(
        &mut self,
        visit_plans: &[VisitPlan],
        absent: &HashMap<(usize, NaiveDate), ()>,
    ) -> Result<HashMap<usize, (i32, i32, i32)>, ServiceError> {
        let (txn, today, vol) = (self.txn, self.today, self.vol);
        let rng = &mut self.rng;
        let counts = &mut self.counts;
        let tech_skills = &self.tech_skills;
        let depot = Point {
            lat: DEPOT.4,
            lng: DEPOT.5,
        };
        let horizon_start = today - Duration::days(7);
        let horizon_end = today + Duration::days(27);
        let mut by_day: HashMap<NaiveDate, Vec<usize>> = HashMap::new();
        for (i, v) in visit_plans.iter().enumerate() {
            if let Some(d) = v.date {
                if d >= horizon_start && d <= horizon_end {
                    by_day.entry(d).or_default().push(i);
                }
            }
        }
        let mut dates: Vec<NaiveDate> = by_day.keys().copied().collect();
        dates.sort();
        let mut teams = Vec::new();
        let mut members = Vec::new();
        let mut assignment = HashMap::new();
        let mut team_id = 0;
        for d in dates {
            let visits_today = &by_day[&d];
            let mut available: Vec<usize> = (0..vol.technicians)
                .filter(|t| !absent.contains_key(&(*t, d)))
                .collect();
            let max_teams = available.len() / 2;
            let routes: Vec<days::Route> = if d <= today + Duration::days(14) {
                let jobs: Vec<days::Job> = visits_today
                    .iter()
                    .map(|&vi| {
                        let v = &visit_plans[vi];
                        days::Job {
                            point: Point {
                                lat: v.point.0,
                                lng: v.point.1,
                            },
                            window: v.window,
                            minutes: v.minutes,
                        }
                    })
                    .collect();
                days::plan_day(depot, &jobs, max_teams)
            } else {
                vec![Vec::new(); visits_today.len().div_ceil(3).min(max_teams)]
            };
            let mut formed = 0;
            for route in &routes {
                if available.len() < 2 {
                    break;
                }
                let need: Vec<String> = route
                    .iter()
                    .flat_map(|(j, _)| {
                        crate::planning::skills_of(&visit_plans[visits_today[*j]].skills)
                    })
                    .collect();
                let size = if available.len() >= 3 && rng.chance(0.35) {
                    3
                } else {
                    2
                };
                let people = pick_team(rng, &mut available, tech_skills, &need, size);
                let covered = need.iter().all(|s| {
                    people
                        .iter()
                        .any(|&t| tech_skills[t].iter().any(|k| k.as_str() == s.as_str()))
                });
                if !covered {
                    // Nobody free brings the skill: these visits wait.
                    available.extend(people);
                    continue;
                }
                team_id += 1;
                formed += 1;
                for tech in people {
                    members.push(day_team_member::ActiveModel {
                        day_team_id: Set(team_id),
                        technician_id: Set(tech as i32 + 1),
                    });
                }
                teams.push(day_team::ActiveModel {
                    id: Set(team_id),
                    date: Set(d),
                    name: Set(format!("Team {formed}")),
                    shift_start_min: Set(days::SHIFT.0),
                    shift_end_min: Set(days::SHIFT.1),
                    published: Set(d <= today + Duration::days(7)),
                    version: Set(1),
                    booking_version: Set(0),
                });
                for (s, (j, arrive)) in route.iter().enumerate() {
                    assignment.insert(visits_today[*j], (team_id, s as i32 + 1, *arrive));
                }
            }
        }
        counts.day_teams = teams.len();
        insert_all(txn, teams, 7).await?;
        insert_all(txn, members, 2).await?;

        Ok(assignment)
    }

    /// The visits, with their status and (on published days) the slot the
    /// customer was told.
    async fn visits(
        &mut self,
        visit_plans: Vec<VisitPlan>,
        assignment: &HashMap<usize, (i32, i32, i32)>,
    ) -> Result<(), ServiceError> {
        let (txn, today) = (self.txn, self.today);
        let counts = &mut self.counts;
        let mut visits = Vec::new();
        for (i, plan) in visit_plans.into_iter().enumerate() {
            let VisitPlan {
                order_id: oid,
                kind,
                date,
                window: (ws, we),
                minutes,
                skills,
                point: _,
            } = plan;
            let team = assignment.get(&i).copied();
            let status = match date {
                None => "unplanned",
                Some(d) if d < today => "completed",
                Some(d) if d == today && team.is_some() => "in_progress",
                Some(d) if team.is_some() && d <= today + Duration::days(7) => "published",
                Some(_) if team.is_some() => "planned",
                Some(_) => "planned",
            };
            // Published days told their customers a slot: around the
            // arrival their team's route makes.
            let slot = match (team, status) {
                (Some((_, _, arrive)), "published" | "in_progress" | "completed") => {
                    Some(entity::domain::planning::time_slot(arrive, ws, we))
                }
                _ => None,
            };
            visits.push(visit::ActiveModel {
                id: Set(i as i32 + 1),
                order_id: Set(oid),
                kind: Set(kind.to_owned()),
                date: Set(date),
                window_start_min: Set(ws),
                window_end_min: Set(we),
                duration_minutes: Set(minutes),
                required_skills: Set(skills),
                day_team_id: Set(team.map(|t| t.0)),
                sequence: Set(team.map(|t| t.1)),
                pinned: Set(false),
                status: Set(status.to_owned()),
                version: Set(1),
                slot_start_min: Set(slot.map(|s| s.0)),
                slot_end_min: Set(slot.map(|s| s.1)),
            });
        }
        counts.visits = visits.len();
        insert_all(txn, visits, 15).await?;

        Ok(())
    }

    /// Invoices within 48 hours of completion, with the partner's commission.
    async fn invoices(
        &mut self,
        mut invoices_due: Vec<InvoiceDue>,
        seq: &mut HashMap<String, i64>,
        partner_bp: &[i32],
    ) -> Result<(), ServiceError> {
        let (txn, now) = (self.txn, self.now);
        let rng = &mut self.rng;
        let counts = &mut self.counts;
        // --- Invoices within 48 hours of completion ---------------------------
        invoices_due.sort_by_key(|i| i.completed);
        let mut invoices = Vec::new();
        let mut invoice_id = 0;
        for due in invoices_due {
            let InvoiceDue {
                order_id: oid,
                entity_idx,
                completed: done,
                customer_total,
                partner_total,
                partner_idx,
            } = due;
            let issued = done + Duration::hours(rng.range(2, 40));
            let prefix = BRANDS[entity_idx].prefix;
            let commission = partner_idx
                .map(|pi| (customer_total + partner_total) * i64::from(partner_bp[pi]) / 10_000)
                .unwrap_or(0);
            for (payer, amount) in [("customer", customer_total), ("partner", partner_total)] {
                if amount == 0 {
                    continue;
                }
                invoice_id += 1;
                let year = issued.year();
                let n = seq
                    .entry(numbering::invoice_scope(prefix, year))
                    .or_insert(0);
                *n += 1;
                let due = issued + Duration::days(14);
                let paid = (due < now - Duration::days(3) || rng.chance(0.5))
                    .then(|| issued + Duration::days(rng.range(1, 20)));
                let paid = paid.filter(|p| *p <= now);
                let status = if paid.is_some() {
                    "paid"
                } else if due < now {
                    "overdue"
                } else {
                    "open"
                };
                invoices.push(invoice::ActiveModel {
                    id: Set(invoice_id),
                    invoice_number: Set(numbering::invoice_number(prefix, year, *n)),
                    order_id: Set(oid),
                    business_entity_id: Set(entity_idx as i32 + 1),
                    payer: Set(payer.to_owned()),
                    amount_cents: Set(amount),
                    commission_cents: Set(if payer == "customer" { commission } else { 0 }),
                    status: Set(status.to_owned()),
                    issued_at: Set(issued),
                    due_at: Set(due),
                    paid_at: Set(paid),
                });
            }
        }
        counts.invoices = invoices.len();
        insert_all(txn, invoices, 11).await?;

        Ok(())
    }

    /// Commission is paid out monthly (`domain::commission`): every month
    /// before last was paid by its 15th; last month's is still to pay. After
    /// `finish`, which gives the demo partner its orders.
    async fn commission_payouts(&mut self) -> Result<(), ServiceError> {
        let (txn, now) = (self.txn, self.now);
        let last = commission::previous_period(&commission::period_of(now)).expect("a period");
        let (until, _) = commission::bounds(&last).expect("a period");
        let start = until - Duration::days(3 * 366);
        let mut earned: std::collections::BTreeMap<(i32, String), (i32, i64)> =
            std::collections::BTreeMap::new();
        for (i, o) in crate::commission::paid_between(txn, None, start, until).await? {
            let (Some(partner), Some(paid)) = (o.partner_id, i.paid_at) else {
                continue;
            };
            let e = earned
                .entry((partner, commission::period_of(paid)))
                .or_default();
            e.0 += 1;
            e.1 += i.commission_cents;
        }
        let payouts: Vec<commission_payout::ActiveModel> = earned
            .into_iter()
            .map(|((partner, period), (n, cents))| {
                let by = commission::payable_by(&period).expect("a period");
                let paid = by - Duration::days(i64::from(partner % 5));
                commission_payout::ActiveModel {
                    partner_id: Set(partner),
                    reference: Set(format!("COM-{period}-{partner}")),
                    period: Set(period),
                    amount_cents: Set(cents),
                    invoices: Set(n),
                    paid_at: Set(ts(paid, 9 * 60)),
                    paid_by_user_id: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        insert_all(txn, payouts, 7).await
    }

    /// The number sequences, the demo customers' logins, the cancellation
    /// policy, and the id sequences past the explicit ids.
    async fn finish(&mut self, seq: HashMap<String, i64>) -> Result<(), ServiceError> {
        let (txn, now) = (self.txn, self.now);
        let mut sequences: Vec<number_sequence::ActiveModel> = seq
            .into_iter()
            .map(|(scope, last)| number_sequence::ActiveModel {
                scope: Set(scope),
                last_value: Set(last),
            })
            .collect();
        sequences.sort_by(|a, b| format!("{:?}", a.scope).cmp(&format!("{:?}", b.scope)));
        insert_all(txn, sequences, 2).await?;

        link_demo_customers(txn).await?;
        // The demo's cancellation policy (004 #2): free until the quote is
        // sent; after that the intake and quote work are charged.
        setting::ActiveModel {
            key: Set(crate::settings::SettingKey::CancellationFees
                .as_str()
                .to_owned()),
            value: Set(r#"{"new_lead":0,"intake_sent":0,"quote_sent":4900}"#.to_owned()),
            updated_at: Set(now),
            updated_by_user_id: Set(None),
        }
        .insert(txn)
        .await?;
        reset_sequences(
            txn,
            &[
                "business_entities",
                "regions",
                "depots",
                "contacts",
                "partners",
                "products",
                "pricing_rules",
                "orders",
                "order_lines",
                "quotes",
                "quote_lines",
                "status_transitions",
                "technicians",
                "technician_absences",
                "day_teams",
                "visits",
                "invoices",
                "users",
            ],
        )
        .await?;
        Ok(())
    }
}
