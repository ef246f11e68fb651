import type { FastifyInstance } from "fastify";
import type { Scope } from "../store/port.js";

export interface RouteEntry {
  method: string;
  url: string;
  /** The scope the route needs; null: public. */
  scope: Scope | null;
  /** The names its query-string schema knows (empty when it has none). */
  query: string[];
  /** True when that schema refuses names it does not know (additionalProperties: false). */
  strictQuery: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered, with the scope it needs: what docs/security.md's scope table must cover. */
    routeList: readonly RouteEntry[];
  }
}

/** Records every route as it is registered; call first, so that plugins' routes (/docs) are seen too. */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RouteEntry[] = [];
  app.decorate("routeList", routes);
  app.addHook("onRoute", (r) => {
    const schema = r.schema?.querystring as { properties?: object; additionalProperties?: unknown } | undefined;
    const query = Object.keys(schema?.properties ?? {});
    const strictQuery = schema?.additionalProperties === false;
    for (const method of [r.method].flat()) {
      routes.push({ method, url: r.url, scope: r.config?.scope ?? null, query, strictQuery });
    }
  });
}
