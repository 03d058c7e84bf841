/**
 * Files are read only through this host, so dsl/ stays free of node:fs. The CLI implements it over
 * node:fs (cli/source-host.ts), the language server over its open documents and the disk, tests over
 * memory. Only the loader's file reader (dsl/files.ts) calls it.
 */
export interface SourceHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
  /** The names (not paths) in a directory, in any order. */
  listDir(path: string): string[];
}
