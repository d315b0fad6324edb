use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A booking (`kind` "booked") or a move ("rescheduled") of a visit's
/// appointment, with who asked for it and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "appointment_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub visit_id: i32,
    pub kind: String,
    pub from_date: Option<Date>,
    pub from_start_min: Option<i32>,
    pub from_end_min: Option<i32>,
    pub to_date: Date,
    pub to_start_min: i32,
    pub to_end_min: i32,
    pub reason: Option<String>,
    /// The old appointment was on a published route.
    pub after_publishing: bool,
    pub by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
