//! The Steps pane and the relationship check, from the keyboard on a
//! TestBackend at 80x24: write three resentments and two harms, put a harm
//! on the amends list in one key, check a relationship twice on two days and
//! see the trend; the forms fit and wrap.

use crate::common;

use common::*;
use mend::domain::amends::Status;
use mend::domain::contacts::{ContactInput, Role};
use mend::domain::relationship::{NewCheck, Sign};
use mend::store::Store;
use mend::tui::App;
use ratatui::crossterm::event::KeyCode;

fn steps(a: &mut App) {
    a.handle_key(ch('6'));
    assert_eq!(a.tab_titles()[a.tab()], "Steps");
}

/// Writes a row of the kind shown: one text per field, Tab between them.
fn write_row(a: &mut App, fields: &[&str]) {
    a.handle_key(ch('n'));
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            a.handle_key(key(KeyCode::Tab));
        }
        type_str(a, f);
    }
    a.handle_key(ctrl('s'));
}

#[test]
fn a_new_user_writes_resentments_and_harms_and_one_key_makes_an_amend() {
    let mut a = app();
    steps(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Resentments · Fears · Harms done"),
        "{screen}"
    );
    assert!(screen.contains("Nothing written here yet."), "{screen}");
    write_row(
        &mut a,
        &["my boss", "passed over", "security", "I was late"],
    );
    write_row(&mut a, &["my brother", "the car"]);
    write_row(&mut a, &["the bank"]);
    assert_eq!(a.store.worksheet_rows(Some("resentment")).unwrap().len(), 3);
    // f twice: Fears, then Harms done.
    a.handle_key(ch('f'));
    a.handle_key(ch('f'));
    write_row(&mut a, &["Sam", "missed the wedding"]);
    write_row(&mut a, &["Mum", "borrowed money and lied"]);
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("Resentments 3") && screen.contains("Harms done 2"),
        "{screen}"
    );
    assert!(screen.contains("Mum — borrowed money and lied"), "{screen}");
    // The new row is selected: one key puts Mum on the amends list.
    a.handle_key(ch('a'));
    let amends = a.store.amends(None).unwrap();
    assert_eq!(amends.len(), 1);
    assert_eq!(amends[0].person, "Mum");
    assert_eq!(amends[0].harm, "borrowed money and lied");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("amends: listed"), "{screen}");
    assert!(screen.contains("On the amends list: listed"), "{screen}");
    // The row follows the amend's status.
    a.store
        .set_amend_status(amends[0].id, Status::Willing, None, today())
        .unwrap();
    a.handle_key(ch('3'));
    a.handle_key(ch('6'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("amends: willing"), "{screen}");
    // Again is refused kindly and adds nothing.
    a.handle_key(ch('a'));
    assert_eq!(a.store.amends(None).unwrap().len(), 1);
    assert!(
        a.status()
            .unwrap()
            .text
            .contains("already on the amends list")
    );
    // On a resentment the key explains instead.
    a.handle_key(ch('f'));
    a.handle_key(ch('f'));
    a.handle_key(ch('f'));
    a.handle_key(ch('a'));
    assert!(
        a.status()
            .unwrap()
            .text
            .contains("Only a row of harms done")
    );
    // The smallest layout draws the pane, the form and the check popup.
    let small = render(&mut a, 60, 16);
    assert!(small.contains("Steps"), "{small}");
    a.handle_key(ch('n'));
    let small = render(&mut a, 60, 16);
    assert!(small.contains("Who or what"), "{small}");
    a.handle_key(key(KeyCode::Esc));
    // The amend's detail says where it came from.
    a.handle_key(ch('3'));
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("your harms done (Steps)"), "{screen}");
}

#[test]
fn the_form_is_built_from_the_kind_and_its_tall_fields_wrap_at_80x24() {
    let mut a = app();
    steps(&mut a);
    a.handle_key(ch('n'));
    let screen = render(&mut a, 80, 24);
    for label in ["Who or what", "What happened", "What it touched", "My part"] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
    a.handle_key(key(KeyCode::Tab));
    type_str(
        &mut a,
        "they passed me over for the raise again and again even though I stayed late every single night",
    );
    let screen = render(&mut a, 80, 24);
    // Start and end show together: the field wraps instead of scrolling.
    assert!(
        screen.contains("they passed me over") && screen.contains("every single night"),
        "the tall field wraps: {screen}"
    );
    // Esc on changed text asks before discarding.
    a.handle_key(key(KeyCode::Esc));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Discard"), "{screen}");
    a.handle_key(ch('y'));
    assert!(a.store.worksheet_rows(None).unwrap().is_empty());
    // An empty row is refused in the form.
    a.handle_key(ch('n'));
    a.handle_key(ctrl('s'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("fill in at least one field"), "{screen}");
}

#[test]
fn a_check_takes_under_ten_keys_and_two_days_show_a_trend() {
    let mut store = Store::open_in_memory().unwrap();
    let sam = store
        .add_contact(&ContactInput::new("Sam", Role::Family))
        .unwrap();
    store
        .add_check(
            sam,
            &NewCheck {
                day: day("2026-03-14"),
                values: [2, 3, 4, 1, 3],
                signs: vec![Sign::Fixing],
                note: None,
            },
            today(),
        )
        .unwrap();
    let mut a = app_with(store);
    a.handle_key(ch('4'));
    // c, five digits, a sign, Ctrl-S: eight keys.
    let keys = [
        ch('c'),
        ch('4'),
        ch('4'),
        ch('3'),
        ch('3'),
        ch('5'),
        ch('l'),
        ctrl('s'),
    ];
    for (i, k) in keys.iter().enumerate() {
        a.handle_key(*k);
        if i == 2 {
            let screen = render(&mut a, 80, 24);
            assert!(screen.contains("How are things with Sam?"), "{screen}");
            assert!(screen.contains("Noticed in me"), "{screen}");
            assert!(screen.contains("[l] losing myself"), "{screen}");
            assert!(screen.contains("Respect     1  2  3 [4] 5"), "{screen}");
        }
    }
    assert!(keys.len() < 10);
    let checks = a.store.checks(sam).unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[1].values, [4, 4, 3, 3, 5]);
    assert_eq!(checks[1].signs, [Sign::LosingMyself]);
    assert_eq!(checks[1].day, today());
    a.handle_key(key(KeyCode::Enter));
    let screen = render(&mut a, 80, 24);
    assert!(
        screen.contains("How the relationship feels · 2 checks"),
        "{screen}"
    );
    assert!(screen.contains("Respect    ▂▆"), "{screen}");
    assert!(screen.contains("4/5  growing"), "{screen}");
    assert!(screen.contains("Affection  ▆▄"), "{screen}");
    assert!(screen.contains("lower lately"), "{screen}");
    assert!(
        screen.contains("Signs on 2026-03-15: losing myself"),
        "{screen}"
    );
}
