import type { StaticDecode, TObject } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import type { Dialect, Engine } from "./sql/dialect.js";
import type { Fragment } from "./sql/fragment.js";

export type RawRow = Record<string, unknown>;
/** Runs one statement on the engine at hand; used by plans that need more than one. */
export type Exec = (statement: Fragment) => Promise<RawRow[]>;
/** An engine's own way to answer the query, for where a single statement would be slow there. */
export type Plan = (exec: Exec, d: Dialect) => Promise<RawRow[]>;

/**
 * A named read, engine-neutral: the statement written against the dialect, the TypeBox schema of
 * its rows (which decodes both engines' values), and how a row becomes the answer. `plans` holds
 * another engine's plan beside the statement when it needs one; `store.stream` always runs the
 * statement itself (a stream reads every row anyway).
 */
export interface Query<R> {
  readonly name: string;
  statement(d: Dialect): Fragment;
  readonly plans?: Partial<Record<Engine, Plan>>;
  /** Checks a raw row against the schema and turns it into an answer; throws on a row that does not fit. */
  decode(row: RawRow): R;
}

const compiled = new WeakMap<TObject, ReturnType<typeof TypeCompiler.Compile>>();

/** Builds a query: `row` is compiled once per schema; `map` shapes a decoded row (defaults to itself). */
export function defineQuery<S extends TObject, R = StaticDecode<S>>(spec: {
  name: string;
  row: S;
  statement(d: Dialect): Fragment;
  plans?: Partial<Record<Engine, Plan>>;
  map?: (row: StaticDecode<S>) => R;
}): Query<R> {
  let check = compiled.get(spec.row);
  if (!check) {
    check = TypeCompiler.Compile(spec.row);
    compiled.set(spec.row, check);
  }
  const checker = check;
  const map = spec.map ?? ((r: StaticDecode<S>) => r as unknown as R);
  return {
    name: spec.name,
    statement: spec.statement,
    ...(spec.plans ? { plans: spec.plans } : {}),
    decode(row) {
      try {
        return map(checker.Decode(row) as StaticDecode<S>);
      } catch (err) {
        const first = checker.Errors(row).First();
        const where = first ? `${first.path}: ${first.message}` : (err as Error).message;
        throw new Error(`query ${spec.name}: a row does not fit its schema (${where})`);
      }
    },
  };
}
