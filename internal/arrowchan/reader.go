package arrowchan

import (
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
)

// Reader is an array.RecordReader over the batches a channel delivers; it
// releases each batch when the next is read, and ends when the channel is
// closed. Next is called on DuckDB's threads, one at a time.
type Reader struct {
	schema  *arrow.Schema
	batches <-chan arrow.RecordBatch
	cur     arrow.RecordBatch
	ended   atomic.Bool // the channel was read to its close
}

// NewReader reads batches of schema from batches; it owns each batch it
// receives.
func NewReader(schema *arrow.Schema, batches <-chan arrow.RecordBatch) *Reader {
	return &Reader{schema: schema, batches: batches}
}

func (r *Reader) Retain()                        {}
func (r *Reader) Release()                       { r.releaseCurrent() }
func (r *Reader) Schema() *arrow.Schema          { return r.schema }
func (r *Reader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *Reader) Record() arrow.RecordBatch      { return r.cur }
func (r *Reader) Err() error                     { return nil }

// Next receives the next batch; false once the channel is closed.
func (r *Reader) Next() bool {
	r.releaseCurrent()
	rec, ok := <-r.batches
	r.cur = rec
	r.ended.Store(!ok)
	return ok
}

// Ended reports whether the reader was read to the channel's close: a
// statement that returns without an error before it stopped early.
func (r *Reader) Ended() bool { return r.ended.Load() }

// Drain releases the current batch and every batch still sent, until the
// channel is closed: what a statement that stopped reading left behind.
func (r *Reader) Drain() {
	r.releaseCurrent()
	for rec := range r.batches {
		rec.Release()
	}
}

func (r *Reader) releaseCurrent() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}
