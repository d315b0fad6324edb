//! Bulk lead import for partners (issue 20): a CSV or Excel (.xlsx) file of
//! leads is read (`csv`, `calamine`), every row is checked with the lead
//! form's rules plus duplicates (the same e-mail and postcode twice in the
//! file, or an order of the partner's from the last 90 days), and the
//! partner sees a preview with the errors per row. The import makes an
//! order for each valid row (through `leads::create`, as the form does) and
//! gives the rejected rows back as CSV with their reasons.
//!
//! Nothing is kept between preview and import: the file is sent again and
//! checked again, so an import of the same file twice finds its rows
//! already there and makes nothing twice.

use crate::authz::{authorize, Action};
use crate::events::Bus;
use crate::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::domain::Role;
use entity::dto::{CurrentUser, ImportFileDto, ImportReportDto, ImportRowDto, NewLead};
use entity::{business_entity, contact, order};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashSet;

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 1000;
/// The largest file, in bytes.
pub const MAX_BYTES: usize = 512 * 1024;
/// How far back an order with the same e-mail and postcode is a duplicate.
const DUPLICATE_DAYS: i64 = 90;

/// The columns, by the names partners use (Dutch or English).
const COLUMNS: [(&str, &[&str]); 10] = [
    (
        "first_name",
        &["voornaam", "first_name", "firstname", "first name"],
    ),
    (
        "last_name",
        &["achternaam", "last_name", "lastname", "last name"],
    ),
    ("email", &["email", "e-mail", "e-mailadres", "emailadres"]),
    ("phone", &["telefoon", "phone", "telefoonnummer", "mobiel"]),
    ("street", &["straat", "street"]),
    (
        "house_number",
        &["huisnummer", "house_number", "nummer", "house number"],
    ),
    ("postcode", &["postcode", "postal_code", "zip"]),
    ("city", &["plaats", "city", "woonplaats"]),
    (
        "charger_count",
        &["laadpalen", "charger_count", "aantal laadpalen", "chargers"],
    ),
    ("entity", &["merk", "entity", "brand"]),
];
const REQUIRED: [&str; 7] = [
    "first_name",
    "last_name",
    "email",
    "street",
    "house_number",
    "postcode",
    "city",
];

/// A file as a header and rows of cells.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn read_csv(bytes: &[u8]) -> Result<Table, ServiceError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| ServiceError::Invalid("file_encoding".into()))?;
    // Dutch spreadsheets write `;` between cells; others `,`.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|_| ServiceError::Invalid("file".into()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|_| ServiceError::Invalid("file".into()))?;
        rows.push(r.iter().map(str::to_owned).collect());
    }
    Ok(Table { header, rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ServiceError> {
    use calamine::{Reader, Xlsx};
    let mut book =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| ServiceError::Invalid("file".into()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| ServiceError::Invalid("file".into()))?
        .map_err(|_| ServiceError::Invalid("file".into()))?;
    let mut rows = range.rows().map(|r| {
        r.iter()
            .map(|c| match c {
                // Postcodes and house numbers typed as numbers.
                calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                other => other.to_string(),
            })
            .collect::<Vec<String>>()
    });
    let header = rows.next().unwrap_or_default();
    Ok(Table {
        header,
        rows: rows.collect(),
    })
}

fn read(file: &ImportFileDto) -> Result<Table, ServiceError> {
    use data_encoding::BASE64;
    let bytes = BASE64
        .decode(file.content_base64.trim().as_bytes())
        .map_err(|_| ServiceError::Invalid("file".into()))?;
    if bytes.is_empty() {
        return Err(ServiceError::Invalid("file_empty".into()));
    }
    if bytes.len() > MAX_BYTES {
        return Err(ServiceError::Invalid("file_too_large".into()));
    }
    let name = file.file_name.to_ascii_lowercase();
    let mut table = if name.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(&bytes)?
    } else if name.ends_with(".csv") || name.ends_with(".txt") {
        read_csv(&bytes)?
    } else {
        return Err(ServiceError::Invalid("file_type".into()));
    };
    table
        .rows
        .retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    if table.rows.len() > MAX_ROWS {
        return Err(ServiceError::Invalid("file_too_many_rows".into()));
    }
    Ok(table)
}

/// Which cell holds each of `COLUMNS`, or the missing required columns.
fn columns(header: &[String]) -> Result<Vec<Option<usize>>, ServiceError> {
    let norm: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_lowercase().replace('_', " "))
        .collect();
    let found: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|(_, names)| {
            norm.iter()
                .position(|h| names.iter().any(|n| n.replace('_', " ") == *h))
        })
        .collect();
    let missing: Vec<String> = COLUMNS
        .iter()
        .zip(&found)
        .filter(|((name, _), at)| at.is_none() && REQUIRED.contains(name))
        .map(|((name, _), _)| format!("missing_column:{name}"))
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(ServiceError::Problems(missing))
    }
}

struct Checked {
    row: ImportRowDto,
    lead: NewLead,
    cells: Vec<String>,
}

fn partner_of(caller: Option<&CurrentUser>) -> Result<(&CurrentUser, i32), ServiceError> {
    authorize(caller, Action::SubmitLead)?;
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    match (c.role, c.partner_id) {
        (Role::PartnerUser, Some(p)) => Ok((c, p)),
        _ => Err(ServiceError::Forbidden),
    }
}

/// Reads and checks every row.
async fn check_all(
    db: &DatabaseConnection,
    partner_id: i32,
    file: &ImportFileDto,
    now: DateTime<Utc>,
) -> Result<(Vec<String>, Vec<Checked>), ServiceError> {
    let table = read(file)?;
    let at = columns(&table.header)?;
    let entities: HashSet<String> = business_entity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.code)
        .collect();
    let cell = |cells: &[String], field: &str| -> String {
        COLUMNS
            .iter()
            .position(|(name, _)| *name == field)
            .and_then(|i| at[i])
            .and_then(|i| cells.get(i))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, cells) in table.rows.into_iter().enumerate() {
        let count_text = cell(&cells, "charger_count");
        let charger_count = if count_text.is_empty() {
            1
        } else {
            count_text.parse().unwrap_or(0)
        };
        let entity = Some(cell(&cells, "entity"))
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| file.entity.trim().to_owned())
            .to_lowercase();
        let lead = NewLead {
            entity_code: entity.clone(),
            first_name: cell(&cells, "first_name"),
            last_name: cell(&cells, "last_name"),
            email: cell(&cells, "email"),
            phone: cell(&cells, "phone"),
            street: cell(&cells, "street"),
            house_number: cell(&cells, "house_number"),
            postcode: cell(&cells, "postcode"),
            city: cell(&cells, "city"),
            charger_count,
            partner_id: None,
        };
        let (mut errors, postcode) = crate::leads::check(&lead);
        if !entity.is_empty() && !entities.contains(&entity) {
            errors.push(("entity".into(), "unknown".into()));
        }
        if let Some(pc) = &postcode {
            let key = (lead.email.trim().to_lowercase(), pc.clone());
            if !lead.email.trim().is_empty() && !seen.insert(key) {
                errors.push(("email".into(), "duplicate_in_file".into()));
            }
        }
        out.push(Checked {
            row: ImportRowDto {
                line: i as u32 + 2,
                name: format!("{} {}", lead.first_name, lead.last_name)
                    .trim()
                    .to_owned(),
                email: lead.email.clone(),
                postcode: postcode.unwrap_or_else(|| lead.postcode.clone()),
                city: lead.city.clone(),
                errors,
                order_number: None,
            },
            lead,
            cells,
        });
    }
    // Orders of this partner's from the last 90 days with the same e-mail
    // and postcode: the lead is there already.
    let emails: Vec<String> = out
        .iter()
        .map(|c| c.lead.email.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let mut known = HashSet::new();
    for chunk in emails.chunks(200) {
        let people: std::collections::HashMap<i32, String> = contact::Entity::find()
            .filter(contact::Column::Email.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|c| Some((c.id, c.email?.to_lowercase())))
            .collect();
        if people.is_empty() {
            continue;
        }
        for o in order::Entity::find()
            .filter(order::Column::PartnerId.eq(partner_id))
            .filter(order::Column::CreatedAt.gt(now - Duration::days(DUPLICATE_DAYS)))
            .filter(order::Column::EndCustomerContactId.is_in(people.keys().copied()))
            .all(db)
            .await?
        {
            if let Some(email) = people.get(&o.end_customer_contact_id) {
                known.insert((email.clone(), o.postcode));
            }
        }
    }
    for c in &mut out {
        let key = (c.lead.email.trim().to_lowercase(), c.row.postcode.clone());
        if c.row.errors.is_empty() && known.contains(&key) {
            c.row
                .errors
                .push(("email".into(), "duplicate_order".into()));
        }
    }
    Ok((table.header, out))
}

fn report(
    header: &[String],
    rows: Vec<ImportRowDto>,
    rejected: &[&Checked],
    imported: bool,
) -> ImportReportDto {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(header.iter().map(String::as_str).chain(["fout"]));
    for c in rejected {
        let why = c
            .row
            .errors
            .iter()
            .map(|(f, code)| format!("{f}: {code}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut cells = c.cells.clone();
        cells.resize(header.len(), String::new());
        let _ = w.write_record(cells.iter().map(String::as_str).chain([why.as_str()]));
    }
    let rejected_csv = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    let invalid = rows.iter().filter(|r| !r.errors.is_empty()).count() as u32;
    ImportReportDto {
        valid: rows.len() as u32 - invalid,
        invalid,
        rows,
        rejected_csv,
        imported,
    }
}

/// What the file holds and what is wrong with each row; nothing is made.
pub async fn preview(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    file: &ImportFileDto,
    now: DateTime<Utc>,
) -> Result<ImportReportDto, ServiceError> {
    let (_, partner_id) = partner_of(caller)?;
    let (header, checked) = check_all(db, partner_id, file, now).await?;
    let rejected: Vec<&Checked> = checked
        .iter()
        .filter(|c| !c.row.errors.is_empty())
        .collect();
    let rows = checked.iter().map(|c| c.row.clone()).collect();
    Ok(report(&header, rows, &rejected, false))
}

/// Makes an order for every valid row; the others come back with their
/// reasons (also a row that failed while it was being made).
pub async fn import(
    db: &DatabaseConnection,
    bus: Option<&Bus>,
    caller: Option<&CurrentUser>,
    file: &ImportFileDto,
    now: DateTime<Utc>,
) -> Result<ImportReportDto, ServiceError> {
    let (user, partner_id) = partner_of(caller)?;
    let (header, mut checked) = check_all(db, partner_id, file, now).await?;
    for c in checked.iter_mut().filter(|c| c.row.errors.is_empty()) {
        match crate::leads::create(db, bus, Some(user), &c.lead, now).await {
            Ok(number) => c.row.order_number = Some(number),
            Err(ServiceError::Fields(f)) => c.row.errors = f,
            Err(e) => return Err(e),
        }
    }
    let rejected: Vec<&Checked> = checked
        .iter()
        .filter(|c| !c.row.errors.is_empty())
        .collect();
    let rows = checked.iter().map(|c| c.row.clone()).collect();
    Ok(report(&header, rows, &rejected, true))
}

#[cfg(test)]
mod tests;
