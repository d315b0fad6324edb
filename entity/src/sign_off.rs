use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Completion data that `completed` requires (000 "Oplevering & Sign-off"):
/// the customer's signature, photo evidence and the technical checklist.
/// Recorded by the technician app, or by ops by hand.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sign_offs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub order_id: i32,
    pub signed_by_name: String,
    /// The signature as SVG path data.
    pub signature: String,
    pub photo_count: i32,
    /// JSON object: checklist item -> done.
    pub checklist: String,
    pub recorded_by_user_id: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
