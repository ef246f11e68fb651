/**
 * A report laid out for people: titled sections of tables and charts. Each report type lays its
 * figures out once (src/reports/<type>.ts); every renderer but JSON reads only this.
 */
export type Cell = string | number | boolean | null;

export interface Table {
  /** Short identifier (lower-case, `_`): the CSV section row and the exports' table name. */
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

export interface Chart {
  kind: "bar" | "line";
  title: string;
  /** One label per value (category or time). */
  labels: string[];
  series: ChartSeries[];
  unit: string;
}

export interface Section {
  heading: string;
  /** Sentences about the section (what a figure means, why one is missing). */
  notes: string[];
  tables: Table[];
  charts: Chart[];
}

export interface ReportDocument {
  title: string;
  /** The period and when it was generated, as one line. */
  subtitle: string;
  sections: Section[];
}

/** A two-column table of named figures; figures that are null stay in it (the renderers show them as missing). */
export function figuresTable(name: string, title: string, figures: Record<string, Cell>): Table {
  return { name, title, columns: ["metric", "value"], rows: Object.entries(figures).map(([k, v]) => [k, v]) };
}

export function section(heading: string, parts: Partial<Omit<Section, "heading">>): Section {
  return { heading, notes: parts.notes ?? [], tables: parts.tables ?? [], charts: parts.charts ?? [] };
}

/** Every table of a document, in order: what CSV renders and exports stream. */
export function tablesOf(doc: ReportDocument): Table[] {
  return doc.sections.flatMap((s) => s.tables);
}
