// Package buildid reads the Go build ID of the running executable: it
// changes whenever the code or the build flags do, so it can key data a
// build derived and a later run of the same binary may reuse.
package buildid
