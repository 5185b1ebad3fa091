//! A small deterministic pseudo-random generator for unit tests (64-bit LCG, high bits),
//! the same sequence as the benchmarks' (`benches/synthetic.rs`, which another unit test
//! already includes as a module: a second inclusion is refused by clippy).

pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    fn step(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0
    }

    /// The next value in 0..1.
    pub(crate) fn next(&mut self) -> f64 {
        (self.step() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The next whole number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.step() >> 33) as usize) % n.max(1)
    }
}
