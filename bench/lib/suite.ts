/** What every benchmark suite is given. */
export interface SuiteOptions {
  /** Few iterations: a smoke test of the suite (numbers meaningless). */
  readonly quick: boolean;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}
