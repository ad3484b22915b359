// Command wagescope is the salary and labor-market analytics batch: it
// ingests BLS wage and outlook files into DuckDB, publishes marts and chart
// reports, and answers rates, citations and fact checks from them.
package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var mu sync.Mutex
	var received os.Signal
	go func() {
		s := <-signals
		mu.Lock()
		received = s
		mu.Unlock()
		signal.Stop(signals) // a second signal ends the process at once
		cancel()
	}()
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	mu.Lock()
	if s, ok := received.(syscall.Signal); ok && code != exitOK {
		code = exitSignalBase + int(s) // 130 for SIGINT, 143 for SIGTERM
	}
	mu.Unlock()
	cancel()
	os.Exit(code)
}
