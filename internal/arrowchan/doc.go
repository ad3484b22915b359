// Package arrowchan is an Arrow record reader fed by a Go channel: a
// goroutine computes or reads batches and sends them, while a DuckDB
// statement that scans the reader (an INSERT over an Arrow view) pulls them
// on its own threads. Both the posted cells' Go step and the ingest of a
// posting file stream their batches this way.
package arrowchan
