import type { FastifyInstance, FastifyRequest } from "fastify";
import { MethodNotAllowedError, NotFoundError } from "../errors.js";
import { routePattern } from "./route-pattern.js";

/**
 * Fastify answers an unknown method on a known path with 404; a client deserves 405 and the
 * methods that do work. Records every route's pattern and answers not-found requests from that.
 */
export function installNotFound(app: FastifyInstance): void {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  app.addHook("onRoute", (r) => {
    const source = routePattern(r.url).source;
    let entry = routes.find((e) => e.pattern.source === source);
    if (!entry) {
      entry = { pattern: new RegExp(source), methods: new Set() };
      routes.push(entry);
    }
    for (const m of [r.method].flat()) entry.methods.add(m);
  });
  app.setNotFoundHandler((request: FastifyRequest) => {
    const path = request.url.split("?")[0] ?? "";
    const allow = new Set<string>();
    for (const e of routes) if (e.pattern.test(path)) for (const m of e.methods) allow.add(m);
    if (allow.size) throw new MethodNotAllowedError(request.method, [...allow].sort());
    throw new NotFoundError(`No route ${request.method} ${path}`);
  });
}
