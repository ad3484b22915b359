// Package normalize holds the pure functions that turn free text into the
// project's dimensions: job titles into SOC codes (titles.go) and, later,
// pay strings, places, experience and employer types. It performs no I/O and
// imports nothing of the project's; callers hand it reference lists.
package normalize
