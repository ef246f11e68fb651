/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE and
 * U+FFFF) are replaced by U+FFFD, the replacement character: a document must stay well-formed, and
 * a visible mark says that something was there.
 */
// biome-ignore lint/complexity/useRegexLiterals: as a literal, the control characters are what the linter refuses.
const FORBIDDEN = new RegExp(
  "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  "g",
);

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#13;",
  "\n": "&#10;",
  "\t": "&#9;",
};

/**
 * Text fit for element content (`attribute` false) and double-quoted attribute values. Line breaks
 * are written as references (a parser would turn CR LF into LF; and so each row stays on one line),
 * in attributes tabs too (a parser would make them spaces): the text reads back as it was.
 */
export function xmlText(s: string, attribute = false): string {
  return s
    .replace(FORBIDDEN, "\uFFFD")
    .replace(attribute ? /[&<>"\r\n\t]/g : /[&<>"\r\n]/g, (c) => ESCAPES[c] as string);
}

const NAME_START = /^[A-Za-z_]/;
const NOT_NAME_CHAR = /[^A-Za-z0-9_.-]/g;

/**
 * A valid element name for any key: characters outside `[A-Za-z0-9_.-]` become `_`, and `_` goes
 * before a name that would start with something else or with `xml` (reserved). `changed` tells the
 * writer to keep the original key in a `key` attribute, so the renaming can be undone.
 */
export function elementName(key: string): { name: string; changed: boolean } {
  let name = key.replace(NOT_NAME_CHAR, "_");
  if (!NAME_START.test(name) || /^xml/i.test(name)) name = `_${name}`;
  return { name, changed: name !== key };
}
