// Preloaded into a benchmarked server (NODE_OPTIONS=--import=…): SIGUSR2 runs a full garbage
// collection, so "idle" can be read once the work the server did at start-up is collected.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
process.on("SIGUSR2", () => gc());
