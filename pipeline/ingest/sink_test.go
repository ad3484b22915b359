package ingest

import (
	"context"
	"strings"
	"testing"
)

func TestRejectsSummary(t *testing.T) {
	type reject struct {
		sheet         string
		row           int
		column, value string
		reason        string
	}
	tests := []struct {
		name    string
		rejects []reject
		want    string
	}{
		{name: "none", want: ""},
		{
			name:    "one reason, text file",
			rejects: []reject{{"", 2, "Job Title", "", "empty title"}, {"", 5, "Job Title", "", "empty title"}},
			want:    `2 × empty title (first: line 2, column "Job Title", value "")`,
		},
		{
			name: "most frequent first, ties in the order first seen, sheet rows",
			rejects: []reject{
				{"Table 1.2", 7, "Code", "2920-10", "bad code"},
				{"Table 1.2", 8, "", "a;b", "ragged"},
				{"Table 1.2", 9, "Wage", "n/a", "not a number"},
				{"Table 1.2", 10, "Wage", "—", "not a number"},
			},
			want: `2 × not a number (first: sheet "Table 1.2", row 9, column "Wage", value "n/a"); ` +
				`1 × bad code (first: sheet "Table 1.2", row 7, column "Code", value "2920-10"); ` +
				`1 × ragged (first: sheet "Table 1.2", row 8, value "a;b")`,
		},
		{
			name: "past three reasons only counted; long values cut",
			rejects: []reject{
				{"", 2, "", strings.Repeat("é", 40), "a"}, {"", 3, "", "x", "b"}, {"", 4, "", "x", "c"},
				{"", 5, "", "x", "d"}, {"", 6, "", "x", "e"}, {"", 7, "", "x", "e"},
			},
			want: `2 × e (first: line 6, value "x"); 1 × a (first: line 2, value "` + strings.Repeat("é", 30) + `…"); ` +
				`1 × b (first: line 3, value "x"); 2 more for 2 other reasons`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemorySink()
			rej := NewRejects(sink, 9)
			for _, r := range tt.rejects {
				if err := rej.Add(context.Background(), r.sheet, r.row, r.column, r.value, r.reason); err != nil {
					t.Fatal(err)
				}
			}
			if err := rej.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := rej.Summary(); got != tt.want {
				t.Errorf("Summary() =\n%s\nwant\n%s", got, tt.want)
			}
			for _, row := range sink.Rows("rejects") {
				if row["stage"] != "ingest" || row["source_file_id"] != "9" {
					t.Errorf("reject row %v: want stage ingest, source_file_id 9", row)
				}
			}
			if got := sink.Count("rejects"); got != len(tt.rejects) {
				t.Errorf("%d reject rows, want %d", got, len(tt.rejects))
			}
		})
	}
}
