// Package pipeline owns the batch: the configuration, the explicit list of
// stages (ingest, staging, marts, checks, report) and Run, which builds a new
// database and site beside the published ones and swaps them in only when
// every stage and data check has passed.
package pipeline
