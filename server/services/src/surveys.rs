//! The satisfaction survey after an installation (001 "Completed +7d"):
//! the survey message links to a page where the customer gives a score of
//! 1–5 and a comment, once. Public: the token in the link is the
//! credential; only its SHA-256 is stored.

use crate::auth::{new_token, token_hash};
use crate::ServiceError;
use chrono::{DateTime, Utc};
use entity::dto::SurveyDto;
use entity::{business_entity, order, survey};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Opens the survey of `o` and returns the link to it. Asked again (a
/// survey queued anew), it replaces the token: the older link stops
/// working, an answer given stays.
pub async fn open_link(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let (token, hash) = new_token();
    survey::Entity::insert(survey::ActiveModel {
        order_id: sea_orm::Set(o.id),
        token_hash: sea_orm::Set(hash),
        created_at: sea_orm::Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(survey::Column::OrderId)
            .update_column(survey::Column::TokenHash)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(format!(
        "{}{}",
        crate::runtime::public_url(),
        entity::paths::survey(&token)
    ))
}

async fn find(db: &impl ConnectionTrait, token: &str) -> Result<survey::Model, ServiceError> {
    survey::Entity::find()
        .filter(survey::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The survey behind a link: the order and its brand, and the score if it
/// was answered.
pub async fn form(db: &DatabaseConnection, token: &str) -> Result<SurveyDto, ServiceError> {
    let s = find(db, token).await?;
    let o = order::Entity::find_by_id(s.order_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let be = business_entity::Entity::find_by_id(o.business_entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(SurveyDto {
        order_number: o.order_number,
        logo_url: crate::brands::logo_url(db, be.id, &be.code).await?,
        brand: be.brand,
        entity_name: be.name,
        score: s.score,
    })
}

/// Stores the answer. Once: the update only takes an unanswered survey, so
/// of two answers sent at the same time one wins and the other gets `Gone`.
pub async fn answer(
    db: &DatabaseConnection,
    token: &str,
    score: i32,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let s = find(db, token).await?;
    let comment = comment.trim();
    let problems = entity::domain::survey::check(score, comment);
    if !problems.is_empty() {
        return Err(ServiceError::Fields(problems));
    }
    let done = survey::Entity::update_many()
        .col_expr(survey::Column::Score, Expr::value(score))
        .col_expr(
            survey::Column::Comment,
            Expr::value((!comment.is_empty()).then(|| comment.to_owned())),
        )
        .col_expr(survey::Column::AnsweredAt, Expr::value(now))
        .filter(survey::Column::Id.eq(s.id))
        .filter(survey::Column::AnsweredAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::Gone);
    }
    Ok(())
}

/// The answered surveys' count and average score since `since` (for the
/// message analytics).
pub async fn summary(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<(u64, Option<f64>), ServiceError> {
    let scores: Vec<Option<i32>> = survey::Entity::find()
        .filter(survey::Column::AnsweredAt.gte(since))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.score)
        .collect();
    let given: Vec<i32> = scores.into_iter().flatten().collect();
    let n = given.len() as u64;
    Ok((
        n,
        (n > 0).then(|| given.iter().map(|s| f64::from(*s)).sum::<f64>() / n as f64),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{seed_with, Volumes};
    use crate::testing;

    fn token_of(link: &str) -> String {
        link.rsplit('/').next().unwrap().to_owned()
    }

    #[tokio::test]
    async fn a_survey_is_answered_once_with_a_valid_score() {
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed_with(db, testing::TODAY, Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(10, 0, 0).unwrap().and_utc();
            let o = order::Entity::find().one(db).await.unwrap().unwrap();
            let first = token_of(&open_link(db, &o, now).await.unwrap());
            // Queued anew: the newer link works, the older not.
            let token = token_of(&open_link(db, &o, now).await.unwrap());
            assert!(matches!(
                form(db, &first).await,
                Err(ServiceError::NotFound)
            ));
            let dto = form(db, &token).await.unwrap();
            assert_eq!(
                (dto.order_number.as_str(), dto.score),
                (o.order_number.as_str(), None)
            );

            // A wrong score is named, and nothing is stored.
            match answer(db, &token, 0, "x", now).await {
                Err(ServiceError::Fields(f)) => assert_eq!(f[0].0, "score"),
                other => panic!("{other:?}"),
            }
            assert_eq!(form(db, &token).await.unwrap().score, None);

            // Two answers at once: one is stored, the other is told it is too late.
            let (a, b) = tokio::join!(
                answer(db, &token, 4, " Netjes gewerkt ", now),
                answer(db, &token, 1, "", now)
            );
            assert_eq!(
                [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
                1,
                "{a:?} {b:?}"
            );
            assert!(matches!(a.err().or(b.err()), Some(ServiceError::Gone)));
            let stored = survey::Entity::find()
                .filter(survey::Column::OrderId.eq(o.id))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert!(matches!(
                (stored.score, stored.comment.as_deref()),
                (Some(4), Some("Netjes gewerkt")) | (Some(1), None)
            ));
            assert_eq!(summary(db, now).await.unwrap().0, 1);
            assert!(matches!(
                form(db, "nope").await,
                Err(ServiceError::NotFound)
            ));
            tdb.cleanup().await;
        }
    }
}
