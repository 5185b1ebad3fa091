//! KML styles as simplestyle properties: `LineStyle` colour and width → `stroke`,
//! `stroke-opacity`, `stroke-width`; `PolyStyle` colour → `fill`, `fill-opacity`
//! (`<fill>0</fill>` → `fill-opacity` 0); `IconStyle` colour → `marker-color`.
//! KML colours are `aabbggrr` hex.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::dom::Element;

/// The shared styles of a document by id: `Style` elements and `StyleMap`s (their
/// `normal` pair), resolved to simplestyle properties.
pub(super) struct Styles {
    styles: HashMap<String, Map<String, Value>>,
    maps: HashMap<String, String>,
}

impl Styles {
    /// Every `Style` and `StyleMap` with an `id` anywhere under `root`.
    pub fn collect(root: &Element) -> Styles {
        let mut out = Styles {
            styles: HashMap::new(),
            maps: HashMap::new(),
        };
        out.visit(root, 0);
        out
    }

    fn visit(&mut self, el: &Element, depth: usize) {
        for child in &el.children {
            match child.name.as_str() {
                "Style" => {
                    if let Some(id) = child.attr("id") {
                        self.styles.insert(id.to_string(), properties(child));
                    }
                }
                "StyleMap" => {
                    if let Some(id) = child.attr("id") {
                        let normal = child
                            .children_named("Pair")
                            .find(|p| p.child_text("key") == Some("normal"))
                            .and_then(|p| p.child_text("styleUrl"));
                        if let Some(url) = normal {
                            self.maps.insert(id.to_string(), url.to_string());
                        }
                    }
                }
                "Placemark" => {}
                _ if depth < super::dom::MAX_DEPTH => self.visit(child, depth + 1),
                _ => {}
            }
        }
    }

    /// The properties of a `styleUrl` (`#id`; a StyleMap's normal style), if known.
    pub fn resolve(&self, url: &str) -> Option<&Map<String, Value>> {
        let mut id = local_id(url)?;
        // A StyleMap may point at another StyleMap; a few hops at most.
        for _ in 0..4 {
            if let Some(style) = self.styles.get(id) {
                return Some(style);
            }
            id = local_id(self.maps.get(id)?)?;
        }
        None
    }
}

/// `#id` → `id`; a reference into another file (`other.kml#id`) is not followed.
fn local_id(url: &str) -> Option<&str> {
    url.trim().strip_prefix('#')
}

/// The simplestyle properties of a `Style` element.
pub(super) fn properties(style: &Element) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(line) = style.child("LineStyle") {
        if let Some((rgb, opacity)) = line.child_text("color").and_then(colour) {
            out.insert("stroke".into(), Value::String(rgb));
            out.insert("stroke-opacity".into(), number(opacity));
        }
        if let Some(width) = line
            .child_text("width")
            .and_then(|w| w.parse::<f64>().ok())
            .filter(|w| w.is_finite() && *w >= 0.0)
        {
            out.insert("stroke-width".into(), number(width));
        }
    }
    if let Some(poly) = style.child("PolyStyle") {
        if let Some((rgb, opacity)) = poly.child_text("color").and_then(colour) {
            out.insert("fill".into(), Value::String(rgb));
            out.insert("fill-opacity".into(), number(opacity));
        }
        if matches!(poly.child_text("fill"), Some("0" | "false")) {
            out.insert("fill-opacity".into(), number(0.0));
        }
    }
    if let Some((rgb, _)) = style
        .child("IconStyle")
        .and_then(|icon| icon.child_text("color"))
        .and_then(colour)
    {
        out.insert("marker-color".into(), Value::String(rgb));
    }
    out
}

/// A JSON number: integral values as integers (`2`, not `2.0`).
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// A KML `aabbggrr` colour as `#rrggbb` and an opacity 0–1 (3 decimals). `bbggrr`
/// alone (six digits) counts as opaque.
pub(super) fn colour(text: &str) -> Option<(String, f64)> {
    let t = text.trim().trim_start_matches('#');
    if !t.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let (a, bgr) = match t.len() {
        8 => (u8::from_str_radix(&t[0..2], 16).ok()?, &t[2..]),
        6 => (255, t),
        _ => return None,
    };
    let rgb = format!("#{}{}{}", &bgr[4..6], &bgr[2..4], &bgr[0..2]).to_ascii_lowercase();
    Some((rgb, (f64::from(a) / 255.0 * 1000.0).round() / 1000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kml_colours_are_alpha_blue_green_red() {
        assert_eq!(colour("ff0000ff"), Some(("#ff0000".to_string(), 1.0)));
        assert_eq!(colour("7fff0000"), Some(("#0000ff".to_string(), 0.498)));
        assert_eq!(colour("00ff00"), Some(("#00ff00".to_string(), 1.0)));
        assert_eq!(colour("zz"), None);
    }
}
