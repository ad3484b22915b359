package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressBar draws one line per long stage on a terminal: a bar, a count
// and the stage name, redrawn at most ten times a second. It is only made
// for a terminal (never in cron mail or JSON logs).
type progressBar struct {
	w     io.Writer
	mu    sync.Mutex
	last  time.Time
	stage string
}

// newProgressBar returns nil unless w is a terminal.
func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progressBar{w: w}
}

// update shows stage at done of total; the line ends when done == total.
func (p *progressBar) update(stage string, done, total int) {
	if p == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if stage == p.stage && done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	if stage != p.stage && p.stage != "" {
		fmt.Fprintln(p.w)
	}
	p.stage, p.last = stage, now
	const width = 30
	filled := width * done / total
	fmt.Fprintf(p.w, "\r%-8s [%s%s] %d/%d", stage, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
	if done >= total {
		fmt.Fprintln(p.w)
		p.stage = ""
	}
}
