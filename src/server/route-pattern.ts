/** A regular expression matching the paths of a Fastify route URL (`/sessions/:id` matches `/sessions/abc`). */
export function routePattern(url: string): RegExp {
  return new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+")}/?$`);
}
