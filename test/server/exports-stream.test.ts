import { exportStreamContract } from "../exports/stream-contract.js";
import { testApp } from "../helpers/test-app.js";

exportStreamContract("duckdb", () => testApp({ retentionDays: 3650 }));
