// Package ingest reads source files exactly as their publishers ship them
// (BLS workbooks, CSV exports, zip archives, LABSTAT flat files) and hands
// their rows, as strings with lineage, to a Sink in Arrow batches. It knows
// file layouts and header names; it never opens the database and never
// interprets a value beyond what is needed to find a header or a release.
package ingest
