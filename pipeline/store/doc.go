// Package store is the only package that opens DuckDB. It owns the schema,
// loads Arrow batches from the ingesters, runs the embedded SQL of queries/,
// and answers the read models (views.go) that commands and reports use.
package store
