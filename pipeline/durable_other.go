//go:build !linux

package pipeline

// syncFilesystem is a no-op where there is no syncfs(2): the database file
// is synced by DuckDB's checkpoint, the records by atomicfile.
func syncFilesystem(string) error { return nil }
