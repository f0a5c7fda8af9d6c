//! The result screen and the proposal panel of the case view. PLACEHOLDER until the engine lands.

use super::View;
use crate::app::{OpenCase, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub fn case_panel<'a>(_state: &State, _view: &View, _open: &OpenCase) -> Vec<Line<'a>> {
    Vec::new()
}

pub fn render(_state: &State, _view: &View, _frame: &mut Frame, _area: Rect) {}
