//! Escaping plain text into HTML.

pub use coopfed_core::text::{escape, paragraphs};

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
