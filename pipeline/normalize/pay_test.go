package normalize

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/wagescope/wagescope/internal/shareddata"
)

// TestParsePay is the table for ParsePay. Case names say which dataset of
// ../shared/data/postings a string was taken from (kenjee =
// glassdoor_ds_jobs_kenjee_2020, uncleaned = glassdoor_uncleaned_ds_jobs,
// "row" = 0-based record); "brief" and "synthetic" cases are not from a
// dataset.
func TestParsePay(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	type want struct {
		min, max, point *float64
		period          string
		currency        string
		annualMid       *float64
		estimate        bool
		source          string
		note            string
		reject          string // when set, only reject, source and note are compared
	}
	glassdoor := func(s string) PayInput { return PayInput{Text: s, DefaultCurrency: "USD"} }
	linkedin := func(min, med, max, period string) PayInput {
		return PayInput{Min: min, Point: med, Max: max, Period: period, Currency: "USD"}
	}
	nyc := func(from, to, freq string) PayInput {
		return PayInput{Min: from, Max: to, Period: freq, DefaultCurrency: "USD"}
	}
	h1b := func(from, to, unit string) PayInput {
		return PayInput{Min: from, Max: to, Period: unit, DefaultCurrency: "USD"}
	}
	dss := func(salary, currency string) PayInput {
		return PayInput{Point: salary, Currency: currency, Period: "year"}
	}
	tests := []struct {
		name string
		in   PayInput
		want want
	}{
		// Glassdoor "Salary Estimate" strings
		{"glassdoor kenjee: $53K-$91K (Glassdoor est.)", glassdoor("$53K-$91K (Glassdoor est.)"),
			want{min: f(53000), max: f(91000), period: "year", currency: "USD", annualMid: f(72000), estimate: true, source: "text"}},
		{"glassdoor kenjee: $53K-$91K (Glassdoor est.) without a default currency", PayInput{Text: "$53K-$91K (Glassdoor est.)"},
			want{min: f(53000), max: f(91000), period: "year", currency: "USD", annualMid: f(72000), estimate: true, source: "text", note: "currency assumed USD from $"}},
		{"glassdoor kenjee: $53K-$91K (Glassdoor est.) in a CAD source", PayInput{Text: "$53K-$91K (Glassdoor est.)", DefaultCurrency: "cad"},
			want{min: f(53000), max: f(91000), period: "year", currency: "CAD", annualMid: f(72000), estimate: true, source: "text"}},
		{"glassdoor kenjee: $202K-$306K (Glassdoor est.)", glassdoor("$202K-$306K (Glassdoor est.)"),
			want{min: f(202000), max: f(306000), period: "year", currency: "USD", annualMid: f(254000), estimate: true, source: "text"}},
		{"glassdoor kenjee: $20K-$39K (Glassdoor est.)", glassdoor("$20K-$39K (Glassdoor est.)"),
			want{min: f(20000), max: f(39000), period: "year", currency: "USD", annualMid: f(29500), estimate: true, source: "text"}},
		{"glassdoor kenjee: $17-$24 Per Hour(Glassdoor est.)", glassdoor("$17-$24 Per Hour(Glassdoor est.)"),
			want{min: f(17), max: f(24), period: "hour", currency: "USD", annualMid: f(42640), estimate: true, source: "text"}},
		{"glassdoor kenjee: $10-$17 Per Hour(Glassdoor est.)", glassdoor("$10-$17 Per Hour(Glassdoor est.)"),
			want{min: f(10), max: f(17), period: "hour", currency: "USD", annualMid: f(28080), estimate: true, source: "text"}},
		{"glassdoor kenjee: $21-$34 Per Hour(Glassdoor est.)", glassdoor("$21-$34 Per Hour(Glassdoor est.)"),
			want{min: f(21), max: f(34), period: "hour", currency: "USD", annualMid: f(57200), estimate: true, source: "text"}},
		{"glassdoor kenjee: Employer Provided Salary:$25-$28 Per Hour", glassdoor("Employer Provided Salary:$25-$28 Per Hour"),
			want{min: f(25), max: f(28), period: "hour", currency: "USD", annualMid: f(55120), source: "text"}},
		{"glassdoor kenjee: Employer Provided Salary:$120K-$140K", glassdoor("Employer Provided Salary:$120K-$140K"),
			want{min: f(120000), max: f(140000), period: "year", currency: "USD", annualMid: f(130000), source: "text"}},
		{"glassdoor kenjee: Employer Provided Salary:$85K-$90K", glassdoor("Employer Provided Salary:$85K-$90K"),
			want{min: f(85000), max: f(90000), period: "year", currency: "USD", annualMid: f(87500), source: "text"}},
		{"glassdoor kenjee: $110K-$150K(Employer est.) is the employer's figure", glassdoor("$110K-$150K(Employer est.)"),
			want{min: f(110000), max: f(150000), period: "year", currency: "USD", annualMid: f(130000), source: "text"}},
		{"glassdoor kenjee: $15K-$16K(Employer est.)", glassdoor("$15K-$16K(Employer est.)"),
			want{min: f(15000), max: f(16000), period: "year", currency: "USD", annualMid: f(15500), source: "text"}},
		{"glassdoor kenjee: -1 is Glassdoor's missing marker", glassdoor("-1"),
			want{reject: "no pay stated"}},
		{"glassdoor uncleaned: $137K-$171K (Glassdoor est.)", glassdoor("$137K-$171K (Glassdoor est.)"),
			want{min: f(137000), max: f(171000), period: "year", currency: "USD", annualMid: f(154000), estimate: true, source: "text"}},
		{"glassdoor uncleaned: $145K-$225K(Employer est.)", glassdoor("$145K-$225K(Employer est.)"),
			want{min: f(145000), max: f(225000), period: "year", currency: "USD", annualMid: f(185000), source: "text"}},
		{"glassdoor uncleaned: $212K-$331K (Glassdoor est.)", glassdoor("$212K-$331K (Glassdoor est.)"),
			want{min: f(212000), max: f(331000), period: "year", currency: "USD", annualMid: f(271500), estimate: true, source: "text"}},

		// pay phrases found in Glassdoor job descriptions (real excerpts)
		{"glassdoor kenjee row 374 description: + salary:$75 - $96 per hour",
			glassdoor("+ location:San Francisco, CA\n\n+ salary:$75 - $96 per hour\n\n+ date posted:Thursday, March 19, 2020\n\n+ job type:"),
			want{min: f(75), max: f(96), period: "hour", currency: "USD", annualMid: f(177840), source: "description"}},
		{"glassdoor kenjee row 621 description: Salary: $80,000.00 to $150,000.00 /year",
			glassdoor("Job Type: Full-time\n\nSalary: $80,000.00 to $150,000.00 /year\n\nExperience:\nJava: 1 year (Preferr"),
			want{min: f(80000), max: f(150000), period: "year", currency: "USD", annualMid: f(115000), source: "description"}},
		{"glassdoor kenjee row 53 description: Salary banding between £50,000 and £70,000",
			glassdoor("The Benefits\nSalary banding between £50,000 and £70,000\nPermanent Uxbridge location - Great opport"),
			want{min: f(50000), max: f(70000), period: "year", currency: "GBP", annualMid: f(60000), source: "description"}},
		{"glassdoor kenjee row 894 description (one long line): Target Pay 45-70 per hour 90-130k annual",
			glassdoor("Job Description Data Scientist Greater Salt Lake City Contract to Hire Target Pay 45-70 per hour 90-130k annual Our client is global leader in their industry and is looki"),
			want{min: f(45), max: f(70), period: "hour", currency: "USD", annualMid: f(119600), source: "description"}},
		{"glassdoor kenjee row 526 description: Salary Range / $82,000-$129,000+/negotiable",
			glassdoor("Salary Range\n\n\n$82,000-$129,000+/negotiable depending on qualifications\n\nWorking Condition"),
			want{min: f(82000), max: f(129000), period: "year", currency: "USD", annualMid: f(105500), source: "description"}},
		{"glassdoor kenjee row 89 description: Compensation / $35,500 to $38,500 (no period said)",
			glassdoor("Compensation\n$35,500 to $38,500 (potentially higher based on work experience)\nGPA 3.8+ : A"),
			want{min: f(35500), max: f(38500), period: "year", currency: "USD", annualMid: f(37000), source: "description",
				note: "pay period not stated: 35500–38500 read as a yearly amount"}},
		{"glassdoor kenjee row 817 description: Pay Range: $42,673 - $48,281 annually",
			glassdoor("Days Off: Saturday, Sunday\n\nPay Range: $42,673 - $48,281 annually\n\nShift: Office Day (9am-"),
			want{min: f(42673), max: f(48281), period: "year", currency: "USD", annualMid: f(45477), source: "description"}},
		{"glassdoor uncleaned row 201 description: Pay: $140,000.00 - $185,000.00 per year",
			glassdoor("ext and phone about your application.\n\nJob Type: Full-time\n\nPay: $140,000.00 - $185,000.00 per year\n\nExperience:\nextract"),
			want{min: f(140000), max: f(185000), period: "year", currency: "USD", annualMid: f(162500), source: "description"}},
		{"glassdoor uncleaned row 170 description: Pay Rate: $45/HR (6 months is not a period)",
			glassdoor("Type: Contract (W2)\nLength: 6 months (Possibility of Extension)\n\nPay Rate: $45/HR\n\nJob Purpose: This"),
			want{point: f(45), period: "hour", currency: "USD", annualMid: f(93600), source: "description"}},
		{"glassdoor uncleaned row 419 description: Rate: $60/hr.",
			glassdoor("Duration: Long (Contract)\n\nRate: $60/hr.\n\nClient: DXC\n\nÂ\n\nWh"),
			want{point: f(60), period: "hour", currency: "USD", annualMid: f(124800), source: "description"}},
		// pay per unit of work is passed over for a wage, or rejected when it is all there is
		{"description: a mileage rate before the hourly wage",
			glassdoor("Job Type: Full-time\n\nRate: $0.500 per mile plus $20 an hour\n\nBenefits: dental"),
			want{point: f(20), period: "hour", currency: "USD", annualMid: f(41600), source: "description"}},
		{"description: a wage before a mileage rate",
			glassdoor("Job Type: Full-time\n\nPay: $25/hr, $0.60/mile\n\nBenefits: dental"),
			want{point: f(25), period: "hour", currency: "USD", annualMid: f(52000), source: "description"}},
		{"description: a weekly wage and mileage",
			glassdoor("Job Type: Contract\n\nPay: $1,200 per week plus $0.45 per mile\n\nBenefits: none"),
			want{point: f(1200), period: "week", currency: "USD", annualMid: f(62400), source: "description"}},
		{"description: pay per visit is no hourly wage",
			glassdoor("Job Type: Per diem\n\nPay: $65 per visit\n\nHome health visits in the county"),
			want{source: "description", reject: "pay stated per visit, not per hour, week, month or year"}},
		{"description: a range per home visit",
			glassdoor("Job Type: Part-time\n\nSalary: $40 - $45 per home visit\n\nCar required"),
			want{source: "description", reject: "pay stated per visit, not per hour, week, month or year"}},
		{"description: adjunct pay per credit hour",
			glassdoor("Job Type: Part-time\n\nPay: $1,000 per credit hour\n\nTeaching two sections"),
			want{source: "description", reject: "pay stated per credit hour, not per hour, week, month or year"}},
		{"text: pay per shift", glassdoor("$300 per shift"),
			want{source: "text", reject: "pay stated per shift, not per hour, week, month or year"}},
		{"description: cents per mile", glassdoor("Job Type: Full-time\n\nPay: 50 cents per mile\n\nHome daily"),
			want{source: "description", reject: "pay stated per mile, not per hour, week, month or year"}},
		{"description: CPM and a sign-on bonus", glassdoor("Job Type: Full-time\n\nPay: up to 65 CPM plus $500 sign-on bonus\n\nHome daily"),
			want{source: "description", reject: "pay stated per mile, not per hour, week, month or year"}},
		{"description: 60¢/mile", glassdoor("Job Type: Full-time\n\nPay: 60¢/mile\n\nHome daily"),
			want{source: "description", reject: "pay stated per mile, not per hour, week, month or year"}},
		{"description: a signing bonus before the wage",
			glassdoor("Job Type: Full-time\n\nPay: $5,000 signing bonus and $30 per hour\n\nBenefits: dental"),
			want{point: f(30), period: "hour", currency: "USD", annualMid: f(62400), source: "description"}},
		{"description: a sign-on bonus on its line, the salary on a later one",
			glassdoor("Job Type: Full-time\n\nPay: $2,000 sign-on bonus\n\nSalary: $58,000 per year\n\nBenefits: dental"),
			want{point: f(58000), period: "year", currency: "USD", annualMid: f(58000), source: "description"}},
		{"description: a sign-on bonus alone is not annualized",
			glassdoor("Job Type: Full-time\n\nPay: $2,000 sign-on bonus\n\nBenefits: dental"),
			want{point: f(2000), period: "once", currency: "USD", source: "description", note: "one-time amount: not annualized"}},
		{"description: salary plus bonus is the salary",
			glassdoor("Job Type: Full-time\n\nSalary: $80,000 plus bonus\n\nBenefits: dental"),
			want{point: f(80000), period: "year", currency: "USD", annualMid: f(80000), source: "description"}},
		{"text: $52,000 a year is not a unit", glassdoor("$52,000 a year"),
			want{point: f(52000), period: "year", currency: "USD", annualMid: f(52000), source: "text"}},
		{"glassdoor uncleaned row 327 description: Salary: US$160000 - US$161000 per annum",
			PayInput{Text: "entist\n\nLocation: San Francisco, California, United States\n\nSalary: US$160000 - US$161000 per annum + competitive\n\nSectors: Data a"},
			want{min: f(160000), max: f(161000), period: "year", currency: "USD", annualMid: f(160500), source: "description"}},
		{"glassdoor kenjee row 619 description: Competitive base salary / 20 days paid vacation is no pay",
			glassdoor("Competitive base salary\n20 days paid vacation\nStock options\n"),
			want{source: "description", reject: "no pay stated in the description"}},
		{"glassdoor uncleaned row 224 description: annual run rate of $5 billion is no pay",
			glassdoor("e stress-free and instant. We've built an exceptional team, seen strong growth, served nearly 75,000 customers (with an annual run rate of $5 billion), and raised $1.3 billion in f"),
			want{source: "description", reject: "no pay stated in the description"}},
		{"brief example in a description: Pay: $17.00 - $23.00 per hour",
			glassdoor("Job Type: Full-time\n\nPay: $17.00 - $23.00 per hour\n\nSchedule:\n8 hour shift"),
			want{min: f(17), max: f(23), period: "hour", currency: "USD", annualMid: f(41600), source: "description"}},

		// salary strings with no number
		{"glassdoor uncleaned row 503 description line: Salary: Open", glassdoor("Salary: Open"),
			want{source: "text", reject: `unparseable pay text "Salary: Open"`}},
		{"glassdoor kenjee row 918 description line: Hourly / Salary: BOE", glassdoor("Hourly / Salary: BOE"),
			want{source: "text", reject: `unparseable pay text "Hourly / Salary: BOE"`}},
		{"glassdoor uncleaned row 579 description line: Compensation: Commensurate with skills and experience",
			glassdoor("Compensation: Commensurate with skills and experience"),
			want{source: "text", reject: `unparseable pay text "Compensation: Commensurate with skills and experience"`}},
		{"brief: Competitive", glassdoor("Competitive"), want{source: "text", reject: `unparseable pay text "Competitive"`}},
		{"brief: DOE", glassdoor("DOE"), want{source: "text", reject: `unparseable pay text "DOE"`}},
		{"brief: empty", PayInput{}, want{reject: "no pay stated"}},
		{"glassdoor kenjee row 287 description line: $100,000- $75,000 is swapped", glassdoor("$100,000- $75,000"),
			want{min: f(75000), max: f(100000), period: "year", currency: "USD", annualMid: f(87500), source: "text",
				note: "min 100000 above max 75000: swapped; pay period not stated: 75000–100000 read as a yearly amount"}},

		// brief examples of salary strings
		{"brief: 120k", glassdoor("120k"), want{point: f(120000), period: "year", currency: "USD", annualMid: f(120000), source: "text"}},
		{"brief: 1.2M", glassdoor("1.2M"), want{point: f(1.2e6), period: "year", currency: "USD", annualMid: f(1.2e6), source: "text"}},
		{"brief: 45,000", glassdoor("45,000"), want{point: f(45000), period: "year", currency: "USD", annualMid: f(45000), source: "text",
			note: "pay period not stated: 45000 read as a yearly amount"}},
		{"brief: 20000 - 30000/annum", PayInput{Text: "20000 - 30000/annum", DefaultCurrency: "GBP"},
			want{min: f(20000), max: f(30000), period: "year", currency: "GBP", annualMid: f(25000), source: "text"}},
		{"brief: £30k pa + benefits", glassdoor("£30k pa + benefits"),
			want{point: f(30000), period: "year", currency: "GBP", annualMid: f(30000), source: "text"}},
		{"brief: Up to $45,000 a year", glassdoor("Up to $45,000 a year"),
			want{max: f(45000), period: "year", currency: "USD", annualMid: f(45000), source: "text"}},
		{"brief: From $20/hr", glassdoor("From $20/hr"),
			want{min: f(20), period: "hour", currency: "USD", annualMid: f(41600), source: "text"}},
		{"brief: $25 - $30 Per Hour", glassdoor("$25 - $30 Per Hour"),
			want{min: f(25), max: f(30), period: "hour", currency: "USD", annualMid: f(57200), source: "text"}},
		{"brief: CA$ is CAD whatever the default", glassdoor("CA$80,000 – CA$95,000 per year"),
			want{min: f(80000), max: f(95000), period: "year", currency: "CAD", annualMid: f(87500), source: "text"}},
		{"synthetic: €3,500 per month", glassdoor("€3,500 per month"),
			want{point: f(3500), period: "month", currency: "EUR", annualMid: f(42000), source: "text"}},
		{"synthetic: €40.000 per year (a dot groups thousands)", glassdoor("€40.000 per year"),
			want{point: f(40000), period: "year", currency: "EUR", annualMid: f(40000), source: "text"}},
		{"synthetic: €40.000 - €50.000 with no period", glassdoor("€40.000 - €50.000"),
			want{min: f(40000), max: f(50000), period: "year", currency: "EUR", annualMid: f(45000), source: "text",
				note: "pay period not stated: 40000–50000 read as a yearly amount"}},
		{"synthetic: € 3.500,00 per month (decimal comma)", glassdoor("€ 3.500,00 per month"),
			want{point: f(3500), period: "month", currency: "EUR", annualMid: f(42000), source: "text"}},
		{"synthetic: 2750,50 € per month", glassdoor("2750,50 € per month"),
			want{point: f(2750.5), period: "month", currency: "EUR", annualMid: f(33006), source: "text"}},
		{"synthetic: €1.250.000 per year", glassdoor("€1.250.000 per year"),
			want{point: f(1250000), period: "year", currency: "EUR", annualMid: f(1250000), source: "text"}},
		{"synthetic: CHF 120'000 per year (Swiss grouping)", glassdoor("CHF 120'000 per year"),
			want{point: f(120000), period: "year", currency: "CHF", annualMid: f(120000), source: "text"}},
		{"synthetic: 48\u00a0000 € per year (no-break space)", glassdoor("48\u00a0000 € per year"),
			want{point: f(48000), period: "year", currency: "EUR", annualMid: f(48000), source: "text"}},
		{"synthetic: $22.50 an hour keeps its decimals", glassdoor("$22.50 an hour"),
			want{point: f(22.5), period: "hour", currency: "USD", annualMid: f(46800), source: "text"}},
		{"synthetic: $1,234.5 per week", glassdoor("$1,234.5 per week"),
			want{point: f(1234.5), period: "week", currency: "USD", annualMid: f(64194), source: "text"}},
		{"synthetic: 40.000 EUR (a currency code in the text groups with dots)", glassdoor("40.000 EUR"),
			want{point: f(40000), period: "year", currency: "EUR", annualMid: f(40000), source: "text",
				note: "pay period not stated: 40000 read as a yearly amount"}},
		{"synthetic: 40.000 per year in a EUR source", PayInput{Text: "40.000 per year", DefaultCurrency: "EUR"},
			want{point: f(40000), period: "year", currency: "EUR", annualMid: f(40000), source: "text"}},
		{"synthetic: 40.000 per year in a USD source stays a decimal point", glassdoor("40.000 per year"),
			want{point: f(40), period: "hour", currency: "USD", annualMid: f(83200), source: "text",
				note: "labelled year but 40 is an hourly amount: treated as hour"}},
		{"synthetic: $17.125 per hour, a rate in eighths of a dollar", glassdoor("$17.125 per hour"),
			want{point: f(17.125), period: "hour", currency: "USD", annualMid: f(35620), source: "text"}},
		{"synthetic: €0.500 is never a thousands group", glassdoor("€0.500 per hour"),
			want{reject: "implausible hourly pay 0.5 (bounds 5–1,000 EUR)", source: "text"}},
		{"synthetic: a phone number is no pay", glassdoor("Salary: 555.123.4567"),
			want{reject: `unparseable pay text "Salary: 555.123.4567"`, source: "text"}},
		{"synthetic: a phone number after a pay word, then the pay", glassdoor("Great job.\nCompensation: 1.800.555.1234\nPay: $25 an hour"),
			want{point: f(25), period: "hour", currency: "USD", annualMid: f(52000), source: "description"}},
		{"synthetic: ₹ with Indian grouping", PayInput{Text: "₹5,00,000 - ₹7,50,000 per annum"},
			want{min: f(500000), max: f(750000), period: "year", currency: "INR", annualMid: f(625000), source: "text"}},
		{"synthetic: $2,100 every two weeks", glassdoor("$2,100 every two weeks"),
			want{point: f(2100), period: "biweek", currency: "USD", annualMid: f(54600), source: "text"}},
		{"synthetic: $2,500 twice a month", glassdoor("$2,500 twice a month"),
			want{point: f(2500), period: "semimonth", currency: "USD", annualMid: f(60000), source: "text"}},
		{"synthetic: $150 per diem", glassdoor("$150 per diem"),
			want{point: f(150), period: "day", currency: "USD", annualMid: f(39000), source: "text"}},
		{"synthetic: a negative amount", glassdoor("-$5,000 per month"), want{source: "text", reject: "negative amount"}},

		// ds_salaries / aijobs.net: salary + salary_currency, annual by definition
		{"ds_salaries_2023 row 0: 80000 EUR", dss("80000", "EUR"),
			want{point: f(80000), period: "year", currency: "EUR", annualMid: f(80000), source: "fields"}},
		{"ds_salaries_2023: 27000 GBP", dss("27000", "GBP"),
			want{point: f(27000), period: "year", currency: "GBP", annualMid: f(27000), source: "fields"}},
		{"ds_salaries_2023: 7500000 INR", dss("7500000", "INR"),
			want{point: f(7500000), period: "year", currency: "INR", annualMid: f(7500000), source: "fields"}},
		{"ds_salaries_2020_2022: 400000 INR is the INR floor", dss("400000", "INR"),
			want{point: f(400000), period: "year", currency: "INR", annualMid: f(400000), source: "fields"}},
		{"ds_salaries_2023: 30400000 CLP", dss("30400000", "CLP"),
			want{point: f(30400000), period: "year", currency: "CLP", annualMid: f(30400000), source: "fields"}},
		{"ds_salaries_2023: 11000000 HUF", dss("11000000", "HUF"),
			want{point: f(11000000), period: "year", currency: "HUF", annualMid: f(11000000), source: "fields"}},
		{"ds_salaries_2023: 8500000 JPY", dss("8500000", "JPY"),
			want{point: f(8500000), period: "year", currency: "JPY", annualMid: f(8500000), source: "fields"}},
		{"aijobs.net: 840000 PHP", dss("840000", "PHP"),
			want{point: f(840000), period: "year", currency: "PHP", annualMid: f(840000), source: "fields"}},
		{"aijobs.net: 120000 USD", dss("120000", "USD"),
			want{point: f(120000), period: "year", currency: "USD", annualMid: f(120000), source: "fields"}},
		{"ds_salaries_2023: 7000 USD (Ghana) is a real low salary", dss("7000", "USD"),
			want{point: f(7000), period: "year", currency: "USD", annualMid: f(7000), source: "fields"}},
		{"ds_salaries_2023: 4000 USD is under the yearly floor", dss("4000", "USD"),
			want{source: "fields", reject: "implausible annual pay 4000 (bounds 5,000–5,000,000)"}},
		{"ds_salaries_2023: 6000 EUR is a real low salary", dss("6000", "EUR"),
			want{point: f(6000), period: "year", currency: "EUR", annualMid: f(6000), source: "fields"}},
		{"ds_salaries_2023: 120000 CZK is above the CZK floor", dss("120000", "CZK"),
			want{point: f(120000), period: "year", currency: "CZK", annualMid: f(120000), source: "fields"}},
		{"synthetic: 90000 CZK is under the CZK floor", dss("90000", "CZK"),
			want{source: "fields", reject: "implausible annual pay 90000 (bounds 100,000–100,000,000 CZK)"}},
		{"synthetic: currency sign in the field", dss("45000", "£"),
			want{point: f(45000), period: "year", currency: "GBP", annualMid: f(45000), source: "fields"}},
		{"synthetic: a currency without bounds", dss("9000000", "ARS"),
			want{point: f(9000000), period: "year", currency: "ARS", annualMid: f(9000000), source: "fields", note: "no plausibility bounds for ARS"}},

		// LinkedIn salaries.csv: min/med/max + pay_period
		{"linkedin salary_id 1: 22.0-30.0 HOURLY", linkedin("22.0", "", "30.0", "HOURLY"),
			want{min: f(22), max: f(30), period: "hour", currency: "USD", annualMid: f(54080), source: "fields"}},
		{"linkedin salary_id 2: 55000.0-65000.0 YEARLY", linkedin("55000.0", "", "65000.0", "YEARLY"),
			want{min: f(55000), max: f(65000), period: "year", currency: "USD", annualMid: f(60000), source: "fields"}},
		{"linkedin salary_id 58: med 4000.0 MONTHLY", linkedin("", "4000.0", "", "MONTHLY"),
			want{point: f(4000), period: "month", currency: "USD", annualMid: f(48000), source: "fields"}},
		{"linkedin salary_id 8155: 2010.0-2163.0 WEEKLY", linkedin("2010.0", "", "2163.0", "WEEKLY"),
			want{min: f(2010), max: f(2163), period: "week", currency: "USD", annualMid: f(108498), source: "fields"}},
		{"linkedin salary_id 12052: 68.0 ONCE is not annualized", linkedin("68.0", "", "68.0", "ONCE"),
			want{min: f(68), max: f(68), period: "once", currency: "USD", source: "fields", note: "one-time amount: not annualized"}},
		{"linkedin salary_id 18: 55.0-75.0 YEARLY is hourly", linkedin("55.0", "", "75.0", "YEARLY"),
			want{min: f(55), max: f(75), period: "hour", currency: "USD", annualMid: f(135200), source: "fields",
				note: "labelled year but 55–75 is an hourly amount: treated as hour"}},
		{"linkedin salary_id 5643: 18.0-18.92 YEARLY is hourly", linkedin("18.0", "", "18.92", "YEARLY"),
			want{min: f(18), max: f(18.92), period: "hour", currency: "USD", annualMid: f(38396.8), source: "fields",
				note: "labelled year but 18–18.92 is an hourly amount: treated as hour"}},
		{"linkedin salary_id 3796: 150000.0-180000.0 HOURLY is yearly", linkedin("150000.0", "", "180000.0", "HOURLY"),
			want{min: f(150000), max: f(180000), period: "year", currency: "USD", annualMid: f(165000), source: "fields",
				note: "labelled hour but 150000–180000 is a yearly amount: treated as year"}},
		{"linkedin salary_id 10633: 50000.0-52000.0 HOURLY is yearly", linkedin("50000.0", "", "52000.0", "HOURLY"),
			want{min: f(50000), max: f(52000), period: "year", currency: "USD", annualMid: f(51000), source: "fields",
				note: "labelled hour but 50000–52000 is a yearly amount: treated as year"}},
		{"linkedin salary_id 8020: 1000.0-200000.0 YEARLY placeholder", linkedin("1000.0", "", "200000.0", "YEARLY"),
			want{source: "fields", reject: "implausible annual pay 1000 (bounds 5,000–5,000,000)"}},
		{"linkedin salary_id 4069: 70000.0-7000090000.0 YEARLY", linkedin("70000.0", "", "7000090000.0", "YEARLY"),
			want{source: "fields", reject: "implausible annual pay 7000090000 (bounds 5,000–5,000,000)"}},
		{"linkedin salary_id 6006: 85.0-180000.0 YEARLY mixes units", linkedin("85.0", "", "180000.0", "YEARLY"),
			want{source: "fields", reject: "implausible annual pay 85 (bounds 5,000–5,000,000)"}},
		{"linkedin salary_id 2582: 65.0-6575.0 HOURLY", linkedin("65.0", "", "6575.0", "HOURLY"),
			want{source: "fields", reject: "implausible hourly pay 6575 (bounds 5–1,000)"}},
		{"linkedin salary_id 8140: med 5244.67 HOURLY", linkedin("", "5244.67", "", "HOURLY"),
			want{source: "fields", reject: "implausible hourly pay 5244.67 (bounds 5–1,000)"}},
		{"linkedin salary_id 1224: 55.0 MONTHLY", linkedin("55.0", "", "55.0", "MONTHLY"),
			want{source: "fields", reject: "implausible monthly pay 55 (bounds 800–200,000)"}},
		{"linkedin salary_id 10061: med 0.0 YEARLY", linkedin("", "0.0", "", "YEARLY"),
			want{source: "fields", reject: "pay of 0: every amount stated is 0"}},
		{"synthetic: an unknown period", linkedin("22.0", "", "30.0", "fortnightly-ish"),
			want{source: "fields", reject: `unknown pay period "fortnightly-ish"`}},
		{"synthetic: an unparseable field", linkedin("DOE", "", "", "YEARLY"),
			want{source: "fields", reject: `unparseable pay min "DOE"`}},

		// NYC Jobs: Salary Range From/To + Salary Frequency
		{"nyc 2019: 42405-65485 Annual", nyc("42405", "65485", "Annual"),
			want{min: f(42405), max: f(65485), period: "year", currency: "USD", annualMid: f(53945), source: "fields"}},
		{"nyc 2019: 8.75-10.36 Hourly", nyc("8.75", "10.36", "Hourly"),
			want{min: f(8.75), max: f(10.36), period: "hour", currency: "USD", annualMid: f(19874.4), source: "fields"}},
		{"nyc 2019: 343-343 Daily", nyc("343", "343", "Daily"),
			want{min: f(343), max: f(343), period: "day", currency: "USD", annualMid: f(89180), source: "fields"}},
		{"synthetic: 0-0 Annual is pay of 0, a reject", nyc("0", "0", "Annual"),
			want{source: "fields", reject: "pay of 0: every amount stated is 0"}},
		{"synthetic: $0 a year as text is pay of 0, a reject", glassdoor("$0 a year"),
			want{source: "text", reject: "pay of 0: every amount stated is 0"}},
		{"nyc 2019: 0-100000 Annual, from 0 is not stated", nyc("0", "100000", "Annual"),
			want{max: f(100000), period: "year", currency: "USD", annualMid: f(100000), source: "fields", note: "min 0 read as not stated"}},
		{"nyc 2022: 24.3043-27.9502 Hourly", nyc("24.3043", "27.9502", "Hourly"),
			want{min: f(24.3043), max: f(27.9502), period: "hour", currency: "USD", annualMid: f(54344.68), source: "fields"}},
		{"nyc 2022: 315.07-315.07 Daily", nyc("315.07", "315.07", "Daily"),
			want{min: f(315.07), max: f(315.07), period: "day", currency: "USD", annualMid: f(81918.2), source: "fields"}},
		{"nyc 2022: 72038-192152 Annual", nyc("72038", "192152", "Annual"),
			want{min: f(72038), max: f(192152), period: "year", currency: "USD", annualMid: f(132095), source: "fields"}},

		// H-1B LCA FY2016: WAGE_RATE_OF_PAY_FROM/TO + WAGE_UNIT_OF_PAY, PREVAILING_WAGE + PW_UNIT_OF_PAY
		{"h1b: 41000.0 / 0.0 Year (TO 0 when single)", h1b("41000.0", "0.0", "Year"),
			want{min: f(41000), period: "year", currency: "USD", annualMid: f(41000), source: "fields", note: "max 0 read as not stated"}},
		{"h1b: 264000.0-451100.0 Year", h1b("264000.0", "451100.0", "Year"),
			want{min: f(264000), max: f(451100), period: "year", currency: "USD", annualMid: f(357550), source: "fields"}},
		{"h1b: 90.0 Hour", h1b("90.0", "", "Hour"),
			want{min: f(90), period: "hour", currency: "USD", annualMid: f(187200), source: "fields"}},
		{"h1b: 4600.0 Month", h1b("4600.0", "", "Month"),
			want{min: f(4600), period: "month", currency: "USD", annualMid: f(55200), source: "fields"}},
		{"h1b: 68333.33 Month", h1b("68333.33", "", "Month"),
			want{min: f(68333.33), period: "month", currency: "USD", annualMid: f(819999.96), source: "fields"}},
		{"h1b: 7480.77 Week", h1b("7480.77", "", "Week"),
			want{min: f(7480.77), period: "week", currency: "USD", annualMid: f(389000.04), source: "fields"}},
		{"h1b: 3737.0 Bi-Weekly", h1b("3737.0", "", "Bi-Weekly"),
			want{min: f(3737), period: "biweek", currency: "USD", annualMid: f(97162), source: "fields"}},
		{"h1b prevailing wage: 103290.0 Year", PayInput{Point: "103290.0", Period: "Year", DefaultCurrency: "USD"},
			want{point: f(103290), period: "year", currency: "USD", annualMid: f(103290), source: "fields"}},
		{"h1b prevailing wage: 75.73 Hour", PayInput{Point: "75.73", Period: "Hour", DefaultCurrency: "USD"},
			want{point: f(75.73), period: "hour", currency: "USD", annualMid: f(157518.4), source: "fields"}},
		{"h1b prevailing wage: 220700.0 Month (a CEO's yearly figure) is implausible", PayInput{Point: "220700.0", Period: "Month", DefaultCurrency: "USD"},
			want{source: "fields", reject: "implausible monthly pay 220700 (bounds 800–200,000)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParsePay(tt.in)
			w := tt.want
			if w.reject != "" {
				if got.Reject != w.reject || got.Source != w.source || got.Note != w.note {
					t.Fatalf("got reject %q source %q note %q, want reject %q source %q note %q", got.Reject, got.Source, got.Note, w.reject, w.source, w.note)
				}
				if got.AnnualMin != nil || got.AnnualMax != nil || got.AnnualMid != nil {
					t.Fatalf("rejected pay has annual figures: %s", payShow(got))
				}
				return
			}
			if got.Reject != "" {
				t.Fatalf("rejected: %q (%s)", got.Reject, payShow(got))
			}
			for _, c := range []struct {
				name      string
				got, want *float64
			}{{"Min", got.Min, w.min}, {"Max", got.Max, w.max}, {"Point", got.Point, w.point}, {"AnnualMid", got.AnnualMid, w.annualMid}} {
				if !paySameAmount(c.got, c.want) {
					t.Errorf("%s = %s, want %s", c.name, payFmtPtr(c.got), payFmtPtr(c.want))
				}
			}
			if got.Period != w.period || got.Currency != w.currency || got.IsEstimate != w.estimate || got.Source != w.source || got.Note != w.note {
				t.Errorf("got period %q currency %q estimate %v source %q note %q\nwant period %q currency %q estimate %v source %q note %q",
					got.Period, got.Currency, got.IsEstimate, got.Source, got.Note, w.period, w.currency, w.estimate, w.source, w.note)
			}
			// AnnualMin/Max are Min/Max times the period's factor; a one-time amount has none
			factor, annualized := AnnualFactors[got.Period], got.Period != "once"
			for _, c := range []struct {
				name          string
				annual, frame *float64
			}{{"AnnualMin", got.AnnualMin, got.Min}, {"AnnualMax", got.AnnualMax, got.Max}} {
				var want *float64
				if annualized && c.frame != nil {
					want = f(*c.frame * factor)
				}
				if !paySameAmount(c.annual, want) {
					t.Errorf("%s = %s, want %s", c.name, payFmtPtr(c.annual), payFmtPtr(want))
				}
			}
		})
	}
}

func TestNormalizePayPeriod(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"HOURLY", "hour", true}, {"YEARLY", "year", true}, {"MONTHLY", "month", true}, {"WEEKLY", "week", true},
		{"BIWEEKLY", "biweek", true}, {"ONCE", "once", true}, // LinkedIn
		{"Annual", "year", true}, {"Hourly", "hour", true}, {"Daily", "day", true}, // NYC
		{"Year", "year", true}, {"Hour", "hour", true}, {"Week", "week", true}, {"Bi-Weekly", "biweek", true}, {"Month", "month", true}, // H-1B
		{"per hour", "hour", true}, {"an hour", "hour", true}, {"/hr", "hour", true}, {"p.a.", "year", true}, {"per annum", "year", true},
		{"semi-monthly", "semimonth", true}, {"twice a month", "semimonth", true}, {"every two weeks", "biweek", true},
		{"fortnight", "biweek", true}, {"per diem", "day", true}, {"mo", "month", true}, {"annual salary", "year", true},
		{"hourly rate", "hour", true}, {" Year ", "year", true},
		{"", "", false}, {"fortnightly-ish", "", false}, {"quarterly", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePeriod(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("NormalizePeriod(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
	for p := range AnnualFactors {
		if got, ok := NormalizePeriod(p); !ok || got != p {
			t.Errorf("NormalizePeriod(%q) = %q, %v; every canonical period must read as itself", p, got, ok)
		}
	}
}

// TestParsePayDSSalaries2023 runs every row of ds_salaries_2023 through
// ParsePay as the ds_salaries preset does (Point = salary, Currency =
// salary_currency, Period = year) and checks the annual figure against the
// publisher's salary_in_usd: equal for USD rows, within 2% after conversion
// with data/currency_rates.csv for the others.
func TestParsePayDSSalaries2023(t *testing.T) {
	body, err := os.ReadFile(shareddata.Path(t, "postings/ds_salaries_2023_3755/ds_salaries_2023.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rates := payLoadRates(t)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var usd, usdEqual, usdUnderFloor, other, otherClose int
	var misses []string
	for n, r := range rows[1:] {
		salary, cur, year := r[col["salary"]], r[col["salary_currency"]], r[col["work_year"]]
		inUSD, err := strconv.ParseFloat(r[col["salary_in_usd"]], 64)
		if err != nil {
			t.Fatalf("row %d: salary_in_usd %q: %v", n+1, r[col["salary_in_usd"]], err)
		}
		p := ParsePay(PayInput{Point: salary, Currency: cur, Period: "year"})
		if cur == "USD" {
			usd++
			switch {
			case p.Reject == "" && p.AnnualMid != nil && *p.AnnualMid == inUSD:
				usdEqual++
			case p.Reject == fmt.Sprintf("implausible annual pay %s (bounds 5,000–5,000,000)", salary) && inUSD < 5000:
				usdUnderFloor++ // a salary under the yearly floor: rejected by the bound
			default:
				t.Errorf("row %d: USD %s: got %s, want AnnualMid = salary_in_usd %s", n+1, salary, payShow(p), r[col["salary_in_usd"]])
			}
			continue
		}
		other++
		rate, ok := rates[cur+"/"+year]
		if !ok {
			t.Errorf("row %d: no rate for %s %s in data/currency_rates.csv", n+1, cur, year)
			continue
		}
		if p.Reject == "" && p.AnnualMid != nil && math.Abs(*p.AnnualMid*rate/inUSD-1) <= 0.02 {
			otherClose++
		} else {
			misses = append(misses, fmt.Sprintf("%s %s %s → usd %s: %s", year, salary, cur, r[col["salary_in_usd"]], payShow(p)))
		}
	}
	share := float64(otherClose) / float64(other)
	t.Logf("USD rows: %d of %d equal salary_in_usd, %d rejected under the 5,000 yearly floor", usdEqual, usd, usdUnderFloor)
	t.Logf("non-USD rows: %d of %d (%.2f%%) within 2%% of salary_in_usd after conversion", otherClose, other, 100*share)
	for _, m := range misses {
		t.Logf("  not within 2%%: %s", m)
	}
	if usdUnderFloor != 0 || usdEqual != usd {
		t.Errorf("%d of %d USD rows equal salary_in_usd and %d were rejected under the floor; want all equal", usdEqual, usd, usdUnderFloor)
	}
	if share < 0.95 {
		t.Errorf("only %.2f%% of non-USD rows within 2%%, want at least 95%%", 100*share)
	}
}

// payLoadRates reads data/currency_rates.csv into "EUR/2023" → USD per unit.
func payLoadRates(t testing.TB) map[string]float64 {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "data", "currency_rates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || len(recs[0]) != 4 || recs[0][0] != "currency" || recs[0][1] != "year" || recs[0][2] != "usd_per_unit" || recs[0][3] != "evidence" {
		t.Fatalf("data/currency_rates.csv header %v, want currency,year,usd_per_unit,evidence", recs[0])
	}
	out := map[string]float64{}
	for i, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil || v <= 0 || r[3] == "" {
			t.Fatalf("data/currency_rates.csv line %d: %v", i+2, r)
		}
		key := r[0] + "/" + r[1]
		if _, dup := out[key]; dup {
			t.Fatalf("data/currency_rates.csv line %d: %s repeated", i+2, key)
		}
		if r[0] == "USD" && v != 1 {
			t.Fatalf("data/currency_rates.csv line %d: USD rate %v, want 1", i+2, v)
		}
		out[key] = v
	}
	return out
}

func paySameAmount(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*b))
}

func payFmtPtr(v *float64) string {
	if v == nil {
		return "nil"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func payShow(p Pay) string {
	return fmt.Sprintf("min=%s max=%s point=%s period=%q currency=%q annual=%s/%s/%s estimate=%v source=%q note=%q reject=%q",
		payFmtPtr(p.Min), payFmtPtr(p.Max), payFmtPtr(p.Point), p.Period, p.Currency, payFmtPtr(p.AnnualMin), payFmtPtr(p.AnnualMid), payFmtPtr(p.AnnualMax),
		p.IsEstimate, p.Source, p.Note, p.Reject)
}

// payBenchInputs are real values from the posting datasets, in the mix a
// posting run sees: salary strings, numeric fields, one description.
var payBenchInputs = []PayInput{
	{Text: "$53K-$91K (Glassdoor est.)", DefaultCurrency: "USD"},
	{Text: "$17-$24 Per Hour(Glassdoor est.)", DefaultCurrency: "USD"},
	{Text: "Employer Provided Salary:$120K-$140K", DefaultCurrency: "USD"},
	{Text: "$110K-$150K(Employer est.)", DefaultCurrency: "USD"},
	{Text: "-1", DefaultCurrency: "USD"},
	{Min: "22.0", Max: "30.0", Period: "HOURLY", Currency: "USD"},
	{Min: "55000.0", Max: "65000.0", Period: "YEARLY", Currency: "USD"},
	{Min: "55.0", Max: "75.0", Period: "YEARLY", Currency: "USD"},
	{Point: "4000.0", Period: "MONTHLY", Currency: "USD"},
	{Min: "42405", Max: "65485", Period: "Annual", DefaultCurrency: "USD"},
	{Min: "8.75", Max: "10.36", Period: "Hourly", DefaultCurrency: "USD"},
	{Min: "41000.0", Max: "0.0", Period: "Year", DefaultCurrency: "USD"},
	{Point: "80000", Currency: "EUR", Period: "year"},
	{Point: "7500000", Currency: "INR", Period: "year"},
	{Text: "Job Type: Full-time\n\nSalary: $80,000.00 to $150,000.00 /year\n\nExperience:\nJava: 1 year (Preferr", DefaultCurrency: "USD"},
}

func BenchmarkParsePay(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ParsePay(payBenchInputs[i%len(payBenchInputs)])
	}
}
