// .NET composite formatting for format() ("{index[,alignment][:formatString]}", "{{" and "}}" escapes) and
// .NET date formatting for utcNow(). Sources: learn.microsoft.com/dotnet/standard/base-types/composite-formatting,
// .../standard-numeric-format-strings, .../custom-date-and-time-format-strings. Culture is invariant/en-US.
import { toText } from '../values.ts';

type Formatted = { ok: true; value: string } | { ok: false; reason: string };

export function composite(format: string, args: readonly unknown[]): Formatted {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '}') {
      if (format[i + 1] === '}') {
        out += '}';
        i++;
        continue;
      }
      return { ok: false, reason: `the format string '${format}' is not valid: unexpected '}' at ${i}.` };
    }
    if (c !== '{') {
      out += c;
      continue;
    }
    if (format[i + 1] === '{') {
      out += '{';
      i++;
      continue;
    }
    const close = format.indexOf('}', i);
    if (close < 0)
      return { ok: false, reason: `the format string '${format}' is not valid: '{' at ${i} is not closed.` };
    const item = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(format.slice(i + 1, close));
    if (!item) return { ok: false, reason: `the format string '${format}' is not valid at ${i}.` };
    const index = Number(item[1]);
    if (index >= args.length) {
      return {
        ok: false,
        reason: `the format string '${format}' refers to argument {${index}}, but only ${args.length} were given.`,
      };
    }
    const text = formatValue(args[index], item[3]);
    if (!text.ok) return text;
    const align = item[2] === undefined ? 0 : Number(item[2]);
    out += align >= 0 ? text.value.padStart(align) : text.value.padEnd(-align);
    i = close;
  }
  return { ok: true, value: out };
}

function formatValue(v: unknown, spec: string | undefined): Formatted {
  if (spec === undefined || spec === '' || typeof v !== 'number') return { ok: true, value: toText(v) };
  const m = /^([DdNnFfXxGgPp])(\d{0,2})$/.exec(spec);
  if (m) {
    const [kind, digits] = [m[1]!, m[2] === '' ? undefined : Number(m[2])];
    switch (kind.toUpperCase()) {
      case 'D': {
        if (!Number.isInteger(v)) return { ok: false, reason: `format 'D' needs an integer.` };
        const body = String(Math.abs(v)).padStart(digits ?? 0, '0');
        return { ok: true, value: v < 0 ? `-${body}` : body };
      }
      case 'N':
        return { ok: true, value: grouped(v, digits ?? 2) };
      case 'F':
        return { ok: true, value: v.toFixed(digits ?? 2) };
      case 'P':
        return { ok: true, value: `${grouped(v * 100, digits ?? 2)} %` };
      case 'X': {
        if (!Number.isInteger(v)) return { ok: false, reason: `format 'X' needs an integer.` };
        const hex = (v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v))
          .toString(16)
          .padStart(digits ?? 0, '0');
        return { ok: true, value: kind === 'X' ? hex.toUpperCase() : hex };
      }
      default:
        return { ok: true, value: String(v) };
    }
  }
  // Custom numeric format made of zero placeholders ("000"): zero-padded integer part.
  if (/^0+$/.test(spec)) {
    const body = String(Math.round(Math.abs(v))).padStart(spec.length, '0');
    return { ok: true, value: v < 0 ? `-${body}` : body };
  }
  return { ok: false, reason: `the numeric format '${spec}' is not supported by vnetlab.` };
}

function grouped(v: number, decimals: number): string {
  const fixed = Math.abs(v).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const withCommas = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${v < 0 ? '-' : ''}${withCommas}${frac === undefined ? '' : `.${frac}`}`;
}

const STANDARD_DATE: Record<string, string> = {
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'",
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
};

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** utcNow(format): .NET custom date format in UTC; the default is ARM's 'yyyyMMddTHHmmssZ'. */
export function formatDate(date: Date, format = 'yyyyMMddTHHmmssZ'): string {
  const pattern = STANDARD_DATE[format] ?? format;
  const parts: Record<string, () => string> = {
    yyyy: () => String(date.getUTCFullYear()).padStart(4, '0'),
    yy: () => String(date.getUTCFullYear() % 100).padStart(2, '0'),
    MMMM: () => MONTHS[date.getUTCMonth()]!,
    MMM: () => MONTHS[date.getUTCMonth()]!.slice(0, 3),
    MM: () => String(date.getUTCMonth() + 1).padStart(2, '0'),
    M: () => String(date.getUTCMonth() + 1),
    dddd: () => DAYS[date.getUTCDay()]!,
    ddd: () => DAYS[date.getUTCDay()]!.slice(0, 3),
    dd: () => String(date.getUTCDate()).padStart(2, '0'),
    d: () => String(date.getUTCDate()),
    HH: () => String(date.getUTCHours()).padStart(2, '0'),
    H: () => String(date.getUTCHours()),
    hh: () => String(date.getUTCHours() % 12 || 12).padStart(2, '0'),
    h: () => String(date.getUTCHours() % 12 || 12),
    mm: () => String(date.getUTCMinutes()).padStart(2, '0'),
    m: () => String(date.getUTCMinutes()),
    ss: () => String(date.getUTCSeconds()).padStart(2, '0'),
    s: () => String(date.getUTCSeconds()),
    fffffff: () => String(date.getUTCMilliseconds()).padStart(3, '0') + '0000',
    fff: () => String(date.getUTCMilliseconds()).padStart(3, '0'),
    tt: () => (date.getUTCHours() < 12 ? 'AM' : 'PM'),
  };
  const tokens = Object.keys(parts).sort((a, b) => b.length - a.length);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const stop = end < 0 ? pattern.length : end;
      out += pattern.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    const token = tokens.find((t) => pattern.startsWith(t, i));
    if (token) {
      out += parts[token]!();
      i += token.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
