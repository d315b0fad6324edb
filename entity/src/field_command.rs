use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A command from the technician's app (`domain::field::FieldCommand`),
/// kept once per id the phone made, with the answer it got: a command that
/// arrives again gets that answer and changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "field_commands")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The phone's UUID for the command.
    #[sea_orm(unique)]
    pub client_id: String,
    pub user_id: i32,
    pub visit_id: i32,
    /// `FieldAction::kind`
    pub kind: String,
    /// The command as it came (JSON).
    pub payload: String,
    /// The answer (`FieldReply`, JSON).
    pub reply: String,
    /// When the technician did it (the phone's clock).
    pub done_at: DateTimeUtc,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
