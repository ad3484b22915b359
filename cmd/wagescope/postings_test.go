package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

var postingsRun runFixture

// postingSources lists every dataset in ../shared/data/postings with its preset.
func postingSources(t *testing.T) string {
	p := func(rel string) string { return shareddata.Path(t, "postings/"+rel) }
	bls := func(rel string) string { return shareddata.Path(t, "bls/"+rel) }
	return source("soc-structure", "soc", bls("crosswalks/soc/soc_structure_2018.xlsx")) +
		source("oews-definitions", "soc", bls("crosswalks/soc/occupation_definitions_m2023.xlsx")) +
		source("oews-national-2023", "oews", bls("oews/national/national_M2023_dl.xlsx")) +
		source("oews-msa-ny", "oews", bls("oews/extracts_modified/MSA_M2023_dl.xlsx")) +
		source("ep-2022-2032", "projections", bls("projections/2022-32/Employment Projections.csv")) +
		source("onet-alternate", "titles", bls("crosswalks/onet/Alternate Titles.xlsx")) +
		source("onet-reported", "titles", bls("crosswalks/onet/Sample of Reported Titles.xlsx")) +
		presetSource("glassdoor-2020", "glassdoor", p("glassdoor_ds_jobs_kenjee_2020/glassdoor_jobs.csv")) +
		presetSource("glassdoor-uncleaned", "glassdoor", p("glassdoor_uncleaned_ds_jobs/Uncleaned_DS_jobs.csv")) +
		presetSource("ds-salaries-2020-2022", "ds_salaries", p("ds_salaries_2020_2022_607/ds_salaries.csv")) +
		presetSource("ds-salaries-2023", "ds_salaries", p("ds_salaries_2023_3755/ds_salaries_2023.csv")) +
		presetSource("aijobs-2025", "ds_salaries", p("aijobs_net_salaries_2025-01-19/salaries.csv")) +
		presetSource("ds-salaries-2024", "ds_salaries_spelled_out", p("data_science_salaries_2024_spelled_out/data_science_salaries.csv")) +
		presetSource("linkedin-2023", "linkedin_salaries", p("linkedin_job_postings_2023_details/job_details/salaries.csv")) +
		presetSource("nyc-jobs-2019", "nyc_jobs", p("nyc_jobs_2019_extract/nyc-jobs.csv")) +
		presetSource("nyc-jobs-2022", "nyc_jobs_2022", p("nyc_jobs_2022_extract/NYC_Jobs.csv")) +
		presetSource("h1b-2016", "h1b_lca", p("h1b_lca_fy2016_insight_extract/h1b_input.csv"))
}

func presetSource(name, preset, path string) string {
	return source(name, "postings", path) + "    preset: " + preset + "\n"
}

func publishedPostings(t *testing.T) string {
	t.Helper()
	return postingsRun.published(t, "the posting datasets", postingSources(t))
}

// queryRows runs SQL through the query command and returns rows as maps.
func queryRows(t *testing.T, cfg, sql string) []map[string]any {
	t.Helper()
	return decodeJSON[[]map[string]any](t, mustCLI(t, "--config", cfg, "query", "--format", "json", sql))
}

func TestPostingDatasetsRowCountsAndGroups(t *testing.T) {
	cfg := publishedPostings(t)
	rows := queryRows(t, cfg, `SELECT source_name, rows_loaded, distinct_postings, rows_with_pay, rows_annualized_usd, rows_pay_estimated
		FROM fct_postings_quality ORDER BY source_name`)
	want := map[string][5]float64{ // rows, distinct postings, with pay, annualized USD, estimates
		"aijobs-2025":           {74301, 74301, 74301, 74301, 0},
		"ds-salaries-2020-2022": {607, 607, 605, 605, 0},
		"ds-salaries-2023":      {3755, 3755, 3755, 3755, 0},
		"ds-salaries-2024":      {11087, 11087, 11087, 11087, 0},
		"glassdoor-2020":        {956, 600, 742, 742, 713},
		"glassdoor-uncleaned":   {672, 659, 672, 672, 652},
		"h1b-2016":              {1051, 1051, 1051, 1051, 0},
		"linkedin-2023":         {13352, 13352, 13330, 13330, 0},
		"nyc-jobs-2019":         {3843, 2100, 3843, 3843, 0},
		"nyc-jobs-2022":         {5198, 2373, 5198, 5198, 0},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d sources: %v", len(rows), rows)
	}
	for _, r := range rows {
		w := want[r["source_name"].(string)]
		got := [5]float64{r["rows_loaded"].(float64), r["distinct_postings"].(float64), r["rows_with_pay"].(float64),
			r["rows_annualized_usd"].(float64), r["rows_pay_estimated"].(float64)}
		if got != w {
			t.Errorf("%s: got %v, want %v", r["source_name"], got, w)
		}
	}
	pairs := queryRows(t, cfg, `SELECT count(*) AS n FROM (SELECT duplicate_group FROM stg_postings__postings
		WHERE source_name = 'nyc-jobs-2022' GROUP BY 1 HAVING count(DISTINCT posting_type) = 2)`)
	if pairs[0]["n"].(float64) != 2118 {
		t.Errorf("NYC Internal/External pairs in one group: %v, want 2118", pairs[0]["n"])
	}
}

func TestPostingsNormalizedRows(t *testing.T) {
	cfg := publishedPostings(t)
	tests := []struct {
		source string
		want   map[string]any
	}{
		{"glassdoor-2020", map[string]any{"title_raw": "Data Scientist", "soc_code": "15-2051", "matched_title": "Data Scientist",
			"match_score": 0.963, "match_method": "exact:onet_alternate", "annual_min": 53000.0, "annual_max": 91000.0,
			"annual_mid_usd": 72000.0, "pay_period": "year", "currency": "USD", "is_pay_estimate": true, "city": "Albuquerque", "state": "NM",
			"cbsa_code": "10740", "employer_name": "Tecolote Research", "employer_type": "private_other", "company_size": "large"}},
		{"glassdoor-uncleaned", map[string]any{"title_raw": "Sr Data Scientist", "experience_level": "senior", "annual_min": 137000.0,
			"annual_max": 171000.0, "is_pay_estimate": true, "state": "NY", "cbsa_code": "35620"}},
		{"ds-salaries-2024", map[string]any{"title_raw": "Data Engineer", "experience_level": "mid", "annual_mid_usd": 148100.0,
			"country": "US", "is_remote": true, "company_size": "medium"}},
		{"aijobs-2025", map[string]any{"title_raw": "Consultant", "experience_level": "executive", "annual_mid_usd": 120000.0, "country": "PL", "company_size": "small"}},
		{"linkedin-2023", map[string]any{"pay_period": "hour", "annual_min": 45760.0, "annual_max": 62400.0, "annual_mid_usd": 54080.0}},
		{"nyc-jobs-2019", map[string]any{"title_raw": "Account Manager", "annual_min": 42405.0, "annual_max": 65485.0, "employer_type": "government", "state": "NY"}},
		{"nyc-jobs-2022", map[string]any{"title_raw": "PROJECT SPECIALIST", "experience_level": "mid", "annual_mid_usd": 99108.5,
			"employer_type": "government", "cbsa_code": "35620"}},
		{"h1b-2016", map[string]any{"title_raw": "POSTDOCTORAL RESEARCH FELLOW", "annual_mid_usd": 41000.0, "city": "Ann Arbor", "state": "MI",
			"cbsa_code": "11460", "employer_type": "education", "experience_level": "entry", "soc_code_hint": "10-1021.00"}},
		// a valid SOC code the source carries names the occupation's title
		{"h1b-2016", map[string]any{"source_row_number": 3.0, "title_raw": "CHIEF OPERATING OFFICER", "soc_code": "11-1011",
			"matched_title": "Chief Executives", "match_score": 1.0, "match_method": "source:soc_code"}},
		{"ds-salaries-2023", map[string]any{"title_raw": "Principal Data Scientist", "soc_code": "15-2051", "currency": "EUR", "annual_mid": 80000.0,
			"experience_level": "senior", "country": "ES", "is_remote": true}},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			row := 2.0
			if r, ok := tt.want["source_row_number"]; ok {
				row = r.(float64)
			}
			rows := queryRows(t, cfg, fmt.Sprintf("SELECT * FROM stg_postings__postings WHERE source_row_number = %g AND source_name = '%s'", row, tt.source))
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			for k, v := range tt.want {
				if rows[0][k] != v {
					t.Errorf("%s = %#v, want %#v", k, rows[0][k], v)
				}
			}
		})
	}
}

// TestAnnualizedPayMatchesPublishersUSD compares our USD figures with the
// dataset's own salary_in_usd column, read in place with DuckDB.
func TestAnnualizedPayMatchesPublishersUSD(t *testing.T) {
	cfg := publishedPostings(t)
	file := shareddata.Path(t, "postings/ds_salaries_2023_3755/ds_salaries_2023.csv")
	rows := queryRows(t, cfg, `SELECT
		(SELECT sum(annual_mid_usd) FROM stg_postings__postings WHERE source_name = 'ds-salaries-2023' AND currency = 'USD') AS ours_usd,
		(SELECT sum(CAST(salary_in_usd AS DOUBLE)) FROM read_csv('`+file+`', all_varchar = true) WHERE salary_currency = 'USD') AS theirs_usd,
		(SELECT sum(annual_mid_usd) FROM stg_postings__postings WHERE source_name = 'ds-salaries-2023' AND currency <> 'USD') AS ours_other,
		(SELECT sum(CAST(salary_in_usd AS DOUBLE)) FROM read_csv('`+file+`', all_varchar = true) WHERE salary_currency <> 'USD') AS theirs_other`)
	r := rows[0]
	if r["ours_usd"] != r["theirs_usd"] || r["ours_usd"].(float64) != 481558907 {
		t.Errorf("USD rows: ours %v, the dataset's salary_in_usd %v", r["ours_usd"], r["theirs_usd"])
	}
	if ratio := r["ours_other"].(float64) / r["theirs_other"].(float64); math.Abs(ratio-1) > 0.005 {
		t.Errorf("non-USD rows converted: ours/theirs = %.4f, want within 0.5%%", ratio)
	}
}

func TestUnseenDatasetFromColumnsAlone(t *testing.T) {
	dir := t.TempDir()
	data := `{"req_id": "A-1", "position": "Medical Technologist - Nights", "comp": "$32.50 - $41.00 per hour", "site": "Cleveland, OH", "org": "Cleveland Clinic"}
{"req_id": "A-2", "position": "MLT II", "comp": "Up to $58,000 a year", "site": "Remote", "org": "Quest Diagnostics"}
{"req_id": "A-3", "position": "Phlebotomist", "comp": "Competitive", "site": "Austin, TX", "org": "Acme Staffing"}
`
	path := filepath.Join(dir, "hospital_feed.jsonl")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	mapping := source("hospital-feed", "postings", path) +
		"    columns: {id: req_id, title: position, pay_text: comp, location: site, employer: org}\n    currency: USD\n"
	cfg := writeConfig(t, dir, source("oews-national-2023", "oews", shareddata.Path(t, "bls/oews/national/national_M2023_dl.xlsx"))+mapping)
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging,marts,checks")
	rows := queryRows(t, cfg, `SELECT posting_id, pay_period, annual_min, annual_max, state, cbsa_code, is_remote, employer_type, has_pay
		FROM stg_postings__postings ORDER BY posting_id`)
	want := []map[string]any{
		{"posting_id": "A-1", "pay_period": "hour", "annual_min": 67600.0, "annual_max": 85280.0, "state": "OH", "cbsa_code": "17410",
			"is_remote": false, "employer_type": "hospital", "has_pay": true},
		{"posting_id": "A-2", "pay_period": "year", "annual_min": nil, "annual_max": 58000.0, "state": nil, "is_remote": true,
			"employer_type": "laboratory", "has_pay": true},
		{"posting_id": "A-3", "pay_period": nil, "annual_min": nil, "state": "TX", "employer_type": "staffing_agency", "has_pay": false},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %v", len(rows), rows)
	}
	for i, w := range want {
		for k, v := range w {
			if rows[i][k] != v {
				t.Errorf("%s %s = %#v, want %#v", w["posting_id"], k, rows[i][k], v)
			}
		}
	}

	// A mapping that names a column the file lacks is a configuration error.
	bad := source("hospital-feed", "postings", path) + "    columns: {title: job_title, pay_text: comp}\n"
	cfg = writeConfig(t, dir, bad)
	code, _, errOut := cli(t, "", "--config", cfg, "run")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d: %s", code, exitUsage, errOut)
	}
	for _, w := range []string{"hospital-feed", `columns.title names "job_title"`, `"position"`, `"comp"`} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}

	// One new file of a glob without a mapped column is that file's fault,
	// not the mapping's, which reads the other: the source fails (exit 3).
	odd := filepath.Join(dir, "hospital_feed_2.jsonl")
	if err := os.WriteFile(odd, []byte(`{"req_id": "B-1", "title": "Phlebotomist", "comp": "$18 an hour"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	glob := source("hospital-feed", "postings", filepath.Join(dir, "hospital_feed*.jsonl")) +
		"    columns: {id: req_id, title: position, pay_text: comp, location: site, employer: org}\n    currency: USD\n"
	cfg = writeConfig(t, dir, glob)
	code, _, errOut = cli(t, "", "--config", cfg, "run")
	if code != exitPartial || !strings.Contains(errOut, "hospital_feed_2.jsonl") || !strings.Contains(errOut, `"position"`) {
		t.Errorf("exit %d, want %d naming the odd file: %s", code, exitPartial, errOut)
	}
}

func TestParquetDatasetFromColumns(t *testing.T) {
	dir := t.TempDir()
	oews := source("oews-national-2023", "oews", shareddata.Path(t, "bls/oews/national/national_M2023_dl.xlsx"))
	cfg := writeConfig(t, dir, oews)
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging,marts,checks")
	// DuckDB writes the fixture: two postings, one with a pay period the parser
	// must reject.
	parquet := filepath.Join(dir, "feed.parquet")
	mustCLI(t, "--config", cfg, "query", `COPY (
		SELECT * FROM (VALUES ('P-1', 'Histotechnologist', 61000, 72000, 'year', 'Denver, CO'),
		                      ('P-2', 'Cytotechnologist', 40, 45, 'fortnightly-ish', 'Reno, NV'))
		AS t(job_ref, role, low, high, per, loc)) TO '`+parquet+`' (FORMAT parquet)`)
	feed := source("parquet-feed", "postings", parquet) +
		"    columns: {id: job_ref, title: role, pay_min: low, pay_max: high, pay_period: per, location: loc}\n    currency: USD\n"
	cfg = writeConfig(t, dir, oews+feed)
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging,marts,checks")
	rows := queryRows(t, cfg, `SELECT posting_id, source_row_number, annual_mid_usd, state, cbsa_code, pay_reject
		FROM stg_postings__postings ORDER BY posting_id`)
	if len(rows) != 2 || rows[0]["annual_mid_usd"] != 66500.0 || rows[0]["state"] != "CO" || rows[0]["cbsa_code"] != "19740" ||
		rows[0]["source_row_number"] != 1.0 || rows[1]["annual_mid_usd"] != nil || !strings.Contains(rows[1]["pay_reject"].(string), "fortnightly-ish") {
		t.Fatalf("parquet rows: %v", rows)
	}
	rejects := queryRows(t, cfg, `SELECT r.row_number, r.reason FROM rejects AS r JOIN source_files USING (source_file_id) WHERE source_name = 'parquet-feed'`)
	if len(rejects) != 1 || rejects[0]["row_number"] != 2.0 {
		t.Errorf("rejects: %v", rejects)
	}
}

// Posted dates in the formats sources print them become a date and the
// year the pay is from; a bare year or year-month gives the year only.
// Text that names no plausible day is a reject, and the posting stays
// with no date and the source's release as its pay year (the first four
// characters once made "0000-00-00" year 0). Pay of 0 is a reject too.
func TestPostedDatesAndPayRejects(t *testing.T) {
	const accepted = `; accepted: YYYY-MM-DD (a time may follow), YYYY/MM/DD, MM/DD/YYYY or M/D/YY (month first), DD.MM.YYYY (day first), ` +
		`YYYYMMDD, "2 May 2024", "3-May-2024", "May 3, 2024", epoch seconds (a column of 10 digits), ` +
		`Excel serial days (a column of 5 digits), YYYY or YYYY-MM`
	dir := t.TempDir()
	comp40k := [3]string{"$40,000 a year", "", ""}
	tests := []struct {
		file, id, posted string
		pay              [3]string // comp (text), lo, hi (fields, a year's pay)
		wantDate         any       // "2024-05-02", or nil
		wantYear         float64
		wantRejects      [][3]string // column, value, reason
	}{
		{"mixed", "D-01", "2022-06-15", comp40k, "2022-06-15", 2022, nil},
		{"mixed", "D-02", "2023", comp40k, nil, 2023, nil},
		{"mixed", "D-03", "2024-03", comp40k, nil, 2024, nil},
		{"mixed", "D-04", "2019-02-11T08:00:00Z", comp40k, "2019-02-11", 2019, nil},
		{"mixed", "D-05", "05/02/2024", comp40k, "2024-05-02", 2024, nil},
		{"mixed", "D-06", "5/2/2024", comp40k, "2024-05-02", 2024, nil},
		{"mixed", "D-07", "2 May 2024", comp40k, "2024-05-02", 2024, nil},
		{"mixed", "D-08", "May 3, 2024", comp40k, "2024-05-03", 2024, nil},
		{"mixed", "D-09", "3-May-2024", comp40k, "2024-05-03", 2024, nil},
		{"mixed", "D-10", "20240503", comp40k, "2024-05-03", 2024, nil},
		{"mixed", "D-11", "03.05.2024", comp40k, "2024-05-03", 2024, nil},
		{"mixed", "D-12", "2024/05/03", comp40k, "2024-05-03", 2024, nil},
		{"mixed", "D-13", "05/02/2024 10:30 AM", comp40k, "2024-05-02", 2024, nil},
		{"mixed", "D-14", "Jan. 5, 2024", comp40k, "2024-01-05", 2024, nil},
		{"mixed", "D-15", "2011-06-24T00:00:00.000", comp40k, "2011-06-24", 2011, nil},
		{"mixed", "D-16", "0000-00-00", comp40k, nil, 2021, [][3]string{{"posted_date", "0000-00-00", "no such day" + accepted}}},
		{"mixed", "D-17", "2024-13-45", comp40k, nil, 2021, [][3]string{{"posted_date", "2024-13-45", "no such day" + accepted}}},
		{"mixed", "D-18", "31/12/2024", comp40k, nil, 2021, [][3]string{{"posted_date", "31/12/2024", "no such day" + accepted}}},
		{"mixed", "D-19", "yesterday", comp40k, nil, 2021, [][3]string{{"posted_date", "yesterday", "not a date" + accepted}}},
		{"mixed", "D-20", "1714694400", comp40k, nil, 2021, [][3]string{{"posted_date", "1714694400", "not a date" + accepted}}},
		{"mixed", "D-21", "1985-06-01", comp40k, nil, 2021, [][3]string{{"posted_date", "1985-06-01", "implausible date: before 1990"}}},
		{"mixed", "D-22", "1989", comp40k, nil, 2021, [][3]string{{"posted_date", "1989", "implausible date: before 1990"}}},
		{"mixed", "D-23", "2099-01-01", comp40k, nil, 2021,
			[][3]string{{"posted_date", "2099-01-01", "implausible date: more than a year after the file was read"}}},
		{"mixed", "D-24", "", comp40k, nil, 2021, nil},
		{"mixed", "D-25", "5/2/24", comp40k, "2024-05-02", 2024, nil},                                                                // Excel's U.S. short date
		{"mixed", "D-26", "12/31/89", comp40k, nil, 2021, [][3]string{{"posted_date", "12/31/89", "implausible date: before 1990"}}}, // 69–99 are 1969–1999
		{"mixed", "D-27", "45292", comp40k, nil, 2021, [][3]string{{"posted_date", "45292", "not a date" + accepted}}},
		{"mixed", "Z-1", "2024-05-03", [3]string{"$0 a year", "", ""}, "2024-05-03", 2024,
			[][3]string{{"pay", "$0 a year", "pay of 0: every amount stated is 0"}}},
		{"mixed", "Z-2", "2024-05-03", [3]string{"", "0", "0"}, "2024-05-03", 2024,
			[][3]string{{"pay", "0 | 0", "pay of 0: every amount stated is 0"}}},
		// every date of this file is ten digits: epoch seconds
		{"epoch", "E-1", "1714694400", comp40k, "2024-05-03", 2024, nil},
		{"epoch", "E-2", "1700000000", comp40k, "2023-11-14", 2023, nil},
		// every date of this file is five digits: Excel serial days
		{"excel", "X-1", "45292", comp40k, "2024-01-01", 2024, nil},
		{"excel", "X-2", "45413", comp40k, "2024-05-01", 2024, nil},
	}
	feeds := map[string]*strings.Builder{"mixed": {}, "epoch": {}, "excel": {}}
	for _, tt := range tests {
		fmt.Fprintf(feeds[tt.file], `{"req_id": %q, "position": "Phlebotomist", "comp": %q, "lo": %q, "hi": %q, "per": "year", "site": "Austin, TX", "posted": %q}`+"\n",
			tt.id, tt.pay[0], tt.pay[1], tt.pay[2], tt.posted)
	}
	var sources string
	for _, name := range []string{"mixed", "epoch", "excel"} {
		path := filepath.Join(dir, name+"_feed.jsonl")
		if err := os.WriteFile(path, []byte(feeds[name].String()), 0o644); err != nil {
			t.Fatal(err)
		}
		sources += source(name+"-feed", "postings", path) + "    release: 2021-05\n" +
			"    columns: {id: req_id, title: position, pay_text: comp, pay_min: lo, pay_max: hi, pay_period: per, location: site, posted_date: posted}\n" +
			"    currency: USD\n"
	}
	cfg := writeConfig(t, dir, source("oews-national-2023", "oews", shareddata.Path(t, "bls/oews/national/national_M2023_dl.xlsx"))+sources)
	mustCLI(t, "--config", cfg, "--quiet", "run", "--only", "ingest,normalize,staging")
	rows := queryRows(t, cfg, `SELECT posting_id, CAST(posted_date AS VARCHAR) AS posted_date, pay_year FROM stg_postings__postings ORDER BY posting_id`)
	rejects := queryRows(t, cfg, `SELECT p.posting_id, r.column_name, r.value, r.reason, r.stage FROM rejects AS r
		JOIN stg_postings__postings AS p ON p.source_file_id = r.source_file_id AND p.source_row_number = r.row_number
		ORDER BY p.posting_id, r.column_name`)
	if len(rows) != len(tests) {
		t.Fatalf("%d rows: %v", len(rows), rows)
	}
	byID := map[string]map[string]any{}
	for _, r := range rows {
		byID[r["posting_id"].(string)] = r
	}
	rejectsOf := map[string][][3]string{}
	for _, r := range rejects {
		if r["stage"] != "stg_postings__postings" {
			t.Errorf("reject %v: stage %v, want stg_postings__postings", r, r["stage"])
		}
		id := r["posting_id"].(string)
		rejectsOf[id] = append(rejectsOf[id], [3]string{r["column_name"].(string), r["value"].(string), r["reason"].(string)})
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.posted, func(t *testing.T) {
			r := byID[tt.id]
			if r["posted_date"] != tt.wantDate || r["pay_year"] != tt.wantYear {
				t.Errorf("posted_date %v, pay_year %v; want %v, %v", r["posted_date"], r["pay_year"], tt.wantDate, tt.wantYear)
			}
			if got := rejectsOf[tt.id]; fmt.Sprint(got) != fmt.Sprint(tt.wantRejects) {
				t.Errorf("rejects %q, want %q", got, tt.wantRejects)
			}
		})
	}
}

// A metro OEWS publishes is named by OEWS's title on the posted rows too:
// the May 2023 MSA file says "New York-Newark-Jersey City, NY-NJ-PA", the
// 2023 delineation in data/metros.csv "…, NY-NJ"; one answer must not name
// the same area two ways.
func TestPostedMetroTakesTheOEWSTitle(t *testing.T) {
	cfg := publishedPostings(t)
	rows := decodeJSON[[]rateRow](t, mustCLI(t, "--config", cfg, "rates", "--occupation", "15-1252", "--area", "35620", "--format", "json"))
	families := map[string]bool{}
	for _, r := range rows {
		families[r.SourceFamily] = true
		if r.AreaTitle != "New York-Newark-Jersey City, NY-NJ-PA" {
			t.Errorf("a %s row is titled %q", r.SourceFamily, r.AreaTitle)
		}
	}
	if !families["oews"] || !families["postings"] {
		t.Errorf("want OEWS and posted rows for 15-1252 in 35620: %+v", rows)
	}
	// the table's heading too, every time (the area lookup once took
	// either title, as the rows of a tie came)
	for range 5 {
		table := mustCLI(t, "--config", cfg, "rates", "--occupation", "15-1252", "--area", "35620")
		if head, _, _ := strings.Cut(table, "\n"); head != "15-1252 Software Developers · New York-Newark-Jersey City, NY-NJ-PA" {
			t.Fatalf("heading %q", head)
		}
	}
}
