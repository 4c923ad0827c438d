/**
 * Tenant strings (names, tags, error messages) are untrusted. In a terminal, escape sequences
 * could rewrite the screen or hide findings; in a CI log, a line break inside a name starts a line
 * of the attacker's choosing (`x\n::error::forged` is a GitHub Actions workflow command, a forged
 * "0 finding(s)" a forged verdict). Every string from the tenant passes through here before it is
 * printed, so it stays on the line it was put on.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of text: control, bidi and line-break characters (\n, \r, U+2028, U+2029) written as \uXXXX. */
export function escapeTerminal(s: string): string {
  return s.replace(CONTROL, asUnicodeEscape);
}

/** The same, keeping line feeds: HTML shows a line break as a space (or a line of a tooltip), never as markup. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_FEED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Tenant text for HTML: invisible, bidi and control characters made visible, then the markup characters escaped. */
export function escapeHtmlText(s: string): string {
  return escapeHtml(visibleText(s));
}

/** Invisible, bidi and control characters (but the line feed) made visible, for text the page sets with textContent. */
export function visibleText(s: string): string {
  return s.replace(CONTROL_BUT_LINE_FEED, asUnicodeEscape);
}

/**
 * The last guard before any output leaves the process. JSON.stringify escapes C0 controls but
 * leaves C1 controls (U+0080-U+009F: U+009B is a one-byte CSI to many terminals) and bidi
 * overrides raw, so a tenant string could still rewrite a terminal that `cat`s a report or a
 * snapshot, or reorder what a reviewer reads. They are written as \uXXXX: valid inside JSON
 * strings (where they can only occur) and harmless in text and Markdown. Unlike escapeTerminal,
 * it keeps tab, line feed and carriage return, which whole documents need.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeInvisibles(text: string): string {
  return text.replace(INVISIBLE, asUnicodeEscape);
}

function asUnicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text and attribute values in HTML (the HTML report). Every tenant string goes through here;
 * with quoted attributes, escaping these five characters leaves no way out of the text or value.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] as string);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
