//! A one-line text input: the buffer and a cursor (in chars).

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

/// An edit to a line input; the event loop turns keys into these while a field has focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputOp {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        *self = LineInput::new(text);
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn apply(&mut self, op: InputOp) {
        let len = self.text.chars().count();
        match op {
            InputOp::Insert(c) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            InputOp::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            InputOp::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            InputOp::Left => self.cursor = self.cursor.saturating_sub(1),
            InputOp::Right => self.cursor = (self.cursor + 1).min(len),
            InputOp::Home => self.cursor = 0,
            InputOp::End => self.cursor = len,
            InputOp::Backspace | InputOp::Delete => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut l = LineInput::new("€ 1");
        l.apply(InputOp::Home);
        l.apply(InputOp::Right);
        l.apply(InputOp::Insert('x'));
        assert_eq!(l.text(), "€x 1");
        l.apply(InputOp::Backspace);
        l.apply(InputOp::Backspace);
        assert_eq!(l.text(), " 1");
        l.apply(InputOp::Backspace);
        assert_eq!(l.text(), " 1");
        l.apply(InputOp::End);
        l.apply(InputOp::Delete);
        assert_eq!(l.text(), " 1");
        assert_eq!(l.cursor(), 2);
    }
}
