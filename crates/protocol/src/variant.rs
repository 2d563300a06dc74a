//! The two naming variants of the live protocol (PROTOCOL.md §0, §2).
//!
//! Everything that differs between `journeys` and `interactive-prompts` is a
//! name; this type is the one place those names live, so the rest of the code
//! handles both variants in a single code path.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Nov 2022 – Mar 2023: `/api/2/journeys/live`, `journey_time`.
    Journeys,
    /// Mar 2023 – now: `/api/2/interactive_prompts/live`, `prompt_time`.
    InteractivePrompts,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::Journeys, Variant::InteractivePrompts];

    /// The CLI / file spelling.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Journeys => "journeys",
            Variant::InteractivePrompts => "interactive-prompts",
        }
    }

    /// The websocket route.
    pub fn ws_path(self) -> &'static str {
        match self {
            Variant::Journeys => "/api/2/journeys/live",
            Variant::InteractivePrompts => "/api/2/interactive_prompts/live",
        }
    }

    /// The HTTP stats route (§6.3).
    pub fn stats_path(self) -> &'static str {
        match self {
            Variant::Journeys => "/api/1/journeys/events/stats",
            Variant::InteractivePrompts => "/api/1/interactive_prompts/events/stats",
        }
    }

    /// Whether the stats endpoint truncates an event's time to whole
    /// seconds before it picks the bin (§6.3): the interactive code does.
    pub fn stats_truncate_times(self) -> bool {
        self == Variant::InteractivePrompts
    }

    /// The prefix of the HTTP event-posting routes (§6.2).
    pub fn events_path(self) -> &'static str {
        match self {
            Variant::Journeys => "/api/1/journeys/events",
            Variant::InteractivePrompts => "/api/1/interactive_prompts/events",
        }
    }

    /// `journey_uid` / `interactive_prompt_uid` in the authorize packet.
    pub fn uid_field(self) -> &'static str {
        match self {
            Variant::Journeys => "journey_uid",
            Variant::InteractivePrompts => "interactive_prompt_uid",
        }
    }

    /// `journey_jwt` / `interactive_prompt_jwt` in the POST bodies of §6.2.
    pub fn jwt_field(self) -> &'static str {
        match self {
            Variant::Journeys => "journey_jwt",
            Variant::InteractivePrompts => "interactive_prompt_jwt",
        }
    }

    /// `journey_time` / `prompt_time` on events and stats.
    pub fn time_field(self) -> &'static str {
        match self {
            Variant::Journeys => "journey_time",
            Variant::InteractivePrompts => "prompt_time",
        }
    }

    /// The key of the latency_detection packet.
    pub fn latency_field(self) -> &'static str {
        match self {
            Variant::Journeys => "expected_receive_journey_time",
            Variant::InteractivePrompts => "expected_receive_prompt_time",
        }
    }

    /// The JWT audience.
    pub fn jwt_audience(self) -> &'static str {
        match self {
            Variant::Journeys => "oseh-journey",
            Variant::InteractivePrompts => "oseh-interactive-prompt",
        }
    }

    /// The uid prefix of the journey / prompt itself.
    pub fn uid_prefix(self) -> &'static str {
        match self {
            Variant::Journeys => "oseh_j_",
            Variant::InteractivePrompts => "oseh_ip_",
        }
    }

    /// The uid prefix of events.
    pub fn event_uid_prefix(self) -> &'static str {
        match self {
            Variant::Journeys => "oseh_je_",
            Variant::InteractivePrompts => "oseh_ipe_",
        }
    }

    /// The uid prefix of sessions.
    pub fn session_uid_prefix(self) -> &'static str {
        match self {
            Variant::Journeys => "oseh_js_",
            Variant::InteractivePrompts => "oseh_ips_",
        }
    }

    /// `impossible_journey_time` / `impossible_prompt_time` (§4).
    pub fn impossible_time_error(self) -> &'static str {
        match self {
            Variant::Journeys => "impossible_journey_time",
            Variant::InteractivePrompts => "impossible_prompt_time",
        }
    }

    /// "journey" / "interactive prompt", for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Variant::Journeys => "journey",
            Variant::InteractivePrompts => "interactive prompt",
        }
    }

    /// The variant a uid's prefix names, if it names one.
    pub fn from_uid(uid: &str) -> Option<Variant> {
        // `oseh_ip_` must be checked before a shorter prefix could match it.
        if uid.starts_with("oseh_ip_") {
            Some(Variant::InteractivePrompts)
        } else if uid.starts_with("oseh_j_") {
            Some(Variant::Journeys)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
