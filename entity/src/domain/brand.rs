//! Validation rules for a business entity's brand settings, used by the
//! admin forms (client) and the services (server).

/// An order-number prefix: 2–5 upper-case ASCII letters, e.g. `CC` or `MKT`.
pub fn is_valid_order_prefix(prefix: &str) -> bool {
    (2..=5).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_uppercase())
}

/// A CSS colour in `#rrggbb` form.
pub fn is_valid_hex_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A telephone number as people write it: 8–15 digits, with spaces,
/// `+`, `-` and brackets allowed.
pub fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
}

/// One `@` with something on both sides, a dot in the domain, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The CSS theme of one business entity: its brand colour, a darker shade
/// for text and hover, a light tint for backgrounds, and black or white
/// text on the colour, whichever reads better. `None` when the code or the
/// colour is not valid (they are checked when saved, so this is a guard).
pub fn theme_css(code: &str, colour: &str) -> Option<String> {
    let code_ok = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !code_ok || !is_valid_hex_colour(colour) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).unwrap_or(0);
    let rgb = [channel(1), channel(3), channel(5)];
    let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    let strong = rgb.map(|c| (f64::from(c) * 0.75).round() as u8);
    let soft = rgb.map(|c| (f64::from(c) + (255.0 - f64::from(c)) * 0.88).round() as u8);
    // WCAG relative luminance.
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    let on = if luminance > 0.4 {
        "#131821"
    } else {
        "#ffffff"
    };
    Some(format!(
        "[data-entity=\"{code}\"]{{--brand:{};--brand-strong:{};--brand-soft:{};--on-brand:{on}}}",
        colour.to_ascii_lowercase(),
        hex(strong),
        hex(soft),
    ))
}

/// A business entity as the admin form edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityForm {
    /// Stable slug (`chargecars`): lower-case letters, digits and dashes.
    pub code: String,
    pub name: String,
    pub brand: String,
    pub order_prefix: String,
    pub support_email: String,
    pub sales_email: String,
    pub admin_email: String,
    pub noreply_email: String,
    /// Empty when the entity has no WhatsApp number.
    pub whatsapp_number: String,
    pub brand_color: String,
    /// The number customers call (shown after the reschedule cut-off).
    #[serde(default)]
    pub phone: String,
    /// Hours before an appointment after which a customer can no longer
    /// move it themselves; empty means the default (48).
    #[serde(default)]
    pub reschedule_cutoff_hours: String,
}

impl EntityForm {
    /// The cut-off in hours (`None` when it is not a whole number 0–336).
    pub fn cutoff_hours(&self) -> Option<i32> {
        let t = self.reschedule_cutoff_hours.trim();
        if t.is_empty() {
            return Some(crate::domain::planning::RESCHEDULE_CUTOFF_HOURS);
        }
        t.parse().ok().filter(|h| (0..=336).contains(h))
    }
}

impl EntityForm {
    /// Field errors as `(field, code)`; empty when the form may be saved.
    /// Uniqueness (code, prefix) is the server's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |f: &str, c: &str| out.push((f.to_owned(), c.to_owned()));
        let code = self.code.trim();
        if code.is_empty() {
            push("code", "required");
        } else if !(2..=30).contains(&code.len())
            || !code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            push("code", "code_invalid");
        }
        for (f, v) in [("name", &self.name), ("brand", &self.brand)] {
            if v.trim().is_empty() {
                push(f, "required");
            } else if v.trim().chars().count() > 80 {
                push(f, "too_long");
            }
        }
        if !is_valid_order_prefix(self.order_prefix.trim()) {
            push("order_prefix", "prefix_invalid");
        }
        for (f, v) in [
            ("support_email", &self.support_email),
            ("sales_email", &self.sales_email),
            ("admin_email", &self.admin_email),
            ("noreply_email", &self.noreply_email),
        ] {
            if v.trim().is_empty() {
                push(f, "required");
            } else if !looks_like_email(v.trim()) {
                push(f, "email_invalid");
            }
        }
        let wa = self.whatsapp_number.trim();
        let digits = wa.chars().filter(char::is_ascii_digit).count();
        if !wa.is_empty()
            && (!wa.starts_with('+')
                || !(8..=15).contains(&digits)
                || !wa[1..].chars().all(|c| c.is_ascii_digit() || c == ' '))
        {
            push("whatsapp_number", "phone_invalid");
        }
        if !is_valid_hex_colour(self.brand_color.trim()) {
            push("brand_color", "colour_invalid");
        }
        let phone = self.phone.trim();
        if !phone.is_empty() && !looks_like_phone(phone) {
            push("phone", "phone_invalid");
        }
        if self.cutoff_hours().is_none() {
            push("reschedule_cutoff_hours", "cutoff_range");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> EntityForm {
        EntityForm {
            code: "laadpaal-direct".into(),
            name: "LaadpaalDirect B.V.".into(),
            brand: "LaadpaalDirect".into(),
            order_prefix: "LD".into(),
            support_email: "support@laadpaaldirect.nl".into(),
            sales_email: "sales@laadpaaldirect.nl".into(),
            admin_email: "admin@laadpaaldirect.nl".into(),
            noreply_email: "noreply@laadpaaldirect.nl".into(),
            whatsapp_number: "+31 6 12345670".into(),
            brand_color: "#7c3aed".into(),
            phone: "033 760 20 99".into(),
            reschedule_cutoff_hours: String::new(),
        }
    }

    #[test]
    fn the_reschedule_cut_off_is_hours_from_0_to_336_or_the_default() {
        let with = |h: &str| EntityForm {
            reschedule_cutoff_hours: h.into(),
            ..good()
        };
        assert_eq!(with("").cutoff_hours(), Some(48));
        assert_eq!(with(" 24 ").cutoff_hours(), Some(24));
        assert_eq!(with("0").cutoff_hours(), Some(0));
        assert_eq!(with("337").cutoff_hours(), None);
        assert_eq!(with("twee").cutoff_hours(), None);
        let codes: Vec<(String, String)> = EntityForm {
            phone: "bel me".into(),
            ..with("-1")
        }
        .problems();
        assert_eq!(
            codes,
            [
                ("phone".to_owned(), "phone_invalid".to_owned()),
                (
                    "reschedule_cutoff_hours".to_owned(),
                    "cutoff_range".to_owned()
                )
            ]
        );
    }

    #[test]
    fn an_entity_form_names_each_wrong_field() {
        assert!(good().problems().is_empty());
        let mut f = good();
        f.whatsapp_number.clear();
        assert!(f.problems().is_empty(), "WhatsApp is optional");
        let bad = EntityForm {
            code: "Laadpaal Direct".into(),
            name: " ".into(),
            order_prefix: "ld".into(),
            sales_email: "sales.laadpaaldirect.nl".into(),
            whatsapp_number: "0612345670".into(),
            brand_color: "purple".into(),
            ..good()
        };
        let problems = bad.problems();
        let fields: Vec<(&str, &str)> = problems
            .iter()
            .map(|(f, c)| (f.as_str(), c.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("code", "code_invalid"),
                ("name", "required"),
                ("order_prefix", "prefix_invalid"),
                ("sales_email", "email_invalid"),
                ("whatsapp_number", "phone_invalid"),
                ("brand_color", "colour_invalid"),
            ]
        );
    }

    #[test]
    fn emails() {
        for ok in ["a@b.nl", "info@laad-punt.example.com"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@", "@b.nl", "a@b", "a@@b.nl", "a b@c.nl", "a@b.nl.", "a@.nl",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn prefixes() {
        for ok in ["CC", "LT", "MKT", "ZS", "RS", "ABCDE"] {
            assert!(is_valid_order_prefix(ok), "{ok}");
        }
        for bad in ["", "C", "cc", "C1", "ABCDEF", "C-C", "ÉÉ"] {
            assert!(!is_valid_order_prefix(bad), "{bad}");
        }
    }

    #[test]
    fn colours() {
        assert!(is_valid_hex_colour("#0f766e"));
        assert!(is_valid_hex_colour("#ABCDEF"));
        for bad in ["0f766e", "#0f766", "#0f766g", "#0f766e0", "red"] {
            assert!(!is_valid_hex_colour(bad), "{bad}");
        }
    }

    #[test]
    fn a_theme_follows_the_brand_colour() {
        let css = theme_css("chargecars", "#0F766E").unwrap();
        assert_eq!(
            css,
            "[data-entity=\"chargecars\"]{--brand:#0f766e;--brand-strong:#0b5953;--brand-soft:#e2efee;--on-brand:#ffffff}"
        );
        // A light brand colour gets dark text on it.
        assert!(theme_css("geel", "#facc15")
            .unwrap()
            .ends_with("--on-brand:#131821}"));
        // Nothing unsafe reaches the stylesheet.
        assert_eq!(theme_css("x\"]{}body{", "#000000"), None);
        assert_eq!(theme_css("ok", "red;}"), None);
    }
}
