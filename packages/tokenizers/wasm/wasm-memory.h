// What every module here starts with: the integer types, EXPORT, and a bump allocator over the
// module's growable memory (nothing is freed; memory the module grows into is zero).
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t i32;
typedef uint64_t u64;

#define EXPORT(name) __attribute__((export_name(#name)))

extern unsigned char __heap_base;
static u32 heap_top;

/** `size` bytes, 16-byte aligned, or 0 when memory cannot grow. */
EXPORT(alloc) void *alloc(u32 size) {
  if (heap_top == 0) heap_top = (u32)&__heap_base;
  u32 at = (heap_top + 15u) & ~15u;
  u32 end = at + size;
  u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535u) / 65536u) == (__SIZE_TYPE__)-1) return 0;
  heap_top = end;
  return (void *)at;
}
