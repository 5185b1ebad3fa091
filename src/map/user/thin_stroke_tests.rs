//! Thin strokes against tiny-skia's, and what a polyline's joints must not do.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use tiny_skia::{Color, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::*;

const ZIGZAG: [[f32; 2]; 6] = [
    [5.5, 10.2],
    [30.0, 12.0],
    [18.3, 30.7],
    [44.0, 41.0],
    [46.0, 8.0],
    [60.2, 55.0],
];

fn one(points: &[[f32; 2]], closed: bool) -> Polylines {
    let mut lines = Polylines::default();
    lines.push(points.iter().copied(), closed);
    lines
}

fn ours(points: &[[f32; 2]], closed: bool, width: f32, colour: Color) -> Pixmap {
    let mut pixmap = Pixmap::new(64, 64).unwrap();
    ThinStroker::default().stroke(&mut pixmap, &one(points, closed), width, colour);
    pixmap
}

fn tiny_skias(points: &[[f32; 2]], width: f32, colour: Color) -> Pixmap {
    let mut pixmap = Pixmap::new(64, 64).unwrap();
    let mut pb = PathBuilder::new();
    pb.move_to(points[0][0], points[0][1]);
    for p in &points[1..] {
        pb.line_to(p[0], p[1]);
    }
    let path = pb.finish().unwrap();
    let mut paint = Paint::default();
    paint.set_color(colour);
    paint.anti_alias = true;
    let stroke = Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    pixmap
}

fn alphas(p: &Pixmap) -> Vec<i32> {
    p.pixels().iter().map(|c| i32::from(c.alpha())).collect()
}

#[test]
fn a_stroke_covers_the_pixels_tiny_skia_covers() {
    for width in [1.0, 2.0, 3.0] {
        let a = alphas(&ours(&ZIGZAG, false, width, Color::BLACK));
        let b = alphas(&tiny_skias(&ZIGZAG, width, Color::BLACK));
        let (sum_a, sum_b): (i32, i32) = (a.iter().sum(), b.iter().sum());
        assert!(
            (sum_a - sum_b).abs() * 100 <= sum_b * 6,
            "width {width}: ink {sum_a} against {sum_b}"
        );
        let far_off = a.iter().zip(&b).filter(|(x, y)| (**x - **y).abs() > 96).count();
        assert!(
            far_off <= 4,
            "width {width}: {far_off} pixels differ by more than 96 of 255"
        );
    }
}

#[test]
fn joints_of_a_translucent_stroke_are_not_darker() {
    let half = Color::from_rgba8(200, 0, 0, 128);
    let a = ours(&ZIGZAG, false, 2.0, half);
    let most = a.pixels().iter().map(|c| c.alpha()).max().unwrap();
    assert!((127..=129).contains(&most), "the most opaque pixel has alpha {most}");
}

#[test]
fn a_closed_ring_joins_its_last_position_to_its_first() {
    let ring = [[10.0, 10.0], [50.0, 10.0], [50.0, 50.0], [10.0, 50.0]];
    let open = ours(&ring, false, 2.0, Color::BLACK);
    let closed = ours(&ring, true, 2.0, Color::BLACK);
    let at = |p: &Pixmap, x: u32, y: u32| p.pixel(x, y).unwrap().alpha();
    assert_eq!(at(&open, 10, 30), 0, "no left side when open");
    assert!(
        at(&closed, 10, 30) > 200 || at(&closed, 9, 30) > 200,
        "a left side when closed"
    );
}

#[test]
fn positions_off_the_image_or_not_numbers_draw_nothing_there() {
    let blank = alphas(&Pixmap::new(64, 64).unwrap());
    assert_eq!(
        alphas(&ours(&[[-50.0, -50.0], [-10.0, -40.0]], false, 2.0, Color::BLACK)),
        blank
    );
    assert_eq!(
        alphas(&ours(&[[f32::NAN, 5.0], [30.0, 30.0]], false, 2.0, Color::BLACK)),
        blank
    );
    // A line across the whole image from far outside is drawn where it crosses.
    let across = ours(&[[-1e6, 32.0], [1e6, 32.0]], false, 2.0, Color::BLACK);
    assert!(across.pixel(0, 32).unwrap().alpha() > 200 && across.pixel(63, 31).unwrap().alpha() > 200);
}

#[test]
fn the_mask_is_clean_after_each_stroke() {
    let mut stroker = ThinStroker::default();
    let mut first = Pixmap::new(64, 64).unwrap();
    stroker.stroke(&mut first, &one(&ZIGZAG, false), 2.0, Color::BLACK);
    assert!(stroker.mask.iter().all(|&m| m == 0));
    let mut second = Pixmap::new(64, 64).unwrap();
    stroker.stroke(&mut second, &one(&ZIGZAG[..2], false), 2.0, Color::BLACK);
    assert_eq!(alphas(&second), alphas(&ours(&ZIGZAG[..2], false, 2.0, Color::BLACK)));
}

#[test]
fn a_stroke_blends_over_what_is_drawn_like_tiny_skias() {
    let under = |mut p: Pixmap| {
        p.fill(Color::from_rgba8(240, 200, 40, 255));
        p
    };
    let half = Color::from_rgba8(20, 60, 200, 128);
    let mut a = under(Pixmap::new(64, 64).unwrap());
    ThinStroker::default().stroke(&mut a, &one(&ZIGZAG, false), 2.0, half);
    let b = {
        let mut b = under(Pixmap::new(64, 64).unwrap());
        b.draw_pixmap(
            0,
            0,
            tiny_skias(&ZIGZAG, 2.0, half).as_ref(),
            &Default::default(),
            Transform::identity(),
            None,
        );
        b
    };
    assert!(
        a.pixels().iter().all(|c| c.alpha() == 255),
        "an opaque image stays opaque"
    );
    let core = |p: &Pixmap| p.pixel(17, 11).unwrap();
    assert_eq!(core(&b).alpha(), 255);
    let (x, y) = (core(&a), core(&b));
    for (u, v) in [(x.red(), y.red()), (x.green(), y.green()), (x.blue(), y.blue())] {
        assert!(u.abs_diff(v) <= 3, "{x:?} against {y:?}");
    }
}

#[test]
fn a_segment_from_millions_of_pixels_away_is_drawn_where_tiny_skia_draws_it() {
    for far in [1e6f32, 1e7, 3e7] {
        let line = [[-far, 20.0], [far, 44.0]];
        let a = alphas(&ours(&line, false, 2.0, Color::BLACK));
        let b = alphas(&tiny_skias(&line, 2.0, Color::BLACK));
        let (sum_a, sum_b): (i32, i32) = (a.iter().sum(), b.iter().sum());
        assert!(
            (sum_a - sum_b).abs() * 100 <= sum_b * 6,
            "{far}: ink {sum_a} against {sum_b}"
        );
        let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).max().unwrap_or(0);
        assert!(worst <= 96, "{far}: a pixel differs by {worst}");
    }
}

#[test]
fn rounding_to_whole_pixels_equals_floor_and_ceil() {
    let mut values = vec![
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.0,
        -1.0,
        2.999_999_8,
        -2.999_999_8,
        16_777_217.0,
        -16_777_217.0,
        1e30,
        -1e30,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MIN_POSITIVE,
    ];
    values.extend((-2000..2000).map(|k| k as f32 * 0.173));
    for x in values {
        assert_eq!(floor_i64(x), x.floor() as i64, "floor {x}");
        assert_eq!(ceil_i64(x), x.ceil() as i64, "ceil {x}");
    }
}
