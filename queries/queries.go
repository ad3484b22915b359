// Package queries embeds the project's SQL: schema DDL, staging models
// (stg_*), marts (dim_*, fct_*) and data checks, run in file-name order.
package queries

import "embed"

// FS holds schema/, staging/, marts/, checks/ and guards/ (run-over-run
// checks against the published snapshot).
//
//go:embed schema/*.sql staging/*.sql marts/*.sql checks/*.sql guards/*.sql
var FS embed.FS
