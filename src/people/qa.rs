//! QA evaluation forms and evaluation scores.
//!
//! Score = Σ(item points × weight) / Σ(possible points × weight) × 100 over the items that are
//! not N/A. N/A items leave both sums, so the remaining items keep their own weights relative to
//! each other (nothing is re-weighted beyond that). A failed critical item makes the whole
//! evaluation 0 and is counted as an auto-fail, apart from ordinary low scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Message, Result};
use crate::model::people::{ItemValue, QaEvalRow};
use crate::model::text::normalize_header;

/// QA form presets: (id, JSON).
pub const QA_FORMS: [(&str, &str); 2] = [
    ("seed001_checklist", include_str!("presets/qa_seed001.json")),
    ("seed003_soft", include_str!("presets/qa_seed003.json")),
];

/// A preset QA form by id.
pub fn qa_form_preset(id: &str) -> Result<QaForm> {
    let (_, text) = QA_FORMS.iter().find(|(n, _)| *n == id).ok_or_else(|| {
        let known = QA_FORMS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ");
        Error::setting("qa_form", Message::UnknownQaFormPreset { id: id.to_string(), known })
    })?;
    serde_json::from_str(text).map_err(|e| Error::setting("qa_form", Message::QaFormJson { detail: e.to_string() }))
}

/// How an item is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Yes = full points, no = 0.
    YesNo,
    /// 1…max (usually 5).
    Scale,
    /// 0…max points.
    Points,
}

/// One checklist item of a QA form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaItem {
    /// The item's column header (wide files) or item name (long files).
    pub id: String,
    /// A longer name for the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How the item is answered.
    pub kind: ItemKind,
    /// Full points (1 for yes/no).
    #[serde(default = "one")]
    pub max: f64,
    /// Weight within the form.
    #[serde(default = "one")]
    pub weight: f64,
    /// Failing it fails the whole evaluation (an auto-fail).
    #[serde(default)]
    pub critical: bool,
    /// Whether N/A is an allowed answer.
    #[serde(default = "yes")]
    pub na_allowed: bool,
    /// Points below this count as a failed item (default: full points for yes/no and points
    /// items, 60 % of the maximum for scales).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<f64>,
}

fn one() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}

/// A section of a QA form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaSection {
    /// The section's name.
    pub name: String,
    /// Its items.
    pub items: Vec<QaItem>,
}

/// A QA form: sections of checklist items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaForm {
    /// The form's name.
    pub name: String,
    /// Its sections.
    pub sections: Vec<QaSection>,
    /// True when the engine inferred the form from the file: the page asks the user to confirm it.
    #[serde(default)]
    pub inferred: bool,
}

impl QaItem {
    /// Points below which the item counts as failed.
    pub fn pass_mark(&self) -> f64 {
        self.pass.unwrap_or(match self.kind {
            ItemKind::Scale => 0.6 * self.max,
            _ => self.max,
        })
    }
}

impl QaForm {
    /// Checks every item; the error names the field.
    pub fn validate(&self) -> Result<()> {
        let bad = |p: String, m: Message| Err(Error::setting(p, m));
        for (si, s) in self.sections.iter().enumerate() {
            for (ii, it) in s.items.iter().enumerate() {
                let p = format!("sections[{si}].items[{ii}]");
                if it.id.trim().is_empty() {
                    return bad(format!("{p}.id"), Message::MustNotBeEmpty);
                }
                if !(it.max.is_finite() && it.max > 0.0) {
                    return bad(format!("{p}.max"), Message::MustBePositive);
                }
                if !(it.weight.is_finite() && it.weight >= 0.0) {
                    return bad(format!("{p}.weight"), Message::MustBeNonNegative { value: it.weight });
                }
            }
        }
        Ok(())
    }

    /// Every item with its section name, in form order.
    pub fn items(&self) -> impl Iterator<Item = (&str, &QaItem)> {
        self.sections.iter().flat_map(|s| s.items.iter().map(move |i| (s.name.as_str(), i)))
    }

    fn find(&self, id: &str) -> Option<(&str, &QaItem)> {
        let key = normalize_header(id);
        self.items().find(|(_, i)| normalize_header(&i.id) == key || i.id == id)
    }

    /// A form inferred from the answers seen: yes/no when every answer is Y/N/N/A, a 1–5 scale
    /// when the numbers stay within 1–5, otherwise points up to the largest value seen. Critical
    /// marks and weights come from the file when it has them.
    pub fn infer(evals: &[QaEvalRow]) -> QaForm {
        struct Seen {
            section: Option<String>,
            yes_no: bool,
            max_num: f64,
            min_num: f64,
            any_num: bool,
            max: Option<f64>,
            weight: Option<f64>,
            critical: bool,
            order: usize,
        }
        let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
        for e in evals {
            for it in &e.items {
                let n = seen.len();
                let s = seen.entry(it.item.clone()).or_insert(Seen {
                    section: None,
                    yes_no: false,
                    max_num: 0.0,
                    min_num: f64::INFINITY,
                    any_num: false,
                    max: None,
                    weight: None,
                    critical: false,
                    order: n,
                });
                if s.section.is_none() {
                    s.section = it.section.clone();
                }
                match it.value {
                    ItemValue::Yes | ItemValue::No => s.yes_no = true,
                    ItemValue::Num(v) => {
                        s.any_num = true;
                        s.max_num = s.max_num.max(v);
                        s.min_num = s.min_num.min(v);
                    }
                    ItemValue::Na => {}
                }
                if it.max.is_some() {
                    s.max = it.max;
                }
                if it.weight.is_some() {
                    s.weight = it.weight;
                }
                s.critical |= it.critical == Some(true);
            }
        }
        let mut list: Vec<(String, Seen)> = seen.into_iter().collect();
        list.sort_by_key(|(_, s)| s.order);
        let mut sections: Vec<QaSection> = Vec::new();
        for (id, s) in list {
            let (kind, max) = if let Some(m) = s.max {
                (if s.yes_no && !s.any_num { ItemKind::YesNo } else { ItemKind::Points }, m)
            } else if !s.any_num || (s.yes_no && s.max_num <= 1.0) {
                (ItemKind::YesNo, 1.0)
            } else if s.min_num >= 1.0 && s.max_num <= 5.0 {
                (ItemKind::Scale, 5.0)
            } else if s.max_num <= 1.0 {
                (ItemKind::YesNo, 1.0)
            } else {
                (ItemKind::Points, s.max_num.max(1.0))
            };
            let section = s.section.unwrap_or_else(|| "—".to_string());
            let item = QaItem {
                id,
                label: None,
                kind,
                max,
                weight: s.weight.unwrap_or(1.0),
                critical: s.critical,
                na_allowed: true,
                pass: None,
            };
            match sections.iter_mut().find(|x| x.name == section) {
                Some(x) => x.items.push(item),
                None => sections.push(QaSection { name: section, items: vec![item] }),
            }
        }
        QaForm { name: "inferred".into(), sections, inferred: true }
    }
}

/// One evaluation after scoring.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ScoredEval {
    pub key: String,
    pub call_id: Option<String>,
    pub agent: String,
    pub evaluator: Option<String>,
    pub date: Option<String>,
    pub score: f64,
    pub auto_fail: bool,
    /// Score before the auto-fail rule (what the items alone gave).
    pub raw_score: f64,
    /// (item id, failed) for every non-N/A item.
    #[serde(skip)]
    pub items: Vec<(String, bool)>,
    /// (section, points × weight, possible × weight) per section, for section scores.
    #[serde(skip)]
    pub sections: Vec<(String, f64, f64)>,
}

/// Scores one evaluation on a form. Items not in the form are scored by their own answer
/// (yes/no, or points out of the file's max) so that nothing is silently dropped.
pub(super) fn score_eval(form: &QaForm, e: &QaEvalRow, key: String) -> Option<ScoredEval> {
    let (mut got, mut possible) = (0.0, 0.0);
    let mut auto_fail = false;
    let mut items = Vec::new();
    let mut sections: Vec<(String, f64, f64)> = Vec::new();
    for it in &e.items {
        let def = form.find(&it.item);
        let (max, weight, critical, pass, kind) = match def {
            Some((_, d)) => (d.max, d.weight, d.critical, d.pass_mark(), d.kind),
            None => {
                let m = it.max.unwrap_or(1.0);
                (m, it.weight.unwrap_or(1.0), it.critical == Some(true), m, ItemKind::Points)
            }
        };
        let pts = match it.value {
            ItemValue::Na => continue,
            ItemValue::Yes => max,
            ItemValue::No => 0.0,
            ItemValue::Num(v) if kind == ItemKind::YesNo => {
                if v > 0.0 {
                    max
                } else {
                    0.0
                }
            }
            ItemValue::Num(v) => v.min(max),
        };
        let failed = pts + 1e-9 < pass;
        if critical && failed {
            auto_fail = true;
        }
        got += pts * weight;
        possible += max * weight;
        let sec = def.map_or_else(|| it.section.clone().unwrap_or_else(|| "—".into()), |(s, _)| s.to_string());
        match sections.iter_mut().find(|x| x.0 == sec) {
            Some(x) => {
                x.1 += pts * weight;
                x.2 += max * weight;
            }
            None => sections.push((sec, pts * weight, max * weight)),
        }
        items.push((def.map_or(it.item.clone(), |(_, d)| d.id.clone()), failed));
    }
    if possible <= 0.0 {
        return None;
    }
    let raw = got / possible * 100.0;
    Some(ScoredEval {
        key,
        call_id: e.call_id.clone(),
        agent: e.agent.clone(),
        evaluator: e.evaluator.clone(),
        date: e.date.clone(),
        score: if auto_fail { 0.0 } else { raw },
        auto_fail,
        raw_score: raw,
        items,
        sections,
    })
}
