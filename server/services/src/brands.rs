//! Business entities (brands) as the portals show them.

use crate::ServiceError;
use entity::{brand_logo, business_entity, dto::BrandDto};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// All business entities, ordered by id (the order in which they were set up).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<BrandDto>, ServiceError> {
    let logos: std::collections::HashMap<i32, i32> = brand_logo::Entity::find()
        .select_only()
        .column(brand_logo::Column::BusinessEntityId)
        .column(brand_logo::Column::Version)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let version = logos.get(&e.id).copied();
            BrandDto {
                logo_version: version,
                ..BrandDto::from(e)
            }
        })
        .collect())
}

/// Where the logo of entity `id` (code `code`) is served, if it has one.
pub async fn logo_url(
    db: &impl sea_orm::ConnectionTrait,
    id: i32,
    code: &str,
) -> Result<Option<String>, ServiceError> {
    Ok(brand_logo::Entity::find_by_id(id)
        .select_only()
        .column(brand_logo::Column::Version)
        .into_tuple::<i32>()
        .one(db)
        .await?
        .map(|v| format!("/api/brands/{code}/logo?v={v}")))
}

/// The largest logo accepted: 200 KB.
pub const MAX_LOGO_BYTES: usize = 200 * 1024;

/// Reads a logo sent as a `data:` URL: PNG, JPEG or SVG, at most 200 KB,
/// and the bytes must be what the type says. An SVG is stored as
/// `clean_svg` rewrites it. Errors: `logo_type`, `logo_too_large`,
/// `logo_unsafe`.
pub fn check_logo(data_url: &str) -> Result<(String, Vec<u8>), &'static str> {
    let (head, b64) = data_url.split_once(',').ok_or("logo_type")?;
    let mime = head
        .strip_prefix("data:")
        .and_then(|h| h.strip_suffix(";base64"))
        .ok_or("logo_type")?;
    if b64.len() > MAX_LOGO_BYTES / 3 * 4 + 8 {
        return Err("logo_too_large");
    }
    let bytes = data_encoding::BASE64
        .decode(b64.trim().as_bytes())
        .map_err(|_| "logo_type")?;
    if bytes.len() > MAX_LOGO_BYTES {
        return Err("logo_too_large");
    }
    let looks_right = match mime {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/svg+xml" => return clean_svg(&bytes).map(|svg| (mime.to_owned(), svg)),
        _ => false,
    };
    if !looks_right {
        return Err("logo_type");
    }
    Ok((mime.to_owned(), bytes))
}

/// An SVG logo, parsed and written anew by usvg: what comes out is only
/// what it can draw (paths, fills, gradients, embedded raster images), so
/// scripts, event handlers, `foreignObject`, external references and
/// anything else it does not know are gone (an allow-list, not a search for
/// bad words). Errors: `logo_type` (not an SVG it can read), `logo_text`
/// (text not converted to outlines), `logo_unsafe` (nothing drawable is
/// left), `logo_too_large`.
pub fn clean_svg(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    // Text would need the server's fonts to be drawn; rather than lose it
    // silently, ask for the logo with its text converted to outlines.
    let source = std::str::from_utf8(bytes).map_err(|_| "logo_type")?;
    let doc = roxmltree::Document::parse(source).map_err(|_| "logo_type")?;
    if doc
        .descendants()
        .any(|n| n.is_element() && n.tag_name().name() == "text")
    {
        return Err("logo_text");
    }
    let options = usvg::Options::default();
    let tree = usvg::Tree::from_data(bytes, &options).map_err(|_| "logo_type")?;
    if !tree.root().has_children() {
        return Err("logo_unsafe");
    }
    let clean = tree.to_string(&usvg::WriteOptions::default());
    if clean.len() > MAX_LOGO_BYTES {
        return Err("logo_too_large");
    }
    Ok(clean.into_bytes())
}

/// Sets (`Some`) or removes (`None`) an entity's logo (admins only); the
/// change is audited. Field error `logo=<code>` from `check_logo`.
/// Returns the logo's new version (`None` once removed).
pub async fn set_logo(
    db: &DatabaseConnection,
    caller: Option<&entity::dto::CurrentUser>,
    entity_id: i32,
    data_url: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<i32>, ServiceError> {
    use crate::authz::{authorize, Action};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    authorize(caller, Action::OpenPortal(entity::domain::Portal::Admin))?;
    business_entity::Entity::find_by_id(entity_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = brand_logo::Entity::find_by_id(entity_id).one(db).await?;
    let actor = caller.map(|c| c.user_id);
    let Some(url) = data_url else {
        if before.is_some() {
            brand_logo::Entity::delete_by_id(entity_id).exec(db).await?;
            crate::audit::record(
                db,
                actor,
                "business_entities",
                entity_id,
                "logo_removed",
                serde_json::json!({}),
                now,
            )
            .await?;
        }
        return Ok(None);
    };
    let (mime, bytes) = match check_logo(url) {
        Ok(x) => x,
        Err(code) => return Err(ServiceError::field("logo", code)),
    };
    let data = data_encoding::BASE64.encode(&bytes);
    let version = before.as_ref().map_or(1, |b| b.version + 1);
    let row = brand_logo::ActiveModel {
        business_entity_id: Set(entity_id),
        content_type: Set(mime.clone()),
        data: Set(data),
        updated_at: Set(now),
        version: Set(version),
    };
    if before.is_some() {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    crate::audit::record(
        db,
        actor,
        "business_entities",
        entity_id,
        "logo_set",
        serde_json::json!({ "content_type": mime, "bytes": bytes.len(), "version": version }),
        now,
    )
    .await?;
    Ok(Some(version))
}

/// An entity's logo by its code, for `/api/brands/{code}/logo` (public:
/// it is on the customer-facing pages).
pub async fn logo(
    db: &DatabaseConnection,
    code: &str,
) -> Result<Option<(String, Vec<u8>)>, ServiceError> {
    let Some(e) = business_entity::Entity::find()
        .filter(business_entity::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(brand_logo::Entity::find_by_id(e.id)
        .one(db)
        .await?
        .and_then(|l| {
            let bytes = data_encoding::BASE64.decode(l.data.as_bytes()).ok()?;
            Some((l.content_type, bytes))
        }))
}

/// Every entity's theme (`theme_css`), as the portals' `brands.css`: a new
/// entity, or a changed brand colour, shows on the next page load.
pub async fn stylesheet(db: &DatabaseConnection) -> Result<String, ServiceError> {
    let mut css =
        String::from("/* Brand themes per business entity, from the admin's settings. */\n");
    for e in business_entity::Entity::find()
        .order_by_asc(business_entity::Column::Id)
        .all(db)
        .await?
    {
        if let Some(rule) = entity::domain::brand::theme_css(&e.code, &e.brand_color) {
            css.push_str(&rule);
            css.push('\n');
        }
    }
    Ok(css)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{seed, testing};

    #[tokio::test]
    async fn lists_the_seeded_brands_in_order_on_every_backend() {
        for tdb in testing::databases().await {
            assert!(list(&tdb.db).await.unwrap().is_empty(), "{}", tdb.backend);
            seed::seed_with(&tdb.db, testing::TODAY, seed::Volumes::small())
                .await
                .unwrap();
            let brands = list(&tdb.db).await.unwrap();
            let css = stylesheet(&tdb.db).await.unwrap();
            assert_eq!(
                css.lines().count(),
                1 + brands.len(),
                "one theme per entity"
            );
            for b in &brands {
                assert!(
                    css.contains(&format!(
                        "[data-entity=\"{}\"]{{--brand:{}",
                        b.code, b.brand_color
                    )),
                    "{css}"
                );
            }
            let prefixes: Vec<&str> = brands.iter().map(|b| b.order_prefix.as_str()).collect();
            assert_eq!(prefixes, ["CC", "LT", "MKT", "ZS", "RS"], "{}", tdb.backend);
            assert_eq!(brands[0].support_email, "support@chargecars.nl");
            assert_eq!(brands[1].whatsapp_number.as_deref(), Some("+31 6 12345679"));
            assert_eq!(brands[2].whatsapp_number, None);
            tdb.cleanup().await;
        }
    }

    #[tokio::test]
    async fn an_admin_sets_a_checked_logo_that_the_brand_list_points_to() {
        use entity::domain::Role;
        for tdb in testing::databases().await {
            let db = &tdb.db;
            seed::seed_with(db, testing::TODAY, seed::Volumes::small())
                .await
                .unwrap();
            let now = testing::TODAY.and_hms_opt(9, 0, 0).unwrap().and_utc();
            let admin = testing::caller(Role::Admin);
            let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect width='10' height='10' fill='#0f766e'/></svg>";
            let url = format!(
                "data:image/svg+xml;base64,{}",
                data_encoding::BASE64.encode(svg.as_bytes())
            );
            assert_eq!(
                set_logo(db, Some(&admin), 1, Some(&url), now)
                    .await
                    .map_err(ServiceError::into_fields),
                Ok(Some(1))
            );
            let brands = list(db).await.unwrap();
            assert_eq!(
                brands[0].logo_url().as_deref(),
                Some("/api/brands/chargecars/logo?v=1")
            );
            assert_eq!(brands[1].logo_url(), None);
            let (mime, bytes) = logo(db, "chargecars").await.unwrap().unwrap();
            assert_eq!(mime, "image/svg+xml");
            let stored = String::from_utf8(bytes).unwrap();
            assert!(stored.contains("#0f766e"), "the drawing is kept: {stored}");
            // A second upload is a new version; bad ones are refused and change nothing.
            assert_eq!(
                set_logo(db, Some(&admin), 1, Some(&url), now)
                    .await
                    .map_err(ServiceError::into_fields),
                Ok(Some(2))
            );
            let evil = format!(
                "data:image/svg+xml;base64,{}",
                data_encoding::BASE64.encode(
                    b"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'><script>alert(1)</script></svg>"
                )
            );
            let fake_png = format!(
                "data:image/png;base64,{}",
                data_encoding::BASE64.encode(b"GIF89a")
            );
            let huge = format!("data:image/png;base64,{}", "A".repeat(MAX_LOGO_BYTES * 2));
            for (bad, code) in [
                (evil, "logo_unsafe"),
                (fake_png, "logo_type"),
                (huge, "logo_too_large"),
            ] {
                assert_eq!(
                    set_logo(db, Some(&admin), 1, Some(&bad), now)
                        .await
                        .map_err(ServiceError::into_fields),
                    Err(vec![("logo".to_owned(), code.to_owned())])
                );
            }
            assert_eq!(list(db).await.unwrap()[0].logo_version, Some(2));
            // Only admins; removing it clears the link.
            assert!(matches!(
                set_logo(db, Some(&testing::caller(Role::Planner)), 1, None, now).await,
                Err(ServiceError::Forbidden)
            ));
            assert_eq!(
                set_logo(db, Some(&admin), 1, None, now)
                    .await
                    .map_err(ServiceError::into_fields),
                Ok(None)
            );
            assert_eq!(logo(db, "chargecars").await.unwrap(), None);
            tdb.cleanup().await;
        }
    }

    #[test]
    fn an_svg_keeps_its_drawing_and_loses_everything_active() {
        let hostile = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" onload="alert(1)">
            <script>alert(2)</script>
            <a xlink:href="javascript:alert(3)"><rect width="40" height="20" fill="#123456" onclick="alert(4)"/></a>
            <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
            <image href="https://evil.example/track.png" width="5" height="5"/>
            <set attributeName="onload" to="alert(5)"/>
        </svg>"##;
        let clean = String::from_utf8(clean_svg(hostile).unwrap()).unwrap();
        assert!(clean.contains("#123456"), "{clean}");
        for gone in [
            "script",
            "alert",
            "javascript",
            "foreignObject",
            "iframe",
            "evil.example",
            "onload",
            "onclick",
            "<set",
        ] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
        // Text is refused with a reason instead of vanishing.
        assert_eq!(
            clean_svg(br#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>Ratio</text></svg>"#),
            Err("logo_text")
        );
        // The issue's probe is not even an SVG it can read.
        assert_eq!(clean_svg(b"<svg/onload=alert(1)>"), Err("logo_type"));
        assert_eq!(clean_svg(b"GIF89a"), Err("logo_type"));
        // Only active content: nothing is left to draw.
        assert_eq!(
            clean_svg(br#"<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>"#),
            Err("logo_unsafe")
        );
    }
}
