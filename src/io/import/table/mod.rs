//! Point lists: CSV/TSV files and `.xlsx` sheets with a header row, positions in two
//! columns (longitude/latitude, x/y, easting/northing) or one WKT column, found by the
//! header names unless [`ReadOptions::columns`] says. Other columns become properties
//! (numbers as numbers). Positions are read as written: the coordinate system is the
//! user's choice or a guess ([`super::source`] converts).

mod load;
mod wkt;

use std::path::Path;

use geo::{Geometry, Point};
use serde_json::{Map, Value};

use super::ImportError;
use super::source::{self, Columns, Format, LayerInfo, RawLayer, ReadOptions};
use crate::model::{PropValue, Properties, UserFeature};

/// Header names of position columns (compared trimmed and lower-cased), as (x, y)
/// pairs in order of preference.
const XY_NAMES: [(&[&str], &[&str]); 6] = [
    (&["经度", "东经"], &["纬度", "北纬"]),
    (&["lon", "lng", "long", "longitude"], &["lat", "latitude"]),
    (&["x坐标", "x 坐标"], &["y坐标", "y 坐标"]),
    (&["东坐标"], &["北坐标"]),
    (&["easting"], &["northing"]),
    (&["x"], &["y"]),
];

/// Header names of a WKT column.
const WKT_NAMES: [&str; 5] = ["wkt", "geometry", "geom", "几何", "the_geom"];

/// The layer infos and the sheet names (xlsx).
pub(super) fn probe(
    path: &Path,
    format: Format,
    options: &ReadOptions,
) -> Result<(Vec<LayerInfo>, Vec<String>), ImportError> {
    let (layer, sheets) = table(path, format, options, &|_| true, true)?;
    Ok((vec![layer.info], sheets))
}

pub(super) fn read(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    Ok(vec![table(path, format, options, progress, false)?.0])
}

fn table(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
    probing: bool,
) -> Result<(RawLayer, Vec<String>), ImportError> {
    let file = path.display().to_string();
    if !progress(0.0) {
        return Err(ImportError::Cancelled { file });
    }
    let loaded = match format {
        Format::Xlsx => load::xlsx(path, &file, options)?,
        _ => load::csv(&file, &super::kml::read_file(path, &file, options.max_bytes)?, options)?,
    };
    if !progress(0.5) {
        return Err(ImportError::Cancelled { file });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match &loaded.sheet {
        Some(sheet) if loaded.sheets.len() > 1 => format!("{stem} – {sheet}"),
        _ => stem,
    };
    let layer = build(&file, name, &loaded, options, probing)?;
    if !progress(1.0) {
        return Err(ImportError::Cancelled { file });
    }
    Ok((layer, loaded.sheets))
}

/// The layer of loaded rows: the header is the first non-empty row. When `probing`, a
/// table whose position columns are not found is still described (headers, rows as
/// features without geometry), so that the import dialog can show it and let the user
/// choose the columns; reading it is refused.
fn build(
    file: &str,
    name: String,
    loaded: &load::Loaded,
    options: &ReadOptions,
    probing: bool,
) -> Result<RawLayer, ImportError> {
    let sheet_part = loaded
        .sheet
        .as_ref()
        .map(|s| format!("sheet {s}, "))
        .unwrap_or_default();
    let bad = |part: String, reason: String| ImportError::Bad {
        file: file.to_string(),
        part: format!("{sheet_part}{part}").trim_end_matches(", ").to_string(),
        reason,
    };
    let mut rows = loaded.rows.iter().filter(|r| r.cells.iter().any(|c| !c.is_null()));
    let Some(header) = rows.next() else {
        return Err(bad(String::new(), "the table is empty: no header row".to_string()));
    };
    let headers: Vec<String> = header
        .cells
        .iter()
        .map(|c| match c {
            Value::String(s) => s.trim().to_string(),
            Value::Null => String::new(),
            other => other.to_string(),
        })
        .collect();
    let columns = match &options.columns {
        Some(c) => {
            let max = match c {
                Columns::XY { x, y } => (*x).max(*y),
                Columns::Wkt(w) => *w,
            };
            if max >= headers.len() {
                return Err(bad(
                    String::new(),
                    format!("the chosen column {} does not exist; the table has {} columns", max + 1, headers.len()),
                ));
            }
            c.clone()
        }
        None if probing && detect(&headers).is_none() => {
            return Ok(unplaced(name, headers, rows, loaded));
        }
        None => detect(&headers).ok_or_else(|| {
            bad(
                format!("row {}", header.number),
                format!(
                    "no position columns among the headers ({}); name them 经度/纬度, lon/lat (lng, long, longitude, latitude), x/y, X坐标/Y坐标, 东坐标/北坐标, easting/northing, or one WKT column (wkt, geometry, geom, 几何) — or choose them",
                    headers.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })?,
    };
    let keys = property_keys(&headers);
    let position_columns: Vec<usize> = match columns {
        Columns::XY { x, y } => vec![x, y],
        Columns::Wkt(w) => vec![w],
    };
    let letters = loaded.sheet.is_some();
    let column_part = |row: usize, col: usize| {
        let name = headers
            .get(col)
            .filter(|h| !h.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("{}", col + 1));
        if letters {
            format!("row {row}, column {name} ({})", load::column_letters(col))
        } else {
            format!("row {row}, column {name}")
        }
    };
    let mut features = Vec::new();
    for row in rows {
        let cell = |col: usize| row.cells.get(col).unwrap_or(&Value::Null);
        let geometry = match columns {
            Columns::XY { x, y } => {
                let number = |col: usize| {
                    let v = cell(col);
                    let n = match v {
                        Value::Number(n) => n.as_f64(),
                        Value::String(s) => wkt::degrees(s),
                        _ => None,
                    };
                    n.ok_or_else(|| {
                        bad(
                            column_part(row.number, col),
                            match v {
                                Value::Null => "the coordinate is empty".to_string(),
                                other => format!("“{}” is not a number", text(other)),
                            },
                        )
                    })
                };
                Geometry::Point(Point::new(number(x)?, number(y)?))
            }
            Columns::Wkt(w) => match cell(w) {
                Value::String(s) => wkt::parse(s)
                    .map_err(|e| bad(column_part(row.number, w), format!("“{}” is not WKT: {e}", clip(s))))?,
                Value::Null => return Err(bad(column_part(row.number, w), "the geometry is empty".to_string())),
                other => {
                    return Err(bad(column_part(row.number, w), format!("“{}” is not WKT", text(other))));
                }
            },
        };
        let mut properties = Properties::new();
        for (col, key) in keys.iter().enumerate() {
            if !position_columns.contains(&col) {
                properties.insert(key, PropValue::from(cell(col)));
            }
        }
        features.push(UserFeature {
            id: None,
            geometry,
            properties,
        });
    }
    let geometry_type = match columns {
        Columns::XY { .. } => "Point".to_string(),
        Columns::Wkt(_) => {
            let mut types = features.iter().filter_map(|f| f.geometry_type());
            match types.next() {
                None => "none".to_string(),
                Some(first) if types.all(|t| t == first) => first.to_string(),
                Some(_) => "mixed".to_string(),
            }
        }
    };
    let mut foreign_members = Map::new();
    foreign_members.insert("name".into(), Value::String(name.clone()));
    Ok(RawLayer {
        info: LayerInfo {
            name,
            feature_count: features.len(),
            geometry_type,
            declared_crs: None,
            encoding: loaded.encoding,
            table: Some((headers, Some(columns))),
            sample: features.iter().take(source::SAMPLE_FEATURES).cloned().collect(),
        },
        features,
        foreign_members,
    })
}

/// A table without position columns as the import dialog shows it: every column a
/// property, no geometry.
fn unplaced<'a>(
    name: String,
    headers: Vec<String>,
    rows: impl Iterator<Item = &'a load::Row>,
    loaded: &load::Loaded,
) -> RawLayer {
    let keys = property_keys(&headers);
    let features: Vec<UserFeature> = rows
        .map(|row| UserFeature {
            id: None,
            geometry: Geometry::GeometryCollection(geo::GeometryCollection::default()),
            properties: keys
                .iter()
                .enumerate()
                .map(|(col, key)| (key, row.cells.get(col).map_or(PropValue::Null, PropValue::from)))
                .collect(),
        })
        .collect();
    RawLayer {
        info: LayerInfo {
            name,
            feature_count: features.len(),
            geometry_type: "none".to_string(),
            declared_crs: None,
            encoding: loaded.encoding,
            table: Some((headers, None)),
            sample: features.iter().take(source::SAMPLE_FEATURES).cloned().collect(),
        },
        features: Vec::new(),
        foreign_members: Map::new(),
    }
}

/// The position columns the header names, if any: an x/y pair (by [`XY_NAMES`]), else
/// a WKT column.
pub(super) fn detect(headers: &[String]) -> Option<Columns> {
    let norm: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let find = |names: &[&str]| norm.iter().position(|h| names.contains(&h.as_str()));
    for (xs, ys) in XY_NAMES {
        if let (Some(x), Some(y)) = (find(xs), find(ys)) {
            return Some(Columns::XY { x, y });
        }
    }
    find(&WKT_NAMES).map(Columns::Wkt)
}

/// Property names from headers: an empty header becomes `column N`; a repeated one
/// gets `_2`, `_3`.
fn property_keys(headers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::with_capacity(headers.len());
    // The next suffix to try per base name: a header repeated thousands of times (a
    // hostile file) costs one step per column, not a scan of all names per try.
    let mut next_suffix: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let base = if h.is_empty() {
            format!("column {}", i + 1)
        } else {
            h.clone()
        };
        let mut key = base.clone();
        if taken.contains(&key) {
            let n = next_suffix.entry(base.clone()).or_insert(2);
            loop {
                key = format!("{base}_{n}");
                *n += 1;
                if !taken.contains(&key) {
                    break;
                }
            }
        }
        taken.insert(key.clone());
        out.push(key);
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => clip(s),
        other => other.to_string(),
    }
}

/// At most 60 characters of `s`, for messages.
fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A cell's text as a property value: empty → null; a number → a JSON number
/// (integers stay integers); text that only looks numeric (leading zeros like `00123`,
/// a leading `+`) stays a string.
pub(super) fn text_value(text: &str) -> Value {
    let t = text.trim();
    if t.is_empty() {
        return Value::Null;
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    let plain = digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    if leading_zero || !plain {
        return Value::String(text.to_string());
    }
    if let Ok(i) = t.parse::<i64>() {
        return Value::from(i);
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => {
            serde_json::Number::from_f64(f).map_or(Value::String(text.to_string()), Value::Number)
        }
        _ => Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_stay_numbers_and_codes_with_leading_zeros_stay_text() {
        assert_eq!(text_value("12"), json!(12));
        assert_eq!(text_value(" -3.5 "), json!(-3.5));
        assert_eq!(text_value("0.25"), json!(0.25));
        assert_eq!(text_value("0"), json!(0));
        assert_eq!(text_value("00123"), json!("00123"));
        assert_eq!(text_value("013912345678"), json!("013912345678"));
        assert_eq!(text_value("+86"), json!("+86"));
        assert_eq!(text_value("1e3"), json!(1000.0));
        assert_eq!(text_value("NaN"), json!("NaN"));
        assert_eq!(text_value(""), Value::Null);
        assert_eq!(text_value("大连"), json!("大连"));
    }

    #[test]
    fn position_columns_are_found_by_name_in_any_case() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(detect(&h(&["名称", "经度", "纬度"])), Some(Columns::XY { x: 1, y: 2 }));
        assert_eq!(detect(&h(&["Lat", " LNG ", "name"])), Some(Columns::XY { x: 1, y: 0 }));
        assert_eq!(detect(&h(&["X坐标", "Y坐标"])), Some(Columns::XY { x: 0, y: 1 }));
        assert_eq!(detect(&h(&["Easting", "Northing"])), Some(Columns::XY { x: 0, y: 1 }));
        assert_eq!(detect(&h(&["id", "WKT"])), Some(Columns::Wkt(1)));
        assert_eq!(detect(&h(&["id", "name"])), None);
    }

    #[test]
    fn empty_and_repeated_headers_get_distinct_property_names() {
        let keys = property_keys(&["a".to_string(), String::new(), "a".to_string()]);
        assert_eq!(keys, ["a", "column 2", "a_2"]);
    }

    #[test]
    fn thousands_of_repeated_headers_get_names_that_do_not_clash_with_given_ones() {
        // A header row of one name 20 000 times once took cubic time (found by the csv
        // fuzz target as a 1 s timeout on a 4 KB file).
        let mut headers = vec!["a".to_string(), "a_3".to_string(), "a_2".to_string()];
        headers.extend(std::iter::repeat_n("a".to_string(), 20_000));
        let keys = property_keys(&headers);
        assert_eq!(&keys[..6], ["a", "a_3", "a_2", "a_4", "a_5", "a_6"]);
        assert_eq!(keys.last().map(String::as_str), Some("a_20003"));
        let distinct: std::collections::HashSet<&String> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len());
    }
}
