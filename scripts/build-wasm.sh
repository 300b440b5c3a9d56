#!/bin/sh
# Builds packages/tokenizers/wasm/*.wasm (byte-bpe, unigram-viterbi) from their .c files with
# Debian 12's clang 14 and lld (apt-get install clang lld). The .wasm files are committed, so that
# installing census needs no compiler; NAME.c.sha256 records the source each was built from (NAME.c,
# then the wasm-memory.h they share; test/wasm-build.test.ts checks it), and .ci/run builds them
# again and fails if the result differs from the committed files.
set -eu
cd "$(dirname "$0")/../packages/tokenizers/wasm"
for name in byte-bpe unigram-viterbi; do
  clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib \
    -Wall -Wextra -Werror \
    -Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=65536 \
    -o "$name.wasm" "$name.c"
  cat "$name.c" wasm-memory.h | sha256sum | cut -d' ' -f1 > "$name.c.sha256"
done
