//! Escaping plain text into HTML.

pub use coopfed_core::text::{escape, paragraphs};

pub use coopfed_core::text::sanitize;

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
