import type { Chart } from './charts.js';

/** smoke: tiny sizes for the suite's own tests; quick: the default, about 2 minutes; paper: the papers' sizes. */
export type Scale = 'smoke' | 'quick' | 'paper';

/** A plain table: header and rows of text (writers only format it). */
export interface TableBlock {
  kind: 'table';
  title?: string;
  header: string[];
  rows: string[][];
  note?: string;
}

/** What a claim's verdict rests on, in the ledger's own words (CLI.md `claims` fields). */
export interface ClaimCard {
  id: string;
  /** The paper: the id's first part ("wang2021"). */
  paper: string;
  source: string;
  statement: string;
  status: string;
  expected: string;
  mismatch: boolean;
  control: boolean;
  controlOf: string | null;
  /** A published claim found false (expected falsified, not a control). */
  finding: boolean;
  cases: number;
  failureRateUpper95: number | null;
  /** One sentence: a certificate, N cases and a failure-rate bound, or the constants we fixed. */
  restsOn: string;
  classGenerated: Record<string, unknown> | null;
  classAdmitted: Record<string, unknown> | string | null;
  constants: Record<string, unknown> | null;
  frontier: { header: string[]; rows: string[][] } | null;
  tightness: number | null;
  foundBy: 'search' | 'fixture' | null;
  foundAtRun: number | null;
  seed: number;
  path: string | null;
  counterexample: unknown;
  /** The exact command that replays this verdict. */
  replay: string;
  /** For a finding: the step of the published proof that breaks. */
  brokenStep: string | null;
  detail: string | null;
  error: string | null;
  /** The controls that guard this claim (ids). */
  controls: string[];
}

/** The ledger as the report shows it: a summary line, a table of every entry, one card each. */
export interface LedgerBlock {
  kind: 'ledger';
  seed: number;
  /** How many entries have each status ("certified": 5, ...). */
  counts: Record<string, number>;
  cards: ClaimCard[];
  notRun: string[];
}

/** The content of a section, in reading order. Writers (Markdown, HTML, JSON) only format it. */
export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'heading'; text: string; id?: string }
  | { kind: 'list'; items: string[] }
  | TableBlock
  | { kind: 'chart'; chart: Chart }
  | { kind: 'details'; summary: string; blocks: Block[] }
  | LedgerBlock;

/** One section of the report: typed content plus the data behind it. */
export interface Section {
  id: string;
  title: string;
  /** One paragraph: what the paper claims and what we found (plain text). */
  summary: string;
  blocks: Block[];
  data: unknown;
  ms: number;
}

export interface SectionContext {
  scale: Scale;
  /** One line of progress on stderr. */
  log: (line: string) => void;
  /** Aborted once the user pressed Ctrl-C: long sections should stop early and say so. */
  signal: AbortSignal;
  stopped: () => boolean;
}

export interface SectionBuilder {
  id: string;
  title: string;
  build: (ctx: SectionContext) => Promise<Omit<Section, 'id' | 'title' | 'ms'>>;
}

export interface Report {
  generated: string;
  scale: Scale;
  sections: Section[];
  /** Sections not run (Ctrl-C) or failed, with the reason. */
  missing: Array<{ id: string; title: string; reason: string }>;
  ms: number;
}

/** Every chart of a section, nested blocks included, in reading order. */
export function sectionCharts(blocks: readonly Block[]): Chart[] {
  return blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : b.kind === 'details' ? sectionCharts(b.blocks) : []));
}
