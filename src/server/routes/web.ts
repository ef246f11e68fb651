import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** dist/web, built by `npm run build` (scripts/build-web.ts); the same path from src/ (tsx) and from dist/. */
export const WEB_ROOT = fileURLToPath(new URL("../../../dist/web/", import.meta.url));

/**
 * The web dashboard's static files at /dashboard, without a key: the page is public, every figure it
 * shows comes from the API with the key the visitor gives it. The page itself is never cached, so a
 * new build is picked up at once; its assets are revalidated by ETag.
 */
export async function registerWebRoutes(app: FastifyInstance, root: string = WEB_ROOT): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: "/dashboard/",
    index: "index.html",
    redirect: false,
    setHeaders: (reply, path) => {
      if (path.endsWith(".html")) reply.header("cache-control", "no-cache");
    },
  });
  app.get("/dashboard", (_request, reply) => reply.sendFile("index.html"));
}
