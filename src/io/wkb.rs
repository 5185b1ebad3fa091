//! Well-known binary (WKB) and GeoPackage geometry blobs, read into and written from
//! `geo` geometries (2-D: Z and M are read and dropped, never written).
//!
//! Read: WKB in either byte order, with ISO type codes (1–7, 1001–1007 Z, 2001–2007 M,
//! 3001–3007 ZM) and extended (EWKB) codes (the 0x80000000 Z, 0x40000000 M and
//! 0x20000000 SRID flags); GeoPackage blobs (`GP`, version, flags, srs id, an envelope
//! of any of the five kinds, the empty flag) around such WKB. Every count and length is
//! checked against the bytes left before anything is allocated, and nesting is limited
//! to [`MAX_DEPTH`], so a truncated or hostile blob is an error, never a panic or a huge
//! allocation. An empty geometry (an empty blob, a point of NaNs, a count of 0) becomes
//! an empty `GeometryCollection` (the atlas's “no geometry”); empty points inside a
//! MultiPoint are left out. Curves, surfaces and TINs (types 8–17) are refused.
//!
//! Written: little-endian ISO WKB, 2-D; GeoPackage blobs version 0 with an XY envelope
//! (none for points, as GDAL writes them) and the empty flag for empty geometries.

use geo::{
    BoundingRect, Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon, Point,
    Polygon,
};

/// How deep GeometryCollections may nest.
pub const MAX_DEPTH: usize = 32;

/// Why a blob cannot be read. Messages are for the user (the caller adds the table and row).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WkbError {
    #[error("the geometry blob ends early at byte {at} (needs {needed} more bytes) — the blob is truncated")]
    Truncated { at: usize, needed: usize },
    #[error("the geometry blob does not start with “GP” (not a GeoPackage geometry)")]
    NotGeoPackage,
    #[error("the geometry blob has an invalid envelope code {0} (0–4 allowed)")]
    BadEnvelope(u8),
    #[error("the geometry blob uses the extended GeoPackage geometry encoding, which the atlas does not read")]
    Extended,
    #[error("byte {at}: invalid byte-order mark {value} (0 or 1 allowed)")]
    BadByteOrder { at: usize, value: u8 },
    #[error(
        "byte {at}: geometry type code {code} is not one the atlas reads (points, lines, polygons, their multi forms and collections)"
    )]
    UnsupportedType { at: usize, code: u32 },
    #[error("byte {at}: a {container} holds a {found}, which it may not")]
    WrongMember {
        at: usize,
        container: &'static str,
        found: &'static str,
    },
    #[error(
        "byte {at}: a count of {count} items cannot fit in the {left} bytes left — the blob is truncated or damaged"
    )]
    BadCount { at: usize, count: u32, left: usize },
    #[error("geometry collections nested more than {MAX_DEPTH} deep")]
    TooDeep,
    #[error("byte {at}: a polygon ring has {points} positions (at least 4 needed)")]
    ShortRing { at: usize, points: usize },
}

/// The srs id and geometry of a GeoPackage geometry blob (an empty geometry: an empty
/// `GeometryCollection`).
pub fn read_gpkg_blob(bytes: &[u8]) -> Result<(i32, Geometry<f64>), WkbError> {
    let mut r = Reader {
        bytes,
        pos: 0,
        le: true,
    };
    let magic = r.take(2)?;
    if magic != b"GP" {
        return Err(WkbError::NotGeoPackage);
    }
    let _version = r.u8()?;
    let flags = r.u8()?;
    if flags & 0b0010_0000 != 0 {
        return Err(WkbError::Extended);
    }
    let empty = flags & 0b0001_0000 != 0;
    let envelope = (flags >> 1) & 0b111;
    r.le = flags & 1 == 1;
    let srs_id = r.u32()? as i32;
    let envelope_len = match envelope {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(WkbError::BadEnvelope(other)),
    };
    r.take(envelope_len)?;
    if empty {
        return Ok((srs_id, empty_geometry()));
    }
    let geometry = r.geometry(0)?;
    Ok((srs_id, geometry))
}

/// The geometry of a WKB blob (an empty geometry: an empty `GeometryCollection`).
pub fn read_wkb(bytes: &[u8]) -> Result<Geometry<f64>, WkbError> {
    Reader {
        bytes,
        pos: 0,
        le: true,
    }
    .geometry(0)
}

/// The atlas's “no geometry”.
fn empty_geometry() -> Geometry<f64> {
    Geometry::GeometryCollection(GeometryCollection(Vec::new()))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Little-endian numbers (set by each geometry's byte-order mark).
    le: bool,
}

/// A geometry's header: its base type (1–7) and how many numbers each position has.
struct Header {
    kind: u32,
    dims: usize,
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], WkbError> {
        let left = self.bytes.len() - self.pos;
        if n > left {
            return Err(WkbError::Truncated {
                at: self.pos,
                needed: n - left,
            });
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, WkbError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, WkbError> {
        let le = self.le;
        let b = self.take(4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Ok(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self) -> Result<f64, WkbError> {
        let le = self.le;
        let b = self.take(8)?;
        let b = [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]];
        Ok(if le {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count of items each at least `min_bytes` long, checked against the bytes left.
    fn count(&mut self, min_bytes: usize) -> Result<usize, WkbError> {
        let at = self.pos;
        let count = self.u32()?;
        let left = self.bytes.len() - self.pos;
        if (count as usize).saturating_mul(min_bytes) > left {
            return Err(WkbError::BadCount { at, count, left });
        }
        Ok(count as usize)
    }

    fn header(&mut self) -> Result<Header, WkbError> {
        let at = self.pos;
        match self.u8()? {
            0 => self.le = false,
            1 => self.le = true,
            value => return Err(WkbError::BadByteOrder { at, value }),
        }
        let code = self.u32()?;
        let (mut z, mut m) = (code & 0x8000_0000 != 0, code & 0x4000_0000 != 0);
        if code & 0x2000_0000 != 0 {
            self.u32()?; // the EWKB srid
        }
        let iso = code & 0x0FFF_FFFF;
        let kind = iso % 1000;
        match iso / 1000 {
            0 => {}
            1 => z = true,
            2 => m = true,
            3 => (z, m) = (true, true),
            _ => return Err(WkbError::UnsupportedType { at, code }),
        }
        if !(1..=7).contains(&kind) {
            return Err(WkbError::UnsupportedType { at, code });
        }
        Ok(Header {
            kind,
            dims: 2 + usize::from(z) + usize::from(m),
            at,
        })
    }

    /// One position (`None`: an empty point, all NaN).
    fn coord(&mut self, dims: usize) -> Result<Option<Coord<f64>>, WkbError> {
        let x = self.f64()?;
        let y = self.f64()?;
        for _ in 2..dims {
            self.f64()?;
        }
        Ok(if x.is_nan() && y.is_nan() {
            None
        } else {
            Some(Coord { x, y })
        })
    }

    fn line(&mut self, dims: usize) -> Result<LineString<f64>, WkbError> {
        let n = self.count(dims * 8)?;
        let mut coords = Vec::with_capacity(n);
        for _ in 0..n {
            let x = self.f64()?;
            let y = self.f64()?;
            for _ in 2..dims {
                self.f64()?;
            }
            coords.push(Coord { x, y });
        }
        Ok(LineString(coords))
    }

    fn polygon(&mut self, dims: usize) -> Result<Option<Polygon<f64>>, WkbError> {
        let n = self.count(4)?;
        let mut rings = Vec::with_capacity(n);
        for _ in 0..n {
            let at = self.pos;
            let ring = self.line(dims)?;
            if ring.0.len() < 4 && !(ring.0.is_empty() && n == 1) {
                return Err(WkbError::ShortRing {
                    at,
                    points: ring.0.len(),
                });
            }
            rings.push(ring);
        }
        let mut rings = rings.into_iter().filter(|r| !r.0.is_empty());
        Ok(rings.next().map(|exterior| Polygon::new(exterior, rings.collect())))
    }

    /// Members of a multi geometry, each with its own header of type `want`.
    fn members<T>(
        &mut self,
        want: u32,
        container: &'static str,
        mut read: impl FnMut(&mut Self, usize) -> Result<Option<T>, WkbError>,
    ) -> Result<Vec<T>, WkbError> {
        let n = self.count(5)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let h = self.header()?;
            if h.kind != want {
                return Err(WkbError::WrongMember {
                    at: h.at,
                    container,
                    found: type_name(h.kind),
                });
            }
            if let Some(item) = read(self, h.dims)? {
                out.push(item);
            }
        }
        Ok(out)
    }

    fn geometry(&mut self, depth: usize) -> Result<Geometry<f64>, WkbError> {
        if depth > MAX_DEPTH {
            return Err(WkbError::TooDeep);
        }
        let h = self.header()?;
        let d = h.dims;
        Ok(match h.kind {
            1 => self
                .coord(d)?
                .map_or_else(empty_geometry, |c| Geometry::Point(Point(c))),
            2 => {
                let line = self.line(d)?;
                if line.0.is_empty() {
                    empty_geometry()
                } else {
                    Geometry::LineString(line)
                }
            }
            3 => self.polygon(d)?.map_or_else(empty_geometry, Geometry::Polygon),
            4 => {
                let points = self.members(1, "MultiPoint", |r, d| Ok(r.coord(d)?.map(Point)))?;
                non_empty(points, |p| Geometry::MultiPoint(MultiPoint(p)))
            }
            5 => {
                let lines = self.members(2, "MultiLineString", |r, d| {
                    Ok(Some(r.line(d)?).filter(|l| !l.0.is_empty()))
                })?;
                non_empty(lines, |l| Geometry::MultiLineString(MultiLineString(l)))
            }
            6 => {
                let polygons = self.members(3, "MultiPolygon", |r, d| r.polygon(d))?;
                non_empty(polygons, |p| Geometry::MultiPolygon(MultiPolygon(p)))
            }
            _ => {
                let n = self.count(5)?;
                let mut members = Vec::with_capacity(n);
                for _ in 0..n {
                    members.push(self.geometry(depth + 1)?);
                }
                Geometry::GeometryCollection(GeometryCollection(members))
            }
        })
    }
}

fn non_empty<T>(items: Vec<T>, wrap: impl FnOnce(Vec<T>) -> Geometry<f64>) -> Geometry<f64> {
    if items.is_empty() {
        empty_geometry()
    } else {
        wrap(items)
    }
}

fn type_name(kind: u32) -> &'static str {
    match kind {
        1 => "Point",
        2 => "LineString",
        3 => "Polygon",
        4 => "MultiPoint",
        5 => "MultiLineString",
        6 => "MultiPolygon",
        _ => "GeometryCollection",
    }
}

/// The GeoPackage geometry type name of a geometry (`POINT`, …, `GEOMETRYCOLLECTION`),
/// `Line` counting as a LineString and `Rect`/`Triangle` as polygons.
pub fn gpkg_type_name(geometry: &Geometry<f64>) -> &'static str {
    match geometry {
        Geometry::Point(_) => "POINT",
        Geometry::Line(_) | Geometry::LineString(_) => "LINESTRING",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "POLYGON",
        Geometry::MultiPoint(_) => "MULTIPOINT",
        Geometry::MultiLineString(_) => "MULTILINESTRING",
        Geometry::MultiPolygon(_) => "MULTIPOLYGON",
        Geometry::GeometryCollection(_) => "GEOMETRYCOLLECTION",
    }
}

/// Appends `geometry` as little-endian 2-D ISO WKB.
pub fn write_wkb(geometry: &Geometry<f64>, out: &mut Vec<u8>) {
    let header = |out: &mut Vec<u8>, kind: u32| {
        out.push(1);
        out.extend_from_slice(&kind.to_le_bytes());
    };
    let count = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
    let coord = |out: &mut Vec<u8>, c: Coord<f64>| {
        out.extend_from_slice(&c.x.to_le_bytes());
        out.extend_from_slice(&c.y.to_le_bytes());
    };
    let line = |out: &mut Vec<u8>, l: &LineString<f64>| {
        count(out, l.0.len());
        for c in &l.0 {
            coord(out, *c);
        }
    };
    let polygon = |out: &mut Vec<u8>, p: &Polygon<f64>| {
        header(out, 3);
        count(out, 1 + p.interiors().len());
        line(out, p.exterior());
        for ring in p.interiors() {
            line(out, ring);
        }
    };
    match geometry {
        Geometry::Point(p) => {
            header(out, 1);
            coord(out, p.0);
        }
        Geometry::Line(l) => {
            header(out, 2);
            line(out, &LineString(vec![l.start, l.end]));
        }
        Geometry::LineString(l) => {
            header(out, 2);
            line(out, l);
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::Rect(r) => polygon(out, &r.to_polygon()),
        Geometry::Triangle(t) => polygon(out, &t.to_polygon()),
        Geometry::MultiPoint(m) => {
            header(out, 4);
            count(out, m.0.len());
            for p in &m.0 {
                header(out, 1);
                coord(out, p.0);
            }
        }
        Geometry::MultiLineString(m) => {
            header(out, 5);
            count(out, m.0.len());
            for l in &m.0 {
                header(out, 2);
                line(out, l);
            }
        }
        Geometry::MultiPolygon(m) => {
            header(out, 6);
            count(out, m.0.len());
            for p in &m.0 {
                polygon(out, p);
            }
        }
        Geometry::GeometryCollection(c) => {
            header(out, 7);
            count(out, c.0.len());
            for g in &c.0 {
                write_wkb(g, out);
            }
        }
    }
}

/// A GeoPackage geometry blob of `geometry` in `srs_id`: version 0, little-endian, an
/// XY envelope except for points, the empty flag (and no envelope) when it has no position.
pub fn write_gpkg_blob(geometry: &Geometry<f64>, srs_id: i32) -> Vec<u8> {
    let rect = geometry.bounding_rect();
    let envelope = match (geometry, rect) {
        (Geometry::Point(_), _) | (_, None) => None,
        (_, Some(r)) => Some(r),
    };
    let mut flags = 1u8;
    if envelope.is_some() {
        flags |= 1 << 1;
    }
    if rect.is_none() {
        flags |= 0b0001_0000;
    }
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"GP");
    out.push(0);
    out.push(flags);
    out.extend_from_slice(&srs_id.to_le_bytes());
    if let Some(r) = envelope {
        for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    write_wkb(geometry, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, point, polygon};

    fn round_trip(g: Geometry<f64>) {
        let blob = write_gpkg_blob(&g, 4326);
        assert_eq!(read_gpkg_blob(&blob), Ok((4326, g)));
    }

    #[test]
    fn an_empty_geometry_is_flagged_empty_and_reads_as_no_geometry() {
        let blob = write_gpkg_blob(&empty_geometry(), 4490);
        assert_eq!(blob[3] & 0b0001_0000, 0b0001_0000);
        assert_eq!(read_gpkg_blob(&blob), Ok((4490, empty_geometry())));
    }

    #[test]
    fn every_geometry_type_survives_a_round_trip_through_a_blob() {
        let poly = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 0.0)],
            interiors: [[(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 1.0, y: 1.0)]],
        );
        round_trip(Geometry::Point(point!(x: 121.6, y: 38.9)));
        round_trip(Geometry::LineString(line_string![(x: 1.0, y: 2.0), (x: 3.0, y: 4.0)]));
        round_trip(Geometry::Polygon(poly.clone()));
        round_trip(Geometry::MultiPolygon(MultiPolygon(vec![poly.clone(), poly])));
        round_trip(Geometry::MultiPoint(MultiPoint(vec![point!(x: 1.0, y: 2.0)])));
        round_trip(Geometry::GeometryCollection(GeometryCollection(vec![Geometry::Point(
            point!(x: 1.0, y: 2.0),
        )])));
    }

    #[test]
    fn every_truncation_of_a_blob_is_an_error_and_not_a_panic() {
        let g = Geometry::MultiPolygon(MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 0.0)
        ]]));
        let blob = write_gpkg_blob(&g, 4326);
        for len in 0..blob.len() {
            let result = read_gpkg_blob(&blob[..len]);
            assert!(result.is_err(), "{len} bytes: {result:?}");
        }
    }

    #[test]
    fn a_hostile_count_is_refused_before_allocating() {
        let mut wkb = vec![1, 2, 0, 0, 0];
        wkb.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(read_wkb(&wkb), Err(WkbError::BadCount { .. })));
        let mut deep = Vec::new();
        for _ in 0..100 {
            deep.extend_from_slice(&[1, 7, 0, 0, 0, 1, 0, 0, 0]);
        }
        assert_eq!(read_wkb(&deep), Err(WkbError::TooDeep));
    }

    #[test]
    fn big_endian_iso_z_and_ewkb_zm_codes_are_read_in_two_dimensions() {
        let mut be = vec![0];
        be.extend_from_slice(&1001u32.to_be_bytes());
        for v in [121.5f64, 38.5, 10.0] {
            be.extend_from_slice(&v.to_be_bytes());
        }
        assert_eq!(read_wkb(&be), Ok(Geometry::Point(point!(x: 121.5, y: 38.5))));
        let mut ewkb = vec![1];
        ewkb.extend_from_slice(&(0xE000_0001u32).to_le_bytes());
        ewkb.extend_from_slice(&4326u32.to_le_bytes());
        for v in [1.0f64, 2.0, 3.0, 4.0] {
            ewkb.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(read_wkb(&ewkb), Ok(Geometry::Point(point!(x: 1.0, y: 2.0))));
        let mut curve = vec![1];
        curve.extend_from_slice(&8u32.to_le_bytes());
        assert!(matches!(
            read_wkb(&curve),
            Err(WkbError::UnsupportedType { code: 8, .. })
        ));
    }
}
