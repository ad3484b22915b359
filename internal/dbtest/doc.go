// Package dbtest holds helpers for tests that prepare a DuckDB database
// file through pipeline/store, as a user editing it by hand or an earlier
// run would leave it.
package dbtest
