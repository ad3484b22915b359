package store

import (
	"slices"
	"strconv"
)

// Read models the commands and reports use. They are filled from the marts
// by the query helpers in read.go; nothing outside this package sees SQL rows.

// Occupation is one row of dim_occupation.
type Occupation struct {
	Code       string `json:"occupation_code"` // as published (OEWS level), e.g. 29-2010
	Title      string `json:"occupation_title"`
	Level      string `json:"level"`               // total | major | minor | broad | detailed
	OEWSCode   string `json:"oews_code,omitempty"` // the code OEWS publishes it under (29-2011 → 29-2010)
	SOCCodes   string `json:"soc_codes,omitempty"` // detailed SOC codes an OEWS aggregate covers
	HasOutlook bool   `json:"has_outlook"`
	// HasPostings says whether fct_wage_stats holds posted-pay cells for it.
	HasPostings bool `json:"has_postings"`
	// SearchTitles are other names it is found by: the titles of the
	// detailed occupations it covers, the project's title synonyms and
	// O*NET's reported titles of it or of them. Occupations fills it, for
	// the report index's search.
	SearchTitles []string `json:"-"`
}

// WageStat is one row of fct_wage_stats: for OEWS one release × area ×
// employer type × occupation; for postings one period × area × experience ×
// employer type × pay basis × occupation. Pointers are nil where there is no
// value (OEWS did not publish it, or a postings cell is suppressed);
// TopCoded marks values that are the top-code bound, not a point.
type WageStat struct {
	SourceFamily    string   `json:"source_family"` // oews | postings
	Release         string   `json:"release"`       // OEWS release, 2023-05; empty for postings
	PeriodType      string   `json:"period_type"`   // release (OEWS) | all | year | quarter | month
	Period          string   `json:"period"`        // 2023-05, ALL, 2024, 2024-Q1, 2024-03
	PayBasis        string   `json:"pay_basis"`     // survey (OEWS) | ALL | employer | estimate
	OccupationCode  string   `json:"occupation_code"`
	OccupationTitle string   `json:"occupation_title"`
	AreaCode        string   `json:"area_code"` // US, CA, 35620
	AreaTitle       string   `json:"area_title"`
	AreaType        string   `json:"area_type"`     // national | state | metro | nonmetro | territory
	EmployerType    string   `json:"employer_type"` // ALL, hospital, laboratory, ...
	IndustryCode    string   `json:"industry_code"`
	IndustryTitle   string   `json:"industry_title"`
	Experience      string   `json:"experience"` // ALL for OEWS
	Employment      *float64 `json:"employment"`
	N               *int64   `json:"n"` // distinct postings (duplicate groups)
	AnnualMean      *float64 `json:"annual_mean"`
	AnnualP10       *float64 `json:"annual_p10"`
	AnnualP25       *float64 `json:"annual_p25"`
	AnnualMedian    *float64 `json:"annual_median"`
	AnnualP75       *float64 `json:"annual_p75"`
	AnnualP90       *float64 `json:"annual_p90"`
	HourlyMean      *float64 `json:"hourly_mean"`
	HourlyP10       *float64 `json:"hourly_p10"`
	HourlyP25       *float64 `json:"hourly_p25"`
	HourlyMedian    *float64 `json:"hourly_median"`
	HourlyP75       *float64 `json:"hourly_p75"`
	HourlyP90       *float64 `json:"hourly_p90"`
	// MedianCILow/High bound the postings median (order-statistic 95%).
	MedianCILow  *float64 `json:"annual_median_ci_low,omitempty"`
	MedianCIHigh *float64 `json:"annual_median_ci_high,omitempty"`
	// PostedYears are the years the postings' pay is from, "2020–2024" or
	// "2024", and PostedYearFrom/To the same as numbers (0: no dated
	// posting); SetPostedYears sets all three.
	PostedYears    string `json:"posted_years,omitempty"`
	PostedYearFrom int    `json:"posted_year_from,omitempty"`
	PostedYearTo   int    `json:"posted_year_to,omitempty"`
	// PreviousRelease and the change of the median since it (OEWS).
	PreviousRelease     string   `json:"previous_release,omitempty"`
	MedianChangePct     *float64 `json:"annual_median_change_pct,omitempty"`
	MedianRealChangePct *float64 `json:"annual_median_real_change_pct,omitempty"`
	CPIU                *float64 `json:"cpi_u,omitempty"` // CPI-U annual average of the survey year
	Modeled             bool     `json:"is_modeled"`      // an experience-bridge figure, not an observation
	// AnnualModeled is the bridge's figure: the OEWS wage at
	// ModeledPercentile, the percentile the level is placed at (ModeledBasis).
	AnnualModeled     *float64    `json:"annual_modeled,omitempty"`
	HourlyModeled     *float64    `json:"hourly_modeled,omitempty"` // the same per hour ("hourly_modeled" in TopCoded when a bound)
	ModeledPercentile *float64    `json:"modeled_percentile,omitempty"`
	ModeledBasis      string      `json:"modeled_basis,omitempty"`
	ModeledGap        string      `json:"modeled_gap,omitempty"` // why a modeled row has no figure
	Dollars           string      `json:"dollars,omitempty"`     // "2024 dollars (CPI-U)" when converted; nominal otherwise
	TopCoded          []string    `json:"top_coded,omitempty"`   // measures reported as ≥ the top-code
	IsSuppressed      bool        `json:"is_suppressed"`
	AnnualOnly        bool        `json:"annual_only"`
	HourlyOnly        bool        `json:"hourly_only"`
	Source            SourceRef   `json:"source"`
	Sources           []SourceRef `json:"sources,omitempty"` // postings: every file in the cell
}

// FromSynthetic reports whether the cell rests on wagescope-gen's generated
// postings.
func (s WageStat) FromSynthetic() bool {
	return s.Source.Synthetic || slices.ContainsFunc(s.Sources, func(f SourceRef) bool { return f.Synthetic })
}

// ModeledFigure is an experience-bridge row's figure, the TopCoded name
// that marks it a bound, and whether it is per hour: the hourly one for an
// occupation OEWS publishes hourly wages only for, else the annual one.
func (s WageStat) ModeledFigure() (v *float64, topCodedKey string, hourly bool) {
	if s.HourlyOnly {
		return s.HourlyModeled, "hourly_modeled", true
	}
	return s.AnnualModeled, "annual_modeled", false
}

// SetPostedYears sets the years the postings' pay is from, first to last
// (0, 0: no posting is dated).
func (s *WageStat) SetPostedYears(from, to int) {
	s.PostedYearFrom, s.PostedYearTo, s.PostedYears = from, to, ""
	if from != 0 {
		s.PostedYears = yearRange(from, to)
	}
}

// yearRange is "2020–2024", or "2024" for one year.
func yearRange(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "–" + strconv.Itoa(to)
}

// SourceRef names the file a figure came from.
type SourceRef struct {
	Name     string `json:"name"` // configured source name
	FileName string `json:"file"`
	SHA256   string `json:"sha256"`
	Release  string `json:"release"`
	URL      string `json:"url,omitempty"`
	// Synthetic: wagescope-gen's generated postings, not real data.
	Synthetic bool `json:"synthetic,omitempty"`
}

// Outlook is one row of fct_outlook: an Employment Projections cycle for an
// occupation and the OEWS release its wage figure belongs to.
type Outlook struct {
	Cycle               string    `json:"cycle"` // 2022-2032
	BaseYear            int       `json:"base_year"`
	ProjectedYear       int       `json:"projected_year"`
	OccupationCode      string    `json:"occupation_code"`
	OccupationTitle     string    `json:"occupation_title"`
	EmploymentBase      *float64  `json:"employment_base"` // persons (thousands × 1000)
	EmploymentProjected *float64  `json:"employment_projected"`
	ChangeNumeric       *float64  `json:"change_numeric"`
	ChangePercent       *float64  `json:"change_percent"`
	OpeningsAnnual      *float64  `json:"openings_annual"`
	MedianWage          *float64  `json:"median_annual_wage"`
	MedianWageTopCoded  bool      `json:"median_wage_top_coded"`
	WageYear            int       `json:"wage_year"`
	WageRelease         string    `json:"wage_release"` // the OEWS release to cite the wage with, e.g. 2023-05
	Education           string    `json:"education"`
	WorkExperience      string    `json:"work_experience"`
	Training            string    `json:"training"`
	Source              SourceRef `json:"source"`
}

// SourceFile is one row of source_files with its reject count, for
// `wagescope sources` and the report's sources table.
type SourceFile struct {
	ID           int64  `json:"source_file_id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	FileName     string `json:"file"`
	Path         string `json:"path"`
	URL          string `json:"url,omitempty"`
	SHA256       string `json:"sha256"`
	Bytes        int64  `json:"bytes"`
	Release      string `json:"release"`
	Status       string `json:"status"`
	RowsLoaded   int64  `json:"rows_loaded"`
	RowsRejected int64  `json:"rows_rejected"`
	IngestedAt   string `json:"ingested_at"`
	Message      string `json:"message,omitempty"`
	Synthetic    bool   `json:"synthetic,omitempty"` // wagescope-gen's generated postings
}

// WageFilter selects rows of fct_wage_stats; empty fields match everything,
// except EmployerType, Experience, Period and PayBasis, which default to the
// "ALL" rollup. Any in a field matches every value.
type WageFilter struct {
	OccupationCode string
	// OccupationFrom and OccupationTo bound the occupation codes (both
	// included; empty: unbounded), for reading a run of occupations at once.
	OccupationFrom, OccupationTo string
	AreaCode                     string
	EmployerType                 string
	Experience                   string
	Release                      string // OEWS release
	Period                       string // postings period; "" means ALL
	PayBasis                     string // postings pay basis; "" means ALL
	SourceFamily                 string
	// PageCells narrows Any experience and employer type, on postings
	// rows, to the cells an occupation page shows: every area's cell of
	// all levels and types, and the U.S. cells broken down by one of the
	// two. The rest (every cross of area, level and type) was 85% of the
	// rows at a million postings, and the report read them all into memory.
	PageCells bool
}

// Any in a WageFilter field (or ModeledRates' experience) matches every value.
const Any = "*"

// PostedVsSurveyed is one row of fct_posted_vs_surveyed: the posted median
// of an occupation and area against the latest OEWS median for it.
type PostedVsSurveyed struct {
	OccupationCode       string    `json:"occupation_code"`
	AreaCode             string    `json:"area_code"`
	AreaTitle            string    `json:"area_title"`
	AreaType             string    `json:"area_type"`
	PostedN              *int64    `json:"posted_n"`
	PostedMedian         *float64  `json:"posted_median"`
	PostedMedianCILow    *float64  `json:"posted_median_ci_low"`
	PostedMedianCIHigh   *float64  `json:"posted_median_ci_high"`
	PostedYears          string    `json:"posted_years"`
	PostingsTotal        *int64    `json:"postings_total"`
	ShareWithPay         *float64  `json:"share_with_pay"`
	ShareWithEmployerPay *float64  `json:"share_with_employer_pay"`
	OEWSRelease          string    `json:"oews_release"`
	OEWSAreaCode         string    `json:"oews_area_code"`
	OEWSMedian           *float64  `json:"oews_median"`
	OEWSMedianTopCoded   bool      `json:"oews_median_top_coded"`
	PostedToOEWS         *float64  `json:"posted_to_oews_median"`
	OEWSPercentile       *float64  `json:"posted_median_oews_percentile"`
	OEWSPercentileBound  string    `json:"posted_median_oews_bound"`
	AgedToYear           int       `json:"aged_to_year"`
	OEWSMedianAged       *float64  `json:"oews_median_aged"`
	PostedToOEWSAged     *float64  `json:"posted_to_oews_median_aged"`
	OEWSSource           SourceRef `json:"oews_source"`
}
