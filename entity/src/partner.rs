use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A channel partner: an organisation contact with a partner type and
/// commission terms.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "partners")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub contact_id: i32,
    /// `domain::PartnerType`
    pub partner_type: String,
    /// `domain::OnboardingStatus`
    pub onboarding_status: String,
    /// Commission in basis points of the order value (1,000 = 10 %).
    pub commission_bp: i32,
    pub commission_terms: String,
    pub created_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::contact::Entity",
        from = "Column::ContactId",
        to = "super::contact::Column::Id"
    )]
    Contact,
}

impl Related<super::contact::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contact.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
