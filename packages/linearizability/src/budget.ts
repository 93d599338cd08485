/** Limits on a check; when one runs out the outcome is `unknown`, never a guess. */
export interface CheckBudget {
  /** Search steps (one candidate op tried or one backtrack), summed over all partitions. */
  maxSteps?: number;
  /** Wall-clock limit, measured with `now`. */
  timeoutMs?: number;
  /** Injected clock in milliseconds; defaults to `performance.now`. */
  now?: () => number;
}

/** Counts steps against a `CheckBudget`; reads the clock only every 1024 steps. */
export class BudgetMeter {
  steps = 0;
  readonly #maxSteps: number;
  readonly #deadline: number;
  readonly #now: () => number;
  exhausted: string | undefined;

  constructor(budget: CheckBudget = {}) {
    this.#now = budget.now ?? (() => performance.now());
    this.#maxSteps = budget.maxSteps ?? Number.POSITIVE_INFINITY;
    this.#deadline =
      budget.timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.#now() + budget.timeoutMs;
  }

  /** False once the budget is spent; `exhausted` then says which limit. */
  step(): boolean {
    this.steps++;
    if (this.steps > this.#maxSteps) {
      this.exhausted = `step budget of ${this.#maxSteps} exhausted`;
      return false;
    }
    if ((this.steps & 1023) === 0 && this.#now() > this.#deadline) {
      this.exhausted = `time budget exhausted after ${this.steps} steps`;
      return false;
    }
    return true;
  }
}
