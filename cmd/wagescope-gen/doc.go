// Command wagescope-gen writes synthetic job postings for load tests and
// benchmarks: N rows, the same bytes for the same seed, in the mixed pay,
// title, place and date formats of the real posting datasets, with about 3%
// exact duplicates and 1% bad rows. Every posting_id is "SYN-<seed>-<n>",
// every employer is named "Synthetic …", and MANIFEST.json beside the files
// says that the data are synthetic and records the row count, seed, shares,
// generator version and each file's sha256.
//
// Usage, from the repository root:
//
//	go run -tags duckdb_arrow ./cmd/wagescope-gen --rows 1000000 --seed 1 --out DIR
//
// Flags:
//
//	--rows N        postings to write (default 1000000)
//	--seed N        random seed (default 1)
//	--out DIR       output directory, created if missing (default out/synthetic)
//	--format LIST   csv, parquet or csv,parquet (default csv,parquet)
//	--titles LIST   comma-separated O*NET title files (Alternate Titles,
//	                Sample of Reported Titles; .xlsx, .txt or .zip), default
//	                ../shared/data/bls/crosswalks/onet/Alternate Titles.xlsx and
//	                ../shared/data/bls/crosswalks/onet/Sample of Reported Titles.xlsx
//	--workers N     generating goroutines (default GOMAXPROCS); the output
//	                does not depend on it
//
// It writes DIR/synthetic_postings_<rows>.csv and .parquet (all columns
// nullable strings, zstd, row groups of 1,048,576 rows) and DIR/MANIFEST.json,
// and prints one line per file to stdout. Columns: posting_id, job_title,
// company, ownership, industry, location, salary (free text such as "$53K-$91K
// (Glassdoor est.)" or "$25 - $35 an hour"), salary_min, salary_max,
// salary_period (Annual, HOURLY, Month …), currency, experience,
// posted_date, remote, description.
//
// To read the files with wagescope, give a postings source the preset
// "synthetic" (data/presets/synthetic.yaml):
//
//	sources:
//	  - name: synthetic_postings
//	    kind: postings
//	    preset: synthetic
//	    path: DIR/synthetic_postings_1000000.csv
//
// The CSV has malformed records on purpose (ragged rows, an unquoted comma,
// a bare quote), which wagescope reports as rejects; the Parquet file has
// the same rows with null trailing fields instead of ragged records.
//
// Exit codes: 0 ok, 1 failure, 2 usage error.
package main
