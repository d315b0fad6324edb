//! `GET /api/quotes/{id}/pdf`: a quote version as PDF, for whoever may read
//! the order (ops: every line; customer or partner: their side). Others get
//! 404, like a missing quote.

use app::error::AppError;
use axum::extract::{Extension, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use services::auth::Caller;
use services::ServiceError;

pub async fn quote_pdf(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
) -> Response {
    // Not allowed to read it answers like a missing quote.
    pdf_response(services::quotes::pdf(&db, caller.0.as_ref(), id).await)
}

/// `GET /api/orders/{number}/afspraak.ics`: the order's appointment as a
/// calendar file, for its customer (and staff). Others get 404.
pub async fn appointment_ics(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(number): Path<String>,
) -> Response {
    match services::slots::ics(&db, caller.0.as_ref(), &number).await {
        Ok(text) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"afspraak-{}.ics\"",
                        safe_name(&number)
                    ),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            text,
        )
            .into_response(),
        Err(ServiceError::Forbidden) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/service-photos/{id}`: a service case's photo, for its
/// customer and staff. Others get 404.
pub async fn service_photo(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
) -> Response {
    match services::service_cases::photo(&db, caller.0.as_ref(), id).await {
        Ok((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(ServiceError::Forbidden) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/field/photos/{id}`: a visit photo, for ops and the technician
/// who took it; others get 404, like a missing photo.
pub async fn field_photo(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i32>,
) -> Response {
    let store = services::photos::store();
    match services::photos::read(&db, &store, caller.0.as_ref(), id).await {
        Ok((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

fn pdf_response(result: Result<(String, Vec<u8>), ServiceError>) -> Response {
    match result {
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{}\"", safe_name(&name)),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(ServiceError::Forbidden) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/invoices/{number}/pdf`: an invoice to the customer, for that
/// customer and staff. Others get 404.
pub async fn invoice_pdf(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(number): Path<String>,
) -> Response {
    pdf_response(services::customer_documents::invoice_pdf(&db, caller.0.as_ref(), &number).await)
}

/// `GET /api/orders/{number}/opleverrapport.pdf`: the sign-off report.
pub async fn sign_off_pdf(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(number): Path<String>,
) -> Response {
    pdf_response(services::customer_documents::sign_off_pdf(&db, caller.0.as_ref(), &number).await)
}

/// `GET /api/orders/{number}/garantiebewijs.pdf`: the warranty certificate.
pub async fn warranty_pdf(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(number): Path<String>,
) -> Response {
    pdf_response(
        services::customer_documents::warranty_pdf(
            &db,
            caller.0.as_ref(),
            &number,
            chrono::Utc::now(),
        )
        .await,
    )
}

/// `GET /api/mijn-gegevens.json`: everything we hold about the signed-in
/// customer (GDPR access and portability).
pub async fn my_data(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
) -> Response {
    match services::customer_account::export(&db, caller.0.as_ref(), chrono::Utc::now()).await {
        Ok(json) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/json; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"mijn-gegevens.json\"".to_owned(),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            json,
        )
            .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/documenten.zip`: every document of the signed-in customer.
pub async fn documents_zip(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
) -> Response {
    match services::customer_documents::zip_all(&db, caller.0.as_ref(), chrono::Utc::now()).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"documenten.zip\"".to_owned(),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// A file name from an order number: letters, digits and dashes only.
fn safe_name(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .take(60)
        .collect()
}

/// `GET /api/admin/audit.csv?user=&table=&record=&from=&to=`: the audit
/// lines that match, as a CSV download (admins only).
pub async fn audit_csv(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    axum::extract::Query(filter): axum::extract::Query<entity::dto::AuditFilter>,
) -> Response {
    match services::audit::search::csv(&db, caller.0.as_ref(), &filter).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"audit.csv\"".to_owned(),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            text,
        )
            .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/partner/orders.csv?status=&entity=&region=&from=&to=&q=`: the
/// partner's orders that match, as a CSV download (partner users only).
pub async fn partner_orders_csv(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    axum::extract::Query(filter): axum::extract::Query<entity::dto::PartnerOrderFilter>,
) -> Response {
    match services::partner_orders::csv(&db, caller.0.as_ref(), &filter).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"orders.csv\"".to_owned(),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            text,
        )
            .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct WhichPartner {
    partner: Option<i32>,
}

/// `GET /api/commission/{period}.pdf` or `.csv` (`?partner=` for staff): a
/// partner's commission statement of one month. A partner gets its own;
/// anyone else, or a month that is not one, 404.
pub async fn commission_statement(
    State(db): State<DatabaseConnection>,
    Extension(caller): Extension<Caller>,
    Path(file): Path<String>,
    axum::extract::Query(which): axum::extract::Query<WhichPartner>,
) -> Response {
    let Some((period, ext)) = file.rsplit_once('.') else {
        return AppError::NotFound.into_response();
    };
    if ext != "pdf" && ext != "csv" {
        return AppError::NotFound.into_response();
    }
    let now = chrono::Utc::now();
    let s =
        match services::commission::statement(&db, caller.0.as_ref(), which.partner, period, now)
            .await
        {
            Ok(s) => s,
            Err(e) => return pdf_response(Err(e)),
        };
    if ext == "pdf" {
        let name = services::commission::file_name(&s, "pdf");
        return pdf_response(services::commission::pdf(&db, &s).await.map(|b| (name, b)));
    }
    match services::commission::csv(&s) {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}\"",
                        safe_name(&services::commission::file_name(&s, "csv"))
                    ),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            text,
        )
            .into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/brands/{code}/logo`: a business entity's logo, for anyone (it
/// is on the customer-facing pages). Served so that an SVG cannot run
/// anything, even when opened on its own.
pub async fn brand_logo(
    State(db): State<DatabaseConnection>,
    Path(code): Path<String>,
) -> Response {
    match services::brands::logo(&db, &code).await {
        Ok(Some((mime, bytes))) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_owned(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
