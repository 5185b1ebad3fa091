//! The `.shp` geometries and their `.shx` index (ESRI Shapefile Technical Description,
//! 1998): headers, record offsets and every shape type, kept 2-D.
//!
//! Point, MultiPoint, PolyLine and Polygon and their Z and M variants are read (Z and M
//! values dropped); a null shape becomes an empty GeometryCollection (“no geometry”).
//! MultiPatch (3-D surfaces) is refused with a message saying how to convert it.
//! Polylines of one part become LineStrings, of several MultiLineStrings. Polygon rings
//! are sorted by orientation (see [`super::rings`]).

use geo::{Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, Point};

/// Why a record or header cannot be read (a message for the user).
pub type Problem = String;

/// The shapefile file code (big-endian) at byte 0 of `.shp` and `.shx`.
const FILE_CODE: i32 = 9994;

/// The header common to `.shp` and `.shx`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FileHeader {
    /// The file length in bytes, as declared.
    pub declared_len: u64,
    pub shape_type: i32,
}

pub fn file_header(bytes: &[u8]) -> Result<FileHeader, Problem> {
    if bytes.len() < 100 {
        return Err(format!(
            "only {} bytes — shorter than a shapefile header (100 bytes): truncated, or not a shapefile",
            bytes.len()
        ));
    }
    let code = i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let version = le_i32(bytes, 28);
    if code != FILE_CODE || version != 1000 {
        return Err("the header is not a shapefile's (file code 9994, version 1000)".to_string());
    }
    Ok(FileHeader {
        declared_len: u64::from(u32::from_be_bytes([bytes[24], bytes[25], bytes[26], bytes[27]])) * 2,
        shape_type: le_i32(bytes, 32),
    })
}

/// The name of a shape type, as the import dialog shows it (Z/M variants by their 2-D
/// name: the atlas keeps them 2-D).
pub fn type_name(shape_type: i32) -> &'static str {
    match shape_type {
        0 => "none",
        1 | 11 | 21 => "Point",
        3 | 13 | 23 => "LineString",
        5 | 15 | 25 => "Polygon",
        8 | 18 | 28 => "MultiPoint",
        31 => "MultiPatch",
        _ => "unknown",
    }
}

/// One `.shx` entry: where record N's content starts in the `.shp` and its length, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub offset: u64,
    pub len: u64,
}

/// The `.shx` entry of record `index` (0-based); `bytes` is the whole `.shx`.
pub fn entry(shx: &[u8], index: usize) -> Option<Entry> {
    let at = 100 + index.checked_mul(8)?;
    let b = shx.get(at..at + 8)?;
    Some(Entry {
        offset: u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])) * 2,
        len: u64::from(u32::from_be_bytes([b[4], b[5], b[6], b[7]])) * 2,
    })
}

fn le_i32(b: &[u8], at: usize) -> i32 {
    i32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn le_f64(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes([
        b[at],
        b[at + 1],
        b[at + 2],
        b[at + 3],
        b[at + 4],
        b[at + 5],
        b[at + 6],
        b[at + 7],
    ])
}

/// The geometry of one record's content (after its 8-byte record header).
pub fn geometry(content: &[u8]) -> Result<Geometry<f64>, Problem> {
    if content.len() < 4 {
        return Ok(Geometry::GeometryCollection(GeometryCollection::default()));
    }
    let shape_type = le_i32(content, 0);
    match shape_type {
        0 => Ok(Geometry::GeometryCollection(GeometryCollection::default())),
        1 | 11 | 21 => {
            need(content, 20, "a point")?;
            Ok(Geometry::Point(Point::new(le_f64(content, 4), le_f64(content, 12))))
        }
        8 | 18 | 28 => {
            need(content, 40, "a multipoint header")?;
            let n = count(content, 36, "points")?;
            need(content, 40 + n * 16, &format!("{n} points"))?;
            let points = (0..n).map(|i| Point::from(coord(content, 40 + i * 16))).collect();
            Ok(Geometry::MultiPoint(MultiPoint(points)))
        }
        3 | 13 | 23 | 5 | 15 | 25 => {
            let mut parts = parts(content)?;
            if matches!(shape_type, 5 | 15 | 25) {
                return Ok(super::rings::polygon(parts));
            }
            if parts.len() == 1
                && let Some(line) = parts.pop()
            {
                return Ok(Geometry::LineString(line));
            }
            Ok(Geometry::MultiLineString(MultiLineString(parts)))
        }
        31 => Err(
            "a MultiPatch (3-D surface), which the atlas does not read — convert it first, e.g. \
                   `ogr2ogr -nlt MULTIPOLYGON out.shp IN.shp`"
                .to_string(),
        ),
        other => Err(format!("unknown shape type {other}")),
    }
}

fn need(content: &[u8], len: usize, what: &str) -> Result<(), Problem> {
    if content.len() < len {
        Err(format!(
            "the record is {} bytes, too short for {what} ({len} bytes needed)",
            content.len()
        ))
    } else {
        Ok(())
    }
}

/// A count at `at`, refused when negative.
fn count(content: &[u8], at: usize, what: &str) -> Result<usize, Problem> {
    let n = le_i32(content, at);
    usize::try_from(n).map_err(|_| format!("a negative number of {what} ({n})"))
}

fn coord(content: &[u8], at: usize) -> Coord<f64> {
    Coord {
        x: le_f64(content, at),
        y: le_f64(content, at + 8),
    }
}

/// The parts of a polyline or polygon: box, part count, point count, part starts, points.
fn parts(content: &[u8]) -> Result<Vec<LineString<f64>>, Problem> {
    need(content, 44, "a polyline or polygon header")?;
    let n_parts = count(content, 36, "parts")?;
    let n_points = count(content, 40, "points")?;
    // Checked before allocating: the counts must fit in the record.
    let points_at = n_parts
        .checked_mul(4)
        .and_then(|p| p.checked_add(44))
        .ok_or_else(|| format!("an absurd number of parts ({n_parts})"))?;
    let end = n_points
        .checked_mul(16)
        .and_then(|p| p.checked_add(points_at))
        .ok_or_else(|| format!("an absurd number of points ({n_points})"))?;
    need(content, end, &format!("{n_parts} parts of {n_points} points"))?;
    if n_parts == 0 && n_points > 0 {
        return Err(format!("{n_points} points in no part"));
    }
    let mut out = Vec::with_capacity(n_parts);
    for p in 0..n_parts {
        let start = count(content, 44 + p * 4, "points")?;
        let stop = if p + 1 < n_parts {
            count(content, 44 + (p + 1) * 4, "points")?
        } else {
            n_points
        };
        if start > stop || stop > n_points || (p == 0 && start != 0) {
            return Err(format!(
                "part {} runs from point {start} to {stop} of {n_points}: the part table is damaged",
                p + 1
            ));
        }
        out.push(LineString(
            (start..stop).map(|i| coord(content, points_at + i * 16)).collect(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polyline(parts: &[i32], points: &[[f64; 2]]) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&3i32.to_le_bytes());
        b.extend_from_slice(&[0u8; 32]);
        b.extend_from_slice(&(parts.len() as i32).to_le_bytes());
        b.extend_from_slice(&(points.len() as i32).to_le_bytes());
        for p in parts {
            b.extend_from_slice(&p.to_le_bytes());
        }
        for [x, y] in points {
            b.extend_from_slice(&x.to_le_bytes());
            b.extend_from_slice(&y.to_le_bytes());
        }
        b
    }

    #[test]
    fn a_polyline_of_two_parts_is_a_multilinestring_and_of_one_a_linestring() {
        let pts = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
        let two = geometry(&polyline(&[0, 2], &pts)).unwrap();
        assert!(matches!(two, Geometry::MultiLineString(ref m) if m.0.len() == 2 && m.0[1].0.len() == 2));
        let one = geometry(&polyline(&[0], &pts)).unwrap();
        assert!(matches!(one, Geometry::LineString(ref l) if l.0.len() == 4));
    }

    #[test]
    fn a_multipatch_is_refused_saying_how_to_convert_it_and_a_null_shape_has_no_geometry() {
        let mut b = polyline(&[0], &[[0.0, 0.0], [1.0, 1.0]]);
        b[0..4].copy_from_slice(&31i32.to_le_bytes());
        assert!(geometry(&b).unwrap_err().contains("ogr2ogr -nlt MULTIPOLYGON"));
        let null = geometry(&0i32.to_le_bytes()).unwrap();
        assert_eq!(null, Geometry::GeometryCollection(GeometryCollection::default()));
    }

    #[test]
    fn absurd_counts_and_damaged_part_tables_are_refused_without_allocating() {
        let mut b = polyline(&[0], &[[0.0, 0.0], [1.0, 1.0]]);
        b[40..44].copy_from_slice(&i32::MAX.to_le_bytes());
        assert!(geometry(&b).unwrap_err().contains("too short"));
        let b = polyline(&[0, 5], &[[0.0, 0.0], [1.0, 1.0]]);
        assert!(geometry(&b).unwrap_err().contains("part table"));
        let mut b = polyline(&[0], &[[0.0, 0.0]]);
        b[36..40].copy_from_slice(&(-1i32).to_le_bytes());
        assert!(geometry(&b).unwrap_err().contains("negative"));
    }
}
