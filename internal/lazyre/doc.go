// Package lazyre holds regular expressions compiled on first use rather
// than at program start. wagescope's parsers keep well over a hundred
// package-level patterns; compiled at start they cost every command, even
// `rates`, about 5 ms and a garbage collection before main runs.
package lazyre
