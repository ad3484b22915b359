package ingest

import (
	"context"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

func TestIngestSOCRealFiles(t *testing.T) {
	type rowWant struct {
		find map[string]string
		want map[string]string
	}
	cases := []struct {
		name        string
		rel         string
		wantRelease string
		wantRows    int
		wantLevels  map[string]int // soc_level → count
		rows        []rowWant
	}{
		{
			name: "SOC 2018 structure", rel: "bls/crosswalks/soc/soc_structure_2018.xlsx",
			wantRelease: "2018", wantRows: 1447,
			wantLevels: map[string]int{"major": 23, "minor": 98, "broad": 459, "detailed": 867},
			rows: []rowWant{
				{map[string]string{"soc_code": "29-2010"}, map[string]string{"classification": "soc2018", "soc_level": "broad",
					"soc_title": "Clinical Laboratory Technologists and Technicians", "definition": "", "sheet": "2018 Structure", "row_number": "588"}},
				{map[string]string{"soc_code": "29-2011"}, map[string]string{"soc_level": "detailed", "soc_title": "Medical and Clinical Laboratory Technologists"}},
				{map[string]string{"soc_code": "29-2012"}, map[string]string{"soc_level": "detailed", "soc_title": "Medical and Clinical Laboratory Technicians"}},
				{map[string]string{"soc_code": "29-0000"}, map[string]string{"soc_level": "major", "soc_title": "Healthcare Practitioners and Technical Occupations"}},
				{map[string]string{"soc_code": "29-2000"}, map[string]string{"soc_level": "minor"}},
			},
		},
		{
			name: "SOC 2018 definitions", rel: "bls/crosswalks/soc/soc_2018_definitions.xlsx",
			wantRelease: "2018", wantRows: 1447,
			wantLevels: map[string]int{"major": 23, "minor": 98, "broad": 459, "detailed": 867},
			rows: []rowWant{
				{map[string]string{"soc_code": "29-2011"}, map[string]string{"classification": "soc2018", "soc_level": "detailed",
					"soc_title":  "Medical and Clinical Laboratory Technologists",
					"definition": "Perform complex medical laboratory tests for diagnosis, treatment, and prevention of disease. May train or supervise staff."}},
				{map[string]string{"soc_code": "29-2010"}, map[string]string{"soc_level": "broad", "definition": ""}},
			},
		},
		{
			name: "OEWS May 2023 occupation definitions", rel: "bls/crosswalks/soc/occupation_definitions_m2023.xlsx",
			wantRelease: "2023-05", wantRows: 832,
			wantLevels: map[string]int{"": 832},
			rows: []rowWant{
				{map[string]string{"soc_code": "29-2010"}, map[string]string{"classification": "oews", "soc_level": "",
					"soc_title": "Clinical Laboratory Technologists and Technicians", "sheet": "defs_m2023", "row_number": "352"}},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemorySink()
			res, err := IngestSOC(context.Background(), Source{Name: "soc", Path: shareddata.Path(t, tc.rel), FileID: 9}, sink)
			if err != nil {
				t.Fatalf("IngestSOC: %v", err)
			}
			checkResult(t, res, sink, socTable, tc.wantRelease, tc.wantRows, 0)
			rows := sink.Rows(socTable)
			levels := map[string]int{}
			for _, r := range rows {
				levels[r["soc_level"]]++
			}
			for level, n := range tc.wantLevels {
				if levels[level] != n {
					t.Errorf("%d rows at level %q, want %d (all: %v)", levels[level], level, n, levels)
				}
			}
			for _, rw := range tc.rows {
				checkRow(t, rows, rw.find, rw.want)
			}
		})
	}
}

var (
	socStructureHeader  = []string{"Major Group", "Minor Group", "Broad Group", "Detailed Occupation"}
	socDefinitionHeader = []string{"SOC Group", "SOC Code", "SOC Title", "SOC Definition"}
	socOEWSHeader       = []string{"May 2023 OEWS Estimates Code", "May 2023 OEWS Estimates Title", "May 2023 OEWS Estimates Definition"}
	socTitleLines       = [][]string{{"U.S. Bureau of Labor Statistics"}, {}, {"November 2017 (for reference year January 2018)"}, {}}
)

func TestIngestSOCFiles(t *testing.T) {
	cases := []fileCase{
		{
			name: "workbook with no recognizable header", file: "crosswalk.xlsx",
			write: writeWorkbook(xlsxSheet{"Sorted by 2010", xlsxRows(
				[]string{"2010 SOC Code", "2010 SOC Title", "2018 SOC Code", "2018 SOC Title"},
				[]string{"29-2011", "Medical and Clinical Laboratory Technologists", "29-2011", "Medical and Clinical Laboratory Technologists"})}),
			wantErr: ErrNoHeader, wantErrText: "crosswalk.xlsx",
		},
		{name: "missing file", file: "nope.xlsx", wantErr: nil, wantErrText: "nope.xlsx"},
		{name: "empty file", file: "empty.xlsx", write: writeText(""), wantErr: ErrEmptyFile},
		{name: "not a workbook", file: "text.xlsx", write: writeText("hello"), wantErr: ErrNotWorkbook},
		{
			name: "structure: level from the column, title after the level columns", file: "structure.xlsx",
			write: writeWorkbook(xlsxSheet{"2018 Structure", append(append(socTitleLines[:4:4], socStructureHeader),
				[]string{"29-0000", "", "", "", "Healthcare Practitioners and Technical Occupations"},
				[]string{"", "29-2000", "", "", "Health Technologists and Technicians"},
				[]string{"", "", "29-2010", "", "Clinical Laboratory Technologists and Technicians"},
				[]string{"", "", "", "29-2011", "Medical and Clinical Laboratory Technologists"},
				[]string{"", "", "", "29-201", "Broken"},
				[]string{"", "", "29-2010", "", "Again"},
				[]string{"", "", "29-2090", "29-2091", "Two codes"},
				[]string{"Source: BLS"},
			)}),
			wantRelease: "2018", wantRows: 4,
			wantRejects: []map[string]string{
				{"row_number": "10", "column_name": "Detailed Occupation", "value": "29-201", "reason": "code is not of the form NN-NNNN"},
				{"row_number": "11", "column_name": "Broad Group", "value": "29-2010", "reason": "duplicate of row 8"},
				{"row_number": "12", "column_name": "Broad Group", "value": "29-2090", "reason": "codes in more than one level column"},
			},
			find: map[string]string{"soc_code": "29-2011"},
			want: map[string]string{"soc_level": "detailed", "soc_title": "Medical and Clinical Laboratory Technologists", "row_number": "9"},
		},
		{
			name: "definitions: level from SOC Group", file: "defs.xlsx",
			write: writeWorkbook(xlsxSheet{"2018 SOC", append(append(socTitleLines[:4:4], socDefinitionHeader),
				[]string{"Broad", "29-2010", "Clinical Laboratory Technologists and Technicians"},
				[]string{"Detailed", "29-2011", "Medical and Clinical Laboratory Technologists", "Perform complex medical laboratory tests."},
				[]string{"Occupation", "29-2012", "Medical and Clinical Laboratory Technicians", "Perform routine tests."},
				[]string{"Detailed", "292012", "Medical and Clinical Laboratory Technicians", "Perform routine tests."},
			)}),
			wantRelease: "2018", wantRows: 2,
			wantRejects: []map[string]string{
				{"row_number": "8", "column_name": "SOC Group", "value": "Occupation", "reason": "SOC Group is not Major, Minor, Broad or Detailed"},
				{"row_number": "9", "column_name": "SOC Code", "value": "292012", "reason": "code is not of the form NN-NNNN"},
			},
			find: map[string]string{"soc_code": "29-2011"},
			want: map[string]string{"classification": "soc2018", "soc_level": "detailed", "definition": "Perform complex medical laboratory tests."},
		},
		{
			name: "OEWS list: release from the header", file: "defs_m2023.xlsx",
			write: writeWorkbook(xlsxSheet{"defs_m2023", xlsxRows(socOEWSHeader,
				[]string{"29-2010", "Clinical Laboratory Technologists and Technicians", "This occupation includes the 2018 SOC occupations 29-2011 and 29-2012."})}),
			wantRelease: "2023-05", wantRows: 1,
			find: map[string]string{"soc_code": "29-2010"},
			want: map[string]string{"classification": "oews", "soc_level": "", "soc_title": "Clinical Laboratory Technologists and Technicians"},
		},
		{
			name: "OEWS list without a month in the header", file: "defs.xlsx",
			write: writeWorkbook(xlsxSheet{"defs", xlsxRows([]string{"OEWS Code", "OEWS Title", "OEWS Definition"},
				[]string{"29-2010", "Clinical Laboratory Technologists and Technicians", ""})}),
			wantErr: ErrRelease, wantErrText: "set release",
		},
		{
			name: "OEWS list without a month, configured release", file: "defs.xlsx", release: "2024-05",
			write: writeWorkbook(xlsxSheet{"defs", xlsxRows([]string{"OEWS Code", "OEWS Title", "OEWS Definition"},
				[]string{"29-2010", "Clinical Laboratory Technologists and Technicians", ""})}),
			wantRelease: "2024-05", wantRows: 1,
		},
		{
			name: "configured release that disagrees wins with a note", file: "defs_m2023.xlsx", release: "2024-05",
			write:       writeWorkbook(xlsxSheet{"defs_m2023", xlsxRows(socOEWSHeader, []string{"29-2010", "Clinical Laboratory Technologists and Technicians", ""})}),
			wantRelease: "2024-05", wantRows: 1, wantNote: "configured release 2024-05 overrides 2023-05",
		},
		{
			name: "malformed configured release", file: "defs_m2023.xlsx", release: "May 2023",
			write:   writeWorkbook(xlsxSheet{"defs_m2023", xlsxRows(socOEWSHeader, []string{"29-2010", "Clinical Laboratory Technologists and Technicians", ""})}),
			wantErr: ErrRelease, wantErrText: "YYYY-MM",
		},
		{
			name: "header but every row rejected", file: "defs_m2023.xlsx",
			write:   writeWorkbook(xlsxSheet{"defs_m2023", xlsxRows(socOEWSHeader, []string{"29.2010", "Clinical Laboratory Technologists and Technicians", ""})}),
			wantErr: ErrNoData, wantErrText: "1 rejects",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, IngestSOC, Source{Name: "soc", FileID: 4}, socTable)
		})
	}
}

func TestCanonSOC(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Major Group", "major_group"},
		{"Detailed Occupation", "detailed_occupation"},
		{"SOC Group", "soc_group"},
		{"SOC Code", "soc_code"},
		{"2018 SOC Code", "soc_code"},
		{"May 2023 OEWS Estimates Code", "oews_code"},
		{"May 2019 OES Estimates Title", "oews_title"},
		{"May 2023 OEWS Estimates Definition", "oews_definition"},
		{"2010 SOC Title", "soc_title"},
		{"Occupation", ""},
	}
	for _, tc := range cases {
		if got := socHeaderPatterns.canon(tc.in); got != tc.want {
			t.Errorf("socHeaderPatterns.canon(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
