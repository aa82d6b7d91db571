import type { Chart } from './charts.js';

/** smoke: tiny sizes for the suite's own tests; quick: the default, about 2 minutes; paper: the papers' sizes. */
export type Scale = 'smoke' | 'quick' | 'paper';

/** One section of the report: plain data plus what the writers need; writers only format it. */
export interface Section {
  id: string;
  title: string;
  /** One paragraph: what the paper claims and what we found (Markdown). */
  summary: string;
  /** Body in Markdown (tables, lists); charts are placed after it. */
  markdown: string;
  charts: Chart[];
  /** A ready HTML fragment (with its own charts) the HTML writer uses in place of markdown + charts. */
  html?: string;
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
