// The one result type for untrusted input: parsing never throws, it returns a reason instead.
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
