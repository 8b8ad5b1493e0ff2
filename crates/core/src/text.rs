//! Plain text to safe HTML.

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

/// Plain text with blank lines between paragraphs → escaped `<p>` paragraphs.
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// The HTML tags kept in rendered and received rich text.
pub const ALLOWED_TAGS: &[&str] =
    &["p", "br", "a", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "h5", "h6"];

/// Removes everything from HTML but [`ALLOWED_TAGS`] and http(s) and mailto links.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// Markdown (CommonMark, with tables and strikethrough off) to safe HTML:
/// rendered, then sanitised, so raw HTML, scripts, event handlers, styles and
/// `javascript:` links never survive.
pub fn markdown(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::empty());
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitize(&html)
}

/// The text of stored HTML: paragraphs and line breaks become line breaks,
/// tags go, entities are decoded.
pub fn plain(html: &str) -> String {
    let with_breaks = html.replace("</p>", "\n\n").replace("<br>", "\n");
    let text = ammonia::Builder::empty().clean(&with_breaks).to_string();
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_safely() {
        assert_eq!(
            markdown("Hello **co-ops**\n\n- one\n- two"),
            "<p>Hello <strong>co-ops</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))<iframe src=//e></iframe><p style=\"color:red\" onmouseover=\"a()\">t</p>";
        let out = markdown(hostile);
        for bad in ["<script", "onerror", "href=\"javascript:", "<iframe", "style=", "onmouseover", "<img"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(
            !markdown("[x](javascript:alert(3))").contains("javascript:"),
            "{}",
            markdown("[x](javascript:alert(3))")
        );
        assert!(markdown("[site](https://coop.example)").contains("href=\"https://coop.example\""));
        assert_eq!(plain("<p>a &amp; b</p><p>&lt;c&gt;</p>"), "a & b\n\n<c>");
    }
}
