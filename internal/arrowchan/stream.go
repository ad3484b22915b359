package arrowchan

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
)

// ErrStoppedEarly is a statement that returned without an error before it
// read its stream to the end: the batches it left would be lost silently.
var ErrStoppedEarly = errors.New("the statement stopped before the stream's end")

// errStopped is Send's answer once the statement has returned; Finish says why.
var errStopped = errors.New("the statement stopped reading")

// Stream runs a statement on a goroutine of its own over a Reader that Send
// feeds, so the batches are produced while the statement reads them.
type Stream struct {
	batches chan arrow.RecordBatch
	stopped chan struct{} // closed when the statement has returned
	done    chan error    // its error, once
}

// Start runs read over a Reader of schema; depth batches may wait for it.
// name says what the statement does, in its errors ("load raw_postings").
func Start(name string, schema *arrow.Schema, depth int, read func(*Reader) error) *Stream {
	s := &Stream{batches: make(chan arrow.RecordBatch, depth), stopped: make(chan struct{}), done: make(chan error, 1)}
	rdr := NewReader(schema, s.batches)
	go func() {
		err := read(rdr)
		if err == nil && !rdr.Ended() {
			err = fmt.Errorf("%s: %w", name, ErrStoppedEarly)
		}
		close(s.stopped)
		rdr.Drain() // what was sent after the statement stopped, until Finish
		s.done <- err
	}()
	return s
}

// Send hands rec to the statement, which owns it from here. Once the
// statement has returned, or ctx is done, it releases rec and returns an
// error; Finish then gives the statement's own.
func (s *Stream) Send(ctx context.Context, rec arrow.RecordBatch) error {
	select {
	case s.batches <- rec:
		return nil
	case <-s.stopped:
		rec.Release()
		return errStopped
	case <-ctx.Done():
		rec.Release()
		return ctx.Err()
	}
}

// Finish ends the stream, waits for the statement and returns its error.
// It must be called once, after the last Send.
func (s *Stream) Finish() error {
	close(s.batches)
	return <-s.done
}
