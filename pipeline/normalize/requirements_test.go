package normalize

import (
	"slices"
	"strings"
	"testing"
)

// Cases quote description text from shared/data/postings (Glassdoor Job
// Description; NYC Jobs 2019 Minimum Qual Requirements), the dataset named
// in each case; "realistic" cases are written in the style of clinical-lab
// postings, which these files hold only a few of.
func TestExtractRequirements(t *testing.T) {
	tests := []struct {
		name      string
		desc      string
		wantCerts []string
		wantEdu   string
	}{
		{"glassdoor Tower Health MLS (ASCP) (Preferred)",
			"Bachelor's Degree: Baccalaureate Degree in Medical Technology, Clinical Laboratory Science, Medical Laboratory Science or related science (Required)\nMinimum of 1 year of experience\nCertification and Licensure Requirements. MLS (ASCP) (Preferred)",
			[]string{"MLS(ASCP)"}, "bachelor"},
		{"glassdoor Beebe Healthcare associate degree, ASCP-MEDTECH",
			"Will consider entry level graduates of an approved associate degree program in an appropriate science field and eligibility as medical technologist.\nCredentials:\nEssential:\nASCP-MEDTECH - MLT OR MT\nAssociates Degree in related field",
			[]string{"ASCP"}, "associate"},
		{"glassdoor Texas Health Huguley B.S. and ASCP or AMT",
			"Must have a B.S. degree in Medical Technology, Medical Laboratory Science or a related science.\nValid ASCP or AMT Technologist/Scientist Certification.\nAt least one year of experience is preferred.",
			[]string{"AMT", "ASCP"}, "bachelor"},
		{"glassdoor Vail Health MLS(ASCP) or MT(AMT)",
			"Certification(s):\nMLS(ASCP) = ASCP certification as a Medical Laboratory Scientist or\nMT(AMT) or AMT certification as a Medical Technologist required\n",
			[]string{"AMT", "ASCP", "MLS(ASCP)", "MT(AMT)"}, ""},
		{"glassdoor Orange Coast California CLS licence",
			"Bachelor’s\ndegree in a science discipline preferred.\nCurrently\nlicensed as a Clinical Laboratory Scientist by the state of California",
			[]string{"CA CLS license"}, "bachelor"},
		{"glassdoor Catholic Health Initiatives ASCP, AMT, NCA",
			"Associates or Bachelor's degree in Medical Lab Technology or Medical Technology or related field\nCertified eligible or certified as a Medical Laboratory Scientist or Medical Technologist by ASCP, AMT, NCA or HEW or specialty board by ASCP for area employed",
			[]string{"AMT", "ASCP", "NCA"}, "associate"},
		{"glassdoor_uncleaned Exact Sciences state licensure without a state",
			"Possession of appropriate certification at time of hire from one of the nationally recognized certification agencies, i.e. ASCP or state licensure that has been determined to be equivalent, and maintain throughout employment in position.",
			[]string{"ASCP"}, ""},
		{"glassdoor VA MT / CLS required, ASCP preferred",
			"Preferred Experience: Two years of experience as a generalist preferred. Certification as MT / CLS required, ASCP certification is preferred.",
			[]string{"ASCP"}, ""},
		{"nyc_jobs_2019 NYS Clinical Laboratory Technologist licence",
			"A baccalaureate degree from an accredited college, including or supplemented by 16 semester credits in chemistry.    Certificate Requirement  At the time of appointment to a clinical laboratory, candidates must possess a valid License as a Clinical Laboratory Technologist issued by the New York State Education Department.",
			[]string{"NY CLT license"}, "bachelor"},
		{"glassdoor Intrado high school, MS Word is not a degree",
			"Education\n•High school diploma or GED required.\n\nExperience\n•Minimum one-year data collection or data entry experience required.\n\nOther\n•Basic knowledge of MS Word, PowerPoint, Excel, and Outlook required.",
			nil, "high_school"},
		{"glassdoor Q2 Solutions high school or bachelor",
			"MINIMUM REQUIRED EDUCATION AND EXPERIENCE\nHigh School diploma and 5 years’ relevant lab experience; or Bachelor’s Degree in Chemistry or a related field",
			nil, "high_school"},
		{"glassdoor Takeda Cambridge, MA is a place",
			"Join us as a Data Scientist in our Cambridge, MA location.",
			nil, ""},
		{"glassdoor Q2 Solutions LC/MS is an instrument",
			"validate and apply new bioanalytical approaches pertaining specifically to LC/MS biomarker and biotherapeutic assays",
			nil, ""},
		{"glassdoor Muso BS and/or MS",
			"Need to have:\nBS and/or MS in Computer Science, Engineering, or related field.",
			nil, "bachelor"},
		{"glassdoor HSC BA/BS, certifications N/A",
			"License/Certifications: N/A Required Education: BA/BS in computer science, statistics, and/or public health or related field.",
			nil, "bachelor"},
		{"glassdoor Acceleron PharmD, PhD, MS, BS, RN, or RPh",
			"Life Science Degree or Healthcare Professional (PharmD, PhD, MS, BS, RN, or RPh).\nPost-graduate trainings in epidemiology (e.g. MPH) is an added benefit but not an absolute requirement.",
			[]string{"RN", "RPh"}, "bachelor"},
		{"glassdoor Stratagem IAT certifications",
			"IAT Level II or III certification (i.e. Security+ or CISSP or CASP) within 90 days of hire",
			[]string{"CASP+", "CISSP", "Security+"}, ""},
		{"glassdoor Genworth AWS certification, not Azure experience",
			"AWS certification or proven experience in a cloud computing environment such as, Databricks, Azure, Cloudera, Hortonworks, Google Cloud, Anaconda etc.",
			[]string{"AWS"}, ""},
		{"glassdoor MassMutual PMP, Scrum Master is not a degree",
			"10 years managing and driving the execution of complex projects\nCertified PM (PMP) and/or Agile Scrum Master",
			[]string{"PMP"}, ""},
		{"glassdoor Takeda DABT",
			"LICENSES/CERTIFICATIONS:\nDABT certification a plus, but not necessary\nLocations\n\n\nBoston, MA",
			[]string{"DABT"}, ""},
		{"glassdoor Zest AI CCPA is not CPA",
			"Please review our CCPA Policy with regard to applicant and employee personal information here.",
			nil, ""},
		{"glassdoor First Command Lean Six Sigma experience is not a certification",
			"Applied experience in Agile, SAFe, Scrum or Lean Six Sigma",
			nil, ""},
		{"glassdoor Bill.com M.S. or PhD",
			"Minimum 5 years (with M.S. degree) or 3 years (with PhD) of industry experience in data science\nAn advanced degree (M.S., PhD.), preferably in Statistics",
			nil, "master"},
		{"glassdoor Rochester Regional MD or PhD",
			"ATTRIBUTES\nMD or PhD who is not self supporting of their own salary nor has their own research program",
			nil, "doctorate"},
		{"realistic ASCP certification required", "ASCP certification required.", []string{"ASCP"}, ""},
		{"realistic MT(ASCP) or MLS(ASCP)", "MT(ASCP) or MLS(ASCP) required; ASCPi accepted for international applicants", []string{"MLS(ASCP)", "MT(ASCP)"}, ""},
		{"realistic MLS(ASCP)CM", "Certification: MLS(ASCP)CM or eligible within 6 months of hire", []string{"MLS(ASCP)"}, ""},
		{"realistic California CLS license", "Current California CLS license required.", []string{"CA CLS license"}, ""},
		{"realistic CA MLT license and MLT(ASCP)", "Valid CA MLT license; MLT(ASCP) certification preferred", []string{"CA MLT license", "MLT(ASCP)"}, ""},
		{"realistic AMT or ASCP", "AMT or ASCP certification as a Medical Technologist", []string{"AMT", "ASCP"}, ""},
		{"realistic associate degree in MLT", "Associate degree in Medical Laboratory Technology and MLT(AMT) certification", []string{"MLT(AMT)"}, "associate"},
		{"realistic Florida licence", "Florida Clinical Laboratory Technologist license in Chemistry and Hematology required", []string{"FL CLT license"}, ""},
		{"realistic Texas does not license lab staff", "Active RN license in the state of Texas; BLS and ACLS required", []string{"ACLS", "BLS", "RN"}, ""},
		{"realistic LPN with CPR card", "Licensed Practical Nurse (LPN) with current CPR certification; high school diploma or GED", []string{"CPR", "LPN"}, "high_school"},
		{"realistic CPA licence, not CPA firm", "Active CPA license required; Big 4 or regional CPA firm experience preferred", []string{"CPA"}, ""},
		{"realistic CPA firm only", "2+ years of experience at a CPA firm", nil, ""},
		{"realistic AMT the tax", "Prepare federal returns including AMT and depreciation schedules", nil, ""},
		{"realistic Bachelor's or Master's", "Bachelor's or Master's degree in Computer Science", nil, "bachelor"},
		{"realistic Master's or PhD", "Master’s degree or Ph.D. in Statistics", nil, "master"},
		{"empty", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractRequirements(tt.desc)
			if !slices.Equal(got.Certifications, tt.wantCerts) || got.MinEducation != tt.wantEdu {
				t.Errorf("ExtractRequirements(%q)\n = %q, %q\nwant %q, %q", tt.desc, got.Certifications, got.MinEducation, tt.wantCerts, tt.wantEdu)
			}
			if !slices.IsSorted(got.Certifications) || len(slices.Compact(slices.Clone(got.Certifications))) != len(got.Certifications) {
				t.Errorf("Certifications %q not sorted and unique", got.Certifications)
			}
		})
	}
}

// TestExtractRequirementsGlassdoorRows: over every Glassdoor description,
// the clinical-laboratory postings named in PROVENANCE.md get their
// credentials and nothing returns an unknown education level.
func TestExtractRequirementsGlassdoorRows(t *testing.T) {
	labCerts := 0
	for _, r := range normTestCSV(t, "postings/glassdoor_ds_jobs_kenjee_2020/glassdoor_jobs.csv", ',') {
		got := ExtractRequirements(r["Job Description"])
		if got.MinEducation != "" && !slices.Contains(EducationLevels, got.MinEducation) {
			t.Fatalf("%q: education %q", r["Job Title"], got.MinEducation)
		}
		title := strings.ToLower(r["Job Title"])
		if strings.Contains(title, "lab scientist") || strings.Contains(title, "laboratory scientist") || strings.Contains(title, "med tech") {
			if len(got.Certifications) == 0 {
				t.Errorf("%q at %q: no certification", r["Job Title"], CleanEmployerName(r["Company Name"]))
			}
			labCerts++
		}
	}
	if labCerts < 6 {
		t.Errorf("only %d clinical-lab postings", labCerts)
	}
}

func BenchmarkExtractRequirements(b *testing.B) {
	desc := strings.Repeat("We are an equal opportunity employer and value diversity at our company. ", 20) +
		"Must have a B.S. degree in Medical Technology, Medical Laboratory Science or a related science.\n" +
		"Valid ASCP or AMT Technologist/Scientist Certification.\nMLS(ASCP) preferred.\n" +
		"Currently licensed as a Clinical Laboratory Scientist by the state of California\n" +
		"At least one year of experience is preferred.\n"
	b.ReportAllocs()
	b.SetBytes(int64(len(desc)))
	for b.Loop() {
		ExtractRequirements(desc)
	}
}
