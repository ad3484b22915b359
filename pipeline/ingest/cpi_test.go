package ingest

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

func TestIngestCPIRealFile(t *testing.T) {
	path := shareddata.Path(t, "bls/timeseries/cu/cu.data.1.AllItems")
	sink := newMemorySink()
	res, err := IngestCPI(context.Background(), Source{Name: "cpi", Path: path, FileID: 5}, sink)
	if err != nil {
		t.Fatalf("IngestCPI: %v", err)
	}
	checkResult(t, res, sink, cpiTable, "2025-09", 63042, 0)
	rows := sink.Rows(cpiTable)
	// CPI-U U.S. city average annual averages (cu PROVENANCE.md).
	cases := []struct {
		name string
		find map[string]string
		want map[string]string
	}{
		{"2020 annual average", map[string]string{"series_id": "CUUR0000SA0", "year": "2020", "period": "M13"}, map[string]string{"value": "258.811"}},
		{"2021 annual average", map[string]string{"series_id": "CUUR0000SA0", "year": "2021", "period": "M13"}, map[string]string{"value": "270.970"}},
		{"2022 annual average", map[string]string{"series_id": "CUUR0000SA0", "year": "2022", "period": "M13"}, map[string]string{"value": "292.655"}},
		{"2023 annual average", map[string]string{"series_id": "CUUR0000SA0", "year": "2023", "period": "M13"}, map[string]string{"value": "304.702"}},
		{"2024 annual average", map[string]string{"series_id": "CUUR0000SA0", "year": "2024", "period": "M13"}, map[string]string{"value": "313.689", "footnote_codes": "", "sheet": "", "source_file_id": "5"}},
		{"latest month", map[string]string{"series_id": "CUUR0000SA0", "year": "2025", "period": "M09"}, map[string]string{"value": "324.800"}},
		{"first line, padding trimmed", map[string]string{"row_number": "2"}, map[string]string{"series_id": "CUSR0000SA0", "year": "1947", "period": "M01", "value": "21.48"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkRow(t, rows, tc.find, tc.want) })
	}
}

func TestIngestCPILookupFilesRefused(t *testing.T) {
	for _, rel := range []string{"bls/timeseries/cu/cu.series", "bls/timeseries/cu/cu.period"} {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			path := shareddata.Path(t, rel)
			_, err := IngestCPI(context.Background(), Source{Name: "cpi", Path: path}, newMemorySink())
			checkErr(t, err, ErrNoHeader, "series_id year period value footnote_codes")
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != path {
				t.Errorf("error %v: want a ParseError naming %s", err, path)
			}
		})
	}
}

const cpiTestHeader = "series_id        \tyear\tperiod\t       value\tfootnote_codes\n"

// cpiLine is one LABSTAT line with BLS's padding.
func cpiLine(series, year, period, value string) string {
	return series + "      \t" + year + "\t" + period + "\t     " + value + "\t\n"
}

func TestIngestCPIFiles(t *testing.T) {
	cases := []fileCase{
		{name: "missing file", file: "cu.data.0.Missing", wantErr: fs.ErrNotExist, wantErrText: "cu.data.0.Missing"},
		{name: "empty file", file: "cu.data.empty", write: writeText(""), wantErr: ErrEmptyFile, wantErrText: "cu.data.empty"},
		{name: "header only", file: "cu.data.header", write: writeText(cpiTestHeader), wantErr: ErrNoData},
		{
			name: "not a LABSTAT data header", file: "cu.area",
			write:   writeText("area_code\tarea_name\tdisplay_level\n0000\tU.S. city average\t0\n"),
			wantErr: ErrNoHeader, wantErrText: `found "area_code area_name display_level"`,
		},
		{
			name: "release is the latest month of CUUR0000SA0, not M13 or S0x", file: "cu.data.release",
			write: writeText(cpiTestHeader +
				cpiLine("CUUR0000SA0", "2024", "M11", "315.493") +
				cpiLine("CUUR0000SA0", "2024", "M12", "315.605") +
				cpiLine("CUUR0000SA0", "2024", "M13", "313.689") +
				cpiLine("CUUR0000SA0", "2024", "S02", "315.3") +
				cpiLine("CUSR0000SA0", "2025", "M01", "317.6")),
			wantRelease: "2024-12", wantRows: 5,
		},
		{
			name: "bad observations are rejected with a reason", file: "cu.data.bad",
			write: writeText(cpiTestHeader +
				cpiLine("CUUR0000SA0", "2025", "M01", "317.671") +
				cpiLine("", "2025", "M02", "319.082") +
				cpiLine("CUUR0000SA0", "25", "M03", "319.799") +
				cpiLine("CUUR0000SA0", "2025", "M14", "320.795") +
				cpiLine("CUUR0000SA0", "2025", "Q01", "320.795") +
				cpiLine("CUUR0000SA0", "2025", "M05", "n/a") +
				cpiLine("CUUR0000SA0", "2025", "M06", "")),
			wantRelease: "2025-01", wantRows: 1,
			wantRejects: []map[string]string{
				{"row_number": "3", "column_name": "series_id", "value": "", "reason": "series_id is empty"},
				{"row_number": "4", "column_name": "year", "value": "25", "reason": "year is not 4 digits"},
				{"row_number": "5", "column_name": "period", "value": "M14", "reason": "period is not M01–M13 or S01–S03"},
				{"row_number": "6", "column_name": "period", "value": "Q01", "reason": "period is not M01–M13 or S01–S03"},
				{"row_number": "7", "column_name": "value", "value": "n/a", "reason": "value is not a number"},
				{"row_number": "8", "column_name": "value", "value": "", "reason": "value is not a number"},
			},
		},
		{
			name: "without CUUR0000SA0 the latest month of any series, with a note", file: "cu.data.other",
			write: writeText(cpiTestHeader +
				cpiLine("CUUR0100SA0", "2025", "M08", "330.1") +
				cpiLine("CUSR0000SA0", "2025", "M07", "322.1")),
			wantRelease: "2025-08", wantRows: 2, wantNote: "CUUR0000SA0 not in the file",
		},
		{
			name: "only annual averages: no release", file: "cu.data.annual",
			write:   writeText(cpiTestHeader + cpiLine("CUUR0000SA0", "2024", "M13", "313.689")),
			wantErr: ErrRelease, wantErrText: "set release",
		},
		{
			name: "only annual averages with a configured release", file: "cu.data.annual", release: "2024-12",
			write:       writeText(cpiTestHeader + cpiLine("CUUR0000SA0", "2024", "M13", "313.689")),
			wantRelease: "2024-12", wantRows: 1,
		},
		{
			name: "configured release that disagrees wins with a note", file: "cu.data.override", release: "2025-06",
			write:       writeText(cpiTestHeader + cpiLine("CUUR0000SA0", "2025", "M09", "324.800")),
			wantRelease: "2025-06", wantRows: 1, wantNote: "configured release 2025-06 overrides 2025-09",
		},
		{
			name: "malformed configured release", file: "cu.data.badrel", release: "2025-9",
			write:   writeText(cpiTestHeader + cpiLine("CUUR0000SA0", "2025", "M09", "324.800")),
			wantErr: ErrRelease, wantErrText: "YYYY-MM",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := tc.run(t, IngestCPI, Source{Name: "cpi", FileID: 2}, cpiTable)
			if sink == nil {
				return
			}
			for _, r := range sink.Rows(cpiTable) {
				if strings.TrimSpace(r["series_id"]) != r["series_id"] || strings.TrimSpace(r["value"]) != r["value"] {
					t.Errorf("untrimmed cells in %v", r)
				}
			}
		})
	}
}

func TestIngestCPICanceled(t *testing.T) {
	path := shareddata.Path(t, "bls/timeseries/cu/cu.data.1.AllItems")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := IngestCPI(ctx, Source{Name: "cpi", Path: path}, newMemorySink())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}
