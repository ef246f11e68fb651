import { exportContract } from "../exports/contract.js";
import { testApp } from "../helpers/test-app.js";

exportContract("duckdb", () => testApp({ retentionDays: 3650 }));
