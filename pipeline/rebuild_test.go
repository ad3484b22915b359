package pipeline

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// inputTables are the tables the database holds before staging runs.
var inputTables = append(append([]string{}, rawTables...),
	"source_files", "runs", "run_settings", "run_source_order",
	"map_postings__sources", "map_postings__titles", "map_postings__pay", "map_postings__pay_collisions", "map_postings__places",
	"map_postings__experience", "map_postings__employers", "map_postings__descriptions",
	"ref_currency_rates", "ref_employer_types_oews", "ref_experience_bridge", "ref_metros", "ref_oews_topcodes", "ref_states")

func TestParseModelFindsCreatesMutatesAndReads(t *testing.T) {
	known := map[string]bool{"raw_a": true, "dim_x": true, "rejects": true, "t_out": true, "source_files": true}
	m := parseModel("marts/x.sql", `-- reads FROM not_this (a comment)
CREATE OR REPLACE TABLE t_out AS
WITH cte AS (SELECT * FROM raw_a JOIN source_files USING (source_file_id))
SELECT '-- FROM dim_x' AS s FROM cte;
DELETE FROM rejects WHERE stage = 'x';
INSERT INTO dim_x BY NAME SELECT * FROM t_out;
ALTER TABLE dim_x ADD COLUMN c BOOLEAN;`, known)
	want := sqlModel{name: "marts/x.sql", creates: []string{"t_out"}, mutates: []string{"rejects", "dim_x"}, reads: []string{"raw_a", "source_files", "t_out"}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("parseModel:\n got %+v\nwant %+v", m, want)
	}
}

// A repeat block's query is a comment the runner executes: what it reads
// is a dependency.
func TestParseModelReadsRepeatQueries(t *testing.T) {
	known := map[string]bool{"raw_a": true, "buckets": true, "t_out": true}
	m := parseModel("marts/x.sql", `CREATE OR REPLACE TABLE t_out AS SELECT * FROM raw_a LIMIT 0;
-- wagescope:for b IN (SELECT DISTINCT b FROM buckets ORDER BY b)
INSERT INTO t_out SELECT * FROM raw_a WHERE b = {b};
-- wagescope:end
`, known)
	want := sqlModel{name: "marts/x.sql", creates: []string{"t_out"}, mutates: []string{"t_out"}, reads: []string{"raw_a", "buckets"}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("parseModel:\n got %+v\nwant %+v", m, want)
	}
}

// The plan for the project's own SQL: which files an incremental build runs
// when one kind of input changed.
func TestPlanRebuildOfEmbeddedModels(t *testing.T) {
	models, err := loadModels(inputTables)
	if err != nil {
		t.Fatal(err)
	}
	allMarts := "marts/000_macros marts/010_dim_occupation marts/020_fct_wage_stats marts/030_fct_outlook marts/040_fct_postings_quality " +
		"marts/050_fct_posted_vs_surveyed marts/060_fct_experience_bridge marts/070_fct_pay_premiums"
	martsButQuality := strings.Replace(allMarts, "marts/040_fct_postings_quality ", "", 1)
	tests := []struct {
		name    string
		changed []string
		want    string
	}{
		{"nothing", nil, "marts/000_macros staging/000_macros"},
		{"postings", []string{"raw_postings__postings", "rejects", "map_postings__titles", "map_postings__pay"},
			"staging/000_macros staging/050_stg_postings__postings " + allMarts},
		{"oews", []string{"raw_oews__wages", "rejects"},
			"staging/000_macros staging/010_stg_oews__wages staging/011_stg_oews__unlocated " + allMarts},
		// The CPI feeds only the constant-dollar columns, but those live in
		// fct_wage_stats, which rewrites the dims it adds areas to.
		{"cpi", []string{"raw_cpi__observations"},
			"staging/000_macros staging/030_stg_cpi " + martsButQuality},
		{"projections", []string{"raw_projections__occupations", "raw_projections__alternate_titles"},
			"staging/000_macros staging/020_stg_projections " + martsButQuality},
		// Settings reach the marts only; no staging file reads them.
		{"settings", []string{"run_settings"}, "staging/000_macros " + martsButQuality},
		{"source_files alone", []string{"source_files"}, "marts/000_macros staging/000_macros"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := map[string]bool{}
			for _, c := range tc.changed {
				changed[c] = true
			}
			var got []string
			for name := range planRebuild(models, changed) {
				got = append(got, strings.TrimSuffix(name, ".sql"))
			}
			sort.Strings(got)
			want := strings.Fields(tc.want)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("changed %v:\n got %v\nwant %v", tc.changed, got, want)
			}
		})
	}
}

// addedFiles with its sets swapped lists the files a night lost.
func TestLostFiles(t *testing.T) {
	tests := []struct {
		published, now string
		want           bool
	}{
		{"", "", false},
		{"", "3", false},
		{"1,2", "1,2,7", false}, // a file added
		{"1,2", "1,7", true},    // file 2 replaced by 7
		{"1,2", "1", true},      // file 2 dropped
		{"10,2", "2,10", false}, // the same set
		{"1", "", true},         // every posting gone
	}
	for _, tt := range tests {
		if got := len(addedFiles(tt.now, tt.published)) > 0; got != tt.want {
			t.Errorf("addedFiles(%q, %q) lost files: %v, want %v", tt.now, tt.published, got, tt.want)
		}
	}
}

// The postings model may append only when what it reads changed as a
// night of new postings changes it; staleInputs says what did.
func TestStaleInputsOfThePostingsModel(t *testing.T) {
	models, err := loadModels(inputTables)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		changed []string
		want    string
	}{
		{"new postings", []string{"raw_postings__postings", "map_postings__titles", "map_postings__pay"},
			"raw_postings__postings map_postings__titles map_postings__pay"},
		// the SOC structure is rebuilt by 040_stg_soc, which runs first
		{"soc", []string{"raw_soc__occupations"}, "stg_soc__occupations"},
		{"source order", []string{"run_source_order"}, "run_source_order"},
		{"cpi", []string{"raw_cpi__observations"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := map[string]bool{}
			for _, c := range tc.changed {
				changed[c] = true
			}
			got := staleInputs(models, planRebuild(models, changed), changed, postingsModel)
			sort.Strings(got)
			want := strings.Fields(tc.want)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("changed %v: got %v, want %v", tc.changed, got, want)
			}
		})
	}
}

func TestAddedFiles(t *testing.T) {
	tests := []struct {
		published, now string
		want           []int64
	}{
		{"", "", nil},
		{"", "3", []int64{3}},
		{"1,2", "1,2,7", []int64{7}},
		{"1,2", "1,10,7,2", []int64{7, 10}}, // in order, as numbers
		{"1,2", "1", nil},
		{"12", "1,12", []int64{1}}, // "1" is not part of "12"
	}
	for _, tt := range tests {
		if got := addedFiles(tt.published, tt.now); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("addedFiles(%q, %q) = %v, want %v", tt.published, tt.now, got, tt.want)
		}
	}
}
