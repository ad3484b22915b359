package normalize

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

// The normalizers run on every distinct value of every posting file, on
// every core: a panic on one odd value would end a nightly run, and a
// value that reads two ways would make the maps depend on the order they
// were built in. These fuzz targets hold the properties every input must
// keep; `go test -run '^$' -fuzz FuzzParsePay ./pipeline/normalize/`
// searches for a counterexample (their seeds, and the inputs that failed
// once, in testdata/fuzz, run with the tests). FuzzParsePlace found
// offsets of strings.ToLower's result used on the original (lowerASCII).

func FuzzParsePay(f *testing.F) {
	for _, in := range payBenchInputs {
		f.Add(in.Min, in.Max, in.Point, in.Period, in.Text, in.Currency)
	}
	for _, s := range []string{"$53K-$91K (Glassdoor est.)", "$24-$39 Per Hour", "Employer Provided Salary:$150K-$160K",
		"$-24-$39 Per Hour", "€45.000 - €55.000 a year", "1e308", "NaN", "Inf", "$0K-$0K", "Pay: $17.00 - $23.00 per hour\nBenefits",
		"$1,2,3", "¥", "$.K", "120k-", "-", "$5 - $1e400/hr"} {
		f.Add("", "", "", "", s, "")
	}
	f.Add("70000", "50000", "", "Annual", "", "USD")
	f.Add("1e309", "", "", "hour", "", "")
	f.Add("-5", "NaN", "Inf", "per fortnight", "", "£")
	f.Fuzz(func(t *testing.T, min, max, point, period, text, currency string) {
		in := PayInput{Min: min, Max: max, Point: point, Period: period, Text: text, Currency: currency, DefaultCurrency: "USD"}
		p := ParsePay(in)
		if again := ParsePay(in); !reflect.DeepEqual(p, again) {
			t.Fatalf("%+v read two ways: %s and %s", in, payShow(p), payShow(again))
		}
		if p.Reject != "" {
			if p.AnnualMin != nil || p.AnnualMax != nil || p.AnnualMid != nil {
				t.Fatalf("%+v rejected (%s) with annual amounts: %s", in, p.Reject, payShow(p))
			}
			return
		}
		if _, ok := AnnualFactors[p.Period]; !ok {
			t.Fatalf("%+v accepted with the period %q", in, p.Period)
		}
		if p.Currency == "" || !slices.Contains([]string{"fields", "text", "description"}, p.Source) {
			t.Fatalf("%+v accepted with currency %q and source %q", in, p.Currency, p.Source)
		}
		if p.AnnualMid == nil {
			t.Fatalf("%+v accepted without an annual midpoint: %s", in, payShow(p))
		}
		for _, v := range []*float64{p.Min, p.Max, p.Point, p.AnnualMin, p.AnnualMax, p.AnnualMid} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v <= 0) {
				t.Fatalf("%+v accepted with an amount that is not a positive number: %s", in, payShow(p))
			}
		}
		if p.AnnualMin != nil && p.AnnualMax != nil && *p.AnnualMin > *p.AnnualMax {
			t.Fatalf("%+v: annual minimum over the maximum: %s", in, payShow(p))
		}
		if p.AnnualMin != nil && p.AnnualMax != nil && (*p.AnnualMid < *p.AnnualMin || *p.AnnualMid > *p.AnnualMax) {
			t.Fatalf("%+v: annual midpoint outside the range: %s", in, payShow(p))
		}
	})
}

func FuzzParsePlace(f *testing.F) {
	for _, s := range []string{"Boston, MA", "Boston MA 02116", "Remote", "Hybrid remote in Austin, TX", "New York, NY",
		"Massachusetts", "DE", "GBR", "NYC", "United States", "San Juan, PR", ", ,", "Remote, Remote", "02116", "-1",
		"Washington, D.C.", "St. Louis, MO-IL", "Kansas City, MO"} {
		f.Add(s, "US")
		f.Add(s, "")
	}
	ix := testPlaceIndex(f)
	f.Fuzz(func(t *testing.T, raw, country string) {
		p := ix.Parse(raw, country)
		if again := ix.Parse(raw, country); p != again {
			t.Fatalf("%q read two ways: %+v and %+v", raw, p, again)
		}
		if p.Remote && p.Hybrid {
			t.Fatalf("%q both remote and hybrid: %+v", raw, p)
		}
		if p.State != "" {
			if _, ok := ix.lookupState(p.State); !ok || p.StateFIPS == "" || p.Country == "" {
				t.Fatalf("%q: state %q is not a known state or territory with its FIPS code and country: %+v", raw, p.State, p)
			}
		}
		if p.CBSA != "" && (len(p.CBSA) != 5 || p.CBSATitle == "" || p.State == "") {
			t.Fatalf("%q: metro %q without its title or state: %+v", raw, p.CBSA, p)
		}
	})
}

func FuzzExtractRequirements(f *testing.F) {
	for _, s := range []string{"MLS(ASCP) certification required; Bachelor's degree in medical technology",
		"Master's preferred", "RN license, BLS and ACLS", "CA CLS license", "Bachelor's or Master's", "PhD", "",
		"High school diploma or GED", "MT (ASCP) or MLT(ASCP)", "(((", "ASCP ASCP ASCP"} {
		f.Add(s)
	}
	levels := []string{"", "high_school", "associate", "bachelor", "master", "doctorate"}
	f.Fuzz(func(t *testing.T, description string) {
		r := ExtractRequirements(description)
		if again := ExtractRequirements(description); !reflect.DeepEqual(r, again) {
			t.Fatalf("%q read two ways: %+v and %+v", description, r, again)
		}
		if !slices.Contains(levels, r.MinEducation) {
			t.Fatalf("%q: education %q", description, r.MinEducation)
		}
		if !slices.IsSorted(r.Certifications) || len(slices.Compact(slices.Clone(r.Certifications))) != len(r.Certifications) {
			t.Fatalf("%q: certifications not sorted and unique: %q", description, r.Certifications)
		}
	})
}

func FuzzClassifyEmployer(f *testing.F) {
	f.Add("Tecolote Research\n3.8", "Company - Private", "Aerospace & Defense")
	f.Add("DEPT OF HEALTH/MENTAL HYGIENE", "", "")
	f.Add("Kaiser Permanente", "Nonprofit Organization", "Health Care Services & Hospitals")
	f.Add("-1", "-1", "-1")
	f.Add("", "Government", "")
	f.Fuzz(func(t *testing.T, name, ownership, industry string) {
		e := ClassifyEmployer(name, ownership, industry)
		if !slices.Contains(EmployerTypes, e.Type) {
			t.Fatalf("%q/%q/%q: type %q is not one of %q", name, ownership, industry, e.Type, EmployerTypes)
		}
		if e != ClassifyEmployer(name, ownership, industry) {
			t.Fatalf("%q/%q/%q classified two ways", name, ownership, industry)
		}
		_ = CleanEmployerName(name)
		_ = CompanySize(name)
	})
}

func FuzzTitleMatch(f *testing.F) {
	for _, s := range []string{"Medical Technologist", "Sr. Clinical Lab Scientist II (Nights)", "MLS(ASCP) - Microbiology",
		"Data Scientist", "ADMINISTRATIVE PUBLIC INFORMAT", "RN - ICU - 12hr nights - $5,000 sign-on", "", "-1", "İstanbul Office Manager",
		"C++ Developer", "Ph.D. Scientist", "A/B/C", "  ", "Médical Téchnologist"} {
		f.Add(s)
	}
	ix := loadTitleRefs(f).index
	f.Fuzz(func(t *testing.T, title string) {
		m := ix.Match(title)
		if again := ix.Match(title); !reflect.DeepEqual(m, again) {
			t.Fatalf("%q matched two ways: %+v and %+v", title, m, again)
		}
		if m.Score < 0 || m.Score > 1 || math.IsNaN(m.Score) {
			t.Fatalf("%q: score %v", title, m.Score)
		}
		if (m.Code == "") != (m.Method == "unknown") {
			t.Fatalf("%q: code %q by method %q", title, m.Code, m.Method)
		}
	})
}

func FuzzClassifyExperience(f *testing.F) {
	f.Add("", "Senior Medical Technologist", "3+ years of experience required")
	f.Add("EN", "Data Scientist", "")
	f.Add("", "Lab Director", "5-7 years experience in a clinical laboratory; Bachelor's degree")
	f.Add("Mid-Senior level", "MLS II", "two years of experience")
	f.Fuzz(func(t *testing.T, explicit, title, description string) {
		e := ClassifyExperience(explicit, title, description)
		if !reflect.DeepEqual(e, ClassifyExperience(explicit, title, description)) {
			t.Fatalf("%q/%q/%q classified two ways", explicit, title, description)
		}
		if e.Level != "" && !slices.Contains(ExperienceLevels, e.Level) || (e.Level == "") != (e.Method == "") {
			t.Fatalf("%q/%q/%q: level %q by %q", explicit, title, description, e.Level, e.Method)
		}
		if e.Years != nil && (math.IsNaN(*e.Years) || *e.Years < 0 || *e.Years > 50) {
			t.Fatalf("%q/%q/%q: %v years", explicit, title, description, *e.Years)
		}
	})
}
