import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { readOrCreate } from "../util/state-file.js";

/**
 * A node's identity belongs to its data directory (its durable log lives there): the configured
 * name, else one generated at first start and kept in `<data>/node.id`. Nodes sharing a store must
 * differ, or one would resume from the other's loader checkpoint.
 */
export async function resolveNodeId(dataDirectory: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const { value } = await readOrCreate(join(dataDirectory, "node.id"), () => `node-${randomBytes(6).toString("hex")}`);
  return value;
}
