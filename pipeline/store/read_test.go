package store

import (
	"context"
	"testing"
)

// Read commands open the published database as it is: one built before
// source_files.synthetic and the bridge's hourly columns existed still
// answers, with those read as absent (rates --experience failed with a
// binder error on such a database).
func TestReadsDatabaseBuiltBeforeNewColumns(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	for _, q := range []string{
		`CREATE TABLE source_files (source_file_id BIGINT, run_id BIGINT, source_name VARCHAR, kind VARCHAR,
			file_name VARCHAR, path VARCHAR, url VARCHAR, sha256 VARCHAR, bytes BIGINT, release VARCHAR,
			status VARCHAR, rows_loaded BIGINT, rows_rejected BIGINT, message VARCHAR, ingested_at TIMESTAMP)`,
		`INSERT INTO source_files VALUES (1, 1, 'oews-national', 'oews', 'national_M2023_dl.xlsx', '/d/n.xlsx', NULL,
			'abc', 10, '2023-05', 'ok', 1402, 0, NULL, TIMESTAMP '2026-11-01 02:00:00')`,
		`CREATE TABLE rejects (source_file_id BIGINT, reason VARCHAR)`,
		`CREATE TABLE fct_experience_bridge (release VARCHAR, occupation_code VARCHAR, occupation_title VARCHAR,
			area_code VARCHAR, area_title VARCHAR, area_type VARCHAR, experience VARCHAR, oews_percentile DOUBLE,
			annual_modeled DOUBLE, is_top_coded_modeled BOOLEAN, modeled_gap VARCHAR, basis VARCHAR,
			is_modeled BOOLEAN, has_posted_cell BOOLEAN, source_file_id BIGINT)`,
		`INSERT INTO fct_experience_bridge VALUES ('2023-05', '29-2010', 'Clinical Laboratory Technologists and Technicians',
			'US', 'United States', 'national', 'executive', 90, 93900, false, NULL, 'dol', true, false, 1)`,
	} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	rates, err := db.ModeledRates(ctx, "29-2010", "US", "2023-05", "executive")
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 1 || rates[0].AnnualModeled == nil || *rates[0].AnnualModeled != 93900 || rates[0].HourlyModeled != nil || rates[0].HourlyOnly {
		t.Errorf("modeled rates %+v, want the executive level at $93,900 and no hourly figure", rates)
	}
	files, err := db.SourceFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Synthetic || files[0].FileName != "national_M2023_dl.xlsx" {
		t.Errorf("source files %+v, want national_M2023_dl.xlsx, not synthetic", files)
	}
}
