//! The domain model: regions, contacts, partners, users, catalogue and
//! pricing, orders with lines, quotes, transitions and audit, technicians,
//! teams, visits and invoices.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk_with(
    action: ForeignKeyAction,
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(action)
        .to_owned()
}

/// A reference that blocks deleting its target.
fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    fk_with(
        ForeignKeyAction::Restrict,
        from_table,
        from_col,
        to_table,
        to_col,
    )
}

/// A part that goes when its whole is deleted.
fn cascade(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    fk_with(
        ForeignKeyAction::Cascade,
        from_table,
        from_col,
        to_table,
        to_col,
    )
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(pk_auto(Regions::Id))
                .col(string_len_uniq(Regions::Code, 8))
                .col(string_len(Regions::Name, 120))
                .col(string_len(Regions::Pc4Ranges, 400))
                .col(integer(Regions::Version).default(1))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Depots::Table)
                .col(pk_auto(Depots::Id))
                .col(string_len(Depots::Name, 120))
                .col(string_len(Depots::Street, 200))
                .col(string_len(Depots::Postcode, 7))
                .col(string_len(Depots::City, 120))
                .col(double(Depots::Lat))
                .col(double(Depots::Lng))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Contacts::Table)
                .col(pk_auto(Contacts::Id))
                .col(string_len(Contacts::Kind, 16))
                .col(string_len(Contacts::DisplayName, 200))
                .col(string_len_null(Contacts::FirstName, 100))
                .col(string_len_null(Contacts::LastName, 120))
                .col(string_len_null(Contacts::OrganizationName, 200))
                .col(integer_null(Contacts::ParentId))
                .col(string_len_null(Contacts::Email, 254))
                .col(string_len_null(Contacts::Phone, 32))
                .col(string_len_null(Contacts::Street, 200))
                .col(string_len_null(Contacts::HouseNumber, 16))
                .col(string_len_null(Contacts::Postcode, 7))
                .col(string_len_null(Contacts::City, 120))
                .col(double_null(Contacts::Lat))
                .col(double_null(Contacts::Lng))
                .col(timestamp_with_time_zone(Contacts::CreatedAt))
                .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                .col(integer(Contacts::Version).default(1))
                .foreign_key(&mut fk(
                    Contacts::Table,
                    Contacts::ParentId,
                    Contacts::Table,
                    Contacts::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, "idx_contacts_email", Contacts::Table, &["email"], false).await?;
        index(
            m,
            "idx_contacts_parent",
            Contacts::Table,
            &["parent_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_contacts_postcode",
            Contacts::Table,
            &["postcode"],
            false,
        )
        .await?;
        index(
            m,
            "idx_contacts_display_name",
            Contacts::Table,
            &["display_name"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Partners::Table)
                .col(pk_auto(Partners::Id))
                .col(integer_uniq(Partners::ContactId))
                .col(string_len(Partners::PartnerType, 32))
                .col(string_len(Partners::OnboardingStatus, 16))
                .col(integer(Partners::CommissionBp))
                .col(string_len(Partners::CommissionTerms, 400))
                .col(timestamp_with_time_zone(Partners::CreatedAt))
                .col(integer(Partners::Version).default(1))
                .foreign_key(&mut fk(
                    Partners::Table,
                    Partners::ContactId,
                    Contacts::Table,
                    Contacts::Id,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::DisplayName, 200))
                .col(string_len_null(Users::PasswordHash, 200))
                .col(string_len(Users::Role, 24))
                .col(integer_null(Users::PartnerId))
                .col(integer_null(Users::ContactId))
                .col(string_len_null(Users::TotpSecret, 128))
                .col(boolean(Users::MfaEnabled).default(false))
                .col(string_len(Users::Locale, 5).default("nl"))
                .col(boolean(Users::Active).default(true))
                .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .col(integer(Users::Version).default(1))
                .foreign_key(&mut fk(
                    Users::Table,
                    Users::PartnerId,
                    Partners::Table,
                    Partners::Id,
                ))
                .foreign_key(&mut fk(
                    Users::Table,
                    Users::ContactId,
                    Contacts::Table,
                    Contacts::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, "idx_users_partner", Users::Table, &["partner_id"], false).await?;
        index(m, "idx_users_contact", Users::Table, &["contact_id"], false).await?;

        m.create_table(
            Table::create()
                .table(Products::Table)
                .col(pk_auto(Products::Id))
                .col(string_len_uniq(Products::Sku, 40))
                .col(string_len(Products::Name, 200))
                .col(string_len(Products::Kind, 16))
                .col(string_len(Products::RequiredSkills, 200))
                .col(integer(Products::DurationMinutes))
                .col(boolean(Products::Active).default(true))
                .col(integer(Products::Version).default(1))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PricingRules::Table)
                .col(pk_auto(PricingRules::Id))
                .col(string_len(PricingRules::Kind, 24))
                .col(integer_null(PricingRules::ProductId))
                .col(integer_null(PricingRules::BusinessEntityId))
                .col(string_len_null(PricingRules::PartnerType, 32))
                .col(integer_null(PricingRules::ComplexityLevel))
                .col(big_integer(PricingRules::AmountCents).default(0))
                .col(integer(PricingRules::BasisPoints).default(0))
                .col(date(PricingRules::ValidFrom))
                .col(integer(PricingRules::Version).default(1))
                .foreign_key(&mut cascade(
                    PricingRules::Table,
                    PricingRules::ProductId,
                    Products::Table,
                    Products::Id,
                ))
                .foreign_key(&mut cascade(
                    PricingRules::Table,
                    PricingRules::BusinessEntityId,
                    BusinessEntities::Table,
                    BusinessEntities::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_pricing_rules_product",
            PricingRules::Table,
            &["product_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Orders::Table)
                .col(pk_auto(Orders::Id))
                .col(string_len_uniq(Orders::OrderNumber, 24))
                .col(integer(Orders::BusinessEntityId))
                .col(string_len(Orders::Status, 40))
                .col(integer(Orders::AccountContactId))
                .col(integer(Orders::EndCustomerContactId))
                .col(integer_null(Orders::PartnerId))
                .col(string_len(Orders::ChannelContactIds, 400).default("[]"))
                .col(string_len(Orders::Channel, 24))
                .col(integer_null(Orders::RegionId))
                .col(string_len(Orders::Street, 200))
                .col(string_len(Orders::HouseNumber, 16))
                .col(string_len(Orders::Postcode, 7))
                .col(string_len(Orders::City, 120))
                .col(double(Orders::Lat))
                .col(double(Orders::Lng))
                .col(integer(Orders::ChargerCount).default(1))
                .col(integer(Orders::Complexity).default(1))
                .col(timestamp_with_time_zone(Orders::StatusSince))
                .col(timestamp_with_time_zone_null(Orders::SlaDueAt))
                .col(string_len_null(Orders::HoldReason, 400))
                .col(string_len_null(Orders::CancelReason, 400))
                .col(string_len_null(Orders::StatusBeforeHold, 40))
                .col(timestamp_with_time_zone(Orders::CreatedAt))
                .col(timestamp_with_time_zone(Orders::UpdatedAt))
                .col(integer(Orders::Version).default(1))
                .foreign_key(&mut fk(
                    Orders::Table,
                    Orders::BusinessEntityId,
                    BusinessEntities::Table,
                    BusinessEntities::Id,
                ))
                .foreign_key(&mut fk(
                    Orders::Table,
                    Orders::AccountContactId,
                    Contacts::Table,
                    Contacts::Id,
                ))
                .foreign_key(&mut fk(
                    Orders::Table,
                    Orders::EndCustomerContactId,
                    Contacts::Table,
                    Contacts::Id,
                ))
                .foreign_key(&mut fk(
                    Orders::Table,
                    Orders::PartnerId,
                    Partners::Table,
                    Partners::Id,
                ))
                .foreign_key(&mut fk(
                    Orders::Table,
                    Orders::RegionId,
                    Regions::Table,
                    Regions::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_orders_status",
            Orders::Table,
            &["status", "status_since"],
            false,
        )
        .await?;
        index(
            m,
            "idx_orders_entity_status",
            Orders::Table,
            &["business_entity_id", "status"],
            false,
        )
        .await?;
        index(
            m,
            "idx_orders_partner",
            Orders::Table,
            &["partner_id", "created_at"],
            false,
        )
        .await?;
        index(
            m,
            "idx_orders_end_customer",
            Orders::Table,
            &["end_customer_contact_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_orders_region",
            Orders::Table,
            &["region_id", "status"],
            false,
        )
        .await?;
        index(
            m,
            "idx_orders_sla_due",
            Orders::Table,
            &["sla_due_at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OrderLines::Table)
                .col(pk_auto(OrderLines::Id))
                .col(integer(OrderLines::OrderId))
                .col(integer_null(OrderLines::ProductId))
                .col(string_len(OrderLines::Description, 300))
                .col(integer(OrderLines::Quantity))
                .col(big_integer(OrderLines::UnitPriceCents))
                .col(string_len(OrderLines::Payer, 16))
                .foreign_key(&mut cascade(
                    OrderLines::Table,
                    OrderLines::OrderId,
                    Orders::Table,
                    Orders::Id,
                ))
                .foreign_key(&mut fk(
                    OrderLines::Table,
                    OrderLines::ProductId,
                    Products::Table,
                    Products::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_order_lines_order",
            OrderLines::Table,
            &["order_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Quotes::Table)
                .col(pk_auto(Quotes::Id))
                .col(integer(Quotes::OrderId))
                .col(integer(Quotes::VersionNo))
                .col(string_len(Quotes::Status, 24))
                .col(big_integer(Quotes::CustomerTotalCents))
                .col(big_integer(Quotes::PartnerTotalCents))
                .col(timestamp_with_time_zone(Quotes::CreatedAt))
                .col(timestamp_with_time_zone_null(Quotes::SentAt))
                .col(timestamp_with_time_zone_null(Quotes::CustomerApprovedAt))
                .col(timestamp_with_time_zone_null(Quotes::PartnerApprovedAt))
                .foreign_key(&mut cascade(
                    Quotes::Table,
                    Quotes::OrderId,
                    Orders::Table,
                    Orders::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_quotes_order_version",
            Quotes::Table,
            &["order_id", "version_no"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QuoteLines::Table)
                .col(pk_auto(QuoteLines::Id))
                .col(integer(QuoteLines::QuoteId))
                .col(integer_null(QuoteLines::ProductId))
                .col(string_len(QuoteLines::Description, 300))
                .col(integer(QuoteLines::Quantity))
                .col(big_integer(QuoteLines::UnitPriceCents))
                .col(string_len(QuoteLines::Payer, 16))
                .foreign_key(&mut cascade(
                    QuoteLines::Table,
                    QuoteLines::QuoteId,
                    Quotes::Table,
                    Quotes::Id,
                ))
                .foreign_key(&mut fk(
                    QuoteLines::Table,
                    QuoteLines::ProductId,
                    Products::Table,
                    Products::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_quote_lines_quote",
            QuoteLines::Table,
            &["quote_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StatusTransitions::Table)
                .col(big_pk_auto(StatusTransitions::Id))
                .col(integer(StatusTransitions::OrderId))
                .col(string_len_null(StatusTransitions::FromStatus, 40))
                .col(string_len(StatusTransitions::ToStatus, 40))
                .col(integer_null(StatusTransitions::ActorUserId))
                .col(string_len_null(StatusTransitions::Reason, 400))
                .col(timestamp_with_time_zone(StatusTransitions::CreatedAt))
                .foreign_key(&mut cascade(
                    StatusTransitions::Table,
                    StatusTransitions::OrderId,
                    Orders::Table,
                    Orders::Id,
                ))
                .foreign_key(&mut fk(
                    StatusTransitions::Table,
                    StatusTransitions::ActorUserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_status_transitions_order",
            StatusTransitions::Table,
            &["order_id", "created_at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(integer_null(AuditLog::ActorUserId))
                .col(string_len(AuditLog::TableName, 64))
                .col(string_len(AuditLog::RecordId, 64))
                .col(string_len(AuditLog::Action, 32))
                .col(text(AuditLog::Changes))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .foreign_key(&mut fk(
                    AuditLog::Table,
                    AuditLog::ActorUserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_audit_record",
            AuditLog::Table,
            &["table_name", "record_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_audit_actor",
            AuditLog::Table,
            &["actor_user_id", "created_at"],
            false,
        )
        .await?;
        index(
            m,
            "idx_audit_created",
            AuditLog::Table,
            &["created_at"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Technicians::Table)
                .col(pk_auto(Technicians::Id))
                .col(integer_null(Technicians::UserId))
                .col(string_len(Technicians::Name, 200))
                .col(string_len(Technicians::Phone, 32))
                .col(string_len(Technicians::Skills, 200))
                .col(integer_null(Technicians::HomeRegionId))
                .col(integer(Technicians::WeeklyHours).default(40))
                .col(boolean(Technicians::Active).default(true))
                .col(integer(Technicians::Version).default(1))
                .foreign_key(&mut fk(
                    Technicians::Table,
                    Technicians::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .foreign_key(&mut fk(
                    Technicians::Table,
                    Technicians::HomeRegionId,
                    Regions::Table,
                    Regions::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_technicians_user",
            Technicians::Table,
            &["user_id"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TechnicianAbsences::Table)
                .col(pk_auto(TechnicianAbsences::Id))
                .col(integer(TechnicianAbsences::TechnicianId))
                .col(string_len(TechnicianAbsences::Kind, 16))
                .col(date(TechnicianAbsences::DateFrom))
                .col(date(TechnicianAbsences::DateTo))
                .col(string_len_null(TechnicianAbsences::Reason, 200))
                .foreign_key(&mut cascade(
                    TechnicianAbsences::Table,
                    TechnicianAbsences::TechnicianId,
                    Technicians::Table,
                    Technicians::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_absences_tech_dates",
            TechnicianAbsences::Table,
            &["technician_id", "date_from", "date_to"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DayTeams::Table)
                .col(pk_auto(DayTeams::Id))
                .col(date(DayTeams::Date))
                .col(string_len(DayTeams::Name, 60))
                .col(integer(DayTeams::ShiftStartMin))
                .col(integer(DayTeams::ShiftEndMin))
                .col(boolean(DayTeams::Published).default(false))
                .col(integer(DayTeams::Version).default(1))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_day_teams_date_name",
            DayTeams::Table,
            &["date", "name"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DayTeamMembers::Table)
                .col(integer(DayTeamMembers::DayTeamId))
                .col(integer(DayTeamMembers::TechnicianId))
                .primary_key(
                    Index::create()
                        .col(DayTeamMembers::DayTeamId)
                        .col(DayTeamMembers::TechnicianId),
                )
                .foreign_key(&mut cascade(
                    DayTeamMembers::Table,
                    DayTeamMembers::DayTeamId,
                    DayTeams::Table,
                    DayTeams::Id,
                ))
                .foreign_key(&mut fk(
                    DayTeamMembers::Table,
                    DayTeamMembers::TechnicianId,
                    Technicians::Table,
                    Technicians::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_day_team_members_tech",
            DayTeamMembers::Table,
            &["technician_id"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Visits::Table)
                .col(pk_auto(Visits::Id))
                .col(integer(Visits::OrderId))
                .col(string_len(Visits::Kind, 16))
                .col(date_null(Visits::Date))
                .col(integer(Visits::WindowStartMin))
                .col(integer(Visits::WindowEndMin))
                .col(integer(Visits::DurationMinutes))
                .col(string_len(Visits::RequiredSkills, 200))
                .col(integer_null(Visits::DayTeamId))
                .col(integer_null(Visits::Sequence))
                .col(boolean(Visits::Pinned).default(false))
                .col(string_len(Visits::Status, 16))
                .col(integer(Visits::Version).default(1))
                .foreign_key(&mut cascade(
                    Visits::Table,
                    Visits::OrderId,
                    Orders::Table,
                    Orders::Id,
                ))
                .foreign_key(&mut fk(
                    Visits::Table,
                    Visits::DayTeamId,
                    DayTeams::Table,
                    DayTeams::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_visits_date_status",
            Visits::Table,
            &["date", "status"],
            false,
        )
        .await?;
        index(m, "idx_visits_order", Visits::Table, &["order_id"], false).await?;
        index(
            m,
            "idx_visits_team_seq",
            Visits::Table,
            &["day_team_id", "sequence"],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Invoices::Table)
                .col(pk_auto(Invoices::Id))
                .col(string_len_uniq(Invoices::InvoiceNumber, 32))
                .col(integer(Invoices::OrderId))
                .col(integer(Invoices::BusinessEntityId))
                .col(string_len(Invoices::Payer, 16))
                .col(big_integer(Invoices::AmountCents))
                .col(big_integer(Invoices::CommissionCents).default(0))
                .col(string_len(Invoices::Status, 16))
                .col(timestamp_with_time_zone(Invoices::IssuedAt))
                .col(timestamp_with_time_zone(Invoices::DueAt))
                .col(timestamp_with_time_zone_null(Invoices::PaidAt))
                .foreign_key(&mut fk(
                    Invoices::Table,
                    Invoices::OrderId,
                    Orders::Table,
                    Orders::Id,
                ))
                .foreign_key(&mut fk(
                    Invoices::Table,
                    Invoices::BusinessEntityId,
                    BusinessEntities::Table,
                    BusinessEntities::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_invoices_order",
            Invoices::Table,
            &["order_id"],
            false,
        )
        .await?;
        index(
            m,
            "idx_invoices_entity_issued",
            Invoices::Table,
            &["business_entity_id", "issued_at"],
            false,
        )
        .await?;

        // Gap-free counters, e.g. scope `order:CC:2026` or `invoice:CC:2026`.
        m.create_table(
            Table::create()
                .table(NumberSequences::Table)
                .col(string_len(NumberSequences::Scope, 64).primary_key())
                .col(big_integer(NumberSequences::LastValue))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            NumberSequences::Table.into_iden(),
            Invoices::Table.into_iden(),
            Visits::Table.into_iden(),
            DayTeamMembers::Table.into_iden(),
            DayTeams::Table.into_iden(),
            TechnicianAbsences::Table.into_iden(),
            Technicians::Table.into_iden(),
            AuditLog::Table.into_iden(),
            StatusTransitions::Table.into_iden(),
            QuoteLines::Table.into_iden(),
            Quotes::Table.into_iden(),
            OrderLines::Table.into_iden(),
            Orders::Table.into_iden(),
            PricingRules::Table.into_iden(),
            Products::Table.into_iden(),
            Users::Table.into_iden(),
            Partners::Table.into_iden(),
            Contacts::Table.into_iden(),
            Depots::Table.into_iden(),
            Regions::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum BusinessEntities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Regions {
    Table,
    Id,
    Code,
    Name,
    Pc4Ranges,
    Version,
}

#[derive(DeriveIden)]
enum Depots {
    Table,
    Id,
    Name,
    Street,
    Postcode,
    City,
    Lat,
    Lng,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    Kind,
    DisplayName,
    FirstName,
    LastName,
    OrganizationName,
    ParentId,
    Email,
    Phone,
    Street,
    HouseNumber,
    Postcode,
    City,
    Lat,
    Lng,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Partners {
    Table,
    Id,
    ContactId,
    PartnerType,
    OnboardingStatus,
    CommissionBp,
    CommissionTerms,
    CreatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    PartnerId,
    ContactId,
    TotpSecret,
    MfaEnabled,
    Locale,
    Active,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Sku,
    Name,
    Kind,
    RequiredSkills,
    DurationMinutes,
    Active,
    Version,
}

#[derive(DeriveIden)]
enum PricingRules {
    Table,
    Id,
    Kind,
    ProductId,
    BusinessEntityId,
    PartnerType,
    ComplexityLevel,
    AmountCents,
    BasisPoints,
    ValidFrom,
    Version,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    OrderNumber,
    BusinessEntityId,
    Status,
    AccountContactId,
    EndCustomerContactId,
    PartnerId,
    ChannelContactIds,
    Channel,
    RegionId,
    Street,
    HouseNumber,
    Postcode,
    City,
    Lat,
    Lng,
    ChargerCount,
    Complexity,
    StatusSince,
    SlaDueAt,
    HoldReason,
    CancelReason,
    StatusBeforeHold,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    ProductId,
    Description,
    Quantity,
    UnitPriceCents,
    Payer,
}

#[derive(DeriveIden)]
enum Quotes {
    Table,
    Id,
    OrderId,
    VersionNo,
    Status,
    CustomerTotalCents,
    PartnerTotalCents,
    CreatedAt,
    SentAt,
    CustomerApprovedAt,
    PartnerApprovedAt,
}

#[derive(DeriveIden)]
enum QuoteLines {
    Table,
    Id,
    QuoteId,
    ProductId,
    Description,
    Quantity,
    UnitPriceCents,
    Payer,
}

#[derive(DeriveIden)]
enum StatusTransitions {
    Table,
    Id,
    OrderId,
    FromStatus,
    ToStatus,
    ActorUserId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorUserId,
    TableName,
    RecordId,
    Action,
    Changes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Technicians {
    Table,
    Id,
    UserId,
    Name,
    Phone,
    Skills,
    HomeRegionId,
    WeeklyHours,
    Active,
    Version,
}

#[derive(DeriveIden)]
enum TechnicianAbsences {
    Table,
    Id,
    TechnicianId,
    Kind,
    DateFrom,
    DateTo,
    Reason,
}

#[derive(DeriveIden)]
enum DayTeams {
    Table,
    Id,
    Date,
    Name,
    ShiftStartMin,
    ShiftEndMin,
    Published,
    Version,
}

#[derive(DeriveIden)]
enum DayTeamMembers {
    Table,
    DayTeamId,
    TechnicianId,
}

#[derive(DeriveIden)]
enum Visits {
    Table,
    Id,
    OrderId,
    Kind,
    Date,
    WindowStartMin,
    WindowEndMin,
    DurationMinutes,
    RequiredSkills,
    DayTeamId,
    Sequence,
    Pinned,
    Status,
    Version,
}

#[derive(DeriveIden)]
enum Invoices {
    Table,
    Id,
    InvoiceNumber,
    OrderId,
    BusinessEntityId,
    Payer,
    AmountCents,
    CommissionCents,
    Status,
    IssuedAt,
    DueAt,
    PaidAt,
}

#[derive(DeriveIden)]
enum NumberSequences {
    Table,
    Scope,
    LastValue,
}
