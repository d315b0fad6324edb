//! The customer's documents (002 "CUSTOMER PORTAL": documents): each
//! quote they were sent (their side), each invoice to them, the sign-off
//! report with the signature, and the warranty certificate, as PDFs; and
//! all of them at once as a zip.

use crate::authz::{authorize, Action};
use crate::pdf::{render, Doc};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::money::euro;
use entity::domain::time::format_local;
use entity::domain::workflow::COMPLETED;
use entity::domain::{Payer, Role};
use entity::dto::{CurrentUser, CustomerDocumentDto};
use entity::{business_entity, contact, invoice, order, quote, sign_off};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// The order by number for its customer, or for staff; others `NotFound`.
async fn order_for(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
) -> Result<order::Model, ServiceError> {
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    let o = order::Entity::find()
        .filter(order::Column::OrderNumber.eq(number.trim()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let own = c.role == Role::Customer && c.contact_id == Some(o.end_customer_contact_id);
    if own || authorize(Some(c), Action::ManagePipeline).is_ok() {
        Ok(o)
    } else {
        Err(ServiceError::NotFound)
    }
}

async fn brand_of(
    db: &DatabaseConnection,
    o: &order::Model,
) -> Result<business_entity::Model, ServiceError> {
    business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn customer_name(db: &DatabaseConnection, o: &order::Model) -> Result<String, ServiceError> {
    Ok(contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
        .map(|c| c.display_name)
        .unwrap_or_default())
}

fn address(o: &order::Model) -> String {
    format!("{} {}, {} {}", o.street, o.house_number, o.postcode, o.city)
}

/// Every document of the customer's orders, newest order first.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<CustomerDocumentDto>, ServiceError> {
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    if c.role != Role::Customer {
        // Staff may look at the customer portal; they have no documents.
        authorize(
            Some(c),
            Action::OpenPortal(entity::domain::Portal::Customer),
        )?;
        return Ok(Vec::new());
    }
    let Some(contact) = c.contact_id else {
        return Ok(Vec::new());
    };
    let orders = order::Entity::find()
        .filter(order::Column::EndCustomerContactId.eq(contact))
        .order_by_desc(order::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for o in &orders {
        for q in quote::Entity::find()
            .filter(quote::Column::OrderId.eq(o.id))
            .filter(quote::Column::SentAt.is_not_null())
            .order_by_asc(quote::Column::VersionNo)
            .all(db)
            .await?
        {
            out.push(CustomerDocumentDto {
                order_number: o.order_number.clone(),
                kind: "quote".into(),
                name: format!("offerte-{}-v{}.pdf", o.order_number, q.version_no),
                href: entity::paths::api::quote_pdf(q.id),
                date: q.sent_at.map(format_local).unwrap_or_default(),
            });
        }
        for i in invoice::Entity::find()
            .filter(invoice::Column::OrderId.eq(o.id))
            .filter(invoice::Column::Payer.eq(Payer::Customer.as_str()))
            .order_by_asc(invoice::Column::Id)
            .all(db)
            .await?
        {
            out.push(CustomerDocumentDto {
                order_number: o.order_number.clone(),
                kind: "invoice".into(),
                name: format!("factuur-{}.pdf", i.invoice_number),
                href: entity::paths::api::invoice_pdf(&i.invoice_number),
                date: format_local(i.issued_at),
            });
        }
        if let Some(s) = sign_off::Entity::find()
            .filter(sign_off::Column::OrderId.eq(o.id))
            .one(db)
            .await?
        {
            out.push(CustomerDocumentDto {
                order_number: o.order_number.clone(),
                kind: "sign_off".into(),
                name: format!("opleverrapport-{}.pdf", o.order_number),
                href: entity::paths::api::sign_off_pdf(&o.order_number),
                date: format_local(s.recorded_at),
            });
        }
        if o.status == COMPLETED {
            out.push(CustomerDocumentDto {
                order_number: o.order_number.clone(),
                kind: "warranty".into(),
                name: format!("garantiebewijs-{}.pdf", o.order_number),
                href: entity::paths::api::warranty_pdf(&o.order_number),
                date: format_local(o.status_since),
            });
        }
    }
    Ok(out)
}

/// An invoice as PDF: for the order's customer (the invoices they pay),
/// the order's partner (every invoice of its orders) and staff. Anyone
/// else finds nothing.
pub async fn invoice_pdf(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
) -> Result<(String, Vec<u8>), ServiceError> {
    let c = caller.ok_or(ServiceError::Unauthenticated)?;
    let i = invoice::Entity::find()
        .filter(invoice::Column::InvoiceNumber.eq(number.trim()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let o = order::Entity::find_by_id(i.order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let customer = c.role == Role::Customer
        && c.contact_id == Some(o.end_customer_contact_id)
        && i.payer == Payer::Customer.as_str();
    let partner =
        c.role == Role::PartnerUser && c.partner_id.is_some() && c.partner_id == o.partner_id;
    if !(customer || partner || authorize(Some(c), Action::ManagePipeline).is_ok()) {
        return Err(ServiceError::NotFound);
    }
    render_invoice(db, &i.invoice_number).await
}

/// Any invoice as PDF, addressed to whoever pays it: the customer, or the
/// partner on a partner-paid order. The caller has checked who may see it.
pub(crate) async fn render_invoice(
    db: &DatabaseConnection,
    number: &str,
) -> Result<(String, Vec<u8>), ServiceError> {
    let i = invoice::Entity::find()
        .filter(invoice::Column::InvoiceNumber.eq(number.trim()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let o = order::Entity::find_by_id(i.order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let payer = if i.payer == Payer::Partner.as_str() {
        let contact = match o.partner_id {
            Some(p) => entity::partner::Entity::find_by_id(p)
                .one(db)
                .await?
                .map(|p| p.contact_id),
            None => None,
        };
        match contact {
            Some(c) => contact::Entity::find_by_id(c)
                .one(db)
                .await?
                .map(|c| c.display_name)
                .unwrap_or_default(),
            None => String::new(),
        }
    } else {
        customer_name(db, &o).await?
    };
    let be = brand_of(db, &o).await?;
    // Amounts include 21 % VAT.
    let net = (i.amount_cents as f64 / 1.21).round() as i64;
    let doc = Doc {
        brand: &be,
        title: format!("Factuur {}", i.invoice_number),
        facts: vec![
            format!("Factuurdatum: {}", format_local(i.issued_at)),
            format!("Vervaldatum: {}", format_local(i.due_at)),
            format!("Klant: {payer}"),
            format!("Adres: {}", address(&o)),
            format!("Order: {}", o.order_number),
        ],
        columns: vec![("Omschrijving", 50.0), ("Bedrag", 430.0)],
        rows: vec![
            vec![
                format!("Levering en installatie volgens order {}", o.order_number),
                euro(net),
            ],
            vec!["Btw 21 %".into(), euro(i.amount_cents - net)],
            vec!["Totaal".into(), euro(i.amount_cents)],
        ],
        closing: vec![match i.paid_at {
            Some(p) => format!("Betaald op {}. Dank u wel.", format_local(p)),
            None => format!(
                "Graag betalen vóór {} o.v.v. {}.",
                format_local(i.due_at),
                i.invoice_number
            ),
        }],
        signature: None,
    };
    Ok((format!("factuur-{}.pdf", i.invoice_number), render(&doc)))
}

/// The sign-off report: what was signed, by whom, the checklist.
pub async fn sign_off_pdf(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
) -> Result<(String, Vec<u8>), ServiceError> {
    let o = order_for(db, caller, number).await?;
    let s = sign_off::Entity::find()
        .filter(sign_off::Column::OrderId.eq(o.id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let be = brand_of(db, &o).await?;
    let checklist: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&s.checklist).unwrap_or_default();
    let doc = Doc {
        brand: &be,
        title: format!("Opleverrapport {}", o.order_number),
        facts: vec![
            format!("Opgeleverd: {}", format_local(s.recorded_at)),
            format!("Klant: {}", customer_name(db, &o).await?),
            format!("Adres: {}", address(&o)),
            format!("Foto's bij de oplevering: {}", s.photo_count),
        ],
        columns: vec![("Controle", 50.0), ("Gedaan", 430.0)],
        rows: checklist
            .iter()
            .map(|(k, v)| {
                vec![
                    k.replace('_', " "),
                    if v.as_bool().unwrap_or(false) {
                        "ja"
                    } else {
                        "nee"
                    }
                    .into(),
                ]
            })
            .collect(),
        closing: vec!["De klant tekende voor de oplevering:".into()],
        signature: Some((s.signed_by_name.clone(), s.signature.clone())),
    };
    Ok((
        format!("opleverrapport-{}.pdf", o.order_number),
        render(&doc),
    ))
}

/// The warranty certificate of a completed order.
pub async fn warranty_pdf(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    number: &str,
    now: DateTime<Utc>,
) -> Result<(String, Vec<u8>), ServiceError> {
    let o = order_for(db, caller, number).await?;
    if o.status != COMPLETED {
        return Err(ServiceError::NotFound);
    }
    let be = brand_of(db, &o).await?;
    let w = crate::service_cases::warranties(db, &o, now).await?;
    let doc = Doc {
        brand: &be,
        title: format!("Garantiebewijs {}", o.order_number),
        facts: vec![
            format!("Klant: {}", customer_name(db, &o).await?),
            format!("Adres: {}", address(&o)),
            format!(
                "Geïnstalleerd: {}",
                w.first().map_or(String::new(), |w| w.installed.clone())
            ),
        ],
        columns: vec![
            ("Product", 50.0),
            ("Aantal", 330.0),
            ("Garantie tot en met", 400.0),
        ],
        rows: w
            .iter()
            .map(|w| vec![w.product.clone(), w.quantity.to_string(), w.until.clone()])
            .collect(),
        closing: vec![
            "Een probleem? Meld het in uw klantportaal onder Service.".into(),
            format!(
                "{} · {}",
                be.support_email,
                be.phone.clone().unwrap_or_default()
            ),
        ],
        signature: None,
    };
    Ok((
        format!("garantiebewijs-{}.pdf", o.order_number),
        render(&doc),
    ))
}

/// Every document of the customer as one zip.
pub async fn zip_all(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ServiceError> {
    use std::io::Write;
    let docs = list(db, caller).await?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: zip::result::ZipError| ServiceError::Internal(e.to_string());
    for d in &docs {
        let (_, bytes) = match d.kind.as_str() {
            "quote" => {
                let id: i32 = d
                    .href
                    .split('/')
                    .nth(3)
                    .and_then(|s| s.parse().ok())
                    .ok_or(ServiceError::NotFound)?;
                crate::quotes::pdf(db, caller, id).await?
            }
            "invoice" => {
                let n = d
                    .name
                    .trim_start_matches("factuur-")
                    .trim_end_matches(".pdf");
                invoice_pdf(db, caller, n).await?
            }
            "sign_off" => sign_off_pdf(db, caller, &d.order_number).await?,
            _ => warranty_pdf(db, caller, &d.order_number, now).await?,
        };
        zip.start_file(d.name.as_str(), options).map_err(fail)?;
        zip.write_all(&bytes)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;

    #[tokio::test]
    async fn a_customer_downloads_each_document_and_all_at_once() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        // A completed order with a customer invoice.
        let inv = invoice::Entity::find()
            .filter(invoice::Column::Payer.eq("customer"))
            .one(db)
            .await
            .unwrap()
            .expect("a customer invoice");
        let o = order::Entity::find_by_id(inv.order_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let me = testing::customer(o.end_customer_contact_id);
        // Give it a sign-off with a signature, as ops record it.
        sign_off::Entity::delete_many()
            .filter(sign_off::Column::OrderId.eq(o.id))
            .exec(db)
            .await
            .unwrap();
        sea_orm::ActiveModelTrait::insert(
            sign_off::ActiveModel {
                order_id: sea_orm::ActiveValue::Set(o.id),
                signed_by_name: sea_orm::ActiveValue::Set("J. de Vries".into()),
                signature: sea_orm::ActiveValue::Set("M10 10 L40 30 L80 12".into()),
                photo_count: sea_orm::ActiveValue::Set(3),
                checklist: sea_orm::ActiveValue::Set(r#"{"rcd_tested":true}"#.into()),
                recorded_by_user_id: sea_orm::ActiveValue::Set(None),
                recorded_at: sea_orm::ActiveValue::Set(now),
                ..Default::default()
            },
            db,
        )
        .await
        .unwrap();
        let docs = list(db, Some(&me)).await.unwrap();
        let kinds: Vec<&str> = docs
            .iter()
            .filter(|d| d.order_number == o.order_number)
            .map(|d| d.kind.as_str())
            .collect();
        assert!(kinds.contains(&"invoice"), "{kinds:?}");
        assert!(kinds.contains(&"sign_off"), "{kinds:?}");
        if o.status == COMPLETED {
            assert!(kinds.contains(&"warranty"), "{kinds:?}");
        }
        let (name, pdf) = invoice_pdf(db, Some(&me), &inv.invoice_number)
            .await
            .unwrap();
        assert!(name.ends_with(".pdf") && pdf.starts_with(b"%PDF"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains(&inv.invoice_number), "{text}");
        assert!(text.contains("Totaal") && text.contains("Btw 21"), "{text}");
        let (_, report) = sign_off_pdf(db, Some(&me), &o.order_number).await.unwrap();
        let text = lopdf::Document::load_mem(&report)
            .unwrap()
            .extract_text(&[1])
            .unwrap();
        assert!(text.contains("J. de Vries"), "{text}");
        // Another customer gets nothing of it.
        let mut other = me.clone();
        other.contact_id = Some(o.end_customer_contact_id + 1);
        assert!(matches!(
            invoice_pdf(db, Some(&other), &inv.invoice_number).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            sign_off_pdf(db, Some(&other), &o.order_number).await,
            Err(ServiceError::NotFound)
        ));
        // Admins may look at the customer portal (empty); planners not.
        assert!(list(db, Some(&testing::caller(Role::Admin)))
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            list(db, Some(&testing::caller(Role::Planner))).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            list(db, Some(&testing::caller(Role::PartnerUser))).await,
            Err(ServiceError::Forbidden)
        ));
        // All at once: a zip with every listed document.
        let zip = zip_all(db, Some(&me), now).await.unwrap();
        let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(names.len(), docs.len(), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("factuur-")));
        tdb.cleanup().await;
    }
}
