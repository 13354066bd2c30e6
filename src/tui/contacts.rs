//! The Contacts pane.

use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::app::empty_state;
use super::keys::Action;
use super::pane::{Ctx, Pane, View};

/// The Contacts pane's state.
#[derive(Default)]
pub struct ContactsPane {}

impl Pane for ContactsPane {
    fn title(&self) -> &'static str {
        "Contacts"
    }

    fn load(&mut self, _ctx: &mut Ctx) -> Result<()> {
        Ok(())
    }

    fn update(&mut self, _action: Action, _ctx: &mut Ctx) -> Result<()> {
        Ok(())
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        empty_state(
            frame,
            area,
            "Contacts",
            vec![Line::from("No support contacts yet.")],
            view.theme,
        );
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![]
    }
}
