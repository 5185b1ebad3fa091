//! OCR corrections, made only through the errata file in `seeds/` so that every change
//! to the source text is listed with its reason and marked in the UI.

use serde::{Deserialize, Serialize};

use super::PlanError;
use super::model::{Correction, Paragraph};

/// One entry of the errata file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erratum {
    /// 1-based source line the original text stands on.
    pub line: usize,
    /// The text as the source has it (must occur exactly once in that paragraph).
    pub original: String,
    pub correction: String,
    pub reason: String,
}

/// Reads the errata file (a JSON array of [`Erratum`]).
pub fn parse_errata(source_name: &str, json: &str) -> Result<Vec<Erratum>, PlanError> {
    serde_json::from_str(json).map_err(|e| PlanError::ErrataFile {
        file: source_name.to_string(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })
}

/// Applies every erratum whose line falls in the paragraph, marking it used.
pub(crate) fn apply_errata(para: &mut Paragraph, errata: &[Erratum], used: &mut [bool]) {
    for (k, e) in errata.iter().enumerate() {
        if e.line < para.lines.first || e.line > para.lines.last || used[k] {
            continue;
        }
        let mut hits = para.text.match_indices(&e.original);
        let (Some((start, _)), None) = (hits.next(), hits.next()) else {
            continue;
        };
        para.text.replace_range(start..start + e.original.len(), &e.correction);
        let delta = e.correction.len() as isize - e.original.len() as isize;
        for c in &mut para.corrections {
            if c.range.start > start {
                c.range.start = (c.range.start as isize + delta) as usize;
                c.range.end = (c.range.end as isize + delta) as usize;
            }
        }
        para.corrections.push(Correction {
            range: start..start + e.correction.len(),
            original: e.original.clone(),
            correction: e.correction.clone(),
            reason: e.reason.clone(),
            line: e.line,
        });
        used[k] = true;
    }
    para.corrections.sort_by_key(|c| c.range.start);
}
