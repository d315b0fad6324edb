//! Server-side services. Server functions and HTTP handlers are thin shims
//! over these functions; each has its own tests on SQLite (and PostgreSQL
//! when one is reachable).

pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod booking;
pub mod brands;
pub mod business_entities;
pub mod catalogue;
pub mod completion;
pub mod consent;
pub mod customer_account;
pub mod customer_documents;
pub mod customer_home;
pub mod db;
pub mod delivery;
pub mod domain_events;
pub mod effects;
pub mod error;
pub mod events;
pub mod field;
pub mod inbound;
pub mod intake;
pub mod leads;
pub mod message_stats;
pub mod messages;
pub mod mfa;
pub mod numbering;
pub mod optimise;
pub mod order_detail;
pub mod order_lines;
pub mod orders;
pub mod outbox;
pub mod partner_api;
pub mod partners;
pub mod pdf;
pub mod photos;
pub mod pipeline;
pub mod planning;
pub mod portal_order;
pub mod quotes;
pub mod regions;
pub mod routing;
pub mod runtime;
pub mod seed;
pub mod service_cases;
pub mod settings;
pub mod sla;
pub mod slots;
pub mod surveys;
pub mod team_templates;
pub mod template_admin;
pub mod templates;
pub mod threads;
pub mod throttle;
pub mod timesheets;
pub mod timings;
pub mod transition;
pub mod users;
pub mod visits;
pub mod workflows;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::{FieldErrors, ServiceError};
pub use sea_orm::DatabaseConnection;
