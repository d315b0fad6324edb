//! The partner API's reference page (issue 20; 002 "API Documentation
//! Portal"): made from the OpenAPI document the server serves (generated
//! from the handlers), so the page cannot drift from the API. Each
//! operation gets its scope, parameters, an example request and answer
//! built from the schemas' examples, and a complete `curl` call.

use crate::authz::{authorize, Action};
use crate::ServiceError;
use entity::domain::Portal;
use entity::dto::{ApiOperationDoc, ApiParamDoc, ApiReferenceDto, CurrentUser};
use serde_json::{json, Map, Value};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Follows a `$ref` into the document's components.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(doc, |v, k| &v[k]))
            .filter(|v| !v.is_null())
            .unwrap_or(schema),
        None => schema,
    }
}

/// A value for `schema` from its examples, else a plain one of its type.
fn example(doc: &Value, schema: &Value, depth: u8) -> Value {
    let schema = resolve(doc, schema);
    if let Some(e) = schema.get("example") {
        return e.clone();
    }
    if let Some(e) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        return e.clone();
    }
    if depth > 6 {
        return Value::Null;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut out = Map::new();
        for s in all {
            match example(doc, s, depth + 1) {
                Value::Object(m) => out.extend(m),
                other if all.len() == 1 => return other,
                _ => {}
            }
        }
        return Value::Object(out);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let first = alts
                .iter()
                .find(|s| resolve(doc, s).get("type") != Some(&json!("null")));
            return first.map_or(Value::Null, |s| example(doc, s, depth + 1));
        }
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        return first.clone();
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => "null",
    };
    match ty {
        "object" => {
            let mut out = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    out.insert(k.clone(), example(doc, v, depth + 1));
                }
            }
            Value::Object(out)
        }
        "array" => match schema.get("items") {
            Some(items) => Value::Array(vec![example(doc, items, depth + 1)]),
            None => json!([]),
        },
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2026-12-01T09:30:00Z"),
            Some("date") => json!("2026-12-01"),
            Some("uri") => json!("https://example.nl/"),
            _ => json!("string"),
        },
        "integer" => schema.get("minimum").cloned().unwrap_or(json!(1)),
        "number" => json!(1.0),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Shell-quotes `s` in single quotes.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn operation(doc: &Value, base_url: &str, path: &str, method: &str, op: &Value) -> ApiOperationDoc {
    let mut params = Vec::new();
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = resolve(doc, p);
        let ex = p
            .get("example")
            .cloned()
            .or_else(|| p.get("schema").map(|s| example(doc, s, 0)))
            .unwrap_or(Value::Null);
        params.push(ApiParamDoc {
            name: text(p.get("name")),
            location: text(p.get("in")),
            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
            description: text(p.get("description")),
            example: match ex {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            },
        });
    }
    let mut url = format!("{}{path}", base_url.trim_end_matches('/'));
    for p in params.iter().filter(|p| p.location == "path") {
        url = url.replace(&format!("{{{}}}", p.name), &p.example);
    }
    let query: Vec<String> = params
        .iter()
        .filter(|p| p.location == "query" && p.required)
        .map(|p| format!("{}={}", p.name, entity::paths::enc(&p.example)))
        .collect();
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    let body_schema = op
        .pointer("/requestBody/content/application~1json/schema")
        .map(|s| example(doc, s, 0));
    let mut responses = Vec::new();
    let mut response_example = None;
    if let Some(rs) = op.get("responses").and_then(Value::as_object) {
        for (status, r) in rs {
            let r = resolve(doc, r);
            responses.push((status.clone(), text(r.get("description"))));
            if response_example.is_none() && status.starts_with('2') {
                response_example = r
                    .pointer("/content/application~1json/schema")
                    .map(|s| serde_json::to_string_pretty(&example(doc, s, 0)).unwrap_or_default());
            }
        }
    }
    let mut curl = format!(
        "curl -sS -X {} {} \\\n  -H 'Authorization: Bearer $CC_API_KEY'",
        method.to_uppercase(),
        quoted(&url)
    );
    if let Some(body) = &body_schema {
        curl.push_str(&format!(
            " \\\n  -H 'Content-Type: application/json' \\\n  -H 'Idempotency-Key: 2f6c1e0a-9b7d-4f31-8a52-1c3d5e7f9a0b' \\\n  -d {}",
            quoted(&body.to_string())
        ));
    }
    if path.ends_with("/pdf") {
        curl.push_str(" \\\n  -o invoice.pdf");
    }
    let scope = op
        .get("security")
        .and_then(Value::as_array)
        .and_then(|s| s.first())
        .and_then(Value::as_object)
        .and_then(|m| m.values().next())
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let id = format!("{method}{path}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    ApiOperationDoc {
        id,
        method: method.to_uppercase(),
        path: path.to_owned(),
        tag: op
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        summary: text(op.get("summary")),
        description: text(op.get("description")),
        scope,
        params,
        request_example: body_schema.map(|b| serde_json::to_string_pretty(&b).unwrap_or_default()),
        response_example,
        responses,
        curl,
    }
}

/// The reference of an OpenAPI document, its examples calling `base_url`.
/// Operations are grouped by their tag in the document's tag order.
pub fn reference(doc: &Value, base_url: &str, openapi_path: &str) -> ApiReferenceDto {
    let tags: Vec<(String, String)> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| (text(t.get("name")), text(t.get("description"))))
        .collect();
    let mut operations = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for m in METHODS {
                if let Some(op) = item.get(m) {
                    operations.push(operation(doc, base_url, path, m, op));
                }
            }
        }
    }
    let rank = |t: &str| tags.iter().position(|(n, _)| n == t).unwrap_or(usize::MAX);
    operations.sort_by(|a, b| {
        rank(&a.tag)
            .cmp(&rank(&b.tag))
            .then(a.path.cmp(&b.path))
            .then(a.method.cmp(&b.method))
    });
    ApiReferenceDto {
        title: text(doc.pointer("/info/title")),
        version: text(doc.pointer("/info/version")),
        intro: text(doc.pointer("/info/description")),
        base_url: base_url.trim_end_matches('/').to_owned(),
        openapi_url: format!("{}{openapi_path}", base_url.trim_end_matches('/')),
        tags,
        operations,
    }
}

/// The served OpenAPI document, which the server puts where the portal's
/// server functions find it.
#[derive(Clone, Debug)]
pub struct OpenApiDocument(pub std::sync::Arc<Value>);

/// The reference for a partner (or an admin looking at the partner
/// portal), its examples calling the configured public URL.
pub fn for_caller(
    caller: Option<&CurrentUser>,
    doc: &OpenApiDocument,
) -> Result<ApiReferenceDto, ServiceError> {
    authorize(caller, Action::OpenPortal(Portal::Partner))?;
    Ok(reference(
        &doc.0,
        crate::runtime::public_url(),
        "/api/v1/openapi.json",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1.0.0", "description": "Intro"},
            "tags": [{"name": "orders", "description": "Orders"}, {"name": "leads", "description": "Leads"}],
            "paths": {
                "/api/v1/leads": {"post": {
                    "tags": ["leads"], "summary": "Submits a lead",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewLead"}}}},
                    "responses": {"201": {"description": "Made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                                  "422": {"description": "Wrong fields"}},
                    "security": [{"api_key": ["leads:write"]}]
                }},
                "/api/v1/orders/{number}": {"get": {
                    "tags": ["orders"], "summary": "One order", "description": "With its history.",
                    "parameters": [{"name": "number", "in": "path", "required": true, "schema": {"type": "string"}, "example": "CC-2026-00042"},
                                   {"name": "expand", "in": "query", "required": false, "schema": {"type": "boolean"}}],
                    "responses": {"200": {"description": "The order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}},
                    "security": [{"api_key": ["orders:read"]}]
                }}
            },
            "components": {"schemas": {
                "NewLead": {"type": "object", "required": ["postcode"], "properties": {
                    "postcode": {"type": "string", "example": "3861AB"},
                    "chargers": {"type": "integer", "minimum": 1},
                    "note": {"type": ["string", "null"]},
                    "it's": {"type": "string", "example": "o'clock"}
                }},
                "Order": {"type": "object", "properties": {
                    "order_number": {"type": "string", "example": "CC-2026-00042"},
                    "history": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}},
                    "created_at": {"type": "string", "format": "date-time"}
                }},
                "Step": {"type": "object", "properties": {"status": {"type": "string", "enum": ["new_lead", "intake_sent"]}}}
            }}
        })
    }

    #[test]
    fn each_operation_gets_its_scope_examples_and_a_curl_call() {
        let r = reference(&doc(), "https://portal.example.nl/", "/api/v1/openapi.json");
        assert_eq!(
            r.openapi_url,
            "https://portal.example.nl/api/v1/openapi.json"
        );
        // Grouped by the document's tag order: orders before leads.
        let paths: Vec<&str> = r.operations.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(paths, ["/api/v1/orders/{number}", "/api/v1/leads"]);
        let get = &r.operations[0];
        assert_eq!(
            (get.method.as_str(), get.scope.as_str()),
            ("GET", "orders:read")
        );
        assert_eq!(get.id, "get-api-v1-orders-number");
        assert_eq!(get.params[0].example, "CC-2026-00042");
        assert!(get.params[0].required && !get.params[1].required);
        assert!(get.curl.starts_with(
            "curl -sS -X GET 'https://portal.example.nl/api/v1/orders/CC-2026-00042' \\"
        ));
        let answer: Value = serde_json::from_str(get.response_example.as_deref().unwrap()).unwrap();
        assert_eq!(answer["order_number"], "CC-2026-00042");
        assert_eq!(answer["history"][0]["status"], "new_lead");
        assert_eq!(answer["created_at"], "2026-12-01T09:30:00Z");

        let post = &r.operations[1];
        assert_eq!(post.scope, "leads:write");
        let body: Value = serde_json::from_str(post.request_example.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"postcode": "3861AB", "chargers": 1, "note": "string", "it's": "o'clock"})
        );
        // The body survives the shell: the quote inside is escaped.
        assert!(
            post.curl
                .contains(r#"-d '{"chargers":1,"it'\''s":"o'\''clock","#),
            "{}",
            post.curl
        );
        assert!(post.curl.contains("Idempotency-Key: "));
        assert_eq!(
            post.responses,
            vec![
                ("201".into(), "Made".into()),
                ("422".into(), "Wrong fields".into())
            ]
        );
    }

    #[test]
    fn only_those_who_may_open_the_partner_portal_read_it() {
        let r = OpenApiDocument(std::sync::Arc::new(doc()));
        for role in entity::domain::Role::ALL {
            let c = crate::testing::caller(role);
            let ok = matches!(
                role,
                entity::domain::Role::PartnerUser | entity::domain::Role::Admin
            );
            assert_eq!(for_caller(Some(&c), &r).is_ok(), ok, "{role:?}");
        }
        assert!(matches!(
            for_caller(None, &r),
            Err(ServiceError::Unauthenticated)
        ));
    }
}
