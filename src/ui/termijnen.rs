//! The Termijnen screen. PLACEHOLDER until the deadlines land.

use super::View;
use crate::app::State;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn render(_state: &State, _view: &View, _frame: &mut Frame, _area: Rect) {}
