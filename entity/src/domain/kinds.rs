//! Small closed vocabularies stored as text columns. Each enum knows its
//! database spelling, so the client and the server parse the same way.

use serde::{Deserialize, Serialize};

/// Declares a string-backed enum with `ALL`, `as_str`, `FromStr` and `Display`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(concat!("unknown ", stringify!($name), " `{}`"), other)),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// What a technician is certified for; products and visits require them.
    Skill {
        ThreePhase = "three_phase",
        Zaptec = "zaptec",
        Alfen = "alfen",
        MeterCabinet = "meter_cabinet",
        Groundwork = "groundwork",
        Commissioning = "commissioning",
    }
);

string_enum!(ContactKind { Person = "person", Organization = "organization" });

string_enum!(PartnerType {
    EnergySupplier = "energy_supplier",
    Reseller = "reseller",
    LeaseCompany = "lease_company",
    CarDealer = "car_dealer",
    Installer = "installer",
    HousingCorporation = "housing_corporation",
});

string_enum!(OnboardingStatus { Invited = "invited", Onboarding = "onboarding", Active = "active", Suspended = "suspended" });

string_enum!(VisitKind { Survey = "survey", Installation = "installation", Service = "service" });

string_enum!(VisitStatus {
    Unplanned = "unplanned",
    Planned = "planned",
    Published = "published",
    InProgress = "in_progress",
    Completed = "completed",
    Cancelled = "cancelled",
});

string_enum!(AbsenceKind { Leave = "leave", Sick = "sick", Training = "training" });

string_enum!(
    /// Who pays a quote or order line (spec 000's dual quote).
    Payer { Customer = "customer", Partner = "partner" }
);

string_enum!(QuoteStatus {
    Draft = "draft",
    Sent = "sent",
    CustomerApproved = "customer_approved",
    PartnerApproved = "partner_approved",
    BothApproved = "both_approved",
    RevisionRequested = "revision_requested",
    Superseded = "superseded",
});

string_enum!(InvoiceStatus { Open = "open", Paid = "paid", Overdue = "overdue", Credited = "credited" });

string_enum!(ProductKind { Charger = "charger", Installation = "installation", Material = "material", Service = "service" });

string_enum!(
    /// Where a lead came from (spec 000, step 1).
    Channel { PartnerApi = "partner_api", Website = "website", HubspotImport = "hubspot_import", DirectSales = "direct_sales" }
);

/// Skills are stored as a comma-separated list (`"three_phase,zaptec"`).
pub fn parse_skills(text: &str) -> Result<Vec<Skill>, String> {
    let mut out: Vec<Skill> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let skill: Skill = part.parse()?;
        if !out.contains(&skill) {
            out.push(skill);
        }
    }
    out.sort();
    Ok(out)
}

pub fn format_skills(skills: &[Skill]) -> String {
    let mut sorted = skills.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_through_text_and_json() {
        for s in Skill::ALL {
            assert_eq!(s.as_str().parse::<Skill>().unwrap(), *s);
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        for v in VisitStatus::ALL {
            assert_eq!(v.to_string().parse::<VisitStatus>().unwrap(), *v);
        }
        assert_eq!("x".parse::<Payer>().unwrap_err(), "unknown Payer `x`");
    }

    #[test]
    fn skill_lists_are_sorted_deduplicated_and_validated() {
        assert_eq!(
            parse_skills(" zaptec,three_phase,zaptec ").unwrap(),
            vec![Skill::ThreePhase, Skill::Zaptec]
        );
        assert_eq!(parse_skills("").unwrap(), vec![]);
        assert!(parse_skills("zaptec,welding")
            .unwrap_err()
            .contains("welding"));
        assert_eq!(
            format_skills(&[Skill::Commissioning, Skill::Alfen, Skill::Alfen]),
            "alfen,commissioning"
        );
    }
}
