//! `.prj` texts that are not WKT: a bare `EPSG:4550`, or the ESRI or EPSG name of a
//! CGCS2000 Gauss–Krüger zone.

use super::{unreadable, unsupported};
use crate::crs::{Crs, CrsError};

/// A text without brackets: `EPSG:4550`, or an ESRI or EPSG name of a CGCS2000
/// Gauss–Krüger zone (`CGCS2000_3_Degree_GK_CM_123E`, `CGCS2000_3_Degree_GK_Zone_41`,
/// `CGCS2000_GK_Zone_21`, `CGCS2000 / 3-degree Gauss-Kruger CM 123E`).
pub(super) fn from_bare_name(text: &str) -> Result<Crs, CrsError> {
    let lower = text.to_ascii_lowercase();
    if let Some(code) = lower.strip_prefix("epsg:").and_then(|c| c.trim().parse::<u32>().ok()) {
        if matches!(code, 2327..=2442 | 4610 | 4214 | 21413..=21483) {
            return Err(CrsError::OldDatum {
                name: text.to_string(),
                datum: if code < 2400 || code == 4610 {
                    "Xian 1980"
                } else {
                    "Beijing 1954"
                }
                .to_string(),
            });
        }
        return Crs::from_epsg(code).ok_or_else(|| unsupported(text, "the atlas does not accept this EPSG code"));
    }
    if lower.contains("xian") || lower.contains("xi'an") || lower.contains("beijing") {
        return Err(CrsError::OldDatum {
            name: text.to_string(),
            datum: if lower.contains("beijing") {
                "Beijing 1954"
            } else {
                "Xian 1980"
            }
            .to_string(),
        });
    }
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let after = |word: &str| {
        tokens
            .iter()
            .position(|t| *t == word)
            .and_then(|i| tokens.get(i + 1))
            .copied()
    };
    let gauss = tokens.contains(&"gk") || tokens.contains(&"gauss");
    if !(tokens.contains(&"cgcs2000") && gauss) {
        return Err(unreadable(format!(
            "“{}” is not WKT",
            text.chars().take(80).collect::<String>()
        )));
    }
    let three_degree = after("3") == Some("degree");
    if let Some(cm) = after("cm")
        .and_then(|t| t.trim_end_matches('e').parse::<f64>().ok())
        .filter(|cm| (0.0..=180.0).contains(cm))
    {
        return Ok(Crs::gauss_kruger(cm, 500_000.0));
    }
    if let Some(zone) = after("zone")
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|z| (1..=60).contains(z))
    {
        let cm = if three_degree {
            3 * zone
        } else {
            (6 * zone).saturating_sub(3)
        };
        return Ok(Crs::gauss_kruger(f64::from(cm), 500_000.0 + f64::from(zone) * 1e6));
    }
    Err(unreadable(format!("“{text}” names no central meridian or zone")))
}
