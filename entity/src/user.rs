use sea_orm::entity::prelude::*;

/// A login. Holds secrets (password hash, TOTP secret): it is never sent to
/// the client and deliberately does not implement `Serialize`; use
/// `dto::UserDto`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    /// `domain::Role`
    pub role: String,
    /// Set for `partner_user`: the partner organisation they act for.
    pub partner_id: Option<i32>,
    /// A partner user who administers their organisation's integration:
    /// only they make, rotate and revoke API keys and manage webhooks.
    pub partner_admin: bool,
    /// Set for `customer`: their own contact.
    pub contact_id: Option<i32>,
    pub totp_secret: Option<String>,
    pub mfa_enabled: bool,
    /// The last TOTP time step that was accepted; older or equal steps are replays.
    pub totp_last_step: Option<i64>,
    pub locale: String,
    pub active: bool,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::partner::Entity",
        from = "Column::PartnerId",
        to = "super::partner::Column::Id"
    )]
    Partner,
    #[sea_orm(
        belongs_to = "super::contact::Entity",
        from = "Column::ContactId",
        to = "super::contact::Column::Id"
    )]
    Contact,
}

impl ActiveModelBehavior for ActiveModel {}
