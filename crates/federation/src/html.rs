//! Escaping plain text into HTML.

/// Escapes text for use in HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Plain text with blank lines between paragraphs → `<p>` paragraphs.
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// Removes everything from remote HTML but a small set of formatting tags
/// and safe links.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .tags(std::collections::HashSet::from([
            "p",
            "br",
            "a",
            "span",
            "strong",
            "em",
            "b",
            "i",
            "ul",
            "ol",
            "li",
            "blockquote",
            "code",
            "pre",
        ]))
        .url_schemes(std::collections::HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(paragraphs("one\n\ntwo <b>\nthree"), "<p>one</p><p>two &lt;b&gt;<br>three</p>");
        let dirty = r#"<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">x</a><img src=x></p>"#;
        assert_eq!(sanitize(dirty), r#"<p>Hi <a rel="nofollow noopener noreferrer">x</a></p>"#);
    }
}
