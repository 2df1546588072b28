/** Every component's state, for /api/status and /readyz. */
export type ComponentState = 'starting' | 'up' | 'degraded' | 'down' | 'stopped';

export interface ComponentStatus {
  readonly kind: string;
  readonly name: string;
  readonly state: ComponentState;
  /** Epoch ms of the last state change. */
  readonly since: number;
  readonly lastError?: string;
  readonly lastErrorAt?: number;
  /** Component-specific facts (last poll duration, connection state...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export class StatusBoard {
  private readonly entries = new Map<string, ComponentStatus>();

  constructor(private readonly now: () => number = Date.now) {}

  set(kind: string, name: string, state: ComponentState, details?: Record<string, unknown>): void {
    const id = `${kind}/${name}`;
    const previous = this.entries.get(id);
    this.entries.set(id, {
      ...previous,
      kind,
      name,
      state,
      since: previous?.state === state ? previous.since : this.now(),
      details: details ?? previous?.details,
    });
  }

  error(kind: string, name: string, error: unknown, state: ComponentState = 'degraded'): void {
    this.set(kind, name, state);
    const id = `${kind}/${name}`;
    const entry = this.entries.get(id)!;
    this.entries.set(id, { ...entry, lastError: describeError(error), lastErrorAt: this.now() });
  }

  get(kind: string, name: string): ComponentStatus | undefined {
    return this.entries.get(`${kind}/${name}`);
  }

  list(): ComponentStatus[] {
    return [...this.entries.values()];
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
