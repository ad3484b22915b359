package normalize

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PayInput is a posting's pay fields as read (all optional strings).
type PayInput struct {
	Min, Max, Point string // numeric fields when the dataset has them ("70000", "22.0", "$120,000")
	Period          string // as the dataset says: "HOURLY", "Annual", "Year", "per hour", "Bi-Weekly", "" ...
	Text            string // free text: a salary string, or a description to search for "Pay: $17.00 - $23.00 per hour"
	Currency        string // currency field ("USD", "EUR", "£"), may be empty
	DefaultCurrency string // the source-level default (config `currency:`), used when neither field nor unambiguous symbol says
}

// Pay is ParsePay's answer for one posting.
type Pay struct {
	Min, Max, Point      *float64 // as posted, in the posted currency and period (Point = a single figure or the dataset's median)
	Period               string   // hour|day|week|biweek|semimonth|month|year|once, or "" when unknown
	Currency             string   // ISO 4217 (USD, EUR, GBP, INR, CAD, ...)
	AnnualMin, AnnualMax *float64 // annualized, posted currency
	AnnualMid            *float64 // mean of min and max when both, else Point, else the one present; annualized
	IsEstimate           bool     // "(Glassdoor est.)", "(est.)", "Estimated salary"; "Employer Provided Salary:" and "(Employer est.)" are not
	Source               string   // fields | text | description — where the figure came from
	Note                 string   // corrections made, "; "-separated
	Reject               string   // non-empty when there is no usable pay: the reason
}

// AnnualFactors turns an amount per period into an amount per year: a
// 40-hour week, 52 weeks, 260 working days. A one-time amount ("once") is
// not annualized: ParsePay leaves the Annual* fields nil and says so in Note.
var AnnualFactors = map[string]float64{
	"hour":      2080,
	"day":       260,
	"week":      52,
	"biweek":    26,
	"semimonth": 24,
	"month":     12,
	"year":      1,
	"once":      1,
}

// payBound is an inclusive range of plausible amounts for one period.
type payBound struct{ lo, hi float64 }

// payBounds are the plausible amounts per period in a USD-like currency
// (one whose unit is worth roughly a U.S. dollar: USD, EUR, GBP, CHF, CAD,
// AUD, ...). Outside them an amount is a mislabelled period, a typo or a
// placeholder (LinkedIn's "1000–200000"). biweek and semimonth are derived:
// twice the weekly bounds, half the monthly ones. The hourly and yearly
// ranges do not overlap, so an amount labelled with one but inside the other
// can be moved there (see ParsePay). Other currencies multiply both ends by
// their currencyMagnitude.
var payBounds = map[string]payBound{
	"hour":      {5, 1_000},
	"day":       {40, 8_000},
	"week":      {200, 40_000},
	"biweek":    {400, 80_000},
	"semimonth": {400, 100_000},
	"month":     {800, 200_000},
	"year":      {5_000, 5_000_000}, // real low salaries (7,000 USD in Ghana, 2023) stay
}

// currencyMagnitude is roughly how many units of a currency make one U.S.
// dollar: the lowest 2020–2025 rate (data/currency_rates.csv and market
// rates), rounded down to 1, 2 or 5 times a power of ten so that a low but
// real salary is never pushed under the bound. It only scales payBounds; it
// is not a conversion rate. A currency missing here gets no bounds check
// (ParsePay notes it): its value is unknown or too unstable (ARS).
var currencyMagnitude = map[string]float64{
	// USD-like
	"USD": 1, "EUR": 1, "GBP": 1, "CHF": 1, "CAD": 1, "AUD": 1, "NZD": 1, "SGD": 1,
	"KWD": 1, "BHD": 1, "OMR": 1, "JOD": 1,
	// 2–5 per dollar
	"BRL": 2, "PLN": 2, "ILS": 2, "AED": 2, "SAR": 2, "QAR": 2, "MYR": 2, "RON": 2,
	"CNY": 5, "HKD": 5, "DKK": 5, "SEK": 5, "NOK": 5, "TRY": 5,
	// 10–100 per dollar
	"MXN": 10, "ZAR": 10, "EGP": 10, "CZK": 20, "THB": 20, "TWD": 20, "UAH": 20,
	"INR": 50, "PHP": 50, "RUB": 50, "BDT": 50, "JPY": 100, "PKR": 100, "KES": 100, "LKR": 100,
	// 100+ per dollar
	"HUF": 200, "NGN": 200, "CLP": 500, "KRW": 1_000, "COP": 2_000, "IDR": 10_000, "VND": 20_000,
}

// payPeriodWords maps what datasets write for a pay period (lower case, dots
// removed) to the period. "salary" and "salaried" also mean year, but only
// when nothing more specific is said (see payReadAmounts).
var payPeriodWords = map[string]string{
	"hour": "hour", "hours": "hour", "hourly": "hour", "hr": "hour", "hrs": "hour", "ph": "hour",
	"day": "day", "days": "day", "daily": "day", "diem": "day", "per diem": "day",
	"week": "week", "weeks": "week", "weekly": "week", "wk": "week", "wks": "week", "wkly": "week",
	"biweek": "biweek", "biweekly": "biweek", "bi-weekly": "biweek", "bi weekly": "biweek",
	"fortnight": "biweek", "fortnightly": "biweek", "every two weeks": "biweek", "every 2 weeks": "biweek",
	"every other week": "biweek",
	"semimonth":        "semimonth", "semimonthly": "semimonth", "semi-monthly": "semimonth", "semi monthly": "semimonth",
	"twice a month": "semimonth", "twice monthly": "semimonth", "twice per month": "semimonth",
	"month": "month", "months": "month", "monthly": "month", "mo": "month", "mos": "month", "mth": "month",
	"mnth": "month", "pm": "month", "pcm": "month",
	"year": "year", "years": "year", "yearly": "year", "yr": "year", "yrs": "year", "annual": "year",
	"annually": "year", "annum": "year", "pa": "year", "per annum": "year", "salary": "year", "salaried": "year",
	"once": "once", "one-time": "once", "one time": "once", "onetime": "once", "one-off": "once",
	"one off": "once", "lump sum": "once",
}

// NormalizePeriod reads a pay period as a dataset writes it ("HOURLY",
// "Annual", "Year", "per hour", "Bi-Weekly", "/hr", "p.a.") and returns the
// canonical period (a key of AnnualFactors), or "", false when it is empty or
// not understood.
func NormalizePeriod(s string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.ReplaceAll(k, ".", "")
	k = strings.ReplaceAll(k, "_", " ")
	k = strings.Join(strings.Fields(k), " ")
	for k != "" {
		if p, ok := payPeriodWords[k]; ok {
			return p, true
		}
		next := k
		for _, pre := range payPeriodPrefixes {
			if strings.HasPrefix(k, pre) {
				next = strings.TrimSpace(k[len(pre):])
				break
			}
		}
		if next == k {
			for _, suf := range payPeriodSuffixes {
				if strings.HasSuffix(k, suf) {
					next = strings.TrimSpace(k[:len(k)-len(suf)])
					break
				}
			}
		}
		if next == k {
			break
		}
		k = next
	}
	return "", false
}

// payPeriodPrefixes and payPeriodSuffixes are dropped around a period word:
// "per hour", "an hour", "/hr", "hourly rate", "annual salary".
var (
	payPeriodPrefixes = []string{"/", "per ", "an ", "a ", "each "}
	payPeriodSuffixes = []string{" rate", " wage", " salary", " pay", " basis"}
)

// ParsePay reads one posting's pay. Structured amounts (Min, Max, Point) are
// used when present (Source "fields"), else Text is read as a salary string
// (Source "text") or, when it is long or spans lines, searched for the first
// pay phrase of a job description (Source "description"). The period comes
// from the text when it says one, else from Period, else a K/M suffix means
// year, else the amount decides between hour and year (noted). The currency
// comes from the Currency field, else an unambiguous sign or code, else
// DefaultCurrency; a bare "$" is DefaultCurrency or, failing that, USD
// (noted). Amounts are then checked against payBounds: an amount labelled
// year that is an hourly amount (28.5) becomes hourly and one labelled hour
// that is a yearly amount (85000) becomes yearly, with a Note; anything else
// out of bounds is rejected, as are negative and zero amounts. Min > Max is
// swapped (noted). ParsePay never fails: a posting without usable pay has a
// Reject reason and nil Annual* fields.
func ParsePay(in PayInput) Pay {
	if strings.TrimSpace(in.Min) != "" || strings.TrimSpace(in.Max) != "" || strings.TrimSpace(in.Point) != "" {
		pt, err := payParseFields(in)
		if err != "" {
			return Pay{Source: "fields", Reject: err}
		}
		return checkPay(in, pt, "fields")
	}
	text := strings.TrimSpace(in.Text)
	switch {
	case text == "" || text == "-1":
		return Pay{Reject: "no pay stated"}
	case payIsDescription(text):
		// the first phrase that gives a wage; else the first one-time amount;
		// else the first phrase's reason
		var first Pay
		found := false
		paySearchDescription(in, text, func(pt payText) bool {
			p := checkPay(in, pt, "description")
			wage := p.Reject == "" && p.Period != "once"
			if !found || wage || p.Reject == "" && first.Reject != "" {
				first, found = p, true
			}
			return !wage
		})
		if !found {
			return Pay{Source: "description", Reject: "no pay stated in the description"}
		}
		return first
	default:
		pt := payParseSalaryText(in, text)
		if !pt.found {
			return Pay{Source: "text", Reject: fmt.Sprintf("unparseable pay text %q", text)}
		}
		return checkPay(in, pt, "text")
	}
}

// checkPay resolves period and currency, applies the plausibility checks
// and annualizes.
func checkPay(in PayInput, pt payText, source string) Pay {
	out := Pay{Source: source}
	if !pt.hasMin && !pt.hasMax && !pt.hasPoint {
		out.Reject = "no pay stated"
		return out
	}
	out.IsEstimate = pt.estimate
	if pt.unit != "" {
		out.Reject = "pay stated " + pt.unit + ", not per hour, week, month or year"
		return out
	}
	out.Min, out.Max, out.Point = payPtr(pt.hasMin, pt.min), payPtr(pt.hasMax, pt.max), payPtr(pt.hasPoint, pt.point)

	fieldPeriod := ""
	if strings.TrimSpace(in.Period) != "" {
		p, ok := NormalizePeriod(in.Period)
		if !ok {
			out.Reject = fmt.Sprintf("unknown pay period %q", in.Period)
			return out
		}
		fieldPeriod = p
	}

	if pt.neg {
		out.Reject = "negative amount"
		return out
	}
	// A zero beside a real figure means "not stated" (NYC's "0 – 100000",
	// H-1B's WAGE_RATE_OF_PAY_TO 0.0). Zero alone was stated, but is no
	// wage: a reject, where an absent amount ("no pay stated…") is not.
	nonZero := (pt.hasMin && pt.min != 0) || (pt.hasMax && pt.max != 0) || (pt.hasPoint && pt.point != 0)
	if !nonZero {
		out.Reject = "pay of 0: every amount stated is 0"
		return out
	}
	for _, z := range []struct {
		has  *bool
		v    float64
		name string
		ptr  **float64
	}{{&pt.hasMin, pt.min, "min", &out.Min}, {&pt.hasMax, pt.max, "max", &out.Max}, {&pt.hasPoint, pt.point, "point", &out.Point}} {
		if *z.has && z.v == 0 {
			*z.has, *z.ptr = false, nil
			out.addNote(z.name + " 0 read as not stated")
		}
	}
	if pt.hasMin && pt.hasMax && pt.min > pt.max {
		pt.min, pt.max = pt.max, pt.min
		out.Min, out.Max = out.Max, out.Min
		out.addNote(fmt.Sprintf("min %s above max %s: swapped", payFmtAmount(pt.max), payFmtAmount(pt.min)))
	}

	cur, note := payResolveCurrency(in.Currency, pt.cur, in.DefaultCurrency)
	out.Currency = cur
	out.addNote(note)

	period := pt.period
	if period == "" {
		period = fieldPeriod
	}
	if period == "" && pt.weakYear {
		period = "year"
	}
	if period == "" && pt.mult {
		period = "year" // "$53K-$91K": thousands with no period are a year's pay
	}
	if period == "once" {
		out.Period = "once"
		out.addNote("one-time amount: not annualized")
		return out
	}

	mag, haveBounds := currencyMagnitude[out.Currency]
	amounts := pt.amounts()
	if period == "" {
		switch {
		case haveBounds && payWithin(amounts, "year", mag):
			period = "year"
			out.addNote("pay period not stated: " + payFmtAmounts(amounts) + " read as a yearly amount")
		case haveBounds && payWithin(amounts, "hour", mag):
			period = "hour"
			out.addNote("pay period not stated: " + payFmtAmounts(amounts) + " read as an hourly amount")
		case haveBounds:
			out.Reject = "pay period not stated and " + payFmtAmounts(amounts) + " is neither an hourly nor a yearly amount"
			return out
		default:
			out.Reject = "pay period not stated"
			return out
		}
	}

	if !haveBounds {
		if out.Currency == "" {
			out.addNote("currency unknown: plausibility bounds not checked")
		} else {
			out.addNote("no plausibility bounds for " + out.Currency)
		}
	} else if !payWithin(amounts, period, mag) {
		switch {
		case period == "year" && payWithin(amounts, "hour", mag):
			out.addNote("labelled year but " + payFmtAmounts(amounts) + " is an hourly amount: treated as hour")
			period = "hour"
		case period == "hour" && payWithin(amounts, "year", mag) && payAllAtLeast(amounts, relabelYearlyFloor*mag):
			out.addNote("labelled hour but " + payFmtAmounts(amounts) + " is a yearly amount: treated as year")
			period = "year"
		default:
			b := payBounds[period]
			bad := amounts[0]
			for _, v := range amounts {
				if v < b.lo*mag || v > b.hi*mag {
					bad = v
					break
				}
			}
			unit := ""
			if out.Currency != "USD" {
				unit = " " + out.Currency
			}
			out.Period = period
			out.Reject = fmt.Sprintf("implausible %s pay %s (bounds %s–%s%s)", payPeriodAdjective[period], payFmtAmount(bad), payFmtBound(b.lo*mag), payFmtBound(b.hi*mag), unit)
			return out
		}
	}

	out.Period = period
	f := AnnualFactors[period]
	if pt.hasMin {
		out.AnnualMin = payPtr(true, pt.min*f)
	}
	if pt.hasMax {
		out.AnnualMax = payPtr(true, pt.max*f)
	}
	switch {
	case pt.hasMin && pt.hasMax:
		out.AnnualMid = payPtr(true, (pt.min+pt.max)/2*f)
	case pt.hasPoint:
		out.AnnualMid = payPtr(true, pt.point*f)
	case pt.hasMin:
		out.AnnualMid = payPtr(true, pt.min*f)
	default:
		out.AnnualMid = payPtr(true, pt.max*f)
	}
	return out
}

var payPeriodAdjective = map[string]string{
	"hour": "hourly", "day": "daily", "week": "weekly", "biweek": "biweekly",
	"semimonth": "semimonthly", "month": "monthly", "year": "annual",
}

func (p *Pay) addNote(n string) {
	switch {
	case n == "":
	case p.Note == "":
		p.Note = n
	default:
		p.Note += "; " + n
	}
}

// payText is what was read from the fields or a text, before checks.
type payText struct {
	min, max, point          float64
	hasMin, hasMax, hasPoint bool
	neg                      bool   // a negative amount was read
	cur                      string // ISO code or "$" seen next to an amount, else ""
	period                   string // period stated next to the amount
	weakYear                 bool   // "salary" was said, but no period
	mult                     bool   // an amount had a K/M suffix
	estimate                 bool
	found                    bool
	unit                     string // how the amount is quoted when it is no wage: "per visit", "per mile", "in cents"
}

func (pt *payText) amounts() []float64 {
	out := make([]float64, 0, 3)
	if pt.hasMin {
		out = append(out, pt.min)
	}
	if pt.hasMax {
		out = append(out, pt.max)
	}
	if pt.hasPoint {
		out = append(out, pt.point)
	}
	return out
}

// relabelYearlyFloor is the smallest amount an "hourly" figure must reach
// before it is read as yearly: below it (5,244.67 "HOURLY") the figure is
// more likely monthly or a typo, so it is rejected rather than relabelled.
const relabelYearlyFloor = 15_000

func payAllAtLeast(vs []float64, floor float64) bool {
	for _, v := range vs {
		if v < floor {
			return false
		}
	}
	return true
}

func payWithin(vs []float64, period string, mag float64) bool {
	b := payBounds[period]
	for _, v := range vs {
		if v < b.lo*mag || v > b.hi*mag {
			return false
		}
	}
	return true
}

// payParseFields reads the Min/Max/Point fields. "-1" is read as missing.
func payParseFields(in PayInput) (payText, string) {
	var pt payText
	pt.found = true
	for _, f := range []struct {
		name string
		s    string
		v    *float64
		has  *bool
	}{{"min", in.Min, &pt.min, &pt.hasMin}, {"max", in.Max, &pt.max, &pt.hasMax}, {"point", in.Point, &pt.point, &pt.hasPoint}} {
		s := strings.TrimSpace(f.s)
		if s == "" || s == "-1" {
			continue
		}
		if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) && payIsPlainNumber(s) {
			*f.v, *f.has = v, true
			if v < 0 {
				pt.neg = true
			}
			continue
		}
		var buf [16]payToken
		toks := payTokens(in, s, buf[:0])
		n := -1
		for i, t := range toks {
			switch {
			case t.kind == tkNum && n >= 0:
				return pt, fmt.Sprintf("unparseable pay %s %q", f.name, f.s)
			case t.kind == tkNum:
				n = i
			case t.kind == tkCur:
				pt.cur = t.w
			case t.kind == tkWord && payIsCurrencyCode(t.raw):
				pt.cur = t.raw
			case t.kind == tkWord:
				if p, strong, _ := payPeriodAt(toks, i); p != "" && strong {
					pt.period = p
				}
			}
		}
		if n < 0 {
			return pt, fmt.Sprintf("unparseable pay %s %q", f.name, f.s)
		}
		*f.v, *f.has = toks[n].v, true
		pt.neg = pt.neg || toks[n].neg
		pt.mult = pt.mult || toks[n].mult > 1
	}
	return pt, ""
}

// payIsPlainNumber reports whether s is digits with an optional sign and
// decimal point: strconv.ParseFloat also accepts "1e5", "0x1p3" and "Inf".
func payIsPlainNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || (i == 0 && (c == '-' || c == '+'))) {
			return false
		}
	}
	return true
}

// payIsDescription tells a job description from a salary string.
func payIsDescription(s string) bool {
	return len(s) > 160 || strings.ContainsAny(s, "\n\r")
}

// payParseSalaryText reads a salary string such as "$53K-$91K (Glassdoor est.)",
// "Employer Provided Salary:$25-$28 Per Hour" or "£30k pa + benefits".
func payParseSalaryText(in PayInput, s string) payText {
	var buf [32]payToken
	toks := payTokens(in, s, buf[:0])
	pt := payReadAmounts(toks)
	pt.estimate = payIsEstimate(s)
	return pt.payText
}

// payKeywords anchor a pay phrase in a description.
var payKeywords = map[string]bool{"pay": true, "salary": true, "compensation": true, "wage": true, "wages": true, "rate": true}

// payFiller may stand between a pay keyword and its amount: "Salary range: Up
// to $170,000", "Competitive Salary ranging from ($125,000 - ...)".
var payFiller = map[string]bool{
	"range": true, "rate": true, "ranging": true, "from": true, "starting": true, "start": true, "starts": true,
	"at": true, "of": true, "is": true, "up": true, "to": true, "between": true, "base": true, "approximately": true,
	"approx": true, "target": true, "expected": true, "estimated": true, "minimum": true, "min": true,
	"maximum": true, "max": true, "will": true, "be": true, "banding": true, "band": true, "scale": true,
	"for": true, "this": true, "the": true, "position": true, "role": true, "offered": true, "hiring": true,
}

// paySearchDescription finds the first pay phrase in a job description: a pay
// keyword followed by an amount ("Pay: $17.00 - $23.00 per hour", "Salary
// range: $130K - $170K", "Target Pay 45-70 per hour"), or a currency amount
// followed by an hourly period ("$18 an hour"). The phrase runs to the end of
// the line holding its first amount. Each phrase goes to yield, in order,
// until yield returns false.
func paySearchDescription(in PayInput, s string, yield func(payText) bool) {
	toks := payTokens(in, s, make([]payToken, 0, len(s)/5))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		start := -1
		switch {
		case t.kind == tkWord && payKeywords[t.w] && !(i > 0 && toks[i-1].kind == tkWord && toks[i-1].w == "of"):
			j, words := i+1, 0
			for ; j < len(toks) && j-i <= 8; j++ {
				u := toks[j]
				if u.kind == tkOther && strings.ContainsAny(u.w, ":(") || u.kind == tkDash || u.kind == tkSlash {
					continue
				}
				if u.kind == tkWord && payFiller[u.w] && words < 5 && !u.nl {
					words++
					continue
				}
				break
			}
			// a bare number must be on the keyword's line ("Target Pay 45-70");
			// on a later line only a currency amount counts ("Salary Range\n$82,000")
			if j < len(toks) && (toks[j].kind == tkNum && !toks[j].neg && !toks[j].nl || toks[j].kind == tkCur && j+1 < len(toks) && toks[j+1].kind == tkNum) {
				start = i
				// take a few words before the keyword on its line ("Min Hiring Rate", "Annual salary")
				for k := 0; k < 3 && start > 0 && !toks[start].nl && toks[start-1].kind == tkWord; k++ {
					start--
				}
			}
		case t.kind == tkCur && i+1 < len(toks) && toks[i+1].kind == tkNum:
			end := payLineEnd(toks, i+1)
			if pt := payReadAmounts(toks[i:end]); pt.found && pt.period == "hour" && pt.periodAfter {
				start = i
			}
		}
		if start < 0 {
			continue
		}
		first := start
		for first < len(toks) && toks[first].kind != tkNum {
			first++
		}
		end := payLineEnd(toks, first)
		pt := payReadAmounts(toks[start:end])
		if !pt.found || toks[first].mult >= 1e9 { // "$5 billion" is revenue, not pay
			continue
		}
		pt.estimate = payIsEstimate(s[toks[start].start:toks[end-1].end])
		if !yield(pt.payText) {
			return
		}
		i = end - 1
	}
}

// payLineEnd is the index just past the last token on the line of toks[i].
func payLineEnd(toks []payToken, i int) int {
	j := i + 1
	for j < len(toks) && !toks[j].nl {
		j++
	}
	return j
}

// payIsEstimate reports a Glassdoor-style estimate marker; "Employer est." and
// "Employer Provided Salary" are the employer's own figures.
func payIsEstimate(s string) bool {
	l := strings.ToLower(s)
	if strings.Contains(l, "glassdoor est") {
		return true
	}
	for _, m := range []string{"(est", "est.", "estimate"} {
		for off := 0; ; {
			i := strings.Index(l[off:], m)
			if i < 0 {
				break
			}
			i += off
			if !strings.HasSuffix(strings.TrimRight(l[:i], " ("), "employer") && (i == 0 || !payIsLetter(l[i-1]) || m == "(est") {
				return true
			}
			off = i + len(m)
		}
	}
	return false
}

func payIsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// payReadResult is payReadAmounts' answer: the pay plus where its period was said.
type payReadResult struct {
	payText
	periodAfter bool
	bonus       bool // a one-time bonus ("$500 sign-on bonus"), period "once"
}

// payReadAmounts interprets the first amount (or range) in toks together with
// its currency, qualifier ("up to", "from", "+") and period. An amount quoted
// per visit, mile or other unit of work, or a one-time bonus, is passed over
// for the next amount with a period ("$0.50 per mile plus $20 an hour" is $20
// an hour); when there is none, the first is the answer: checkPay rejects a
// unit's amount and does not annualize a bonus.
func payReadAmounts(toks []payToken) payReadResult {
	var r payReadResult
	for from := 0; ; {
		next, last := payReadAmountsFrom(toks, from)
		if !next.found {
			return r
		}
		// past a per-unit amount or a bonus, only an amount with its period
		// is a wage ("65 cpm plus $500 sign-on" is no wage of $500 an hour)
		passOver := next.unit != "" || next.bonus
		if !r.found || !passOver && next.period != "" {
			r = next
		}
		if !passOver {
			return r
		}
		from = last + 1
	}
}

// payReadAmountsFrom is payReadAmounts for the first amount at or after
// toks[from]; it also returns the index of that amount's last number.
func payReadAmountsFrom(toks []payToken, from int) (payReadResult, int) {
	var r payReadResult
	first := -1
	for i := from; i < len(toks); i++ {
		// the 2 of "every 2 weeks" is not an amount
		if t := toks[i]; t.kind == tkNum && !(i > 0 && toks[i-1].kind == tkWord && toks[i-1].w == "every") {
			first = i
			break
		}
	}
	if first < 0 {
		return r, -1
	}
	r.found = true
	a := toks[first]
	last := first
	var b *payToken
	between := false
	if first > 0 && toks[first-1].kind == tkWord && toks[first-1].w == "between" ||
		first > 1 && toks[first-1].kind == tkCur && toks[first-2].kind == tkWord && toks[first-2].w == "between" {
		between = true
	}
	j := first + 1
	for j < len(toks) && (toks[j].kind == tkCur || toks[j].kind == tkWord && payIsCurrencyCode(toks[j].raw) || toks[j].kind == tkOther && toks[j].w == ")") {
		j++
	}
	if j < len(toks) && (toks[j].kind == tkDash || toks[j].kind == tkWord && (toks[j].w == "to" || between && toks[j].w == "and")) {
		k := j + 1
		for k < len(toks) && (toks[k].kind == tkCur || toks[k].kind == tkWord && payIsCurrencyCode(toks[k].raw) || toks[k].kind == tkOther && toks[k].w == "(") {
			k++
		}
		if k < len(toks) && toks[k].kind == tkNum {
			b = &toks[k]
			last = k
		}
	}
	// currency: a sign or an upper-case ISO code touching the amounts
	for k := max(0, first-2); k <= min(len(toks)-1, last+1); k++ {
		t := toks[k]
		if t.kind == tkCur && r.cur == "" {
			r.cur = t.w
		}
		if t.kind == tkWord && payIsCurrencyCode(t.raw) && (r.cur == "" || r.cur == "$") {
			r.cur = t.raw
		}
	}
	r.neg = a.neg || b != nil && b.neg
	r.mult = a.mult > 1 || b != nil && b.mult > 1
	if b != nil {
		av := a.v
		// "90-130k", "$3.5k-$5k": the second amount's suffix covers the first
		if a.mult == 1 && b.mult > 1 && av*b.mult <= b.v {
			av *= b.mult
		}
		r.min, r.max, r.hasMin, r.hasMax = av, b.v, true, true
	} else {
		r.point, r.hasPoint = a.v, true
		switch {
		case payQualifierBefore(toks, first, payMaxWords):
			r.max, r.hasMax, r.point, r.hasPoint = a.v, true, 0, false
		case payQualifierBefore(toks, first, payMinWords) || payQualifierAfter(toks, last):
			r.min, r.hasMin, r.point, r.hasPoint = a.v, true, 0, false
		}
	}
	// period: first said after the amounts (up to the next amount), else
	// the nearest before them; "salary" only when nothing else is said.
	next := len(toks)
	for k := last + 1; k < len(toks); k++ {
		if toks[k].kind == tkNum {
			next = k
			break
		}
	}
	if payIsBonusAfter(toks, last) {
		r.period, r.periodAfter, r.bonus = "once", true, true
	}
	for k := last + 1; k < next && r.period == ""; k++ {
		if k == last+1 && payCountWords[toks[k].w] && toks[k].kind == tkWord {
			break // "20 days paid vacation", "5 years": a count, not a rate
		}
		if p, strong, _ := payPeriodAt(toks, k); p != "" {
			if strong {
				r.period, r.periodAfter = p, true
				break
			}
			r.weakYear = true
		}
	}
	if r.period == "" {
		for k := first - 1; k >= 0 && (toks[k].kind != tkNum || k > 0 && toks[k-1].w == "every"); k-- {
			if p, strong, _ := payPeriodAt(toks, k); p != "" {
				if strong {
					r.period = p
					break
				}
				r.weakYear = true
			}
		}
	}
	if r.period != "" {
		r.weakYear = false
	}
	r.unit = payUnitAfter(toks, last)
	return r, last
}

// payUnitAfter says how an amount ending at toks[i] is quoted when it is
// per a unit of work ("per visit" for "per visit", "/visit", "a visit", "per
// home visit"; "per credit hour"; "per mile" for "CPM", cents per mile) or in
// cents ("50 cents", "60¢"), or is "" for any other amount.
func payUnitAfter(toks []payToken, i int) string {
	if i+1 < len(toks) {
		switch t := toks[i+1]; {
		case t.kind == tkWord && t.w == "cpm":
			return "per mile"
		case t.kind == tkWord && (t.w == "cents" || t.w == "cent") || t.kind == tkOther && t.w == "¢":
			if u := payUnitAfter(toks, i+1); u != "" {
				return u
			}
			return "in cents"
		}
	}
	if i+2 >= len(toks) {
		return ""
	}
	if t := toks[i+1]; !(t.kind == tkSlash || t.kind == tkWord && (t.w == "per" || t.w == "a" || t.w == "an")) {
		return ""
	}
	for k := i + 2; k < len(toks) && k <= i+3 && toks[k].kind == tkWord; k++ {
		if payUnitWords[toks[k].w] {
			if k+1 < len(toks) && toks[k+1].kind == tkWord && payPeriodWords[toks[k+1].w] == "hour" {
				return "per " + toks[k].w + " " + toks[k+1].w // "per credit hour"
			}
			return "per " + toks[k].w
		}
		if _, isPeriod := payPeriodWords[toks[k].w]; isPeriod {
			return ""
		}
	}
	return ""
}

// payUnitWords are units of work that pay is quoted per, which no period
// converts to a year's wage.
var payUnitWords = map[string]bool{
	"visit": true, "visits": true, "mile": true, "miles": true, "mi": true, "km": true,
	"case": true, "unit": true, "piece": true, "delivery": true, "stop": true, "load": true,
	"shift": true, "session": true, "class": true, "lesson": true, "course": true, "credit": true,
	"patient": true, "procedure": true, "appointment": true, "call": true, "trip": true,
	"route": true, "task": true, "word": true, "page": true, "article": true, "sale": true,
	"referral": true, "placement": true, "event": true, "game": true, "claim": true,
}

// payIsBonusAfter reports a one-time bonus named right after the amount
// ending at toks[i]: "$500 sign-on bonus", "$5,000 signing bonus". ("$80,000
// plus bonus" is a salary.)
func payIsBonusAfter(toks []payToken, i int) bool {
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		t := toks[k]
		switch {
		case t.kind == tkDash:
		case t.kind == tkWord && payBonusKinds[t.w]:
		case t.kind == tkWord && (t.w == "bonus" || t.w == "bonuses"):
			return k > i+1
		default:
			return false
		}
	}
	return false
}

var payBonusKinds = map[string]bool{"sign": true, "on": true, "signing": true, "hiring": true, "retention": true, "relocation": true, "referral": true, "completion": true}

// payCountWords right after a number make it a count of time, not pay.
var payCountWords = map[string]bool{"hours": true, "days": true, "weeks": true, "months": true, "years": true}

var payMaxWords = [][]string{{"up", "to"}, {"upto"}, {"max"}, {"maximum"}, {"exceed"}, {"under"}}
var payMinWords = [][]string{{"from"}, {"starting"}, {"starts"}, {"start"}, {"min"}, {"minimum"}, {"least"}, {"over"}, {"above"}}

// payQualifierBefore reports whether one of the phrases ends within the three
// words before toks[i] (skipping currency signs and punctuation).
func payQualifierBefore(toks []payToken, i int, phrases [][]string) bool {
	words := 0
	for k := i - 1; k >= 0 && words < 3 && toks[k].kind != tkNum; k-- {
		if toks[k].kind != tkWord {
			continue
		}
		words++
		for _, p := range phrases {
			if k+1 >= len(p) && payMatchWords(toks, k+1-len(p), p) {
				return true
			}
		}
	}
	return false
}

func payMatchWords(toks []payToken, at int, p []string) bool {
	for n, w := range p {
		if toks[at+n].kind != tkWord || toks[at+n].w != w {
			return false
		}
	}
	return true
}

// payQualifierAfter reports "$50,000+" or "$20 or more".
func payQualifierAfter(toks []payToken, i int) bool {
	if i+1 < len(toks) && toks[i+1].kind == tkPlus {
		return true
	}
	return i+2 < len(toks) && toks[i+1].kind == tkWord && toks[i+1].w == "or" && toks[i+2].kind == tkWord && toks[i+2].w == "more"
}

// payPeriodAt reads a period phrase starting at toks[i]: the period, whether it
// is specific (anything but "salary"), and how many tokens it spans.
func payPeriodAt(toks []payToken, i int) (string, bool, int) {
	t := toks[i]
	if t.kind != tkWord {
		return "", false, 0
	}
	word := func(k int) string {
		if i+k < len(toks) && toks[i+k].kind == tkWord {
			return toks[i+k].w
		}
		return ""
	}
	dashOr := func(k int) int { // index offset of the word after an optional dash
		if i+k < len(toks) && toks[i+k].kind == tkDash {
			return k + 1
		}
		return k
	}
	switch t.w {
	case "every":
		if i+2 < len(toks) && toks[i+1].kind == tkNum && toks[i+1].v == 2 && (word(2) == "weeks") || word(1) == "two" && word(2) == "weeks" || word(1) == "other" && word(2) == "week" {
			return "biweek", true, 3
		}
	case "twice":
		if word(1) == "monthly" {
			return "semimonth", true, 2
		}
		if (word(1) == "a" || word(1) == "per") && word(2) == "month" {
			return "semimonth", true, 3
		}
	case "semi":
		if k := dashOr(1); word(k) == "monthly" || word(k) == "month" {
			return "semimonth", true, k + 1
		}
	case "bi":
		if k := dashOr(1); word(k) == "weekly" || word(k) == "week" {
			return "biweek", true, k + 1
		}
	case "one":
		if k := dashOr(1); word(k) == "time" || word(k) == "off" {
			return "once", true, k + 1
		}
	case "lump":
		if word(1) == "sum" {
			return "once", true, 2
		}
	case "per":
		if word(1) == "diem" {
			return "day", true, 2
		}
	}
	p, ok := payPeriodWords[t.w]
	if !ok || payInsidePhrase(toks, i) {
		return "", false, 0
	}
	return p, t.w != "salary" && t.w != "salaried", 1
}

// payInsidePhrase reports a period word that ends a longer phrase read from its
// first word ("every two weeks", "twice a month", "bi-weekly"), so that a
// backwards scan does not read "weeks" alone.
func payInsidePhrase(toks []payToken, i int) bool {
	w := func(k int) string {
		if k >= 0 && toks[k].kind == tkWord {
			return toks[k].w
		}
		return ""
	}
	prev := i - 1
	if prev >= 0 && toks[prev].kind == tkDash {
		prev--
	}
	switch w(prev) {
	case "bi", "semi", "twice", "one":
		return true
	case "a", "per":
		return w(prev-1) == "twice"
	case "two", "other":
		return w(prev-1) == "every"
	}
	return prev >= 1 && toks[prev].kind == tkNum && toks[prev].v == 2 && w(prev-1) == "every"
}

// payResolveCurrency picks the posting's currency: the field, else a sign or
// code next to the amount, else the source default; a bare "$" is the
// default or USD.
func payResolveCurrency(field, sym, def string) (string, string) {
	def = strings.ToUpper(strings.TrimSpace(def))
	note := ""
	if f := strings.TrimSpace(field); f != "" {
		c, ok := payCurrencyFromField(f)
		switch {
		case ok && c != "$":
			return c, ""
		case ok:
			sym = "$"
		default:
			note = fmt.Sprintf("currency %q not understood", f)
		}
	}
	switch {
	case sym != "" && sym != "$":
		return sym, note
	case sym == "$" && def != "":
		return def, note
	case sym == "$":
		return "USD", payJoinNotes(note, "currency assumed USD from $")
	}
	return def, note
}

func payJoinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// payCurrencySigns are the signs and words that name a currency; "$" alone is
// ambiguous and resolved by payResolveCurrency.
var payCurrencySigns = map[string]string{
	"$": "$", "US$": "USD", "USD$": "USD", "CA$": "CAD", "C$": "CAD", "CAN$": "CAD", "A$": "AUD", "AU$": "AUD",
	"NZ$": "NZD", "S$": "SGD", "SG$": "SGD", "HK$": "HKD", "R$": "BRL", "MX$": "MXN",
	"£": "GBP", "€": "EUR", "₹": "INR", "RS": "INR", "RS.": "INR",
	"DOLLAR": "$", "DOLLARS": "$", "EURO": "EUR", "EUROS": "EUR", "POUND": "GBP", "POUNDS": "GBP",
	"RUPEE": "INR", "RUPEES": "INR",
}

func payCurrencyFromField(s string) (string, bool) {
	u := strings.ToUpper(s)
	if c, ok := payCurrencySigns[u]; ok {
		return c, true
	}
	if len(u) == 3 && payIsUpperWord(u) {
		return u, true
	}
	return "", false
}

// payIsCurrencyCode reports an ISO 4217 code written in capitals that ParsePay
// knows (a three-letter word next to an amount, "45,000 EUR").
func payIsCurrencyCode(raw string) bool {
	if len(raw) != 3 || !payIsUpperWord(raw) {
		return false
	}
	_, ok := currencyMagnitude[raw]
	return ok || raw == "ARS"
}

func payIsUpperWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func payPtr(ok bool, v float64) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func payFmtAmount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func payFmtAmounts(vs []float64) string {
	if len(vs) == 2 && vs[0] != vs[1] {
		return payFmtAmount(vs[0]) + "–" + payFmtAmount(vs[1])
	}
	return payFmtAmount(vs[0])
}

// payFmtBound writes a bound with thousands separators: 5,000,000.
func payFmtBound(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// --- tokenizer ---

type payTokKind uint8

const (
	tkWord  payTokKind = iota // letters; w is lower case, raw as written
	tkNum                     // an amount: v with any K/M suffix applied
	tkCur                     // a currency sign: w is an ISO code or "$"
	tkDash                    // - – — ~
	tkPlus                    // +
	tkSlash                   // /
	tkOther                   // other punctuation, or a percentage (ignored)
)

type payToken struct {
	kind       payTokKind
	w, raw     string
	v          float64
	mult       float64 // suffix multiplier (1 when none)
	neg        bool
	nl         bool // a line break comes before this token
	start, end int  // byte offsets in the input
}

var payPow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// payTokenize splits a pay text into tokens, appending to dst.
func payTokenize(s string, dst []payToken, dotGroups bool) []payToken {
	lower := lowerASCII(s)
	nl := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n' || c == '\r':
			nl = true
			i++
			continue
		case c == ' ' || c == '\t':
			i++
			continue
		case c >= '0' && c <= '9':
			t, j := payReadNumber(s, lower, i, dotGroups)
			t.nl = nl
			dst = payMinusSign(dst, &t)
			dst = append(dst, t)
			i = j
		case c == '$':
			t := payToken{kind: tkCur, w: "$", raw: "$", start: i, end: i + 1, nl: nl}
			if n := len(dst); n > 0 && dst[n-1].kind == tkWord && dst[n-1].end == i {
				if code, ok := payCurrencySigns[strings.ToUpper(dst[n-1].raw)+"$"]; ok { // "US$", "CA$", "A$"
					t.w, t.raw, t.start, t.nl = code, s[dst[n-1].start:i+1], dst[n-1].start, dst[n-1].nl
					dst = dst[:n-1]
				}
			}
			dst = append(dst, t)
			i++
		case c == '-' || c == '~':
			dst = append(dst, payToken{kind: tkDash, w: s[i : i+1], start: i, end: i + 1, nl: nl})
			i++
		case c == '+':
			dst = append(dst, payToken{kind: tkPlus, w: "+", start: i, end: i + 1, nl: nl})
			i++
		case c == '/':
			dst = append(dst, payToken{kind: tkSlash, w: "/", start: i, end: i + 1, nl: nl})
			i++
		case c < utf8.RuneSelf && payIsLetter(c):
			j := i
			for j < len(s) && s[j] < utf8.RuneSelf && payIsLetter(s[j]) {
				j++
			}
			w, raw := lower[i:j], s[i:j]
			// "p.a.", "p.m.": one-letter abbreviations joined by dots
			if j-i == 1 && j+1 < len(s) && s[j] == '.' && payIsLetter(s[j+1]) && (j+2 >= len(s) || !payIsLetter(s[j+2])) {
				switch w + lower[j+1:j+2] {
				case "pa":
					w = "pa"
				case "pm":
					w = "pm"
				case "ph":
					w = "ph"
				}
				if len(w) == 2 {
					raw = s[i : j+2]
					j += 2
					if j < len(s) && s[j] == '.' {
						j++
					}
				}
			}
			// "Rs." is INR
			if w == "rs" && j < len(s) && s[j] == '.' {
				dst = append(dst, payToken{kind: tkCur, w: "INR", raw: s[i : j+1], start: i, end: j + 1, nl: nl})
				i = j + 1
				break
			}
			dst = append(dst, payToken{kind: tkWord, w: w, raw: raw, start: i, end: j, nl: nl})
			i = j
		case c < utf8.RuneSelf:
			dst = append(dst, payToken{kind: tkOther, w: s[i : i+1], start: i, end: i + 1, nl: nl})
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == '£' || r == '€' || r == '₹':
				dst = append(dst, payToken{kind: tkCur, w: payCurrencySigns[string(r)], raw: s[i : i+size], start: i, end: i + size, nl: nl})
			case r == '–' || r == '—' || r == '−':
				dst = append(dst, payToken{kind: tkDash, w: s[i : i+size], start: i, end: i + size, nl: nl})
			case r == '\u00a0' || r == '\u2009' || r == '\u202f' || unicode.IsSpace(r):
				if r == '\u2028' || r == '\u2029' {
					nl = true
				}
				i += size
				continue
			case unicode.IsLetter(r):
				j := i + size
				for j < len(s) {
					r2, n2 := utf8.DecodeRuneInString(s[j:])
					if !unicode.IsLetter(r2) {
						break
					}
					j += n2
				}
				dst = append(dst, payToken{kind: tkWord, w: lower[i:j], raw: s[i:j], start: i, end: j, nl: nl})
				size = j - i
			default:
				dst = append(dst, payToken{kind: tkOther, w: s[i : i+size], start: i, end: i + size, nl: nl})
			}
			i += size
		}
		nl = false
	}
	return dst
}

// payMinusSign makes t negative when a minus sign, not a range dash, comes
// right before it ("-1", "Salary: -5000", "-$5,000"; but "45-60", "$53K-$91K").
func payMinusSign(dst []payToken, t *payToken) []payToken {
	n := len(dst)
	notAfterNum := func(k int) bool { return k < 0 || dst[k].kind != tkNum }
	switch {
	case n >= 1 && dst[n-1].kind == tkDash && dst[n-1].end == t.start && notAfterNum(n-2):
		t.neg, t.v, t.start = true, -t.v, dst[n-1].start
		return dst[:n-1]
	case n >= 2 && dst[n-1].kind == tkCur && dst[n-1].end == t.start && dst[n-2].kind == tkDash && dst[n-2].end == dst[n-1].start && notAfterNum(n-3):
		t.neg, t.v = true, -t.v
		dst[n-2] = dst[n-1]
		return dst[:n-1]
	}
	return dst
}

// payReadNumber reads "45,000", "22.0", "53K", "1.2M", "120 thousand" at s[i:],
// "120'000" and "40\u202f000" (Swiss and French groups), and, where
// dotGroups (payDotGroups), the European "40.000" and "3.500,00": there a
// dot before exactly three digits groups thousands and a comma before one
// or two is the decimal mark. A number that runs on in a shape no amount
// has ("1.800.555.1234", "12.05.2024", "3.2.1") comes back as tkOther, as
// does a percentage.
func payReadNumber(s, lower string, i int, dotGroups bool) (payToken, int) {
	var mant uint64
	digits, frac := 0, -1
	var group byte // the thousands separator once one is seen: ',', '.', '\'' or ' ' (a no-break space)
	lead := 0      // digits before the first separator
	j := i
	for j < len(s) {
		c := s[j]
		if c >= '0' && c <= '9' {
			mant = mant*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
			j++
			continue
		}
		if frac >= 0 || digits == 0 {
			break
		}
		if group == 0 {
			lead = digits
		}
		sep, w := payGroupSeparator(s, j)
		switch {
		case sep == ',' && group != '.' && payIsDigits(s, j+1, 3) && !payIsDigits(s, j+4, 1):
		case sep == ',' && group != '.' && payIsDigits(s, j+1, 2) && j+3 < len(s) && s[j+3] == ',':
			// Indian grouping: 5,00,000
		case sep == '.' && !dotGroups:
			sep = 0 // a decimal point, below
		case sep != 0 && sep != ',' && (group == 0 || group == sep) && lead <= 3 && mant != 0 &&
			payIsDigits(s, j+w, 3) && !payIsDigits(s, j+w+3, 1):
			// 40.000, 120'000, 40 000 with a no-break space; never 0.500
		default:
			sep = 0
		}
		if sep != 0 {
			group = sep
			j += w
			continue
		}
		decimals := payCountDigits(s, j+1, 3)
		switch {
		case c == ',' && dotGroups && group != ',' && decimals >= 1 && decimals <= 2:
			frac = 0 // a decimal comma: 3.500,00 or 3500,5
			j++
			continue
		case c == '.' && group != '.' && decimals >= 1:
			frac = 0
			j++
			continue
		}
		break
	}
	if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && s[j+1] >= '0' && s[j+1] <= '9' {
		// runs on: a phone number, a dotted date, a version; no amount
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == ',') {
			j++
		}
		return payToken{kind: tkOther, w: s[i:j], raw: s[i:j], start: i, end: j}, j
	}
	var v float64
	if digits <= 18 {
		f := max(frac, 0)
		v = float64(mant) / payPow10[f]
	} else {
		v = payParseLong(s[i:j], frac)
	}
	t := payToken{kind: tkNum, v: v, mult: 1, start: i, end: j, raw: s[i:j]}
	k := j
	if k < len(s) && s[k] == ' ' {
		k++
	}
	if k < len(s) && s[k] == '%' {
		t.kind = tkOther
		t.end = k + 1
		return t, k + 1
	}
	// suffix: K, M, B, or the words
	e := k
	for e < len(s) && s[e] < utf8.RuneSelf && payIsLetter(s[e]) {
		e++
	}
	if e > k {
		m := 0.0
		switch lower[k:e] {
		case "k", "thousand":
			m = 1e3
		case "m", "mm", "mil", "mn", "million":
			m = 1e6
		case "b", "bn", "billion":
			m = 1e9
		}
		if m != 0 && (k == j || e-k > 1) {
			t.v *= m
			t.mult = m
			t.end = e
			return t, e
		}
	}
	return t, j
}

// payDotGroupCurrencies write thousands with dots (40.000) and decimals
// with a comma.
var payDotGroupCurrencies = map[string]bool{
	"EUR": true, "CHF": true, "DKK": true, "NOK": true, "SEK": true, "ISK": true, "PLN": true, "CZK": true,
	"HUF": true, "RON": true, "TRY": true, "BRL": true, "ARS": true, "CLP": true, "COP": true, "IDR": true, "VND": true,
}

// payTokens tokenizes s, reading "40.000" as forty thousand where the
// text is euro-style (payDotGroups): the tokens tell, so s is read a second
// time only then.
func payTokens(in PayInput, s string, dst []payToken) []payToken {
	toks := payTokenize(s, dst, false)
	if payDotGroups(in, toks) {
		toks = payTokenize(s, toks[:0], true)
	}
	return toks
}

// payDotGroups reports whether a text writes "40.000" for forty thousand:
// it names such a currency (€, EUR, CHF …), or its source's currency is
// one, and it has no dollar, pound or rupee sign (those write 40,000, and a
// U.S. hourly rate may have three decimals: $17.125).
func payDotGroups(in PayInput, toks []payToken) bool {
	named := false
	for _, t := range toks {
		switch {
		case t.kind == tkCur && payDotGroupCurrencies[t.w]:
			named = true
		case t.kind == tkCur:
			return false // $, US$, £, ₹, Rs.
		case t.kind == tkWord && len(t.raw) == 3 && payDotGroupCurrencies[t.raw]:
			named = true
		}
	}
	if named {
		return true
	}
	for _, c := range []string{in.Currency, in.DefaultCurrency} {
		if cur, ok := payCurrencyFromField(strings.TrimSpace(c)); ok {
			return payDotGroupCurrencies[cur]
		}
	}
	return false
}

// payGroupSeparator reports the thousands separator candidate at s[j] and
// its width in bytes: ',', '.', an apostrophe (or the right single quote of
// Swiss amounts), or ' ' for a no-break, thin or narrow no-break space.
func payGroupSeparator(s string, j int) (byte, int) {
	switch c := s[j]; c {
	case ',', '.', '\'':
		return c, 1
	case 0xc2: // U+00A0
		if strings.HasPrefix(s[j:], "\u00a0") {
			return ' ', 2
		}
	case 0xe2:
		switch {
		case strings.HasPrefix(s[j:], "\u2019"):
			return '\'', 3
		case strings.HasPrefix(s[j:], "\u202f"), strings.HasPrefix(s[j:], "\u2009"):
			return ' ', 3
		}
	}
	return 0, 0
}

// payCountDigits counts the digits at s[at:], stopping at limit+1 so callers
// can tell "at most limit" from "more".
func payCountDigits(s string, at, limit int) int {
	n := 0
	for at+n < len(s) && n <= limit && s[at+n] >= '0' && s[at+n] <= '9' {
		n++
	}
	return n
}

// payParseLong parses a number of more than 18 digits, whose separators
// payReadNumber has already classified; the last frac digits are decimals.
func payParseLong(raw string, frac int) float64 {
	b := make([]byte, 0, len(raw)+1)
	for k := 0; k < len(raw); k++ {
		if raw[k] >= '0' && raw[k] <= '9' {
			b = append(b, raw[k])
		}
	}
	if frac > 0 {
		b = slices.Insert(b, len(b)-frac, '.')
	}
	v, _ := strconv.ParseFloat(string(b), 64)
	return v
}

func payIsDigits(s string, at, n int) bool {
	if at+n > len(s) {
		return false
	}
	for k := at; k < at+n; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return true
}
