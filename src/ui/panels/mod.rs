//! The dashboard's panels, one ratatui widget each; each borrows what it draws.

pub(crate) mod feed;
pub(crate) mod footer;
pub(crate) mod header;
pub(crate) mod likes;
pub(crate) mod participants;
pub(crate) mod prompt;

pub(crate) use feed::FeedPanel;
pub(crate) use footer::Footer;
pub(crate) use header::Header;
pub(crate) use likes::LikesPanel;
pub(crate) use participants::ParticipantsPanel;
pub(crate) use prompt::PromptPanel;

pub(crate) use super::widgets::Panel;
