//! A one-line text input: the buffer and a cursor (in chars).

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
    /// A prefilled value that the first typed character replaces (as if it were selected);
    /// moving or deleting first keeps it for editing.
    fresh: bool,
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
            fresh: false,
        }
    }

    /// A field showing an existing value: typing replaces it, editing keys change it.
    pub fn prefilled(text: &str) -> LineInput {
        LineInput {
            fresh: !text.is_empty(),
            ..LineInput::new(text)
        }
    }

    /// The text with a caret (▏) where the next character goes, for display.
    pub fn with_caret(&self) -> String {
        let at = self.byte_at(self.cursor);
        format!("{}▏{}", &self.text[..at], &self.text[at..])
    }

    /// Whether the next typed character replaces the whole (prefilled) text.
    pub fn is_fresh(&self) -> bool {
        self.fresh
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
        if std::mem::take(&mut self.fresh) && matches!(op, InputOp::Insert(_)) {
            self.text.clear();
            self.cursor = 0;
        }
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
