//! Renders the README screenshots from the real app on sample data.
//!
//! `cargo run --example screenshots` builds a sample journal in memory (with
//! "today" fixed at 2026-03-15), drives the real [`App`] with keys to each
//! screen at 100x30, and writes `assets/screenshots/NAME.svg` (the cells as
//! monospace text with their colours and bold) and `NAME.txt` (plain text).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::Result;
use chrono::{NaiveDate, TimeDelta};
use mend::config::Config;
use mend::domain::amends::{Kind, NewAmend, Status};
use mend::domain::contacts::{ContactInput, Role};
use mend::store::Store;
use mend::tui::App;
use mend::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

const W: u16 = 100;
const H: u16 = 30;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).expect("a real date")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a real date")
}

const BODIES: [&str; 6] = [
    "Went to the evening meeting. Sam shared about the first year and I \
     stayed for coffee afterwards.\n\nGrateful for: the walk home, a quiet evening.",
    "Hard afternoon. Payday always pulls at me. Called Sam instead of going \
     to the shop, and the wave passed in about twenty minutes.",
    "Cooked dinner for Mum. We did not talk about the past, we just ate. \
     That was enough for today.",
    "Slept badly, tired and short with people at work. Noticed it, said \
     sorry to Priya before lunch.",
    "Long run by the river. Clear head. Wrote my gratitude list:\n- Sam\n- \
     the dog\n- 196 days",
    "Felt lonely tonight. Read the step four notes again and went to bed early.",
];

fn sample_store() -> Result<Store> {
    let t = today();
    let mut s = Store::open_in_memory()?;
    s.add_clock("Alcohol", day("2025-09-01"), Some(1200), t)?;
    let g = s.add_clock("Gambling", day("2025-06-01"), None, t)?;
    s.reset_clock(g.id, day("2025-12-20"), Some("one night at the casino"), t)?;
    s.add_clock("Smoking", day("2026-03-01"), Some(900), t)?;

    // The entries go in through the importer, so that their times are fixed
    // and the screenshots do not change from one run to the next.
    let mut journal = Vec::new();
    for i in 0..150i64 {
        if (i * 7 + 3) % 11 == 0 || (i > 100 && i % 3 == 0) {
            continue; // some days go unwritten, and that is fine
        }
        let d = t - TimeDelta::days(i);
        let craving = [2u8, 1, 4, 8, 3, 0, 5, 2, 7, 1][(i % 10) as usize];
        let mood = [4u8, 3, 4, 2, 5, 4, 3][(i % 7) as usize];
        let tags: Vec<String> = match craving {
            7.. if i % 2 == 0 => vec!["payday".into(), "alone".into()],
            7.. => vec!["work".into(), "tired".into()],
            _ if i % 4 == 0 => vec!["meeting".into(), "gratitude".into()],
            _ => vec!["gratitude".into()],
        };
        let at = format!("{d}T{:02}:{:02}:00+00:00", 19 + i % 4, (i * 13) % 60);
        journal.push(serde_json::json!({
            "day": d.to_string(),
            "created_at": at,
            "updated_at": at,
            "body": BODIES[(i % 6) as usize],
            "mood": mood,
            "craving": craving,
            "tags": tags,
        }));
    }
    let doc = serde_json::json!({
        "format": "mend",
        "version": 1,
        "exported_at": format!("{t}T22:00:00+00:00"),
        "journal": journal,
    });
    let plan = mend::import::parse_import(doc.to_string().as_bytes())?;
    mend::import::apply_import(&mut s, &plan, false, None)?;

    let mut sam = ContactInput::new("Sam Rivera", Role::Sponsor);
    sam.phone = Some("555-0134".into());
    sam.emergency = true;
    sam.cadence_days = Some(3);
    sam.notes = Some("Mornings before 9 are best.".into());
    let sam = s.add_contact(&sam)?;
    let mut mum = ContactInput::new("Mum", Role::Family);
    mum.phone = Some("555-0199".into());
    mum.cadence_days = Some(7);
    let mum = s.add_contact(&mum)?;
    let mut jo = ContactInput::new("Jordan", Role::Peer);
    jo.email = Some("jordan@example.org".into());
    jo.cadence_days = Some(14);
    let jo = s.add_contact(&jo)?;
    let mut dr = ContactInput::new("Dr. Okafor", Role::Counselor);
    dr.phone = Some("555-0150".into());
    s.add_contact(&dr)?;
    use mend::domain::plan::Section;
    for (section, line) in [
        (Section::Reasons, "Evenings with my kids, remembered"),
        (Section::Reasons, "Waking up without dread"),
        (Section::WarningSigns, "Skipping the Tuesday meeting"),
        (
            Section::Triggers,
            "Payday Fridays; the corner bar on the way home",
        ),
        (Section::Coping, "Leave the room, then eat something"),
        (Section::Coping, "Call Sam, or text if it is late"),
        (Section::Coping, "Walk for twenty minutes; the wave passes"),
        (
            Section::AfterASlip,
            "Tell Sam within a day; a slip is information",
        ),
    ] {
        s.add_plan_item(section, line)?;
    }
    for i in (4..84).step_by(3) {
        s.log_contact(sam, t - TimeDelta::days(i), Some("called"), t)?;
    }
    for i in (9..84).step_by(9) {
        s.log_contact(mum, t - TimeDelta::days(i), Some("Sunday dinner"), t)?;
    }
    s.log_contact(
        jo,
        t - TimeDelta::days(2),
        Some("coffee after the meeting"),
        t,
    )?;

    let dana = s.add_amend(&NewAmend {
        person: "Dana".into(),
        harm: "Missed her wedding rehearsal, drunk.".into(),
        kind: Kind::Direct,
        plan: "Apologise in person, without excuses; ask what would help.".into(),
        notes: String::new(),
        contact: None,
    })?;
    s.set_amend_status(dana, Status::Made, Some(day("2026-01-18")), t)?;
    for (d, note, trust) in [
        ("2026-01-18", "Apologised over coffee. She listened.", 2),
        ("2026-02-01", "Helped her move flat, on time and sober.", 3),
        ("2026-02-22", "Remembered her birthday, called.", 3),
        ("2026-03-08", "She invited me to dinner.", 4),
    ] {
        s.log_amend_act(dana, day(d), note, Some(trust), t)?;
    }
    let mum_amend = s.add_amend(&NewAmend {
        person: "Mum".into(),
        harm: "Years of broken promises and borrowed money.".into(),
        kind: Kind::Living,
        plan: "Show up every Sunday; pay back $50 a month.".into(),
        notes: String::new(),
        contact: Some("Mum".into()),
    })?;
    s.set_amend_status(mum_amend, Status::Ongoing, Some(day("2025-11-02")), t)?;
    for (d, note, trust) in [
        ("2025-11-02", "First repayment.", 2),
        ("2026-01-04", "Sunday dinner, stayed to wash up.", 3),
        ("2026-03-01", "Fourth repayment, on time.", 4),
    ] {
        s.log_amend_act(mum_amend, day(d), note, Some(trust), t)?;
    }
    s.add_amend(&NewAmend {
        person: "Priya (work)".into(),
        harm: "Took credit for her report.".into(),
        kind: Kind::Direct,
        plan: "Tell her and our manager the truth.".into(),
        notes: String::new(),
        contact: None,
    })?;
    let alex = s.add_amend(&NewAmend {
        person: "Alex".into(),
        harm: "Said cruel things when we split.".into(),
        kind: Kind::Indirect,
        plan: String::new(),
        notes: "They asked for no contact; respect it.".into(),
        contact: None,
    })?;
    s.set_amend_status(alex, Status::Deferred, None, t)?;
    let old = s.add_amend(&NewAmend {
        person: "Corner shop".into(),
        harm: "Unpaid tab.".into(),
        kind: Kind::Direct,
        plan: "Pay it in full.".into(),
        notes: String::new(),
        contact: None,
    })?;
    s.set_amend_status(old, Status::Made, Some(day("2025-10-12")), t)?;
    Ok(s)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn render(app: &mut App) -> Result<Buffer> {
    let mut terminal = Terminal::new(TestBackend::new(W, H))?;
    terminal.draw(|f| app.draw(f))?;
    Ok(terminal.backend().buffer().clone())
}

/// The 16 ANSI colours as a dark terminal shows them.
fn rgb(c: Color, default: &'static str) -> String {
    let hex = match c {
        Color::Reset => default,
        Color::Black => "#1e1e2e",
        Color::Red => "#e06c75",
        Color::Green => "#98c379",
        Color::Yellow => "#e5c07b",
        Color::Blue => "#61afef",
        Color::Magenta => "#c678dd",
        Color::Cyan => "#56b6c2",
        Color::Gray => "#abb2bf",
        Color::DarkGray => "#6b7280",
        Color::LightRed => "#ff7b86",
        Color::LightGreen => "#b5e890",
        Color::LightYellow => "#ffd68a",
        Color::LightBlue => "#82c4ff",
        Color::LightMagenta => "#de9bf0",
        Color::LightCyan => "#7fdbe6",
        Color::White => "#e6e6e6",
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(_) => default,
    };
    hex.to_string()
}

const FG: &str = "#d4d4d4";
const BG: &str = "#1e1e2e";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as an SVG: one `<text>` per run of cells with the same style,
/// stretched to the cell grid so any monospace font lines up.
fn svg(buf: &Buffer) -> String {
    const CW: f64 = 8.4;
    const LH: f64 = 18.0;
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" viewBox="0 0 {:.0} {:.0}">"#,
        f64::from(w) * CW + 16.0,
        f64::from(h) * LH + 16.0,
        f64::from(w) * CW + 16.0,
        f64::from(h) * LH + 16.0
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" rx="6" fill="{BG}"/><g transform="translate(8 8)" font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="14" xml:space="preserve">"#
    );
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let cell = &buf[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (rgb(cell.fg, FG), rgb(cell.bg, BG));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            let bold = cell.modifier.contains(Modifier::BOLD);
            let key = (fg.clone(), bg.clone(), bold);
            let start = x;
            let mut text = String::new();
            while x < w {
                let c = &buf[(x, y)];
                let r = c.modifier.contains(Modifier::REVERSED);
                let (mut f, mut b) = (rgb(c.fg, FG), rgb(c.bg, BG));
                if r {
                    std::mem::swap(&mut f, &mut b);
                }
                if (f, b, c.modifier.contains(Modifier::BOLD)) != key {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let len = x - start;
            let px = f64::from(start) * CW;
            let py = f64::from(y) * LH;
            if key.1 != BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{px:.1}" y="{py:.1}" width="{:.1}" height="{LH}" fill="{}"/>"#,
                    f64::from(len) * CW,
                    key.1
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                r#"<text x="{px:.1}" y="{:.1}" fill="{}"{} textLength="{:.1}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
                py + LH * 0.75,
                key.0,
                if bold { r#" font-weight="bold""# } else { "" },
                f64::from(len) * CW,
                escape(&text)
            );
        }
    }
    out.push_str("</g></svg>\n");
    out
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn save(dir: &Path, name: &str, buf: &Buffer) -> Result<()> {
    fs::write(dir.join(format!("{name}.svg")), svg(buf))?;
    fs::write(dir.join(format!("{name}.txt")), text(buf))?;
    println!("wrote {}", dir.join(format!("{name}.svg")).display());
    Ok(())
}

fn main() -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/screenshots");
    fs::create_dir_all(&dir)?;
    let config = Config {
        mouse: false,
        ..Config::default()
    };
    let mut app = App::new(sample_store()?, config, today())?;
    // The screenshots show the dark theme whatever NO_COLOR says here.
    app.theme = Theme::dark();

    save(&dir, "today", &render(&mut app)?)?;

    keys(&mut app, "2j");
    save(&dir, "journal", &render(&mut app)?)?;

    // Open Dana's amends: move down the list until her detail shows.
    keys(&mut app, "3");
    for _ in 0..10 {
        press(&mut app, KeyCode::Enter);
        let buf = render(&mut app)?;
        if text(&buf).contains("Amends · Dana") {
            save(&dir, "amends", &buf)?;
            break;
        }
        press(&mut app, KeyCode::Esc);
        keys(&mut app, "j");
    }
    press(&mut app, KeyCode::Esc);

    keys(&mut app, "4");
    save(&dir, "contacts", &render(&mut app)?)?;

    keys(&mut app, "5");
    save(&dir, "insights", &render(&mut app)?)?;

    keys(&mut app, "7");
    save(&dir, "plan", &render(&mut app)?)?;

    keys(&mut app, "1!");
    save(&dir, "crisis", &render(&mut app)?)?;
    Ok(())
}
