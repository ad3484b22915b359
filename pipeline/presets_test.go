package pipeline

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/wagescope/wagescope/internal/shareddata"
	"github.com/wagescope/wagescope/pipeline/ingest"
)

// rowSink keeps raw_postings__postings rows as field → value maps.
type rowSink struct{ rows, rejects []map[string]string }

func (s *rowSink) Load(_ context.Context, table string, rec arrow.RecordBatch) error {
	for r := 0; r < int(rec.NumRows()); r++ {
		row := map[string]string{}
		for c := 0; c < int(rec.NumCols()); c++ {
			name := rec.ColumnName(c)
			switch col := rec.Column(c).(type) {
			case *array.String:
				if col.IsValid(r) {
					row[name] = col.Value(r)
				}
			case *array.Int64:
				row[name] = strconv.FormatInt(col.Value(r), 10)
			}
		}
		if table == "rejects" {
			s.rejects = append(s.rejects, row)
		} else {
			s.rows = append(s.rows, row)
		}
	}
	return nil
}

// TestEveryDatasetIngestsThroughItsPreset reads each posting dataset in
// ../shared/data/postings with its shipped preset and checks the row count
// and the mapping of a known row.
func TestEveryDatasetIngestsThroughItsPreset(t *testing.T) {
	tests := []struct {
		preset, file string
		rows         int
		rowNumber    string            // the source line of the row checked
		want         map[string]string // canonical field → raw value
	}{
		{"glassdoor", "glassdoor_ds_jobs_kenjee_2020/glassdoor_jobs.csv", 956, "2", map[string]string{
			"id": "0", "title": "Data Scientist", "pay_text": "$53K-$91K (Glassdoor est.)", "location": "Albuquerque, NM",
			"employer": "Tecolote Research\n3.8", "company_size": "501 to 1000 employees", "employer_type": "Company - Private", "country": "US"}},
		{"glassdoor", "glassdoor_uncleaned_ds_jobs/Uncleaned_DS_jobs.csv", 672, "2", map[string]string{
			"id": "0", "title": "Sr Data Scientist", "pay_text": "$137K-$171K (Glassdoor est.)"}},
		{"ds_salaries", "ds_salaries_2020_2022_607/ds_salaries.csv", 607, "2", map[string]string{
			"title": "Data Scientist", "pay_point": "70000", "currency": "EUR", "experience": "MI", "country": "DE", "pay_period": "year", "posted_date": "2020"}},
		{"ds_salaries", "ds_salaries_2023_3755/ds_salaries_2023.csv", 3755, "2", map[string]string{
			"title": "Principal Data Scientist", "pay_point": "80000", "currency": "EUR", "experience": "SE", "remote": "100", "country": "ES"}},
		{"ds_salaries", "aijobs_net_salaries_2025-01-19/salaries.csv", 74301, "2", map[string]string{
			"title": "Consultant", "pay_point": "120000", "currency": "USD", "experience": "EX", "country": "PL", "company_size": "S"}},
		{"ds_salaries_spelled_out", "data_science_salaries_2024_spelled_out/data_science_salaries.csv", 11087, "2", map[string]string{
			"title": "Data Engineer", "experience": "Mid-level", "remote": "Remote", "country": "United States", "pay_point": "148100", "company_size": "Medium"}},
		{"linkedin_salaries", "linkedin_job_postings_2023_details/job_details/salaries.csv", 13352, "2", map[string]string{
			"id": "3378133231", "pay_min": "22.0", "pay_max": "30.0", "pay_period": "HOURLY", "currency": "USD"}},
		{"nyc_jobs", "nyc_jobs_2019_extract/nyc-jobs.csv", 3843, "2", map[string]string{
			"id": "87990", "employer": "DEPARTMENT OF BUSINESS SERV.", "title": "Account Manager", "pay_min": "42405", "pay_max": "65485",
			"pay_period": "Annual", "posting_type": "Internal", "employer_type": "Government", "city": "New York", "state": "NY"}},
		{"nyc_jobs_2022", "nyc_jobs_2022_extract/NYC_Jobs.csv", 5198, "2", map[string]string{
			"employer": "HRA/DEPT OF SOCIAL SERVICES", "title": "PROJECT SPECIALIST", "pay_min": "92194", "pay_max": "106023",
			"pay_period": "Annual", "experience": "Experienced (non-manager)", "posting_type": "Internal"}},
		{"h1b_lca", "h1b_lca_fy2016_insight_extract/h1b_input.csv", 1051, "2", map[string]string{
			"id": "I-200-12240-490687", "title": "POSTDOCTORAL RESEARCH FELLOW", "soc_code_hint": "10-1021.00", "pay_min": "41000.0",
			"pay_period": "Year", "city": "ANN ARBOR", "state": "MI", "employer": "UNIVERSITY OF MICHIGAN"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, _, _, err := postingMapping(SourceConfig{Name: "t", Kind: "postings", Preset: tt.preset})
			if err != nil {
				t.Fatal(err)
			}
			sink := &rowSink{}
			res, err := ingest.IngestPostings(context.Background(), ingest.Source{Name: "t", Path: shareddata.Path(t, "postings/"+tt.file), FileID: 7, Postings: &m}, sink)
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != tt.rows || len(sink.rows) != tt.rows || res.Rejected != 0 {
				t.Fatalf("rows %d (sink %d), rejected %d; want %d, 0 (rejects: %v)", res.Rows, len(sink.rows), res.Rejected, tt.rows, sink.rejects)
			}
			var row map[string]string
			for _, r := range sink.rows {
				if r["row_number"] == tt.rowNumber {
					row = r
				}
			}
			for k, v := range tt.want {
				if row[k] != v {
					t.Errorf("%s = %q, want %q", k, row[k], v)
				}
			}
			if row["source_file_id"] != "7" {
				t.Errorf("lineage: %v", row)
			}
		})
	}
}

func TestPresetsAndMappingErrors(t *testing.T) {
	for _, name := range PresetNames() {
		if _, err := LoadPreset(name); err != nil {
			t.Errorf("preset %s: %v", name, err)
		}
	}
	tests := []struct {
		name string
		src  SourceConfig
		want string
	}{
		{"unknown preset", SourceConfig{Preset: "monster"}, `preset "monster" does not exist`},
		{"unknown field", SourceConfig{Columns: map[string]string{"salary": "Salary"}}, "unknown posting field(s) salary"},
		{"bad format", SourceConfig{Columns: map[string]string{"title": "t"}, Format: "xml"}, `format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := postingMapping(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}
