// Shared types of the benchmark suites: the printed figure rows and what a suite exports.

/** One printed benchmark figure. Ratios are computed from figures measured in the same run. */
export interface BenchRow {
  suite: string;
  case: string;
  /** The measured figure, already in `unit`. */
  value: number;
  unit: string;
  /** Optional comparison, e.g. "12.3× walk" or "0.71× typed array"; goal text, e.g. "goal ≥ 10×". */
  ratio?: string;
  goal?: string;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]> | BenchRow[];
}
