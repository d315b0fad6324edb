use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Leave, sickness or training; both dates inclusive.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "technician_absences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub technician_id: i32,
    /// `domain::AbsenceKind`
    pub kind: String,
    pub date_from: Date,
    pub date_to: Date,
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::technician::Entity",
        from = "Column::TechnicianId",
        to = "super::technician::Column::Id",
        on_delete = "Cascade"
    )]
    Technician,
}

impl ActiveModelBehavior for ActiveModel {}
