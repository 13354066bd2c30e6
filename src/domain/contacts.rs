//! Support contacts and the reach-out rule (DESIGN.md §2, §3).
//!
//! A contact with a cadence of N days is *due* when nobody has logged a
//! reach-out yet, or when the last one is at least N days old. "Today" is
//! always passed in.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// Who someone is in the user's support system. The order is the order the
/// Contacts pane groups by and the crisis screen lists emergency contacts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Sponsor,
    Mentor,
    Counselor,
    Family,
    Friend,
    Peer,
    Helpline,
    Other,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 8] = [
        Role::Sponsor,
        Role::Mentor,
        Role::Counselor,
        Role::Family,
        Role::Friend,
        Role::Peer,
        Role::Helpline,
        Role::Other,
    ];

    /// Every stored name, in the order of [`Role::ALL`].
    pub const NAMES: [&'static str; 8] = {
        let mut names = [""; 8];
        let mut i = 0;
        while i < names.len() {
            names[i] = Role::ALL[i].as_str();
            i += 1;
        }
        names
    };

    /// The stored name (`sponsor`, `counselor`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Sponsor => "sponsor",
            Role::Mentor => "mentor",
            Role::Counselor => "counselor",
            Role::Family => "family",
            Role::Friend => "friend",
            Role::Peer => "peer",
            Role::Helpline => "helpline",
            Role::Other => "other",
        }
    }

    /// The heading the Contacts pane shows above a group.
    pub fn heading(self) -> &'static str {
        match self {
            Role::Sponsor => "Sponsors",
            Role::Mentor => "Mentors",
            Role::Counselor => "Counselors",
            Role::Family => "Family",
            Role::Friend => "Friends",
            Role::Peer => "Peers and groups",
            Role::Helpline => "Helplines",
            Role::Other => "Others",
        }
    }

    /// The valid names, for error messages and hints.
    pub fn valid_list() -> String {
        Role::ALL
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ContactError;

    /// Case-insensitive; also accepts the British "counsellor" and "group"
    /// (a peer support group).
    fn from_str(s: &str) -> Result<Role, ContactError> {
        let lower = s.trim().to_lowercase();
        let found = Role::ALL.iter().copied().find(|r| r.as_str() == lower);
        match (found, lower.as_str()) {
            (Some(r), _) => Ok(r),
            (None, "counsellor") => Ok(Role::Counselor),
            (None, "group") => Ok(Role::Peer),
            _ => Err(ContactError::UnknownRole(s.trim().to_string())),
        }
    }
}

/// Bad input for a contact or a reach-out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("unknown role \"{0}\": use one of {list}", list = Role::valid_list())]
    UnknownRole(String),
    #[error("a contact needs a name")]
    EmptyName,
    #[error("the reach-out cadence must be a whole number of days, 1 or more (got {0})")]
    BadCadence(i64),
    #[error("{0} is in the future: log a reach-out on today or an earlier day")]
    FutureDay(String),
}

/// One dated reach-out: "called after work".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: i64,
    pub day: NaiveDate,
    pub note: Option<String>,
}

/// A person in the support system, with their reach-out log (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    pub emergency: bool,
    pub cadence_days: Option<u32>,
    /// The day of the newest log entry (derived).
    pub last_contact: Option<NaiveDate>,
    /// Newest first. May be empty when only the summary was read.
    pub log: Vec<LogEntry>,
}

impl Contact {
    /// Whole days since the last reach-out, if any.
    pub fn days_since(&self, today: NaiveDate) -> Option<i64> {
        self.last_contact.map(|d| (today - d).num_days())
    }

    /// DESIGN.md §3: a contact with a cadence is due when there is no log
    /// yet, or the last log is at least `cadence` days old.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        match (self.cadence_days, self.days_since(today)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(c), Some(days)) => days >= i64::from(c),
        }
    }

    /// How far past the cadence the contact is: `None` when never contacted
    /// (more overdue than anyone), else days since − cadence.
    fn overdue_by(&self, today: NaiveDate) -> Option<i64> {
        let c = i64::from(self.cadence_days.unwrap_or(0));
        self.days_since(today).map(|d| d - c)
    }

    /// The editable fields, for an edit form or a patch.
    pub fn input(&self) -> ContactInput {
        ContactInput {
            name: self.name.clone(),
            role: self.role,
            phone: self.phone.clone(),
            email: self.email.clone(),
            notes: self.notes.clone(),
            emergency: self.emergency,
            cadence_days: self.cadence_days.map(i64::from),
        }
    }

    /// A short, kind description of when the last reach-out was:
    /// "never", "today", "yesterday", "3d ago".
    pub fn last_label(&self, today: NaiveDate) -> String {
        match self.days_since(today) {
            None => "not yet".to_string(),
            Some(0) => "today".to_string(),
            Some(1) => "yesterday".to_string(),
            Some(d) if d < 0 => "today".to_string(),
            Some(d) => format!("{d}d ago"),
        }
    }
}

/// Keeps only the due contacts, most overdue first: never-contacted first
/// (by name), then by how far past their cadence they are, then by name.
pub fn due_contacts(contacts: Vec<Contact>, today: NaiveDate) -> Vec<Contact> {
    let mut due: Vec<Contact> = contacts.into_iter().filter(|c| c.is_due(today)).collect();
    due.sort_by(|a, b| {
        let key = |c: &Contact| match c.overdue_by(today) {
            None => (0, 0),
            Some(o) => (1, -o),
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    due
}

/// What the user types to add or change a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInput {
    pub name: String,
    pub role: Role,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    pub emergency: bool,
    pub cadence_days: Option<i64>,
}

impl ContactInput {
    /// A contact with just a name and a role.
    pub fn new(name: impl Into<String>, role: Role) -> ContactInput {
        ContactInput {
            name: name.into(),
            role,
            phone: None,
            email: None,
            notes: None,
            emergency: false,
            cadence_days: None,
        }
    }

    /// Trims the text, turns empty optional text into `None`, and checks the
    /// name and the cadence.
    pub fn normalized(&self) -> Result<ContactInput, ContactError> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(ContactError::EmptyName);
        }
        if let Some(c) = self.cadence_days
            && !(1..=i64::from(u32::MAX)).contains(&c)
        {
            return Err(ContactError::BadCadence(c));
        }
        let opt = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Ok(ContactInput {
            name,
            role: self.role,
            phone: opt(&self.phone),
            email: opt(&self.email),
            notes: opt(&self.notes),
            emergency: self.emergency,
            cadence_days: self.cadence_days,
        })
    }
}

/// A reach-out can be logged for today or an earlier day, never later.
pub fn check_log_day(day: NaiveDate, today: NaiveDate) -> Result<(), ContactError> {
    if day > today {
        Err(ContactError::FutureDay(super::format_day(day)))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn contact(id: i64, name: &str, cadence: Option<u32>, last: Option<&str>) -> Contact {
        Contact {
            id,
            name: name.into(),
            role: Role::Friend,
            phone: None,
            email: None,
            notes: None,
            emergency: false,
            cadence_days: cadence,
            last_contact: last.map(d),
            log: vec![],
        }
    }

    #[test]
    fn roles_parse_case_insensitively_and_list_the_valid_ones() {
        assert_eq!("Sponsor".parse::<Role>(), Ok(Role::Sponsor));
        assert_eq!(" COUNSELOR ".parse::<Role>(), Ok(Role::Counselor));
        assert_eq!("counsellor".parse::<Role>(), Ok(Role::Counselor));
        assert_eq!("group".parse::<Role>(), Ok(Role::Peer));
        let e = "boss".parse::<Role>().unwrap_err().to_string();
        assert!(e.contains("\"boss\""), "{e}");
        for r in Role::ALL {
            assert!(e.contains(r.as_str()), "{e}");
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
    }

    #[test]
    fn due_rule_follows_the_cadence() {
        let today = d("2026-03-15");
        assert!(!contact(1, "a", None, None).is_due(today));
        assert!(contact(1, "a", Some(7), None).is_due(today));
        assert!(!contact(1, "a", Some(7), Some("2026-03-09")).is_due(today));
        assert!(contact(1, "a", Some(7), Some("2026-03-08")).is_due(today));
        assert!(contact(1, "a", Some(1), Some("2026-03-14")).is_due(today));
        assert!(!contact(1, "a", Some(1), Some("2026-03-15")).is_due(today));
        assert_eq!(
            contact(1, "a", None, Some("2026-03-12")).days_since(today),
            Some(3)
        );
    }

    #[test]
    fn due_list_is_never_contacted_then_most_overdue() {
        let today = d("2026-03-15");
        let list = vec![
            contact(1, "Ann", Some(7), Some("2026-03-07")), // 1 over
            contact(2, "Bob", Some(3), Some("2026-03-01")), // 11 over
            contact(3, "Cy", Some(30), None),               // never
            contact(4, "Di", Some(7), Some("2026-03-14")),  // not due
            contact(5, "Ed", None, None),                   // no cadence
        ];
        let names: Vec<String> = due_contacts(list, today)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["Cy", "Bob", "Ann"]);
    }

    #[test]
    fn input_validation() {
        let mut i = ContactInput::new("  ", Role::Peer);
        assert_eq!(i.normalized(), Err(ContactError::EmptyName));
        i.name = " Sam ".into();
        i.cadence_days = Some(0);
        assert_eq!(i.normalized(), Err(ContactError::BadCadence(0)));
        i.cadence_days = Some(-3);
        assert_eq!(i.normalized(), Err(ContactError::BadCadence(-3)));
        i.cadence_days = Some(7);
        i.phone = Some("  ".into());
        let n = i.normalized().unwrap();
        assert_eq!(n.name, "Sam");
        assert_eq!(n.phone, None);
    }

    #[test]
    fn log_day_cannot_be_in_the_future() {
        let today = d("2026-03-15");
        assert!(check_log_day(today, today).is_ok());
        assert!(check_log_day(d("2026-03-01"), today).is_ok());
        let e = check_log_day(d("2026-03-16"), today).unwrap_err();
        assert!(e.to_string().contains("2026-03-16"));
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn role_names_follow_the_schema_in_order() {
        assert_eq!(
            Role::NAMES,
            [
                "sponsor",
                "mentor",
                "counselor",
                "family",
                "friend",
                "peer",
                "helpline",
                "other"
            ]
        );
    }
}
