//! The HTML part of an e-mail: the rendered text, escaped as a whole (so
//! neither a variable nor the template's own text can inject markup), in
//! paragraphs with its links made clickable (a link alone on its line is a
//! button), inside the entity's layout: its colour, logo, name and footer.

use handlebars::Handlebars;
use serde_json::json;

/// What a mail shows of its sender.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Brand {
    pub name: String,
    /// `#rrggbb`; anything else falls back to the platform's teal.
    pub color: String,
    /// Absolute URL of the logo, if the entity has one.
    pub logo_url: Option<String>,
    pub support_email: String,
    pub support_phone: Option<String>,
    /// The one-click unsubscribe page, for messages that have one.
    pub unsubscribe_url: Option<String>,
}

const LAYOUT: &str = r#"<!DOCTYPE html>
<html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{subject}}</title></head>
<body style="margin:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:{{color}};padding:18px 24px;color:#ffffff;font-size:20px;font-weight:bold">{{#if logo_url}}<img src="{{logo_url}}" alt="{{name}}" height="36" style="display:block;height:36px;border:0">{{else}}{{name}}{{/if}}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">{{{content}}}</td></tr>
<tr><td style="padding:16px 24px;background:#f9fafb;color:#6b7280;font-size:12px;line-height:1.5">{{name}} · <a href="mailto:{{support_email}}" style="color:#6b7280">{{support_email}}</a>{{#if support_phone}} · {{support_phone}}{{/if}}{{#if unsubscribe_url}}<br><a href="{{unsubscribe_url}}" style="color:#6b7280">{{unsubscribe_label}}</a>{{/if}}</td></tr>
</table></td></tr></table></body></html>"#;

fn valid_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|d| d.is_ascii_hexdigit())
}

/// `text` (already escaped) with its http(s) links as anchors.
fn linkify(escaped: &str, color: &str) -> String {
    let line = escaped.trim();
    let is_url = |w: &str| w.starts_with("https://") || w.starts_with("http://");
    if is_url(line) && !line.contains(char::is_whitespace) {
        return format!(
            r#"<a href="{line}" style="display:inline-block;background:{color};color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:bold">{label}</a><br><span style="font-size:12px;color:#6b7280">{line}</span>"#,
            label = if line.contains("/intake/") || line.contains("token=") {
                "Openen"
            } else {
                "Bekijken"
            }
        );
    }
    escaped
        .split(' ')
        .map(|w| {
            let end = w.trim_end_matches(['.', ',', ')', ';', ':']).len();
            let (url, rest) = w.split_at(end);
            if is_url(url) {
                format!(r#"<a href="{url}" style="color:{color}">{url}</a>{rest}"#)
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The HTML part of a mail with this subject and rendered text.
pub fn layout(brand: &Brand, subject: &str, text: &str, language: &str) -> String {
    let color = if valid_color(&brand.color) {
        brand.color.as_str()
    } else {
        "#0f766e"
    };
    let content: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p
                .lines()
                .map(|l| linkify(&handlebars::html_escape(l), color))
                .collect();
            format!("<p style=\"margin:0 0 14px\">{}</p>", lines.join("<br>"))
        })
        .collect();
    let hb = Handlebars::new();
    hb.render_template(
        LAYOUT,
        &json!({
            "lang": language,
            "subject": subject,
            "color": color,
            "name": brand.name,
            "logo_url": brand.logo_url,
            "content": content,
            "support_email": brand.support_email,
            "support_phone": brand.support_phone,
            "unsubscribe_url": brand.unsubscribe_url,
            "unsubscribe_label": if language == "en" { "Unsubscribe" } else { "Afmelden" },
        }),
    )
    .unwrap_or(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_escaped_and_its_links_clickable_in_the_brand() {
        let brand = Brand {
            name: "LaderThuis".into(),
            color: "#ff6600".into(),
            support_email: "support@laderthuis.nl".into(),
            ..Default::default()
        };
        let html = layout(
            &brand,
            "Uw <offerte>",
            "Beste <script>alert(1)</script>,\n\nZie https://cc.nl/klant/orders/LT-1.\n\nhttps://cc.nl/intake/abc",
            "nl",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<title>Uw &lt;offerte&gt;</title>"));
        assert!(html.contains(r#"<a href="https://cc.nl/klant/orders/LT-1" style="color:#ff6600">https://cc.nl/klant/orders/LT-1</a>."#));
        // A link on its own line is a button.
        assert!(html.contains(
            r#"<a href="https://cc.nl/intake/abc" style="display:inline-block;background:#ff6600"#
        ));
        assert!(html.contains("support@laderthuis.nl"));
        // A colour that is not #rrggbb cannot break out of the style.
        let odd = Brand {
            color: "red;background:url(x)".into(),
            ..brand
        };
        assert!(layout(&odd, "s", "t", "nl").contains("background:#0f766e"));
    }
}
