package ingest

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

// Published 29-2010 figures (shared/data/bls/PROVENANCE.md and the
// projections PROVENANCE files), as the files print them.
var projRealCases = []struct {
	name        string
	rel         string
	release     string // configured override
	wantRelease string
	wantRows    int
	wantSheet   string
	wantAltRows int               // rows in raw_projections__alternate_titles
	want        map[string]string // the 29-2010 row
	wantAlts    map[string][]string
	wantNote    string
}{
	{
		name: "2022-32 EP data-tool CSV", rel: "bls/projections/2022-32/Employment Projections.csv",
		wantRelease: "2022-2032", wantRows: 832, wantAltRows: 5820,
		want: map[string]string{
			"occupation_title": "Clinical laboratory technologists and technicians",
			"employment_base":  "342.9", "employment_projected": "359.7", "change_numeric": "16.8",
			"change_percent": "4.9", "openings_annual": "24.0", "median_wage": "60,780",
			"wage_year": "2023", "education": "Bachelor's degree", "work_experience": "None", "training": "None",
			"base_year": "2022", "projected_year": "2032", "occupation_type": "",
			"sheet": "", "row_number": "125", "source_file_id": "3",
		},
		wantAlts: map[string][]string{"13-2011": {"CPA", "Tax Accountant", "Account Auditor", "Certified Public Accountant"}},
	},
	{
		name: "2021-31 EP data-tool CSV", rel: "bls/projections/2021-31/Employment Projections.csv",
		wantRelease: "2021-2031", wantRows: 832, wantAltRows: 5266,
		want: map[string]string{
			"employment_base": "329.2", "employment_projected": "351.0", "change_numeric": "21.8",
			"change_percent": "6.6", "openings_annual": "25.6", "median_wage": "57,800",
			"wage_year": "2021", "base_year": "2021", "projected_year": "2031",
		},
	},
	{
		name: "2019-29 occupation.xlsx picks Table 1.7 by its header", rel: "bls/projections/2019-29/occupation.xlsx",
		wantRelease: "2019-2029", wantRows: 1048, wantSheet: "Table 1.7",
		want: map[string]string{
			"occupation_title": "Clinical laboratory technologists and technicians", "occupation_type": "Line item",
			"employment_base": "337.8", "employment_projected": "362.5", "change_numeric": "24.7",
			"change_percent": "7.3", "openings_annual": "21.6", "median_wage": "$54,180",
			"wage_year": "2020", "education": "Bachelor's degree", "work_experience": "None", "training": "None",
			"base_year": "2019", "projected_year": "2029", "sheet": "Table 1.7", "row_number": "428",
		},
	},
	{
		name: "configured release that disagrees wins with a note", rel: "bls/projections/2022-32/Employment Projections.csv",
		release: "2023-2033", wantRelease: "2023-2033", wantRows: 832, wantAltRows: 5820,
		want:     map[string]string{"employment_base": "342.9", "base_year": "2022", "projected_year": "2032", "wage_year": "2023"},
		wantNote: "configured release 2023-2033 overrides cycle 2022-2032",
	},
}

func TestIngestProjectionsRealFiles(t *testing.T) {
	for _, tc := range projRealCases {
		t.Run(tc.name, func(t *testing.T) {
			path := shareddata.Path(t, tc.rel)
			sink := newMemorySink()
			res, err := IngestProjections(context.Background(), Source{Name: "ep", Path: path, FileID: 3, Release: tc.release}, sink)
			if err != nil {
				t.Fatalf("IngestProjections: %v", err)
			}
			checkResult(t, res, sink, projOccupationsTable, tc.wantRelease, tc.wantRows, 0)
			checkNote(t, res.Notes, tc.wantNote)
			rows := sink.Rows(projOccupationsTable)
			checkRow(t, rows, map[string]string{"occupation_code": "29-2010"}, tc.want)
			for _, r := range rows {
				if r["base_year"] == "" || r["projected_year"] == "" || (r["wage_year"] == "") != (tc.want["wage_year"] == "") {
					t.Fatalf("years missing on row %v", r)
				}
				if tc.wantSheet != "" && r["sheet"] != tc.wantSheet {
					t.Fatalf("row from sheet %q, want %q", r["sheet"], tc.wantSheet)
				}
			}
			alts := sink.Rows(projAltTitlesTable)
			if len(alts) != tc.wantAltRows {
				t.Errorf("%d alternate titles, want %d", len(alts), tc.wantAltRows)
			}
			for code, want := range tc.wantAlts {
				got := columnValues(filterRows(alts, map[string]string{"occupation_code": code}), "alternate_title")
				for _, w := range want {
					if !slices.Contains(got, w) {
						t.Errorf("alternate titles of %s = %q, want %q among them", code, got, w)
					}
				}
			}
		})
	}
}

// TestIngestProjectionsMarkers checks that BLS markers stay as printed.
func TestIngestProjectionsMarkers(t *testing.T) {
	cases := []struct {
		name string
		rel  string
		code string
		want map[string]string
	}{
		{"top-coded wage in the CSV", "bls/projections/2022-32/Employment Projections.csv", "29-1211",
			map[string]string{"median_wage": ">=239,200"}},
		{"unavailable wage in the CSV", "bls/projections/2022-32/Employment Projections.csv", "27-2011",
			map[string]string{"median_wage": "N/A", "occupation_title": "Actors"}},
		{"top-coded wage in the workbook", "bls/projections/2019-29/occupation.xlsx", "29-1022",
			map[string]string{"median_wage": ">=$208,000"}},
		{"dashes on a summary row of the workbook", "bls/projections/2019-29/occupation.xlsx", "00-0000",
			map[string]string{"occupation_type": "Summary", "employment_base": "162,795.6", "median_wage": "$41,950", "education": "—"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemorySink()
			if _, err := IngestProjections(context.Background(), Source{Path: shareddata.Path(t, tc.rel)}, sink); err != nil {
				t.Fatalf("IngestProjections: %v", err)
			}
			checkRow(t, sink.Rows(projOccupationsTable), map[string]string{"occupation_code": tc.code}, tc.want)
		})
	}
}

const projCSVHeader = `"Occupation Title","Occupation Code","Employment 2022","Employment 2032","Employment Change, 2022-2032","Employment Percent Change, 2022-2032","Occupational Openings, 2022-2032 Annual Average","Median Annual Wage 2023","Typical Entry-Level Education","Education Code","Work Experience in a Related Occupation","Workex Code","Typical on-the-job Training","trCode"`

// projCSVLine is one EP data-tool CSV record with the code text-forced.
func projCSVLine(title, code, base, projected, wage string) string {
	return `"` + title + `","=""` + code + `""","` + base + `","` + projected + `","1.0","2.0","3.0","` + wage + `","Bachelor's degree","3","None","4","None","6"`
}

func projCSV(lines ...string) func(*testing.T, string) {
	return writeText(strings.Join(append([]string{projCSVHeader}, lines...), "\n") + "\n")
}

// projTable17 is a 2019-29 Table 1.7 header; projTable12 lacks the wage.
var (
	projTable17 = []string{"2019 National Employment Matrix title", "2019 National Employment Matrix code", "Occupation type",
		"Employment, 2019", "Employment, 2029", "Employment change, numeric, 2019-29", "Employment change, percent, 2019-29",
		"Percent self employed, 2019", "Occupational openings, 2019-29 annual average", "Median annual wage, 2020(1)",
		"Typical education needed for entry", "Work experience in a related occupation",
		"Typical on-the-job training needed to attain competency in the occupation"}
	projTable12 = []string{"2019 National Employment Matrix title", "2019 National Employment Matrix code", "Occupation\ntype",
		"Employment, 2019", "Employment, 2029", "Employment distribution, percent, 2019", "Employment distribution, percent, 2029",
		"Employment change, numeric, 2019-29", "Employment change, percent, 2019-29", "Occupational openings, 2019-29 annual average"}
	projTable17Row = []string{"Clinical laboratory technologists and technicians", "29-2010", "Line item",
		"337.8", "362.5", "24.7", "7.3", "—", "21.6", "$54,180", "Bachelor's degree", "None", "None"}
	projTable12Row = []string{"Clinical laboratory technologists and technicians", "29-2010", "Line item",
		"337.8", "362.5", "0.2", "0.2", "24.7", "7.3", "21.6"}
	projFootnotes = [][]string{
		{"Footnotes:"},
		{"(1) Data are from the Occupational Employment Statistics program, U.S. Bureau of Labor Statistics."},
		{`Note: Data is unavailable for values denoted with a "—".`},
		{"Source: Employment Projections program, U.S. Bureau of Labor Statistics"},
	}
)

func TestIngestProjectionsFiles(t *testing.T) {
	cases := []fileCase{
		{
			name: "missing file", file: "nope.csv",
			wantErr: fs.ErrNotExist, wantErrText: "nope.csv",
		},
		{
			name: "empty file", file: "empty.csv", write: writeText(""),
			wantErr: ErrEmptyFile, wantErrText: "empty.csv",
		},
		{
			name: "blank-only file", file: "blank.csv", write: writeText("\n  \n"),
			wantErr: ErrEmptyFile,
		},
		{
			name: "CSV with the wrong header", file: "wrong.csv",
			write:   writeText("Title,Code,Jobs\nActors,27-2011,78.1\n"),
			wantErr: ErrNoHeader, wantErrText: "wrong.csv",
		},
		{
			name: "header with only one employment year", file: "oneyear.csv",
			write:   writeText(`Occupation Title,Occupation Code,Employment 2022,"Occupational Openings, 2022-2032 Annual Average"` + "\nActors,27-2011,1,2\n"),
			wantErr: ErrMissingColumn, wantErrText: "found 1",
		},
		{
			name: "two employment columns of the same year", file: "sameyear.csv",
			write:   writeText(`Occupation Title,Occupation Code,Employment 2022,"Employment, 2022","Occupational Openings, 2022-2032 Annual Average"` + "\nActors,27-2011,1,2,3\n"),
			wantErr: ErrMissingColumn, wantErrText: "two employment columns",
		},
		{
			name: "header but no rows", file: "header.csv", write: projCSV(),
			wantErr: ErrNoData,
		},
		{
			name: "alternate titles trimmed, de-duplicated, empty skipped", file: "alts.csv",
			write:       projCSV(projCSVLine("Actors    * Actress*  Voice-Over Artist * *Actress* actress*Understudy", "27-2011", "78.1", "80.6", "N/A")),
			wantRelease: "2022-2032", wantRows: 1,
			find:     map[string]string{"occupation_code": "27-2011"},
			want:     map[string]string{"occupation_title": "Actors", "median_wage": "N/A", "wage_year": "2023", "row_number": "2"},
			wantAlts: []string{"Actress", "Voice-Over Artist", "Understudy"},
		},
		{
			name: "non-numeric employment cell is rejected, the row kept", file: "badnum.csv",
			write: projCSV(
				projCSVLine("Actors", "27-2011", "lots", "80.6", ">=239,200"),
				projCSVLine("Actuaries", "15-2011", "30.0", "36.9", "$120,000"),
			),
			wantRelease: "2022-2032", wantRows: 2,
			wantRejects: []map[string]string{{"row_number": "2", "column_name": "Employment 2022", "value": "lots",
				"reason": "not a number or a BLS marker (N/A, —, -, >=$N)"}},
			find: map[string]string{"occupation_code": "27-2011"},
			want: map[string]string{"employment_base": "", "employment_projected": "80.6", "median_wage": ">=239,200"},
		},
		{
			name: "bad code rejects the row", file: "badcode.csv",
			write: projCSV(
				projCSVLine("Actors", "27-201", "78.1", "80.6", "N/A"),
				projCSVLine("Actuaries", "15-2011", "30.0", "36.9", "120,000"),
				projCSVLine("Nobody", "", "1.0", "2.0", "3"),
			),
			wantRelease: "2022-2032", wantRows: 1,
			wantRejects: []map[string]string{
				{"row_number": "2", "column_name": "Occupation Code", "value": "27-201", "reason": "occupation code is not of the form NN-NNNN"},
				{"row_number": "4", "column_name": "Occupation Code", "value": "", "reason": "occupation code is not of the form NN-NNNN"},
			},
			find: map[string]string{"occupation_code": "15-2011"},
			want: map[string]string{"employment_base": "30.0"},
		},
		{
			name: "duplicate code rejects the later row", file: "dup.csv",
			write: projCSV(
				projCSVLine("Actors", "27-2011", "78.1", "80.6", "N/A"),
				projCSVLine("Actuaries", "15-2011", "30.0", "36.9", "120,000"),
				projCSVLine("Actors again * Thespian", "27-2011", "1.0", "2.0", "3"),
			),
			wantRelease: "2022-2032", wantRows: 2,
			wantRejects: []map[string]string{{"row_number": "4", "column_name": "Occupation Code", "value": "27-2011", "reason": "duplicate of row 2"}},
			find:        map[string]string{"occupation_code": "27-2011"},
			want:        map[string]string{"occupation_title": "Actors", "employment_base": "78.1"},
			wantAlts:    []string{},
		},
		{
			name: "every row rejected", file: "allbad.csv",
			write:   projCSV(projCSVLine("Actors", "2-2011", "78.1", "80.6", "N/A")),
			wantErr: ErrNoData, wantErrText: "1 rejects",
		},
		{
			name: "bad configured release", file: "badrel.csv", release: "2022-32",
			write:   projCSV(projCSVLine("Actors", "27-2011", "78.1", "80.6", "N/A")),
			wantErr: ErrRelease, wantErrText: "YYYY-YYYY",
		},
		{
			name: "zip: the EP member is loaded, a readme is skipped with a note", file: "ep.zip",
			write: writeZip(
				zipMember{"readme.txt", "Employment Projections, 2022-32\nSee https://www.bls.gov/emp/\n"},
				zipMember{"ep.csv", projCSVHeader + "\n" + projCSVLine("Actors * Actress", "27-2011", "78.1", "80.6", "N/A") + "\n"},
			),
			wantRelease: "2022-2032", wantRows: 1, wantNote: "readme.txt: skipped",
			find: map[string]string{"occupation_code": "27-2011"},
			want: map[string]string{"occupation_title": "Actors", "employment_base": "78.1"}, wantAlts: []string{"Actress"},
		},
		{
			name: "zip with no EP member", file: "other.zip",
			write:   writeZip(zipMember{"readme.txt", "nothing here\n"}, zipMember{"notes.csv", "a,b\n1,2\n"}),
			wantErr: ErrNoHeader, wantErrText: "readme.txt",
		},
		{
			name: "workbook with no recognizable table", file: "none.xlsx",
			write: writeWorkbook(xlsxSheet{"Index", [][]string{{"Occupation.xlsx Contents"}}},
				xlsxSheet{"Table 5.3", [][]string{{"Table 5.3 Educational attainment"}, {"2019 National Employment Matrix title", "2019 National Employment Matrix code", "Bachelor's degree"}}}),
			wantErr: ErrNoHeader, wantErrText: "none.xlsx",
		},
		{
			name: "workbook: the wage table wins over an earlier table without wages", file: "both.xlsx",
			write: writeWorkbook(
				xlsxSheet{"Table 1.2", xlsxRows([]string{"Table 1.2 …"}, projTable12, projTable12Row)},
				xlsxSheet{"Table 1.7", append(xlsxRows([]string{"Table 1.7 …\n(Numbers in thousands)"}, projTable17, projTable17Row), projFootnotes...)},
			),
			wantRelease: "2019-2029", wantRows: 1,
			find: map[string]string{"occupation_code": "29-2010"},
			want: map[string]string{"sheet": "Table 1.7", "row_number": "3", "median_wage": "$54,180", "wage_year": "2020",
				"education": "Bachelor's degree", "occupation_type": "Line item", "openings_annual": "21.6"},
		},
		{
			name: "workbook without a wage table falls back to Table 1.2 with a note", file: "nowage.xlsx",
			write:       writeWorkbook(xlsxSheet{"Table 1.2", append(xlsxRows([]string{"Table 1.2 …"}, projTable12, projTable12Row), projFootnotes...)}),
			wantRelease: "2019-2029", wantRows: 1,
			find: map[string]string{"occupation_code": "29-2010"},
			want: map[string]string{"sheet": "Table 1.2", "median_wage": "", "wage_year": "", "education": "",
				"change_numeric": "24.7", "change_percent": "7.3", "openings_annual": "21.6", "base_year": "2019", "projected_year": "2029"},
			wantNote: `using sheet "Table 1.2", median_wage and wage_year left empty`,
		},
		{
			name: "workbook data row without a code is rejected, notes are not", file: "nocode.xlsx",
			write: writeWorkbook(xlsxSheet{"Table 1.7", append(xlsxRows([]string{"Table 1.7"}, projTable17, projTable17Row,
				[]string{"Total, all occupations", "", "Summary", "162,795.6", "168,834.7", "6,039.2", "3.7", "5.8", "17,454.3", "$41,950", "—", "—", "—"}),
				projFootnotes...)}),
			wantRelease: "2019-2029", wantRows: 1,
			wantRejects: []map[string]string{{"row_number": "4", "column_name": "2019 National Employment Matrix code", "value": "",
				"reason": "occupation code is not of the form NN-NNNN"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := tc.run(t, IngestProjections, Source{Name: "ep", FileID: 1}, projOccupationsTable)
			if sink != nil && tc.wantAlts != nil {
				got := columnValues(filterRows(sink.Rows(projAltTitlesTable), map[string]string{"occupation_code": tc.find["occupation_code"]}), "alternate_title")
				if strings.Join(got, "|") != strings.Join(tc.wantAlts, "|") {
					t.Errorf("alternate titles = %q, want %q", got, tc.wantAlts)
				}
			}
		})
	}
}

func TestIsProjectionNumber(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"1,538.4", true}, {"-423.2", true}, {"$41,950", true}, {"60,780", true}, {"0.0", true},
		{"N/A", true}, {"—", true}, {"-", true}, {"", true},
		{">=$208,000", true}, {">=239,200", true},
		{"lots", false}, {"1.2.3", false}, {"12,34", false}, {"$", false}, {">=", false}, {"1 000", false},
	}
	for _, tc := range cases {
		if got := isProjectionNumber(tc.in); got != tc.want {
			t.Errorf("isProjectionNumber(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCanonProjection(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Occupation Title", "occupation_title"},
		{"2019 National Employment Matrix code", "occupation_code"},
		{"Occupation\ntype", "occupation_type"},
		{"Employment 2022", "employment"},
		{"Employment, 2029", "employment"},
		{"Employment distribution, percent, 2019", ""},
		{"Employment Change, 2022-2032", "change_numeric"},
		{"Employment change, numeric, 2019-29", "change_numeric"},
		{"Employment Percent Change, 2022-2032", "change_percent"},
		{"Employment change, percent, 2019-29", "change_percent"},
		{"Occupational Openings, 2022-2032 Annual Average", "openings_annual"},
		{"Median Annual Wage 2023", "median_wage"},
		{"Median annual wage, 2020(1)", "median_wage"},
		{"Typical Entry-Level Education", "education"},
		{"Typical education needed for entry", "education"},
		{"Education Code", ""},
		{"Typical on-the-job Training", "training"},
		{"trCode", ""},
		{"Percent self employed, 2019", ""},
	}
	for _, tc := range cases {
		if got := projHeaderPatterns.canon(tc.in); got != tc.want {
			t.Errorf("projHeaderPatterns.canon(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
