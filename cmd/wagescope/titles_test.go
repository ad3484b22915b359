package main

import (
	"slices"
	"strings"
	"testing"
)

func TestReadLines(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		lines   []string
		numbers []int
	}{
		{"empty", "", nil, nil},
		{"blank lines skipped, numbers kept", "\nMLT\n  \n Phlebotomist \n", []string{"MLT", "Phlebotomist"}, []int{2, 4}},
		{"no final newline", "a\r\nb", []string{"a", "b"}, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, numbers, err := readLines(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(lines, tt.lines) || !slices.Equal(numbers, tt.numbers) {
				t.Errorf("got %q at %v, want %q at %v", lines, numbers, tt.lines, tt.numbers)
			}
		})
	}
}

func TestReadLinesNamesTheLineTooLong(t *testing.T) {
	_, _, err := readLines(strings.NewReader("MLT\n" + strings.Repeat("x", 2<<20) + "\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("got %v, want an error naming line 2", err)
	}
}
