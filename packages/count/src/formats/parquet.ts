import { open, type FileHandle } from "node:fs/promises";
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { DEFAULT_FIELDS } from "./jsonl.js";
import type { DocumentPart } from "./lines.js";
import { RecordError, recordProblem, type OnError, type ReadState } from "./record-error.js";

/** Random access to a local file, which Parquet needs: its index is at the end. */
async function fileAsyncBuffer(handle: FileHandle): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = end ?? size;
      const buffer = Buffer.alloc(stop - start);
      let read = 0;
      while (read < buffer.length) {
        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, start + read);
        if (bytesRead === 0)
          throw new RecordError(`Parquet file ended at byte ${start + read} of ${size} (truncated?)`);
        read += bytesRead;
      }
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) as ArrayBuffer;
    },
  };
}

/**
 * One document per row: the string column `field` (default "text", else "content"), read one
 * row group at a time so memory follows the row group, not the file.
 */
export async function* parquetDocuments(
  path: string,
  field: string | undefined,
  onError: OnError,
  state: ReadState,
): AsyncIterable<DocumentPart> {
  const handle = await open(path, "r");
  try {
    const file = await fileAsyncBuffer(handle);
    let metadata;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (error) {
      throw new RecordError(`not a readable Parquet file (${(error as Error).message})`);
    }
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    const column = field ?? DEFAULT_FIELDS.find((name) => columns.includes(name));
    if (!column || !columns.includes(column)) {
      throw new RecordError(
        `${field ? `no column "${field}"` : 'no column "text" or "content"'} (columns: ${columns.join(", ")}); choose one with --field`,
      );
    }
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file, metadata, columns: [column], rowStart, rowEnd, compressors });
      for (let i = 0; i < rows.length; i++) {
        const value = (rows[i] as Record<string, unknown>)[column];
        if (typeof value === "string") yield { text: value, end: true };
        else
          recordProblem(
            state,
            onError,
            new RecordError(
              `row ${rowStart + i + 1}: column "${column}" is ${value === null || value === undefined ? "null" : typeof value}, expected a string`,
            ),
          );
      }
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
