package normalize

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
	"github.com/xuri/excelize/v2"
)

// The evaluation reads the real reference lists in place (../shared/data)
// and classifies the hand-labeled posted titles in
// testdata/titles_labeled.csv. Run it with -v to see the misses:
//
//	go test ./pipeline/normalize/ -run TitleClassifierAccuracy -v

// minOEWSAccuracy is the accuracy at the OEWS publication level the
// classifier must keep on the labeled set: the measured 0.581 (168 of 289)
// less 0.02. The target was 0.90; it is not reached because a third of the
// misses are titles the reference lists themselves file elsewhere (O*NET
// lists "Machine Learning Engineer" under three codes, "Computer Vision
// Engineer" under 17-2061, "Analytics Manager" under 15-1243, "Operations
// Vice President" under 11-1011), a quarter are titles only domain
// knowledge resolves ("City Medical Specialist" is a physician, "Scientist,
// Immuno-Oncology" a medical scientist), and a quarter are titles labeled
// unknown that the lists do name ("Account Director", "Laboratory
// Associate"). Raise it when the classifier improves; never lower it to
// pass.
const minOEWSAccuracy = 0.561

// titleRefFiles are the reference files, relative to shared/data.
var titleRefFiles = struct{ socStructure, oewsDefinitions, onetAlternate, onetReported, projections string }{
	socStructure:    "bls/crosswalks/soc/soc_structure_2018.xlsx",
	oewsDefinitions: "bls/crosswalks/soc/occupation_definitions_m2023.xlsx",
	onetAlternate:   "bls/crosswalks/onet/Alternate Titles.xlsx",
	onetReported:    "bls/crosswalks/onet/Sample of Reported Titles.xlsx",
	projections:     "bls/projections/2022-32/Employment Projections.csv",
}

// titleRefs are the reference entries, in preference order, and the OEWS
// publication codes.
type titleRefs struct {
	entries  []TitleEntry
	soc      map[string]string // SOC 2018 code (all levels) → title
	oews     map[string]string // OEWS May 2023 code → title
	included map[string]string // detailed SOC code → OEWS aggregate that includes it
	bySource map[string]int
	index    *TitleIndex
}

var (
	titleRefsOnce sync.Once
	titleRefsVal  *titleRefs
	titleRefsErr  error
)

// loadTitleRefs reads the reference files once per test binary; it skips
// (or, with CI=true, fails) when the shared data folder is missing.
func loadTitleRefs(tb testing.TB) *titleRefs {
	tb.Helper()
	paths := map[string]string{
		"soc":      shareddata.Path(tb, titleRefFiles.socStructure),
		"oews":     shareddata.Path(tb, titleRefFiles.oewsDefinitions),
		"onet_alt": shareddata.Path(tb, titleRefFiles.onetAlternate),
		"onet_rep": shareddata.Path(tb, titleRefFiles.onetReported),
		"proj":     shareddata.Path(tb, titleRefFiles.projections),
		"synonyms": filepath.Join("..", "..", "data", "title_synonyms.csv"),
	}
	titleRefsOnce.Do(func() { titleRefsVal, titleRefsErr = readTitleRefs(paths) })
	if titleRefsErr != nil {
		tb.Fatal(titleRefsErr)
	}
	return titleRefsVal
}

var (
	refCodeRe     = regexp.MustCompile(`^\d{2}-\d{4}$`)
	refONETCodeRe = regexp.MustCompile(`^(\d{2}-\d{4})\.\d{2}$`)
	refIncludesRe = regexp.MustCompile(`This occupation\s+includes (?:the )?2018 SOC occupations?(.*?)(?:\.(?:\s|$)|$)`)
	refAnyCodeRe  = regexp.MustCompile(`\d{2}-\d{4}`)
)

func readTitleRefs(paths map[string]string) (*titleRefs, error) {
	r := &titleRefs{soc: map[string]string{}, oews: map[string]string{}, included: map[string]string{}, bySource: map[string]int{}}
	add := func(code, title, source string, weight float64) {
		title = strings.TrimSpace(title)
		if title == "" {
			return
		}
		r.entries = append(r.entries, TitleEntry{Code: code, Title: title, Source: source, Weight: weight})
		r.bySource[source]++
	}

	// Synonyms: title,soc_code,evidence.
	syn, err := readCSV(paths["synonyms"])
	if err != nil {
		return nil, err
	}
	if len(syn) == 0 || strings.Join(syn[0], ",") != "title,soc_code,evidence" {
		return nil, fmt.Errorf("%s: header is not title,soc_code,evidence", paths["synonyms"])
	}
	for i, rec := range syn[1:] {
		if len(rec) != 3 || !refCodeRe.MatchString(rec[1]) || rec[2] == "" {
			return nil, fmt.Errorf("%s line %d: want title, a NN-NNNN code and evidence: %q", paths["synonyms"], i+2, rec)
		}
		add(rec[1], rec[0], "synonym", 0)
	}

	// OEWS May 2023 list: code, title, definition.
	oewsRows, err := readSheet(paths["oews"])
	if err != nil {
		return nil, err
	}
	for _, row := range oewsRows {
		if len(row) < 2 || !refCodeRe.MatchString(row[0]) {
			continue
		}
		r.oews[row[0]] = row[1]
		if len(row) > 2 {
			if m := refIncludesRe.FindStringSubmatch(row[2]); m != nil {
				for _, c := range refAnyCodeRe.FindAllString(m[1], -1) {
					r.included[c] = row[0]
				}
			}
		}
		add(row[0], row[1], "oews", 0)
	}

	// SOC 2018 structure: the code sits in its level's column, the title
	// after the four level columns. Only detailed occupations are titles.
	socRows, err := readSheet(paths["soc"])
	if err != nil {
		return nil, err
	}
	for _, row := range socRows {
		if len(row) < 5 {
			continue
		}
		for level := 0; level < 4; level++ {
			if refCodeRe.MatchString(row[level]) {
				r.soc[row[level]] = row[4]
				if level == 3 {
					add(row[level], row[4], "soc", 0)
				}
				break
			}
		}
	}

	// Employment Projections 2022-32: "Title * Alt* Alt", code ="NN-NNNN".
	proj, err := readCSV(paths["proj"])
	if err != nil {
		return nil, err
	}
	var projAlts []TitleEntry
	for _, rec := range proj[1:] {
		if len(rec) < 2 {
			continue
		}
		code := strings.Trim(rec[1], `="`)
		if !refCodeRe.MatchString(code) {
			continue
		}
		parts := strings.Split(rec[0], "*")
		add(code, parts[0], "projections", 0)
		for _, a := range parts[1:] {
			if a = strings.TrimSpace(a); a != "" {
				projAlts = append(projAlts, TitleEntry{Code: code, Title: a, Source: "projections_alternate"})
			}
		}
	}
	for _, e := range projAlts {
		add(e.Code, e.Title, e.Source, 0)
	}

	// O*NET: reported titles, then alternate titles (weighted by how many
	// O*NET sources list them) and their short forms.
	rep, err := readSheet(paths["onet_rep"])
	if err != nil {
		return nil, err
	}
	for _, row := range rep {
		if len(row) >= 3 {
			if m := refONETCodeRe.FindStringSubmatch(row[0]); m != nil {
				add(m[1], row[2], "onet_reported", 0)
			}
		}
	}
	alt, err := readSheet(paths["onet_alt"])
	if err != nil {
		return nil, err
	}
	for _, row := range alt {
		if len(row) < 3 {
			continue
		}
		m := refONETCodeRe.FindStringSubmatch(row[0])
		if m == nil {
			continue
		}
		weight := 1.0
		if len(row) > 4 && row[4] != "" {
			weight = float64(len(strings.Split(row[4], ",")))
		}
		add(m[1], row[2], "onet_alternate", weight)
		if len(row) > 3 && row[3] != "" && !strings.EqualFold(row[3], row[2]) {
			add(m[1], row[3], "onet_alternate", weight)
		}
	}
	r.index = NewTitleIndex(r.entries)
	return r, nil
}

// oewsCode is the code OEWS publishes code under: itself when OEWS lists
// it, the OEWS aggregate whose definition includes it (29-2011 → 29-2010,
// 53-1042 → 53-1047), else its broad group, else its minor group; "" when
// OEWS publishes none (military).
func (r *titleRefs) oewsCode(code string) string {
	if code == "unknown" {
		return code
	}
	if _, ok := r.oews[code]; ok {
		return code
	}
	if agg, ok := r.included[code]; ok {
		return agg
	}
	if len(code) == 7 {
		if broad := code[:6] + "0"; r.oews[broad] != "" {
			return broad
		}
		if minor := code[:5] + "00"; r.oews[minor] != "" {
			return minor
		}
	}
	return ""
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, nil
}

// readSheet returns the rows of the first sheet of an .xlsx, cells trimmed.
func readSheet(path string) ([][]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, row := range rows {
		for i := range row {
			row[i] = strings.TrimSpace(row[i])
		}
	}
	return rows, nil
}

// labeledTitle is one row of testdata/titles_labeled.csv.
type labeledTitle struct {
	line                     int
	title, dataset, soc, oew string
}

func readLabeledTitles(t testing.TB) []labeledTitle {
	t.Helper()
	recs, err := readCSV(filepath.Join("testdata", "titles_labeled.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "title,dataset,soc_code,oews_code" {
		t.Fatalf("titles_labeled.csv header %q", recs[0])
	}
	var out []labeledTitle
	for i, rec := range recs[1:] {
		if len(rec) != 4 {
			t.Fatalf("titles_labeled.csv line %d: %d fields", i+2, len(rec))
		}
		out = append(out, labeledTitle{line: i + 2, title: rec[0], dataset: rec[1], soc: rec[2], oew: rec[3]})
	}
	return out
}

// TestTitlesLabeledData checks the labeled set itself: enough distinct
// titles, spread over datasets, labels that are real detailed SOC 2018
// codes (or unknown) with the OEWS code that publishes them.
func TestTitlesLabeledData(t *testing.T) {
	refs := loadTitleRefs(t)
	rows := readLabeledTitles(t)
	seen := map[string]int{}
	perDataset := map[string]int{}
	clinical := 0
	for _, r := range rows {
		key := strings.Join(strings.Fields(strings.ToLower(r.title)), " ")
		if first, dup := seen[key]; dup {
			t.Errorf("line %d: %q repeats line %d", r.line, r.title, first)
		}
		seen[key] = r.line
		perDataset[r.dataset]++
		if r.soc == "unknown" {
			if r.oew != "unknown" {
				t.Errorf("line %d: soc unknown but oews %q", r.line, r.oew)
			}
			continue
		}
		if title, ok := refs.soc[r.soc]; !ok || strings.HasSuffix(r.soc, "0") {
			t.Errorf("line %d: %s is not a detailed SOC 2018 code (%q)", r.line, r.soc, title)
		}
		if want := refs.oewsCode(r.soc); r.oew != want {
			t.Errorf("line %d: %s: oews_code %s, OEWS publishes it as %s", r.line, r.soc, r.oew, want)
		}
		if isClinicalLabel(r.soc) {
			clinical++
		}
	}
	if len(seen) < 200 {
		t.Errorf("%d distinct titles, want at least 200", len(seen))
	}
	for ds, n := range perDataset {
		if float64(n) > 0.4*float64(len(rows)) {
			t.Errorf("dataset %s has %d of %d titles, over 40%%", ds, n, len(rows))
		}
	}
	if clinical < 20 {
		t.Errorf("%d clinical, laboratory or health titles, want at least 20", clinical)
	}
	t.Logf("%d titles, %d clinical/lab/health; per dataset %v", len(rows), clinical, perDataset)
}

// TestTitleClassifierAccuracy classifies every labeled title and reports
// accuracy at the detailed SOC level and at the OEWS publication level, the
// unknown rate and every miss. A predicted unknown for a labeled title and a
// predicted code for a title labeled unknown are misses.
func TestTitleClassifierAccuracy(t *testing.T) {
	refs := loadTitleRefs(t)
	rows := readLabeledTitles(t)
	t.Logf("index: %d entries %v", len(refs.entries), refs.bySource)
	res := evaluateTitles(refs, refs.index, rows)
	t.Logf("detailed accuracy %.3f (%d/%d), OEWS accuracy %.3f (%d/%d), unknown rate %.3f (%d/%d)",
		res.all.detailedRate(), res.all.detailed, res.all.n, res.all.oewsRate(), res.all.oews, res.all.n,
		float64(res.unknowns)/float64(res.all.n), res.unknowns, res.all.n)
	t.Logf("clinical/lab/health titles (labels in 29-, 31-, 19-1022, 19-1041, 19-4042): OEWS accuracy %.3f (%d/%d)",
		res.clinical.oewsRate(), res.clinical.oews, res.clinical.n)
	groups := make([]string, 0, len(res.per))
	for g := range res.per {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		tl := res.per[g]
		t.Logf("  %-40s n=%3d detailed %.3f OEWS %.3f", g, tl.n, tl.detailedRate(), tl.oewsRate())
	}
	t.Logf("misses: %d labeled titles predicted unknown, %d titles labeled unknown given a code, %d given the wrong code",
		res.missUnknown, res.missGuess, res.missWrong)

	// The same index without the project's synonyms, to show what they add.
	var noSyn []TitleEntry
	for _, e := range refs.entries {
		if e.Source != "synonym" {
			noSyn = append(noSyn, e)
		}
	}
	bare := evaluateTitles(refs, NewTitleIndex(noSyn), rows)
	t.Logf("without data/title_synonyms.csv: OEWS accuracy %.3f (%d/%d)", bare.all.oewsRate(), bare.all.oews, bare.all.n)

	t.Logf("%d misses at the OEWS level (title, wanted, got, method, matched title, score, normalized query):", len(res.misses))
	for _, m := range res.misses {
		t.Log("  " + m)
	}
	if acc := res.all.oewsRate(); acc < minOEWSAccuracy {
		t.Errorf("OEWS-level accuracy %s, want at least %.3f", strconv.FormatFloat(acc, 'f', 3, 64), minOEWSAccuracy)
	}
}

// titleTally counts classified titles and hits.
type titleTally struct{ n, detailed, oews int }

func (t titleTally) detailedRate() float64 { return float64(t.detailed) / float64(max(t.n, 1)) }
func (t titleTally) oewsRate() float64     { return float64(t.oews) / float64(max(t.n, 1)) }

type titleEval struct {
	all, clinical                     titleTally
	per                               map[string]*titleTally
	unknowns                          int
	missUnknown, missGuess, missWrong int
	misses                            []string
}

func evaluateTitles(refs *titleRefs, ix *TitleIndex, rows []labeledTitle) titleEval {
	res := titleEval{per: map[string]*titleTally{}}
	for _, r := range rows {
		m := ix.Match(r.title)
		pred := m.Code
		if pred == "" {
			pred = "unknown"
			res.unknowns++
		}
		predOEWS := refs.oewsCode(pred)
		if res.per[r.dataset] == nil {
			res.per[r.dataset] = &titleTally{}
		}
		tallies := []*titleTally{&res.all, res.per[r.dataset]}
		if isClinicalLabel(r.soc) {
			tallies = append(tallies, &res.clinical)
		}
		for _, tl := range tallies {
			tl.n++
			if pred == r.soc {
				tl.detailed++
			}
			if predOEWS == r.oew {
				tl.oews++
			}
		}
		if predOEWS == r.oew {
			continue
		}
		switch {
		case pred == "unknown":
			res.missUnknown++
		case r.soc == "unknown":
			res.missGuess++
		default:
			res.missWrong++
		}
		res.misses = append(res.misses, fmt.Sprintf("%-60.60q want %-7s (%s) got %-7s (%s) via %s %q score %.3f [%s]",
			r.title, r.oew, refs.oews[r.oew], predOEWS, refs.oews[predOEWS], m.Method, m.Title, m.Score, m.Normalized))
	}
	sort.Strings(res.misses)
	return res
}

// isClinicalLabel reports a clinical, laboratory or health occupation.
func isClinicalLabel(soc string) bool {
	return strings.HasPrefix(soc, "29-") || strings.HasPrefix(soc, "31-") || soc == "19-1022" || soc == "19-1041" || soc == "19-4042"
}

// synonymsBeforeLabeling are the entries data/title_synonyms.csv held before
// the labeled set was drawn; they may coincide with labeled titles. Any
// synonym added since must not, so the evaluation is never tuned by
// teaching the classifier its own test titles.
var synonymsBeforeLabeling = map[string]bool{
	"Medical Technologist": true, "MT": true, "Medical Laboratory Technologist": true,
	"Medical Laboratory Scientist": true, "MLS": true, "Clinical Laboratory Scientist": true, "CLS": true,
	"Clinical Laboratory Technologist": true, "Medical Laboratory Technician": true, "MLT": true,
	"Clinical Laboratory Technician": true, "Medical Technician": true, "Laboratory Technician": true,
}

func TestTitleSynonymsAreNotEvalTitles(t *testing.T) {
	refs := loadTitleRefs(t)
	rows := readLabeledTitles(t)
	for _, e := range refs.entries {
		if e.Source != "synonym" || synonymsBeforeLabeling[e.Title] {
			continue
		}
		key := strings.Join(titleUniqSorted(TitleTokens(e.Title)), " ")
		for _, r := range rows {
			for _, v := range titleQueryVariants(r.title, refs.index) {
				if strings.Join(v.toks, " ") == key {
					t.Errorf("synonym %q reads like labeled title %q (line %d)", e.Title, r.title, r.line)
				}
			}
		}
	}
}

// BenchmarkTitleMatch matches posted titles against the full reference
// index (SOC, OEWS, projections, O*NET alternate and reported titles).
func BenchmarkTitleMatch(b *testing.B) {
	refs := loadTitleRefs(b)
	queries := []string{
		"Sr. Medical Technologist - Night Shift, PRN",
		"MT(ASCP) Generalist - Boston, MA",
		"Senior Data Scientist (Remote)",
		"LPN - Long Term Care, Full Time",
		"Public Health Nurse, Bureau of School Health",
		"DIRECTOR OF OPERATIONS & BUSINESS DEVELOPMENT",
		"Lab Tech II",
		"Software Engineer III, Payments",
	}
	// scored: every call ranks afresh (Rank is not cached); repeated: Match
	// on readings it has seen, as for the many noisy copies of one title.
	b.Run("scored", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			refs.index.Rank(queries[i%len(queries)], 1)
		}
	})
	// labeled: every labeled title in turn, ranked afresh, so the scratch
	// and the postings a query touches are not all in cache, as in a run.
	labeled := readLabeledTitles(b)
	b.Run("labeled", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			refs.index.Rank(labeled[i%len(labeled)].title, 1)
		}
	})
	b.Run("repeated", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			refs.index.Match(queries[i%len(queries)])
		}
	})
}

// The index numbers its variants for memory order (by head word); no
// answer may depend on that order. Reversing the variants within each head
// word must leave every answer the same, for the labeled titles and for
// them read as manager titles (see also TestFieldReadingTiesGoToTheSmallerCode).
func TestTitleAnswersDoNotDependOnVariantOrder(t *testing.T) {
	refs := loadTitleRefs(t)
	rows := readLabeledTitles(t)
	reordered := NewTitleIndex(refs.entries)
	slices.Reverse(reordered.variants)
	reordered.derive()
	if slices.EqualFunc(reordered.variants, refs.index.variants, func(a, b titleVariant) bool { return a.entry == b.entry }) {
		t.Fatal("reversing the variants left their order unchanged")
	}
	var queries []string
	for _, r := range rows {
		queries = append(queries, r.title, r.title+" Manager", "Director of "+r.title)
	}
	differ := 0
	for _, q := range queries {
		{
			want, got := refs.index.Match(q), reordered.Match(q)
			if got.Code != want.Code || got.Title != want.Title || got.Score != want.Score || got.Method != want.Method {
				differ++
				if differ <= 10 {
					t.Errorf("%q: %s %q %.3f %s with the variants reordered, want %s %q %.3f %s",
						q, got.Code, got.Title, got.Score, got.Method, want.Code, want.Title, want.Score, want.Method)
				}
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d answers changed with the variants' order", differ, len(queries))
	}
}

// minSwapSurvival is the share of the labeled titles the classifier gives a
// code whose answer survives two adjacent letters swapped in their longest
// word ("Phlebotomist" → "Phlebotomsit"): the measured 1.000 (217 of 217;
// 218 of 218 before "aide" named no occupation alone) less 0.02; 0.977 (212
// of 217) before misspelt rank, noise and generic words were corrected
// ("Dircetor of Data Science"), 0.862 (187) when a swap counted
// as two edits and phrases were read only as spelt. Raise it when the
// classifier improves; never lower it to pass.
const minSwapSurvival = 0.98

// TestTitleMatchSurvivesASwap misspells each labeled title the way typed
// titles (and the synthetic generator) do, swapping two adjacent letters in
// the middle of its longest word, and counts how often the answer stays.
func TestTitleMatchSurvivesASwap(t *testing.T) {
	refs := loadTitleRefs(t)
	var n, kept int
	var lost []string
	for _, r := range readLabeledTitles(t) {
		m := refs.index.Match(r.title)
		if m.Code == "" {
			continue
		}
		typo, ok := swapInLongestWord(r.title)
		if !ok {
			continue
		}
		n++
		if got := refs.index.Match(typo); got.Code == m.Code {
			kept++
		} else {
			lost = append(lost, fmt.Sprintf("%q → %q: %s, then %q (%s)", r.title, typo, m.Code, got.Code, got.Method))
		}
	}
	rate := float64(kept) / float64(max(n, 1))
	t.Logf("%d of %d answers survive a swap (%.3f)", kept, n, rate)
	for _, l := range lost {
		t.Log("  " + l)
	}
	if rate < minSwapSurvival {
		t.Errorf("swap survival %.3f, want at least %.3f", rate, minSwapSurvival)
	}
}

// swapInLongestWord swaps the two letters at the middle of s's longest
// all-letter word; ok is false when that word has no two different letters
// there.
func swapInLongestWord(s string) (string, bool) {
	start, bs, be := -1, 0, 0
	for i := 0; i <= len(s); i++ {
		letter := i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z')
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			if i-start > be-bs {
				bs, be = start, i
			}
			start = -1
		}
	}
	if be-bs < 4 {
		return "", false
	}
	p := bs + (be-bs)/2 - 1
	if s[p] == s[p+1] {
		return "", false
	}
	b := []byte(s)
	b[p], b[p+1] = b[p+1], b[p]
	return string(b), true
}

// TestTitleAnswersOnTheRealLists holds answers that depend on what the real
// reference lists hold, for titles of the shared data's postings: O*NET
// lists "Officer", "Chief", "Aide" and "OR Tech", and titles built on such
// words went to the one code that lists them.
func TestTitleAnswersOnTheRealLists(t *testing.T) {
	ix := loadTitleRefs(t).index
	tests := []struct{ name, title, want string }{
		// NYC Jobs titles that went to rehabilitation liaisons, fire chiefs,
		// personal care aides and physicians
		{"a liaison of an office", "Human Resources Liaison", ""},
		{"another liaison", "OFFICE LIAISON", ""},
		{"a chief of staff", "Chief of Staff", ""},
		{"a chief of a unit", "Chief of Training", ""},
		{"a student's job", "College Aide", ""},
		{"an aide of an office", "Paralegal Aide", ""},
		// the lists' own titles
		{"OR tech", "OR Tech", "29-2055"},
		{"OR aide", "OR Aide", "29-9093"},
		{"fire chief", "Fire Chief", "33-1021"},
		{"nurse aide", "Nurse Aide", "31-1131"},
		{"home health aide", "Home Health Aide", "31-1121"},
		{"community liaison", "Community Liaison", "21-1094"},
		{"chief executive", "Chief Executive Officer", "11-1011"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Match(tt.title); got.Code != tt.want {
				t.Errorf("Match(%q) = %q (%q, %.3f), want %q", tt.title, got.Code, got.Title, got.Score, tt.want)
			}
		})
	}
}
