package store

import (
	"errors"
	"reflect"
	"testing"
)

func TestForEachRun(t *testing.T) {
	tests := []struct {
		name string
		keys []int64
		want [][2]int
	}{
		{"none", nil, nil},
		{"one", []int64{7}, [][2]int{{0, 1}}},
		{"runs", []int64{3, 3, 5, 9, 9, 9}, [][2]int{{0, 2}, {2, 3}, {3, 6}}},
		{"a key again later is a run of its own", []int64{1, 2, 1}, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][2]int
			err := forEachRun(tt.keys, func(from, to int) error { got = append(got, [2]int{from, to}); return nil })
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("runs %v, err %v; want %v", got, err, tt.want)
			}
		})
	}
	stop := errors.New("stop")
	calls := 0
	if err := forEachRun([]int64{1, 2}, func(int, int) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("err %v after %d calls, want stop after 1", err, calls)
	}
}
