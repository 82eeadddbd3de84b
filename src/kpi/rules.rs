//! The rules KPIs are computed under: thresholds, variants and the FCR window. They are applied
//! when the report is built, so changing them never needs the files read again.

use serde::{Deserialize, Serialize};

use super::TALK_HIST_CAP_S;
use crate::error::{Error, Message, Result};

/// Which calls the service level divides by. Thresholds are inclusive (wait ≤ T).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlVariant {
    /// answered within T / offered (the default).
    #[default]
    Offered,
    /// answered within T / answered (Asterisk SL, VICIdial TMR).
    Answered,
    /// answered within T / (offered − short abandoned) (Talkdesk, Genesys option).
    OfferedMinusShort,
    /// (answered within T + abandoned within T) / offered (Asterisk SL2).
    WithAbandoned,
}

impl SlVariant {
    /// Every variant, in the order `service_level_variants` lists them.
    pub const ALL: [SlVariant; 4] =
        [SlVariant::Offered, SlVariant::Answered, SlVariant::OfferedMinusShort, SlVariant::WithAbandoned];

    /// The variant's id, as in settings and the report.
    pub fn id(self) -> &'static str {
        match self {
            SlVariant::Offered => "offered",
            SlVariant::Answered => "answered",
            SlVariant::OfferedMinusShort => "offered_minus_short",
            SlVariant::WithAbandoned => "with_abandoned",
        }
    }
}

/// Which calls the abandon rate divides by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbandonVariant {
    /// abandoned / offered (the default).
    #[default]
    Offered,
    /// (abandoned − short abandoned) / (offered − short abandoned).
    ExcludeShort,
    /// abandoned / (answered + abandoned).
    AnsweredPlusAbandoned,
}

impl AbandonVariant {
    /// Every variant.
    pub const ALL: [AbandonVariant; 3] =
        [AbandonVariant::Offered, AbandonVariant::ExcludeShort, AbandonVariant::AnsweredPlusAbandoned];

    /// The variant's id, as in settings.
    pub fn id(self) -> &'static str {
        match self {
            AbandonVariant::Offered => "offered",
            AbandonVariant::ExcludeShort => "exclude_short",
            AbandonVariant::AnsweredPlusAbandoned => "answered_plus_abandoned",
        }
    }
}

/// The KPI rules of one report (a projection of the settings).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KpiRules {
    /// Service-level threshold T in whole seconds: answered within T means wait ≤ T.
    pub sl_threshold_s: u32,
    /// Which calls the service level divides by.
    pub sl_variant: SlVariant,
    /// Which calls the abandon rate divides by.
    pub abandon_variant: AbandonVariant,
    /// Abandons with wait ≤ this are short abandons; 0 switches the rule off.
    pub short_abandon_s: u32,
    /// Answered calls with talk < this are short calls.
    pub short_call_s: u32,
    /// Count time-outs (timeout, key press, empty queue) as abandoned.
    pub timeout_as_abandoned: bool,
    /// Repeat-caller FCR window in hours; 0 = off.
    pub fcr_window_h: u32,
}

impl KpiRules {
    /// Checks every value, so that a bad rule fails before any file is read.
    pub fn validate(&self) -> Result<()> {
        if self.sl_threshold_s > 86_400 {
            return Err(Error::setting("sl_threshold_s", Message::ThresholdTooLong { value: self.sl_threshold_s }));
        }
        if self.short_call_s > TALK_HIST_CAP_S {
            let m = Message::ShortCallTooLong { value: self.short_call_s, cap: TALK_HIST_CAP_S };
            return Err(Error::setting("short_call_s", m));
        }
        if self.fcr_window_h > 24 * 366 {
            return Err(Error::setting("fcr_window_h", Message::FcrWindowTooLong { value: self.fcr_window_h }));
        }
        Ok(())
    }
}
