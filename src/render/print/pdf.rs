//! A small PDF canvas for print layouts: pages of vector lines, fills and text in the
//! atlas's CJK font, and RGB raster images, written with `pdf-writer`.
//!
//! Text is set in [`crate::theme::CJK_FONT`] (Noto Sans SC, a CFF-flavoured OpenType),
//! embedded once per document as a **subset** of the glyphs the pages use (`subsetter`
//! keeps the CFF outlines; the CFF table goes in as a `CIDFontType0C` font file) under a
//! six-letter subset tag, with a `ToUnicode` map so the text can be selected, searched and
//! copied. Glyphs are placed one after the other at their advance widths (Chinese and the
//! Latin of names and numbers need no shaping); a character the font lacks prints as the
//! font's empty box.
//!
//! Coordinates are PDF points from the page's **top-left** corner, y down, as in egui; the
//! canvas turns them over for PDF.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::PrintError;

/// An sRGB colour, opaque.
pub type Rgb = [u8; 3];

/// The font's resource name on every page.
const FONT_NAME: Name<'static> = Name(b"F0");

/// `Adobe-Identity-0`: glyph IDs of the subset are the CIDs.
const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The embedded font: which glyphs the pages use and their texts.
struct FontUse {
    font: skrifa::FontRef<'static>,
    metrics: skrifa::metrics::GlyphMetrics<'static>,
    charmap: skrifa::charmap::Charmap<'static>,
    units_per_em: f32,
    remapper: subsetter::GlyphRemapper,
    /// New glyph ID → (old glyph ID, the character it shows).
    used: BTreeMap<u16, (u16, char)>,
}

impl FontUse {
    fn new() -> Result<FontUse, PrintError> {
        let font = skrifa::FontRef::new(crate::theme::CJK_FONT).map_err(|e| PrintError::Font(e.to_string()))?;
        let units_per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em).max(1.0);
        Ok(FontUse {
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            charmap: font.charmap(),
            font,
            units_per_em,
            remapper: subsetter::GlyphRemapper::new(),
            used: BTreeMap::new(),
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.charmap
            .map(c)
            .and_then(|g| u16::try_from(g.to_u32()).ok())
            .unwrap_or(0)
    }

    /// Advance of `c` in thousandths of the font size.
    fn advance(&self, c: char) -> f32 {
        let gid = skrifa::GlyphId::new(u32::from(self.glyph(c)));
        self.metrics.advance_width(gid).unwrap_or(0.0) * 1000.0 / self.units_per_em
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / 1000.0
    }

    /// `text` as two-byte codes of the subset's glyphs (recording them).
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = self.glyph(c);
            let new = self.remapper.remap(old);
            self.used.entry(new).or_insert((old, c));
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        bytes
    }
}

/// A PDF document being written: pages, images and the font.
pub struct PdfDocument {
    pdf: Pdf,
    next: i32,
    font: FontUse,
    font_ref: Ref,
    page_tree: Ref,
    pages: Vec<Ref>,
}

/// An image placed in the document, to draw on pages.
#[derive(Clone, Copy, Debug)]
pub struct ImageRef(Ref);

/// One page's drawing, in points from the top-left corner.
pub struct Canvas<'a> {
    content: Content,
    height: f32,
    font: &'a mut FontUse,
    images: Vec<Ref>,
}

fn unit(c: u8) -> f32 {
    f32::from(c) / 255.0
}

impl PdfDocument {
    /// An empty document.
    pub fn new() -> Result<PdfDocument, PrintError> {
        let mut doc = PdfDocument {
            pdf: Pdf::new(),
            next: 1,
            font: FontUse::new()?,
            font_ref: Ref::new(1),
            page_tree: Ref::new(1),
            pages: Vec::new(),
        };
        doc.font_ref = doc.alloc();
        doc.page_tree = doc.alloc();
        Ok(doc)
    }

    fn alloc(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }

    /// The width of `text` at `size` points in the document's font.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        self.font.width(text, size)
    }

    /// Adds an RGB image (opaque; alpha is dropped), compressed losslessly.
    pub fn add_image(&mut self, image: &image::RgbaImage) -> ImageRef {
        let id = self.alloc();
        let rgb: Vec<u8> = image.pixels().flat_map(|p| [p[0], p[1], p[2]]).collect();
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&rgb, 6);
        let mut xobject = self.pdf.image_xobject(id, &data);
        xobject.filter(Filter::FlateDecode);
        xobject.width(image.width() as i32);
        xobject.height(image.height() as i32);
        xobject.color_space().device_rgb();
        xobject.bits_per_component(8);
        xobject.finish();
        ImageRef(id)
    }

    /// Adds a page of `[width, height]` points drawn by `draw`.
    pub fn add_page(&mut self, [width, height]: [f32; 2], draw: impl FnOnce(&mut Canvas)) {
        let page_id = self.alloc();
        let content_id = self.alloc();
        let mut canvas = Canvas {
            content: Content::new(),
            height,
            font: &mut self.font,
            images: Vec::new(),
        };
        draw(&mut canvas);
        let Canvas { content, images, .. } = canvas;
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 6);
        self.pdf.stream(content_id, &data).filter(Filter::FlateDecode);
        let mut page = self.pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, width, height));
        page.parent(self.page_tree);
        page.contents(content_id);
        let mut resources = page.resources();
        resources.fonts().pair(FONT_NAME, self.font_ref);
        let mut xobjects = resources.x_objects();
        for image in images {
            xobjects.pair(Name(image_name(image).as_bytes()), image);
        }
        xobjects.finish();
        resources.finish();
        page.finish();
        self.pages.push(page_id);
    }

    /// The document's bytes: the pages, the font subset and the document's `title`.
    pub fn finish(mut self, title: &str) -> Result<Vec<u8>, PrintError> {
        if self.pages.is_empty() {
            return Err(PrintError::NoPages);
        }
        self.write_font()?;
        let catalog = self.alloc();
        let info = self.alloc();
        self.pdf.catalog(catalog).pages(self.page_tree);
        self.pdf
            .pages(self.page_tree)
            .kids(self.pages.iter().copied())
            .count(self.pages.len() as i32);
        self.pdf
            .document_info(info)
            .title(TextStr(title))
            .producer(TextStr(concat!("Dalian Atlas ", env!("CARGO_PKG_VERSION"))));
        Ok(self.pdf.finish())
    }

    /// The Type0 font, its CID font, descriptor, subset font file and ToUnicode map.
    fn write_font(&mut self) -> Result<(), PrintError> {
        let cid_ref = self.alloc();
        let descriptor_ref = self.alloc();
        let file_ref = self.alloc();
        let cmap_ref = self.alloc();
        let subset = subsetter::subset(crate::theme::CJK_FONT, 0, &self.font.remapper)
            .map_err(|e| PrintError::Font(format!("subsetting failed: {e}")))?;
        let subset_font = skrifa::FontRef::new(&subset).map_err(|e| PrintError::Font(e.to_string()))?;
        // CFF outlines go in bare (`CIDFontType0C`); TrueType ones as the whole file.
        let cff = subset_font
            .table_data(skrifa::Tag::new(b"CFF "))
            .map(|d| d.as_bytes().to_vec());
        let is_cff = cff.is_some();
        let program = cff.unwrap_or_else(|| subset.clone());
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&program, 6);
        let mut file = self.pdf.stream(file_ref, &data);
        file.filter(Filter::FlateDecode);
        if is_cff {
            file.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        }
        file.finish();

        let base = format!("{}+{}", subset_tag(&self.font.used), crate::theme::CJK_FONT_NAME);
        let metrics = self.font.font.metrics(Size::unscaled(), LocationRef::default());
        let scale = 1000.0 / self.font.units_per_em;
        let bbox = metrics.bounds.map_or(Rect::new(0.0, -120.0, 1000.0, 880.0), |b| {
            Rect::new(b.x_min * scale, b.y_min * scale, b.x_max * scale, b.y_max * scale)
        });
        let mut descriptor = self.pdf.font_descriptor(descriptor_ref);
        descriptor
            .name(Name(base.as_bytes()))
            .flags(FontFlags::SYMBOLIC)
            .bbox(bbox)
            .italic_angle(0.0)
            .ascent(metrics.ascent * scale)
            .descent(metrics.descent * scale)
            .cap_height(metrics.cap_height.unwrap_or(metrics.ascent) * scale)
            .stem_v(80.0);
        if is_cff {
            descriptor.font_file3(file_ref);
        } else {
            descriptor.font_file2(file_ref);
        }
        descriptor.finish();

        let mut cid = self.pdf.cid_font(cid_ref);
        cid.subtype(if is_cff { CidFontType::Type0 } else { CidFontType::Type2 });
        cid.base_font(Name(base.as_bytes()));
        cid.system_info(IDENTITY);
        cid.font_descriptor(descriptor_ref);
        cid.default_width(0.0);
        if !is_cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let mut widths = cid.widths();
        for (&new, &(_, c)) in &self.font.used {
            widths.consecutive(new, [self.font.advance(c)]);
        }
        widths.finish();
        cid.finish();

        self.pdf
            .type0_font(self.font_ref)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);

        let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), IDENTITY);
        for (&new, &(_, c)) in &self.font.used {
            cmap.pair(new, c);
        }
        let cmap = cmap.finish();
        self.pdf.cmap(cmap_ref, &cmap);
        Ok(())
    }
}

/// `Im12`: an image's resource name.
fn image_name(image: Ref) -> String {
    format!("Im{}", image.get())
}

/// Six capital letters from the glyph set (PDF's mark of a subset font, e.g. `KQZXBA+`).
fn subset_tag(used: &BTreeMap<u16, (u16, char)>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &(old, _) in used.values() {
        for b in old.to_be_bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|k| char::from(b'A' + ((hash >> (k * 5)) % 26) as u8))
        .collect()
}

impl Canvas<'_> {
    fn y(&self, y: f32) -> f32 {
        self.height - y
    }

    /// The width of `text` at `size` points.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        self.font.width(text, size)
    }

    /// `text` with its baseline's left end at `[x, y]`.
    pub fn text(&mut self, [x, y]: [f32; 2], size: f32, text: &str, colour: Rgb) {
        if text.is_empty() {
            return;
        }
        let bytes = self.font.encode(text);
        let y = self.y(y);
        self.content
            .begin_text()
            .set_fill_rgb(unit(colour[0]), unit(colour[1]), unit(colour[2]))
            .set_font(FONT_NAME, size)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y])
            .show(Str(&bytes))
            .end_text();
    }

    fn fill_colour(&mut self, c: Rgb) {
        self.content.set_fill_rgb(unit(c[0]), unit(c[1]), unit(c[2]));
    }

    fn stroke_colour(&mut self, c: Rgb, width: f32) {
        self.content
            .set_stroke_rgb(unit(c[0]), unit(c[1]), unit(c[2]))
            .set_line_width(width);
    }

    /// A rectangle `[x, y, width, height]`, filled and/or outlined.
    pub fn rect(&mut self, [x, y, w, h]: [f32; 4], fill: Option<Rgb>, stroke: Option<(f32, Rgb)>) {
        let bottom = self.y(y + h);
        self.path(fill, stroke, |c| {
            c.rect(x, bottom, w, h);
        });
    }

    /// A straight line.
    pub fn line(&mut self, a: [f32; 2], b: [f32; 2], width: f32, colour: Rgb) {
        let (ay, by) = (self.y(a[1]), self.y(b[1]));
        self.path(None, Some((width, colour)), |c| {
            c.move_to(a[0], ay).line_to(b[0], by);
        });
    }

    /// A closed polygon.
    pub fn polygon(&mut self, points: &[[f32; 2]], fill: Option<Rgb>, stroke: Option<(f32, Rgb)>) {
        let Some((first, rest)) = points.split_first() else {
            return;
        };
        let flipped: Vec<[f32; 2]> = rest.iter().map(|p| [p[0], self.y(p[1])]).collect();
        let start = [first[0], self.y(first[1])];
        self.path(fill, stroke, |c| {
            c.move_to(start[0], start[1]);
            for p in &flipped {
                c.line_to(p[0], p[1]);
            }
            c.close_path();
        });
    }

    /// A circle of radius `r` around `centre` (four Bézier arcs).
    pub fn circle(&mut self, centre: [f32; 2], r: f32, fill: Option<Rgb>, stroke: Option<(f32, Rgb)>) {
        const K: f32 = 0.552_284_8;
        let (x, y) = (centre[0], self.y(centre[1]));
        let k = K * r;
        self.path(fill, stroke, |c| {
            c.move_to(x + r, y)
                .cubic_to(x + r, y + k, x + k, y + r, x, y + r)
                .cubic_to(x - k, y + r, x - r, y + k, x - r, y)
                .cubic_to(x - r, y - k, x - k, y - r, x, y - r)
                .cubic_to(x + k, y - r, x + r, y - k, x + r, y)
                .close_path();
        });
    }

    fn path(&mut self, fill: Option<Rgb>, stroke: Option<(f32, Rgb)>, build: impl FnOnce(&mut Content)) {
        if fill.is_none() && stroke.is_none() {
            return;
        }
        self.content.save_state();
        if let Some(f) = fill {
            self.fill_colour(f);
        }
        if let Some((w, s)) = stroke {
            self.stroke_colour(s, w);
        }
        build(&mut self.content);
        match (fill, stroke) {
            (Some(_), Some(_)) => self.content.fill_nonzero_and_stroke(),
            (Some(_), None) => self.content.fill_nonzero(),
            _ => self.content.stroke(),
        };
        self.content.restore_state();
    }

    /// `image` stretched over `[x, y, width, height]`.
    pub fn image(&mut self, image: ImageRef, [x, y, w, h]: [f32; 4]) {
        let bottom = self.y(y + h);
        let name = image_name(image.0);
        self.content
            .save_state()
            .transform([w, 0.0, 0.0, h, x, bottom])
            .x_object(Name(name.as_bytes()))
            .restore_state();
        if !self.images.contains(&image.0) {
            self.images.push(image.0);
        }
    }
}
