//! The sample as a list of named files in memory: what the page's "Try sample data" button reads
//! (through the wasm `sample()` function), so the page ships the generator, not a 10 MB CSV.
//!
//! A list rather than one file so that more files of the same month (QA evaluations, surveys,
//! roster, attendance, agent states) can join the calls without any change to the page, which
//! simply analyses every file it is given.

use serde::Deserialize;

use super::{write_chat, write_outbound, write_sample, HeaderLang, SampleOptions};
use crate::model::message::Message;

/// The most days [`SampleRequest`] accepts: a quarter, about 30 MB of calls held in memory.
pub const MAX_REQUEST_DAYS: u32 = 92;

/// Which sample: inbound call records, a shop's chat log with its orders, or outbound campaigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Channel {
    /// `sample-calls.csv`.
    #[default]
    Calls,
    /// `sample-chat.csv` and `sample-orders.csv`.
    Chat,
    /// `sample-outbound.csv`.
    Outbound,
}

impl Channel {
    /// The channel of an id (`calls`, `chat`, `outbound`).
    pub fn from_id(id: &str) -> Option<Channel> {
        Some(match id {
            "calls" => Channel::Calls,
            "chat" => Channel::Chat,
            "outbound" => Channel::Outbound,
            _ => return None,
        })
    }
}

/// What the page asks for: `{days, seed, lang, channel}`, each optional (30 days, seed 1, English,
/// calls), the same defaults as `callscore sample`, so `callscore sample --days D --seed S --lang L
/// --channel C` writes byte for byte the files this makes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SampleRequest {
    /// Number of days, 1 to [`MAX_REQUEST_DAYS`].
    pub days: u32,
    /// Seed of the generator.
    pub seed: u64,
    /// `"en"` or `"zh"`: language of the headers and labels.
    pub lang: String,
    /// `"calls"`, `"chat"` or `"outbound"`.
    pub channel: String,
}

impl Default for SampleRequest {
    fn default() -> Self {
        let opts = SampleOptions::default();
        SampleRequest { days: opts.days, seed: opts.seed, lang: "en".into(), channel: "calls".into() }
    }
}

/// One generated file: its name and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFile {
    /// File name, as a user's export would be named (`sample-calls.csv`).
    pub name: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl SampleRequest {
    /// The generator options of this request, or what is out of range.
    pub fn options(&self) -> Result<SampleOptions, Message> {
        if !(1..=MAX_REQUEST_DAYS).contains(&self.days) {
            return Err(Message::SampleDays { value: self.days, max: MAX_REQUEST_DAYS });
        }
        let lang = match self.lang.as_str() {
            "en" => HeaderLang::En,
            "zh" => HeaderLang::Zh,
            other => return Err(Message::SampleLang { value: other.to_string() }),
        };
        Ok(SampleOptions { days: self.days, seed: self.seed, lang, ..SampleOptions::default() })
    }

    /// Generates the sample's files.
    pub fn files(&self) -> Result<Vec<SampleFile>, Message> {
        let channel =
            Channel::from_id(&self.channel).ok_or_else(|| Message::SampleChannel { value: self.channel.clone() })?;
        Ok(channel_files(&self.options()?, channel))
    }
}

/// The sample's files for `opts`, in the order a user would drop them: the call records.
pub fn sample_files(opts: &SampleOptions) -> Vec<SampleFile> {
    channel_files(opts, Channel::Calls)
}

/// The files of one channel's sample.
pub fn channel_files(opts: &SampleOptions, channel: Channel) -> Vec<SampleFile> {
    match channel {
        Channel::Calls => {
            let mut calls = Vec::new();
            // Writing into a Vec cannot fail.
            write_sample(opts, &mut calls).expect("writing to memory");
            vec![SampleFile { name: "sample-calls.csv".into(), bytes: calls }]
        }
        Channel::Chat => {
            let (chat, orders, _) = write_chat(opts);
            vec![
                SampleFile { name: "sample-chat.csv".into(), bytes: chat },
                SampleFile { name: "sample-orders.csv".into(), bytes: orders },
            ]
        }
        Channel::Outbound => {
            let (bytes, _) = write_outbound(opts);
            vec![SampleFile { name: "sample-outbound.csv".into(), bytes }]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_request_is_the_cli_default_month() {
        let files = SampleRequest::default().files().unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].name, "sample-calls.csv");
        let mut cli = Vec::new();
        write_sample(&SampleOptions::default(), &mut cli).unwrap();
        assert_eq!(files[0].bytes, cli);
    }

    #[test]
    fn requests_are_checked() {
        let parse = |json: &str| serde_json::from_str::<SampleRequest>(json);
        let req = parse(r#"{"days": 3, "lang": "zh"}"#).unwrap();
        assert_eq!(req.options().unwrap().lang, HeaderLang::Zh);
        assert_eq!(req.seed, 1);
        assert!(parse(r#"{"days": 3, "colour": "red"}"#).is_err());
        let too_long = SampleRequest { days: MAX_REQUEST_DAYS + 1, ..SampleRequest::default() };
        assert_eq!(too_long.files().unwrap_err().code(), "sample.days");
        let klingon = SampleRequest { lang: "tlh".into(), ..SampleRequest::default() };
        assert_eq!(klingon.files().unwrap_err().code(), "sample.lang");
        let fax = SampleRequest { channel: "fax".into(), ..SampleRequest::default() };
        assert_eq!(fax.files().unwrap_err().code(), "sample.channel");
        let chat = SampleRequest { days: 2, channel: "chat".into(), ..SampleRequest::default() }.files().unwrap();
        assert_eq!(chat.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["sample-chat.csv", "sample-orders.csv"]);
    }
}
