//! Sending a message: the one way a service tells anyone anything. A caller
//! names the kind (`entity::domain::templates::KINDS`), the recipient, the
//! business entity and order it is about, and the kind's variables; this
//! module adds the common ones, renders the template in use in the
//! recipient's language for each channel the kind is written for and the
//! recipient can be reached on, and queues the result in the outbox, in the
//! caller's transaction. No service writes message text itself.

use crate::templates::{self, Brand, Key};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::messaging::Channel;
use entity::domain::templates as kinds;
use entity::{business_entity, contact, order, user};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde_json::{Map, Value};

/// Who a message goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `nl` or `en`.
    pub language: String,
}

impl Recipient {
    pub fn contact(c: &contact::Model) -> Recipient {
        Recipient {
            name: c.display_name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            language: c.language.clone(),
        }
    }

    pub fn user(u: &user::Model) -> Recipient {
        Recipient {
            name: u.display_name.clone(),
            email: Some(u.email.clone()),
            phone: None,
            language: u.locale.clone(),
        }
    }

    /// Someone known only by an address (an ops mailbox), written to in Dutch.
    pub fn address(email: &str) -> Recipient {
        Recipient {
            name: String::new(),
            email: Some(email.to_owned()),
            phone: None,
            language: "nl".to_owned(),
        }
    }

    /// Where `channel` reaches them: their e-mail address, or their mobile
    /// number in E.164 for SMS and WhatsApp (a landline reaches neither).
    fn address_on(&self, channel: Channel) -> Option<String> {
        match channel {
            Channel::Email => self
                .email
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned),
            Channel::Sms | Channel::WhatsApp => self
                .phone
                .as_deref()
                .and_then(entity::domain::messaging::mobile_number),
        }
    }
}

/// Variables for a message: `vars!{"order_number" => o.order_number, …}`.
pub type Vars = Map<String, Value>;

/// Builds `Vars` from pairs of a name and anything that converts to JSON.
#[macro_export]
macro_rules! vars {
    ($($k:expr => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = $crate::messages::Vars::new();
        $( m.insert(($k).to_string(), serde_json::json!($v)); )*
        m
    }};
}

/// One message to send.
pub struct Message<'a> {
    pub kind: &'static str,
    pub to: &'a Recipient,
    /// The entity it is sent for (its templates, brand and mailboxes).
    pub business_entity_id: Option<i32>,
    /// The order it is about: its thread.
    pub order_id: Option<i32>,
    pub vars: Vars,
    /// When it should go out (now, or later for a reminder or follow-up).
    pub due: DateTime<Utc>,
    /// Only this one of the kind's channels (an answer in a thread).
    pub only: Option<Channel>,
}

/// The sender's brand and common variables: the entity's, else the
/// platform's (the first entity's look, the platform's name).
pub(crate) async fn sender(
    db: &impl ConnectionTrait,
    business_entity_id: Option<i32>,
) -> Result<(Brand, Vars), ServiceError> {
    let entity = match business_entity_id {
        Some(id) => business_entity::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let look = match &entity {
        Some(e) => Some(e.clone()),
        None => {
            business_entity::Entity::find()
                .order_by_asc(business_entity::Column::Id)
                .one(db)
                .await?
        }
    };
    let logo_url = match &entity {
        Some(e) => crate::brands::logo_url(db, e.id, &e.code)
            .await?
            .map(|path| format!("{}{path}", crate::runtime::public_url())),
        None => None,
    };
    let name = entity
        .as_ref()
        .map_or_else(|| "ChargeCars".to_owned(), |e| e.brand.clone());
    let brand = Brand {
        name: name.clone(),
        color: look
            .as_ref()
            .map(|e| e.brand_color.clone())
            .unwrap_or_default(),
        logo_url,
        support_email: look
            .as_ref()
            .map(|e| e.support_email.clone())
            .unwrap_or_default(),
        support_phone: look
            .as_ref()
            .and_then(|e| e.phone.clone().or_else(|| e.whatsapp_number.clone())),
        unsubscribe_url: None,
    };
    let common = vars! {
        "business_entity_name" => entity.as_ref().map_or_else(|| name.clone(), |e| e.name.clone()),
        "sender_name" => name,
        "support_email" => brand.support_email,
        "support_phone" => brand.support_phone.clone().unwrap_or_default(),
    };
    Ok((brand, common))
}

/// Renders and queues `m` on each of its kind's channels that the recipient
/// has an address for. Returns how many messages it queued.
pub async fn send(
    db: &impl ConnectionTrait,
    m: Message<'_>,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let kind = kinds::find(m.kind)
        .ok_or_else(|| ServiceError::Internal(format!("unknown message kind {}", m.kind)))?;
    let (brand, mut vars) = sender(db, m.business_entity_id).await?;
    vars.insert("recipient_name".into(), Value::String(m.to.name.clone()));
    vars.extend(m.vars);
    let mut queued = 0;
    for &channel in kind
        .channels
        .iter()
        .filter(|c| m.only.is_none_or(|o| o == **c))
    {
        let Some(address) = m.to.address_on(channel) else {
            continue;
        };
        let key = Key::new(kind, channel, &m.to.language, m.business_entity_id);
        // Every e-mail carries its own one-click unsubscribe link.
        let token = (channel == Channel::Email).then(crate::consent::new_token);
        let mut vars = vars.clone();
        let mut brand = brand.clone();
        if let Some(t) = &token {
            let link = crate::consent::link(t);
            vars.insert("unsubscribe_link".into(), Value::String(link.clone()));
            brand.unsubscribe_url = Some(link);
        }
        let r = templates::render(db, &key, &vars, &brand).await?;
        crate::outbox::queue(
            db,
            &crate::outbox::Outgoing {
                channel,
                class: kind.class,
                to: &address,
                subject: &r.subject,
                body: &r.text,
                html: r.html.as_deref(),
                template: kind.key,
                business_entity_id: m.business_entity_id,
                order_id: m.order_id,
                unsubscribe_token: token.as_deref(),
                language: key.language,
                due: m.due,
            },
            now,
        )
        .await?;
        queued += 1;
    }
    Ok(queued)
}

/// The variables of 001's "Order Details" for a message about `o` to
/// someone who follows it in `portal`.
pub async fn order_vars(
    db: &impl ConnectionTrait,
    o: &order::Model,
    portal: entity::domain::Portal,
) -> Result<Vars, ServiceError> {
    let customer = contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?;
    // The standard workflow's labels: messages are written for customers,
    // who know the standard steps (an entity's own labels are for staff).
    let workflow = entity::domain::workflow::Workflow::default_order_workflow();
    Ok(vars! {
        "customer_name" => customer.map(|c| c.display_name).unwrap_or_default(),
        "order_number" => o.order_number,
        "order_status_friendly" => workflow.label(&o.status),
        "address" => format!("{} {}, {}", o.street, o.house_number, o.city),
        "portal_link" => format!(
            "{}{}",
            crate::runtime::public_url(),
            entity::paths::order(portal, &o.order_number)
        ),
    })
}

/// The customer of `o`, if they can be reached.
pub async fn customer_of(
    db: &impl ConnectionTrait,
    o: &order::Model,
) -> Result<Option<Recipient>, ServiceError> {
    Ok(contact::Entity::find_by_id(o.end_customer_contact_id)
        .one(db)
        .await?
        .map(|c| Recipient::contact(&c)))
}

/// The partner of `o` (its main contact) and the partner's name.
pub async fn partner_of(
    db: &impl ConnectionTrait,
    o: &order::Model,
) -> Result<Option<(Recipient, String)>, ServiceError> {
    let Some(pid) = o.partner_id else {
        return Ok(None);
    };
    Ok(entity::partner::Entity::find_by_id(pid)
        .find_also_related(contact::Entity)
        .one(db)
        .await?
        .and_then(|(_, c)| c)
        .map(|c| (Recipient::contact(&c), c.display_name)))
}

/// The addresses of the active ops managers: who hears of escalations.
pub async fn ops_managers(db: &impl ConnectionTrait) -> Result<Vec<String>, ServiceError> {
    use entity::domain::Role;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Role.eq(Role::OpsManager.as_str()))
        .filter(user::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?)
}

/// Sends `kind` about `o` to its customer, with `extra` variables.
pub async fn to_customer(
    db: &impl ConnectionTrait,
    o: &order::Model,
    kind: &'static str,
    extra: Vars,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let Some(to) = customer_of(db, o).await? else {
        return Ok(0);
    };
    let mut vars = order_vars(db, o, entity::domain::Portal::Customer).await?;
    vars.extend(extra);
    send(
        db,
        Message {
            kind,
            to: &to,
            business_entity_id: Some(o.business_entity_id),
            order_id: Some(o.id),
            vars,
            due,
            only: None,
        },
        now,
    )
    .await
}

/// Sends `kind` about `o` to its partner (if any), with `extra` variables.
pub async fn to_partner(
    db: &impl ConnectionTrait,
    o: &order::Model,
    kind: &'static str,
    extra: Vars,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    to_partner_at(db, o, kind, extra, now, now).await
}

/// [`to_partner`], due at `due` (a reminder for later).
pub async fn to_partner_at(
    db: &impl ConnectionTrait,
    o: &order::Model,
    kind: &'static str,
    extra: Vars,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let Some((to, partner_name)) = partner_of(db, o).await? else {
        return Ok(0);
    };
    let mut vars = order_vars(db, o, entity::domain::Portal::Partner).await?;
    vars.insert("partner_name".into(), Value::String(partner_name));
    vars.extend(extra);
    send(
        db,
        Message {
            kind,
            to: &to,
            business_entity_id: Some(o.business_entity_id),
            order_id: Some(o.id),
            vars,
            due,
            only: None,
        },
        now,
    )
    .await
}

/// Sends a platform message (`kind`) to each of `emails` now.
pub async fn to_staff(
    db: &impl ConnectionTrait,
    emails: &[String],
    kind: &'static str,
    vars: Vars,
    order_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let mut queued = 0;
    for email in emails {
        queued += send(
            db,
            Message {
                kind,
                to: &Recipient::address(email),
                business_entity_id: None,
                order_id,
                vars: vars.clone(),
                due: now,
                only: None,
            },
            now,
        )
        .await?;
    }
    Ok(queued)
}

/// Sends an account message (`kind`) to a user now.
pub async fn to_user(
    db: &impl ConnectionTrait,
    u: &user::Model,
    kind: &'static str,
    vars: Vars,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    send(
        db,
        Message {
            kind,
            to: &Recipient::user(u),
            business_entity_id: None,
            order_id: None,
            vars,
            due: now,
            only: None,
        },
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::Role;
    use entity::outbox_message;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, QueryFilter};

    async fn sent(db: &impl ConnectionTrait, kind: &str) -> Vec<outbox_message::Model> {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq(kind))
            .filter(outbox_message::Column::Channel.eq("email"))
            .order_by_asc(outbox_message::Column::Id)
            .all(db)
            .await
            .unwrap()
    }

    /// A new lead is confirmed to its customer from the entity's mailboxes,
    /// in its brand and with the portal link, and announced to its partner;
    /// an admin's edit of an entity's template is what that entity sends,
    /// and a contact who reads English gets English.
    #[tokio::test]
    async fn a_new_lead_is_confirmed_in_the_entitys_template_and_brand() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            let now = chrono::Utc::now();
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let lt = business_entity::Entity::find()
                .filter(business_entity::Column::Code.eq("laderthuis"))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let partner = entity::partner::Entity::find()
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let mut lead = crate::business_entities::tests::lead("laderthuis");
            lead.partner_id = Some(partner.id);
            let planner = testing::caller(Role::Planner);
            let number = crate::leads::create(db, None, Some(&planner), &lead, now)
                .await
                .unwrap();

            let confirmed = sent(db, "order_confirmation").await;
            assert_eq!(confirmed.len(), 1);
            let m = &confirmed[0];
            assert_eq!(m.recipient, "fleur.dewit@example.nl");
            assert_eq!(m.business_entity_id, Some(lt.id));
            assert!(m.order_id.is_some());
            assert_eq!(m.subject, format!("Bevestiging van uw order {number}"));
            assert!(m.body.starts_with("Beste Fleur de Wit,"), "{}", m.body);
            assert!(
                m.body.contains(&format!("/klant/orders/{number}")),
                "{}",
                m.body
            );
            assert!(m.body.ends_with("LaderThuis"), "{}", m.body);
            let html = m.html_body.as_deref().unwrap();
            assert!(html.contains(&lt.brand_color), "{html}");
            assert!(html.contains(&lt.support_email));
            let to_partner = sent(db, "partner_order_received").await;
            assert_eq!(to_partner.len(), 1);
            assert!(to_partner[0]
                .body
                .contains(&format!("/partner/orders/{number}")));

            // The entity's own edit is what it sends from now on.
            let kind = kinds::find("quote_ready").unwrap();
            let key = Key::new(kind, Channel::Email, "nl", Some(lt.id));
            templates::save(
                db,
                &key,
                0,
                &templates::Text {
                    subject: "LaderThuis-offerte {{order_number}}".into(),
                    body: "Hoi {{customer_name}}! {{portal_link}}".into(),
                },
                None,
                now,
            )
            .await
            .unwrap();
            let o = order::Entity::find()
                .filter(order::Column::OrderNumber.eq(&number))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            // E-mail and SMS (the lead's 06 number, in E.164).
            assert_eq!(
                to_customer(db, &o, "quote_ready", Vars::new(), now, now)
                    .await
                    .unwrap(),
                2
            );
            let sms = outbox_message::Entity::find()
                .filter(outbox_message::Column::Channel.eq("sms"))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(sms.recipient, "+31612345678");
            assert!(
                sms.body.starts_with("LaderThuis.nl: uw offerte voor order"),
                "{}",
                sms.body
            );
            assert_eq!(
                sent(db, "quote_ready").await[0].subject,
                format!("LaderThuis-offerte {number}")
            );

            // An English-speaking customer of another entity: the built-in English.
            let cc_order = order::Entity::find()
                .filter(order::Column::BusinessEntityId.ne(lt.id))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let c = contact::Entity::find_by_id(cc_order.end_customer_contact_id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            contact::ActiveModel {
                language: Set("en".into()),
                ..c.into()
            }
            .update(db)
            .await
            .unwrap();
            to_customer(db, &cc_order, "quote_ready", Vars::new(), now, now)
                .await
                .unwrap();
            let english = sent(db, "quote_ready").await;
            assert_eq!(
                english[1].subject,
                format!("Your quote for order {} is ready", cc_order.order_number)
            );
            tdb.cleanup().await;
        }
    }
}
