package main

import (
	"errors"
	"testing"
)

func TestParseRelease(t *testing.T) {
	tests := []struct {
		arg, want string
		usage     bool
	}{
		{arg: "", want: ""},
		{arg: "2023-05", want: "2023-05"},
		{arg: "May 2022", want: "2022-05"},
		{arg: "may 2022", want: "2022-05"},
		{arg: "Nov. 2004", want: "2004-11"},
		{arg: "November, 2004", want: "2004-11"},
		{arg: " 2021 ", want: "2021"},
		{arg: "2022-13", usage: true},
		{arg: "2022-5", usage: true},
		{arg: "Ma 2022", usage: true},
		{arg: "last year", usage: true},
	}
	for _, tt := range tests {
		got, err := parseRelease(tt.arg)
		var ee *exitError
		switch {
		case tt.usage && !(errors.As(err, &ee) && ee.code == exitUsage):
			t.Errorf("parseRelease(%q) = %q, %v; want a usage error", tt.arg, got, err)
		case !tt.usage && (err != nil || got != tt.want):
			t.Errorf("parseRelease(%q) = %q, %v; want %q", tt.arg, got, err, tt.want)
		}
	}
}

func TestParseCycle(t *testing.T) {
	tests := []struct {
		arg, want string
		usage     bool
	}{
		{arg: "", want: ""},
		{arg: "2022-32", want: "2022-2032"},
		{arg: "2022-2032", want: "2022-2032"},
		{arg: "2019-29", want: "2019-2029"},
		{arg: "2022-05", usage: true}, // an OEWS release, not a cycle
		{arg: "2022", usage: true},
		{arg: "2022-2031", usage: true},
	}
	for _, tt := range tests {
		got, err := parseCycle(tt.arg)
		var ee *exitError
		switch {
		case tt.usage && !(errors.As(err, &ee) && ee.code == exitUsage):
			t.Errorf("parseCycle(%q) = %q, %v; want a usage error", tt.arg, got, err)
		case !tt.usage && (err != nil || got != tt.want):
			t.Errorf("parseCycle(%q) = %q, %v; want %q", tt.arg, got, err, tt.want)
		}
	}
}
