// Command wagescope is the salary and labor-market analytics batch: it
// ingests BLS wage and outlook files into DuckDB, publishes marts and chart
// reports, and answers rates, citations and fact checks from them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
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
		// the cause names the signal: runs records an interrupted run with it
		cancel(fmt.Errorf("%s received", signalName(s)))
	}()
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, true)
	mu.Lock()
	if s, ok := received.(syscall.Signal); ok && code != exitOK {
		code = exitSignalBase + int(s) // 130 for SIGINT, 143 for SIGTERM
	}
	mu.Unlock()
	cancel(nil)
	os.Exit(code)
}

// signalName is the name a cron mail or systemd log uses for s.
func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}
