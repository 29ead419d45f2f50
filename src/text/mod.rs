//! Text below the layout: normalisation of a line or cell ([`normalize()`]) and the grammar of a
//! cell's number ([`number`]: `增169`, `251000元`, `—`). Layout and extraction both read it; it
//! reads nothing of theirs.

pub mod normalize;
pub mod number;

pub use normalize::{compact, is_cjk, normalize, to_simplified};

/// A count with thousands separators: `101000` as `101,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
