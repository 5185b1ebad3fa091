//! Positions written as text in a table cell: WKT geometries (POINT, LINESTRING,
//! POLYGON, their MULTI* forms and GEOMETRYCOLLECTION; Z and M values dropped; an EWKT
//! `SRID=…;` prefix ignored) and degrees as numbers or in degrees–minutes–seconds
//! (`121°36′30″`, `121°36'30"E`, `38度52分`).

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};

/// Nesting deeper than this is refused (GEOMETRYCOLLECTIONs inside each other).
const MAX_DEPTH: usize = 16;

/// The geometry of a WKT text, or why it is not one.
pub(super) fn parse(text: &str) -> Result<Geometry, String> {
    let text = text.trim();
    let text = match text.split_once(';') {
        Some((srid, rest)) if srid.trim().to_ascii_uppercase().starts_with("SRID=") => rest,
        _ => text,
    };
    let mut p = Parser {
        tokens: tokenize(text)?,
        at: 0,
    };
    let g = p.geometry(0)?;
    if p.at != p.tokens.len() {
        return Err("unexpected text after the geometry".to_string());
    }
    Ok(g)
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Number(f64),
    Open,
    Close,
    Comma,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            '(' => out.push(Token::Open),
            ')' => out.push(Token::Close),
            ',' => out.push(Token::Comma),
            c if c.is_whitespace() => {}
            c if c.is_ascii_alphabetic() => {
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_ascii_alphabetic() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(Token::Word(text[i..end].to_ascii_uppercase()));
                continue;
            }
            c if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => {
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_ascii_digit() || matches!(d, '-' | '+' | '.' | 'e' | 'E')) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let n = text[i..end]
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("“{}” is not a number", &text[i..end]))?;
                out.push(Token::Number(n));
                continue;
            }
            other => return Err(format!("unexpected character “{other}”")),
        }
        chars.next();
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn expect(&mut self, token: Token) -> Result<(), String> {
        match self.next() {
            Some(t) if t == token => Ok(()),
            Some(t) => Err(format!("expected {token:?}, found {t:?}")),
            None => Err("the text ends too early".to_string()),
        }
    }

    fn geometry(&mut self, depth: usize) -> Result<Geometry, String> {
        if depth > MAX_DEPTH {
            return Err("geometries nested too deeply".to_string());
        }
        let Some(Token::Word(kind)) = self.next() else {
            return Err("a WKT geometry starts with its type (POINT, LINESTRING, POLYGON, …)".to_string());
        };
        // Dimension markers: Z, M, ZM (also written POINTZ).
        let kind = kind.trim_end_matches("ZM").trim_end_matches(['Z', 'M']).to_string();
        while matches!(self.peek(), Some(Token::Word(w)) if matches!(w.as_str(), "Z" | "M" | "ZM")) {
            self.next();
        }
        if matches!(self.peek(), Some(Token::Word(w)) if w == "EMPTY") {
            self.next();
            return Ok(Geometry::GeometryCollection(Default::default()));
        }
        Ok(match kind.as_str() {
            "POINT" => {
                self.expect(Token::Open)?;
                let c = self.coord()?;
                self.expect(Token::Close)?;
                Geometry::Point(Point(c))
            }
            "LINESTRING" => Geometry::LineString(self.line()?),
            "POLYGON" => Geometry::Polygon(self.polygon()?),
            "MULTIPOINT" => {
                let points = self.list(|p| {
                    if p.peek() == Some(&Token::Open) {
                        p.next();
                        let c = p.coord()?;
                        p.expect(Token::Close)?;
                        Ok(Point(c))
                    } else {
                        p.coord().map(Point)
                    }
                })?;
                Geometry::MultiPoint(MultiPoint(points))
            }
            "MULTILINESTRING" => Geometry::MultiLineString(MultiLineString(self.list(Parser::line)?)),
            "MULTIPOLYGON" => Geometry::MultiPolygon(MultiPolygon(self.list(Parser::polygon)?)),
            "GEOMETRYCOLLECTION" => {
                Geometry::GeometryCollection(geo::GeometryCollection(self.list(|p| p.geometry(depth + 1))?))
            }
            other => return Err(format!("{other} is not a geometry type the atlas reads")),
        })
    }

    /// `( item, item, … )`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Parser) -> Result<T, String>) -> Result<Vec<T>, String> {
        self.expect(Token::Open)?;
        let mut out = vec![item(self)?];
        loop {
            match self.next() {
                Some(Token::Comma) => out.push(item(self)?),
                Some(Token::Close) => return Ok(out),
                _ => return Err("expected “,” or “)”".to_string()),
            }
        }
    }

    /// `x y [z [m]]`.
    fn coord(&mut self) -> Result<Coord, String> {
        let (Some(Token::Number(x)), Some(Token::Number(y))) = (self.next(), self.next()) else {
            return Err("a position is two numbers, “x y”".to_string());
        };
        while matches!(self.peek(), Some(Token::Number(_))) {
            self.next();
        }
        Ok(Coord { x, y })
    }

    fn line(&mut self) -> Result<LineString, String> {
        self.list(Parser::coord).map(LineString)
    }

    fn polygon(&mut self) -> Result<Polygon, String> {
        let mut rings = self.list(Parser::line)?;
        let outer = rings.remove(0);
        Ok(Polygon::new(outer, rings))
    }
}

/// A coordinate cell's number: a plain number, or degrees–minutes–seconds with `°`/`度`,
/// `′`/`'`/`分`, `″`/`"`/`秒` (a trailing S or W, or a leading `-`, makes it negative).
pub(super) fn degrees(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    if !t.contains(['°', '度']) {
        return None;
    }
    let negative = t.starts_with('-') || t.ends_with(['S', 'W', 's', 'w']) || t.starts_with(['S', 'W']);
    let body = t
        .trim_start_matches(['-', 'N', 'S', 'E', 'W'])
        .trim_end_matches(['N', 'S', 'E', 'W', 'n', 's', 'e', 'w']);
    let mut parts = body
        .split(['°', '度', '′', '\'', '分', '″', '"', '秒'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let d: f64 = parts.next()?.parse().ok()?;
    let m: f64 = parts.next().map_or(Some(0.0), |p| p.parse().ok())?;
    let s: f64 = parts.next().map_or(Some(0.0), |p| p.parse().ok())?;
    if parts.next().is_some() || !(0.0..60.0).contains(&m) || !(0.0..60.0).contains(&s) {
        return None;
    }
    let v = d + m / 60.0 + s / 3600.0;
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkt_of_every_type_parses_and_dimensions_are_dropped() {
        assert_eq!(
            parse("POINT (121.5 38.9)"),
            Ok(Geometry::Point(Point::new(121.5, 38.9)))
        );
        assert_eq!(parse("point z (1 2 3)"), Ok(Geometry::Point(Point::new(1.0, 2.0))));
        assert!(matches!(parse("SRID=4326;LINESTRING(1 2,3 4)"), Ok(Geometry::LineString(l)) if l.0.len() == 2));
        let Ok(Geometry::Polygon(p)) = parse("POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))") else {
            panic!("polygon")
        };
        assert_eq!(p.interiors().len(), 1);
        assert!(matches!(parse("MULTIPOINT (1 2, 3 4)"), Ok(Geometry::MultiPoint(m)) if m.0.len() == 2));
        assert!(matches!(parse("MULTIPOINT ((1 2), (3 4))"), Ok(Geometry::MultiPoint(m)) if m.0.len() == 2));
        assert!(
            matches!(parse("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"), Ok(Geometry::MultiPolygon(m)) if m.0.len() == 1)
        );
        assert!(
            matches!(parse("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"), Ok(Geometry::GeometryCollection(c)) if c.0.len() == 2)
        );
        assert!(parse("POINT (1)").is_err());
        assert!(parse("CIRCLE (1 2)").is_err());
        assert!(parse("POINT (1 2) x").is_err());
        assert!(parse(&"GEOMETRYCOLLECTION (".repeat(40)).is_err());
    }

    #[test]
    fn degrees_minutes_seconds_read_as_decimal_degrees() {
        assert_eq!(degrees("121.5"), Some(121.5));
        assert_eq!(degrees("121°30′"), Some(121.5));
        assert_eq!(degrees("38°52'30\"N"), Some(38.875));
        assert!((degrees("121度36分36秒").expect("dms") - 121.61).abs() < 1e-12);
        assert_eq!(degrees("12°30′W"), Some(-12.5));
        assert_eq!(degrees("abc"), None);
        assert_eq!(degrees("121°75′"), None);
    }
}
