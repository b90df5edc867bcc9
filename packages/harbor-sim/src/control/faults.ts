/** A fault applied to the next `times` requests that match `method` and `path`. */
export type FaultSpec = {
  method?: string;
  /** A path prefix, or a regular expression when written as `/…/` or starting with `^`. */
  path?: string;
  status?: number;
  delayMs?: number;
  /**
   * Harbor handles the request, then the connection drops before its answer arrives (a proxy or
   * network reset after Harbor acted): the client cannot know whether it happened.
   */
  loseAnswer?: true;
  times?: number;
  /** Clears every pending fault (other fields are ignored). */
  reset?: true;
};

type Fault = {
  method?: string;
  test: (path: string) => boolean;
  status?: number;
  delayMs?: number;
  loseAnswer?: true;
  remaining: number;
  spec: FaultSpec;
};

export class FaultInjector {
  private faults: Fault[] = [];

  add(spec: FaultSpec): void {
    if (spec.reset) {
      this.faults = [];
      return;
    }
    const path = spec.path ?? '';
    let test: (p: string) => boolean;
    if (
      path.length > 1 &&
      path.startsWith('/') &&
      path.endsWith('/') &&
      !path.startsWith('/api') &&
      !path.startsWith('/v2')
    ) {
      const re = new RegExp(path.slice(1, -1));
      test = (p) => re.test(p);
    } else if (path.startsWith('^')) {
      const re = new RegExp(path);
      test = (p) => re.test(p);
    } else test = (p) => p.startsWith(path);
    this.faults.push({
      method: spec.method?.toUpperCase(),
      test,
      status: spec.status,
      delayMs: spec.delayMs,
      ...(spec.loseAnswer ? { loseAnswer: true as const } : {}),
      remaining: spec.times ?? 1,
      spec,
    });
  }

  /** The fault for this request, consumed once; undefined when none matches. */
  take(method: string, path: string): { status?: number; delayMs?: number; loseAnswer?: true } | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && f.test(path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return {
      status: fault.status,
      delayMs: fault.delayMs,
      ...(fault.loseAnswer ? { loseAnswer: true as const } : {}),
    };
  }

  pending(): FaultSpec[] {
    return this.faults.map((f) => ({ ...f.spec, times: f.remaining }));
  }
}
