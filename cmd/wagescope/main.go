// Command wagescope is the salary and labor-market analytics batch: it
// ingests BLS wage and outlook files into DuckDB, publishes marts and chart
// reports, and answers rates, citations and fact checks from them.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
