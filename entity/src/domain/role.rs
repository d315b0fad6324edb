//! Roles and the portals they may open. The same function decides what the
//! navigation shows (client) and what a route accepts (server).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    OpsManager,
    Planner,
    Technician,
    PartnerUser,
    Customer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::OpsManager,
        Role::Planner,
        Role::Technician,
        Role::PartnerUser,
        Role::Customer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::OpsManager => "ops_manager",
            Role::Planner => "planner",
            Role::Technician => "technician",
            Role::PartnerUser => "partner_user",
            Role::Customer => "customer",
        }
    }

    /// Staff roles must enrol in multi-factor authentication.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::OpsManager | Role::Planner | Role::Technician
        )
    }

    /// Whether this role may open `portal`. Admins may open every portal;
    /// everybody else only their own.
    pub fn can_open(self, portal: Portal) -> bool {
        match self {
            Role::Admin => true,
            Role::OpsManager | Role::Planner => portal == Portal::Operations,
            Role::Technician => portal == Portal::Technician,
            Role::PartnerUser => portal == Portal::Partner,
            Role::Customer => portal == Portal::Customer,
        }
    }

    /// The portal a user lands on after signing in.
    pub fn home_portal(self) -> Portal {
        match self {
            Role::Admin => Portal::Admin,
            Role::OpsManager | Role::Planner => Portal::Operations,
            Role::Technician => Portal::Technician,
            Role::PartnerUser => Portal::Partner,
            Role::Customer => Portal::Customer,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown role `{}`", self.0)
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The five portals of the product, each with its own navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Portal {
    Operations,
    Partner,
    Customer,
    Technician,
    Admin,
}

impl Portal {
    pub const ALL: [Portal; 5] = [
        Portal::Operations,
        Portal::Partner,
        Portal::Customer,
        Portal::Technician,
        Portal::Admin,
    ];

    /// URL segment under which the portal lives.
    pub fn slug(self) -> &'static str {
        match self {
            Portal::Operations => "ops",
            Portal::Partner => "partner",
            Portal::Customer => "klant",
            Portal::Technician => "monteur",
            Portal::Admin => "admin",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Portal> {
        Portal::ALL.into_iter().find(|p| p.slug() == slug)
    }

    pub fn path(self) -> String {
        format!("/{}", self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert_eq!(
            "superuser".parse::<Role>().unwrap_err().to_string(),
            "unknown role `superuser`"
        );
    }

    #[test]
    fn each_non_admin_role_opens_exactly_its_home_portal() {
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            let open: Vec<Portal> = Portal::ALL
                .into_iter()
                .filter(|p| role.can_open(*p))
                .collect();
            assert_eq!(open, vec![role.home_portal()], "{role}");
        }
    }

    #[test]
    fn admin_opens_every_portal() {
        assert!(Portal::ALL.into_iter().all(|p| Role::Admin.can_open(p)));
    }

    #[test]
    fn staff_roles_are_the_internal_ones() {
        let staff: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_staff()).collect();
        assert_eq!(
            staff,
            vec![
                Role::Admin,
                Role::OpsManager,
                Role::Planner,
                Role::Technician
            ]
        );
    }

    #[test]
    fn portal_slugs_are_unique_and_resolve() {
        for portal in Portal::ALL {
            assert_eq!(Portal::from_slug(portal.slug()), Some(portal));
        }
        assert_eq!(Portal::from_slug("nope"), None);
        assert_eq!(Portal::Customer.path(), "/klant");
    }
}
