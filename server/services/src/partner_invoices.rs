//! The partner portal's invoices (`/partner/facturen`, issue 20; 002
//! "Invoices"): the invoices of the partner's orders, both those the
//! customer pays (with the partner's commission on them) and those the
//! partner pays, each with its PDF, and what they add up to.

use crate::api_keys::partner_of;
use crate::ServiceError;
use entity::domain::{InvoiceStatus, Payer};
use entity::dto::{CurrentUser, PartnerInvoiceRowDto, PartnerInvoicesDto};
use entity::{invoice, order};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The most invoices the page lists.
pub const LIMIT: u64 = 500;

fn day(t: chrono::DateTime<chrono::Utc>) -> String {
    entity::domain::time::amsterdam(t)
        .format("%Y-%m-%d")
        .to_string()
}

/// The caller's partner's invoices, newest first, with the totals.
pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<PartnerInvoicesDto, ServiceError> {
    let (partner_id, _) = partner_of(caller)?;
    let found = invoice::Entity::find()
        .find_also_related(order::Entity)
        .filter(order::Column::PartnerId.eq(partner_id))
        .order_by_desc(invoice::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?;
    let mut out = PartnerInvoicesDto {
        rows: Vec::new(),
        to_pay_cents: 0,
        commission_earned_cents: 0,
        commission_pending_cents: 0,
    };
    for (i, o) in found {
        let open =
            i.status == InvoiceStatus::Open.as_str() || i.status == InvoiceStatus::Overdue.as_str();
        if i.payer == Payer::Partner.as_str() && open {
            out.to_pay_cents += i.amount_cents;
        }
        if i.status == InvoiceStatus::Paid.as_str() {
            out.commission_earned_cents += i.commission_cents;
        } else if open {
            out.commission_pending_cents += i.commission_cents;
        }
        out.rows.push(PartnerInvoiceRowDto {
            pdf_url: entity::paths::api::invoice_pdf(&i.invoice_number),
            order_number: o.map(|o| o.order_number).unwrap_or_default(),
            payer: i.payer,
            amount_cents: i.amount_cents,
            commission_cents: i.commission_cents,
            status: i.status,
            issued: day(i.issued_at),
            due: day(i.due_at),
            paid: i.paid_at.map(day),
            invoice_number: i.invoice_number,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;

    #[tokio::test]
    async fn a_partner_sees_the_invoices_of_its_orders_and_their_pdfs() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let me = testing::caller(Role::PartnerUser);
            let mine = invoice::Entity::find()
                .find_also_related(order::Entity)
                .filter(order::Column::PartnerId.eq(me.partner_id.unwrap()))
                .all(db)
                .await
                .unwrap();
            assert!(!mine.is_empty());
            let got = list(db, Some(&me)).await.unwrap();
            assert_eq!(got.rows.len(), mine.len(), "{}", tdb.backend);
            let earned: i64 = mine
                .iter()
                .filter(|(i, _)| i.status == "paid")
                .map(|(i, _)| i.commission_cents)
                .sum();
            assert_eq!(got.commission_earned_cents, earned);
            // Each PDF opens for the partner, and not for another partner.
            let first = &got.rows[0];
            let (name, pdf) =
                crate::customer_documents::invoice_pdf(db, Some(&me), &first.invoice_number)
                    .await
                    .unwrap();
            assert!(name.ends_with(".pdf") && pdf.starts_with(b"%PDF"));
            let other = CurrentUser {
                partner_id: Some(me.partner_id.unwrap() + 1),
                ..me.clone()
            };
            assert!(matches!(
                crate::customer_documents::invoice_pdf(db, Some(&other), &first.invoice_number)
                    .await,
                Err(ServiceError::NotFound)
            ));
            assert!(matches!(
                list(db, Some(&testing::caller(Role::Technician))).await,
                Err(ServiceError::Forbidden)
            ));
            tdb.cleanup().await;
        }
    }
}
