package ingest

import (
	"testing"
)

func TestIngestPostings(t *testing.T) {
	m := &PostingMapping{Columns: map[string]string{"title": "Job Title", "pay_text": "Salary", "location": "Location"},
		Constants: map[string]string{"currency": "USD"}, EmptyValues: map[string][]string{"*": {"-1"}}}
	header := "Job Title,Salary,Location\r\n"
	tests := []fileCase{
		{name: "BOM, CRLF, quoted multi-line field and a constant", file: "a.csv",
			write:    writeText("\ufeff" + header + "\"Medical Technologist\nNights\",\"$25 - $30 Per Hour\",\"Boston, MA\"\r\nLab Tech,-1,Remote\r\n"),
			wantRows: 2, find: map[string]string{"row_number": "2"},
			want: map[string]string{"title": "Medical Technologist\nNights", "pay_text": "$25 - $30 Per Hour", "location": "Boston, MA", "currency": "USD"}},
		{name: "empty values become NULL", file: "b.csv", write: writeText(header + "Lab Tech,-1,Remote\n"),
			wantRows: 1, find: map[string]string{"title": "Lab Tech"}, want: map[string]string{"pay_text": "", "location": "Remote"}},
		{name: "semicolon delimiter sniffed", file: "c.csv", write: writeText("Job Title;Salary;Location\nMLT;$40K;Austin, TX\n"),
			wantRows: 1, find: map[string]string{"title": "MLT"}, want: map[string]string{"pay_text": "$40K", "location": "Austin, TX"}},
		{name: "ragged row and empty title are rejected, the rest goes on", file: "d.csv",
			write:    writeText(header + "MLS,$70K,\"Reno, NV\"\nonly,two\n,$50K,Ohio\nCLS,$90K,\"San Diego, CA\"\n"),
			wantRows: 2,
			wantRejects: []map[string]string{
				{"row_number": "3", "reason": "ragged row: 2 fields where the header has 3", "value": "only,two"},
				{"row_number": "4", "column_name": "Job Title", "reason": "empty title"},
			},
			find: map[string]string{"title": "CLS"}, want: map[string]string{"row_number": "5"}},
		{name: "Windows-1252 bytes decoded", file: "e.csv", write: writeText(header + "Caf\xe9 Manager,\xa330k pa,London\n"),
			wantRows: 1, wantNote: "1 records were not valid UTF-8 and were decoded as Windows-1252", // two cells, one record
			find: map[string]string{"row_number": "2"}, want: map[string]string{"title": "Café Manager", "pay_text": "£30k pa"}},
		// found by FuzzIngestPostings: the ragged row's bytes went to the
		// rejects as read, and DuckDB refused the load of the whole source
		{name: "a ragged row of a Windows-1252 file is rejected as text", file: "e2.csv",
			write:    writeText(header + "Caf\xe9 Manager,\xa330k pa,London,extra\nMLT,$40K,Utah\n"),
			wantRows: 1, wantNote: "1 records were not valid UTF-8 and were decoded as Windows-1252",
			wantRejects: []map[string]string{{"row_number": "2", "value": "Café Manager,£30k pa,London,extra", "reason": "ragged row: 4 fields where the header has 3"}}},
		{name: "JSON array", file: "f.json",
			write:    writeText(`[{"Job Title": "Phlebotomist", "Salary": 38000, "Location": null}, {"Job Title": "RN", "Salary": "$40/hr", "Location": "Ohio"}]`),
			wantRows: 2, find: map[string]string{"title": "Phlebotomist"}, want: map[string]string{"pay_text": "38000", "location": "", "row_number": "1"}},
		{name: "JSON Lines", file: "g.jsonl",
			write:    writeText("{\"Job Title\": \"MLT\", \"Salary\": \"$20/hr\", \"Location\": \"Utah\"}\n{\"Job Title\": \"MLS\", \"Salary\": \"$35/hr\", \"Location\": \"Iowa\"}\n"),
			wantRows: 2, find: map[string]string{"title": "MLS"}, want: map[string]string{"row_number": "2", "location": "Iowa"}},
		{name: "mapping names a missing column", file: "h.csv", write: writeText("Title,Pay,Where\nMLT,$1,Here\n"),
			wantErr: ErrMapping, wantErrText: `columns.title names "Job Title", which is not in the header (found: "Title", "Pay", "Where")`},
		{name: "empty file", file: "i.csv", write: writeText(""), wantErr: ErrEmptyFile, wantErrText: "i.csv"},
		{name: "every row rejected: the error counts each reason and shows its first example", file: "j.csv",
			write: writeText(header + ",$1,x\nonly,two\n,$2,y\n"), wantErr: ErrNoData,
			wantErrText: `j.csv: no data rows: all 3 records were rejected: ` +
				`2 × empty title (first: line 2, column "Job Title", value ""); ` +
				`1 × ragged row: 2 fields where the header has 3 (first: line 3, value "only,two")`},
		{name: "header only", file: "k.csv", write: writeText(header), wantErr: ErrNoData,
			wantErrText: "k.csv: no data rows: the file has a header but no data rows"},
		{name: "rejects are the ingest stage's", file: "l.csv", write: writeText(header + "MLT,$40K,Utah\n,$50K,Ohio\n"),
			wantRows:    1,
			wantRejects: []map[string]string{{"row_number": "3", "column_name": "Job Title", "value": "", "reason": "empty title", "stage": "ingest"}}},
		{name: "missing file", file: "absent.csv", wantErrText: "absent.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, IngestPostings, Source{Name: "t", FileID: 3, Postings: m}, postingsTable)
		})
	}
}

func TestPostingMappingValidate(t *testing.T) {
	tests := []struct {
		name string
		m    PostingMapping
		want string
	}{
		{"unknown field", PostingMapping{Columns: map[string]string{"salary": "x"}}, "unknown posting field(s) salary"},
		{"nothing mapped", PostingMapping{}, "no columns mapped"},
		{"bad format", PostingMapping{Columns: map[string]string{"title": "t"}, Format: "xls"}, `format "xls"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.m.Validate(), ErrMapping, tt.want)
		})
	}
	if err := (PostingMapping{Columns: map[string]string{"title": "t"}}).Validate(); err != nil {
		t.Fatal(err)
	}
}
