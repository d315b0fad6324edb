//! The navigation of each portal (spec 002), as data. Items whose page is
//! not built yet are shown, marked "coming soon", and are not links.

use crate::i18n::*;
use entity::domain::Portal;
use entity::paths;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Pipeline,
    Planning,
    Teams,
    Visits,
    Partners,
    Commission,
    Customers,
    Reports,
    Messages,
    Bookings,
    Privacy,
    Leads,
    Orders,
    Quotes,
    Invoices,
    Api,
    MyOrder,
    Appointment,
    Service,
    Documents,
    Profile,
    Preferences,
    Today,
    Checklists,
    Inventory,
    Hours,
    Entities,
    Regions,
    Catalogue,
    Users,
    Workflows,
    Templates,
    Timings,
    Settings,
    Audit,
    Outbox,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub section: Section,
    /// `Some(path)` once the page exists.
    pub href: Option<&'static str>,
}

const fn live(section: Section, path: &'static str) -> NavItem {
    NavItem {
        section,
        href: Some(path),
    }
}

const fn soon(section: Section) -> NavItem {
    NavItem {
        section,
        href: None,
    }
}

use Section::*;

const OPERATIONS: &[NavItem] = &[
    live(Dashboard, paths::ops::DASHBOARD),
    live(Pipeline, paths::ops::PIPELINE),
    live(Planning, paths::ops::PLANNING),
    live(Leads, paths::ops::NEW_LEAD),
    live(Messages, paths::ops::MESSAGES),
    live(Bookings, paths::ops::APPOINTMENTS),
    live(Service, paths::ops::SERVICE),
    live(Privacy, paths::ops::PRIVACY),
    live(Hours, paths::ops::HOURS),
    soon(Teams),
    soon(Visits),
    soon(Partners),
    soon(Customers),
    soon(Reports),
];
const PARTNER: &[NavItem] = &[
    live(Dashboard, paths::partner::DASHBOARD),
    live(Leads, paths::partner::NEW_LEAD),
    live(Orders, paths::partner::ORDERS),
    live(Quotes, paths::partner::QUOTES),
    live(Invoices, paths::partner::INVOICES),
    live(Api, paths::partner::API),
];
// The appointment is chosen on the order's page, invoices are among the
// documents.
const CUSTOMER: &[NavItem] = &[
    live(MyOrder, paths::customer::HOME),
    live(Service, paths::customer::SERVICE),
    live(Documents, paths::customer::DOCUMENTS),
    live(Profile, paths::customer::ACCOUNT),
    live(Preferences, paths::customer::PREFERENCES),
];
const TECHNICIAN: &[NavItem] = &[
    live(Today, paths::technician::TODAY),
    live(Hours, paths::technician::HOURS),
    soon(Checklists),
    soon(Inventory),
];
const ADMIN: &[NavItem] = &[
    live(Dashboard, paths::admin::DASHBOARD),
    live(Entities, paths::admin::ENTITIES),
    live(Regions, paths::admin::REGIONS),
    live(Catalogue, paths::admin::CATALOGUE),
    live(Partners, paths::admin::PARTNERS),
    live(Commission, paths::admin::COMMISSION),
    live(Users, paths::admin::USERS),
    live(Workflows, paths::admin::WORKFLOWS),
    live(Templates, paths::admin::TEMPLATES),
    live(Timings, paths::admin::TIMINGS),
    live(Settings, paths::admin::SETTINGS),
    live(Audit, paths::admin::AUDIT),
    live(Outbox, paths::admin::OUTBOX),
];

pub fn items(portal: Portal) -> &'static [NavItem] {
    match portal {
        Portal::Operations => OPERATIONS,
        Portal::Partner => PARTNER,
        Portal::Customer => CUSTOMER,
        Portal::Technician => TECHNICIAN,
        Portal::Admin => ADMIN,
    }
}

pub fn section_label(locale: Locale, section: Section) -> &'static str {
    match section {
        Dashboard => td_string!(locale, nav.dashboard),
        Pipeline => td_string!(locale, nav.pipeline),
        Planning => td_string!(locale, nav.planning),
        Teams => td_string!(locale, nav.teams),
        Visits => td_string!(locale, nav.visits),
        Partners => td_string!(locale, nav.partners),
        Commission => td_string!(locale, nav.commission),
        Customers => td_string!(locale, nav.customers),
        Reports => td_string!(locale, nav.reports),
        Messages => td_string!(locale, nav.messages),
        Bookings => td_string!(locale, nav.bookings),
        Privacy => td_string!(locale, nav.privacy),
        Leads => td_string!(locale, nav.leads),
        Orders => td_string!(locale, nav.orders),
        Quotes => td_string!(locale, nav.quotes),
        Invoices => td_string!(locale, nav.invoices),
        Api => td_string!(locale, nav.api),
        MyOrder => td_string!(locale, nav.my_order),
        Appointment => td_string!(locale, nav.appointment),
        Service => td_string!(locale, nav.service),
        Documents => td_string!(locale, nav.documents),
        Profile => td_string!(locale, nav.profile),
        Preferences => td_string!(locale, nav.preferences),
        Today => td_string!(locale, nav.today),
        Checklists => td_string!(locale, nav.checklists),
        Inventory => td_string!(locale, nav.inventory),
        Hours => td_string!(locale, nav.hours),
        Entities => td_string!(locale, nav.entities),
        Regions => td_string!(locale, nav.regions),
        Catalogue => td_string!(locale, nav.catalogue),
        Users => td_string!(locale, nav.users),
        Workflows => td_string!(locale, nav.workflows),
        Templates => td_string!(locale, nav.templates),
        Timings => td_string!(locale, nav.timings),
        Audit => td_string!(locale, nav.audit),
        Outbox => td_string!(locale, nav.outbox),
        Settings => td_string!(locale, nav.settings),
    }
}

pub fn portal_label(locale: Locale, portal: Portal) -> &'static str {
    match portal {
        Portal::Operations => td_string!(locale, portal_ops),
        Portal::Partner => td_string!(locale, portal_partner),
        Portal::Customer => td_string!(locale, portal_customer),
        Portal::Technician => td_string!(locale, portal_technician),
        Portal::Admin => td_string!(locale, portal_admin),
    }
}

pub fn portal_description(locale: Locale, portal: Portal) -> &'static str {
    match portal {
        Portal::Operations => td_string!(locale, portal_ops_desc),
        Portal::Partner => td_string!(locale, portal_partner_desc),
        Portal::Customer => td_string!(locale, portal_customer_desc),
        Portal::Technician => td_string!(locale, portal_technician_desc),
        Portal::Admin => td_string!(locale, portal_admin_desc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_portal_starts_with_a_live_home_at_its_own_path() {
        for portal in Portal::ALL {
            let first = items(portal)[0];
            assert_eq!(first.href.map(str::to_owned), Some(portal.path()));
        }
    }

    #[test]
    fn labels_exist_in_both_languages() {
        for portal in Portal::ALL {
            for item in items(portal) {
                for locale in [Locale::nl, Locale::en] {
                    assert!(!section_label(locale, item.section).is_empty());
                }
            }
            assert_ne!(
                portal_description(Locale::nl, portal),
                portal_description(Locale::en, portal)
            );
        }
        assert_eq!(section_label(Locale::nl, Pipeline), "Orderpijplijn");
        assert_eq!(section_label(Locale::en, Pipeline), "Order pipeline");
    }

    #[test]
    fn no_section_appears_twice_in_one_portal() {
        for portal in Portal::ALL {
            let list = items(portal);
            for (i, a) in list.iter().enumerate() {
                assert!(
                    list[i + 1..].iter().all(|b| b.section != a.section),
                    "{portal:?}"
                );
            }
        }
    }
}

pub use entity::paths::with_next;

#[cfg(test)]
mod next_tests {
    #[test]
    fn the_target_keeps_its_own_query() {
        assert_eq!(super::with_next("/mfa", "/ops"), "/mfa?next=/ops");
        assert_eq!(
            super::with_next("/login", "/ops/orders?status=on_hold&q=a b"),
            "/login?next=/ops/orders%3Fstatus%3Don_hold%26q%3Da%20b"
        );
    }
}
