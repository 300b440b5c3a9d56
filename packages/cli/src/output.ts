import { terminalText } from "./terminal-text.js";

/** Where a command writes; tests pass their own to capture it. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: Output = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

/**
 * `out` with every control character of what is printed shown as a visible \uXXXX escape: file
 * and catalog names reach the terminal as text, never as colour, cursor, title or hyperlink
 * sequences. Tabs and newlines pass; JSON keeps parsing to the same strings.
 */
export function terminalSafe(out: Output): Output {
  return { stdout: (text) => out.stdout(terminalText(text)), stderr: (text) => out.stderr(terminalText(text)) };
}
