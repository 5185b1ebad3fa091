//! Reading `.prj` files (ESRI and OGC WKT) and GeoPackage SRS definitions.
//!
//! A small WKT reader (WKT1 as written by ESRI and GDAL, WKT2 2015/2019), then an
//! interpretation: the datum (WGS-84 or CGCS2000; Xian 1980 and Beijing 1954 refused),
//! the projection (transverse Mercator / `Gauss_Kruger`, Web Mercator) and its
//! parameters by name, and the EPSG code from `AUTHORITY`/`ID` where given. Also read:
//! a bare `EPSG:4550` and a bare ESRI name such as `CGCS2000_3_Degree_GK_CM_123E`.

use super::{Crs, CrsError};

/// Longest text read: real `.prj` texts are a few kilobytes.
const MAX_LEN: usize = 256 * 1024;
/// Deepest nesting read (WKT2 nests about 5 deep).
const MAX_DEPTH: usize = 32;
/// Degrees per radian-unit factor of `UNIT["degree",0.0174532925199433]`.
const DEGREE: f64 = std::f64::consts::PI / 180.0;

/// The system a WKT text (a `.prj` file, a GeoPackage `definition`) describes.
pub fn from_wkt(text: &str) -> Result<Crs, CrsError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(unreadable("the text is empty"));
    }
    if text.len() > MAX_LEN {
        return Err(unreadable(
            "the text is over 256 KB long, far longer than any coordinate system",
        ));
    }
    if !text.contains(['[', '(']) {
        return from_bare_name(text);
    }
    let node = Parser::new(text).document()?;
    refuse_old_datums(&node)?;
    crs_of(&node)
}

fn unreadable(reason: impl Into<String>) -> CrsError {
    CrsError::Unreadable { reason: reason.into() }
}

fn unsupported(name: &str, reason: impl Into<String>) -> CrsError {
    CrsError::Unsupported {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// One bracketed WKT element: `KEYWORD[item, item, …]`.
#[derive(Debug)]
struct Node {
    /// Upper-cased keyword.
    keyword: String,
    items: Vec<Item>,
}

#[derive(Debug)]
enum Item {
    Node(Node),
    Text(String),
    Number(f64),
    /// An unquoted word such as `NORTH` or `Cartesian`.
    Word,
}

impl Node {
    /// The first quoted text (the element's name), or "".
    fn name(&self) -> &str {
        self.items
            .iter()
            .find_map(|i| match i {
                Item::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .unwrap_or("")
    }

    fn children(&self) -> impl Iterator<Item = &Node> {
        self.items.iter().filter_map(|i| match i {
            Item::Node(n) => Some(n),
            _ => None,
        })
    }

    fn child(&self, keywords: &[&str]) -> Option<&Node> {
        self.children().find(|n| keywords.contains(&n.keyword.as_str()))
    }

    /// The first number among the items.
    fn number(&self) -> Option<f64> {
        self.items.iter().find_map(|i| match i {
            Item::Number(v) => Some(*v),
            _ => None,
        })
    }

    /// The EPSG code of an `AUTHORITY["EPSG","4550"]` or `ID["EPSG",4550]` child.
    fn epsg(&self) -> Option<u32> {
        let id = self.child(&["AUTHORITY", "ID"])?;
        if !id.name().eq_ignore_ascii_case("EPSG") {
            return None;
        }
        id.items.iter().skip(1).find_map(|i| match i {
            Item::Number(v) if v.fract() == 0.0 && *v > 0.0 && *v < 1e9 => Some(*v as u32),
            Item::Text(t) => t.trim().parse().ok(),
            _ => None,
        })
    }

    /// Every quoted text and every EPSG code in this element and below.
    fn walk(&self, texts: &mut Vec<String>, codes: &mut Vec<u32>) {
        codes.extend(self.epsg());
        for item in &self.items {
            match item {
                Item::Text(t) => texts.push(t.clone()),
                Item::Node(n) => n.walk(texts, codes),
                Item::Number(_) | Item::Word => {}
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error(&self, what: &str) -> CrsError {
        unreadable(format!(
            "{what} at character {}",
            self.text[..self.pos].chars().count() + 1
        ))
    }

    /// The whole text: one element, nothing after it.
    fn document(&mut self) -> Result<Node, CrsError> {
        self.skip_space();
        let word = self.word();
        if word.is_empty() {
            return Err(self.error("expected a keyword such as PROJCS or GEOGCS"));
        }
        let node = self.node(word, 0)?;
        self.skip_space();
        if self.pos < self.text.len() {
            return Err(self.error("unexpected text after the end"));
        }
        Ok(node)
    }

    fn word(&mut self) -> String {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.pos += len;
        rest[..len].to_string()
    }

    /// The element after its keyword: `[ items ]` or `( items )`.
    fn node(&mut self, keyword: String, depth: usize) -> Result<Node, CrsError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        let close = match self.peek() {
            Some('[') => ']',
            Some('(') => ')',
            _ => return Err(self.error(&format!("expected “[” after {keyword}"))),
        };
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some(c) if c == close && items.is_empty() => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error(&format!("{keyword}[ is not closed"))),
                _ => {}
            }
            items.push(self.item(depth)?);
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.error(&format!("expected “,” or “{close}” in {keyword}"))),
            }
        }
        Ok(Node {
            keyword: keyword.to_ascii_uppercase(),
            items,
        })
    }

    fn item(&mut self, depth: usize) -> Result<Item, CrsError> {
        match self.peek() {
            Some('"') => {
                self.pos += 1;
                let mut out = String::new();
                loop {
                    let rest = self.rest();
                    let Some(end) = rest.find('"') else {
                        return Err(self.error("a quoted name is not closed"));
                    };
                    out.push_str(&rest[..end]);
                    self.pos += end + 1;
                    // WKT escapes a quote inside a name by doubling it.
                    if self.peek() == Some('"') {
                        out.push('"');
                        self.pos += 1;
                    } else {
                        return Ok(Item::Text(out));
                    }
                }
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let rest = self.rest();
                let len = rest
                    .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
                    .unwrap_or(rest.len());
                let number = rest[..len].parse().map_err(|_| self.error("a number cannot be read"))?;
                self.pos += len;
                Ok(Item::Number(number))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let word = self.word();
                self.skip_space();
                if matches!(self.peek(), Some('[' | '(')) {
                    Ok(Item::Node(self.node(word, depth + 1)?))
                } else {
                    Ok(Item::Word)
                }
            }
            _ => Err(self.error("unexpected character")),
        }
    }
}

/// Lower-case letters and digits only: `D_China_2000` → `dchina2000`.
fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Xian 1980 and Beijing 1954 (by any name or EPSG code in the text) → `OldDatum`.
fn refuse_old_datums(node: &Node) -> Result<(), CrsError> {
    let (mut texts, mut codes) = (Vec::new(), Vec::new());
    node.walk(&mut texts, &mut codes);
    let squashed: Vec<String> = texts.iter().map(|t| squash(t)).collect();
    let xian = squashed.iter().any(|t| t.contains("xian") || t.contains("xi'an"))
        || codes.iter().any(|c| matches!(c, 2327..=2390 | 4610 | 6610));
    let beijing = squashed.iter().any(|t| t.contains("beijing"))
        || codes
            .iter()
            .any(|c| matches!(c, 2401..=2442 | 4214 | 6214 | 21413..=21483));
    if xian || beijing {
        return Err(CrsError::OldDatum {
            name: node.name().to_string(),
            datum: if xian { "Xian 1980" } else { "Beijing 1954" }.to_string(),
        });
    }
    Ok(())
}

/// The datums the atlas accepts under a projection.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Datum {
    Wgs84,
    Cgcs2000,
}

fn crs_of(node: &Node) -> Result<Crs, CrsError> {
    match node.keyword.as_str() {
        "COMPD_CS" | "COMPOUNDCRS" => {
            let horizontal = node
                .children()
                .find(|n| {
                    !matches!(
                        n.keyword.as_str(),
                        "VERT_CS" | "VERTCRS" | "VERTICALCRS" | "AUTHORITY" | "ID"
                    )
                })
                .ok_or_else(|| unreadable("a compound system without a horizontal part"))?;
            crs_of(horizontal)
        }
        "BOUNDCRS" => {
            let source = node
                .child(&["SOURCECRS"])
                .and_then(|s| s.children().next())
                .ok_or_else(|| unreadable("BOUNDCRS without SOURCECRS"))?;
            crs_of(source)
        }
        "GEOGCS" | "GEOGCRS" | "GEODCRS" | "GEODETICCRS" | "GEOGRAPHICCRS" => Ok(match geographic(node)? {
            Datum::Wgs84 => Crs::Wgs84,
            Datum::Cgcs2000 => Crs::Cgcs2000,
        }),
        "PROJCS" | "PROJCRS" | "PROJECTEDCRS" => projected(node),
        other => Err(unsupported(
            node.name(),
            format!("a {other} system, not longitude/latitude or a map projection"),
        )),
    }
}

/// The datum of a geographic system, by EPSG code or by name.
fn geographic(node: &Node) -> Result<Datum, CrsError> {
    let datum = node.child(&["DATUM", "ENSEMBLE", "GEODETICDATUM", "TRF"]);
    let by_code = |code: Option<u32>| match code {
        Some(4326 | 6326) => Some(Datum::Wgs84),
        Some(4490 | 1043) => Some(Datum::Cgcs2000),
        _ => None,
    };
    let names = [squash(node.name()), datum.map(|d| squash(d.name())).unwrap_or_default()];
    let by_name = names.iter().find_map(|n| {
        if n.contains("wgs1984") || n.contains("wgs84") || n.contains("worldgeodeticsystem1984") {
            Some(Datum::Wgs84)
        } else if n.contains("china2000") || n.contains("cgcs2000") || n.contains("chinageodeticcoordinatesystem2000") {
            Some(Datum::Cgcs2000)
        } else {
            None
        }
    });
    let found = by_code(node.epsg())
        .or_else(|| by_code(datum.and_then(Node::epsg)))
        .or(by_name)
        .ok_or_else(|| {
            unsupported(
                node.name(),
                format!(
                    "its datum “{}” is neither CGCS2000 nor WGS-84",
                    datum.map_or("(none given)", Node::name)
                ),
            )
        })?;
    if let Some(meridian) = node.child(&["PRIMEM", "PRIMEMERIDIAN"]).and_then(Node::number)
        && meridian != 0.0
    {
        return Err(unsupported(
            node.name(),
            format!("its prime meridian is {meridian}°, not Greenwich"),
        ));
    }
    if let Some(unit) = node.child(&["UNIT", "ANGLEUNIT"]).and_then(Node::number)
        && (unit / DEGREE - 1.0).abs() > 1e-6
    {
        return Err(unsupported(node.name(), "its angles are not in degrees"));
    }
    Ok(found)
}

/// The projection parameters the atlas reads, in metres and degrees.
#[derive(Debug, Default)]
struct Params {
    central_meridian_deg: Option<f64>,
    scale: Option<f64>,
    false_easting_m: Option<f64>,
    false_northing_m: Option<f64>,
    latitude_of_origin_deg: Option<f64>,
}

fn params<'a>(parameters: impl Iterator<Item = &'a Node>) -> Params {
    let mut p = Params::default();
    for node in parameters.filter(|n| n.keyword == "PARAMETER") {
        let Some(value) = node.number() else { continue };
        // WKT2 gives each parameter its unit; WKT1 uses metres (checked) and degrees.
        let value = match node.child(&["ANGLEUNIT", "LENGTHUNIT", "UNIT"]).and_then(Node::number) {
            Some(factor) if node.child(&["ANGLEUNIT"]).is_some() => value * factor / DEGREE,
            Some(factor) if node.child(&["LENGTHUNIT"]).is_some() => value * factor,
            _ => value,
        };
        let slot = match squash(node.name()).as_str() {
            "centralmeridian" | "longitudeofnaturalorigin" | "longitudeoforigin" | "longitudeofcenter" => {
                &mut p.central_meridian_deg
            }
            "scalefactor" | "scalefactoratnaturalorigin" => &mut p.scale,
            "falseeasting" => &mut p.false_easting_m,
            "falsenorthing" => &mut p.false_northing_m,
            "latitudeoforigin" | "latitudeofnaturalorigin" | "latitudeofcenter" => &mut p.latitude_of_origin_deg,
            _ => continue,
        };
        *slot = Some(value);
    }
    p
}

fn projected(node: &Node) -> Result<Crs, CrsError> {
    let name = node.name();
    let base = node
        .child(&["GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS"])
        .ok_or_else(|| unreadable(format!("the projected system “{name}” has no geographic base")))?;
    let datum = geographic(base).map_err(|e| match e {
        CrsError::Unsupported { reason, .. } => unsupported(name, reason),
        other => other,
    })?;
    let conversion = node.child(&["CONVERSION"]);
    let method = conversion
        .and_then(|c| c.child(&["METHOD", "PROJECTION"]))
        .or_else(|| node.child(&["PROJECTION"]))
        .map_or(String::new(), |m| m.name().to_string());
    // WKT1 gives the unit of every length (and the axes) on the system itself.
    if let Some(unit) = node.child(&["UNIT", "LENGTHUNIT"])
        && unit.number().is_some_and(|f| (f - 1.0).abs() > 1e-9)
    {
        return Err(unsupported(
            name,
            format!("its lengths are in {}, not metres", unit.name()),
        ));
    }
    // WKT2 gives it on the axes.
    let axis_units = node
        .child(&["CS"])
        .into_iter()
        .chain(node.children().filter(|n| n.keyword == "AXIS"));
    if let Some(unit) = axis_units
        .filter_map(|n| n.child(&["LENGTHUNIT"]))
        .find(|u| u.number().is_some_and(|f| (f - 1.0).abs() > 1e-9))
    {
        return Err(unsupported(
            name,
            format!("its lengths are in {}, not metres", unit.name()),
        ));
    }
    let p = params(conversion.map_or_else(|| node.children(), |c| c.children()));
    let code = node.epsg();
    let crs = match squash(&method).as_str() {
        "transversemercator" | "gausskruger" | "gauss" | "gaussian" | "tmerc" => {
            let (Some(cm), Some(fe)) = (p.central_meridian_deg, p.false_easting_m) else {
                return from_bare_name(name)
                    .map_err(|_| unreadable(format!("“{name}” lacks its central meridian or false easting")));
            };
            let (k, fn_m, lat0) = (
                p.scale.unwrap_or(1.0),
                p.false_northing_m.unwrap_or(0.0),
                p.latitude_of_origin_deg.unwrap_or(0.0),
            );
            if lat0 != 0.0 {
                return Err(unsupported(
                    name,
                    format!("transverse Mercator with latitude of origin {lat0}°, not 0"),
                ));
            }
            match datum {
                Datum::Cgcs2000 if k == 1.0 && fn_m == 0.0 => Crs::gauss_kruger(cm, fe),
                Datum::Cgcs2000 => {
                    return Err(unsupported(
                        name,
                        format!(
                            "transverse Mercator with scale factor {k} and false northing {fn_m} m; \
                             the Chinese Gauss–Krüger zones have 1 and 0"
                        ),
                    ));
                }
                Datum::Wgs84 => utm_north(cm, fe, k, fn_m).ok_or_else(|| {
                    unsupported(
                        name,
                        format!(
                            "transverse Mercator on WGS-84 (central meridian {cm}°, scale {k}, false easting \
                             {fe} m, false northing {fn_m} m) that is not a northern UTM zone"
                        ),
                    )
                })?,
            }
        }
        "mercatorauxiliarysphere" | "popularvisualisationpseudomercator" => Crs::WebMercator,
        "mercator1sp" | "mercator" if is_web_mercator(node, code) => Crs::WebMercator,
        "" => return from_bare_name(name).map_err(|_| unreadable(format!("“{name}” names no projection"))),
        _ => {
            return Err(unsupported(
                name,
                format!("its projection is {method}, not transverse Mercator (Gauss–Krüger), UTM or Web Mercator"),
            ));
        }
    };
    // The EPSG code names the system exactly when it agrees (4510 and 4550 share parameters).
    Ok(match code.and_then(Crs::from_epsg) {
        Some(by_code) if same_parameters(&by_code, &crs) => by_code,
        _ => crs,
    })
}

/// Whether a WKT1 `Mercator_1SP` is Web Mercator: its EPSG code, its name, or the PROJ
/// extension GDAL writes (`+a=6378137 +b=6378137`: the sphere).
fn is_web_mercator(node: &Node, code: Option<u32>) -> bool {
    let squashed = squash(node.name());
    let extension_sphere = node.child(&["EXTENSION"]).is_some_and(|e| {
        e.items
            .iter()
            .any(|i| matches!(i, Item::Text(t) if t.contains("+b=6378137 ")))
    });
    matches!(code, Some(3857 | 900_913))
        || squashed.contains("pseudomercator")
        || squashed.contains("webmercator")
        || extension_sphere
}

fn utm_north(cm: f64, fe: f64, k: f64, fn_m: f64) -> Option<Crs> {
    let zone = (cm + 183.0) / 6.0;
    (fe == 500_000.0 && fn_m == 0.0 && k == 0.9996 && zone.fract() == 0.0 && (1.0..=60.0).contains(&zone))
        .then_some(Crs::UtmNorth { zone: zone as u8 })
}

fn same_parameters(a: &Crs, b: &Crs) -> bool {
    match (a, b) {
        (
            Crs::GaussKruger {
                central_meridian_deg: cm_a,
                false_easting_m: fe_a,
                ..
            },
            Crs::GaussKruger {
                central_meridian_deg: cm_b,
                false_easting_m: fe_b,
                ..
            },
        ) => (cm_a - cm_b).abs() < 1e-9 && (fe_a - fe_b).abs() < 1e-6,
        _ => a == b,
    }
}

/// A text without brackets: `EPSG:4550`, or an ESRI or EPSG name of a CGCS2000
/// Gauss–Krüger zone (`CGCS2000_3_Degree_GK_CM_123E`, `CGCS2000_3_Degree_GK_Zone_41`,
/// `CGCS2000_GK_Zone_21`, `CGCS2000 / 3-degree Gauss-Kruger CM 123E`).
fn from_bare_name(text: &str) -> Result<Crs, CrsError> {
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
    if let Some(cm) = after("cm").and_then(|t| t.trim_end_matches('e').parse::<f64>().ok()) {
        return Ok(Crs::gauss_kruger(cm, 500_000.0));
    }
    if let Some(zone) = after("zone").and_then(|t| t.parse::<u32>().ok()) {
        let cm = if three_degree {
            3 * zone
        } else {
            (6 * zone).saturating_sub(3)
        };
        return Ok(Crs::gauss_kruger(f64::from(cm), 500_000.0 + f64::from(zone) * 1e6));
    }
    Err(unreadable(format!("“{text}” names no central meridian or zone")))
}

#[cfg(test)]
#[path = "wkt_tests.rs"]
mod tests;
