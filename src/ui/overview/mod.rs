//! The overview: one row per followed journey, like `top`. Select, sort,
//! filter, and open a journey's full dashboard on the state it already has
//! (Esc comes back). The table is a widget over row view models; the loop
//! in [`run`] only pumps the fleet (never waits on one journey) and draws.

pub(crate) mod row;
pub(crate) mod run;
mod source;
pub(crate) mod table;

pub(crate) use row::Row;
pub(crate) use run::run;
pub(crate) use source::{Clock, Journeys};

use super::keys::OverviewAction;
use std::cmp::Ordering;

/// The columns `s` cycles through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    /// As given on the command line.
    Given,
    Prompt,
    State,
    Time,
    People,
    Likes,
    Rate,
    Last,
}

impl Sort {
    const ORDER: [Sort; 8] = [
        Sort::Given,
        Sort::Prompt,
        Sort::State,
        Sort::Time,
        Sort::People,
        Sort::Likes,
        Sort::Rate,
        Sort::Last,
    ];

    fn next(self) -> Sort {
        let i = Sort::ORDER.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ORDER[(i + 1) % Sort::ORDER.len()]
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Sort::Given => "order given",
            Sort::Prompt => "prompt",
            Sort::State => "state",
            Sort::Time => "time",
            Sort::People => "people",
            Sort::Likes => "likes",
            Sort::Rate => "response rate",
            Sort::Last => "last event",
        }
    }

    /// Ascending order of two rows by this column (ties by given order).
    fn compare(self, a: &Row, b: &Row) -> Ordering {
        let f = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
        let by = match self {
            Sort::Given => Ordering::Equal,
            Sort::Prompt => a.prompt.to_lowercase().cmp(&b.prompt.to_lowercase()),
            Sort::State => a.state.cmp(&b.state),
            Sort::Time => a.time.total_cmp(&b.time),
            Sort::People => a.people.cmp(&b.people),
            Sort::Likes => a.likes.cmp(&b.likes),
            Sort::Rate => f(a.rate).total_cmp(&f(b.rate)),
            Sort::Last => f(a.since_last).total_cmp(&f(b.since_last)),
        };
        by.then(a.slot.cmp(&b.slot))
    }

    /// Numbers read best largest first; text and "given" ascending.
    fn descending(self) -> bool {
        matches!(self, Sort::People | Sort::Likes | Sort::Rate)
    }
}

/// The overview's view state.
#[derive(Debug, Clone)]
pub(crate) struct Overview {
    /// The selected journey (its slot), kept through sorting and filtering.
    pub(crate) selected: usize,
    pub(crate) sort: Sort,
    pub(crate) reverse: bool,
    pub(crate) filter: String,
    /// Typing into the filter: keys are text until Enter or Esc.
    pub(crate) editing: bool,
    /// The journey whose dashboard is open.
    pub(crate) drilled: Option<usize>,
    /// Recordings side by side: their one clock (the replay keys move it).
    pub(crate) clock: Option<Clock>,
}

/// Longest filter kept.
const MAX_FILTER: usize = 64;

impl Overview {
    pub(crate) fn new() -> Overview {
        Overview {
            selected: 0,
            sort: Sort::Given,
            reverse: false,
            filter: String::new(),
            editing: false,
            drilled: None,
            clock: None,
        }
    }

    /// Which key table the table reads: with a replay clock, the replay
    /// keys work here too.
    pub(crate) fn screen(&self) -> super::keys::Screen {
        if self.clock.is_some() {
            super::keys::Screen::ReplayOverview
        } else {
            super::keys::Screen::Overview
        }
    }

    /// The rows to show, filtered and sorted.
    pub(crate) fn visible<'a>(&self, rows: &'a [Row]) -> Vec<&'a Row> {
        let needle = self.filter.to_lowercase();
        let mut out: Vec<&Row> = rows
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || [&r.prompt, &r.uid, &r.state, &r.headline]
                        .iter()
                        .any(|t| t.to_lowercase().contains(&needle))
                    || r.style.contains(&needle)
            })
            .collect();
        let flip = self.sort.descending() != self.reverse;
        out.sort_by(|a, b| {
            let o = self.sort.compare(a, b);
            if flip { o.reverse() } else { o }
        });
        out
    }

    /// The selected row's place among the visible ones, when it shows.
    pub(crate) fn cursor(&self, visible: &[&Row]) -> Option<usize> {
        visible.iter().position(|r| r.slot == self.selected)
    }

    /// Applies an overview key; returns true when the view changed.
    pub(crate) fn apply(&mut self, action: OverviewAction, rows: &[Row]) -> bool {
        let visible = self.visible(rows);
        let step = |by: isize, o: &mut Overview| {
            let Some(first) = visible.first() else {
                return;
            };
            let i = match o.cursor(&visible) {
                Some(i) => i.saturating_add_signed(by).min(visible.len() - 1),
                None => 0,
            };
            o.selected = visible.get(i).map_or(first.slot, |r| r.slot);
        };
        match action {
            OverviewAction::Up => step(-1, self),
            OverviewAction::Down => step(1, self),
            OverviewAction::Open => {
                // Opens the selected journey, or the first shown.
                step(0, self);
                if !visible.is_empty() {
                    self.drilled = Some(self.selected);
                }
            }
            OverviewAction::Back => self.drilled = None,
            OverviewAction::SortNext => self.sort = self.sort.next(),
            OverviewAction::SortReverse => self.reverse = !self.reverse,
            OverviewAction::Filter => self.editing = true,
            OverviewAction::ClearFilter => self.filter.clear(),
        }
        true
    }

    /// A key while typing the filter: text, Backspace, Enter keeps, Esc
    /// clears.
    pub(crate) fn edit(&mut self, code: crossterm::event::KeyCode) {
        use crossterm::event::KeyCode;
        match code {
            KeyCode::Enter => self.editing = false,
            KeyCode::Esc => {
                self.editing = false;
                self.filter.clear();
            }
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char(c) if !c.is_control() && self.filter.chars().count() < MAX_FILTER => {
                self.filter.push(c);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
