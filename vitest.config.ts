import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string, entry = "index") =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, not the built dist.
    // Exact matches: "@corpus-census/tokenizers" must not also catch "@corpus-census/tokenizers/internal".
    alias: [
      { find: /^@corpus-census\/catalog$/, replacement: src("catalog") },
      { find: /^@corpus-census\/common$/, replacement: src("common") },
      { find: /^@corpus-census\/count$/, replacement: src("count") },
      { find: /^@corpus-census\/estimate$/, replacement: src("estimate") },
      { find: /^@corpus-census\/publish$/, replacement: src("publish") },
      { find: /^@corpus-census\/tokenizers$/, replacement: src("tokenizers") },
      { find: /^@corpus-census\/tokenizers\/internal$/, replacement: src("tokenizers", "internal") },
      { find: /^@corpus-census\/watch$/, replacement: src("watch") },
    ],
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
