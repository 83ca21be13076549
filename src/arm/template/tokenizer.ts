// Tokens of ARM's template expression language. Read the "Template syntax / expressions" page
// (learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions) before changing this file.
// Positions are indices into the whole JSON string value, '[' included, so that errors point into what the
// user wrote.
import type { ExprResult } from './errors.ts';

export type TokenKind = 'identifier' | 'string' | 'integer' | '(' | ')' | '[' | ']' | ',' | '.' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string; // identifier name, string value (unescaped) or integer digits
  readonly position: number;
}

const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$]/.test(c);

/** Tokenizes source[start, end): the inside of "[...]". */
export function tokenize(source: string, start: number, end: number): ExprResult<Token[]> {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ('()[],.'.includes(c)) {
      tokens.push({ kind: c as TokenKind, text: c, position: i });
      i++;
      continue;
    }
    if (c === "'") {
      // Single-quoted; a quote inside is written twice ('').
      const position = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= end) {
          return { ok: false, failure: { message: 'The string literal is not terminated.', position } };
        }
        const d = source[i]!;
        if (d === "'") {
          if (source[i + 1] === "'" && i + 1 < end) {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      tokens.push({ kind: 'string', text, position });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const position = i;
      let j = i + 1;
      while (j < end && /[0-9]/.test(source[j]!)) j++;
      if (j < end && source[j] === '.' && /[0-9]/.test(source[j + 1] ?? '')) {
        return {
          ok: false,
          failure: {
            message: 'The template language does not support floating point literals; use json().',
            position,
          },
        };
      }
      tokens.push({ kind: 'integer', text: source.slice(i, j), position });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      const position = i;
      let j = i + 1;
      while (j < end && isIdentPart(source[j]!)) j++;
      tokens.push({ kind: 'identifier', text: source.slice(i, j), position });
      i = j;
      continue;
    }
    return { ok: false, failure: { message: `The character '${c}' is not expected here.`, position: i } };
  }
  tokens.push({ kind: 'end', text: '', position: end });
  return { ok: true, value: tokens };
}
