#!/usr/bin/env node
// The published entry point: the compiled CLI lives in dist/ (built by `npm install` through `prepare`).
import("../dist/cli/main.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    console.error(
      "netspec: the compiled CLI is missing; run `npm install` (or `npm run build`) in the netspec folder first.",
    );
    process.exit(2);
  }
  throw error;
});
