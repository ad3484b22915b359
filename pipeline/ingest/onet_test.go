package ingest

import (
	"context"
	"slices"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

func TestIngestONETRealFiles(t *testing.T) {
	cases := []struct {
		name     string
		rel      string
		wantRows int
		wantList string
		find     map[string]string
		want     map[string]string
	}{
		{
			name: "Alternate Titles", rel: "bls/crosswalks/onet/Alternate Titles.xlsx",
			wantRows: 56495, wantList: onetListAlternate,
			find: map[string]string{"onet_code": "29-2011.00", "alternate_title": "MLS (Medical Laboratory Scientist)"},
			want: map[string]string{"occupation_title": "Medical and Clinical Laboratory Technologists", "short_title": "MLS",
				"sources": "02", "list": "alternate", "sheet": "Alternate Titles"},
		},
		{
			name: "Sample of Reported Titles", rel: "bls/crosswalks/onet/Sample of Reported Titles.xlsx",
			wantRows: 7513, wantList: onetListReported,
			find: map[string]string{"onet_code": "29-2011.00", "alternate_title": "Medical Technologist (MT)"},
			want: map[string]string{"occupation_title": "Medical and Clinical Laboratory Technologists", "short_title": "",
				"sources": "Y", "list": "reported", "sheet": "Sample of Reported Titles"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemorySink()
			res, err := IngestONET(context.Background(), Source{Name: "onet", Path: shareddata.Path(t, tc.rel), FileID: 11}, sink)
			if err != nil {
				t.Fatalf("IngestONET: %v", err)
			}
			checkResult(t, res, sink, onetTable, "onet", tc.wantRows, 0)
			wantCols := append([]string{"source_file_id", "sheet", "row_number"}, onetColumns...)
			if got := sink.Columns(onetTable); !slices.Equal(got, wantCols) {
				t.Errorf("columns %v, want %v", got, wantCols)
			}
			rows := sink.Rows(onetTable)
			for _, r := range rows {
				if r["list"] != tc.wantList {
					t.Fatalf("row %v: list %q, want %q", r, r["list"], tc.wantList)
				}
			}
			checkRow(t, rows, tc.find, tc.want)
		})
	}
}

var (
	onetAltHeader = []string{"O*NET-SOC Code", "Title", "Alternate Title", "Short Title", "Source(s)"}
	onetRepHeader = []string{"O*NET-SOC Code", "Title", "Reported Job Title", "Shown in My Next Move"}
)

func TestIngestONETFiles(t *testing.T) {
	cases := []fileCase{
		{
			name: "workbook with some other header", file: "Occupation Data.xlsx",
			write: writeWorkbook(xlsxSheet{"Occupation Data", xlsxRows(
				[]string{"O*NET-SOC Code", "Title", "Description"},
				[]string{"29-2011.00", "Medical and Clinical Laboratory Technologists", "Perform complex medical laboratory tests."})}),
			wantErr: ErrNoHeader, wantErrText: "Alternate Title",
		},
		{name: "missing file", file: "nope.xlsx", wantErrText: "nope.xlsx"},
		{name: "empty file", file: "empty.xlsx", write: writeText(""), wantErr: ErrEmptyFile},
		{
			name: "alternate titles: bad codes and empty titles rejected", file: "Alternate Titles.xlsx",
			write: writeWorkbook(xlsxSheet{"Alternate Titles", xlsxRows(onetAltHeader,
				[]string{"29-2011.00", "Medical and Clinical Laboratory Technologists", "Medical Technologist (MT)", "MT", "02,04,06,10"},
				[]string{"29-2011", "Medical and Clinical Laboratory Technologists", "Lab Tech", "", "02"},
				[]string{},
				[]string{"29-2012.00", "Medical and Clinical Laboratory Technicians", "", "", "02"},
				[]string{"29-2012.00", "Medical and Clinical Laboratory Technicians", "Laboratory Technician (Lab Tech)", "Lab Tech", "02,10"},
			)}),
			wantRelease: "onet", wantRows: 2,
			wantRejects: []map[string]string{
				{"row_number": "3", "column_name": "O*NET-SOC Code", "value": "29-2011", "reason": "code is not of the form NN-NNNN.NN"},
				{"row_number": "5", "column_name": "Alternate Title", "value": "", "reason": "title is empty"},
			},
			find: map[string]string{"onet_code": "29-2011.00"},
			want: map[string]string{"alternate_title": "Medical Technologist (MT)", "short_title": "MT", "sources": "02,04,06,10", "list": "alternate", "row_number": "2"},
		},
		{
			name: "reported titles as the database's tab-delimited text", file: "Sample of Reported Titles.txt",
			write: writeText("O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next Move\n" +
				"29-2011.00\tMedical and Clinical Laboratory Technologists\tMedical Technologist (MT)\tY\n" +
				"29-2012.00\tMedical and Clinical Laboratory Technicians\tMedical Laboratory Technician (MLT)\tY\n"),
			wantRelease: "onet", wantRows: 2,
			find: map[string]string{"onet_code": "29-2012.00"},
			want: map[string]string{"alternate_title": "Medical Laboratory Technician (MLT)", "sources": "Y", "list": "reported", "row_number": "3"},
		},
		{
			name: "configured release", file: "Alternate Titles.xlsx", release: "30.0",
			write:       writeWorkbook(xlsxSheet{"Alternate Titles", xlsxRows(onetAltHeader, []string{"29-2011.00", "Medical and Clinical Laboratory Technologists", "Medical Technologist (MT)", "MT", "02"})}),
			wantRelease: "onet-30.0", wantRows: 1,
		},
		{
			name: "malformed configured release", file: "Alternate Titles.xlsx", release: "May 2025",
			write:   writeWorkbook(xlsxSheet{"Alternate Titles", xlsxRows(onetAltHeader, []string{"29-2011.00", "Medical and Clinical Laboratory Technologists", "Medical Technologist (MT)", "MT", "02"})}),
			wantErr: ErrRelease, wantErrText: "30.0",
		},
		{
			name: "database zip: both lists loaded, other members skipped", file: "db_30_0_text.zip",
			write: writeZip(
				zipMember{"db_30_0_text/Occupation Data.txt", "O*NET-SOC Code\tTitle\tDescription\n29-2011.00\tMedical and Clinical Laboratory Technologists\tPerform tests.\n"},
				zipMember{"db_30_0_text/Alternate Titles.txt", "O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\tSource(s)\n29-2011.00\tMedical and Clinical Laboratory Technologists\tMLS (Medical Laboratory Scientist)\tMLS\t02\n"},
				zipMember{"db_30_0_text/Sample of Reported Titles.txt", "O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next Move\n29-2011.00\tMedical and Clinical Laboratory Technologists\tMedical Technologist (MT)\tY\n"},
			),
			wantRelease: "onet-30.0", wantRows: 2, wantNote: "Occupation Data.txt: skipped",
			find: map[string]string{"list": "reported"},
			want: map[string]string{"alternate_title": "Medical Technologist (MT)", "sheet": ""},
		},
		{
			name: "header but every row rejected", file: "Alternate Titles.xlsx",
			write:   writeWorkbook(xlsxSheet{"Alternate Titles", xlsxRows(onetAltHeader, []string{"29-2011", "Medical and Clinical Laboratory Technologists", "MT", "", "02"})}),
			wantErr: ErrNoData, wantErrText: "1 rejects",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, IngestONET, Source{Name: "onet", FileID: 5}, onetTable)
		})
	}
}

func TestCanonONET(t *testing.T) {
	cases := []struct{ in, want string }{
		{"O*NET-SOC Code", "onet_code"},
		{"ONET-SOC Code", "onet_code"},
		{"Title", "occupation_title"},
		{"Alternate Title", "alternate_title"},
		{"Short Title", "short_title"},
		{"Source(s)", "sources"},
		{"Reported Job Title", "reported_title"},
		{"Shown in My Next Move", "my_next_move"},
		{"Description", ""},
	}
	for _, tc := range cases {
		if got := onetHeaderPatterns.canon(tc.in); got != tc.want {
			t.Errorf("onetHeaderPatterns.canon(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
