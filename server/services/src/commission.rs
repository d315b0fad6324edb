//! Partner commission (issue 20; 002 "Revenue Tracking", "Partner Revenue
//! Analytics"): the monthly statements a partner downloads (PDF and CSV),
//! the totals on its dashboard, and finance recording that a month was paid
//! out. The month rules are `entity::domain::commission`.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::commission::{self as rule, period_label};
use entity::domain::money::euro;
use entity::domain::{InvoiceStatus, Payer, Portal, Role};
use entity::dto::{CommissionStatementDto, CurrentUser, PayableCommissionDto, PayoutForm};
use entity::{commission_payout, invoice, order, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap};

/// How many months the dashboard lists.
pub const MONTHS: usize = 12;

/// One invoice on a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub invoice_number: String,
    pub order_number: String,
    /// `2026-11-24`, Amsterdam.
    pub paid_on: String,
    pub amount_cents: i64,
    pub commission_cents: i64,
}

/// A partner's statement of one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub partner_id: i32,
    pub partner: String,
    pub period: String,
    pub lines: Vec<Line>,
    pub total_cents: i64,
    pub closed: bool,
    pub payout: Option<commission_payout::Model>,
}

fn day(t: DateTime<Utc>) -> String {
    entity::domain::time::amsterdam(t)
        .format("%Y-%m-%d")
        .to_string()
}

/// The partner's invoices whose commission it earned in `[from, to)`: paid
/// by the customer then, with a commission.
pub(crate) async fn paid_between(
    db: &impl ConnectionTrait,
    partner_id: Option<i32>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(invoice::Model, order::Model)>, ServiceError> {
    let mut q = invoice::Entity::find()
        .find_also_related(order::Entity)
        .filter(invoice::Column::Status.eq(InvoiceStatus::Paid.as_str()))
        .filter(invoice::Column::Payer.eq(Payer::Customer.as_str()))
        .filter(invoice::Column::CommissionCents.gt(0))
        .filter(invoice::Column::PaidAt.gte(from))
        .filter(invoice::Column::PaidAt.lt(to))
        .filter(order::Column::PartnerId.is_not_null());
    if let Some(p) = partner_id {
        q = q.filter(order::Column::PartnerId.eq(p));
    }
    Ok(q.order_by_asc(invoice::Column::PaidAt)
        .order_by_asc(invoice::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(i, o)| o.map(|o| (i, o)))
        .collect())
}

pub(crate) async fn partner_name(
    db: &impl ConnectionTrait,
    partner_id: i32,
) -> Result<String, ServiceError> {
    crate::pipeline::partner_names(db, [partner_id].into())
        .await?
        .remove(&partner_id)
        .ok_or(ServiceError::NotFound)
}

/// Whose statement the caller may read: a partner user its own partner's
/// (a `partner` it names must be its own), staff any partner's they name.
/// Anything else is "not there", as for an order.
fn whose(caller: Option<&CurrentUser>, partner: Option<i32>) -> Result<i32, ServiceError> {
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    if c.role == Role::PartnerUser {
        authorize(caller, Action::OpenPortal(Portal::Partner))?;
        return match (c.partner_id, partner) {
            (Some(own), None) => Ok(own),
            (Some(own), Some(p)) if p == own => Ok(own),
            _ => Err(ServiceError::NotFound),
        };
    }
    let staff = authorize(caller, Action::ManagePipeline).is_ok()
        || authorize(caller, Action::OpenPortal(Portal::Admin)).is_ok();
    match (staff, partner) {
        (true, Some(p)) => Ok(p),
        _ => Err(ServiceError::NotFound),
    }
}

/// One month's statement of the partner the caller may see.
pub async fn statement(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    partner: Option<i32>,
    period: &str,
    now: DateTime<Utc>,
) -> Result<Statement, ServiceError> {
    let partner_id = whose(caller, partner)?;
    let (from, to) = rule::bounds(period).ok_or(ServiceError::NotFound)?;
    let name = partner_name(db, partner_id).await?;
    let period = period.trim().to_owned();
    let lines: Vec<Line> = paid_between(db, Some(partner_id), from, to)
        .await?
        .into_iter()
        .map(|(i, o)| Line {
            paid_on: i.paid_at.map(day).unwrap_or_default(),
            invoice_number: i.invoice_number,
            order_number: o.order_number,
            amount_cents: i.amount_cents,
            commission_cents: i.commission_cents,
        })
        .collect();
    let payout = commission_payout::Entity::find()
        .filter(commission_payout::Column::PartnerId.eq(partner_id))
        .filter(commission_payout::Column::Period.eq(period.clone()))
        .one(db)
        .await?;
    Ok(Statement {
        partner_id,
        partner: name,
        total_cents: lines.iter().map(|l| l.commission_cents).sum(),
        closed: rule::is_closed(&period, now),
        period,
        lines,
        payout,
    })
}

/// The statement as CSV (`;`, as Dutch spreadsheets open it), one row per
/// invoice and a total.
pub fn csv(s: &Statement) -> Result<String, ServiceError> {
    let fail = |e: csv::Error| ServiceError::Internal(e.to_string());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record([
        "periode",
        "factuur",
        "order",
        "betaald op",
        "factuurbedrag",
        "commissie",
    ])
    .map_err(fail)?;
    let cents = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    for l in &s.lines {
        w.write_record([
            s.period.as_str(),
            &l.invoice_number,
            &l.order_number,
            &l.paid_on,
            &cents(l.amount_cents),
            &cents(l.commission_cents),
        ])
        .map_err(fail)?;
    }
    w.write_record([
        s.period.as_str(),
        "totaal",
        "",
        "",
        &cents(s.lines.iter().map(|l| l.amount_cents).sum()),
        &cents(s.total_cents),
    ])
    .map_err(fail)?;
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The file name of a statement: `commissie-2026-11.pdf`.
pub fn file_name(s: &Statement, ext: &str) -> String {
    format!("commissie-{}.{ext}", s.period)
}

/// The statement as PDF, from ChargeCars (the company that pays it).
pub async fn pdf(db: &DatabaseConnection, s: &Statement) -> Result<Vec<u8>, ServiceError> {
    let brand = entity::business_entity::Entity::find()
        .order_by_asc(entity::business_entity::Column::Id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let state = match (&s.payout, s.closed) {
        (Some(p), _) => format!(
            "Uitbetaald op {} (referentie {}): {}.",
            day(p.paid_at),
            p.reference,
            euro(p.amount_cents)
        ),
        (None, true) => format!(
            "Wordt uiterlijk {} uitbetaald.",
            rule::payable_by(&s.period)
                .map(|d| d.format("%d-%m-%Y").to_string())
                .unwrap_or_default()
        ),
        (None, false) => "Voorlopig: de maand loopt nog.".to_owned(),
    };
    let doc = crate::pdf::Doc {
        brand: &brand,
        title: format!("Commissie-overzicht {}", period_label(&s.period)),
        facts: vec![
            format!("Partner: {}", s.partner),
            format!("Periode: {}", period_label(&s.period)),
            format!("Facturen door de klant betaald: {}", s.lines.len()),
        ],
        columns: vec![
            ("Factuur", 50.0),
            ("Order", 170.0),
            ("Betaald op", 290.0),
            ("Factuur", 380.0),
            ("Commissie", 470.0),
        ],
        rows: s
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.invoice_number.clone(),
                    l.order_number.clone(),
                    l.paid_on.clone(),
                    euro(l.amount_cents),
                    euro(l.commission_cents),
                ]
            })
            .collect(),
        closing: vec![format!("Totaal commissie: {}", euro(s.total_cents)), state],
        signature: None,
    };
    Ok(crate::pdf::render(&doc))
}

/// A statement's line on the dashboard.
fn row(
    period: String,
    invoices: u32,
    cents: i64,
    payout: Option<&commission_payout::Model>,
    now: DateTime<Utc>,
) -> CommissionStatementDto {
    let state = match (payout, rule::is_closed(&period, now)) {
        (Some(_), _) => "paid",
        (None, true) if invoices == 0 => "none",
        (None, true) => "payable",
        (None, false) => "open",
    };
    CommissionStatementDto {
        label: period_label(&period),
        invoices,
        commission_cents: cents,
        state: state.to_owned(),
        payable_by: rule::payable_by(&period)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        paid_on: payout.map(|p| day(p.paid_at)),
        reference: payout.map(|p| p.reference.clone()),
        pdf_url: entity::paths::api::commission_statement(&period, "pdf", None),
        csv_url: entity::paths::api::commission_statement(&period, "csv", None),
        period,
    }
}

/// The partner's statements of the last [`MONTHS`] months, newest first,
/// the current month included (still open).
pub async fn statements(
    db: &impl ConnectionTrait,
    partner_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<CommissionStatementDto>, ServiceError> {
    let mut periods = vec![rule::period_of(now)];
    while periods.len() < MONTHS {
        let prev = rule::previous_period(periods.last().expect("one")).expect("a period");
        periods.push(prev);
    }
    let (from, _) = rule::bounds(periods.last().expect("one")).expect("a period");
    let (_, to) = rule::bounds(&periods[0]).expect("a period");
    let mut sums: HashMap<String, (u32, i64)> = HashMap::new();
    for (i, _) in paid_between(db, Some(partner_id), from, to).await? {
        let at = i.paid_at.expect("paid");
        let e = sums.entry(rule::period_of(at)).or_default();
        e.0 += 1;
        e.1 += i.commission_cents;
    }
    let payouts: HashMap<String, commission_payout::Model> = commission_payout::Entity::find()
        .filter(commission_payout::Column::PartnerId.eq(partner_id))
        .filter(commission_payout::Column::Period.is_in(periods.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.period.clone(), p))
        .collect();
    Ok(periods
        .into_iter()
        .map(|period| {
            let (invoices, cents) = sums.get(&period).copied().unwrap_or_default();
            let payout = payouts.get(&period);
            row(period.clone(), invoices, cents, payout, now)
        })
        .collect())
}

/// `SUM(column)` as a 64-bit integer on both databases (PostgreSQL sums
/// `bigint` into `numeric`).
fn big_sum(column: impl sea_orm::sea_query::IntoColumnRef) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait};
    Expr::col(column).sum().cast_as(Alias::new("BIGINT"))
}

/// The partner's commission: earned (the customer paid), pending (the
/// invoice is open) and paid out.
pub async fn totals(
    db: &impl ConnectionTrait,
    partner_id: i32,
) -> Result<(i64, i64, i64), ServiceError> {
    let by_status: Vec<(String, Option<i64>)> = invoice::Entity::find()
        .select_only()
        .column(invoice::Column::Status)
        .column_as(
            big_sum((invoice::Entity, invoice::Column::CommissionCents)),
            "n",
        )
        .inner_join(order::Entity)
        .filter(order::Column::PartnerId.eq(partner_id))
        .filter(invoice::Column::Payer.eq(Payer::Customer.as_str()))
        .group_by(invoice::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let (mut earned, mut pending) = (0, 0);
    for (status, sum) in by_status {
        let sum = sum.unwrap_or(0);
        if status == InvoiceStatus::Paid.as_str() {
            earned += sum;
        } else if status == InvoiceStatus::Open.as_str()
            || status == InvoiceStatus::Overdue.as_str()
        {
            pending += sum;
        }
    }
    let paid: Option<i64> = commission_payout::Entity::find()
        .select_only()
        .column_as(
            big_sum((
                commission_payout::Entity,
                commission_payout::Column::AmountCents,
            )),
            "n",
        )
        .filter(commission_payout::Column::PartnerId.eq(partner_id))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok((earned, pending, paid.unwrap_or(0)))
}

/// For finance: every closed month of the last year that some partner
/// earned commission in and was not paid out, oldest first.
pub async fn payable(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<Vec<PayableCommissionDto>, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let current = rule::period_of(now);
    let mut first = current.clone();
    for _ in 1..MONTHS {
        first = rule::previous_period(&first).expect("a period");
    }
    let (from, _) = rule::bounds(&first).expect("a period");
    let (to, _) = rule::bounds(&current).expect("a period");
    let mut sums: BTreeMap<(String, i32), (u32, i64)> = BTreeMap::new();
    for (i, o) in paid_between(db, None, from, to).await? {
        let Some(p) = o.partner_id else { continue };
        let e = sums
            .entry((rule::period_of(i.paid_at.expect("paid")), p))
            .or_default();
        e.0 += 1;
        e.1 += i.commission_cents;
    }
    let paid: std::collections::HashSet<(String, i32)> = commission_payout::Entity::find()
        .filter(commission_payout::Column::PaidAt.gte(from))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.period, p.partner_id))
        .collect();
    let open: Vec<((String, i32), (u32, i64))> = sums
        .into_iter()
        .filter(|(k, _)| !paid.contains(k))
        .collect();
    let names =
        crate::pipeline::partner_names(db, open.iter().map(|((_, p), _)| *p).collect()).await?;
    let today = entity::domain::time::amsterdam(now).date_naive();
    Ok(open
        .into_iter()
        .map(|((period, p), (invoices, cents))| {
            let by = rule::payable_by(&period);
            PayableCommissionDto {
                partner_id: p,
                partner: names.get(&p).cloned().unwrap_or_default(),
                label: period_label(&period),
                invoices,
                commission_cents: cents,
                payable_by: by.map(|d| d.to_string()).unwrap_or_default(),
                late: by.is_some_and(|d| d < today),
                pdf_url: entity::paths::api::commission_statement(&period, "pdf", Some(p)),
                period,
            }
        })
        .collect())
}

/// Finance records that a closed month's commission was transferred: the
/// amount is the statement's total now and is kept as paid. The partner's
/// users get the `commission_statement` message. A month is paid once: a
/// second attempt is a conflict (`already_paid`), whoever was first.
pub async fn record_payout(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    form: &PayoutForm,
    now: DateTime<Utc>,
) -> Result<CommissionStatementDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let actor = caller.map(|c| c.user_id);
    let reference = form.reference.trim().to_owned();
    let mut errors = Vec::new();
    if reference.is_empty() {
        errors.push(("reference".to_owned(), "required".to_owned()));
    } else if reference.chars().count() > 80 {
        errors.push(("reference".to_owned(), "too_long".to_owned()));
    }
    match rule::parse_period(&form.period) {
        None => errors.push(("period".to_owned(), "invalid".to_owned())),
        Some(_) if !rule::is_closed(&form.period, now) => {
            errors.push(("period".to_owned(), "not_closed".to_owned()))
        }
        Some(_) => {}
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let period = form.period.trim().to_owned();
    let s = statement(db, caller, Some(form.partner_id), &period, now).await?;
    if s.lines.is_empty() {
        return Err(ServiceError::Conflict("nothing_earned".to_owned()));
    }
    let txn = crate::db::begin_write(db).await?;
    let inserted = commission_payout::ActiveModel {
        partner_id: Set(s.partner_id),
        period: Set(period.clone()),
        amount_cents: Set(s.total_cents),
        invoices: Set(s.lines.len() as i32),
        reference: Set(reference.clone()),
        paid_at: Set(now),
        paid_by_user_id: Set(actor),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let payout = match inserted {
        Ok(p) => p,
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(ServiceError::Conflict("already_paid".to_owned()))
        }
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(
        &txn,
        actor,
        "commission_payouts",
        payout.id,
        "commission_paid",
        serde_json::json!({
            "partner_id": s.partner_id, "period": period,
            "amount_cents": s.total_cents, "reference": reference,
        }),
        now,
    )
    .await?;
    let emails: Vec<String> = user::Entity::find()
        .filter(user::Column::PartnerId.eq(s.partner_id))
        .filter(user::Column::Active.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    crate::messages::to_staff(
        &txn,
        &emails,
        "commission_statement",
        crate::vars! {
            "partner_name" => s.partner.clone(),
            "period" => period_label(&period),
            "amount" => euro(s.total_cents),
        },
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row(
        period,
        s.lines.len() as u32,
        s.total_cents,
        Some(&payout),
        now,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;

    fn now() -> DateTime<Utc> {
        testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc()
    }

    /// The seeded world: statements add up to the invoices they list, the
    /// months before last are paid out exactly, last month is payable and
    /// this month open; a partner reads only its own statements.
    #[tokio::test]
    async fn statements_add_up_and_a_partner_reads_only_its_own() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let me = testing::caller(Role::PartnerUser);
            let mine = me.partner_id.unwrap();
            let rows = statements(db, mine, now()).await.unwrap();
            assert_eq!(rows.len(), MONTHS);
            assert_eq!(rows[0].period, "2026-11");
            assert_eq!(rows[0].state, "open");
            assert_eq!(rows[1].period, "2026-10");
            assert_eq!(rows[1].state, "payable", "{}", tdb.backend);
            assert!(rows[2..]
                .iter()
                .all(|r| r.state == "paid" || r.invoices == 0));
            assert!(
                rows.iter().any(|r| r.invoices > 0),
                "the demo partner earned"
            );
            for r in &rows {
                let s = statement(db, Some(&me), None, &r.period, now())
                    .await
                    .unwrap();
                assert_eq!(s.lines.len() as u32, r.invoices, "{}", r.period);
                assert_eq!(s.total_cents, r.commission_cents, "{}", r.period);
                if let Some(p) = &s.payout {
                    assert_eq!(p.amount_cents, s.total_cents, "paid what it earned");
                }
            }
            // Earned = commission on invoices the customers paid; paid =
            // the payouts; the difference is what is still to pay.
            let (earned, pending, paid) = totals(db, mine).await.unwrap();
            let all: Vec<(invoice::Model, Option<order::Model>)> = invoice::Entity::find()
                .find_also_related(order::Entity)
                .filter(order::Column::PartnerId.eq(mine))
                .filter(invoice::Column::Payer.eq("customer"))
                .all(db)
                .await
                .unwrap();
            let sum = |st: &[&str]| -> i64 {
                all.iter()
                    .filter(|(i, _)| st.contains(&i.status.as_str()))
                    .map(|(i, _)| i.commission_cents)
                    .sum()
            };
            assert_eq!(earned, sum(&["paid"]));
            assert_eq!(pending, sum(&["open", "overdue"]));
            let payouts: i64 = rows
                .iter()
                .filter(|r| r.state == "paid")
                .map(|r| r.commission_cents)
                .sum();
            assert!(
                paid >= payouts && paid <= earned,
                "{paid} {payouts} {earned}"
            );
            // Another partner's statement is not there, nor is a bad month.
            assert!(matches!(
                statement(db, Some(&me), Some(mine + 1), "2026-10", now()).await,
                Err(ServiceError::NotFound)
            ));
            assert!(matches!(
                statement(db, Some(&me), None, "2026-13", now()).await,
                Err(ServiceError::NotFound)
            ));
            for role in [Role::Technician, Role::Customer] {
                assert!(matches!(
                    statement(
                        db,
                        Some(&testing::caller(role)),
                        Some(mine),
                        "2026-10",
                        now()
                    )
                    .await,
                    Err(ServiceError::NotFound)
                ));
            }
            // Staff read any partner's, naming it.
            let admin = testing::caller(Role::Admin);
            let s = statement(db, Some(&admin), Some(mine), "2026-10", now())
                .await
                .unwrap();
            let text = csv(&s).unwrap();
            assert_eq!(text.lines().count(), s.lines.len() + 2, "{text}");
            assert!(text.starts_with("periode;factuur;order;betaald op;factuurbedrag;commissie"));
            let last = text.lines().last().unwrap();
            assert!(last.starts_with("2026-10;totaal;"), "{last}");
            tdb.cleanup().await;
        }
    }

    /// Finance pays last month once; the partner sees it paid and is told;
    /// bad input is named; a partner cannot pay itself.
    #[tokio::test]
    async fn finance_pays_a_closed_month_once() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let admin = testing::caller(Role::Admin);
            let me = testing::caller(Role::PartnerUser);
            let mine = me.partner_id.unwrap();
            let open = payable(db, Some(&admin), now()).await.unwrap();
            let row = open
                .iter()
                .find(|r| r.partner_id == mine)
                .expect("the demo partner's October is payable")
                .clone();
            assert_eq!(row.period, "2026-10");
            assert!(row.late, "payable by 15 November, now the 18th");
            assert!(
                open.iter().all(|r| r.period.as_str() < "2026-11"),
                "only closed months"
            );
            let form = |period: &str, reference: &str| PayoutForm {
                partner_id: mine,
                period: period.to_owned(),
                reference: reference.to_owned(),
            };
            let fields = |r: Result<CommissionStatementDto, ServiceError>| match r {
                Err(ServiceError::Fields(f)) => f,
                other => panic!("{other:?}"),
            };
            assert_eq!(
                fields(record_payout(db, Some(&admin), &form("2026-11", " "), now()).await),
                vec![
                    ("reference".to_owned(), "required".to_owned()),
                    ("period".to_owned(), "not_closed".to_owned())
                ]
            );
            assert!(matches!(
                record_payout(db, Some(&me), &form("2026-10", "X"), now()).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                payable(db, Some(&me), now()).await,
                Err(ServiceError::Forbidden)
            ));
            // Two clicks at once: one payout.
            let (one, two) = (form("2026-10", "NL-TRF-1"), form("2026-10", "NL-TRF-2"));
            let (a, b) = tokio::join!(
                record_payout(db, Some(&admin), &one, now()),
                record_payout(db, Some(&admin), &two, now()),
            );
            let (ok, err) = match (a, b) {
                (Ok(d), Err(e)) | (Err(e), Ok(d)) => (d, e),
                other => panic!("exactly one must win: {other:?}"),
            };
            assert!(matches!(err, ServiceError::Conflict(c) if c == "already_paid"));
            assert_eq!(ok.state, "paid");
            assert_eq!(ok.commission_cents, row.commission_cents);
            let rows = statements(db, mine, now()).await.unwrap();
            assert_eq!(rows[1].state, "paid", "{}", tdb.backend);
            assert!(rows[1]
                .reference
                .as_deref()
                .is_some_and(|r| r.starts_with("NL-TRF-")));
            assert!(payable(db, Some(&admin), now())
                .await
                .unwrap()
                .iter()
                .all(|r| !(r.partner_id == mine && r.period == "2026-10")));
            // The partner's users are told, with the amount.
            let told = entity::outbox_message::Entity::find()
                .filter(entity::outbox_message::Column::Template.eq("commission_statement"))
                .all(db)
                .await
                .unwrap();
            assert!(told.iter().any(|m| m.recipient == me.email), "{told:?}");
            assert!(
                told[0].body.contains(&euro(row.commission_cents)),
                "{}",
                told[0].body
            );
            // A month without commission has nothing to pay.
            assert!(matches!(
                record_payout(db, Some(&admin), &form("2020-01", "X"), now()).await,
                Err(ServiceError::Conflict(c)) if c == "nothing_earned"
            ));
            tdb.cleanup().await;
        }
    }

    /// A statement longer than a page continues on the next, with the
    /// total at the end.
    #[tokio::test]
    async fn a_long_statement_runs_over_pages() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let line = |n: usize| Line {
            invoice_number: format!("CC-F-2026-{n:05}"),
            order_number: format!("CC-2026-{n:05}"),
            paid_on: "2026-10-02".into(),
            amount_cents: 150_000,
            commission_cents: 7_500,
        };
        let s = Statement {
            partner_id: 1,
            partner: "Groendus".into(),
            period: "2026-10".into(),
            lines: (1..=95).map(line).collect(),
            total_cents: 95 * 7_500,
            closed: true,
            payout: None,
        };
        let bytes = pdf(db, &s).await.unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let pages = doc.get_pages().len() as u32;
        assert!(pages >= 3, "{pages} pages");
        let last = doc.extract_text(&[pages]).unwrap();
        assert!(last.contains("CC-F-2026-00095"), "{last}");
        assert!(last.contains("Totaal commissie"), "{last}");
        let first = doc.extract_text(&[1]).unwrap();
        assert!(first.contains("CC-F-2026-00001") && !first.contains("Totaal commissie"));
        tdb.cleanup().await;
    }
}
