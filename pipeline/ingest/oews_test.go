package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

// Published 29-2010 U.S. figures (shared/data/bls/oews/national/PROVENANCE.md).
var oews292010 = map[string]map[string]string{
	"2020": {"tot_emp": "326,220", "a_mean": "55,990", "a_median": "54,180", "a_pct10": "31,450", "a_pct90": "83,700"},
	"2021": {"tot_emp": "318,780", "a_mean": "56,910", "a_median": "57,800", "a_pct10": "30,280", "a_pct90": "79,340"},
	"2022": {"tot_emp": "333,600", "a_mean": "59,130", "a_median": "57,380", "a_pct10": "35,220", "a_pct90": "84,670"},
	"2023": {"tot_emp": "334,380", "a_mean": "62,870", "a_median": "60,780", "a_pct10": "36,770", "a_pct90": "93,900"},
}

// oewsStored is figures as a workbook stores them, which is how
// OpenNumbers reads them: "334380" for the printed "334,380".
func oewsStored(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = strings.ReplaceAll(v, ",", "")
	}
	return out
}

func oewsWith(m map[string]string, extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

var oewsDetailed292010 = map[string]string{"occ_code": "29-2010", "o_group": "detailed"}

func TestIngestOEWSRealFiles(t *testing.T) {
	cases := []struct {
		name        string
		rel         string
		release     string // configured override
		wantRelease string
		wantRows    int
		find        map[string]string // identifies one loaded row
		want        map[string]string // its cells: as printed in a text file, as stored in a workbook
		wantNote    string
	}{
		{
			name: "national May 2020, 31 columns", rel: "bls/oews/national/national_M2020_dl.xlsx",
			wantRelease: "2020-05", wantRows: 1329, find: oewsDetailed292010,
			want: oewsWith(oewsStored(oews292010["2020"]), map[string]string{"sheet": "national_M2020_dl", "row_number": "533", "area": "99", "pct_rpt": ""}),
		},
		{
			name: "national May 2021", rel: "bls/oews/national/national_M2021_dl.xlsx",
			wantRelease: "2021-05", wantRows: 1403, find: oewsDetailed292010,
			want: oewsWith(oewsStored(oews292010["2021"]), map[string]string{"sheet": "national_M2021_dl", "row_number": "576"}),
		},
		{
			name: "national May 2022", rel: "bls/oews/national/national_M2022_dl.xlsx",
			wantRelease: "2022-05", wantRows: 1402, find: oewsDetailed292010,
			want: oewsWith(oewsStored(oews292010["2022"]), map[string]string{"sheet": "national_M2022_dl", "row_number": "575"}),
		},
		{
			name: "national May 2023", rel: "bls/oews/national/national_M2023_dl.xlsx",
			wantRelease: "2023-05", wantRows: 1403, find: oewsDetailed292010,
			want: oewsWith(oewsStored(oews292010["2023"]), map[string]string{
				"sheet": "national_M2023_dl", "row_number": "576", "source_file_id": "7",
				"area": "99", "area_title": "U.S.", "naics": "000000", "own_code": "1235", "h_mean": "30.22", "emp_prse": "0.6",
			}),
		},
		{
			name: "national May 2023 broad row kept beside detailed", rel: "bls/oews/national/national_M2023_dl.xlsx",
			wantRelease: "2023-05", wantRows: 1403,
			find: map[string]string{"occ_code": "29-2010", "o_group": "broad"},
			want: oewsWith(oewsStored(oews292010["2023"]), map[string]string{"row_number": "575"}),
		},
		{
			// the numbers the cells store, not as their format shows them
			name: "national May 2023 all-occupations total as stored", rel: "bls/oews/national/national_M2023_dl.xlsx",
			wantRelease: "2023-05", wantRows: 1403,
			find: map[string]string{"occ_code": "00-0000"},
			want: map[string]string{"tot_emp": "151853870", "a_mean": "65470", "h_mean": "31.48", "jobs_1000": ""},
		},
		{
			name: "override equal to the file's release", rel: "bls/oews/national/national_M2023_dl.xlsx", release: "2023-05",
			wantRelease: "2023-05", wantRows: 1403, find: oewsDetailed292010, want: oewsStored(oews292010["2023"]),
		},
		{
			name: "override that disagrees is kept with a note", rel: "bls/oews/national/national_M2023_dl.xlsx", release: "2022-05",
			wantRelease: "2022-05", wantRows: 1403, find: oewsDetailed292010, want: oewsStored(oews292010["2023"]),
			wantNote: "the file says 2023-05",
		},
		{
			name: "user CSV export of national May 2023", rel: "bls/oews/extracts_modified/national_M2023_dl.csv",
			wantRelease: "2023-05", wantRows: 1403, find: oewsDetailed292010,
			want: oewsWith(oews292010["2023"], map[string]string{"sheet": "", "row_number": "576"}),
		},
		{
			name: "MSA extract, sheet named MSA", rel: "bls/oews/extracts_modified/MSA_M2023_dl.xlsx",
			wantRelease: "2023-05", wantRows: 5105,
			find: map[string]string{"area_title": "New York-Newark-Jersey City, NY-NJ-PA", "occ_code": "29-2010"},
			want: map[string]string{"tot_emp": "19320", "a_mean": "81290", "a_median": "79240", "a_pct10": "45580",
				"a_pct90": "123250", "area": "35620", "jobs_1000": "2.035", "sheet": "MSA"},
		},
		{
			name: "natsector, release from sheet and file name", rel: "bls/oews/extracts_modified/natsector_M2023_dl.xlsx",
			wantRelease: "2023-05", wantRows: 16376,
			find: map[string]string{"naics": "62", "occ_code": "29-2010", "o_group": "detailed"},
			want: map[string]string{"tot_emp": "281350", "a_mean": "62970", "a_median": "61320", "a_pct10": "36600",
				"a_pct90": "93600", "pct_rpt": "2", "sheet": "Natsector_M2023_dl"},
		},
		{
			name: "state 5-column semicolon extract", rel: "bls/oews/extracts_modified/state_M2023_dl.csv",
			wantRelease: "2023-05", wantRows: 37676,
			find:     map[string]string{"area_title": "California", "occ_code": "29-2010"},
			want:     map[string]string{"a_mean": "73,560", "area": "", "area_type": "2", "naics": "000000", "tot_emp": ""},
			wantNote: "area_type=2",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := shareddata.Path(t, tc.rel)
			sink := newMemorySink()
			res, err := IngestOEWS(context.Background(), Source{Name: "test", Path: path, FileID: 7, Release: tc.release}, sink)
			if err != nil {
				t.Fatalf("IngestOEWS: %v", err)
			}
			for _, n := range res.Notes {
				t.Logf("note: %s", n)
			}
			checkOEWSResult(t, res, sink, tc.wantRelease, tc.wantRows, 0)
			checkRow(t, sink.Rows(oewsTable), tc.find, tc.want)
			checkNote(t, res.Notes, tc.wantNote)
		})
	}
}

func TestIngestOEWSZip(t *testing.T) {
	cases := []struct {
		name      string
		zipName   string
		member    string
		rel       string // shared file stored as member
		wantRows  int
		wantLabel string
		wantRow   string
	}{
		{
			name: "BLS national zip", zipName: "oesm23nat.zip", member: "oesm23nat/national_M2023_dl.xlsx",
			rel: "bls/oews/national/national_M2023_dl.xlsx", wantRows: 1403,
			wantLabel: "oesm23nat/national_M2023_dl.xlsx:national_M2023_dl", wantRow: "576",
		},
		{
			name: "release from the archive name alone", zipName: "oesm23nat.zip", member: "wages.xlsx",
			rel: "bls/oews/national/national_M2023_dl.xlsx", wantRows: 1403,
			wantLabel: "wages.xlsx:national_M2023_dl", wantRow: "576",
		},
		{
			name: "CSV member is labelled by its name", zipName: "export.zip", member: "oesm23nat/national_M2023_dl.csv",
			rel: "bls/oews/extracts_modified/national_M2023_dl.csv", wantRows: 1403,
			wantLabel: "oesm23nat/national_M2023_dl.csv", wantRow: "576",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(shareddata.Path(t, tc.rel))
			if err != nil {
				t.Fatal(err)
			}
			members := []zipMember{{tc.member, string(data)}, {"oesm23nat/readme.pdf", "%PDF-1.4"}}
			slices.SortFunc(members, func(a, b zipMember) int { return strings.Compare(a.name, b.name) }) // in name order
			path := writeFixture(t, tc.zipName, writeZip(members...))
			sink := newMemorySink()
			res, err := IngestOEWS(context.Background(), Source{Path: path, FileID: 3}, sink)
			if err != nil {
				t.Fatalf("IngestOEWS: %v", err)
			}
			checkOEWSResult(t, res, sink, "2023-05", tc.wantRows, 0)
			want := oews292010["2023"]
			if strings.HasSuffix(tc.member, ".xlsx") {
				want = oewsStored(want)
			}
			checkRow(t, sink.Rows(oewsTable), oewsDetailed292010,
				oewsWith(want, map[string]string{"sheet": tc.wantLabel, "row_number": tc.wantRow}))
		})
	}
}

// oewsHeader is the 32-column header BLS prints since May 2021.
const oewsHeader = "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP," +
	"TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE," +
	"H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY\n"

// oewsLine is a U.S. cross-industry row with occupation code occ, group
// grp, employment emp and mean annual wage amean.
func oewsLine(occ, grp, emp, amean string) string {
	return `99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,` + occ + `,Some Occupation,` + grp +
		`,"` + emp + `",0.6,,,,,30.22,"` + amean + `",0.3,17.68,21.67,29.22,37.56,45.14,"36,770","45,080","60,780","78,120","93,900",,` + "\n"
}

func TestIngestOEWSFiles(t *testing.T) {
	good := oewsLine("29-2010", "broad", "334,380", "62,870") + oewsLine("29-2010", "detailed", "334,380", "62,870")
	cases := []struct {
		name     string
		file     string
		write    func(t *testing.T, path string) // nil: the file does not exist
		release  string
		wantErr  error    // nil: success expected
		wantMsg  []string // substrings of the error; "$FILE" is the path
		wantRel  string
		wantRows int
		wantRej  []map[string]string // each matched by a distinct reject row
		find     map[string]string
		want     map[string]string
		wantNote string
	}{
		{
			name: "missing file", file: "national_M2023_dl.xlsx",
			wantErr: fs.ErrNotExist, wantMsg: []string{"$FILE"},
		},
		{
			name: "empty file", file: "national_M2023_dl.csv", write: writeText(""),
			wantErr: ErrEmptyFile, wantMsg: []string{"$FILE", "empty"},
		},
		{
			name: "truncated xlsx", file: "national_M2023_dl.xlsx", write: oewsTruncatedCopy("bls/oews/national/national_M2023_dl.xlsx", 1000),
			wantErr: ErrNotWorkbook, wantMsg: []string{"$FILE"},
		},
		{
			// a whole archive whose sheet stops mid-XML: excelize alone reads
			// the rows before the cut and ends quietly
			name: "a worksheet cut short in a whole archive", file: "national_M2023_dl.xlsx",
			write:   oewsSheetCutShort("bls/oews/national/national_M2023_dl.xlsx"),
			wantErr: ErrNotWorkbook, wantMsg: []string{"$FILE", "worksheet xl/worksheets/sheet1.xml is cut short"},
		},
		{
			name: "text file named .xlsx", file: "national_M2023_dl.xlsx", write: writeText(oewsHeader + good),
			wantErr: ErrNotWorkbook, wantMsg: []string{"$FILE"},
		},
		{
			name: "workbook without an OEWS header", file: "national_M2023_dl.xlsx",
			write: writeWorkbook(
				xlsxSheet{"Notes", [][]string{{"nothing here"}}},
				xlsxSheet{"Sheet1", [][]string{{"Quarterly report"}, {"Region", "Jobs"}, {"East", "12"}}},
			),
			wantErr: ErrNoHeader, wantMsg: []string{"$FILE", "OCC_CODE", "TOT_EMP", `"Sheet1"`, `"Notes"`},
		},
		{
			name: "CSV header without OCC_CODE", file: "state_M2023_dl.csv",
			write:   writeText("AREA_TITLE,OCC_TITLE,H_MEAN,A_MEAN\nAlabama,All Occupations,25.67,\"53,400\"\n"),
			wantErr: ErrMissingColumn, wantMsg: []string{"$FILE", "line 1", "column OCC_CODE", "header found: AREA_TITLE, OCC_TITLE, H_MEAN, A_MEAN"},
		},
		{
			name: "CSV header without any measure", file: "state_M2023_dl.csv",
			write:   writeText("AREA_TITLE,OCC_CODE,OCC_TITLE,COMMENT\nAlabama,00-0000,All Occupations,x\n"),
			wantErr: ErrMissingColumn, wantMsg: []string{"$FILE", "line 1", "TOT_EMP", "header found: AREA_TITLE, OCC_CODE, OCC_TITLE, COMMENT"},
		},
		{
			name: "header only", file: "national_M2023_dl.csv", write: writeText(oewsHeader),
			wantErr: ErrNoData, wantMsg: []string{"$FILE"},
		},
		{
			name: "no release in name or content", file: "data.csv", write: writeText(oewsHeader + good),
			wantErr: ErrRelease, wantMsg: []string{"$FILE", "release:"},
		},
		{
			name: "malformed configured release", file: "data.csv", write: writeText(oewsHeader + good), release: "May 2023",
			wantErr: ErrRelease, wantMsg: []string{"$FILE", `"May 2023"`, "YYYY-MM"},
		},
		{
			name: "configured release for an unnamed file", file: "data.csv", write: writeText(oewsHeader + good), release: "2019-05",
			wantRel: "2019-05", wantRows: 2,
		},
		{
			name: "non-numeric measures are rejected, the row loads", file: "national_M2023_dl.csv",
			write: writeText(oewsHeader +
				strings.Replace(strings.Replace(oewsLine("29-2010", "detailed", "abc", "n/a"), `"abc"`, "abc", 1), `"n/a"`, "n/a", 1) +
				oewsLine("29-1141", "detailed", "3,300,000", "*")),
			wantRel: "2023-05", wantRows: 2,
			wantRej: []map[string]string{
				{"row_number": "2", "column_name": "TOT_EMP", "value": "abc", "reason": oewsMeasureReason, "sheet": ""},
				{"row_number": "2", "column_name": "A_MEAN", "value": "n/a", "reason": oewsMeasureReason},
			},
			find: oewsDetailed292010,
			want: map[string]string{"tot_emp": "", "a_mean": "", "h_mean": "30.22", "a_median": "60,780"},
		},
		{
			name: "special values and signed decimals are valid", file: "national_M2023_dl.csv",
			write: writeText(oewsHeader +
				"99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,29-2010,Lab,detailed,**,~,-0.5,1000.000,#,*,,,,,,,,,,,,,,TRUE,yes\n"),
			wantRel: "2023-05", wantRows: 1,
			find: oewsDetailed292010,
			want: map[string]string{"tot_emp": "**", "emp_prse": "~", "jobs_1000": "-0.5", "loc_quotient": "1000.000",
				"pct_total": "#", "pct_rpt": "*", "annual": "TRUE", "hourly": "yes"},
		},
		{
			name: "bad flag cell", file: "national_M2023_dl.csv",
			write:   writeText(oewsHeader + strings.TrimSuffix(oewsLine("29-2010", "detailed", "1", "2"), ",,\n") + ",maybe,\n"),
			wantRel: "2023-05", wantRows: 1,
			wantRej: []map[string]string{{"row_number": "2", "column_name": "ANNUAL", "value": "maybe", "reason": oewsFlagReason}},
			find:    oewsDetailed292010, want: map[string]string{"annual": ""},
		},
		{
			name: "malformed occupation code rejects the row", file: "national_M2023_dl.csv",
			write:   writeText(oewsHeader + oewsLine("29-2010", "detailed", "1", "2") + oewsLine("2920-10", "detailed", "1", "2")),
			wantRel: "2023-05", wantRows: 1,
			wantRej: []map[string]string{{"row_number": "3", "column_name": "OCC_CODE", "value": "2920-10", "reason": oewsOccReason}},
		},
		{
			name: "unquoted thousands separators: a ragged row, rejected at ingest", file: "national_M2023_dl.csv",
			write:   writeText(oewsHeader + good + strings.ReplaceAll(oewsLine("29-1141", "detailed", "3,300,000", "94,480"), `"`, "")),
			wantRel: "2023-05", wantRows: 2,
			wantRej: []map[string]string{{"row_number": "4", "sheet": "", "column_name": "", "stage": "ingest",
				"reason": "ragged row: 40 fields, the header has 32 (unquoted comma in a number?)",
				"value": "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,29-1141,Some Occupation,detailed,3,300,000,0.6,,,,,30.22,94,480," +
					"0.3,17.68,21.67,29.22,37.56,45.14,36,770,45,080,60,780,78,120,93,900,,"}},
		},
		{
			name: "truncated rows are rejected as truncated, not as bad codes", file: "national_M2023_dl.csv",
			write: writeText(oewsHeader + good + "99,U.S.,1\n" +
				"99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,29-1141,Registered Nurses,detailed,\"3,300,000\"\n"),
			wantRel: "2023-05", wantRows: 2,
			wantRej: []map[string]string{
				{"row_number": "4", "column_name": "", "value": "99,U.S.,1", "reason": "truncated row: 3 fields, the header has 32", "stage": "ingest"},
				{"row_number": "5", "column_name": "", "reason": "truncated row: 12 fields, the header has 32",
					"value": "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,29-1141,Registered Nurses,detailed,3,300,000"},
			},
		},
		{
			name: "every row rejected: the error counts the reasons and shows the first of each", file: "national_M2023_dl.csv",
			write: writeText(oewsHeader + strings.ReplaceAll(oewsLine("29-1141", "detailed", "3,300,000", "94,480")+oewsLine("29-2010", "detailed", "1,334,380", "62,870"), `"`, "") +
				oewsLine("2920-10", "detailed", "1", "2")),
			wantErr: ErrNoData,
			wantMsg: []string{"$FILE: no data rows: every row was rejected (3 rejects): " +
				`2 × ragged row: 40 fields, the header has 32 (unquoted comma in a number?) (first: line 2, value "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,29-11…"); ` +
				`1 × not an occupation code of the form NN-NNNN (first: line 4, column "OCC_CODE", value "2920-10")`},
		},
		{
			name: "a worksheet row may have cells past the header", file: "national_M2023_dl.xlsx",
			write: writeWorkbook(xlsxSheet{"national_M2023_dl", xlsxRows(
				[]string{"OCC_CODE", "O_GROUP", "TOT_EMP"},
				[]string{"29-2010", "broad", "334,380", "", "a note in column E"},
			)}),
			wantRel: "2023-05", wantRows: 1,
			find: map[string]string{"occ_code": "29-2010"}, want: map[string]string{"tot_emp": "334,380"},
		},
		{
			name: "duplicate key rejects the later row", file: "national_M2023_dl.csv",
			write:   writeText(oewsHeader + good + oewsLine("29-2010", "detailed", "9", "9")),
			wantRel: "2023-05", wantRows: 2,
			wantRej: []map[string]string{{"row_number": "4", "column_name": "OCC_CODE", "value": "29-2010", "reason": "duplicate of row 3"}},
			find:    oewsDetailed292010, want: map[string]string{"tot_emp": "334,380", "row_number": "3"},
		},
		{
			name: "blank and footnote rows are skipped", file: "national_M2023_dl.csv",
			write: writeText(oewsHeader + good + ",,,\n\n" +
				"Footnotes:\n" +
				"(1) Estimates for detailed occupations do not sum to the totals.\n" +
				"\"Note: * = indicates that a wage estimate is not available\"\n" +
				"Source: Bureau of Labor Statistics,,,\n"),
			wantRel: "2023-05", wantRows: 2,
		},
		{
			name: "old national layout fills area and industry from the name", file: "national_M2010_dl.csv",
			write: writeText("OCC_CODE,OCC_TITLE,GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,A_MEDIAN\n" +
				"00-0000,All Occupations,total,\"127,097,160\",0.1,21.35,\"44,410\",0.1,\"33,840\"\n" +
				"29-2011,Medical and Clinical Laboratory Technologists,,\"165,070\",1.2,27.00,\"56,130\",0.3,\"56,130\"\n"),
			wantRel: "2010-05", wantRows: 2,
			find: map[string]string{"occ_code": "00-0000"},
			want: map[string]string{"area": "99", "area_title": "U.S.", "area_type": "1", "naics": "000000",
				"naics_title": "Cross-industry", "own_code": "1235", "i_group": "cross-industry", "o_group": "total", "a_median": "33,840"},
			wantNote: "national cross-industry",
		},
		{
			name: "older header names, spaces and case", file: "MSA_M2012_dl.csv",
			write: writeText("prim_state,area,area_name,occ_code,occ_title,occ_group,tot_emp,jobs_1000_orig,loc quotient,a_mean,Extra\n" +
				"NY,35620,\"New York-Newark-Jersey City, NY-NJ-PA\",29-2010,Lab,,\"19,320\",2.035,0.92,\"81,290\",x\n"),
			wantRel: "2012-05", wantRows: 1,
			find: map[string]string{"occ_code": "29-2010"},
			want: map[string]string{"area": "35620", "area_title": "New York-Newark-Jersey City, NY-NJ-PA", "area_type": "4",
				"prim_state": "NY", "jobs_1000": "2.035", "loc_quotient": "0.92", "a_mean": "81,290"},
			wantNote: `"Extra"`,
		},
		{
			name: "5-column extract without a known file kind", file: "extract_M2023.csv",
			write:   writeText("AREA_TITLE;OCC_CODE;OCC_TITLE;H_MEAN;A_MEAN\nAlabama;29-2010;Lab;23.90;49,700\n"),
			wantRel: "2023-05", wantRows: 1,
			find: map[string]string{"area_title": "Alabama"},
			want: map[string]string{"area": "", "area_type": "", "a_mean": "49,700", "h_mean": "23.90"},
		},
		{
			name: "no area columns and no file kind from the name", file: "extract_M2023.csv",
			write:   writeText("OCC_CODE,TOT_EMP\n29-2010,\"334,380\"\n"),
			wantRel: "2023-05", wantRows: 1,
			find:     map[string]string{"occ_code": "29-2010"},
			want:     map[string]string{"area": "", "area_title": "", "tot_emp": "334,380"},
			wantNote: "area left empty",
		},
		{
			name: "workbook found by content: title rows, data sheet not first, release from Field Descriptions", file: "wages.xlsx",
			write: writeWorkbook(
				xlsxSheet{"Field Descriptions", [][]string{{"May 2019 OES Estimates"}, {}, {"Field", "Field Description"}, {"occ_code", "The SOC code"}, {"tot_emp", "Employment"}}},
				xlsxSheet{"Filler", nil},
				xlsxSheet{"Wages", [][]string{
					{"Occupational Employment and Wages, May 2019"}, {},
					{"OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEAN"},
					{"29-2010", "Lab", "broad", "331,670", "54,780"},
				}},
			),
			wantRel: "2019-05", wantRows: 1,
			find: map[string]string{"occ_code": "29-2010"},
			want: map[string]string{"sheet": "Wages", "row_number": "4", "tot_emp": "331,670"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFixture(t, tc.file, tc.write)
			sink := newMemorySink()
			res, err := IngestOEWS(context.Background(), Source{Name: "test", Path: path, FileID: 5, Release: tc.release}, sink)
			if tc.wantErr != nil || len(tc.wantMsg) > 0 {
				if err == nil {
					t.Fatalf("IngestOEWS succeeded with %+v; want an error", res)
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %q does not wrap %q", err, tc.wantErr)
				}
				for _, m := range tc.wantMsg {
					m = strings.ReplaceAll(m, "$FILE", path)
					if !strings.Contains(err.Error(), m) {
						t.Errorf("error %q does not mention %q", err, m)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("IngestOEWS: %v", err)
			}
			checkOEWSResult(t, res, sink, tc.wantRel, tc.wantRows, len(tc.wantRej))
			assertRejectsInclude(t, sink.Rows("rejects"), tc.wantRej)
			if tc.find != nil {
				checkRow(t, sink.Rows(oewsTable), tc.find, tc.want)
			}
			checkNote(t, res.Notes, tc.wantNote)
		})
	}
}

func TestIngestOEWSCanceled(t *testing.T) {
	path := writeFixture(t, "national_M2023_dl.csv", writeText(oewsHeader+oewsLine("29-2010", "detailed", "1", "2")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := IngestOEWS(ctx, Source{Path: path}, newMemorySink()); !errors.Is(err, context.Canceled) {
		t.Errorf("IngestOEWS with a canceled context: %v, want context.Canceled", err)
	}
}

func TestOEWSCanon(t *testing.T) {
	cases := []struct{ header, want string }{
		{"OCC_CODE", "occ_code"},
		{"occ_code", "occ_code"},
		{" Occ Code ", "occ_code"},
		{"LOC QUOTIENT", "loc_quotient"},
		{"loc_quotient", "loc_quotient"},
		{"LOC_Q", "loc_quotient"},
		{"JOBS_1000_ORIG", "jobs_1000"},
		{"OCC_GROUP", "o_group"},
		{"GROUP", "o_group"},
		{"ST", "prim_state"},
		{"AREA_NAME", "area_title"},
		{"TOT_EMP (1)", "tot_emp"},
		{"A_PCT90", "a_pct90"},
		{"Field Description", ""},
		{"May 2023 OEWS Estimates", ""},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.header, func(t *testing.T) {
			if got := oewsCanon(tc.header); got != tc.want {
				t.Errorf("oewsCanon(%q) = %q, want %q", tc.header, got, tc.want)
			}
		})
	}
	// Every current column name maps to itself.
	for _, c := range oewsColumns {
		if got := oewsCanon(strings.ToUpper(c)); got != c {
			t.Errorf("oewsCanon(%q) = %q", strings.ToUpper(c), got)
		}
	}
}

func TestOEWSReleaseFromName(t *testing.T) {
	cases := []struct{ name, want string }{
		{"national_M2023_dl.xlsx", "2023-05"},
		{"MSA_M2023_dl", "2023-05"},
		{"all_data_M_2023.xlsx", "2023-05"},
		{"Natsector_M2023_dl", "2023-05"},
		{"nat5d_6d_M2019_dl.xlsx", "2019-05"},
		{"oesm23nat.zip", "2023-05"},
		{"oesm99st.zip", "1999-05"},
		{"oesm97nat", "1997-05"},
		{"oesm05in4.zip", "2005-05"},
		{"national_May2005_dl.xls", "2005-05"},
		{"data.csv", ""},
		{"Field Descriptions", ""},
		{"M202.csv", ""},
		{"summary_2023.csv", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := oewsReleaseFromName(tc.name); got != tc.want {
				t.Errorf("oewsReleaseFromName(%q) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}

func TestOEWSCheck(t *testing.T) {
	cases := []struct {
		name, column, value, want string
	}{
		{"thousands separators", "tot_emp", "151,853,870", ""},
		{"plain integer", "tot_emp", "1000", ""},
		{"negative decimal", "jobs_1000", "-0.5", ""},
		{"trailing zeros", "loc_quotient", "1000.000", ""},
		{"leading dot", "emp_prse", ".5", ""},
		{"empty", "a_mean", "", ""},
		{"not available", "a_mean", "*", ""},
		{"not available, no estimate", "a_mean", "**", ""},
		{"top-coded", "a_pct90", "#", ""},
		{"under half a percent", "pct_total", "~", ""},
		{"text", "a_mean", "n/a", oewsMeasureReason},
		{"letters", "tot_emp", "abc", oewsMeasureReason},
		{"bad grouping", "tot_emp", "1,00", oewsMeasureReason},
		{"dollar sign", "a_mean", "$62,870", oewsMeasureReason},
		{"lone sign", "a_mean", "-", oewsMeasureReason},
		{"two dots", "h_mean", "1.2.3", oewsMeasureReason},
		{"flag TRUE", "annual", "TRUE", ""},
		{"flag true", "annual", "true", ""},
		{"flag Yes", "hourly", "Yes", ""},
		{"flag 1", "hourly", "1", ""},
		{"flag FALSE", "hourly", "FALSE", oewsFlagReason},
		{"text column", "occ_title", "anything at all", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := oewsCheck(tc.column, tc.value); got != tc.want {
				t.Errorf("oewsCheck(%q, %q) = %q, want %q", tc.column, tc.value, got, tc.want)
			}
		})
	}
}

func TestOEWSColumnPositions(t *testing.T) {
	for pos, name := range map[int]string{oewsArea: "area", oewsAreaTitle: "area_title", oewsNAICS: "naics",
		oewsOwnCode: "own_code", oewsOccCode: "occ_code", oewsOGroup: "o_group"} {
		if oewsColumns[pos] != name {
			t.Errorf("oewsColumns[%d] = %q, want %q", pos, oewsColumns[pos], name)
		}
	}
	if len(oewsColumns) != 32 {
		t.Errorf("%d OEWS columns, want 32", len(oewsColumns))
	}
}

// checkOEWSResult is checkResult for raw_oews__wages plus its columns.
func checkOEWSResult(t *testing.T, res Result, sink *memorySink, release string, rows, rejected int) {
	t.Helper()
	checkResult(t, res, sink, oewsTable, release, rows, rejected)
	if res.Rows > 0 {
		want := append([]string{"source_file_id", "sheet", "row_number"}, oewsColumns...)
		if got := sink.Columns(oewsTable); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("columns %v, want %v", got, want)
		}
	}
}

func oewsTruncatedCopy(rel string, n int) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		data, err := os.ReadFile(shareddata.Path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		writeText(string(data[:n]))(t, path)
	}
}

// oewsSheetCutShort copies a shared workbook with the first worksheet's XML
// cut in half, into a well-formed zip archive.
func oewsSheetCutShort(rel string) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		zr, err := zip.OpenReader(shareddata.Path(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, m := range zr.File {
			rc, err := m.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if m.Name == "xl/worksheets/sheet1.xml" {
				data = data[:len(data)/2]
			}
			w, err := zw.Create(m.Name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(data); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
