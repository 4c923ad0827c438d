/**
 * The last guard before any output leaves the process. JSON.stringify escapes C0 controls but
 * leaves C1 controls (U+0080-U+009F: U+009B is a one-byte CSI to many terminals) and bidi
 * overrides raw, so a tenant string could still rewrite a terminal that `cat`s a report or a
 * snapshot, or reorder what a reviewer reads. They are written as \uXXXX: valid inside JSON
 * strings (where they can only occur) and harmless in text and Markdown.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeInvisibles(text: string): string {
  return text.replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
