//! Message templates (001 "Email Communication Templates"): handlebars text
//! per scope (a business entity, or the platform), kind, channel and
//! language, checked against the kinds of `entity::domain::templates`,
//! versioned in `message_templates`, and rendered into a subject, a text
//! part and (for e-mail) an HTML part in the entity's brand.
//!
//! A template in use is the highest version of its scope; an entity
//! without its own falls back to the platform's, and that to the built-in
//! text (`templates/nl.txt`, `templates/en.txt`), which `ensure_defaults`
//! also stores as version 1 so that admins see and edit it.

mod html;

use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::Channel;
use entity::domain::templates::{self as kinds, Kind, LANGUAGES, PLATFORM};
use entity::message_template;
use handlebars::template::{Parameter, TemplateElement};
use handlebars::{Handlebars, Path, Template};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

pub use html::{layout, Brand};

/// What a template is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub scope: i32,
    pub kind: &'static str,
    pub channel: Channel,
    pub language: &'static str,
}

impl Key {
    /// The key of `kind` on `channel` in `language` for `business_entity_id`
    /// (platform kinds ignore the entity; unknown languages read Dutch).
    pub fn new(
        kind: &'static Kind,
        channel: Channel,
        language: &str,
        business_entity_id: Option<i32>,
    ) -> Key {
        Key {
            scope: kind.scope(business_entity_id),
            kind: kind.key,
            channel,
            language: language_of(language),
        }
    }
}

/// `nl` or `en`: the language of a contact or a user's locale.
pub fn language_of(code: &str) -> &'static str {
    let code = code.get(..2).unwrap_or(code).to_ascii_lowercase();
    LANGUAGES
        .into_iter()
        .find(|l| *l == code)
        .unwrap_or(LANGUAGES[0])
}

/// A template's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Empty for SMS and WhatsApp.
    pub subject: String,
    pub body: String,
}

/// The built-in texts, by kind, channel and language.
fn defaults() -> &'static HashMap<(&'static str, Channel, &'static str), Text> {
    static DEFAULTS: OnceLock<HashMap<(&'static str, Channel, &'static str), Text>> =
        OnceLock::new();
    DEFAULTS.get_or_init(|| {
        let mut all = HashMap::new();
        for (lang, file) in [
            ("nl", include_str!("../templates/nl.txt")),
            ("en", include_str!("../templates/en.txt")),
        ] {
            for (kind, channel, text) in parse_defaults(file) {
                all.insert((kind, channel, lang), text);
            }
        }
        all
    })
}

/// The sections of a defaults file: `## kind channel`, then (for e-mail)
/// `Subject: …`, a blank line and the body.
fn parse_defaults(file: &str) -> Vec<(&'static str, Channel, Text)> {
    file.split("\n## ")
        .skip(1)
        .map(|section| {
            let (head, rest) = section.split_once('\n').unwrap_or((section, ""));
            let (kind, channel) = head.split_once(' ').expect("`## kind channel`");
            let kind = kinds::find(kind).unwrap_or_else(|| panic!("unknown kind {kind}"));
            let channel: Channel = channel.trim().parse().expect("a channel");
            let (subject, body) = match rest.strip_prefix("Subject: ") {
                Some(r) => {
                    let (s, b) = r.split_once('\n').unwrap_or((r, ""));
                    (s.trim().to_owned(), b)
                }
                None => (String::new(), rest),
            };
            (
                kind.key,
                channel,
                Text {
                    subject,
                    body: body.trim().to_owned(),
                },
            )
        })
        .collect()
}

/// The built-in text of a key.
pub fn default_text(kind: &str, channel: Channel, language: &str) -> Option<&'static Text> {
    defaults().get(&(kinds::find(kind)?.key, channel, language_of(language)))
}

/// The helpers a template may use (handlebars' own block helpers).
const HELPERS: [&str; 3] = ["if", "unless", "else"];

/// What is wrong with a template, in words for the admin page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Syntax(String),
    Unknown(String),
    Missing(&'static str),
    Helper(String),
    NeedsSubject,
    NoSubject,
    TooLong(usize),
}

impl Problem {
    pub fn message(&self) -> String {
        match self {
            Problem::Syntax(e) => format!("Ongeldige template: {e}"),
            Problem::Unknown(v) => format!("Onbekende variabele {{{{{v}}}}}"),
            Problem::Missing(v) => format!("Verplichte variabele {{{{{v}}}}} ontbreekt"),
            Problem::Helper(h) => format!("Onbekende helper {h} (alleen if, unless en else)"),
            Problem::NeedsSubject => "Een e-mail heeft een onderwerp nodig".to_owned(),
            Problem::NoSubject => "SMS en WhatsApp hebben geen onderwerp".to_owned(),
            Problem::TooLong(n) => format!(
                "Te lang voor een SMS: {n} tekens met voorbeeldwaarden (hooguit {})",
                kinds::SMS_MAX_CHARS
            ),
        }
    }
}

/// The variables a template uses, and the helpers besides `if`/`unless`.
fn variables(t: &Template, vars: &mut BTreeSet<String>, helpers: &mut BTreeSet<String>) {
    fn param(p: &Parameter, vars: &mut BTreeSet<String>, helpers: &mut BTreeSet<String>) {
        match p {
            Parameter::Path(Path::Relative((_, raw))) => {
                vars.insert(raw.clone());
            }
            Parameter::Path(Path::Local((_, name, _))) => {
                vars.insert(format!("@{name}"));
            }
            Parameter::Name(n) => {
                vars.insert(n.clone());
            }
            Parameter::Subexpression(_) => {
                helpers.insert("(…)".to_owned());
            }
            _ => {}
        }
    }
    for e in &t.elements {
        match e {
            TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h)
                if h.params.is_empty() && h.hash.is_empty() && !h.block =>
            {
                param(&h.name, vars, helpers)
            }
            TemplateElement::Expression(h)
            | TemplateElement::HtmlExpression(h)
            | TemplateElement::HelperBlock(h) => {
                match h.name.as_name() {
                    Some(n) if HELPERS.contains(&n) => {}
                    Some(n) => {
                        helpers.insert(n.to_owned());
                    }
                    None => {
                        helpers.insert("?".to_owned());
                    }
                }
                for p in h.params.iter().chain(h.hash.values()) {
                    param(p, vars, helpers);
                }
                for inner in [&h.template, &h.inverse].into_iter().flatten() {
                    variables(inner, vars, helpers);
                }
            }
            TemplateElement::DecoratorExpression(_)
            | TemplateElement::DecoratorBlock(_)
            | TemplateElement::PartialExpression(_)
            | TemplateElement::PartialBlock(_) => {
                helpers.insert("partial".to_owned());
            }
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            _ => {
                helpers.insert("?".to_owned());
            }
        }
    }
}

/// Checks a template of `kind` on `channel`: it parses, uses only the
/// kind's variables and all its required ones, an e-mail has a subject
/// (and SMS or WhatsApp none), and an SMS stays within three parts.
pub fn check(kind: &Kind, channel: Channel, text: &Text) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut vars = BTreeSet::new();
    let mut helpers = BTreeSet::new();
    for part in [&text.subject, &text.body] {
        match Template::compile(part) {
            Ok(t) => variables(&t, &mut vars, &mut helpers),
            Err(e) => problems.push(Problem::Syntax(e.reason().to_string())),
        }
    }
    let allowed = kind.allowed();
    problems.extend(
        vars.iter()
            .filter(|v| !allowed.contains(&v.as_str()))
            .map(|v| Problem::Unknown(v.clone())),
    );
    problems.extend(
        kind.required
            .iter()
            .filter(|r| !vars.contains(**r))
            .map(|r| Problem::Missing(r)),
    );
    problems.extend(helpers.into_iter().map(Problem::Helper));
    match (Kind::has_subject(channel), text.subject.trim().is_empty()) {
        (true, true) => problems.push(Problem::NeedsSubject),
        (false, false) => problems.push(Problem::NoSubject),
        _ => {}
    }
    if problems.is_empty() && channel == Channel::Sms {
        if let Ok(r) = render_text(kind, text, &sample_vars(kind)) {
            let n = r.text.chars().count();
            if n > kinds::SMS_MAX_CHARS {
                problems.push(Problem::TooLong(n));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Stand-in values for every variable of a kind (the SMS length check).
pub fn sample_vars(kind: &Kind) -> Map<String, Value> {
    kind.allowed()
        .into_iter()
        .map(|v| {
            let sample = match v {
                "portal_link" | "intake_link" | "link" | "survey_link" | "unsubscribe_link" => {
                    format!(
                        "{}/klant/orders/CC-2026-00001",
                        crate::runtime::public_url()
                    )
                }
                "date" => "07-12-2026".to_owned(),
                "time_from" => "10:00".to_owned(),
                "time_to" => "12:00".to_owned(),
                _ => "Voorbeeldtekst".to_owned(),
            };
            (v.to_owned(), Value::String(sample))
        })
        .collect()
}

/// A rendered message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    /// E-mail only: the same text in the entity's HTML layout.
    pub html: Option<String>,
}

/// Renders the text of a template with `vars` (no escaping: the text part,
/// SMS and WhatsApp). Variables the kind allows but `vars` lacks render
/// empty; a missing required one is an error, as is a variable the kind
/// does not know.
pub fn render_text(
    kind: &Kind,
    text: &Text,
    vars: &Map<String, Value>,
) -> Result<Rendered, ServiceError> {
    if let Some(missing) = kind.required.iter().find(|r| !vars.contains_key(**r)) {
        return Err(ServiceError::Internal(format!(
            "message {}: variable {missing} not given",
            kind.key
        )));
    }
    let mut data = vars.clone();
    for v in kind.allowed() {
        data.entry(v).or_insert(Value::String(String::new()));
    }
    let mut hb = Handlebars::new();
    hb.register_escape_fn(handlebars::no_escape);
    hb.set_strict_mode(true);
    let render = |s: &str| {
        hb.render_template(s, &data)
            .map_err(|e| ServiceError::Internal(format!("message {}: {e}", kind.key)))
    };
    Ok(Rendered {
        subject: render(&text.subject)?.trim().to_owned(),
        text: render(&text.body)?.trim().to_owned(),
        html: None,
    })
}

/// The template in use for `key`: the newest version of its scope, else of
/// the platform, else the built-in text.
pub async fn current(db: &impl ConnectionTrait, key: &Key) -> Result<Text, ServiceError> {
    let mut scopes = vec![key.scope];
    if key.scope != PLATFORM {
        scopes.push(PLATFORM);
    }
    for scope in scopes {
        if let Some(t) = newest(db, scope, key).await? {
            return Ok(Text {
                subject: t.subject,
                body: t.body,
            });
        }
    }
    default_text(key.kind, key.channel, key.language)
        .cloned()
        .ok_or_else(|| {
            ServiceError::Internal(format!("no template {} {}", key.kind, key.channel.as_str()))
        })
}

async fn newest(
    db: &impl ConnectionTrait,
    scope: i32,
    key: &Key,
) -> Result<Option<message_template::Model>, ServiceError> {
    use message_template::Column as C;
    Ok(message_template::Entity::find()
        .filter(C::Scope.eq(scope))
        .filter(C::Kind.eq(key.kind))
        .filter(C::Channel.eq(key.channel.as_str()))
        .filter(C::Language.eq(key.language))
        .order_by_desc(C::Version)
        .one(db)
        .await?)
}

/// Renders the template in use for `key`, with the brand's HTML for e-mail.
pub async fn render(
    db: &impl ConnectionTrait,
    key: &Key,
    vars: &Map<String, Value>,
    brand: &Brand,
) -> Result<Rendered, ServiceError> {
    let kind = kinds::find(key.kind).ok_or(ServiceError::NotFound)?;
    let text = current(db, key).await?;
    let mut r = render_text(kind, &text, vars)?;
    if key.channel == Channel::Email {
        r.html = Some(layout(brand, &r.subject, &r.text, key.language));
    }
    Ok(r)
}

/// Stores the built-in texts as version 1 wherever a scope has no version
/// yet: per business entity for customer and partner kinds, under the
/// platform for the rest. Returns how many it stored. Safe to run at every
/// start (and concurrently: a duplicate loses on the unique index).
pub async fn ensure_defaults(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use message_template::Column as C;
    let entities: Vec<i32> = entity::business_entity::Entity::find()
        .select_only()
        .column(entity::business_entity::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let present: HashSet<(i32, String, String, String)> = message_template::Entity::find()
        .select_only()
        .columns([C::Scope, C::Kind, C::Channel, C::Language])
        .distinct()
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut rows = Vec::new();
    for kind in kinds::KINDS {
        let scopes = if kind.audience.per_entity() {
            entities.clone()
        } else {
            vec![PLATFORM]
        };
        for scope in scopes {
            for &channel in kind.channels {
                for lang in LANGUAGES {
                    let id = (
                        scope,
                        kind.key.to_owned(),
                        channel.as_str().to_owned(),
                        lang.to_owned(),
                    );
                    if present.contains(&id) {
                        continue;
                    }
                    let Some(t) = default_text(kind.key, channel, lang) else {
                        continue;
                    };
                    rows.push(message_template::ActiveModel {
                        scope: Set(scope),
                        kind: Set(kind.key.to_owned()),
                        channel: Set(channel.as_str().to_owned()),
                        language: Set(lang.to_owned()),
                        version: Set(1),
                        subject: Set(t.subject.clone()),
                        body: Set(t.body.clone()),
                        created_at: Set(now),
                        created_by: Set(None),
                        ..Default::default()
                    });
                }
            }
        }
    }
    let stored = rows.len();
    for chunk in rows.chunks(100) {
        message_template::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                sea_orm::sea_query::OnConflict::columns([
                    C::Scope,
                    C::Kind,
                    C::Channel,
                    C::Language,
                    C::Version,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(stored)
}

/// Saves a new version of a template after `check`; `base_version` is the
/// version the editor started from, so that of two admins saving the same
/// template the second is told it is stale (the unique version decides).
pub async fn save(
    db: &impl ConnectionTrait,
    key: &Key,
    base_version: i32,
    text: &Text,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<message_template::Model, ServiceError> {
    let kind = kinds::find(key.kind).ok_or(ServiceError::NotFound)?;
    if !kind.channels.contains(&key.channel) {
        return Err(ServiceError::NotFound);
    }
    let text = Text {
        subject: text.subject.trim().to_owned(),
        body: text.body.trim().to_owned(),
    };
    check(kind, key.channel, &text)
        .map_err(|ps| ServiceError::Problems(ps.iter().map(Problem::message).collect()))?;
    let newest = newest(db, key.scope, key).await?.map_or(0, |t| t.version);
    if newest != base_version {
        return Err(ServiceError::Stale);
    }
    let row = message_template::ActiveModel {
        scope: Set(key.scope),
        kind: Set(key.kind.to_owned()),
        channel: Set(key.channel.as_str().to_owned()),
        language: Set(key.language.to_owned()),
        version: Set(base_version + 1),
        subject: Set(text.subject.clone()),
        body: Set(text.body.clone()),
        created_at: Set(now),
        created_by: Set(actor),
        ..Default::default()
    };
    let saved = match message_template::Entity::insert(row)
        .exec_with_returning(db)
        .await
    {
        Ok(m) => m,
        Err(e) if crate::db::is_unique_violation(&e) => return Err(ServiceError::Stale),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(
        db,
        actor,
        "message_templates",
        saved.id,
        "saved",
        serde_json::json!({
            "scope": key.scope,
            "kind": key.kind,
            "channel": key.channel.as_str(),
            "language": key.language,
            "version": saved.version,
        }),
        now,
    )
    .await?;
    Ok(saved)
}

/// Every version of a template, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    key: &Key,
) -> Result<Vec<message_template::Model>, ServiceError> {
    use message_template::Column as C;
    Ok(message_template::Entity::find()
        .filter(C::Scope.eq(key.scope))
        .filter(C::Kind.eq(key.kind))
        .filter(C::Channel.eq(key.channel.as_str()))
        .filter(C::Language.eq(key.language))
        .order_by_desc(C::Version)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests;
