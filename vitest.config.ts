import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{cli,dsl,engine,runner,reports,bench,fuzz,test}/**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**"],
    testTimeout: 20_000,
    pool: "threads",
  },
});
