use super::*;
use crate::seed::{seed_with, Volumes};
use crate::testing;
use entity::domain::Role;
use entity::{day_team_member, technician};
use sea_orm::QueryOrder;

/// A visit on a team the demo technician is in.
async fn my_visit(db: &DatabaseConnection) -> (CurrentUser, visit::Model) {
    seed_with(db, testing::TODAY, Volumes::small())
        .await
        .unwrap();
    let monteur = testing::caller(Role::Technician);
    let me = technician::Entity::find()
        .filter(technician::Column::UserId.eq(monteur.user_id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let v = visit::Entity::find()
        .filter(visit::Column::DayTeamId.is_not_null())
        .order_by_asc(visit::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let _ = day_team_member::ActiveModel {
        day_team_id: Set(v.day_team_id.unwrap()),
        technician_id: Set(me.id),
    }
    .insert(db)
    .await;
    (monteur, v)
}

/// A JPEG-looking file of `n` bytes.
fn jpeg(n: usize) -> Vec<u8> {
    let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0];
    f.extend((0..n - 4).map(|i| (i * 31 % 251) as u8));
    f
}

fn disk() -> (LocalDisk, PathBuf) {
    let root = std::env::temp_dir().join(format!(
        "cc-photos-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    (LocalDisk { root: root.clone() }, root)
}

/// Issue 19's fault test: the upload is cut at 50 %, the phone asks where
/// to go on and sends the rest (re-sending a chunk the server already has
/// on the way); the file is whole, byte for byte, in one photo row.
#[tokio::test]
async fn an_upload_cut_at_half_resumes_and_the_file_is_whole() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let (me, v) = my_visit(db).await;
        let (store, root) = disk();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let file = jpeg(300_000);
        let start_req = PhotoStart {
            client_id: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(),
            visit_id: v.id,
            phase: "meter_cabinet".into(),
            content_type: "image/jpeg".into(),
            size_bytes: file.len() as i32,
            taken_at: now,
        };
        let s = start(db, Some(&me), &start_req).await.unwrap();
        assert_eq!((s.received_bytes, s.complete), (0, false));
        // Chunks until half, then the connection drops.
        let half = file.len() / 2;
        let mut at = 0;
        while at < half {
            let end = (at + MAX_CHUNK_BYTES).min(half);
            append(
                db,
                &store,
                Some(&me),
                &start_req.client_id,
                at as i32,
                &file[at..end],
                now,
            )
            .await
            .unwrap();
            at = end;
        }
        // Back online: the same start says where to go on.
        let s = start(db, Some(&me), &start_req).await.unwrap();
        assert_eq!(s.received_bytes as usize, half, "{}", tdb.backend);
        // A chunk from beyond is refused with the place to resume.
        assert!(matches!(
            append(db, &store, Some(&me), &start_req.client_id, half as i32 + 10, &file[half + 10..half + 20], now).await,
            Err(ServiceError::Conflict(c)) if c == format!("resume_at:{half}")
        ));
        // The phone re-sends from a little before: the overlap is skipped.
        let mut at = half - 1000;
        let mut last = s;
        while at < file.len() {
            let end = (at + MAX_CHUNK_BYTES).min(file.len());
            last = append(
                db,
                &store,
                Some(&me),
                &start_req.client_id,
                at as i32,
                &file[at..end],
                now,
            )
            .await
            .unwrap();
            at = end;
        }
        assert!(last.complete, "{}", tdb.backend);
        let row = visit_photo::Entity::find()
            .filter(visit_photo::Column::VisitId.eq(v.id))
            .all(db)
            .await
            .unwrap();
        assert_eq!(row.len(), 1, "{}", tdb.backend);
        assert_eq!(store.read(&row[0].storage_key).await.unwrap(), file);
        // Ops and the technician see it; another technician and a
        // customer find nothing there.
        let ops = testing::caller(Role::OpsManager);
        assert_eq!(
            read(db, &store, Some(&ops), row[0].id).await.unwrap(),
            ("image/jpeg".to_owned(), file.clone())
        );
        assert_eq!(
            read(db, &store, Some(&me), row[0].id)
                .await
                .unwrap()
                .1
                .len(),
            file.len()
        );
        let other = CurrentUser {
            user_id: me.user_id + 100,
            ..me.clone()
        };
        for who in [other, testing::caller(Role::Customer)] {
            assert!(matches!(
                read(db, &store, Some(&who), row[0].id).await,
                Err(ServiceError::NotFound)
            ));
        }
        // Sending the last chunk again changes nothing.
        let again = append(
            db,
            &store,
            Some(&me),
            &start_req.client_id,
            0,
            &file[..1000],
            now,
        )
        .await
        .unwrap();
        assert_eq!(again, last);
        let _ = std::fs::remove_dir_all(root);
        tdb.cleanup().await;
    }
}

/// A retry racing the original: the same chunks sent twice at the same
/// moment. One of each pair moves the upload on (the conditional update
/// decides), both answer how far it is, and the file is whole, once.
#[tokio::test]
async fn the_same_chunk_twice_at_once_is_kept_once() {
    for tdb in testing::concurrent_databases().await {
        let db = &tdb.db;
        let (me, v) = my_visit(db).await;
        let (store, root) = disk();
        let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let file = jpeg(3 * MAX_CHUNK_BYTES - 7);
        let p = PhotoStart {
            client_id: "8a1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(),
            visit_id: v.id,
            phase: "finished".into(),
            content_type: "image/jpeg".into(),
            size_bytes: file.len() as i32,
            taken_at: now,
        };
        start(db, Some(&me), &p).await.unwrap();
        let mut at = 0;
        while at < file.len() {
            let end = (at + MAX_CHUNK_BYTES).min(file.len());
            let send = || {
                append(
                    db,
                    &store,
                    Some(&me),
                    &p.client_id,
                    at as i32,
                    &file[at..end],
                    now,
                )
            };
            let (a, b) = tokio::join!(send(), send());
            let (a, b) = (a.unwrap(), b.unwrap());
            // Both hear how far it is (the loser of the last pair may hear
            // it before the winner has marked it complete).
            assert_eq!(
                (a.received_bytes as usize, b.received_bytes as usize),
                (end, end),
                "{}",
                tdb.backend
            );
            at = end;
        }
        let s = start(db, Some(&me), &p).await.unwrap();
        assert!(s.complete, "{}", tdb.backend);
        let rows = visit_photo::Entity::find()
            .filter(visit_photo::Column::ClientId.eq(p.client_id.clone()))
            .all(db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].received_bytes as usize, file.len());
        assert_eq!(store.read(&rows[0].storage_key).await.unwrap(), file);
        let _ = std::fs::remove_dir_all(root);
        tdb.cleanup().await;
    }
}

/// A file that is not the image it claims starts over; bad starts name
/// their fields; other people's photos and visits are not there.
#[tokio::test]
async fn photos_are_checked_and_kept_to_their_technician() {
    let tdb = testing::sqlite().await;
    let db = &tdb.db;
    let (me, v) = my_visit(db).await;
    let (store, root) = disk();
    let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let p = PhotoStart {
        client_id: "7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(),
        visit_id: v.id,
        phase: "before".into(),
        content_type: "image/jpeg".into(),
        size_bytes: 10,
        taken_at: now,
    };
    start(db, Some(&me), &p).await.unwrap();
    assert!(matches!(
        append(db, &store, Some(&me), &p.client_id, 0, b"GIF89a....", now).await,
        Err(ServiceError::Invalid(c)) if c == "not_an_image"
    ));
    assert_eq!(start(db, Some(&me), &p).await.unwrap().received_bytes, 0);
    let bad = PhotoStart {
        client_id: "8f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(),
        phase: "selfie".into(),
        content_type: "image/gif".into(),
        size_bytes: MAX_PHOTO_BYTES + 1,
        ..p.clone()
    };
    let fields = start(db, Some(&me), &bad).await.unwrap_err().into_fields();
    assert_eq!(fields.len(), 3, "{fields:?}");
    let nowhere = PhotoStart {
        client_id: "9f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b".into(),
        visit_id: 999_999,
        ..p.clone()
    };
    assert!(matches!(
        start(db, Some(&me), &nowhere).await,
        Err(ServiceError::NotFound)
    ));
    for role in [Role::Planner, Role::Customer] {
        assert!(matches!(
            start(db, Some(&testing::caller(role)), &p).await,
            Err(ServiceError::Forbidden)
        ));
    }
    let _ = std::fs::remove_dir_all(root);
    tdb.cleanup().await;
}
