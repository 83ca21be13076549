// Problems (what makes apply() refuse a change) and warnings (accepted, but approximated or unsupported).
// Problems carry Azure's real error codes; the ARM layer wraps them in { error: { code, message, target, details } }.

export interface Problem {
  readonly code: string;
  readonly message: string;
  /** The resource ID (or property path) the problem is about. */
  readonly target?: string;
  readonly details?: readonly Problem[];
}

export type WarningKind = 'unsupported' | 'approximated' | 'advice';

export interface Warning {
  readonly kind: WarningKind;
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}
