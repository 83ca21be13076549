// Request bodies. Strict JSON first; when that fails, the JSON-with-comments form the Azure CLI sends for
// deployments: `az deployment group create` splices the template file into the body as it is (its
// JsonCTemplatePolicy, azure/cli/command_modules/resource/custom.py), so the `template` key comes unquoted and
// the template may carry // and /* */ comments and trailing commas, as ARM itself accepts in templates.

import { MAX_JSON_DEPTH, nestsDeeperThan } from '../net/index.ts';

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonBody(body: unknown): ParsedBody {
  const parsed = parseUnlimited(body);
  if (parsed.ok && nestsDeeperThan(parsed.value))
    return { ok: false, reason: `The request content nests deeper than ${MAX_JSON_DEPTH} levels.` };
  return parsed;
}

function parseUnlimited(body: unknown): ParsedBody {
  if (typeof body !== 'string' || body.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    const strict = e instanceof Error ? e.message : String(e);
    const relaxed = relaxJson(body);
    if (relaxed === undefined) return { ok: false, reason: strict };
    try {
      return { ok: true, value: JSON.parse(relaxed) as unknown };
    } catch {
      return { ok: false, reason: strict };
    }
  }
}

/**
 * Strict JSON from JSON-with-comments: comments dropped, trailing commas dropped, bare identifier keys quoted.
 * Strings are copied untouched. Undefined when a string or comment never ends.
 */
export function relaxJson(text: string): string | undefined {
  let out = '';
  let last = ''; // the last character of `out` that is not whitespace: one look back, so the walk stays linear
  const emit = (s: string) => {
    out += s;
    const t = s.trimEnd();
    if (t !== '') last = t[t.length - 1]!;
  };
  const identifier = /[A-Za-z_$][\w$]*/y;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      emit(text.slice(i, end + 1));
      i = end + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (c === ',' && /^\s*[}\]]/.test(followingCode(text, i + 1))) {
      i++; // a trailing comma
    } else if (/[A-Za-z_$]/.test(c) && (last === '{' || last === ',')) {
      identifier.lastIndex = i;
      const word = identifier.exec(text)![0];
      const after = followingCode(text, i + word.length);
      emit(after.startsWith(':') ? `"${word}"` : word);
      i += word.length;
    } else {
      emit(c);
      i++;
    }
  }
  return out;
}

/** Index of the closing quote of the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** The text from `at` with leading whitespace and comments skipped (enough of it to look at the next token). */
function followingCode(text: string, at: number): string {
  let i = at;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return text.slice(i, i + 1);
  }
}
