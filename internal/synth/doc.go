// Package synth generates synthetic job postings for load tests and
// benchmarks: N rows, deterministic for a seed, in the mixed formats of the
// real posting datasets, written as CSV and Parquet with a MANIFEST.json.
//
// Titles are drawn from the O*NET title lists (LoadTitles reads them with
// ingest.IngestONET), by occupation family in about the shares of U.S.
// employment, with clinical laboratory technologists and technicians
// (29-2011, 29-2012) a fixed 2%. About a third of titles get noise: a
// seniority prefix or level ("Sr.", "Lead", "III"), a shift or place note
// ("- Night Shift", "(Remote)"), upper or lower case, abbreviations ("Med
// Tech"), now and then two swapped letters. Pay is a Glassdoor estimate
// ("$53K-$91K (Glassdoor est.)"), an employer text ("$25 - $35 an hour"), a
// bare number, or numeric minimum and maximum with a period (Annual,
// HOURLY, Month …), sometimes in EUR, GBP or CAD, drawn from a range per
// occupation family and seniority. Places are "City, ST" from
// data/metro_cities.csv, "Remote", "United States" or a state name from
// data/states.csv. Employers are invented ("Synthetic Health System 0421")
// with Glassdoor ownership and industry labels.
//
// About 3% of rows repeat an earlier row exactly (DuplicateShare), and
// about 1% are bad (BadShare; kinds in Stats.Bad). Row j's content depends
// only on the seed and j (a PCG stream seeded from both), so rows are made
// in parallel and written in order, and a duplicate remakes the row it
// repeats; the same Options give the same bytes whatever the number of
// workers. Nothing is held in memory beyond a few chunks of rows.
//
// The posting preset data/presets/synthetic.yaml maps the columns onto
// wagescope's canonical posting fields.
package synth
