//! The Journal pane.

use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::app::empty_state;
use super::keys::Action;
use super::pane::{Ctx, Pane, View};

/// The Journal pane's state.
#[derive(Default)]
pub struct JournalPane {}

impl Pane for JournalPane {
    fn title(&self) -> &'static str {
        "Journal"
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
            "Journal",
            vec![Line::from(
                "Your journal is empty. The journal editor arrives soon.",
            )],
            view.theme,
        );
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![]
    }
}
