// Package arrowchan streams Arrow batches from Go into one statement: a
// Reader is an Arrow record reader fed by a channel, and a Stream runs the
// statement that scans it (an INSERT over an Arrow view, which DuckDB reads
// on its own threads) on a goroutine while the caller sends batches. Both
// the posted cells' Go step and the ingest of a posting file load this way.
package arrowchan
