use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A message to send, and how its delivery went (`services::delivery`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `email`, `sms` or `whatsapp`
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub template: String,
    pub business_entity_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// `pending`, `sending` (handed to the provider, not yet confirmed),
    /// `sent`, `failed` (dead letter, with `last_error`), `uncertain` (the
    /// worker stopped mid-send: never sent again automatically),
    /// `suppressed` (a policy said no: `last_error` says which) or
    /// `skipped` (written before delivery existed).
    pub state: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Not before this time (retry back-off, quiet hours).
    pub not_before: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// One message per key, delivered at most once; also its Message-ID.
    #[sea_orm(unique)]
    pub idempotency_key: String,
    /// When the worker took it.
    pub claimed_at: Option<DateTimeUtc>,
    /// `transactional`, `urgent` or `marketing` (the policies of 001).
    pub class: String,
    /// Equal for the same message to the same contact (no duplicate within
    /// 24 hours).
    pub dedupe_key: String,
    /// The HTML part of an e-mail (the text part is `body`).
    pub html_body: Option<String>,
    /// The order it is about: its thread.
    pub order_id: Option<i32>,
    /// The SMS or WhatsApp provider's id of the message.
    pub provider_ref: Option<String>,
    /// The last status the provider reported (`delivered`, `read`, `failed`…).
    pub provider_status: Option<String>,
    pub status_at: Option<DateTimeUtc>,
    /// The token of the mail's one-click unsubscribe link. Kept as is: it
    /// can do one thing only, opt the recipient out of marketing mail.
    pub unsubscribe_token: Option<String>,
    /// `nl` or `en`.
    pub language: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
