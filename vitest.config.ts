import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, not the built dist.
    alias: {
      "@corpus-census/catalog": src("catalog"),
      "@corpus-census/count": src("count"),
      "@corpus-census/estimate": src("estimate"),
      "@corpus-census/publish": src("publish"),
      "@corpus-census/watch": src("watch"),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    // A safety net against a hung test, not a speed target (those live in pnpm bench): the CLI
    // tests start processes that load tokenizers, which on a busy 2-core machine takes a while.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
