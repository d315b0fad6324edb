//! Database migrations. They run at server start-up (see `services::db`).

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_business_entities;
mod m20261122_000002_domain;
mod m20261122_000003_auth;
mod m20261122_000004_mfa;
mod m20261122_000005_pipeline;
mod m20261124_000006_workflows;
mod m20261202_000007_visit_slots;
mod m20261202_000008_team_templates;
mod m20261202_000009_brand_logos;
mod m20261203_000010_throttle;
mod m20261203_000011_domain_events;
mod m20261203_000012_outbox_delivery;
mod m20261203_000013_message_policy;
mod m20261204_000014_message_templates;
mod m20261204_000015_text_channels;
mod m20261204_000016_consents;
mod m20261204_000017_message_timings;
mod m20261204_000018_threads;
mod m20261204_000019_customer_scheduling;
mod m20261204_000020_service_cases;
mod m20261204_000021_erasure_requests;
mod m20261204_000022_field_work;
mod m20261205_000023_api_keys;
mod m20261205_000024_api_calls;
mod m20261205_000025_webhooks;
mod m20261205_000026_commission_payouts;
mod m20261205_000027_sandbox;
mod m20261205_000028_partner_admins;
mod m20261205_000029_api_retention;
mod m20261205_000030_pipeline_search;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_business_entities::Migration),
            Box::new(m20261122_000002_domain::Migration),
            Box::new(m20261122_000003_auth::Migration),
            Box::new(m20261122_000004_mfa::Migration),
            Box::new(m20261122_000005_pipeline::Migration),
            Box::new(m20261124_000006_workflows::Migration),
            Box::new(m20261202_000007_visit_slots::Migration),
            Box::new(m20261202_000008_team_templates::Migration),
            Box::new(m20261202_000009_brand_logos::Migration),
            Box::new(m20261203_000010_throttle::Migration),
            Box::new(m20261203_000011_domain_events::Migration),
            Box::new(m20261203_000012_outbox_delivery::Migration),
            Box::new(m20261203_000013_message_policy::Migration),
            Box::new(m20261204_000014_message_templates::Migration),
            Box::new(m20261204_000015_text_channels::Migration),
            Box::new(m20261204_000016_consents::Migration),
            Box::new(m20261204_000017_message_timings::Migration),
            Box::new(m20261204_000018_threads::Migration),
            Box::new(m20261204_000019_customer_scheduling::Migration),
            Box::new(m20261204_000020_service_cases::Migration),
            Box::new(m20261204_000021_erasure_requests::Migration),
            Box::new(m20261204_000022_field_work::Migration),
            Box::new(m20261205_000023_api_keys::Migration),
            Box::new(m20261205_000024_api_calls::Migration),
            Box::new(m20261205_000025_webhooks::Migration),
            Box::new(m20261205_000026_commission_payouts::Migration),
            Box::new(m20261205_000027_sandbox::Migration),
            Box::new(m20261205_000028_partner_admins::Migration),
            Box::new(m20261205_000029_api_retention::Migration),
            Box::new(m20261205_000030_pipeline_search::Migration),
        ]
    }
}
