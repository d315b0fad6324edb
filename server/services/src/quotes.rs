//! Quotes (000 step 4, 002 "Quote Management System"): every quote version
//! has a PDF, per side. Each line says who pays it (000's dual quote). The
//! drafts themselves are an effect of entering `quote_draft`
//! (`effects::quote_drafts`).

use crate::authz::{authorize, Action};
use crate::ServiceError;
use entity::domain::money::euro;
use entity::domain::time::format_local;
use entity::domain::Payer;
use entity::dto::CurrentUser;
use entity::{business_entity, contact, order, quote, quote_line};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// Which side's copy of a dual quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Everything (ops).
    Full,
    /// Only the lines the customer pays.
    Customer,
    /// Only the lines the partner pays.
    Partner,
}

/// The quote as a PDF (A4). Ops see all lines; a customer or partner sees
/// their own side of a dual quote.
pub async fn pdf(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    quote_id: i32,
) -> Result<(String, Vec<u8>), ServiceError> {
    // Who asks is settled before anything is looked up, so that a caller
    // cannot tell an existing quote from a missing one by the answer.
    match caller {
        None => return Err(ServiceError::Unauthenticated),
        Some(c) if c.pending_mfa.is_some() => return Err(ServiceError::MfaRequired),
        Some(_) => {}
    }
    let q = quote::Entity::find_by_id(quote_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let o = order::Entity::find_by_id(q.order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    match authorize(
        caller,
        Action::ReadOrder {
            partner_id: o.partner_id,
            end_customer_contact_id: o.end_customer_contact_id,
        },
    ) {
        Ok(()) => {}
        Err(crate::authz::Denied::Forbidden) => return Err(ServiceError::NotFound),
        Err(e) => return Err(e.into()),
    }
    let view = match caller.map(|c| c.role) {
        Some(entity::domain::Role::Customer) => View::Customer,
        Some(entity::domain::Role::PartnerUser) => View::Partner,
        _ => View::Full,
    };
    let lines: Vec<quote_line::Model> = quote_line::Entity::find()
        .filter(quote_line::Column::QuoteId.eq(q.id))
        .order_by_asc(quote_line::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|l| match view {
            View::Full => true,
            View::Customer => l.payer == Payer::Customer.as_str(),
            View::Partner => l.payer == Payer::Partner.as_str(),
        })
        .collect();
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let customer = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
        .map(|c| c.display_name)
        .unwrap_or_default();
    let name = format!("offerte-{}-v{}.pdf", o.order_number, q.version_no);
    Ok((name, render(&be, &o, &q, &customer, &lines, view)))
}

/// Where the quote's pages put things (points from the bottom of an A4).
mod layout {
    pub const WIDTH: f32 = 595.0;
    pub const HEIGHT: f32 = 842.0;
    /// The table header: below the address block on the first page, near
    /// the top on the following ones.
    pub const TABLE_FIRST: f32 = 636.0;
    pub const TABLE_NEXT: f32 = 750.0;
    pub const ROW: f32 = 16.0;
    /// No line goes below this: the footer lives under it.
    pub const BOTTOM: f32 = 100.0;
    /// The totals take this much room under the last line.
    pub const TOTALS: f32 = 44.0;
}

/// The quote's lines and totals, laid out over as many A4 pages as they
/// need: every page repeats the brand band and the table header, and says
/// which page of how many it is; the totals follow the last line.
fn render(
    be: &business_entity::Model,
    o: &order::Model,
    q: &quote::Model,
    customer: &str,
    lines: &[quote_line::Model],
    view: View,
) -> Vec<u8> {
    use layout::*;
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

    use crate::pdf::text;
    let right = |s: &str, x: f32, size: f32| x - s.chars().count() as f32 * size * 0.5;
    let title = match view {
        View::Full => "Offerte",
        View::Customer => "Offerte (uw deel)",
        View::Partner => "Offerte (partnerdeel)",
    };
    let heading = format!("{title} {} – versie {}", o.order_number, q.version_no);

    // The top of a page: the band, and the full header on the first page or
    // a short one after it; then the table header. Returns the first row's y.
    let top = |c: &mut Content, first: bool| -> f32 {
        crate::pdf::band(c, be);
        let mut y = if first {
            text(c, b"F2", 20.0, 50.0, 780.0, &be.brand);
            text(
                c,
                b"F1",
                9.0,
                50.0,
                764.0,
                &format!("{} · {}", be.name, be.sales_email),
            );
            text(c, b"F2", 16.0, 50.0, 720.0, &heading);
            let facts = [
                format!("Datum: {}", format_local(q.created_at)),
                format!("Klant: {customer}"),
                format!(
                    "Adres: {} {}, {} {}",
                    o.street, o.house_number, o.postcode, o.city
                ),
            ];
            for (i, fact) in facts.iter().enumerate() {
                text(c, b"F1", 10.0, 50.0, 700.0 - 14.0 * i as f32, fact);
            }
            TABLE_FIRST
        } else {
            text(c, b"F2", 12.0, 50.0, 790.0, &format!("{heading} (vervolg)"));
            text(c, b"F1", 9.0, 50.0, 776.0, &be.brand);
            TABLE_NEXT
        };
        text(c, b"F2", 10.0, 50.0, y, "Omschrijving");
        text(c, b"F2", 10.0, 330.0, y, "Aantal");
        text(c, b"F2", 10.0, 390.0, y, "Prijs");
        text(c, b"F2", 10.0, 470.0, y, "Totaal");
        if view == View::Full {
            text(c, b"F2", 10.0, 530.0, y, "Betaler");
        }
        y -= 18.0;
        y
    };

    let mut pages: Vec<Content> = Vec::new();
    let mut c = Content::new();
    let mut y = top(&mut c, true);
    let mut sums = (0i64, 0i64);
    for l in lines {
        if y < BOTTOM {
            pages.push(std::mem::replace(&mut c, Content::new()));
            y = top(&mut c, false);
        }
        let total = l.unit_price_cents * i64::from(l.quantity);
        if l.payer == Payer::Partner.as_str() {
            sums.1 += total;
        } else {
            sums.0 += total;
        }
        let desc: String = l.description.chars().take(52).collect();
        text(&mut c, b"F1", 10.0, 50.0, y, &desc);
        text(&mut c, b"F1", 10.0, 345.0, y, &l.quantity.to_string());
        let unit = euro(l.unit_price_cents);
        text(&mut c, b"F1", 10.0, right(&unit, 450.0, 10.0), y, &unit);
        let tot = euro(total);
        text(&mut c, b"F1", 10.0, right(&tot, 520.0, 10.0), y, &tot);
        if view == View::Full {
            let payer = if l.payer == Payer::Partner.as_str() {
                "partner"
            } else {
                "klant"
            };
            text(&mut c, b"F1", 10.0, 530.0, y, payer);
        }
        y -= ROW;
    }
    // The totals stay together, on the page of the last line if it has room.
    if y - TOTALS < BOTTOM - ROW {
        pages.push(std::mem::replace(&mut c, Content::new()));
        y = top(&mut c, false);
    }
    y -= 10.0;
    if view != View::Partner {
        let s = format!("Totaal klant (incl. btw): {}", euro(sums.0));
        text(&mut c, b"F2", 11.0, right(&s, 520.0, 11.0), y, &s);
        y -= ROW;
    }
    if view != View::Customer {
        let s = format!("Totaal partner: {}", euro(sums.1));
        text(&mut c, b"F2", 11.0, right(&s, 520.0, 11.0), y, &s);
    }
    text(
        &mut c,
        b"F1",
        8.0,
        50.0,
        60.0,
        "Deze offerte is 30 dagen geldig. Goedkeuren kan in uw portaal.",
    );
    pages.push(c);

    let count = pages.len();
    let (catalog, tree, regular, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let page_ref = |i: usize| Ref::new(5 + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(6 + 2 * i as i32);
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..count).map(page_ref))
        .count(count as i32);
    for (id, font) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(id)
            .base_font(Name(font))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, mut c) in pages.into_iter().enumerate() {
        let footer = format!("Pagina {} van {count}", i + 1);
        text(
            &mut c,
            b"F1",
            8.0,
            right(&footer, 545.0, 8.0),
            40.0,
            &footer,
        );
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_ref(i));
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();
        pdf.stream(content_ref(i), &c.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{move_order, MoveRequest};
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::*;
    use entity::domain::Role;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};

    #[tokio::test]
    async fn a_draft_is_priced_when_the_quote_starts_and_prints_per_side() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(11, 0, 0).unwrap().and_utc();
            let ops = testing::caller(Role::OpsManager);
            // A fresh lead, walked to a completed intake by hand.
            let lead = order::Entity::find()
                .filter(order::Column::Status.eq(NEW_LEAD))
                .filter(order::Column::PartnerId.is_not_null())
                .order_by_asc(order::Column::Id)
                .one(db)
                .await
                .unwrap()
                .expect("a partner lead");
            let mut version = lead.version;
            for to in [INTAKE_SENT, INTAKE_COMPLETED] {
                version = move_order(
                    db,
                    None,
                    Some(&ops),
                    &MoveRequest {
                        order_id: lead.id,
                        version,
                        to: to.into(),
                        reason: None,
                    },
                    now,
                )
                .await
                .unwrap()
                .unwrap()
                .version;
            }
            let o = order::Entity::find_by_id(lead.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(o.version, version);
            let before = quote::Entity::find()
                .filter(quote::Column::OrderId.eq(o.id))
                .all(db)
                .await
                .unwrap()
                .len();
            let card = move_order(
                db,
                None,
                Some(&ops),
                &MoveRequest {
                    order_id: o.id,
                    version: o.version,
                    to: QUOTE_DRAFT.into(),
                    reason: None,
                },
                now,
            )
            .await
            .unwrap()
            .unwrap();
            assert!(card.facts.quote_lines > 0, "the draft has lines");
            let q = quote::Entity::find()
                .filter(quote::Column::OrderId.eq(o.id))
                .order_by_desc(quote::Column::VersionNo)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(q.version_no as usize, before + 1);
            assert_eq!(q.status, "draft");
            let lines = quote_line::Entity::find()
                .filter(quote_line::Column::QuoteId.eq(q.id))
                .all(db)
                .await
                .unwrap();
            let sum = |payer: &str| -> i64 {
                lines
                    .iter()
                    .filter(|l| l.payer == payer)
                    .map(|l| l.unit_price_cents * i64::from(l.quantity))
                    .sum()
            };
            assert_eq!(
                (q.customer_total_cents, q.partner_total_cents),
                (sum("customer"), sum("partner"))
            );
            let surcharge = lines.iter().any(|l| l.description.starts_with("Toeslag"));
            assert_eq!(surcharge, o.complexity > 1, "complexity {}", o.complexity);

            // Sending stamps the quote.
            let card = move_order(
                db,
                None,
                Some(&ops),
                &MoveRequest {
                    order_id: o.id,
                    version: card.version,
                    to: QUOTE_READY.into(),
                    reason: None,
                },
                now,
            )
            .await
            .unwrap()
            .unwrap();
            move_order(
                db,
                None,
                Some(&ops),
                &MoveRequest {
                    order_id: o.id,
                    version: card.version,
                    to: QUOTE_SENT.into(),
                    reason: None,
                },
                now,
            )
            .await
            .unwrap()
            .unwrap();
            let sent = quote::Entity::find_by_id(q.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((sent.status.as_str(), sent.sent_at), ("sent", Some(now)));

            // The PDF: ops get every line, the customer their own side only.
            let (name, full) = pdf(db, Some(&ops), q.id).await.unwrap();
            assert!(full.starts_with(b"%PDF-"), "a real PDF");
            assert!(name.contains(&o.order_number));
            let text = String::from_utf8_lossy(&full);
            assert!(text.contains("Helvetica"));
            assert!(text.contains("0 826 595 16 re"), "the brand colour band");
            let customer = CurrentUser {
                contact_id: Some(o.end_customer_contact_id),
                ..testing::caller(Role::Customer)
            };
            let (_, mine) = pdf(db, Some(&customer), q.id).await.unwrap();
            // Only the full (ops) copy has the payer column.
            assert!(text.contains("(Betaler)"));
            let mine = String::from_utf8_lossy(&mine);
            assert!(mine.contains("(Omschrijving)") && !mine.contains("(Betaler)"));
            let stranger = CurrentUser {
                contact_id: Some(-1),
                ..testing::caller(Role::Customer)
            };
            assert!(matches!(
                pdf(db, Some(&stranger), q.id).await,
                Err(ServiceError::NotFound)
            ));
            assert!(matches!(
                pdf(db, None, q.id).await,
                Err(ServiceError::Unauthenticated)
            ));
            tdb.cleanup().await;
        }
    }

    /// The text of every page of a PDF, read back by a PDF library.
    fn pdf_pages(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
        let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
        numbers
            .iter()
            .map(|n| doc.extract_text(&[*n]).expect("text"))
            .collect()
    }

    #[tokio::test]
    async fn a_long_quote_runs_over_pages_and_loses_no_line() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        let q = quote::Entity::find()
            .order_by_asc(quote::Column::Id)
            .one(db)
            .await
            .unwrap()
            .expect("a seeded quote");
        let o = order::Entity::find_by_id(q.order_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        quote_line::Entity::delete_many()
            .filter(quote_line::Column::QuoteId.eq(q.id))
            .exec(db)
            .await
            .unwrap();
        let mut sums = (0i64, 0i64);
        for i in 1..=60i64 {
            let partner = i % 4 == 0;
            let (qty, cents) = (1 + i % 3, 1_000 + i * 137);
            if partner {
                sums.1 += qty * cents;
            } else {
                sums.0 += qty * cents;
            }
            quote_line::ActiveModel {
                quote_id: Set(q.id),
                product_id: Set(None),
                description: Set(format!("Regel {i:02} installatiemateriaal")),
                quantity: Set(qty as i32),
                unit_price_cents: Set(cents),
                payer: Set(if partner { "partner" } else { "customer" }.to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        let ops = testing::caller(Role::OpsManager);
        let (_, full) = pdf(db, Some(&ops), q.id).await.unwrap();
        let pages = pdf_pages(&full);
        assert!(pages.len() >= 2, "60 lines do not fit on one A4");
        let all = pages.join("\n");
        for i in 1..=60 {
            assert_eq!(
                all.matches(&format!("Regel {i:02} ")).count(),
                1,
                "line {i} once, in {all}"
            );
        }
        for (n, page) in pages.iter().enumerate() {
            assert!(
                page.contains("Omschrijving"),
                "table header on page {}",
                n + 1
            );
            assert!(
                page.contains(&format!("Pagina {} van {}", n + 1, pages.len())),
                "page {} numbered: {page}",
                n + 1
            );
        }
        let last = pages.last().unwrap();
        assert!(
            last.contains(&format!("Totaal klant (incl. btw): {}", euro(sums.0))),
            "{last}"
        );
        assert!(
            last.contains(&format!("Totaal partner: {}", euro(sums.1))),
            "{last}"
        );
        assert!(
            !pages[0].contains("Totaal klant"),
            "the totals come after the last line"
        );

        // The customer's copy: only their 45 lines, and only their total.
        let customer = CurrentUser {
            contact_id: Some(o.end_customer_contact_id),
            ..testing::caller(Role::Customer)
        };
        let (_, mine) = pdf(db, Some(&customer), q.id).await.unwrap();
        let mine = pdf_pages(&mine).join("\n");
        assert_eq!(mine.matches("Regel ").count(), 45);
        assert!(!mine.contains("Regel 04 "), "a partner line");
        assert!(mine.contains(&format!("Totaal klant (incl. btw): {}", euro(sums.0))));
        assert!(!mine.contains("Totaal partner"));
        tdb.cleanup().await;
    }
}
