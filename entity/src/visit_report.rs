use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What the technicians recorded at a visit, step by step (issue 19): one
/// row per visit, filled in as the field app's commands arrive.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "visit_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub visit_id: i32,
    pub on_the_way_at: Option<DateTimeUtc>,
    pub eta_min: Option<i32>,
    pub arrived_at: Option<DateTimeUtc>,
    pub arrived_lat: Option<f64>,
    pub arrived_lng: Option<f64>,
    /// JSON array of `PRE_CHECKLIST` codes ticked.
    pub pre_checklist: Option<String>,
    /// JSON array of installation checklist codes ticked.
    pub install_checklist: Option<String>,
    /// `domain::field::Commissioning` as JSON.
    pub commissioning: Option<String>,
    /// JSON array of `domain::field::MaterialUse`.
    pub materials: Option<String>,
    pub issue_code: Option<String>,
    pub issue_note: Option<String>,
    pub finished_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
