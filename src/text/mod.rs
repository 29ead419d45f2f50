//! Text below the layout: normalisation of a line or cell ([`normalize()`]) and the grammar of a
//! cell's number ([`number`]: `增169`, `251000元`, `—`). Layout and extraction both read it; it
//! reads nothing of theirs.

pub mod normalize;
pub mod number;

pub use normalize::{compact, is_cjk, normalize, to_simplified};
