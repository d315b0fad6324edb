//! A one-page A4 document in the brand's colour (invoice, sign-off report,
//! warranty certificate): a heading, facts, a table, closing lines and,
//! optionally, a drawn signature. The quote has its own, multi-page layout
//! (`quotes`) with this module's band and text; both write with
//! `pdf-writer` and the PDF base fonts.

use entity::business_entity;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;

/// What goes on the page.
pub struct Doc<'a> {
    pub brand: &'a business_entity::Model,
    pub title: String,
    pub facts: Vec<String>,
    /// Column headings with their x, and the rows (at most ~30 fit).
    pub columns: Vec<(&'static str, f32)>,
    pub rows: Vec<Vec<String>>,
    pub closing: Vec<String>,
    /// SVG path data (`M x y L x y …`, as the sign-off pad draws it).
    pub signature: Option<(String, String)>,
}

/// Latin-1 / WinAnsi bytes for the PDF's standard fonts.
fn winansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            c if (c as u32) < 0x7f || (0xa0..=0xff).contains(&(c as u32)) => c as u8,
            _ => b'?',
        })
        .collect()
}

/// Writes `s` at (x, y) in font `F1` (regular) or `F2` (bold).
pub(crate) fn text(c: &mut Content, font: &[u8], size: f32, x: f32, y: f32, s: &str) {
    c.begin_text();
    c.set_font(Name(font), size);
    c.next_line(x, y);
    c.show(Str(&winansi(s)));
    c.end_text();
}

/// Draws the signature's path into a 240 × 80 box with its bottom left at
/// (x, y): the path's own extent is scaled to fit.
fn signature(c: &mut Content, path: &str, x: f32, y: f32) {
    let nums: Vec<(char, f32, f32)> = {
        let mut out = Vec::new();
        let mut cmd = 'M';
        let mut it = path
            .split(|ch: char| ch.is_whitespace() || ch == ',')
            .filter(|t| !t.is_empty())
            .peekable();
        while let Some(t) = it.next() {
            let (head, rest) = t.split_at(t.chars().next().map_or(0, |ch| {
                if ch.is_ascii_alphabetic() {
                    ch.len_utf8()
                } else {
                    0
                }
            }));
            if let Some(ch) = head.chars().next() {
                cmd = ch.to_ascii_uppercase();
            }
            let first = if rest.is_empty() {
                it.next()
            } else {
                Some(rest)
            };
            let (Some(a), Some(b)) = (
                first.and_then(|s| s.parse().ok()),
                it.next().and_then(|s| s.parse().ok()),
            ) else {
                continue;
            };
            out.push((cmd, a, b));
        }
        out
    };
    if nums.is_empty() {
        return;
    }
    let (minx, maxx) = nums
        .iter()
        .fold((f32::MAX, f32::MIN), |m, p| (m.0.min(p.1), m.1.max(p.1)));
    let (miny, maxy) = nums
        .iter()
        .fold((f32::MAX, f32::MIN), |m, p| (m.0.min(p.2), m.1.max(p.2)));
    let scale = (240.0 / (maxx - minx).max(1.0)).min(80.0 / (maxy - miny).max(1.0));
    c.set_line_width(1.2);
    for (cmd, px, py) in nums {
        // SVG's y grows downwards, PDF's upwards.
        let (qx, qy) = (x + (px - minx) * scale, y + 80.0 - (py - miny) * scale);
        if cmd == 'M' {
            c.move_to(qx, qy);
        } else {
            c.line_to(qx, qy);
        }
    }
    c.stroke();
}

/// The brand's colour as a band across the top of an A4 page.
pub(crate) fn band(c: &mut Content, be: &business_entity::Model) {
    if entity::domain::is_valid_hex_colour(&be.brand_color) {
        let ch = |i: usize| {
            f32::from(u8::from_str_radix(&be.brand_color[i..i + 2], 16).unwrap_or(0)) / 255.0
        };
        c.set_fill_rgb(ch(1), ch(3), ch(5));
        c.rect(0.0, HEIGHT - 16.0, WIDTH, 16.0);
        c.fill_nonzero();
        c.set_fill_rgb(0.0, 0.0, 0.0);
    }
}

/// The lowest line a table row or closing line may take.
const BOTTOM: f32 = 60.0;

fn headings(c: &mut Content, doc: &Doc<'_>, y: f32) {
    for (h, x) in &doc.columns {
        text(c, b"F2", 10.0, *x, y, h);
    }
}

/// The document, on as many A4 pages as its table needs: a continued page
/// repeats the band, the title and the column headings.
pub fn render(doc: &Doc<'_>) -> Vec<u8> {
    let mut pages: Vec<Content> = Vec::new();
    let mut c = Content::new();
    let be = doc.brand;
    band(&mut c, be);
    text(&mut c, b"F2", 20.0, 50.0, 780.0, &be.brand);
    let contact = match &be.phone {
        Some(p) => format!("{} · {} · {p}", be.name, be.support_email),
        None => format!("{} · {}", be.name, be.support_email),
    };
    text(&mut c, b"F1", 9.0, 50.0, 764.0, &contact);
    text(&mut c, b"F2", 16.0, 50.0, 720.0, &doc.title);
    let mut y = 700.0;
    for f in &doc.facts {
        text(&mut c, b"F1", 10.0, 50.0, y, f);
        y -= 14.0;
    }
    y -= 16.0;
    let next_page = |c: &mut Content, pages: &mut Vec<Content>| -> f32 {
        pages.push(std::mem::replace(c, Content::new()));
        band(c, be);
        let n = pages.len() + 1;
        text(
            c,
            b"F2",
            12.0,
            50.0,
            790.0,
            &format!("{} (pagina {n})", doc.title),
        );
        760.0
    };
    if !doc.columns.is_empty() {
        headings(&mut c, doc, y);
        y -= 18.0;
        for row in &doc.rows {
            if y < BOTTOM {
                y = next_page(&mut c, &mut pages);
                headings(&mut c, doc, y);
                y -= 18.0;
            }
            for (cell, (_, x)) in row.iter().zip(&doc.columns) {
                let cell: String = cell.chars().take(48).collect();
                text(&mut c, b"F1", 10.0, *x, y, &cell);
            }
            y -= 16.0;
        }
        y -= 10.0;
    }
    let signature_room = if doc.signature.is_some() { 120.0 } else { 0.0 };
    if y - 14.0 * doc.closing.len() as f32 - signature_room < BOTTOM - 16.0 {
        y = next_page(&mut c, &mut pages);
    }
    for l in &doc.closing {
        text(&mut c, b"F1", 10.0, 50.0, y, l);
        y -= 14.0;
    }
    if let Some((name, path)) = &doc.signature {
        y -= 100.0;
        signature(&mut c, path, 50.0, y);
        text(
            &mut c,
            b"F1",
            9.0,
            50.0,
            y - 14.0,
            &format!("Getekend door {name}"),
        );
    }
    pages.push(c);
    let (catalog, tree, regular, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let ids: Vec<(Ref, Ref)> = (0..pages.len() as i32)
        .map(|i| (Ref::new(5 + 2 * i), Ref::new(6 + 2 * i)))
        .collect();
    pdf.pages(tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(pages.len() as i32);
    for (id, font) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(id)
            .base_font(Name(font))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (content, (page, stream)) in pages.into_iter().zip(ids) {
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        p.parent(tree);
        p.contents(stream);
        p.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        p.finish();
        pdf.stream(stream, &content.finish());
    }
    pdf.finish()
}
