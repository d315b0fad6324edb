use sea_orm::entity::prelude::*;

/// A month's commission paid out to a partner (`domain::commission`): the
/// amount is the statement's total when it was paid, and stays as it was.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "commission_payouts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub partner_id: i32,
    /// `2026-11`
    pub period: String,
    pub amount_cents: i64,
    /// The invoices the amount covers.
    pub invoices: i32,
    /// The bank transfer's reference, as finance booked it.
    pub reference: String,
    pub paid_at: DateTimeUtc,
    /// Who recorded it; `None` for the demo data.
    pub paid_by_user_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
