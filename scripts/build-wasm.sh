#!/bin/sh
# Builds packages/tokenizers/wasm/byte-bpe.wasm from byte-bpe.c with Debian 12's clang 14 and lld
# (apt-get install clang lld). The .wasm is committed, so that installing census needs no compiler;
# byte-bpe.c.sha256 records the source it was built from (packages/tokenizers/test/wasm-byte-bpe.test.ts
# checks it), and .ci/run builds it again and fails if the result differs from the committed file.
set -eu
cd "$(dirname "$0")/../packages/tokenizers/wasm"
clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib \
  -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=65536 \
  -o byte-bpe.wasm byte-bpe.c
sha256sum byte-bpe.c | cut -d' ' -f1 > byte-bpe.c.sha256
