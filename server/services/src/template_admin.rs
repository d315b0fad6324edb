//! The admin page "Sjablonen": the list of templates per scope and
//! language, the editor with its versions, a live preview of a draft
//! rendered with a real order, a test message to the admin's own address,
//! and saving a new version. Admins only.

use crate::authz::{authorize, Action};
use crate::messages;
use crate::templates::{self, Key, Text};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::{Channel, Class};
use entity::domain::templates::{self as kinds, Audience, Kind, LANGUAGES, PLATFORM};
use entity::domain::Portal;
use entity::dto::{
    CurrentUser, TemplateEditorDto, TemplateKeyDto, TemplatePreviewDto, TemplateRowDto,
    TemplateVersionDto, TemplatesDto,
};
use entity::{business_entity, message_template, order, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

fn admin(user: Option<&CurrentUser>) -> Result<&CurrentUser, ServiceError> {
    authorize(user, Action::OpenPortal(Portal::Admin))?;
    user.ok_or(ServiceError::Unauthenticated)
}

/// The key a DTO names, if it names a template that can exist: a known kind
/// on one of its channels, in a known language, in a scope of its audience.
async fn key_of(db: &impl ConnectionTrait, k: &TemplateKeyDto) -> Result<Key, ServiceError> {
    let kind = kinds::find(&k.kind).ok_or(ServiceError::NotFound)?;
    let channel: Channel = k.channel.parse().map_err(|_| ServiceError::NotFound)?;
    let language = LANGUAGES
        .into_iter()
        .find(|l| *l == k.language)
        .ok_or(ServiceError::NotFound)?;
    if !kind.channels.contains(&channel) {
        return Err(ServiceError::NotFound);
    }
    let scope_ok = if kind.audience.per_entity() {
        k.scope != PLATFORM
            && business_entity::Entity::find_by_id(k.scope)
                .one(db)
                .await?
                .is_some()
    } else {
        k.scope == PLATFORM
    };
    if !scope_ok {
        return Err(ServiceError::NotFound);
    }
    Ok(Key {
        scope: k.scope,
        kind: kind.key,
        channel,
        language,
    })
}

fn dto_key(key: &Key) -> TemplateKeyDto {
    TemplateKeyDto {
        scope: key.scope,
        kind: key.kind.to_owned(),
        channel: key.channel.as_str().to_owned(),
        language: key.language.to_owned(),
    }
}

/// The templates of `scope` (an entity: its customer and partner messages;
/// the platform: staff, technician and account messages; none: the first
/// entity) in `language`.
pub async fn list(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    scope: Option<i32>,
    language: &str,
) -> Result<TemplatesDto, ServiceError> {
    admin(user)?;
    let mut scopes = vec![(PLATFORM, "Platform".to_owned())];
    scopes.extend(
        business_entity::Entity::find()
            .order_by_asc(business_entity::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e.brand)),
    );
    let scope = scope.unwrap_or_else(|| scopes.get(1).map_or(PLATFORM, |s| s.0));
    if !scopes.iter().any(|(s, _)| *s == scope) {
        return Err(ServiceError::NotFound);
    }
    let language = templates::language_of(language);
    let mut newest: HashMap<(String, String), message_template::Model> = HashMap::new();
    for t in message_template::Entity::find()
        .filter(message_template::Column::Scope.eq(scope))
        .filter(message_template::Column::Language.eq(language))
        .all(db)
        .await?
    {
        let k = (t.kind.clone(), t.channel.clone());
        if newest.get(&k).is_none_or(|n| n.version < t.version) {
            newest.insert(k, t);
        }
    }
    let rows = kinds::KINDS
        .iter()
        .filter(|k| k.audience.per_entity() == (scope != PLATFORM))
        .flat_map(|kind| kind.channels.iter().map(move |c| (kind, *c)))
        .map(|(kind, channel)| {
            let stored = newest.get(&(kind.key.to_owned(), channel.as_str().to_owned()));
            TemplateRowDto {
                key: TemplateKeyDto {
                    scope,
                    kind: kind.key.to_owned(),
                    channel: channel.as_str().to_owned(),
                    language: language.to_owned(),
                },
                version: stored.map_or(0, |t| t.version),
                edited: stored.is_some_and(|t| t.version > 1),
                updated_at: stored.map(|t| entity::domain::time::format_local(t.created_at)),
            }
        })
        .collect();
    Ok(TemplatesDto {
        scope,
        scopes,
        rows,
    })
}

/// A template for the editor: the text in use and its saved versions.
pub async fn open(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    key: &TemplateKeyDto,
) -> Result<TemplateEditorDto, ServiceError> {
    admin(user)?;
    let key = key_of(db, key).await?;
    let history = templates::history(db, &key).await?;
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(history.iter().filter_map(|t| t.created_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let text = templates::current(db, &key).await?;
    Ok(TemplateEditorDto {
        key: dto_key(&key),
        version: history.first().map_or(0, |t| t.version),
        subject: text.subject,
        body: text.body,
        history: history
            .into_iter()
            .map(|t| TemplateVersionDto {
                version: t.version,
                created_at: entity::domain::time::format_local(t.created_at),
                created_by: t.created_by.and_then(|id| names.get(&id).cloned()),
                subject: t.subject,
                body: t.body,
            })
            .collect(),
    })
}

/// Saves a draft as the next version (checked; stale if another admin
/// saved first). Returns the new version.
pub async fn save(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    key: &TemplateKeyDto,
    base_version: i32,
    subject: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    let who = admin(user)?;
    let key = key_of(db, key).await?;
    let text = Text {
        subject: subject.to_owned(),
        body: body.to_owned(),
    };
    Ok(
        templates::save(db, &key, base_version, &text, Some(who.user_id), now)
            .await?
            .version,
    )
}

/// The order a preview of `kind` in `scope` takes its data from: the
/// newest of the entity (or of any entity for platform messages).
async fn sample_order(
    db: &impl ConnectionTrait,
    kind: &Kind,
    scope: i32,
) -> Result<Option<order::Model>, ServiceError> {
    if !kind.allowed().contains(&"order_number") {
        return Ok(None);
    }
    let mut q = order::Entity::find().order_by_desc(order::Column::Id);
    if scope != PLATFORM {
        q = q.filter(order::Column::BusinessEntityId.eq(scope));
    }
    if kind.audience == Audience::Partner {
        q = q.filter(order::Column::PartnerId.is_not_null());
    }
    Ok(q.one(db).await?)
}

/// Renders a draft (checked first) with a real order's data where the kind
/// is about an order, and sample values for the rest.
async fn render_draft(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    key: &Key,
    text: &Text,
) -> Result<TemplatePreviewDto, ServiceError> {
    let kind = kinds::find(key.kind).ok_or(ServiceError::NotFound)?;
    let problems: Vec<String> = match templates::check(kind, key.channel, text) {
        Ok(()) => Vec::new(),
        Err(ps) => ps.iter().map(templates::Problem::message).collect(),
    };
    let entity_id = (key.scope != PLATFORM).then_some(key.scope);
    let (brand, mut vars) = messages::sender(db, entity_id).await?;
    vars.insert("recipient_name".into(), who.display_name.clone().into());
    let order = sample_order(db, kind, key.scope).await?;
    if let Some(o) = &order {
        let portal = match kind.audience {
            Audience::Partner => Portal::Partner,
            Audience::Customer => Portal::Customer,
            _ => Portal::Operations,
        };
        vars.extend(messages::order_vars(db, o, portal).await?);
        if let Some((_, name)) = messages::partner_of(db, o).await? {
            vars.insert("partner_name".into(), name.into());
        }
    }
    for (k, v) in templates::sample_vars(kind) {
        vars.entry(k).or_insert(v);
    }
    if !problems.is_empty() {
        return Ok(TemplatePreviewDto {
            problems,
            order_number: order.map(|o| o.order_number),
            subject: String::new(),
            text: String::new(),
            html: None,
        });
    }
    let mut r = templates::render_text(kind, text, &vars)?;
    if key.channel == Channel::Email {
        r.html = Some(templates::layout(&brand, &r.subject, &r.text, key.language));
    }
    Ok(TemplatePreviewDto {
        problems,
        order_number: order.map(|o| o.order_number),
        subject: r.subject,
        text: r.text,
        html: r.html,
    })
}

/// A live preview of a draft.
pub async fn preview(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    key: &TemplateKeyDto,
    subject: &str,
    body: &str,
) -> Result<TemplatePreviewDto, ServiceError> {
    let who = admin(user)?;
    let key = key_of(db, key).await?;
    let text = Text {
        subject: subject.to_owned(),
        body: body.to_owned(),
    };
    render_draft(db, who, &key, &text).await
}

/// Sends a draft, rendered as in the preview, to the admin's own e-mail
/// address (an SMS or WhatsApp draft goes as an e-mail too, marked as
/// such). Its subject says it is a test, with the time, so that a second
/// test is not held back as a duplicate.
pub async fn send_test(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    key: &TemplateKeyDto,
    subject: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<TemplatePreviewDto, ServiceError> {
    let who = admin(user)?;
    let key = key_of(db, key).await?;
    let text = Text {
        subject: subject.to_owned(),
        body: body.to_owned(),
    };
    let r = render_draft(db, who, &key, &text).await?;
    if !r.problems.is_empty() {
        return Err(ServiceError::Problems(r.problems));
    }
    let stamp = entity::domain::time::format_local(now);
    let subject = match key.channel {
        Channel::Email => format!("[Test {stamp}] {}", r.subject),
        other => format!("[Test {stamp}] {} ({})", key.kind, other.as_str()),
    };
    crate::outbox::queue(
        db,
        &crate::outbox::Outgoing {
            channel: Channel::Email,
            class: Class::Urgent,
            to: &who.email,
            subject: &subject,
            body: &r.text,
            html: r.html.as_deref(),
            template: "template_test",
            business_entity_id: (key.scope != PLATFORM).then_some(key.scope),
            order_id: None,
            unsubscribe_token: None,
            language: key.language,
            due: now,
        },
        now,
    )
    .await?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;
    use entity::outbox_message;

    #[tokio::test]
    async fn an_admin_edits_previews_tests_and_saves_a_template() {
        let tdb = testing::sqlite().await;
        let db = &tdb.db;
        let now = chrono::Utc::now();
        seed_with(db, testing::TODAY, Volumes::small())
            .await
            .unwrap();
        crate::templates::ensure_defaults(db, now).await.unwrap();
        let admin = testing::caller(Role::Admin);
        let planner = testing::caller(Role::Planner);
        let lt = business_entity::Entity::find()
            .filter(business_entity::Column::Code.eq("laderthuis"))
            .one(db)
            .await
            .unwrap()
            .unwrap();

        // The list of an entity holds its customer and partner messages.
        let listed = list(db, Some(&admin), Some(lt.id), "nl").await.unwrap();
        assert_eq!(listed.scopes[0], (PLATFORM, "Platform".to_owned()));
        assert!(listed.rows.iter().all(|r| r.version == 1 && !r.edited));
        assert!(listed
            .rows
            .iter()
            .any(|r| r.key.kind == "quote_ready" && r.key.channel == "sms"));
        assert!(!listed.rows.iter().any(|r| r.key.kind == "password_reset"));
        let platform = list(db, Some(&admin), Some(PLATFORM), "nl").await.unwrap();
        // Without a choice the page opens on the first entity.
        let first = list(db, Some(&admin), None, "en").await.unwrap();
        assert_eq!(first.scope, first.scopes[1].0);
        assert_eq!(first.rows[0].key.language, "en");
        assert!(platform.rows.iter().any(|r| r.key.kind == "password_reset"));
        // Nobody else reads them; a key that cannot exist is not there.
        assert!(matches!(
            list(db, Some(&planner), Some(lt.id), "nl").await,
            Err(ServiceError::Forbidden)
        ));
        let key = TemplateKeyDto {
            scope: lt.id,
            kind: "quote_ready".into(),
            channel: "email".into(),
            language: "nl".into(),
        };
        for wrong in [
            TemplateKeyDto {
                scope: PLATFORM,
                ..key.clone()
            },
            TemplateKeyDto {
                channel: "whatsapp".into(),
                ..key.clone()
            },
            TemplateKeyDto {
                kind: "nope".into(),
                ..key.clone()
            },
            TemplateKeyDto {
                language: "de".into(),
                ..key.clone()
            },
        ] {
            assert!(
                matches!(
                    open(db, Some(&admin), &wrong).await,
                    Err(ServiceError::NotFound)
                ),
                "{wrong:?}"
            );
        }

        let opened = open(db, Some(&admin), &key).await.unwrap();
        assert_eq!(opened.version, 1);
        // The preview names an unknown variable and renders nothing.
        let bad = preview(
            db,
            Some(&admin),
            &key,
            "Offerte",
            "Hoi {{klant}} {{order_number}} {{portal_link}}",
        )
        .await
        .unwrap();
        assert_eq!(bad.problems, ["Onbekende variabele {{klant}}"]);
        // A valid draft is rendered with the entity's newest order.
        let draft_subject = "Uw LaderThuis-offerte {{order_number}}";
        let draft_body = "Hoi {{customer_name}}, kijk op {{portal_link}}";
        let good = preview(db, Some(&admin), &key, draft_subject, draft_body)
            .await
            .unwrap();
        let number = good.order_number.clone().expect("a real order");
        assert!(number.starts_with(&lt.order_prefix), "{number}");
        assert_eq!(good.subject, format!("Uw LaderThuis-offerte {number}"));
        assert!(
            good.text.contains(&format!("/klant/orders/{number}")),
            "{}",
            good.text
        );
        assert!(good.html.as_deref().unwrap().contains(&lt.brand_color));

        // A test goes to the admin's own address, marked as a test.
        send_test(db, Some(&admin), &key, draft_subject, draft_body, now)
            .await
            .unwrap();
        let test = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("template_test"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(test.recipient, admin.email);
        assert!(
            test.subject.starts_with("[Test ") && test.subject.ends_with(&good.subject),
            "{}",
            test.subject
        );
        assert_eq!(test.state, "pending");

        // Saving adds version 2, by this admin; saving from version 1 again is stale.
        assert_eq!(
            save(db, Some(&admin), &key, 1, draft_subject, draft_body, now)
                .await
                .unwrap(),
            2
        );
        assert!(matches!(
            save(db, Some(&admin), &key, 1, draft_subject, draft_body, now).await,
            Err(ServiceError::Stale)
        ));
        let reopened = open(db, Some(&admin), &key).await.unwrap();
        assert_eq!(
            (reopened.version, reopened.subject.as_str()),
            (2, draft_subject)
        );
        assert_eq!(reopened.history.len(), 2);
        assert_eq!(
            reopened.history[0].created_by.as_deref(),
            Some(admin.display_name.as_str())
        );
        let listed = list(db, Some(&admin), Some(lt.id), "nl").await.unwrap();
        let row = listed.rows.iter().find(|r| r.key == key).unwrap();
        assert!(row.edited && row.version == 2);
        tdb.cleanup().await;
    }
}
