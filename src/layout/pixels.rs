//! Grey page images as `pdftoppm -gray` writes them (binary PGM): read, and cleared of table
//! rules before OCR. Tesseract reads a table's rules as `|`, `[` and `l` beside the digits and
//! then loses digits to them; erasing every long straight run of dark pixels (far longer than
//! any stroke of a character at the page's resolution) leaves the text alone and the cells
//! apart. Pure functions on bytes.

/// A grey image, one byte per pixel, rows top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct Grey {
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// The pixels (0 black, 255 white).
    pub data: Vec<u8>,
}

/// Pixels darker than this are ink.
const INK: u8 = 160;

impl Grey {
    /// Reads a binary PGM (`P5`, 8-bit); `None` for anything else.
    pub fn from_pgm(bytes: &[u8]) -> Option<Grey> {
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes.get(at)?.is_ascii_whitespace() {
                at += 1;
            }
            if bytes[at] == b'#' {
                while *bytes.get(at)? != b'\n' {
                    at += 1;
                }
                continue;
            }
            let start = at;
            while !bytes.get(at)?.is_ascii_whitespace() {
                at += 1;
            }
            fields.push(std::str::from_utf8(&bytes[start..at]).ok()?);
        }
        let (width, height): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
        if fields[0] != "P5" || fields[3] != "255" {
            return None;
        }
        let data = bytes
            .get(at + 1..at + 1 + width.checked_mul(height)?)?
            .to_vec();
        Some(Grey {
            width,
            height,
            data,
        })
    }

    /// The image as a binary PGM.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }

    /// Whitens every horizontal or vertical run of ink at least `min_run` pixels long (gaps of
    /// a pixel or two, as scans break lines, bridged) that is thin (a rule: mostly paper a few
    /// pixels to either side, where a big bold title's strokes run on), and the pixel beside it
    /// on each side.
    pub fn remove_rules(&mut self, min_run: usize) {
        let (w, h) = (self.width, self.height);
        let ink = |x: usize, y: usize| self.data[y * w + x] < INK;
        let mut mask = vec![false; w * h];
        for y in 0..h {
            for (start, end) in runs(w, min_run, |x| ink(x, y)) {
                let thick = (start..=end)
                    .filter(|&x| {
                        (y >= SIDE && ink(x, y - SIDE)) || (y + SIDE < h && ink(x, y + SIDE))
                    })
                    .count();
                if thick * 10 > (end + 1 - start) * 3 {
                    continue;
                }
                for x in start..=end {
                    for yy in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                        mask[yy * w + x] = true;
                    }
                }
            }
        }
        for x in 0..w {
            for (start, end) in runs(h, min_run, |y| ink(x, y)) {
                let thick = (start..=end)
                    .filter(|&y| {
                        (x >= SIDE && ink(x - SIDE, y)) || (x + SIDE < w && ink(x + SIDE, y))
                    })
                    .count();
                if thick * 10 > (end + 1 - start) * 3 {
                    continue;
                }
                for y in start..=end {
                    for xx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                        mask[y * w + xx] = true;
                    }
                }
            }
        }
        for (p, m) in self.data.iter_mut().zip(mask) {
            if m {
                *p = 255;
            }
        }
    }
}

/// How far to either side of a run its thickness is judged, in pixels (a rule at 300 dpi is at
/// most about 6 pixels thick).
const SIDE: usize = 7;

/// The runs of `ink` at least `min_run` long along a line of `len` pixels, gaps of up to two
/// pixels bridged: (first, last).
fn runs(len: usize, min_run: usize, ink: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        if !ink(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < len {
            if ink(j) {
                end = j;
                j += 1;
            } else if j - end <= 2 {
                j += 1;
            } else {
                break;
            }
        }
        if end + 1 - start >= min_run {
            out.push((start, end));
        }
        i = end + 1;
    }
    out
}

/// The width and height in pixels of a PNG or JPEG image, from its header; `None` when the
/// header cannot be read (or for other formats).
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |at: usize| -> Option<u32> {
        Some(u32::from(u16::from_be_bytes(
            bytes.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // JPEG: walk the segments to the frame header (SOF0..SOF15 but DHT, JPG, DAC).
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return Some((be16(at + 7)?, be16(at + 5)?));
        }
        at += 2 + usize::try_from(be16(at + 2)?).ok()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 4, 0xD9, 0, 0, 6, 0xDA]);
        assert_eq!(image_size(&png), Some((1241, 1754)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x06, 0xDA, 0x04, 0xD9,
        ];
        assert_eq!(image_size(&jpeg), Some((1241, 1754)));
        assert_eq!(image_size(b"\x89PNG\r\n\x1a\n"), None);
    }

    #[test]
    fn long_rules_go_and_short_strokes_stay() {
        let (w, h) = (40, 12);
        let mut data = vec![255u8; w * h];
        for x in 2..38 {
            data[5 * w + x] = 0; // a rule, broken once
        }
        data[5 * w + 20] = 255;
        for y in 1..4 {
            data[y * w + 10] = 0; // a stroke
        }
        let mut g = Grey {
            width: w,
            height: h,
            data,
        };
        let g2 = Grey::from_pgm(&g.to_pgm()).expect("round trip");
        assert_eq!(g2, g);
        g.remove_rules(20);
        assert!(g.data[5 * w..6 * w].iter().all(|&p| p == 255));
        assert_eq!(g.data[2 * w + 10], 0);
    }
}
