//! SeaORM entities and the domain rules that both the server and the WASM
//! client need. Nothing in this crate may depend on a database driver: it is
//! compiled to `wasm32-unknown-unknown` as part of the hydrate bundle.

pub mod domain;
pub mod dto;
pub mod paths;

pub mod api_key;
pub mod appointment_change;
pub mod audit_log;
pub mod auth_token;
pub mod brand_logo;
pub mod business_entity;
pub mod consent;
pub mod contact;
pub mod day_team;
pub mod day_team_member;
pub mod depot;
pub mod document;
pub mod domain_event;
pub mod erasure_request;
pub mod field_command;
pub mod inbound_message;
pub mod intake_request;
pub mod invoice;
pub mod login_attempt;
pub mod message_template;
pub mod message_timing;
pub mod mfa_recovery_code;
pub mod number_sequence;
pub mod order;
pub mod order_line;
pub mod outbox_message;
pub mod partner;
pub mod pricing_rule;
pub mod product;
pub mod quote;
pub mod quote_line;
pub mod region;
pub mod service_case;
pub mod session;
pub mod setting;
pub mod sign_off;
pub mod sla_escalation;
pub mod slot_hold;
pub mod status_transition;
pub mod survey;
pub mod team_template;
pub mod technician;
pub mod technician_absence;
pub mod thread;
pub mod throttle_hit;
pub mod user;
pub mod visit;
pub mod visit_photo;
pub mod visit_report;
pub mod workflow;
