//! Every per-file budget in one place, the cheap pre-scan that enforces the HTML nesting
//! budget before html5ever (whose tree builder is quadratic in nesting depth) sees a page, and
//! the cells budget the table readers spend as they lay spans out on a grid.
//! Budgets are counts, never wall-clock time, so a run is deterministic.

/// Files larger than this are not reports; they are skipped unread (`skipped`).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The most a .docx's `word/document.xml` may expand to; more is `failed` (a zip bomb).
pub const MAX_DOCX_XML_BYTES: u64 = 64 << 20;

/// The most zip entries a .docx may hold; more is `failed`.
pub const MAX_DOCX_ENTRIES: usize = 10_000;

/// At most this many pages of one scanned file are read by OCR (about 3 s each); the file says
/// so in a finding.
pub const MAX_OCR_PAGES: usize = 20;

/// Deepest nesting of HTML elements read; deeper pages are `failed` with
/// "HTML elements nested N deep (more than 2,000)".
pub const MAX_HTML_DEPTH: usize = 2_000;

/// Most grid slots the tables of one file may expand to, counted as the readers create them
/// (an HTML `<td rowspan="100" colspan="100">` alone is 10,000; real reports have a few thousand
/// in all); a file past it is `failed` with "tables of more than 1,000,000 cells".
pub const MAX_TABLE_CELLS: usize = 1_000_000;

/// Most bytes of text the grid slots of one file's tables may hold, a spanning label counted in
/// every slot it is repeated in (one 30 KB label spanning 100 by 100 slots is 300 MB); a file
/// past it is `failed` with "table cells holding more than 64 MB of text".
pub const MAX_TABLE_TEXT_BYTES: usize = 64 << 20;

/// A file's tables would expand past the cells budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TooManyCells {
    /// More than [`MAX_TABLE_CELLS`] grid slots.
    #[error("tables of more than {} cells", crate::text::thousands(MAX_TABLE_CELLS as u64))]
    Slots,
    /// More than [`MAX_TABLE_TEXT_BYTES`] of text in the slots.
    #[error("table cells holding more than {} MB of text", MAX_TABLE_TEXT_BYTES >> 20)]
    Text,
}

/// A page nested deeper than [`MAX_HTML_DEPTH`] even without its inline tags (the depth it has).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "HTML elements nested {} deep (more than {})",
    crate::text::thousands(*.0 as u64),
    crate::text::thousands(MAX_HTML_DEPTH as u64)
)]
pub struct TooDeep(pub usize);

/// HTML past one of a file's budgets: nested too deep, or tables past the cells budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverBudget {
    /// Nested deeper than [`MAX_HTML_DEPTH`].
    #[error(transparent)]
    Depth(#[from] TooDeep),
    /// Tables past [`MAX_TABLE_CELLS`] or [`MAX_TABLE_TEXT_BYTES`].
    #[error(transparent)]
    Cells(#[from] TooManyCells),
}

/// What is left of one file's cells budget ([`MAX_TABLE_CELLS`] slots holding at most
/// [`MAX_TABLE_TEXT_BYTES`] of text).
#[derive(Debug)]
pub struct Cells {
    left: usize,
    text_left: usize,
}

impl Default for Cells {
    fn default() -> Self {
        Cells {
            left: MAX_TABLE_CELLS,
            text_left: MAX_TABLE_TEXT_BYTES,
        }
    }
}

impl Cells {
    /// Spends `n` grid slots, before they are allocated.
    ///
    /// # Errors
    /// [`TooManyCells`] when the file's budget does not hold them.
    pub fn spend(&mut self, n: usize) -> Result<(), TooManyCells> {
        self.left = self.left.checked_sub(n).ok_or(TooManyCells::Slots)?;
        Ok(())
    }

    /// Spends `bytes` of text copied into slots, before they are copied.
    ///
    /// # Errors
    /// [`TooManyCells::Text`] when the file's budget does not hold them.
    pub fn spend_text(&mut self, bytes: usize) -> Result<(), TooManyCells> {
        self.text_left = self
            .text_left
            .checked_sub(bytes)
            .ok_or(TooManyCells::Text)?;
        Ok(())
    }
}

/// Elements with no content (never opened).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "isindex", "menuitem",
    "spacer",
];

/// Elements the tree builder closes implicitly when a sibling or parent row starts, so unclosed
/// ones do not nest.
const IMPLICIT: &[&str] = &[
    "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option", "optgroup", "rb",
    "rt", "rtc", "rp", "colgroup", "caption",
];

/// Purely inline formatting elements: no table structure, dropped from a page too deep with them.
const INLINE: &[&str] = &[
    "span", "font", "b", "i", "u", "s", "strong", "em", "small", "big", "strike", "tt", "sub",
    "sup", "code", "nobr", "a",
];

/// Elements whose content is raw text (no tags inside).
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// An HTML page within the depth budget: the text to parse (the page itself, or the page with its
/// inline formatting tags removed when only they made it too deep). The HTML reader calls it on
/// every page or fragment it is given (a .html file, a JSON record's markup, a table inside text),
/// so no text reaches html5ever unmeasured.
///
/// # Errors
/// [`TooDeep`] when a page is too deep even without its inline tags.
pub fn html_within_depth(html: &str) -> Result<std::borrow::Cow<'_, str>, TooDeep> {
    let (depth, _) = scan(html, false);
    if depth <= MAX_HTML_DEPTH {
        return Ok(html.into());
    }
    let (bare, inline) = scan(html, true);
    if bare > MAX_HTML_DEPTH {
        return Err(TooDeep(bare));
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in inline {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    Ok(out.into())
}

/// One pass over the tags: the deepest nesting of counted elements, and (when `skip_inline`) the
/// byte ranges of the inline tags, which are then not counted.
fn scan(html: &str, skip_inline: bool) -> (usize, Vec<(usize, usize)>) {
    let b = html.as_bytes();
    let (mut depth, mut max, mut inline) = (0usize, 0usize, Vec::new());
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let start = i + off;
        let rest = &b[start..];
        if rest.starts_with(b"<!--") {
            i = find(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            i = find(b, start + 9, b"]]>").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr(b'>', &b[start..]).map_or(b.len(), |e| start + e + 1);
            continue;
        }
        let close = rest.get(1) == Some(&b'/');
        let name_at = start + 1 + usize::from(close);
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let end = tag_end(b, name_at + name_len);
        i = end;
        let name = name.as_str();
        if skip_inline && INLINE.contains(&name) {
            inline.push((start, end));
            continue;
        }
        if VOID.contains(&name) || IMPLICIT.contains(&name) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW.contains(&name) {
            let closing = format!("</{name}");
            i = find_ci(b, end, closing.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if b[..end].ends_with(b"/>") {
            continue;
        }
        depth += 1;
        max = max.max(depth);
    }
    (max, inline)
}

/// Just past the `>` ending a tag whose attributes start at `from` (quoted values may hold `>`).
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b[from..].iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return from + k + 1,
            None => {}
        }
    }
    b.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|k| from + k)
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|k| from + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_not_siblings_voids_or_implicit_closes() {
        assert_eq!(
            scan("<div><p>a<p>b<br><img src='>'></div><div></div>", false).0,
            1
        );
        assert_eq!(
            scan("<div><div><!-- <div><div> --></div></div>", false).0,
            2
        );
        assert_eq!(
            scan("<script>if (a<b) {'<div>'}</script><div/>", false).0,
            0
        );
    }

    #[test]
    fn too_deep_pages_fail_unless_inline_tags_made_them_so() {
        let deep = "<div>".repeat(2001);
        assert_eq!(
            html_within_depth(&deep).unwrap_err().to_string(),
            "HTML elements nested 2,001 deep (more than 2,000)"
        );
        let spans = format!("<div>{}x</div>", "<span>".repeat(3000));
        assert_eq!(html_within_depth(&spans).unwrap(), "<div>x</div>");
    }

    #[test]
    fn the_cells_budget_holds_exactly_its_slots() {
        let mut cells = Cells::default();
        assert_eq!(cells.spend(MAX_TABLE_CELLS - 1), Ok(()));
        assert_eq!(cells.spend(1), Ok(()));
        assert_eq!(cells.spend(1), Err(TooManyCells::Slots));
        assert_eq!(
            TooManyCells::Slots.to_string(),
            "tables of more than 1,000,000 cells"
        );
        assert_eq!(cells.spend_text(MAX_TABLE_TEXT_BYTES), Ok(()));
        assert_eq!(cells.spend_text(1), Err(TooManyCells::Text));
        assert_eq!(
            TooManyCells::Text.to_string(),
            "table cells holding more than 64 MB of text"
        );
    }
}
