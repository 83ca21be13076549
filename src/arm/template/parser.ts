// Parser of ARM's template expression language into an AST with character positions.
// Grammar (learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions):
//   expression := primary ( '.' identifier | '[' expression ']' )*
//   primary    := string | integer | identifier '(' [ expression (',' expression)* ] ')' | true | false | null
// A JSON string is an expression when it starts with '[' and ends with ']'; "[[" at the start escapes it to a
// literal that begins with '['.
import type { ExprResult, ExpressionFailure } from './errors.ts';
import { tokenize, type Token } from './tokenizer.ts';

export type Expr =
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'integer'; readonly value: number; readonly position: number }
  | { readonly kind: 'literal'; readonly value: boolean | null; readonly position: number }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly position: number;
    }
  | { readonly kind: 'property'; readonly target: Expr; readonly name: string; readonly position: number }
  | { readonly kind: 'index'; readonly target: Expr; readonly index: Expr; readonly position: number };

export type CallExpr = Extract<Expr, { kind: 'call' }>;

/** What a JSON string value is: an expression to evaluate or a literal. */
export type Parsed =
  { readonly kind: 'literal'; readonly value: string } | { readonly kind: 'expression'; readonly expr: Expr };

export const isExpressionText = (text: string): boolean =>
  text.length >= 2 && text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[');

const cache = new Map<string, ExprResult<Parsed>>();

/** Parses one JSON string value; results are memoised (templates repeat their expressions a lot). */
export function parseTemplateString(text: string): ExprResult<Parsed> {
  const hit = cache.get(text);
  if (hit) return hit;
  const result = parseUncached(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, result);
  return result;
}

function parseUncached(text: string): ExprResult<Parsed> {
  if (text.startsWith('[[') && text.endsWith(']'))
    return { ok: true, value: { kind: 'literal', value: text.slice(1) } };
  if (!isExpressionText(text)) return { ok: true, value: { kind: 'literal', value: text } };
  const tokens = tokenize(text, 1, text.length - 1);
  if (!tokens.ok) return tokens;
  const parser = new Parser(tokens.value);
  const expr = parser.expression();
  if (!expr.ok) return expr;
  const next = parser.peek();
  if (next.kind !== 'end') return parser.unexpected(next);
  return { ok: true, value: { kind: 'expression', expr: expr.value } };
}

/** Deepest expression tree accepted (calls, indexes and property accesses nested in one another). */
export const MAX_EXPRESSION_DEPTH = 128;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  private take(): Token {
    const t = this.tokens[this.index]!;
    if (t.kind !== 'end') this.index++;
    return t;
  }

  unexpected(t: Token): { ok: false; failure: ExpressionFailure } {
    const what =
      t.kind === 'end' ? 'the end of the expression' : `'${t.kind === 'string' ? `'${t.text}'` : t.text}'`;
    return {
      ok: false,
      failure: { message: `The language expression is not valid: unexpected ${what}.`, position: t.position },
    };
  }

  expression(): ExprResult<Expr> {
    this.depth++;
    try {
      return this.nestedExpression();
    } finally {
      this.depth--;
    }
  }

  private tooDeep(position: number): { ok: false; failure: ExpressionFailure } {
    const message = `The language expression is not valid: it nests deeper than ${MAX_EXPRESSION_DEPTH} levels.`;
    return { ok: false, failure: { message, position } };
  }

  private nestedExpression(): ExprResult<Expr> {
    if (this.depth > MAX_EXPRESSION_DEPTH) return this.tooDeep(this.peek().position);
    const primary = this.primary();
    if (!primary.ok) return primary;
    let expr = primary.value;
    let chain = 0; // property accesses and indexes applied so far, each one more level of the tree
    for (;;) {
      const t = this.peek();
      if ((t.kind === '.' || t.kind === '[') && this.depth + ++chain > MAX_EXPRESSION_DEPTH)
        return this.tooDeep(t.position);
      if (t.kind === '.') {
        this.take();
        const name = this.take();
        if (name.kind !== 'identifier') return this.unexpected(name);
        expr = { kind: 'property', target: expr, name: name.text, position: name.position };
      } else if (t.kind === '[') {
        this.take();
        const index = this.expression();
        if (!index.ok) return index;
        const close = this.take();
        if (close.kind !== ']') return this.unexpected(close);
        expr = { kind: 'index', target: expr, index: index.value, position: t.position };
      } else {
        return { ok: true, value: expr };
      }
    }
  }

  private primary(): ExprResult<Expr> {
    const t = this.take();
    switch (t.kind) {
      case 'string':
        return { ok: true, value: { kind: 'string', value: t.text, position: t.position } };
      case 'integer': {
        const value = Number(t.text);
        if (!Number.isSafeInteger(value)) {
          return {
            ok: false,
            failure: { message: `The integer literal '${t.text}' is out of range.`, position: t.position },
          };
        }
        return { ok: true, value: { kind: 'integer', value, position: t.position } };
      }
      case 'identifier': {
        let name = t.text;
        // A template-defined function: namespace.member(...).
        const [dot, member, open] = [
          this.tokens[this.index],
          this.tokens[this.index + 1],
          this.tokens[this.index + 2],
        ];
        if (dot?.kind === '.' && member?.kind === 'identifier' && open?.kind === '(') {
          this.index += 2;
          name = `${t.text}.${member.text}`;
        }
        if (this.peek().kind !== '(') {
          const lower = t.text.toLowerCase();
          if (lower === 'true' || lower === 'false') {
            return { ok: true, value: { kind: 'literal', value: lower === 'true', position: t.position } };
          }
          if (lower === 'null')
            return { ok: true, value: { kind: 'literal', value: null, position: t.position } };
          return {
            ok: false,
            failure: {
              message: `The language expression is not valid: '${t.text}' must be followed by '('.`,
              position: t.position,
            },
          };
        }
        this.take();
        const args: Expr[] = [];
        if (this.peek().kind === ')') {
          this.take();
        } else {
          for (;;) {
            const arg = this.expression();
            if (!arg.ok) return arg;
            args.push(arg.value);
            const sep = this.take();
            if (sep.kind === ')') break;
            if (sep.kind !== ',') return this.unexpected(sep);
          }
        }
        return { ok: true, value: { kind: 'call', name, args, position: t.position } };
      }
      default:
        return this.unexpected(t);
    }
  }
}
