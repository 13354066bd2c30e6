//! [`ListCursor`]: the selection in a list, the first row shown, paging by
//! the height last drawn, and the row under a mouse click.
//!
//! Use: keep one per list; `cursor.apply(action, len)` in `update` (it
//! takes `up`, `down`, `page-up`, `page-down`, `top`, `bottom`);
//! `cursor.place(area.y, area.height, len)` in `draw`, which keeps the
//! selection in view and returns the offset to draw from;
//! `cursor.click(y, len)` for a mouse click.

use super::Handled;
use crate::tui::keys::Action;

/// Selection and scroll state of a list of `len` rows, one row per item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    selected: usize,
    offset: usize,
    /// Rows shown when last drawn (the page size).
    height: usize,
    /// Screen row of the first shown item when last drawn.
    top: u16,
}

impl ListCursor {
    /// The selected index (0 when the list is empty).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first item shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Rows a page moves (the height last drawn, at least 1).
    pub fn page(&self) -> usize {
        self.height.max(1)
    }

    /// Records the rows shown, for paging, when the pane lays out its own
    /// rows (grouped lists) instead of calling [`ListCursor::place`].
    pub fn set_page(&mut self, height: u16) {
        self.height = usize::from(height);
    }

    /// Selects `i`, clamped to a list of `len`.
    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    /// Keeps the selection inside a list that now has `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.select(self.selected, len);
    }

    /// Moves the selection for a list action; `No` for other actions.
    pub fn apply(&mut self, action: Action, len: usize) -> Handled {
        let page = self.page();
        let to = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => self.selected.saturating_add(1),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::PageDown => self.selected.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            _ => return Handled::No,
        };
        self.select(to, len);
        Handled::Yes
    }

    /// Records where the list is drawn (`top` row, `height` rows) and
    /// returns the first item to draw so the selection is in view.
    pub fn place(&mut self, top: u16, height: u16, len: usize) -> usize {
        self.clamp(len);
        self.top = top;
        self.height = usize::from(height);
        let h = self.height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        // No empty rows below the last item while items are hidden above.
        self.offset = self.offset.min(len.saturating_sub(h));
        self.offset
    }

    /// The item drawn at screen row `y`, if any.
    pub fn row_at(&self, y: u16, len: usize) -> Option<usize> {
        let row = usize::from(y.checked_sub(self.top)?);
        (row < self.height)
            .then_some(self.offset + row)
            .filter(|i| *i < len)
    }

    /// Selects the item under a click at row `y`.
    pub fn click(&mut self, y: u16, len: usize) -> Handled {
        match self.row_at(y, len) {
            Some(i) => {
                self.selected = i;
                Handled::Yes
            }
            None => Handled::No,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_clamps() {
        let mut c = ListCursor::default();
        assert!(c.apply(Action::Down, 3).yes());
        assert!(c.apply(Action::Down, 3).yes());
        c.apply(Action::Down, 3);
        assert_eq!(c.selected(), 2);
        c.apply(Action::Top, 3);
        assert_eq!(c.selected(), 0);
        c.apply(Action::Up, 3);
        assert_eq!(c.selected(), 0);
        c.apply(Action::Bottom, 3);
        assert_eq!(c.selected(), 2);
        assert_eq!(c.apply(Action::New, 3), Handled::No);
        c.clamp(1);
        assert_eq!(c.selected(), 0);
        c.apply(Action::Down, 0);
        assert_eq!(c.selected(), 0);
    }

    #[test]
    fn pages_by_the_height_drawn_and_keeps_the_selection_in_view() {
        let mut c = ListCursor::default();
        assert_eq!(c.place(2, 4, 20), 0);
        c.apply(Action::PageDown, 20);
        assert_eq!(c.selected(), 4);
        assert_eq!(c.place(2, 4, 20), 1);
        c.apply(Action::Bottom, 20);
        assert_eq!(c.place(2, 4, 20), 16);
        c.apply(Action::PageUp, 20);
        assert_eq!(c.selected(), 15);
        assert_eq!(c.place(2, 4, 20), 15);
    }

    #[test]
    fn a_click_selects_the_row_under_it() {
        let mut c = ListCursor::default();
        c.select(9, 10);
        let offset = c.place(5, 3, 10);
        assert_eq!(offset, 7);
        assert_eq!(c.row_at(4, 10), None);
        assert_eq!(c.row_at(5, 10), Some(7));
        assert_eq!(c.row_at(8, 10), None);
        assert!(c.click(6, 10).yes());
        assert_eq!(c.selected(), 8);
        assert_eq!(c.click(20, 10), Handled::No);
        // A short list leaves empty rows that select nothing.
        let mut c = ListCursor::default();
        c.place(0, 5, 2);
        assert_eq!(c.row_at(3, 2), None);
    }
}
