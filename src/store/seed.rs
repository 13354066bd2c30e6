//! A deterministic generator of realistic journals, for benchmarks and for
//! trying mend at scale (`cargo run --release --example seed`).
//!
//! Everything is written in ONE transaction with prepared statements (the
//! FTS5 triggers still index every body), so 100,000 entries take seconds,
//! not the hours 100,000 separate `fsync`ed transactions would.

use chrono::{Duration, NaiveDate};
use rusqlite::params;

use super::{Error, Result, Store};
use crate::domain::dates::format_day;
use crate::domain::journal::prompts;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Journal entries.
    pub entries: usize,
    /// The RNG seed: the same seed and options give the same journal.
    pub seed: u64,
    /// The newest entry's day; entries go back from here, 1–3 a day.
    pub today: NaiveDate,
    pub contacts: usize,
    pub amends: usize,
    pub clocks: usize,
}

impl SeedOptions {
    /// `entries` entries plus 200 contacts, 300 amends and 3 clocks.
    pub fn new(entries: usize, seed: u64, today: NaiveDate) -> SeedOptions {
        SeedOptions {
            entries,
            seed,
            today,
            contacts: 200,
            amends: 300,
            clocks: 3,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedStats {
    pub entries: usize,
    pub oldest: Option<NaiveDate>,
    pub contact_logs: usize,
    pub amend_logs: usize,
}

/// A word that appears in roughly one entry in 5,000: a rare search term.
pub const RARE_WORD: &str = "lighthouse";
/// A word that appears in most entries: a common search term.
pub const COMMON_WORD: &str = "today";

/// Recovery-relevant words, the most frequent first (picks are skewed to
/// the front of the list, like real prose).
const WORDS: &[&str] = &[
    "the",
    "and",
    "I",
    "to",
    "a",
    "was",
    "felt",
    "my",
    "of",
    "it",
    "in",
    "with",
    "me",
    "that",
    "for",
    "today",
    "day",
    "not",
    "but",
    "meeting",
    "sponsor",
    "craving",
    "call",
    "called",
    "sober",
    "again",
    "morning",
    "night",
    "work",
    "home",
    "family",
    "tired",
    "grateful",
    "anxious",
    "calm",
    "hard",
    "better",
    "worse",
    "honest",
    "honesty",
    "step",
    "steps",
    "program",
    "group",
    "share",
    "shared",
    "listened",
    "talked",
    "walk",
    "walked",
    "slept",
    "sleep",
    "coffee",
    "dinner",
    "lunch",
    "breakfast",
    "kitchen",
    "car",
    "drive",
    "bus",
    "rain",
    "sun",
    "cold",
    "warm",
    "quiet",
    "loud",
    "alone",
    "together",
    "friend",
    "friends",
    "brother",
    "sister",
    "mother",
    "father",
    "daughter",
    "son",
    "partner",
    "wife",
    "husband",
    "kids",
    "boss",
    "colleague",
    "neighbour",
    "counselor",
    "therapist",
    "doctor",
    "nurse",
    "pharmacy",
    "prayer",
    "meditation",
    "breathe",
    "breathing",
    "journal",
    "write",
    "wrote",
    "read",
    "book",
    "literature",
    "chip",
    "token",
    "milestone",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "clean",
    "relapse",
    "slip",
    "trigger",
    "triggered",
    "urge",
    "urges",
    "resentment",
    "resentments",
    "fear",
    "fears",
    "shame",
    "guilt",
    "pride",
    "hope",
    "hopeful",
    "trust",
    "amends",
    "apology",
    "apologised",
    "forgive",
    "forgiveness",
    "patience",
    "willing",
    "willingness",
    "surrender",
    "acceptance",
    "serenity",
    "courage",
    "wisdom",
    "change",
    "changed",
    "changing",
    "boundaries",
    "boundary",
    "respect",
    "kind",
    "kindness",
    "gentle",
    "angry",
    "anger",
    "sad",
    "sadness",
    "lonely",
    "loneliness",
    "bored",
    "restless",
    "irritable",
    "discontent",
    "peace",
    "peaceful",
    "joy",
    "laughed",
    "cried",
    "tears",
    "smile",
    "hug",
    "gym",
    "run",
    "ran",
    "swim",
    "bike",
    "park",
    "beach",
    "garden",
    "dog",
    "cat",
    "music",
    "song",
    "guitar",
    "painting",
    "drawing",
    "cooking",
    "cooked",
    "cleaned",
    "laundry",
    "rent",
    "money",
    "saved",
    "budget",
    "bills",
    "debt",
    "paid",
    "job",
    "interview",
    "shift",
    "overtime",
    "deadline",
    "stress",
    "stressed",
    "overwhelmed",
    "rest",
    "nap",
    "headache",
    "appetite",
    "water",
    "tea",
    "sugar",
    "chocolate",
    "bar",
    "pub",
    "party",
    "wedding",
    "birthday",
    "funeral",
    "holiday",
    "weekend",
    "Monday",
    "Friday",
    "Saturday",
    "Sunday",
    "evening",
    "afternoon",
    "noon",
    "midnight",
    "dawn",
    "phone",
    "text",
    "message",
    "voicemail",
    "video",
    "online",
    "offline",
    "screen",
    "scroll",
    "news",
    "weather",
    "train",
    "station",
    "office",
    "church",
    "basement",
    "hall",
    "circle",
    "chair",
    "newcomer",
    "oldtimer",
    "service",
    "coffeepot",
    "speaker",
    "story",
    "stories",
    "identify",
    "compare",
    "higher",
    "power",
    "inventory",
    "defects",
    "character",
    "shortcomings",
    "humility",
    "humble",
    "list",
    "harm",
    "harms",
    "repair",
    "rebuild",
    "rebuilding",
    "trusting",
    "promise",
    "promises",
    "kept",
    "broke",
    "honour",
    "reliable",
    "steady",
    "small",
    "big",
    "first",
    "last",
    "next",
    "one",
    "two",
    "three",
    "hour",
    "minute",
    "moment",
    "enough",
    "more",
    "less",
    "still",
    "just",
    "maybe",
    "almost",
    "never",
    "always",
    "sometimes",
    "often",
    "remember",
    "forgot",
    "decided",
    "chose",
    "choice",
    "noticed",
    "learned",
    "learning",
    "practice",
    "practised",
    "habit",
    "routine",
    "plan",
    "planned",
    "goal",
    "goals",
    "progress",
    "perfection",
    "mistake",
    "mistakes",
    "owned",
    "admitted",
    "asked",
    "help",
    "helped",
    "helping",
    "reached",
    "out",
    "showed",
    "up",
    "stayed",
    "left",
    "early",
    "late",
    "on",
    "time",
    "okay",
    "fine",
    "good",
    "bad",
    "strange",
    "new",
    "old",
    "normal",
    "real",
    "true",
    "slowly",
    "quickly",
    "gently",
];

const TAGS: &[&str] = &[
    "meeting",
    "sponsor",
    "family",
    "work",
    "sleep",
    "gratitude",
    "craving",
    "exercise",
    "step4",
    "step9",
    "amends",
    "money",
    "health",
    "friends",
    "relapse-prevention",
    "anger",
    "fear",
    "hope",
    "weekend",
    "service",
    "prayer",
    "meditation",
    "therapy",
    "kids",
];

const FIRST_NAMES: &[&str] = &[
    "Alex", "Sam", "Jordan", "Maria", "Jose", "Aisha", "Chen", "Priya", "Tom", "Nina", "Omar",
    "Lucy", "Ravi", "Ellen", "Marcus", "Sofia", "Kenji", "Grace", "Pat", "Dana", "Leo", "Ines",
    "Ben", "Hana", "Kofi",
];

const LAST_NAMES: &[&str] = &[
    "Smith", "Garcia", "Nguyen", "Okafor", "Brown", "Kowalski", "Haddad", "Silva", "Murphy",
    "Tanaka", "Novak", "Rossi", "Jensen", "Patel", "Cohen", "Lopez", "Walker", "Kim",
];

const ROLES: &[&str] = &crate::domain::contacts::Role::NAMES;
const KINDS: &[&str] = &crate::domain::amends::Kind::NAMES;
const STATUSES: &[&str] = &crate::domain::amends::Status::NAMES;
const CLOCKS: &[&str] = &["Alcohol", "Gambling", "Nicotine", "Cannabis", "Sugar"];
const LOG_NOTES: &[&str] = &[
    "called",
    "met for coffee",
    "texted",
    "went to a meeting together",
    "long talk after the meeting",
    "voicemail, called back later",
    "walk in the park",
];

/// xorshift64*: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero; mix the seed so 1, 2, 3 give unrelated streams.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A word, skewed to the front of [`WORDS`].
    fn word(&mut self) -> &'static str {
        let u = self.unit();
        WORDS[((u * u) * WORDS.len() as f64) as usize % WORDS.len()]
    }
}

/// A body of `len` characters or slightly fewer (whole words), in sentences
/// and paragraphs. `out` is cleared first.
pub fn body(rng: &mut Rng, len: usize, out: &mut String) {
    out.clear();
    let mut sentence_left = 0usize;
    while out.len() < len {
        let w = if rng.chance(0.000_002) {
            RARE_WORD
        } else {
            rng.word()
        };
        if out.len() + w.len() + 2 > len && out.len() >= 40 {
            break;
        }
        if sentence_left == 0 {
            if !out.is_empty() {
                out.push('.');
                out.push_str(if rng.chance(0.12) { "\n\n" } else { " " });
            }
            sentence_left = 4 + rng.below(14);
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push(if rng.chance(0.06) { ',' } else { ' ' });
            if out.ends_with(',') {
                out.push(' ');
            }
            out.push_str(w);
        }
        sentence_left -= 1;
    }
    out.push('.');
}

fn stamp(day: NaiveDate, minutes: u32) -> String {
    format!(
        "{}T{:02}:{:02}:00+00:00",
        format_day(day),
        (minutes / 60) % 24,
        minutes % 60
    )
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

impl Store {
    /// Fills an empty journal with a generated one (see [`SeedOptions`]), in
    /// one transaction. Refuses a database that already has entries.
    pub fn seed(&mut self, opts: &SeedOptions) -> Result<SeedStats> {
        let existing: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM journal_entry", [], |r| r.get(0))?;
        if existing > 0 {
            return Err(Error::Invalid(
                "this journal already has entries; seed a new file".into(),
            ));
        }
        // A big page cache while writing; reset afterwards.
        self.conn().execute_batch("PRAGMA cache_size = -65536")?;
        let result = self.write(|tx| seed_in(tx, opts));
        self.conn().execute_batch("PRAGMA cache_size = -2000")?;
        result
    }
}

fn seed_in(tx: &rusqlite::Transaction<'_>, opts: &SeedOptions) -> Result<SeedStats> {
    // The search words are taken from the index in one pass at the end.
    super::terms::pause(tx)?;
    let mut rng = Rng::new(opts.seed);
    let mut stats = SeedStats::default();
    let prompt_list = prompts();
    let created = stamp(opts.today, 8 * 60);

    let mut tag_ids = Vec::with_capacity(TAGS.len());
    {
        let mut st = tx.prepare(
            "INSERT INTO tag (name, created_at, updated_at) VALUES (?1, ?2, ?2)
             ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
        )?;
        for t in TAGS {
            tag_ids.push(st.query_row(params![t, created], |r| r.get::<_, i64>(0))?);
        }
    }

    // Oldest first, so ids grow with time as they would in real use.
    let mut days = Vec::with_capacity(opts.entries);
    let mut day = opts.today;
    while days.len() < opts.entries {
        let n = 1 + rng.below(3);
        for _ in 0..n.min(opts.entries - days.len()) {
            days.push(day);
        }
        day -= Duration::days(1);
    }
    days.reverse();
    stats.oldest = days.first().copied();
    {
        let mut ins = tx.prepare(
            "INSERT INTO journal_entry (day, body, mood, craving, prompt, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?;
        let mut link = tx.prepare(
            "INSERT OR IGNORE INTO journal_tag (entry_id, tag_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)",
        )?;
        let mut text = String::with_capacity(2100);
        let mut minutes = 7 * 60;
        let mut prev = None;
        for d in &days {
            minutes = if prev == Some(*d) {
                (minutes + 60 + rng.below(300) as u32).min(23 * 60 + 59)
            } else {
                6 * 60 + rng.below(180) as u32
            };
            prev = Some(*d);
            // 50..=2,000 characters, most of them short, as people write.
            let u = rng.unit();
            let len = 50 + (u * u * 1950.0) as usize;
            body(&mut rng, len, &mut text);
            let mood = rng.chance(0.85).then(|| 1 + rng.below(5) as i64);
            let craving = rng.chance(0.7).then(|| rng.below(11) as i64);
            let prompt = (rng.chance(0.3) && !prompt_list.is_empty())
                .then(|| prompt_list[rng.below(prompt_list.len())]);
            let at = stamp(*d, minutes);
            ins.execute(params![format_day(*d), text, mood, craving, prompt, at])?;
            let id = tx.last_insert_rowid();
            for _ in 0..rng.below(4) {
                link.execute(params![id, tag_ids[rng.below(tag_ids.len())], at])?;
            }
            stats.entries += 1;
        }
    }

    let oldest = stats.oldest.unwrap_or(opts.today);
    let span = (opts.today - oldest).num_days().max(30) as usize;
    let back = |rng: &mut Rng| opts.today - Duration::days(rng.below(span) as i64);

    let mut contact_ids = Vec::with_capacity(opts.contacts);
    {
        let mut ins = tx.prepare(
            "INSERT INTO contact (name, role, phone, email, notes, emergency, cadence_days,
               created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?;
        let mut log = tx.prepare(
            "INSERT INTO contact_log (contact_id, day, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        let mut note = String::new();
        for i in 0..opts.contacts {
            let name = person(&mut rng);
            let role = if i == 0 { "sponsor" } else { rng.pick(ROLES) };
            let phone = format!("+1 555 {:04}", rng.below(10_000));
            let email = rng
                .chance(0.5)
                .then(|| format!("{}@example.org", name.to_lowercase().replace(' ', ".")));
            body(&mut rng, 60, &mut note);
            let emergency = i < 3 || rng.chance(0.05);
            let cadence = rng.chance(0.4).then(|| [1i64, 3, 7, 14, 30][rng.below(5)]);
            ins.execute(params![
                name, role, phone, email, note, emergency, cadence, created
            ])?;
            let id = tx.last_insert_rowid();
            contact_ids.push(id);
            for _ in 0..rng.below(30) {
                let d = back(&mut rng);
                log.execute(params![
                    id,
                    format_day(d),
                    rng.pick(LOG_NOTES),
                    stamp(d, 720)
                ])?;
                stats.contact_logs += 1;
            }
        }
    }

    {
        let mut ins = tx.prepare(
            "INSERT INTO amend (person, contact_id, harm, kind, plan, status, made_on, notes,
               created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?;
        let mut log = tx.prepare(
            "INSERT INTO amend_log (amend_id, day, note, trust, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?;
        let (mut harm, mut plan, mut note) = (String::new(), String::new(), String::new());
        for _ in 0..opts.amends {
            let contact = (rng.chance(0.3) && !contact_ids.is_empty())
                .then(|| contact_ids[rng.below(contact_ids.len())]);
            let n = 80 + rng.below(200);
            body(&mut rng, n, &mut harm);
            let n = 60 + rng.below(120);
            body(&mut rng, n, &mut plan);
            let status = rng.pick(STATUSES);
            let made_on = (status == "made").then(|| format_day(back(&mut rng)));
            ins.execute(params![
                person(&mut rng),
                contact,
                harm,
                rng.pick(KINDS),
                plan,
                status,
                made_on,
                Option::<String>::None,
                created
            ])?;
            let id = tx.last_insert_rowid();
            for _ in 0..rng.below(11) {
                let d = back(&mut rng);
                let n = 40 + rng.below(80);
                body(&mut rng, n, &mut note);
                let trust = rng.chance(0.8).then(|| 1 + rng.below(5) as i64);
                log.execute(params![id, format_day(d), note, trust, stamp(d, 1080)])?;
                stats.amend_logs += 1;
            }
        }
    }

    {
        let mut ins = tx.prepare(
            "INSERT INTO clock (label, since, cost_per_day_cents, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        let mut reset = tx.prepare(
            "INSERT INTO clock_reset (clock_id, day, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        // Clocks start within the last three years (a journal imported from
        // decades back does not make a 100-year streak), at the earliest on
        // the oldest entry's day; resets fall in order after the start.
        let clock_span = span.clamp(1, 3 * 365);
        for label in CLOCKS.iter().take(opts.clocks) {
            let since = (opts.today - Duration::days(rng.below(clock_span) as i64)).max(oldest);
            let mut resets = Vec::new();
            let mut last = since;
            for _ in 0..rng.below(4) {
                let room = (opts.today - last).num_days();
                if room < 2 {
                    break;
                }
                let d = last + Duration::days(1 + rng.below(room as usize / 2) as i64);
                resets.push(d);
                last = d;
            }
            let cost = rng.chance(0.6).then(|| 500 + rng.below(3000) as i64);
            ins.execute(params![label, format_day(since), cost, created])?;
            let id = tx.last_insert_rowid();
            for d in resets {
                reset.execute(params![id, format_day(d), "started again", stamp(d, 600)])?;
            }
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    #[test]
    fn bodies_are_within_bounds_and_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let (mut x, mut y) = (String::new(), String::new());
        for len in [50usize, 300, 2000] {
            body(&mut a, len, &mut x);
            body(&mut b, len, &mut y);
            assert_eq!(x, y);
            assert!(x.len() <= len + 1 && x.len() >= 40, "{len}: {}", x.len());
        }
    }

    #[test]
    fn seeds_everything_and_refuses_twice() {
        let mut store = Store::open_in_memory().unwrap();
        let mut opts = SeedOptions::new(500, 1, today());
        opts.contacts = 20;
        opts.amends = 30;
        let stats = store.seed(&opts).unwrap();
        assert_eq!(stats.entries, 500);
        let n = store
            .count_entries(&crate::domain::journal::Filter::default())
            .unwrap();
        assert_eq!(n, 500);
        let page = store
            .list_page(&crate::domain::journal::Filter::default(), None, 1)
            .unwrap();
        assert_eq!(page[0].day, today());
        assert!(
            !store
                .search_entries(COMMON_WORD, &Default::default(), 10)
                .unwrap()
                .is_empty()
        );
        assert!(store.seed(&opts).is_err());
    }

    #[test]
    fn clocks_start_recently_and_their_resets_follow_in_order() {
        for seed in 0..3 {
            let mut store = Store::open_in_memory().unwrap();
            let mut opts = SeedOptions::new(3_000, seed, today());
            opts.contacts = 0;
            opts.amends = 0;
            store.seed(&opts).unwrap();
            let clocks = store.clocks().unwrap();
            assert_eq!(clocks.len(), 3);
            for c in clocks {
                assert!(c.since <= today());
                assert!((today() - c.since).num_days() < 3 * 365, "{}", c.since);
                let mut last = c.since;
                for r in &c.resets {
                    assert!(r.day > last && r.day <= today(), "{seed}: {c:?}");
                    last = r.day;
                }
            }
        }
    }
}
