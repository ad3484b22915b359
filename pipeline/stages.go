package pipeline

import (
	"context"

	"github.com/wagescope/wagescope/pipeline/ingest"
)

// Ingester reads one source file into raw tables.
type Ingester func(ctx context.Context, src ingest.Source, sink ingest.Sink) (ingest.Result, error)

// ingesters maps each source kind to its reader: an explicit table, so the
// set of kinds is visible in one place.
var ingesters = map[string]Ingester{
	"oews":        ingest.IngestOEWS,
	"projections": ingest.IngestProjections,
	"cpi":         ingest.IngestCPI,
	"soc":         ingest.IngestSOC,
	"titles":      ingest.IngestONET,
	"postings":    ingest.IngestPostings,
}

// rawTables are the tables ingesters write; an incremental build compares
// their source files with the published database's.
var rawTables = []string{
	"raw_oews__wages",
	"raw_projections__occupations",
	"raw_projections__alternate_titles",
	"raw_cpi__observations",
	"raw_soc__occupations",
	"raw_postings__postings",
	"raw_titles__onet",
	"rejects",
}

// Stage names, in the order Run executes them; --only takes these.
const (
	StageIngest    = "ingest"
	StageNormalize = "normalize"
	StageStaging   = "staging"
	StageMarts     = "marts"
	StageChecks    = "checks"
	StageReport    = "report"
)

// Stages lists every stage in order.
func Stages() []string {
	return []string{StageIngest, StageNormalize, StageStaging, StageMarts, StageChecks, StageReport}
}
