// Package store is the only package that opens DuckDB. It owns the schema,
// loads Arrow batches from the ingesters, runs the embedded SQL of queries/
// and the Go steps it calls (steps.go), and answers the read models
// (views.go) that commands and reports use. With Options.Profile it runs
// that SQL one statement at a time and hands on DuckDB's profile of each
// (profile.go).
package store
