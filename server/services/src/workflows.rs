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
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

fn parse(row: &workflow::Model) -> Result<Workflow, ServiceError> {
    serde_json::from_str(&row.definition).map_err(|e| {
        ServiceError::Internal(format!(
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

/// How many orders of `entity_id` are in each status now.
pub async fn statuses_in_use(
    db: &impl ConnectionTrait,
    entity_id: i32,
) -> Result<Vec<(String, u64)>, ServiceError> {
    use entity::order;
    use sea_orm::{QueryOrder, QuerySelect};
    let rows: Vec<(String, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::Status)
        .column_as(order::Column::Id.count(), "n")
        .filter(order::Column::BusinessEntityId.eq(entity_id))
        .group_by(order::Column::Status)
        .order_by_asc(order::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// The editor's view of an entity's workflow (admins only): the workflow
/// its orders follow, its version, and the statuses in use.
pub async fn editor(
    db: &impl ConnectionTrait,
    caller: Option<&CurrentUser>,
    entity_id: Option<i32>,
) -> Result<entity::dto::WorkflowEditorDto, ServiceError> {
    use entity::business_entity;
    use sea_orm::QueryOrder;
    authorize(caller, Action::OpenPortal(Portal::Admin))?;
    let all = business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?;
    let chosen = match entity_id {
        Some(id) => all
            .iter()
            .find(|e| e.id == id)
            .ok_or(ServiceError::NotFound)?,
        None => all.first().ok_or(ServiceError::NotFound)?,
    };
    let row = workflow::Entity::find_by_id(chosen.id).one(db).await?;
    let updated = match &row {
        Some(r) => {
            let who = match r.updated_by_user_id {
                Some(u) => entity::user::Entity::find_by_id(u)
                    .one(db)
                    .await?
                    .map(|u| u.display_name),
                None => None,
            };
            Some(format!(
                "{} · {}",
                entity::domain::time::format_local(r.updated_at),
                who.unwrap_or_default()
            ))
        }
        None => None,
    };
    Ok(entity::dto::WorkflowEditorDto {
        entity_id: chosen.id,
        entities: all
            .iter()
            .map(|e| entity::dto::OptionDto {
                value: e.id.to_string(),
                label: e.name.clone(),
            })
            .collect(),
        version: row.as_ref().map(|r| r.version),
        workflow: match &row {
            Some(r) => parse(r)?,
            None => Workflow::default_order_workflow(),
        },
        in_use: statuses_in_use(db, chosen.id).await?,
        updated,
    })
}

/// Saves an entity's workflow (admins only). `version` is the one the
/// editor loaded (`None` when the entity had none). Errors:
/// `Problems` from `Workflow::problems`, `Stale`.
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
    let mut problems = wf.problems();
    // Orders must keep a status that exists.
    for (status, _) in statuses_in_use(db, entity_id).await? {
        if wf.status(&status).is_none() {
            problems.push(format!("in_use:{status}"));
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Problems(problems));
    }
    let definition =
        serde_json::to_string(wf).map_err(|e| ServiceError::Internal(format!("workflow: {e}")))?;
    let actor = caller.map(|c| c.user_id);
    let new_version = match version {
        None => {
            // The first own workflow of an entity: one insert, and a row
            // that is already there (somebody was first) is a stale edit.
            let inserted = workflow::Entity::insert(workflow::ActiveModel {
                business_entity_id: Set(entity_id),
                definition: Set(definition),
                version: Set(1),
                updated_at: Set(now),
                updated_by_user_id: Set(actor),
            })
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(workflow::Column::BusinessEntityId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
            if inserted != 1 {
                return Err(ServiceError::Stale);
            }
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
                return Err(ServiceError::Stale);
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
pub(crate) mod tests {
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
                Err(ServiceError::Problems(p)) => assert_eq!(p, ["final_has_next:completed"]),
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
                Err(ServiceError::Stale)
            ));
            assert_eq!(
                save(db, Some(&admin), own_entity, Some(1), &wf, now)
                    .await
                    .unwrap(),
                2
            );
            assert_eq!(for_entity(db, own_entity).await.unwrap(), wf);
            // The editor loads what is stored, with the statuses in use.
            let ed = editor(db, Some(&admin), Some(own_entity)).await.unwrap();
            assert_eq!((ed.entity_id, ed.version), (own_entity, Some(2)));
            assert_eq!(ed.workflow, wf);
            assert!(ed.in_use.iter().any(|(s, n)| s == NEW_LEAD && *n >= 1));
            assert!(
                ed.updated
                    .as_deref()
                    .is_some_and(|u| u.contains("Femke de Graaf")),
                "{:?}",
                ed.updated
            );
            let fresh = editor(db, Some(&admin), Some(other.business_entity_id))
                .await
                .unwrap();
            assert_eq!(fresh.version, None);
            assert_eq!(fresh.workflow, Workflow::default_order_workflow());
            assert!(matches!(
                editor(db, Some(&planner), None).await,
                Err(ServiceError::Forbidden)
            ));
            // A status that orders are in cannot be removed.
            let mut gone = wf.clone();
            gone.statuses.retain(|s| s.code != NEW_LEAD);
            match save(db, Some(&admin), own_entity, Some(2), &gone, now).await {
                Err(ServiceError::Problems(p)) => {
                    assert!(p.contains(&"in_use:new_lead".to_owned()), "{p:?}")
                }
                other => panic!("{other:?}"),
            }
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

    /// 003's rental workflow as an admin saves it.
    pub(crate) fn rental() -> Workflow {
        serde_json::from_str(include_str!("workflows/rental_003.json"))
            .expect("the rental workflow reads")
    }

    /// A rental company ("ratio-lease", orders `RL-…`) set up by an admin
    /// with 003's workflow; its id.
    pub(crate) async fn rental_company(
        db: &sea_orm::DatabaseConnection,
        now: DateTime<Utc>,
    ) -> i32 {
        let admin = testing::caller(Role::Admin);
        let rent = crate::business_entities::create(
            db,
            Some(&admin),
            &entity::domain::EntityForm {
                code: "ratio-lease".into(),
                name: "Ratio Lease ApS".into(),
                brand: "RatioLease".into(),
                order_prefix: "RL".into(),
                support_email: "support@ratiolease.dk".into(),
                sales_email: "salg@ratiolease.dk".into(),
                admin_email: "admin@ratiolease.dk".into(),
                noreply_email: "noreply@ratiolease.dk".into(),
                whatsapp_number: String::new(),
                brand_color: "#0f766e".into(),
                ..Default::default()
            },
            now,
        )
        .await
        .unwrap();
        save(db, Some(&admin), rent, None, &rental(), now)
            .await
            .unwrap();
        rent
    }

    /// 003's rental workflow, configured as data (the JSON an admin saves),
    /// runs an order from "Bestilling modtaget" to "Arkiveret" with its
    /// automatic moves, and refuses what 003 does not allow.
    #[tokio::test]
    async fn the_rental_workflow_of_003_runs_as_data() {
        let rental = rental();
        assert_eq!(rental.problems(), Vec::<String>::new());
        assert_eq!(rental.statuses.len(), 9);
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let mut now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let planner = testing::caller(Role::Planner);
            rental_company(db, now).await;

            let order_of = |number: String| async move {
                order::Entity::find()
                    .filter(order::Column::OrderNumber.eq(number))
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap()
            };
            let lead = |code: &str| crate::business_entities::tests::lead(code);
            let number = crate::leads::create(db, None, Some(&planner), &lead("ratio-lease"), now)
                .await
                .unwrap();
            assert_eq!(number, "RL-2026-00001");
            let o = order_of(number.clone()).await;
            assert_eq!(o.status, "bestilling_modtaget");
            assert_eq!(o.sla_due_at, Some(now + chrono::Duration::hours(24)));

            // An event the status has no automatic move for changes nothing.
            assert!(matches!(
                crate::pipeline::report_event(db, None, Some(&planner), o.id, "contract_signed", now).await,
                Err(ServiceError::Invalid(m)) if m == "no_automatic_move"
            ));
            // Customers cannot report events.
            assert!(matches!(
                crate::pipeline::report_event(
                    db,
                    None,
                    Some(&testing::caller(Role::Customer)),
                    o.id,
                    "credit_check_approved",
                    now
                )
                .await,
                Err(ServiceError::Forbidden)
            ));
            // Kreditcheck godkendt → Bestilt; Kontrakt underskrevet → Udlejet;
            // Udlejning udløbet → Afsluttet.
            for (event, to) in [
                ("credit_check_approved", "bestilt"),
                ("contract_signed", "udlejet"),
                ("rental_expired", "afsluttet"),
            ] {
                now += chrono::Duration::hours(5);
                assert_eq!(
                    crate::pipeline::report_event(db, None, Some(&planner), o.id, event, now)
                        .await
                        .unwrap(),
                    to
                );
            }
            // Archived by the clock after 720 hours in Afsluttet, not before.
            assert_eq!(
                crate::pipeline::run_timers(db, None, now + chrono::Duration::hours(719))
                    .await
                    .unwrap(),
                0
            );
            assert_eq!(
                crate::pipeline::run_timers(db, None, now + chrono::Duration::hours(720))
                    .await
                    .unwrap(),
                1
            );
            let done = order_of(number.clone()).await;
            assert_eq!(done.status, "arkiveret");
            let trail: Vec<(Option<String>, String, Option<i32>)> =
                entity::status_transition::Entity::find()
                    .filter(entity::status_transition::Column::OrderId.eq(o.id))
                    .order_by_asc(entity::status_transition::Column::Id)
                    .all(db)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|t| (t.from_status, t.to_status, t.actor_user_id))
                    .collect();
            let system = None;
            assert_eq!(
                trail,
                [
                    (None, "bestilling_modtaget".into(), Some(planner.user_id)),
                    (Some("bestilling_modtaget".into()), "bestilt".into(), system),
                    (Some("bestilt".into()), "udlejet".into(), system),
                    (Some("udlejet".into()), "afsluttet".into(), system),
                    (Some("afsluttet".into()), "arkiveret".into(), system),
                ]
            );
            // A final status moves no further.
            assert_eq!(
                crate::pipeline::run_timers(db, None, now + chrono::Duration::hours(10_000))
                    .await
                    .unwrap(),
                0
            );

            // The manual ways: received → awaiting processing → rejected
            // needs a reason (Bestilling afvist: "dokumenter årsag").
            let second = order_of(
                crate::leads::create(db, None, Some(&planner), &lead("ratio-lease"), now)
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(second.order_number, "RL-2026-00002");
            let step = |o: &order::Model, to: &str, reason: Option<&str>| MoveRequest {
                order_id: o.id,
                version: o.version,
                to: to.into(),
                reason: reason.map(str::to_owned),
            };
            assert!(
                move_order(
                    db,
                    None,
                    Some(&planner),
                    &step(&second, "udlejet", None),
                    now
                )
                .await
                .unwrap()
                .is_err(),
                "003 has no way from received to rented"
            );
            move_order(
                db,
                None,
                Some(&planner),
                &step(&second, "afventer_behandling", None),
                now,
            )
            .await
            .unwrap()
            .unwrap();
            let second = order_of(second.order_number).await;
            let refused = move_order(
                db,
                None,
                Some(&planner),
                &step(&second, "afvist", None),
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                refused.unwrap_err(),
                entity::domain::pipeline::Refusal::ReasonRequired
            );
            move_order(
                db,
                None,
                Some(&planner),
                &step(&second, "afvist", Some("Dårlig kredit")),
                now,
            )
            .await
            .unwrap()
            .unwrap();
            let why = entity::status_transition::Entity::find()
                .filter(entity::status_transition::Column::OrderId.eq(second.id))
                .order_by_desc(entity::status_transition::Column::Id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (why.to_status.as_str(), why.reason.as_deref()),
                ("afvist", Some("Dårlig kredit"))
            );
            // The default entities still follow 000.
            assert_eq!(
                for_entity(db, 1).await.unwrap(),
                Workflow::default_order_workflow()
            );
            tdb.cleanup().await;
        }
    }
}
