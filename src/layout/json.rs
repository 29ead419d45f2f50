//! Reports saved by crawlers as JSON: the page's HTML or text sits in one string field
//! (`{"title": …, "url": …, "content": "<p>…</p><table>…"}`), escaped. The report is the longest
//! string that reads like one (it names the annual report or holds its tables); the title field,
//! when there is one, is put in front of it, since a content fragment often starts at the body.

use serde_json::Value;

use super::Document;

/// The layout of the report a JSON document holds, or None when the text is not JSON or holds
/// no report: HTML markup read as a page, anything else as text, the title field put in front
/// where the content does not begin with it; an error when its markup is nested too deep or its
/// tables expand past the cells budget ([`crate::limits::OverBudget`]).
pub fn read(text: &str) -> Option<Result<Document, crate::limits::OverBudget>> {
    let (title, content) = report(text)?;
    let markup = crate::sniff::is_html(&content)
        || ["<p", "<table", "<div", "<br", "<span"]
            .iter()
            .any(|t| content.contains(t));
    let title = title.filter(|t| !content.trim_start().starts_with(t.as_str()));
    Some(match (markup, title) {
        (true, Some(t)) if !content.contains("<title") => {
            let escaped = t.replace('&', "&amp;").replace('<', "&lt;");
            super::html::read(&format!("<h1>{escaped}</h1>{content}"))
        }
        (true, _) => super::html::read(&content),
        (false, Some(t)) => super::text::read(&format!("{t}\n{content}")),
        (false, None) => super::text::read(&content),
    })
}

/// The report held by a JSON document: its title (if a field gives one) and its content, or
/// None when the text is not JSON or no string in it reads like a report.
fn report(text: &str) -> Option<(Option<String>, String)> {
    let t = text.trim_start_matches('\u{FEFF}').trim();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let value: Value = serde_json::from_str(t).ok()?;
    let mut strings = Vec::new();
    collect(&value, None, &mut strings);
    let content = strings
        .iter()
        .filter(|(_, s)| reads_like_report(s))
        .max_by_key(|(_, s)| s.len())?
        .1
        .to_owned();
    let title = strings
        .iter()
        .find(|(key, s)| {
            key.is_some_and(|k| {
                matches!(k.to_ascii_lowercase().as_str(), "title" | "标题" | "name")
            }) && s.chars().count() <= 200
        })
        .map(|(_, s)| (*s).to_owned());
    Some((title, content))
}

/// Every string in a JSON value with the key it sits under.
fn collect<'a>(value: &'a Value, key: Option<&'a str>, out: &mut Vec<(Option<&'a str>, &'a str)>) {
    match value {
        Value::String(s) => out.push((key, s)),
        Value::Array(items) => items.iter().for_each(|v| collect(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| collect(v, Some(k), out)),
        _ => {}
    }
}

fn reads_like_report(s: &str) -> bool {
    s.contains("政府信息公开")
        && (s.contains("年度报告") || s.contains("申请") || s.contains("<table"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_report_string_and_the_title() {
        let json = r#"{"url": "https://www.example.gov.cn/a.html", "title": "某区2022年政府信息公开工作年度报告",
            "data": {"content": "<p>一、总体情况</p><p>2022年本区政府信息公开工作年度报告如下，共收到申请3件。</p>", "note": "政府信息公开"}}"#;
        let (title, content) = report(json).expect("a report");
        assert_eq!(title.as_deref(), Some("某区2022年政府信息公开工作年度报告"));
        assert!(content.starts_with("<p>一、总体情况</p>"));
        assert_eq!(report("{\"a\": 1}"), None);
        assert_eq!(report("二、主动公开政府信息情况 {"), None);
    }
}
