//! PRNG: xoshiro256++ seeded by splitmix64. Small, fast, and stable across platforms and crate
//! versions, which is what byte-identical output for a seed needs.
//!
//! Everything in the sample (calls and people files) is drawn from it, so the order of the draws
//! is part of the output: code that draws must keep its order for a seed to keep its bytes.

/// The generator, with the spare value of the last Box–Muller pair.
pub(super) struct Rng {
    s: [u64; 4],
    spare_normal: Option<f64>,
}

impl Rng {
    /// Seeds the state with four splitmix64 outputs of `seed`.
    pub(super) fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()], spare_normal: None }
    }

    /// The next 64 random bits (xoshiro256++).
    pub(super) fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (multiply-shift; the bias is below 2^-40 for the n used here).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform integer in lo..=hi.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [lo, hi).
    pub(super) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Exponential with the given mean.
    pub(super) fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Standard normal (Box–Muller, keeping the second value for the next call).
    pub(super) fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let r = (-2.0 * (1.0 - self.unit()).ln()).sqrt();
        let theta = std::f64::consts::TAU * self.unit();
        self.spare_normal = Some(r * theta.sin());
        r * theta.cos()
    }

    /// Lognormal with the given mean (not median) and shape.
    pub(super) fn lognormal(&mut self, mean: f64, sigma: f64) -> f64 {
        let mu = mean.ln() - sigma * sigma / 2.0;
        (mu + sigma * self.normal()).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_stable_for_a_seed() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        assert!((0..1000).all(|_| a.next_u64() == b.next_u64()));
        let mean = (0..100_000).map(|_| a.lognormal(200.0, 0.7)).sum::<f64>() / 100_000.0;
        assert!((mean - 200.0).abs() < 5.0, "lognormal mean {mean}");
    }
}
