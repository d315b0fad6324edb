//! Order workflows per business entity (000's table as data). An entity
//! without its own follows 000's default; the move engine, the SLA clock
//! and the board all use the entity's workflow.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::domain::{Portal, Workflow};
use entity::dto::CurrentUser;
use entity::workflow;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use std::collections::HashMap;

fn parse(row: &workflow::Model) -> Result<Workflow, ServiceError> {
    serde_json::from_str(&row.definition).map_err(|e| {
        ServiceError::Invalid(format!(
            "stored workflow of entity {} is unreadable: {e}",
            row.business_entity_id
        ))
    })
}

/// The workflow orders of `entity_id` follow.
pub async fn for_entity(
    db: &impl ConnectionTrait,
    entity_id: i32,
) -> Result<Workflow, ServiceError> {
    match workflow::Entity::find_by_id(entity_id).one(db).await? {
        Some(row) => parse(&row),
        None => Ok(Workflow::default_order_workflow()),
    }
}

/// The entities that have their own workflow.
pub async fn own(db: &impl ConnectionTrait) -> Result<HashMap<i32, Workflow>, ServiceError> {
    let mut out = HashMap::new();
    for row in workflow::Entity::find().all(db).await? {
        out.insert(row.business_entity_id, parse(&row)?);
    }
    Ok(out)
}

/// Saves an entity's workflow (admins only). `version` is the one the
/// editor loaded (`None` when the entity had none). Errors:
/// `Invalid("problems:…")` from `Workflow::problems`, `Conflict("stale")`.
/// Returns the new version.
pub async fn save(
    db: &impl ConnectionTrait,
    caller: Option<&CurrentUser>,
    entity_id: i32,
    version: Option<i32>,
    wf: &Workflow,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let problems = wf.problems();
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(format!(
            "problems:{}",
            problems.join(",")
        )));
    }
    let definition =
        serde_json::to_string(wf).map_err(|e| ServiceError::Invalid(format!("workflow: {e}")))?;
    let actor = caller.map(|c| c.user_id);
    let new_version = match version {
        None => {
            if workflow::Entity::find_by_id(entity_id)
                .one(db)
                .await?
                .is_some()
            {
                return Err(ServiceError::Conflict("stale".into()));
            }
            workflow::ActiveModel {
                business_entity_id: Set(entity_id),
                definition: Set(definition),
                version: Set(1),
                updated_at: Set(now),
                updated_by_user_id: Set(actor),
            }
            .insert(db)
            .await?;
            1
        }
        Some(v) => {
            let done = workflow::Entity::update_many()
                .col_expr(workflow::Column::Definition, Expr::value(definition))
                .col_expr(
                    workflow::Column::Version,
                    Expr::col(workflow::Column::Version).add(1),
                )
                .col_expr(workflow::Column::UpdatedAt, Expr::value(now))
                .col_expr(workflow::Column::UpdatedByUserId, Expr::value(actor))
                .filter(workflow::Column::BusinessEntityId.eq(entity_id))
                .filter(workflow::Column::Version.eq(v))
                .exec(db)
                .await?;
            if done.rows_affected != 1 {
                return Err(ServiceError::Conflict("stale".into()));
            }
            v + 1
        }
    };
    crate::audit::record(
        db,
        actor,
        "workflows",
        entity_id,
        "workflow_saved",
        serde_json::json!({ "version": new_version, "statuses": wf.statuses.len() }),
        now,
    )
    .await?;
    Ok(new_version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{move_order, MoveRequest};
    use crate::seed::{seed_with, Volumes};
    use crate::testing;
    use entity::domain::workflow::{INTAKE_SENT, NEW_LEAD, QUOTE_DRAFT};
    use entity::domain::Role;
    use entity::order;
    use sea_orm::QueryOrder;

    #[tokio::test]
    async fn an_entity_with_its_own_workflow_moves_by_it_and_others_by_000() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(12, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let planner = testing::caller(Role::Planner);
            // Two leads of different entities (set one up if the small world has none).
            let a = order::Entity::find()
                .filter(order::Column::Status.eq(NEW_LEAD))
                .order_by_asc(order::Column::Id)
                .one(db)
                .await
                .unwrap()
                .expect("a lead");
            let other = order::Entity::find()
                .filter(order::Column::BusinessEntityId.ne(a.business_entity_id))
                .filter(order::Column::Status.is_in(["new_lead", "cancelled", "completed"]))
                .order_by_asc(order::Column::Id)
                .one(db)
                .await
                .unwrap()
                .expect("an order of another entity");
            order::Entity::update_many()
                .col_expr(order::Column::Status, Expr::value(NEW_LEAD))
                .filter(order::Column::Id.eq(other.id))
                .exec(db)
                .await
                .unwrap();
            let own_entity = a.business_entity_id;
            // This entity skips the intake form: a lead goes straight to a quote.
            let mut wf = Workflow::default_order_workflow();
            wf.status_mut(NEW_LEAD).next.push(QUOTE_DRAFT.into());
            assert!(matches!(
                save(db, Some(&planner), own_entity, None, &wf, now).await,
                Err(ServiceError::Forbidden)
            ));
            let mut broken = wf.clone();
            broken.status_mut("completed").next.push(NEW_LEAD.into());
            match save(db, Some(&admin), own_entity, None, &broken, now).await {
                Err(ServiceError::Invalid(m)) => assert_eq!(m, "problems:final_has_next:completed"),
                other => panic!("{other:?}"),
            }
            assert_eq!(
                save(db, Some(&admin), own_entity, None, &wf, now)
                    .await
                    .unwrap(),
                1
            );
            assert!(matches!(
                save(db, Some(&admin), own_entity, None, &wf, now).await,
                Err(ServiceError::Conflict(c)) if c == "stale"
            ));
            assert_eq!(
                save(db, Some(&admin), own_entity, Some(1), &wf, now)
                    .await
                    .unwrap(),
                2
            );
            assert_eq!(for_entity(db, own_entity).await.unwrap(), wf);
            assert_eq!(
                for_entity(db, other.business_entity_id).await.unwrap(),
                Workflow::default_order_workflow()
            );

            for (id, allowed) in [(a.id, true), (other.id, false)] {
                let o = order::Entity::find_by_id(id)
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap();
                let r = move_order(
                    db,
                    None,
                    Some(&planner),
                    &MoveRequest {
                        order_id: o.id,
                        version: o.version,
                        to: QUOTE_DRAFT.into(),
                        reason: None,
                    },
                    now,
                )
                .await
                .unwrap();
                assert_eq!(r.is_ok(), allowed, "entity {}: {r:?}", o.business_entity_id);
                if !allowed {
                    let intake = move_order(
                        db,
                        None,
                        Some(&planner),
                        &MoveRequest {
                            order_id: o.id,
                            version: o.version,
                            to: INTAKE_SENT.into(),
                            reason: None,
                        },
                        now,
                    )
                    .await
                    .unwrap();
                    assert!(intake.is_ok(), "000's way still works");
                }
            }
            // The board tells the client which entities have their own.
            let board = crate::pipeline::board(db, Some(&planner), &Default::default(), now)
                .await
                .unwrap();
            assert_eq!(board.workflows.len(), 1);
            assert_eq!(board.workflows[0].1, wf);
            tdb.cleanup().await;
        }
    }
}
