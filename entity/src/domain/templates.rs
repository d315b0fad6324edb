//! The message kinds of 001 ("Template Categories", "Time-Based Triggers",
//! "Escalation"), each with who receives it, its class, the channels it is
//! written for and the variables a template of it may use. The server
//! renders and checks templates against this catalogue; the admin page
//! "Sjablonen" shows it next to the editor.

use super::messaging::{Channel, Class};

/// Who a kind of message is for. Customer and partner messages are written
/// per business entity (its brand, its mailboxes); the others are the
/// platform's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Customer,
    Partner,
    Staff,
    Technician,
    Account,
}

impl Audience {
    pub fn per_entity(self) -> bool {
        matches!(self, Audience::Customer | Audience::Partner)
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Customer => "Klant",
            Audience::Partner => "Partner",
            Audience::Staff => "Operations",
            Audience::Technician => "Monteur",
            Audience::Account => "Account",
        }
    }
}

/// The scope of the platform's own templates (staff, technician and
/// account messages): they belong to no business entity.
pub const PLATFORM: i32 = 0;

/// The languages templates are written in.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];

/// One kind of message.
#[derive(Debug)]
pub struct Kind {
    pub key: &'static str,
    /// What it is, for the admin page.
    pub label: &'static str,
    pub audience: Audience,
    pub class: Class,
    /// The channels it has a template for; the first is the main one.
    pub channels: &'static [Channel],
    /// Variables every template of this kind must use.
    pub required: &'static [&'static str],
    /// Variables it may use besides those and the common ones.
    pub optional: &'static [&'static str],
}

/// Variables every message has: who sends it and how to reach them.
pub const COMMON: [&str; 4] = [
    "business_entity_name",
    "sender_name",
    "support_email",
    "support_phone",
];

/// Variables every message about an order has (001's "Order Details").
pub const ORDER: [&str; 5] = [
    "customer_name",
    "order_number",
    "order_status_friendly",
    "address",
    "portal_link",
];

use Audience::*;
use Channel::{Email, Sms, WhatsApp};
use Class::{Marketing, Transactional, Urgent};

const fn kind(
    key: &'static str,
    label: &'static str,
    audience: Audience,
    class: Class,
    channels: &'static [Channel],
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> Kind {
    Kind {
        key,
        label,
        audience,
        class,
        channels,
        required,
        optional,
    }
}

const APPOINTMENT: &[&str] = &["date", "time_from", "time_to"];

/// Every kind, in the order the admin page lists them.
#[rustfmt::skip]
pub const KINDS: &[Kind] = &[
    kind("order_confirmation", "Orderbevestiging", Customer, Transactional, &[Email], &["order_number"], &[]),
    kind("intake_form", "Intakeformulier", Customer, Transactional, &[Email], &["intake_link"], &["link_days"]),
    kind("quote_ready", "Offerte staat klaar", Customer, Transactional, &[Email, Sms], &["order_number", "portal_link"], &[]),
    kind("quote_revision_sent", "Nieuwe offerteversie", Customer, Transactional, &[Email], &["order_number", "portal_link", "version"], &[]),
    kind("quote_both_approved", "Offerte door beide partijen goedgekeurd", Customer, Transactional, &[Email], &["order_number"], &[]),
    kind("intake_reminder", "Herinnering intake (geen reactie)", Customer, Transactional, &[Sms], &["order_number"], &[]),
    kind("quote_follow_up", "Herinnering offerte (+3 dagen)", Customer, Transactional, &[Email], &["portal_link"], &[]),
    kind("appointment_confirmation", "Afspraakbevestiging", Customer, Transactional, &[Email, Sms, WhatsApp], APPOINTMENT, &["installer_team"]),
    kind("appointment_changed", "Afspraak gewijzigd", Customer, Urgent, &[Email, Sms], APPOINTMENT, &["installer_team"]),
    kind("appointment_cancelled", "Afspraak vervallen", Customer, Urgent, &[Email, Sms], &["order_number"], &[]),
    kind("appointment_reminder_48h", "Herinnering afspraak (48 uur)", Customer, Transactional, &[Email], APPOINTMENT, &["installer_team"]),
    kind("appointment_reminder_24h", "Herinnering afspraak (24 uur)", Customer, Transactional, &[Sms], APPOINTMENT, &["installer_team"]),
    kind("appointment_reminder_2h", "Herinnering afspraak (2 uur)", Customer, Transactional, &[WhatsApp], &["time_from", "time_to"], &["date", "installer_team"]),
    kind("technician_on_the_way", "Monteur onderweg", Customer, Urgent, &[Sms, WhatsApp], &["eta"], &["installer_team"]),
    kind("completion_thank_you", "Bedankt na installatie", Customer, Transactional, &[Email], &["order_number"], &[]),
    kind("on_hold", "Order on hold", Customer, Transactional, &[Email, Sms], &["order_number"], &["reason"]),
    kind("order_cancelled", "Order geannuleerd", Customer, Transactional, &[Email], &["order_number", "reason"], &["fee_amount", "fee_invoice_number"]),
    kind("conversation_reply", "Antwoord van ops in het gesprek", Customer, Urgent, &[Email, Sms, WhatsApp], &["message"], &[]),
    kind("survey", "Tevredenheidsonderzoek (+7 dagen)", Customer, Marketing, &[Email], &["survey_link"], &[]),
    kind("service_case_received", "Servicemelding ontvangen", Customer, Transactional, &[Email], &["case_number"], &[]),
    kind("service_case_update", "Servicemelding bijgewerkt", Customer, Transactional, &[Email], &["case_number"], &["status_nl", "status_en"]),
    kind("annual_checkup", "Jaarlijkse controle (+365 dagen)", Customer, Marketing, &[Email], &[], &[]),
    kind("partner_order_received", "Partner: nieuwe order", Partner, Transactional, &[Email], &["partner_name", "order_number"], &[]),
    kind("quote_partner_approval", "Partner: akkoord gevraagd", Partner, Transactional, &[Email], &["partner_name", "order_number", "portal_link"], &[]),
    kind("quote_sent_partner", "Partner: offerte verstuurd", Partner, Transactional, &[Email], &["partner_name", "order_number", "portal_link"], &[]),
    kind("order_cancelled_partner", "Partner: order geannuleerd", Partner, Transactional, &[Email], &["partner_name", "order_number", "reason"], &[]),
    kind("partner_approval_reminder", "Partner: akkoord blijft uit (escalatie)", Partner, Transactional, &[Email], &["partner_name", "order_number", "portal_link", "hours"], &[]),
    kind("commission_statement", "Partner: commissie-overzicht", Partner, Transactional, &[Email], &["partner_name", "period", "amount"], &[]),
    kind("quote_revision_requested", "Revisie offerte gevraagd", Staff, Transactional, &[Email], &["order_number", "side", "reason", "version"], &[]),
    kind("sla_escalation", "SLA verlopen", Staff, Urgent, &[Email], &["count", "orders"], &[]),
    kind("site_readiness_timeout", "Automatisch on hold (locatie niet gereed)", Staff, Transactional, &[Email], &["count", "days", "orders"], &[]),
    kind("conversation_overdue", "Klantbericht wacht te lang op antwoord", Staff, Urgent, &[Email], &["order_number", "priority", "due", "message"], &["agent"]),
    kind("no_response_escalation", "Geen reactie van klant of partner", Staff, Transactional, &[Email], &["order_number", "hours"], &[]),
    kind("day_published_technician", "Monteur: dagplanning", Technician, Transactional, &[Email], &["team_name", "date", "route"], &["departure", "back_time"]),
    kind("password_reset", "Wachtwoord opnieuw instellen", Account, Urgent, &[Email], &["link"], &["recipient_name"]),
    kind("magic_link", "Inloglink klantportaal", Account, Urgent, &[Email], &["link"], &["recipient_name"]),
    kind("user_invite", "Uitnodiging nieuw account", Account, Transactional, &[Email], &["link", "role"], &["recipient_name"]),
];

/// The kind with this key.
pub fn find(key: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.key == key)
}

impl Kind {
    /// Every variable a template of this kind may use.
    pub fn allowed(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = COMMON.to_vec();
        all.push("recipient_name");
        if matches!(self.audience, Customer | Partner) {
            all.extend(ORDER);
        }
        if self.class == Marketing {
            all.push("unsubscribe_link");
        }
        all.extend(self.required);
        all.extend(self.optional);
        let mut seen = std::collections::HashSet::new();
        all.retain(|v| seen.insert(*v));
        all
    }

    /// Whether a template needs a subject: e-mail does, SMS and WhatsApp don't.
    pub fn has_subject(channel: Channel) -> bool {
        channel == Email
    }

    /// The scope its templates are stored under for an entity.
    pub fn scope(&self, business_entity_id: Option<i32>) -> i32 {
        match business_entity_id {
            Some(id) if self.audience.per_entity() => id,
            _ => PLATFORM,
        }
    }
}

/// The longest SMS text a template may render to (three parts).
pub const SMS_MAX_CHARS: usize = 459;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_and_can_use_its_required_variables() {
        let mut keys: Vec<_> = KINDS.iter().map(|k| k.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), KINDS.len());
        for k in KINDS {
            assert!(!k.channels.is_empty(), "{}", k.key);
            for r in k.required {
                assert!(k.allowed().contains(r), "{} {r}", k.key);
            }
        }
        // The reminders of 001: T-48h e-mail, T-24h SMS, T-2h WhatsApp.
        assert_eq!(find("appointment_reminder_48h").unwrap().channels, [Email]);
        assert_eq!(find("appointment_reminder_24h").unwrap().channels, [Sms]);
        assert_eq!(
            find("appointment_reminder_2h").unwrap().channels,
            [WhatsApp]
        );
        // Only marketing messages may carry an unsubscribe link variable.
        assert!(find("survey")
            .unwrap()
            .allowed()
            .contains(&"unsubscribe_link"));
        assert!(!find("quote_ready")
            .unwrap()
            .allowed()
            .contains(&"unsubscribe_link"));
    }

    #[test]
    fn customer_and_partner_messages_are_per_entity_the_rest_platform() {
        assert_eq!(find("quote_ready").unwrap().scope(Some(3)), 3);
        assert_eq!(find("quote_sent_partner").unwrap().scope(Some(3)), 3);
        assert_eq!(find("password_reset").unwrap().scope(Some(3)), PLATFORM);
        assert_eq!(find("sla_escalation").unwrap().scope(None), PLATFORM);
        assert_eq!(find("quote_ready").unwrap().scope(None), PLATFORM);
    }
}
