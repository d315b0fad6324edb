//! The order detail page's data (002 "Order Details Manager"): the card,
//! the contact hierarchy, lines, quote versions, visits, invoices, the status
//! timeline and the audit log. Ops staff only; it shows internal notes.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use entity::domain::time::format_local;
use entity::domain::Portal;
use entity::dto::{
    AuditDto, ContactDto, CurrentUser, InvoiceDto, LineDto, OrderDetailDto, QuoteDto,
    TransitionDto, VisitDto,
};
use entity::{
    audit_log, contact, day_team, invoice, order, order_line, partner, quote, quote_line,
    status_transition, user, visit,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

use entity::domain::time::clock as hhmm;

fn contact_dto(role: &str, c: &contact::Model, parents: &HashMap<i32, String>) -> ContactDto {
    ContactDto {
        role: role.to_owned(),
        name: c.display_name.clone(),
        kind: c.kind.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        parent: c.parent_id.and_then(|p| parents.get(&p).cloned()),
    }
}

/// Every quote version of an order, newest first, with all their lines.
pub(crate) async fn quote_dtos(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Vec<QuoteDto>, ServiceError> {
    let quote_rows = quote::Entity::find()
        .filter(quote::Column::OrderId.eq(order_id))
        .order_by_desc(quote::Column::VersionNo)
        .all(db)
        .await?;
    let qids: Vec<i32> = quote_rows.iter().map(|q| q.id).collect();
    let mut qlines: HashMap<i32, Vec<LineDto>> = HashMap::new();
    for l in quote_line::Entity::find()
        .filter(quote_line::Column::QuoteId.is_in(qids))
        .order_by_asc(quote_line::Column::Id)
        .all(db)
        .await?
    {
        qlines.entry(l.quote_id).or_default().push(LineDto {
            product_id: l.product_id,
            description: l.description,
            quantity: l.quantity,
            unit_price_cents: l.unit_price_cents,
            payer: l.payer,
        });
    }
    Ok(quote_rows
        .into_iter()
        .map(|q| QuoteDto {
            id: q.id,
            version_no: q.version_no,
            status: q.status,
            customer_total_cents: q.customer_total_cents,
            partner_total_cents: q.partner_total_cents,
            created_at: format_local(q.created_at),
            sent_at: q.sent_at.map(format_local),
            customer_approved_at: q.customer_approved_at.map(format_local),
            partner_approved_at: q.partner_approved_at.map(format_local),
            lines: qlines.remove(&q.id).unwrap_or_default(),
        })
        .collect())
}

/// The visits of an order, by date, with their team's name.
pub(crate) async fn visit_dtos(
    db: &impl ConnectionTrait,
    order_id: i32,
) -> Result<Vec<VisitDto>, ServiceError> {
    let visit_rows = visit::Entity::find()
        .filter(visit::Column::OrderId.eq(order_id))
        .order_by_asc(visit::Column::Date)
        .all(db)
        .await?;
    let team_ids: Vec<i32> = visit_rows.iter().filter_map(|v| v.day_team_id).collect();
    let teams: HashMap<i32, String> = day_team::Entity::find()
        .filter(day_team::Column::Id.is_in(team_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    Ok(visit_rows
        .into_iter()
        .map(|v| VisitDto {
            kind: v.kind,
            date: v.date.map(|d| d.format("%Y-%m-%d").to_string()),
            window: format!("{}–{}", hhmm(v.window_start_min), hhmm(v.window_end_min)),
            duration_minutes: v.duration_minutes,
            team: v.day_team_id.and_then(|t| teams.get(&t).cloned()),
            status: v.status,
        })
        .collect())
}

pub async fn detail(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    order_number: &str,
) -> Result<OrderDetailDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Operations))?;
    let o = order::Entity::find()
        .filter(order::Column::OrderNumber.eq(order_number.trim()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let card = crate::pipeline::card_of(db, o.clone()).await?;

    // Contacts: account, end customer, partner organisation, channel partners.
    let channel_ids: Vec<i32> = serde_json::from_str(&o.channel_contact_ids).unwrap_or_default();
    let partner_row = match o.partner_id {
        Some(p) => partner::Entity::find_by_id(p).one(db).await?,
        None => None,
    };
    let mut ids = vec![o.account_contact_id, o.end_customer_contact_id];
    ids.extend(channel_ids.iter().copied());
    ids.extend(partner_row.as_ref().map(|p| p.contact_id));
    let people: HashMap<i32, contact::Model> = contact::Entity::find()
        .filter(contact::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let parent_ids: Vec<i32> = people.values().filter_map(|c| c.parent_id).collect();
    let parents = crate::names::contacts(db, parent_ids).await?;
    let mut contacts = Vec::new();
    if let Some(c) = people.get(&o.end_customer_contact_id) {
        contacts.push(contact_dto("end_customer", c, &parents));
    }
    if o.account_contact_id != o.end_customer_contact_id {
        if let Some(c) = people.get(&o.account_contact_id) {
            contacts.push(contact_dto("account", c, &parents));
        }
    }
    if let Some(p) = &partner_row {
        if let Some(c) = people.get(&p.contact_id) {
            let mut dto = contact_dto("partner", c, &parents);
            dto.kind = format!("{} · {}", p.partner_type, p.commission_terms);
            contacts.push(dto);
        }
    }
    for id in &channel_ids {
        if partner_row.as_ref().is_some_and(|p| p.contact_id == *id) {
            continue;
        }
        if let Some(c) = people.get(id) {
            contacts.push(contact_dto("channel", c, &parents));
        }
    }

    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(o.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LineDto {
            product_id: l.product_id,
            description: l.description,
            quantity: l.quantity,
            unit_price_cents: l.unit_price_cents,
            payer: l.payer,
        })
        .collect();

    let quotes = quote_dtos(db, o.id).await?;
    let visits = visit_dtos(db, o.id).await?;

    let invoices = invoice::Entity::find()
        .filter(invoice::Column::OrderId.eq(o.id))
        .order_by_asc(invoice::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvoiceDto {
            invoice_number: i.invoice_number,
            payer: i.payer,
            amount_cents: i.amount_cents,
            commission_cents: i.commission_cents,
            status: i.status,
            issued_at: format_local(i.issued_at),
            due_at: format_local(i.due_at),
        })
        .collect();

    let history = status_transition::Entity::find()
        .filter(status_transition::Column::OrderId.eq(o.id))
        .order_by_desc(status_transition::Column::Id)
        .all(db)
        .await?;
    let audit_rows = audit_log::Entity::find()
        .filter(audit_log::Column::TableName.eq("orders"))
        .filter(audit_log::Column::RecordId.eq(o.id.to_string()))
        .order_by_desc(audit_log::Column::Id)
        .all(db)
        .await?;
    let actor_ids: Vec<i32> = history
        .iter()
        .filter_map(|t| t.actor_user_id)
        .chain(audit_rows.iter().filter_map(|a| a.actor_user_id))
        .collect();
    let actors: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let timeline = history
        .into_iter()
        .map(|t| TransitionDto {
            from: t.from_status,
            to: t.to_status,
            actor: t.actor_user_id.and_then(|a| actors.get(&a).cloned()),
            reason: t.reason,
            at: format_local(t.created_at),
        })
        .collect();
    let audit = audit_rows
        .into_iter()
        .map(|a| AuditDto {
            actor: a.actor_user_id.and_then(|u| actors.get(&u).cloned()),
            action: a.action,
            changes: a.changes,
            at: format_local(a.created_at),
        })
        .collect();

    let wf = crate::workflows::for_entity(db, o.business_entity_id).await?;
    let events = wf
        .automatic
        .iter()
        .filter(|a| a.from == card.status)
        .filter_map(|a| match &a.trigger {
            entity::domain::workflow::Trigger::Event { name } => Some(name.clone()),
            entity::domain::workflow::Trigger::After { .. } => None,
        })
        .collect();
    let access = crate::booking::access_notes(&o);
    let appointment_changes = crate::booking::changes_of(db, Some(o.id)).await?;
    let field = crate::field::reports_of_order(db, o.id).await?;
    let signature = entity::sign_off::Entity::find()
        .filter(entity::sign_off::Column::OrderId.eq(o.id))
        .one(db)
        .await?
        .map(|s| entity::dto::SignatureDto {
            signed_by_name: s.signed_by_name,
            path: s.signature,
            signed_at: format_local(s.recorded_at),
        });
    Ok(OrderDetailDto {
        field,
        signature,
        access,
        appointment_changes,
        card,
        channel: o.channel,
        address: format!("{} {}, {} {}", o.street, o.house_number, o.postcode, o.city),
        postcode: o.postcode,
        complexity: o.complexity,
        created_at: format_local(o.created_at),
        cancel_reason: o.cancel_reason,
        contacts,
        lines,
        quotes,
        visits,
        invoices,
        timeline,
        audit,
        plan_teams: if entity::domain::workflow::PLANNABLE.contains(&o.status.as_str()) {
            crate::visits::team_choices(db, caller, chrono::Utc::now(), 14).await?
        } else {
            Vec::new()
        },
        now: chrono::Utc::now().timestamp(),
        labels: wf
            .statuses
            .into_iter()
            .filter_map(|s| Some((s.code, s.label?)))
            .collect(),
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{move_order, MoveRequest};
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::*;
    use entity::domain::Role;
    use sea_orm::PaginatorTrait;

    #[tokio::test]
    async fn detail_shows_the_whole_order_to_ops_only() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            // A completed partner order has everything: quotes, visits, invoices.
            let o = order::Entity::find()
                .filter(order::Column::Status.eq(COMPLETED))
                .filter(order::Column::PartnerId.is_not_null())
                .order_by_asc(order::Column::Id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let ops = testing::caller(Role::OpsManager);
            let d = detail(db, Some(&ops), &o.order_number).await.unwrap();
            assert_eq!(d.card.order_number, o.order_number);
            let roles: Vec<&str> = d.contacts.iter().map(|c| c.role.as_str()).collect();
            assert_eq!(&roles[..2], ["end_customer", "account"], "{roles:?}");
            assert!(roles.contains(&"partner"));
            assert!(!d.lines.is_empty());
            assert!(!d.quotes.is_empty());
            assert!(d
                .quotes
                .windows(2)
                .all(|w| w[0].version_no > w[1].version_no));
            let transitions = status_transition::Entity::find()
                .filter(status_transition::Column::OrderId.eq(o.id))
                .count(db)
                .await
                .unwrap();
            assert_eq!(d.timeline.len() as u64, transitions);
            assert_eq!(d.timeline[0].to, COMPLETED, "newest first");
            let invoices = invoice::Entity::find()
                .filter(invoice::Column::OrderId.eq(o.id))
                .count(db)
                .await
                .unwrap();
            assert_eq!(d.invoices.len() as u64, invoices);

            // A move shows in the timeline with its actor and reason.
            let lead = order::Entity::find()
                .filter(order::Column::Status.eq(NEW_LEAD))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            move_order(
                db,
                None,
                Some(&ops),
                &MoveRequest {
                    order_id: lead.id,
                    version: lead.version,
                    to: CANCELLED.into(),
                    reason: Some("Dubbele order".into()),
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap()
            .unwrap();
            let d = detail(db, Some(&ops), &lead.order_number).await.unwrap();
            assert_eq!(d.timeline[0].to, CANCELLED);
            assert_eq!(d.timeline[0].actor.as_deref(), Some("Joost Bakker"));
            assert_eq!(d.timeline[0].reason.as_deref(), Some("Dubbele order"));
            assert_eq!(d.cancel_reason.as_deref(), Some("Dubbele order"));

            for role in [Role::PartnerUser, Role::Customer, Role::Technician] {
                assert!(matches!(
                    detail(
                        db,
                        Some(&CurrentUser {
                            partner_id: Some(1),
                            contact_id: Some(1),
                            ..testing::caller(role)
                        }),
                        &o.order_number
                    )
                    .await,
                    Err(ServiceError::Forbidden)
                ));
            }
            assert!(matches!(
                detail(db, Some(&ops), "CC-1999-99999").await,
                Err(ServiceError::NotFound)
            ));
            tdb.cleanup().await;
        }
    }
}
