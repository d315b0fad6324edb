//! Admin: setting up and editing business entities (brands). A new entity
//! numbers its orders `{PREFIX}-{YEAR}-00001` onwards; the prefix is locked
//! once the entity has orders, so numbers stay unambiguous.

use crate::authz::{authorize, Action};
use crate::FieldErrors;
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::{EntityForm, Portal};
use entity::dto::CurrentUser;
use entity::{business_entity, order};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};

pub use entity::dto::AdminEntityRow as EntityRow;

fn form_of(m: &business_entity::Model) -> EntityForm {
    EntityForm {
        code: m.code.clone(),
        name: m.name.clone(),
        brand: m.brand.clone(),
        order_prefix: m.order_prefix.clone(),
        support_email: m.support_email.clone(),
        sales_email: m.sales_email.clone(),
        admin_email: m.admin_email.clone(),
        noreply_email: m.noreply_email.clone(),
        whatsapp_number: m.whatsapp_number.clone().unwrap_or_default(),
        brand_color: m.brand_color.clone(),
        phone: m.phone.clone().unwrap_or_default(),
        reschedule_cutoff_hours: m.reschedule_cutoff_hours.to_string(),
    }
}

/// The form with surrounding spaces gone and the prefix in capitals.
fn tidy(f: &EntityForm) -> EntityForm {
    let t = |s: &String| s.trim().to_owned();
    EntityForm {
        code: t(&f.code),
        name: t(&f.name),
        brand: t(&f.brand),
        order_prefix: f.order_prefix.trim().to_ascii_uppercase(),
        support_email: t(&f.support_email).to_lowercase(),
        sales_email: t(&f.sales_email).to_lowercase(),
        admin_email: t(&f.admin_email).to_lowercase(),
        noreply_email: t(&f.noreply_email).to_lowercase(),
        whatsapp_number: t(&f.whatsapp_number),
        brand_color: t(&f.brand_color).to_lowercase(),
        phone: t(&f.phone),
        reschedule_cutoff_hours: f
            .cutoff_hours()
            .map_or_else(|| t(&f.reschedule_cutoff_hours), |h| h.to_string()),
    }
}

pub async fn list(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
) -> Result<Vec<EntityRow>, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let orders = crate::orders::count_by(db, order::Column::BusinessEntityId).await?;
    let logos: std::collections::HashMap<String, String> = crate::brands::list(db)
        .await?
        .into_iter()
        .filter_map(|b| Some((b.code.clone(), b.logo_url()?)))
        .collect();
    Ok(business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| EntityRow {
            id: m.id,
            version: m.version,
            form: form_of(&m),
            orders: orders.get(&m.id).copied().unwrap_or(0),
            logo_url: logos.get(&m.code).cloned(),
        })
        .collect())
}

/// Field errors of the form, plus a code or prefix another entity has.
async fn problems(
    db: &DatabaseConnection,
    f: &EntityForm,
    id: Option<i32>,
) -> Result<FieldErrors, ServiceError> {
    let mut errors = f.problems();
    for (field, column, value) in [
        ("code", business_entity::Column::Code, &f.code),
        (
            "order_prefix",
            business_entity::Column::OrderPrefix,
            &f.order_prefix,
        ),
    ] {
        if errors.iter().any(|(e, _)| e == field) {
            continue;
        }
        let mut q = business_entity::Entity::find().filter(column.eq(value.as_str()));
        if let Some(id) = id {
            q = q.filter(business_entity::Column::Id.ne(id));
        }
        if q.count(db).await? > 0 {
            errors.push((field.to_owned(), "taken".to_owned()));
        }
    }
    Ok(errors)
}

/// Sets up a new entity; returns its id, or what is wrong with the form.
pub async fn create(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    form: &EntityForm,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let f = tidy(form);
    let errors = problems(db, &f, None).await?;
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let m = business_entity::ActiveModel {
        code: Set(f.code.clone()),
        name: Set(f.name.clone()),
        brand: Set(f.brand.clone()),
        order_prefix: Set(f.order_prefix.clone()),
        support_email: Set(f.support_email.clone()),
        sales_email: Set(f.sales_email.clone()),
        admin_email: Set(f.admin_email.clone()),
        noreply_email: Set(f.noreply_email.clone()),
        whatsapp_number: Set(Some(f.whatsapp_number.clone()).filter(|w| !w.is_empty())),
        brand_color: Set(f.brand_color.clone()),
        phone: Set(Some(f.phone.clone()).filter(|p| !p.is_empty())),
        reschedule_cutoff_hours: Set(f
            .cutoff_hours()
            .unwrap_or(entity::domain::planning::RESCHEDULE_CUTOFF_HOURS)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "business_entities",
        m.id,
        "entity_created",
        serde_json::to_value(&f).unwrap_or_default(),
        now,
    )
    .await?;
    // It writes to customers and partners from its first order on.
    crate::templates::ensure_defaults(db, now).await?;
    Ok(m.id)
}

/// Saves an edited entity. `version` is the one the form loaded; a newer
/// one gives `Stale`. Returns the new version.
pub async fn update(
    db: &DatabaseConnection,
    caller: Option<&CurrentUser>,
    id: i32,
    version: i32,
    form: &EntityForm,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let before = business_entity::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let f = tidy(form);
    let mut errors = problems(db, &f, Some(id)).await?;
    if f.order_prefix != before.order_prefix
        && order::Entity::find()
            .filter(order::Column::BusinessEntityId.eq(id))
            .count(db)
            .await?
            > 0
    {
        errors.push(("order_prefix".into(), "prefix_locked".into()));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    crate::db::update_versioned(
        db,
        business_entity::Entity::update_many()
            .col_expr(business_entity::Column::Code, Expr::value(f.code.clone()))
            .col_expr(business_entity::Column::Name, Expr::value(f.name.clone()))
            .col_expr(business_entity::Column::Brand, Expr::value(f.brand.clone()))
            .col_expr(
                business_entity::Column::OrderPrefix,
                Expr::value(f.order_prefix.clone()),
            )
            .col_expr(
                business_entity::Column::SupportEmail,
                Expr::value(f.support_email.clone()),
            )
            .col_expr(
                business_entity::Column::SalesEmail,
                Expr::value(f.sales_email.clone()),
            )
            .col_expr(
                business_entity::Column::AdminEmail,
                Expr::value(f.admin_email.clone()),
            )
            .col_expr(
                business_entity::Column::NoreplyEmail,
                Expr::value(f.noreply_email.clone()),
            )
            .col_expr(
                business_entity::Column::WhatsappNumber,
                Expr::value(Some(f.whatsapp_number.clone()).filter(|w| !w.is_empty())),
            )
            .col_expr(
                business_entity::Column::BrandColor,
                Expr::value(f.brand_color.clone()),
            )
            .col_expr(
                business_entity::Column::Phone,
                Expr::value(Some(f.phone.clone()).filter(|p| !p.is_empty())),
            )
            .col_expr(
                business_entity::Column::RescheduleCutoffHours,
                Expr::value(
                    f.cutoff_hours()
                        .unwrap_or(entity::domain::planning::RESCHEDULE_CUTOFF_HOURS),
                ),
            )
            .col_expr(business_entity::Column::UpdatedAt, Expr::value(now)),
        id,
        version,
    )
    .await?;
    crate::audit::record(
        db,
        caller.map(|c| c.user_id),
        "business_entities",
        id,
        "entity_updated",
        crate::audit::changed_fields(&form_of(&before), &f),
        now,
    )
    .await?;
    Ok(version + 1)
}

#[cfg(test)]
pub(crate) mod tests;
