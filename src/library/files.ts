/** A generated library in memory: library-relative path → file content, sorted by path. */
export type LibraryFiles = ReadonlyMap<string, string>;
