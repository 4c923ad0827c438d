/**
 * Tenant strings (names, tags, error messages) are untrusted. In a terminal, escape sequences
 * could rewrite the screen or hide findings; every string from the tenant passes through here
 * before it is printed.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeTerminal(s: string): string {
  return s.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text and attribute values in HTML (the HTML report). Every tenant string goes through here;
 * with quoted attributes, escaping these five characters leaves no way out of the text or value.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] as string);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
