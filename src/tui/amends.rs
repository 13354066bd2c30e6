//! The Amends pane.

use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::app::empty_state;
use super::keys::Action;
use super::pane::{Ctx, Pane, View};

/// The Amends pane's state.
#[derive(Default)]
pub struct AmendsPane {}

impl Pane for AmendsPane {
    fn title(&self) -> &'static str {
        "Amends"
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
            "Amends",
            vec![Line::from("No amends listed yet.")],
            view.theme,
        );
    }

    fn help(&self) -> Vec<(Action, &'static str)> {
        vec![]
    }
}
