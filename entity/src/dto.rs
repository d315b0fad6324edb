//! Data sent to the browser. Rows that hold secrets never cross the wire;
//! the client gets these shapes instead.

use serde::{Deserialize, Serialize};

/// What a portal page needs to brand itself and to show contact channels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandDto {
    pub code: String,
    pub name: String,
    pub brand: String,
    pub order_prefix: String,
    pub support_email: String,
    pub whatsapp_number: Option<String>,
    pub brand_color: String,
    /// Set when the entity has a logo: its version, for
    /// `/api/brands/{code}/logo?v={version}`.
    #[serde(default)]
    pub logo_version: Option<i32>,
}

impl BrandDto {
    /// Where its logo is served, if it has one.
    pub fn logo_url(&self) -> Option<String> {
        self.logo_version
            .map(|v| format!("/api/brands/{}/logo?v={v}", self.code))
    }
}

impl From<crate::business_entity::Model> for BrandDto {
    fn from(m: crate::business_entity::Model) -> Self {
        BrandDto {
            code: m.code,
            name: m.name,
            brand: m.brand,
            order_prefix: m.order_prefix,
            support_email: m.support_email,
            whatsapp_number: m.whatsapp_number,
            brand_color: m.brand_color,
            logo_version: None,
        }
    }
}

/// The signed-in user as the client may see them: no hashes, no secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i32,
    pub email: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    /// For partner users: the partner organisation they act for.
    pub partner_id: Option<i32>,
    /// For customers: their own contact.
    pub contact_id: Option<i32>,
    /// Staff who signed in with a password but not yet with their second
    /// factor. Until this is `None` they may do nothing but that step.
    pub pending_mfa: Option<MfaStep>,
}

/// The second sign-in step a staff member still has to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MfaStep {
    /// Enter a code from the authenticator app (or a recovery code).
    Verify,
    /// No authenticator yet: scan the QR code and confirm a first code.
    Enrol,
}

impl MfaStep {
    /// The page that takes this step.
    pub fn path(self) -> &'static str {
        match self {
            MfaStep::Verify => "/mfa",
            MfaStep::Enrol => "/mfa/instellen",
        }
    }
}

/// What the enrolment page shows: the secret as a QR code and as text.
/// Sent only to the user who is enrolling, only before enrolment is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaSetupDto {
    /// Base32, grouped in fours for typing into an app by hand.
    pub secret_grouped: String,
    pub otpauth_uri: String,
    /// The `otpauth://` URI as an SVG QR code.
    pub qr_svg: String,
}

/// An order as a partner or customer may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummaryDto {
    pub order_number: String,
    pub status: String,
    pub brand: String,
    pub city: String,
    pub created_at: String,
}

/// A card on the pipeline board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardCard {
    pub id: i32,
    pub order_number: String,
    pub version: i32,
    pub status: String,
    pub customer: String,
    pub city: String,
    /// Business entity code (`chargecars`, …) and brand name.
    pub entity: String,
    pub brand: String,
    pub partner: Option<String>,
    pub region: Option<String>,
    pub charger_count: i32,
    /// Seconds since the epoch.
    pub status_since: i64,
    pub sla_due: Option<i64>,
    pub hold_reason: Option<String>,
    /// What the pipeline rules need, so the board can judge drops itself.
    pub facts: crate::domain::pipeline::OrderFacts,
}

impl BoardCard {
    pub fn sla(&self, now: i64) -> crate::domain::pipeline::SlaState {
        crate::domain::pipeline::sla_state(self.status_since, self.sla_due, now)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardColumnDto {
    pub column: crate::domain::pipeline::Column,
    /// All matching orders in this column; `cards` is one page of them.
    pub total: u64,
    pub cards: Vec<BoardCard>,
}

/// One conversion step against 000's target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversionDto {
    pub from: String,
    pub to: String,
    /// Orders that reached `from` and have left it (decided).
    pub decided: u64,
    /// Of those, the ones that reached `to`.
    pub converted: u64,
    pub target_percent: u32,
}

impl ConversionDto {
    pub fn percent(&self) -> Option<u32> {
        (self.decided > 0)
            .then(|| ((self.converted * 100 + self.decided / 2) / self.decided) as u32)
    }
}

/// Filters of the board; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFilter {
    pub partner_id: Option<i32>,
    pub region: Option<String>,
    pub entity: Option<String>,
    /// Created on or after / before (inclusive), `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `ok`, `at_risk`, `overdue` (`domain::pipeline::SlaState` slugs).
    pub sla: Option<String>,
    pub q: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardDto {
    pub columns: Vec<BoardColumnDto>,
    pub conversion: Vec<ConversionDto>,
    /// Entities (by code) with their own workflow; the others follow 000's.
    #[serde(default)]
    pub workflows: Vec<(String, crate::domain::Workflow)>,
    /// The server's clock, seconds since the epoch (for SLA badges).
    pub now: i64,
}

/// Something a filter can choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionDto {
    pub value: String,
    pub label: String,
}

/// The choices of the board's filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardOptions {
    pub entities: Vec<OptionDto>,
    pub regions: Vec<OptionDto>,
    pub partners: Vec<OptionDto>,
}

/// The result of one move in a bulk move.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveResult {
    pub order_number: String,
    /// `None` when it moved; otherwise the refusal code.
    pub refused: Option<String>,
    pub card: Option<BoardCard>,
}

/// Sent to every open board when an order changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub order_id: i32,
    pub order_number: String,
    pub status: String,
    pub version: i32,
}

/// A person or organisation in an order's contact hierarchy (000 step 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDto {
    /// `account`, `end_customer`, `partner`, `channel`
    pub role: String,
    pub name: String,
    pub kind: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The parent organisation's name, if any.
    pub parent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDto {
    /// The catalogue product, if the line is one (its price then follows
    /// the pricing rules when the quote is made).
    #[serde(default)]
    pub product_id: Option<i32>,
    pub description: String,
    pub quantity: i32,
    pub unit_price_cents: i64,
    /// `customer` or `partner` (000's dual quote)
    pub payer: String,
}

impl LineDto {
    pub fn total_cents(&self) -> i64 {
        self.unit_price_cents * i64::from(self.quantity)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteDto {
    pub id: i32,
    pub version_no: i32,
    pub status: String,
    pub customer_total_cents: i64,
    pub partner_total_cents: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub customer_approved_at: Option<String>,
    pub partner_approved_at: Option<String>,
    pub lines: Vec<LineDto>,
}

/// A quote as a customer or a partner sees it: only their side's lines and
/// their side's total; the other side's amounts never leave the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalQuoteDto {
    pub id: i32,
    pub version_no: i32,
    pub status: String,
    /// The sum of `lines` (this side's), incl. VAT.
    pub total_cents: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// Both approvals, so each side sees where the co-approval stands.
    pub customer_approved_at: Option<String>,
    pub partner_approved_at: Option<String>,
    pub lines: Vec<LineDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDto {
    pub kind: String,
    pub date: Option<String>,
    /// `08:00–12:00`
    pub window: String,
    pub duration_minutes: i32,
    pub team: Option<String>,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDto {
    pub invoice_number: String,
    pub payer: String,
    pub amount_cents: i64,
    pub commission_cents: i64,
    pub status: String,
    pub issued_at: String,
    pub due_at: String,
}

/// One step of the status timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionDto {
    pub from: Option<String>,
    pub to: String,
    pub actor: Option<String>,
    pub reason: Option<String>,
    pub at: String,
}

/// One entry of the general audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditDto {
    pub actor: Option<String>,
    pub action: String,
    pub changes: String,
    pub at: String,
}

/// Everything the order detail page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderDetailDto {
    pub card: BoardCard,
    pub channel: String,
    pub address: String,
    pub postcode: String,
    pub complexity: i32,
    pub created_at: String,
    pub cancel_reason: Option<String>,
    pub contacts: Vec<ContactDto>,
    pub lines: Vec<LineDto>,
    pub quotes: Vec<QuoteDto>,
    pub visits: Vec<VisitDto>,
    pub invoices: Vec<InvoiceDto>,
    pub timeline: Vec<TransitionDto>,
    pub audit: Vec<AuditDto>,
    /// Day teams the installation can be planned on (only while the order
    /// is ready for planning).
    #[serde(default)]
    pub plan_teams: Vec<TeamChoiceDto>,
    /// The server's clock, seconds since the epoch (for the SLA badge).
    pub now: i64,
    /// Names of statuses the entity's own workflow gives a label (the app
    /// translates 000's statuses itself).
    #[serde(default)]
    pub labels: Vec<(String, String)>,
    /// Events the entity's workflow moves an order on from its current
    /// status (003's "status automatik"), which ops may report by hand.
    #[serde(default)]
    pub events: Vec<String>,
    /// What the customer asked the installer to know.
    #[serde(default)]
    pub access: Option<AccessNotes>,
    /// Bookings and moves of the appointment, newest first.
    #[serde(default)]
    pub appointment_changes: Vec<AppointmentChangeDto>,
    /// What the technicians recorded at the order's visits (issue 19).
    #[serde(default)]
    pub field: Vec<FieldReportDto>,
    /// The customer's signature at completion.
    #[serde(default)]
    pub signature: Option<SignatureDto>,
}

/// Who signed for the finished work, and their signature (SVG path data
/// in a 320 × 120 box).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureDto {
    pub signed_by_name: String,
    pub path: String,
    /// RFC 3339.
    pub signed_at: String,
}

/// A charger the customer may pick on the intake form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargerOption {
    pub product_id: i32,
    pub name: String,
    pub price_cents: i64,
}

/// The public satisfaction survey of an order (a tokenised link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyDto {
    pub order_number: String,
    pub brand: String,
    pub entity_name: String,
    pub logo_url: Option<String>,
    /// The score given, once answered.
    pub score: Option<i32>,
}

/// The public intake form (a tokenised link; status `intake_sent`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeFormDto {
    pub order_number: String,
    pub brand: String,
    /// `chargecars`, … for the theme.
    pub entity: String,
    pub customer: String,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub charger_count: i32,
    pub chargers: Vec<ChargerOption>,
    /// The brand's logo, when it has one.
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// What the customer sends. The photo is a `data:image/…;base64,…` URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSubmission {
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub charger_product_id: i32,
    /// Codes from `INTAKE_PERIODS`.
    pub periods: Vec<String>,
    pub remarks: String,
    pub photo_name: String,
    pub photo_data_url: String,
}

/// The periods a customer may prefer for the installation.
pub const INTAKE_PERIODS: [&str; 4] = ["weekday_morning", "weekday_afternoon", "saturday", "any"];

/// The sign-off of an installation, as the technician app or ops record it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffInput {
    pub signed_by_name: String,
    /// The customer's signature as SVG path data (from the signature pad).
    pub signature: String,
    pub photo_count: i32,
    /// Checklist items ticked (codes from `domain::pipeline::CHECKLIST`).
    pub checked: Vec<String>,
}

/// A customer's or partner's view of one of their orders (portal page):
/// their side of the quote, whether it waits for them, visits and invoices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalOrderDto {
    pub order_number: String,
    pub status: String,
    pub brand: String,
    /// The brand's logo, when it has one.
    #[serde(default)]
    pub logo_url: Option<String>,
    pub address: String,
    pub created_at: String,
    /// `customer` or `partner`: whose lines and whose approval this view shows.
    pub side: String,
    /// Status changes, oldest first, without internal actors.
    pub timeline: Vec<TransitionDto>,
    /// The newest quote version sent to the customer: `side`'s lines and total.
    pub quote: Option<PortalQuoteDto>,
    /// Whose approval the order waits for: `customer`, `partner` or none.
    pub awaiting: Option<String>,
    pub can_approve: bool,
    pub can_request_revision: bool,
    /// A revision was asked for and ops are preparing the next version.
    pub revision_pending: bool,
    pub visits: Vec<VisitDto>,
    /// Invoices addressed to `side`.
    pub invoices: Vec<InvoiceDto>,
    /// The appointment, for the customer's side.
    #[serde(default)]
    pub booking: Option<BookingDto>,
}

/// A day team that a visit can be planned on (order page, until the route
/// planning board exists).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamChoiceDto {
    pub id: i32,
    /// `2026-11-25`
    pub date: String,
    pub name: String,
    pub members: Vec<String>,
    /// Visits already on the team's route that day.
    pub visits: u32,
}

/// Ops plan an order's installation visit on a team, in a time window
/// (minutes after midnight).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVisitInput {
    pub day_team_id: i32,
    pub window_start_min: i32,
    pub window_end_min: i32,
}

/// A visit on the planning board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanVisitDto {
    pub id: i32,
    pub version: i32,
    pub order_number: String,
    pub customer: String,
    pub city: String,
    pub region: Option<String>,
    pub lat: f64,
    pub lng: f64,
    pub window_start_min: i32,
    pub window_end_min: i32,
    pub duration_min: i32,
    pub skills: Vec<String>,
    pub pinned: bool,
    /// The order's SLA deadline (seconds since the epoch), for sorting.
    pub sla_due: Option<i64>,
    /// The periods the customer prefers (from the intake form,
    /// `INTAKE_PERIODS`); empty when they gave none.
    #[serde(default)]
    pub periods: Vec<String>,
}

/// A visit in a team's route, with its timing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanStopDto {
    pub visit: PlanVisitDto,
    pub travel_min: i32,
    pub timing: crate::domain::planning::Timing,
}

/// A technician in the personnel pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDto {
    pub id: i32,
    pub name: String,
    pub skills: Vec<String>,
    /// `leave`, `sick` or `training` with the reason, when not available.
    pub absent: Option<String>,
    /// Teams this person is in that day.
    pub team_ids: Vec<i32>,
    /// Planned minutes this week (Monday–Sunday) against the contract.
    pub week_min: i32,
    pub contract_min: i32,
}

/// One team's lane.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamLaneDto {
    pub id: i32,
    pub name: String,
    pub version: i32,
    pub published: bool,
    pub member_ids: Vec<i32>,
    pub skills: Vec<String>,
    pub shift_start_min: i32,
    pub shift_end_min: i32,
    pub stops: Vec<PlanStopDto>,
    pub back_min: i32,
    pub km: f64,
    pub drive_min: i32,
}

/// The planning board of one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningDayDto {
    /// `2026-11-25`
    pub date: String,
    pub depot_lat: f64,
    pub depot_lng: f64,
    pub people: Vec<PersonDto>,
    pub teams: Vec<TeamLaneDto>,
    /// Ready for planning and not on a team, most urgent first.
    pub unassigned: Vec<PlanVisitDto>,
    pub flags: Vec<crate::domain::planning::Flag>,
    /// Every team of the day is published.
    pub published: bool,
}

impl PlanningDayDto {
    /// Teams to suggest for the rest of the day (see
    /// `domain::planning::suggest_teams`): from the people who are neither
    /// away nor in a team, for every visit of the day, counting the teams
    /// that already have people. Also the skills nobody free has.
    pub fn team_suggestions(&self) -> (Vec<crate::domain::planning::TeamSuggestion>, Vec<String>) {
        use crate::domain::planning::{suggest_teams, Candidate};
        let free: Vec<Candidate> = self
            .people
            .iter()
            .filter(|p| p.absent.is_none() && p.team_ids.is_empty())
            .map(|p| Candidate {
                id: p.id,
                skills: p.skills.clone(),
                week_min: p.week_min,
            })
            .collect();
        let visits: Vec<Vec<String>> = self
            .unassigned
            .iter()
            .chain(
                self.teams
                    .iter()
                    .flat_map(|t| t.stops.iter().map(|s| &s.visit)),
            )
            .map(|v| v.skills.clone())
            .collect();
        let staffed = self
            .teams
            .iter()
            .filter(|t| !t.member_ids.is_empty())
            .count();
        suggest_teams(&free, &visits, staffed)
    }
}

/// One team before and after an optimisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewTeamDto {
    pub team_id: i32,
    pub name: String,
    pub before_visits: Vec<i32>,
    pub after_visits: Vec<i32>,
    pub before_km: f64,
    pub after_km: f64,
    pub before_late: u32,
    pub after_late: u32,
    /// Minutes back at the depot after the shift.
    #[serde(default)]
    pub before_overtime_min: i32,
    #[serde(default)]
    pub after_overtime_min: i32,
}

/// A visit the optimiser could not place, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewUnplannedDto {
    pub visit_id: i32,
    pub order_number: String,
    pub reason: String,
}

/// The planning week (Monday to Friday): every day's teams with their load
/// and visits, for moving visits between days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanningWeekDto {
    /// The Monday, `2026-12-07`.
    pub monday: String,
    pub days: Vec<WeekDayDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekDayDto {
    pub date: String,
    pub teams: Vec<WeekTeamDto>,
    /// Visits of that day without a team.
    pub unplanned: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekTeamDto {
    pub id: i32,
    pub name: String,
    pub version: i32,
    pub published: bool,
    pub members: usize,
    /// Minutes from leaving the depot to being back, against the shift.
    pub busy_min: i32,
    pub shift_min: i32,
    pub km: f64,
    /// Warnings on this team (`Flag::team`).
    pub flags: usize,
    pub visits: Vec<WeekVisitDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekVisitDto {
    pub id: i32,
    pub version: i32,
    pub order_number: String,
    pub city: String,
    pub late: bool,
}

/// An optimisation's result, shown before the planner applies it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanPreviewDto {
    pub date: String,
    pub teams: Vec<PreviewTeamDto>,
    pub unplanned: Vec<PreviewUnplannedDto>,
    /// Visits of the day without a team before the plan.
    #[serde(default)]
    pub before_unplanned: u32,
    pub before_km: f64,
    pub after_km: f64,
    pub solve_ms: u64,
    /// The visit versions the plan was made from; applying checks them.
    pub versions: Vec<(i32, i32)>,
}

/// Something changed on a planning day: every open board of that day
/// reloads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayEvent {
    /// `2026-11-25`
    pub date: String,
    /// Who did it (display name).
    pub by: String,
    /// `assign`, `member`, `team`, `apply`, `publish`
    pub what: String,
}

/// One business entity in the admin list and form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminEntityRow {
    pub id: i32,
    pub version: i32,
    pub form: crate::domain::EntityForm,
    /// Orders it has; its prefix is locked once there is one.
    pub orders: u64,
    /// Its logo's address, when it has one.
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// The admin's list of entities, and the year new order numbers carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminEntities {
    pub year: i32,
    pub rows: Vec<AdminEntityRow>,
}

/// A new lead, as ops enter it or a partner submits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLead {
    /// The business entity's code (`chargecars`, …).
    pub entity_code: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub charger_count: i32,
    /// Ops may name the partner that brought the lead; a partner's own
    /// leads are always its own.
    pub partner_id: Option<i32>,
}

/// A technician's own day (the technician app's "Vandaag").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyDayDto {
    /// `2026-11-25`
    pub date: String,
    /// `None` when the signed-in user is not a technician.
    pub technician: Option<String>,
    /// `None` when not in a team that day.
    pub team: Option<String>,
    pub team_mates: Vec<String>,
    /// The team's day is published; until then no route is shown.
    pub published: bool,
    pub depart_min: i32,
    pub back_min: i32,
    pub km: f64,
    pub stops: Vec<MyStopDto>,
}

/// One stop of a technician's route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyStopDto {
    #[serde(default)]
    pub visit_id: i32,
    pub order_number: String,
    pub customer: String,
    pub phone: Option<String>,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub eta_min: i32,
    pub start_min: i32,
    pub duration_min: i32,
    /// The slot the customer was told.
    pub slot_start_min: Option<i32>,
    pub slot_end_min: Option<i32>,
    pub skills: Vec<String>,
    pub chargers: i32,
    pub status: String,
    /// What the customer asked the installer to know (parking, meter
    /// cabinet, pets).
    #[serde(default)]
    pub access: Option<AccessNotes>,
    /// What to bring: the order's chargers and materials.
    #[serde(default)]
    pub bring: Vec<crate::domain::field::MaterialUse>,
}

/// A technician's day by the clock (the app's "Uren", ops' "Overwerk").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TimesheetDto {
    /// `2026-12-07`
    pub date: String,
    pub technician_id: i32,
    pub technician: String,
    pub team: Option<String>,
    /// The team's shift length that day.
    pub shift_min: i32,
    pub sheet: crate::domain::field::Timesheet,
    /// Per visit of the day: order number, customer, driving, on site.
    pub visits: Vec<TimesheetVisitDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimesheetVisitDto {
    pub visit_id: i32,
    pub order_number: String,
    pub customer: String,
    pub driving_min: i32,
    pub on_site_min: i32,
}

/// A saved team line-up, with the people's names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamTemplateDto {
    pub id: i32,
    pub name: String,
    /// Per team: (technician id, name).
    pub teams: Vec<Vec<(i32, String)>>,
}

/// What the audit viewer filters on; empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Part of the actor's e-mail address or name; `systeem` for the system.
    pub user: String,
    /// The table, e.g. `orders`, `business_entities`.
    pub table: String,
    /// The record's id (or key) exactly.
    pub record: String,
    /// `2026-11-01`, inclusive, Amsterdam days.
    pub from: String,
    pub to: String,
}

/// One line of the audit log as the viewer shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRowDto {
    pub id: i64,
    /// Amsterdam time, `2026-11-18 09:12`.
    pub at: String,
    /// Name and e-mail, or `systeem`.
    pub actor: String,
    pub table: String,
    pub record: String,
    pub action: String,
    pub changes: String,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPageDto {
    pub rows: Vec<AuditRowDto>,
    /// Matching lines in all.
    pub total: u64,
    /// The tables that occur, for the filter.
    pub tables: Vec<String>,
}

/// A region as the admin edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionDto {
    pub id: i32,
    pub code: String,
    pub name: String,
    /// `1000-1999,8200-8299`
    pub pc4_ranges: String,
    pub version: i32,
    /// Orders placed in it.
    pub orders: u64,
}

/// One account in the admin's user list: no hashes, no secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUserRow {
    pub id: i32,
    pub version: i32,
    pub email: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    pub partner_id: Option<i32>,
    pub partner_name: Option<String>,
    /// A partner user who administers their organisation's API keys and
    /// webhooks.
    pub partner_admin: bool,
    pub active: bool,
    pub mfa_enabled: bool,
    /// Invited and has not set a password yet.
    pub invited: bool,
    /// Amsterdam local time, `yyyy-mm-dd hh:mm`; `None` when never.
    pub last_login: Option<String>,
    /// Whether this is the signed-in admin (who may not lock themselves out).
    pub is_me: bool,
}

/// The admin's user list and the partners a partner user may act for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUsersDto {
    pub rows: Vec<AdminUserRow>,
    /// Every matching account, of which `rows` shows the first 200.
    pub total: u64,
    pub partners: Vec<OptionDto>,
}

/// A change to one account, version-checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserChange {
    Role {
        role: String,
        partner_id: Option<i32>,
    },
    Deactivate,
    Reactivate,
    /// Forget the authenticator: the user enrols again at next sign-in.
    ResetMfa,
    /// Mail a new invitation link (for invited users who lost it).
    Reinvite,
    /// Make a partner user their organisation's admin (API keys and
    /// webhooks), or take that away.
    PartnerAdmin(bool),
}

/// A business entity's workflow as the admin's editor loads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowEditorDto {
    pub entity_id: i32,
    /// Every business entity, to switch between them.
    pub entities: Vec<OptionDto>,
    /// `None` while the entity follows spec 000's default.
    pub version: Option<i32>,
    pub workflow: crate::domain::Workflow,
    /// Orders per status now: a status in use cannot be removed.
    pub in_use: Vec<(String, u64)>,
    /// Who saved it last and when (Amsterdam time), if ever.
    pub updated: Option<String>,
}

/// The catalogue and every pricing rule, for the admin's catalogue page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueDto {
    pub products: Vec<crate::product::Model>,
    pub rules: Vec<crate::pricing_rule::Model>,
    pub entities: Vec<OptionDto>,
    /// The date a saved price takes effect (today, Amsterdam).
    pub today: chrono::NaiveDate,
}

/// One partner in the admin's partner list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPartnerRow {
    pub id: i32,
    pub version: i32,
    pub form: crate::domain::partners::PartnerForm,
    pub orders: u64,
    /// The margin that applies when the partner has no commission of its own.
    pub standard_margin_bp: i32,
    pub since: String,
}

/// A page of partners, with how many there are per onboarding status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPartnersDto {
    pub rows: Vec<AdminPartnerRow>,
    pub total: u64,
    pub offset: u64,
    pub by_status: Vec<(String, u64)>,
}

/// The admin's partner filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerFilter {
    pub query: String,
    pub partner_type: Option<String>,
    pub onboarding_status: Option<String>,
}

/// The operational settings as the admin's settings page loads them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsDto {
    pub settings: crate::domain::settings::OpsSettings,
    /// What was loaded, to refuse a save over somebody else's change.
    pub token: String,
    /// Statuses the site-readiness timeout may watch.
    pub statuses: Vec<String>,
    /// Statuses an order may be cancelled from (a fee may apply).
    pub cancellable: Vec<String>,
}

/// Which message template: a scope (a business entity's id, or
/// `domain::templates::PLATFORM`), a kind, a channel and a language.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemplateKeyDto {
    pub scope: i32,
    pub kind: String,
    pub channel: String,
    pub language: String,
}

/// One template in the admin list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRowDto {
    pub key: TemplateKeyDto,
    /// The version in use; 0 when only the built-in text exists.
    pub version: i32,
    /// Changed by an admin since the built-in text.
    pub edited: bool,
    pub updated_at: Option<String>,
}

/// The admin list of one scope and language, and the scopes to pick from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatesDto {
    /// The scope listed.
    pub scope: i32,
    /// `(scope, name)`: the platform first, then every business entity.
    pub scopes: Vec<(i32, String)>,
    pub rows: Vec<TemplateRowDto>,
}

/// One business entity's timed messages (`domain::triggers`), for the
/// admin page "Berichtregels"; the labels and defaults come from there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimingsDto {
    pub business_entity_id: i32,
    /// `(id, name)` of every business entity, to pick from.
    pub entities: Vec<(i32, String)>,
    pub rows: Vec<TimingDto>,
}

/// One timed message of an entity: the trigger's key, whether it runs,
/// after how many hours, and the version a save must name (0: the default,
/// never saved).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimingDto {
    pub key: String,
    pub enabled: bool,
    pub hours: i32,
    pub version: i32,
    /// When and by whom it was last changed, if ever.
    pub changed: Option<String>,
}

/// One saved version of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersionDto {
    pub version: i32,
    pub created_at: String,
    pub created_by: Option<String>,
    pub subject: String,
    pub body: String,
}

/// A template opened in the editor: the text in use and its versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateEditorDto {
    pub key: TemplateKeyDto,
    /// The version the editor starts from (0: the built-in text).
    pub version: i32,
    pub subject: String,
    pub body: String,
    pub history: Vec<TemplateVersionDto>,
}

/// A draft rendered with a real order (or sample values where none fits).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePreviewDto {
    /// What is wrong with the draft, in words; empty when it can be saved.
    pub problems: Vec<String>,
    /// The order whose data filled the variables, if one did.
    pub order_number: Option<String>,
    pub subject: String,
    pub text: String,
    /// The HTML part of an e-mail.
    pub html: Option<String>,
}

/// One message in an order's thread, either way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadEntryDto {
    /// Local time, `2026-12-07 10:00`.
    pub at: String,
    /// `in` (from the customer or partner) or `out` (from us).
    pub direction: String,
    /// `email`, `sms` or `whatsapp`.
    pub channel: String,
    /// The other side: recipient or sender.
    pub party: String,
    pub subject: String,
    /// Secrets in links masked.
    pub body: String,
    /// Outgoing: the delivery state, or the provider's last status.
    pub state: String,
    /// Incoming: not answered yet.
    pub unanswered: bool,
}

/// An order's thread (001 "Communication Thread Management").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadDto {
    pub entries: Vec<ThreadEntryDto>,
    /// The channels ops can answer the customer on.
    pub channels: Vec<String>,
    /// Whether free text can go on WhatsApp (the customer wrote within 24 h).
    pub whatsapp_session: bool,
    /// Who handles it, and who may (ops staff, by id and name).
    pub assignee: Option<i32>,
    pub agents: Vec<(i32, String)>,
    /// `urgent`, `high`, `normal` or `low` (`domain::messaging::Priority`).
    pub priority: String,
    /// Whether an agent chose it (else the messages suggest it).
    pub priority_chosen: bool,
    /// When the oldest unanswered message needs its answer (local time),
    /// and whether that has passed.
    pub reply_due: Option<String>,
    pub overdue: bool,
    /// The version a change must name (0: never changed).
    pub version: i32,
}

/// A conversation that waits for ops' answer, for the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingThreadDto {
    pub order_number: String,
    pub customer: String,
    /// The oldest unanswered message: channel, sender, local time, text.
    pub channel: String,
    pub from: String,
    pub received: String,
    pub excerpt: String,
    pub priority: String,
    pub reply_due: String,
    pub overdue: bool,
    pub assignee: Option<String>,
}

/// One channel of a customer's communication preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentDto {
    /// `email`, `sms` or `whatsapp`.
    pub channel: String,
    /// Where messages on it go.
    pub address: String,
    /// Agreed to offers, surveys and check-up invitations.
    pub marketing: bool,
    /// The hours the channel sends in (local time), e.g. `08:00–20:00`;
    /// empty when it sends at any time (e-mail).
    pub hours: String,
}

/// Messages that left on one day, per channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDayDto {
    /// `2026-12-07`, local.
    pub date: String,
    pub email: u32,
    pub sms: u32,
    pub whatsapp: u32,
}

/// How one channel did over the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelStatsDto {
    pub channel: String,
    /// Handed to the provider.
    pub sent: u32,
    /// Reported delivered (or read) by the provider's webhook.
    pub delivered: u32,
    /// Reported read (WhatsApp).
    pub read: u32,
    /// Dead letters and uncertain hand-overs.
    pub failed: u32,
    /// Held back by a policy (duplicate, cap, no consent).
    pub suppressed: u32,
    /// Waiting (due later, quiet hours, retrying).
    pub waiting: u32,
    /// Of the sent messages about an order, how many got an answer on the
    /// same channel within 72 hours (percent).
    pub response_rate: Option<u32>,
}

/// A message that could not be delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFailureDto {
    pub at: String,
    pub channel: String,
    pub kind: String,
    pub recipient: String,
    pub state: String,
    pub error: String,
}

/// The communication analytics page (001 "Communication Analytics").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageStatsDto {
    /// The period, in days up to today.
    pub days: u32,
    pub per_day: Vec<MessageDayDto>,
    pub channels: Vec<ChannelStatsDto>,
    pub failures: Vec<MessageFailureDto>,
    /// Satisfaction surveys answered in the period, and their average score
    /// in tenths (42: 4.2 out of 5).
    pub surveys: u64,
    pub survey_average_tenths: Option<u32>,
}

/// What the installer should know to get in and to work, given by the
/// customer (002 customer portal "access requirements"). Each at most
/// `ACCESS_NOTE_MAX` characters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessNotes {
    /// Where the team can park (e.g. "oprit vrij", "parkeervergunning nodig").
    #[serde(default)]
    pub parking: String,
    /// Where the meter cabinet is.
    #[serde(default)]
    pub meter_cabinet: String,
    /// Pets in the house.
    #[serde(default)]
    pub pets: String,
    /// Anything else (gate code, call first, …).
    #[serde(default)]
    pub other: String,
}

pub const ACCESS_NOTE_MAX: usize = 300;

impl AccessNotes {
    pub fn is_empty(&self) -> bool {
        [&self.parking, &self.meter_cabinet, &self.pets, &self.other]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// A slot a customer can choose: a two-hour arrival window on a day, and
/// the extra driving it causes to the best team's route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotDto {
    /// `YYYY-MM-DD`
    pub date: String,
    pub start_min: i32,
    pub end_min: i32,
    pub extra_km: f64,
    /// Among the cheapest detours (`domain::planning::greener`).
    pub greener: bool,
}

/// A customer's appointment as they were told it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentDto {
    /// `YYYY-MM-DD`
    pub date: String,
    pub start_min: i32,
    pub end_min: i32,
}

/// A slot held for the customer while they confirm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldDto {
    pub date: String,
    pub start_min: i32,
    pub end_min: i32,
    /// Local time the hold ends (`HH:MM`).
    pub until: String,
}

/// The appointment part of a customer's order page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingDto {
    pub order_number: String,
    /// The visit is a service visit (after the installation).
    #[serde(default)]
    pub service: bool,
    /// "choose" (ready: pick a slot), "booked" (an appointment exists),
    /// "waiting" (not ready to plan yet) or "done".
    pub state: String,
    pub appointment: Option<AppointmentDto>,
    /// The appointment may still be moved by the customer.
    pub can_reschedule: bool,
    pub cutoff_hours: i32,
    /// The entity's phone, to call after the cut-off.
    pub phone: Option<String>,
    pub brand: String,
    pub hold: Option<HoldDto>,
    /// How often the appointment was moved.
    pub moves: i32,
    pub access: AccessNotes,
}

/// A booking or move of an appointment, for ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentChangeDto {
    pub order_number: String,
    pub customer: String,
    /// "booked" or "rescheduled"
    pub kind: String,
    pub from: Option<AppointmentDto>,
    pub to: AppointmentDto,
    pub reason: Option<String>,
    pub after_publishing: bool,
    pub by: String,
    pub at: String,
    /// How often this order's appointment was moved in all.
    pub moves: i32,
}

/// A service request or warranty claim as the customer files it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestInput {
    pub order_number: String,
    /// "service" or "warranty"
    pub kind: String,
    /// `domain::service::CATEGORIES`
    pub category: String,
    pub description: String,
    /// Photos as `data:image/…;base64,` URLs (resized in the browser).
    #[serde(default)]
    pub photos: Vec<String>,
}

/// A service case, for the customer and for ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCaseDto {
    pub id: i32,
    pub version: i32,
    pub case_number: String,
    pub order_number: String,
    pub customer: String,
    pub city: String,
    pub kind: String,
    pub category: String,
    pub description: String,
    pub status: String,
    /// Local time the current step is due, if it has an SLA.
    pub due: Option<String>,
    /// The step is past its SLA.
    pub overdue: bool,
    pub resolution: Option<String>,
    pub created_at: String,
    /// Paths of the photos.
    pub photos: Vec<String>,
}

/// An installed product's warranty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarrantyDto {
    pub order_number: String,
    pub product: String,
    pub quantity: i32,
    pub months: i32,
    /// `YYYY-MM-DD`: installed, and the last day covered.
    pub installed: String,
    pub until: String,
    pub active: bool,
}

/// The customer's service page: what they can report on, their cases and
/// the warranty of what was installed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyServiceDto {
    /// Completed orders a case can be filed for.
    pub orders: Vec<String>,
    pub cases: Vec<ServiceCaseDto>,
    pub warranties: Vec<WarrantyDto>,
}

/// One of the customer's orders on their start page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashOrderDto {
    pub order_number: String,
    pub status: String,
    pub brand: String,
    pub city: String,
    /// The next appointment (installation or service visit).
    pub next: Option<AppointmentDto>,
    /// What we need from the customer: `intake`, `approve_quote`,
    /// `choose_slot`, `choose_service_slot`, `access`.
    pub actions: Vec<String>,
    /// Steps of the standard order flow done, of all.
    pub step: usize,
    pub steps: usize,
}

/// A message we sent the customer, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashMessageDto {
    pub order_number: String,
    pub channel: String,
    /// The subject (e-mail) or the start of the text.
    pub title: String,
    pub at: String,
}

/// The customer's start page: their orders with the next appointment and
/// what we need from them, and the latest messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDashboardDto {
    pub orders: Vec<DashOrderDto>,
    pub messages: Vec<DashMessageDto>,
}

/// One of the customer's documents (a PDF).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDocumentDto {
    pub order_number: String,
    /// "quote", "invoice", "sign_off" or "warranty"
    pub kind: String,
    pub name: String,
    pub href: String,
    pub date: String,
}

/// The customer's own details (002 "CUSTOMER PORTAL": account).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDto {
    pub email: String,
    pub name: String,
    pub phone: String,
    /// The address for future visits.
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    /// `nl` or `en`: the language of our messages.
    pub language: String,
    pub version: i32,
    /// The latest sign-ins (newest first).
    pub logins: Vec<LoginDto>,
    /// The customer's latest erasure request, if any.
    #[serde(default)]
    pub erasure: Option<ErasureDto>,
}

/// A request to erase a customer's personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureDto {
    pub id: i32,
    pub version: i32,
    pub customer: String,
    pub email: String,
    /// "requested", "approved" or "rejected"
    pub status: String,
    pub note: Option<String>,
    pub requested_at: String,
    pub decided_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginDto {
    pub at: String,
    pub ip: String,
    pub success: bool,
}

/// A visit photo the technician's app is about to upload (issue 19).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoStartDto {
    /// The phone's UUID for the photo: a retry continues the same photo.
    pub client_id: String,
    pub visit_id: i32,
    /// One of `domain::field::PHOTO_PHASES`.
    pub phase: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    pub size_bytes: i32,
    pub taken_at: chrono::DateTime<chrono::Utc>,
}

/// How far a photo's upload is; the app sends on from `received_bytes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadStateDto {
    pub client_id: String,
    pub received_bytes: i32,
    pub size_bytes: i32,
    pub complete: bool,
}

/// What the technicians recorded at one visit of an order, for ops.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldReportDto {
    pub visit_id: i32,
    /// RFC 3339 times, by the phone's clock.
    pub on_the_way_at: Option<String>,
    pub eta_min: Option<i32>,
    pub arrived_at: Option<String>,
    /// How far from the address the phone was on arrival, in metres (when
    /// the technician allowed their position).
    #[serde(default)]
    pub arrived_metres: Option<i32>,
    pub finished_at: Option<String>,
    pub pre_checklist: Vec<String>,
    pub install_checklist: Vec<String>,
    pub commissioning: Option<crate::domain::field::Commissioning>,
    pub materials: Vec<crate::domain::field::MaterialUse>,
    pub issue_code: Option<String>,
    pub issue_note: Option<String>,
    /// Finished photos: id (for `/api/field/photos/{id}`) and phase.
    pub photos: Vec<(i32, String)>,
}

/// A partner's API key as their portal lists it (never the key itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyDto {
    pub id: i32,
    pub name: String,
    /// `cc_live_ab12cd34`: which key this is.
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_ip: Option<String>,
    /// `active`, `revoked` or `expired`, as the server's clock says (the
    /// browser's may be off).
    pub state: String,
    /// A test key: its calls use the sandbox.
    #[serde(default)]
    pub test: bool,
}

/// A new API key, as the partner asks for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKeyDto {
    pub name: String,
    pub scopes: Vec<String>,
    /// `None`: it does not expire.
    pub expires_in_days: Option<i32>,
    /// A test key (`cc_test_…`) for the sandbox.
    #[serde(default)]
    pub test: bool,
}

/// A key just made: the whole key, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKeyDto {
    pub key: ApiKeyDto,
    pub secret: String,
}

/// An order as the partner API gives it (`GET /api/v1/orders/{number}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiOrderDto {
    #[cfg_attr(feature = "openapi", schema(example = "CC-2026-00042"))]
    pub number: String,
    /// 000's status code, e.g. `quote_sent`.
    #[cfg_attr(feature = "openapi", schema(example = "quote_sent"))]
    pub status: String,
    /// The business entity, e.g. `chargecars`.
    #[cfg_attr(feature = "openapi", schema(example = "chargecars"))]
    pub entity: String,
    #[cfg_attr(feature = "openapi", schema(example = "3861AB"))]
    pub postcode: String,
    #[cfg_attr(feature = "openapi", schema(example = "Nijkerk"))]
    pub city: String,
    pub charger_count: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Since when the order is in its status.
    pub status_since: chrono::DateTime<chrono::Utc>,
    /// Every status change, oldest first (empty in lists).
    pub history: Vec<ApiStatusChangeDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiStatusChangeDto {
    pub from: Option<String>,
    pub to: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One page of the partner's orders, newest first. `next_cursor` asks for
/// the page after this one; `null` when this is the last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiOrderPageDto {
    pub data: Vec<ApiOrderDto>,
    pub next_cursor: Option<String>,
}

/// A lead as an integration submits it (`POST /api/v1/leads`); the same
/// checks as the portal's form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiNewLeadDto {
    /// The business entity (brand) the lead is for.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "chargecars", min_length = 1, max_length = 120)
    )]
    pub entity: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Sanne", min_length = 1, max_length = 120)
    )]
    pub first_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "de Vries", min_length = 1, max_length = 120)
    )]
    pub last_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "sanne@example.nl", min_length = 3, max_length = 254)
    )]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "+31612345678"))]
    pub phone: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Kerkstraat", min_length = 1, max_length = 120)
    )]
    pub street: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "12a", min_length = 1, max_length = 120)
    )]
    pub house_number: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "3861 AB", pattern = "^ *[1-9][0-9]{3} ?[A-Za-z]{2} *$")
    )]
    pub postcode: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Nijkerk", min_length = 1, max_length = 120)
    )]
    pub city: String,
    /// 1–10.
    #[cfg_attr(feature = "openapi", schema(example = 1, minimum = 1, maximum = 10))]
    pub charger_count: i32,
}

impl ApiNewLeadDto {
    /// The portal's lead: a partner's lead is always its own.
    pub fn into_lead(self) -> NewLead {
        NewLead {
            entity_code: self.entity,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            phone: self.phone,
            street: self.street,
            house_number: self.house_number,
            postcode: self.postcode,
            city: self.city,
            charger_count: self.charger_count,
            partner_id: None,
        }
    }
}

/// A move of a sandbox order (`POST /api/v1/sandbox/orders/{number}/advance`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiSandboxAdvanceDto {
    /// The status to move to (000's code); without it, the next status of
    /// the usual path.
    #[cfg_attr(feature = "openapi", schema(example = "intake_sent", max_length = 40))]
    #[serde(default)]
    pub to: Option<String>,
}

/// The quote on the table for an order, as the partner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiQuoteDto {
    /// Name this id when approving, so a newer version is never approved
    /// unseen.
    pub id: i32,
    pub version: i32,
    /// `sent`, `customer_approved`, `partner_approved`, …
    pub status: String,
    /// The partner's share, incl. VAT.
    pub total_cents: i64,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub customer_approved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub partner_approved_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whose decision the quote waits for: `customer`, `partner` or none.
    pub awaiting: Option<String>,
    pub lines: Vec<ApiQuoteLineDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiQuoteLineDto {
    pub description: String,
    pub quantity: i32,
    pub unit_price_cents: i64,
    /// `customer` or `partner` (000's dual quote).
    pub payer: String,
}

/// `POST /api/v1/orders/{number}/quote/approve`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiApproveDto {
    /// The id of the quote that was read.
    pub quote_id: i32,
}

/// `POST /api/v1/orders/{number}/quote/revision`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiRevisionDto {
    pub quote_id: i32,
    /// 10–1000 characters, for ops.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Graag een tweede laadpaal op de oprit.")
    )]
    pub reason: String,
}

/// A visit of an order (survey, installation, service).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiVisitDto {
    pub id: i32,
    /// `installation`, `survey`, `service`, …
    pub kind: String,
    /// Local date (Europe/Amsterdam); `null` until planned.
    pub date: Option<chrono::NaiveDate>,
    /// The customer's slot, `HH:MM`, when one is given.
    pub slot_from: Option<String>,
    pub slot_to: Option<String>,
    pub duration_minutes: i32,
    pub status: String,
}

/// An invoice of one of the partner's orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiInvoiceDto {
    #[cfg_attr(feature = "openapi", schema(example = "CC-F2026-00007"))]
    pub number: String,
    pub order_number: String,
    /// `customer` or `partner`.
    pub payer: String,
    /// Incl. VAT.
    pub amount_cents: i64,
    /// The partner's commission on it.
    pub commission_cents: i64,
    pub status: String,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub paid_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Something that happened to one of the partner's orders: the same
/// object a webhook delivers (`id` is the delivery's event id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiEventDto {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "evt_3f1c0d9e8b7a4c6d9e0f1a2b3c4d5e6f")
    )]
    pub id: String,
    /// `order.status_changed`, `quote.sent`, `visit.scheduled`, …
    #[serde(rename = "type")]
    pub kind: String,
    pub created: chrono::DateTime<chrono::Utc>,
    /// The event's data, as in the webhook body.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// One page of events, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiEventPageDto {
    pub data: Vec<ApiEventDto>,
    pub next_cursor: Option<String>,
}

/// One page of invoices, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiInvoicePageDto {
    pub data: Vec<ApiInvoiceDto>,
    pub next_cursor: Option<String>,
}

/// One call made with a key, as the partner's usage log shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCallDto {
    pub key_prefix: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub duration_ms: i32,
    pub ip: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The partner portal's API page: the partner's keys and latest calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiAccessDto {
    pub keys: Vec<ApiKeyDto>,
    pub calls: Vec<ApiCallDto>,
    /// Whether the caller is a partner admin, who alone makes, rotates and
    /// revokes keys; other partner users see them.
    pub may_manage: bool,
}

/// A partner's webhook endpoint as the portal lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpointDto {
    pub id: i32,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    /// Why it is off: `by_partner`, or `failing` after days of failures.
    pub disabled_reason: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A new endpoint, as the partner enters it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWebhookDto {
    pub url: String,
    pub events: Vec<String>,
}

/// A new endpoint with its signing secret (`whsec_…`), shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedWebhookDto {
    pub endpoint: WebhookEndpointDto,
    pub secret: String,
}

/// One event to one endpoint, with every try (the delivery log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDeliveryDto {
    pub id: i32,
    pub endpoint_id: i32,
    pub url: String,
    /// `evt_…`: the same on every try and replay.
    pub event_id: String,
    pub kind: String,
    /// `pending`, `sending`, `delivered` or `failed`.
    pub state: String,
    pub next_try_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The JSON that is sent.
    pub request_body: String,
    pub tries: Vec<WebhookTryDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookTryDto {
    pub at: chrono::DateTime<chrono::Utc>,
    /// `None`: no answer (refused, timed out).
    pub status: Option<u16>,
    pub latency_ms: i32,
    pub response_body: Option<String>,
    pub error: Option<String>,
}

/// The partner portal's webhooks section: endpoints and recent deliveries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksDto {
    pub endpoints: Vec<WebhookEndpointDto>,
    pub deliveries: Vec<WebhookDeliveryDto>,
    /// Whether plain http to this machine is allowed (development).
    pub allow_local: bool,
    /// Whether the caller is a partner admin, who alone adds, switches,
    /// tests and replays endpoints.
    pub may_manage: bool,
}

/// A partner's lead file (CSV or .xlsx), as uploaded for import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFileDto {
    pub file_name: String,
    pub content_base64: String,
    /// The brand for rows without a `merk` column.
    pub entity: String,
}

/// One row of an import, with what is wrong with it (empty: it will be,
/// or was, imported).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowDto {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub name: String,
    pub email: String,
    pub postcode: String,
    pub city: String,
    /// `(field, code)`: `("postcode", "postcode_invalid")`,
    /// `("email", "duplicate_in_file")`, …
    pub errors: Vec<(String, String)>,
    /// The order made from it, after an import.
    pub order_number: Option<String>,
}

/// What an import file holds, or what its import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReportDto {
    pub rows: Vec<ImportRowDto>,
    pub valid: u32,
    pub invalid: u32,
    /// The rejected rows as CSV, with a `fout` column (for correcting and
    /// uploading again).
    pub rejected_csv: String,
    /// Whether orders were made (an import) or not (a preview).
    pub imported: bool,
}

/// What the partner's order list is narrowed to (`/partner/orders`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOrderFilter {
    /// 000's status code; empty: all.
    #[serde(default)]
    pub status: String,
    /// A business entity's code; empty: all.
    #[serde(default)]
    pub entity: String,
    /// A region's code; empty: all.
    #[serde(default)]
    pub region: String,
    /// Created on or after (`2026-11-01`); empty: any.
    #[serde(default)]
    pub from: String,
    /// Created on or before; empty: any.
    #[serde(default)]
    pub to: String,
    /// Order number, customer name, postcode or city (part of).
    #[serde(default)]
    pub q: String,
    /// 0-based page of `PARTNER_ORDER_PAGE` rows.
    #[serde(default)]
    pub page: u32,
}

/// One row of the partner's order list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOrderRowDto {
    pub order_number: String,
    pub status: String,
    pub brand: String,
    pub customer: String,
    pub postcode: String,
    pub city: String,
    pub region: String,
    /// `2026-11-24`
    pub created: String,
    /// Since when in its status, local time.
    pub status_since: String,
}

/// A page of the partner's orders with the total that match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOrderListDto {
    pub rows: Vec<PartnerOrderRowDto>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// For the filters: `(code, name)`.
    pub brands: Vec<(String, String)>,
    pub regions: Vec<(String, String)>,
    pub statuses: Vec<String>,
}

/// One invoice of a partner's orders (`/partner/facturen`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvoiceRowDto {
    pub invoice_number: String,
    pub order_number: String,
    /// `customer` or `partner`: who pays it.
    pub payer: String,
    pub amount_cents: i64,
    /// The partner's commission on it.
    pub commission_cents: i64,
    /// `open`, `paid`, `overdue`, `credited`.
    pub status: String,
    /// `2026-11-24`
    pub issued: String,
    pub due: String,
    pub paid: Option<String>,
    pub pdf_url: String,
}

/// The partner's invoices with what they add up to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvoicesDto {
    pub rows: Vec<PartnerInvoiceRowDto>,
    /// Open and overdue invoices the partner pays.
    pub to_pay_cents: i64,
    /// Commission on invoices the customer has paid (earned) and not yet
    /// paid (pending).
    pub commission_earned_cents: i64,
    pub commission_pending_cents: i64,
}

/// One month's commission statement of a partner (`domain::commission`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionStatementDto {
    /// `2026-11`
    pub period: String,
    /// `november 2026`
    pub label: String,
    /// Invoices paid by the customer that month.
    pub invoices: u32,
    pub commission_cents: i64,
    /// `open` (the month is not over), `payable` (over, not yet paid out),
    /// `paid`, or `none` (over, nothing earned).
    pub state: String,
    /// `2026-12-15`: paid out by then.
    pub payable_by: String,
    /// When it was paid out, `2026-12-12`, with the transfer's reference.
    pub paid_on: Option<String>,
    pub reference: Option<String>,
    pub pdf_url: String,
    pub csv_url: String,
}

/// The partner's own dashboard (`/partner`; 002 "Partner Dashboard").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerDashboardDto {
    pub partner: String,
    /// `2026-12` and `december 2026`.
    pub period: String,
    pub period_label: String,
    pub leads_this_month: u64,
    pub leads_last_month: u64,
    /// Every step of 000's KPI table, for this partner's orders only.
    pub conversion: Vec<ConversionDto>,
    /// Median days from the lead to the completed installation, over the
    /// installations of the last twelve months, and how many those are.
    pub lead_time_days: Option<u32>,
    pub lead_time_orders: u64,
    pub installations_this_month: u64,
    pub installations_last_month: u64,
    /// Orders still on their way (neither completed nor cancelled).
    pub open_orders: u64,
    /// Commission on invoices the customer has paid (earned), on open ones
    /// (pending), paid out, and earned but not yet paid out.
    pub commission_earned_cents: i64,
    pub commission_pending_cents: i64,
    pub commission_paid_cents: i64,
    pub commission_to_pay_cents: i64,
    /// The last twelve months' statements, newest first.
    pub statements: Vec<CommissionStatementDto>,
}

/// A closed month's statement not yet paid out, for finance
/// (`/admin/commissie`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayableCommissionDto {
    pub partner_id: i32,
    pub partner: String,
    pub period: String,
    pub label: String,
    pub invoices: u32,
    pub commission_cents: i64,
    pub payable_by: String,
    /// Past `payable_by`.
    pub late: bool,
    pub pdf_url: String,
}

/// Finance records that a month's commission was transferred.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutForm {
    pub partner_id: i32,
    pub period: String,
    /// The bank transfer's reference.
    pub reference: String,
}

/// The partner API's reference as the portal shows it
/// (`/partner/api/docs`), made from the served OpenAPI document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReferenceDto {
    pub title: String,
    pub version: String,
    pub intro: String,
    /// Where the API answers (the configured public URL) and its document.
    pub base_url: String,
    pub openapi_url: String,
    /// `(name, description)` of each group, in the document's order.
    pub tags: Vec<(String, String)>,
    pub operations: Vec<ApiOperationDoc>,
}

/// One endpoint with what an integrator needs to call it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperationDoc {
    /// `get-api-v1-orders-number`: an anchor on the page.
    pub id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub description: String,
    /// The key's scope it needs.
    pub scope: String,
    pub params: Vec<ApiParamDoc>,
    /// A request body made of the schema's examples, pretty JSON.
    pub request_example: Option<String>,
    /// The success answer made of the schema's examples, pretty JSON (none
    /// for a PDF).
    pub response_example: Option<String>,
    /// `(status, description)`.
    pub responses: Vec<(String, String)>,
    /// A complete `curl` call with the examples.
    pub curl: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiParamDoc {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    pub description: String,
    pub example: String,
}

/// A quote on the table for one of the partner's orders (`/partner/offertes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerQuoteRowDto {
    pub order_number: String,
    pub customer: String,
    pub brand: String,
    pub city: String,
    pub quote_id: i32,
    pub version: i32,
    /// The partner's share, incl. VAT.
    pub partner_total_cents: i64,
    /// `partner` (the partner may approve now) or `customer`.
    pub awaiting: String,
    /// Local time the quote was sent / the customer approved.
    pub since: String,
    /// When 000's waiting time runs out, local time.
    pub due: Option<String>,
    pub overdue: bool,
}

/// One order of a bulk approval and how it went: `None` approved, else
/// the refusal's code (`not_awaiting_you`, `newer_version`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkApprovalDto {
    pub order_number: String,
    pub refused: Option<String>,
}
