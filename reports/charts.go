package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/wagescope/wagescope/pipeline/store"
)

// chartBlock is one chart ready for a page: a fixed element id and the
// ECharts option as HTML-safe JSON (encoding/json escapes <, > and &), so
// data strings cannot close the <script> that carries them.
type chartBlock struct {
	ID     string
	Label  string // accessible name of the chart element
	Height int    // pixels
	Option template.JS
}

// echartsChart is what go-echarts' *charts.Line and *charts.Bar provide.
type echartsChart interface {
	Validate()
	JSON() map[string]interface{}
}

// Palette for the five percentile lines, from p90 down to p10.
var percentileColors = opts.Colors{"#9ecae1", "#4292c6", "#08306b", "#4292c6", "#9ecae1"}

// topCodedColor marks a bar whose value is the top-code bound.
const topCodedColor = "#c6dbef"

// chartID turns a kind and an occupation code into a fixed, valid element id:
// chartID("wages", "29-2010") == "chart_wages_29_2010".
func chartID(kind, code string) string {
	var b strings.Builder
	b.WriteString("chart_")
	b.WriteString(kind)
	b.WriteByte('_')
	for _, r := range code {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// initOpts fixes the chart id and points go-echarts' own asset host at the
// local copy, so nothing refers to a remote host even if a chart is rendered
// with go-echarts' page templates.
func initOpts(id, root string, height int) opts.Initialization {
	return opts.Initialization{
		ChartID:    id,
		AssetsHost: root + assetDir + "/",
		PageTitle:  "wagescope",
		Width:      "100%",
		Height:     fmt.Sprintf("%dpx", height),
	}
}

// newChartBlock validates the chart and encodes its option.
func newChartBlock(id, label string, height int, c echartsChart) (chartBlock, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return chartBlock{}, fmt.Errorf("reports: encode chart %s: %w", id, err)
	}
	return chartBlock{ID: id, Label: label, Height: height, Option: template.JS(b)}, nil
}

// wageTrendChart draws annual p90…p10 across releases (rows oldest first).
// Top-coded points are drawn at the bound with a triangle marker.
func wageTrendChart(code, root string, rows []store.WageStat) (chartBlock, error) {
	const height = 420
	id := chartID("wages", code)
	releases := make([]string, len(rows))
	for i, s := range rows {
		releases[i] = releaseLabel(s.Release)
	}
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, root, height)),
		charts.WithAnimation(false),
		charts.WithColorsOpts(percentileColors),
		charts.WithTitleOpts(opts.Title{
			Title:    "Annual wage percentiles, U.S., all employers",
			Subtitle: "USD per year · OEWS · ▲ top-coded (at least this value)",
		}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "90", Bottom: "50", Left: "10", Right: "20", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Name:      "USD per year",
			Scale:     opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Formatter: "${value}"},
		}),
	)
	line.SetXAxis(releases)
	for _, m := range percentileMeasures {
		data := make([]opts.LineData, len(rows))
		for i, s := range rows {
			data[i] = lineValue(m.get(s), isTopCoded(s, m.key))
		}
		style := opts.LineStyle{Width: 2}
		switch m.key {
		case "annual_median":
			style.Width = 3.5
		case "annual_p10", "annual_p90":
			style.Type = "dashed"
		}
		line.AddSeries(m.label, data,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false)}),
			charts.WithLineStyleOpts(style),
		)
	}
	return newChartBlock(id, "Line chart of annual wage percentiles by OEWS release; the same figures are in the table.", height, line)
}

// lineValue is a data point; "-" is ECharts' marker for a missing value.
func lineValue(v *float64, topCoded bool) opts.LineData {
	if !finite(v) {
		return opts.LineData{Value: "-"}
	}
	d := opts.LineData{Value: *v}
	if topCoded {
		d.Symbol, d.SymbolSize = "triangle", 12
	}
	return d
}

// areaMedianChart is a horizontal bar chart of annual medians, largest on
// top; rows must already be sorted that way and have a median.
func areaMedianChart(id, title, root string, rows []store.WageStat) (chartBlock, error) {
	height := 110 + 22*len(rows)
	subtitle := "USD per year · OEWS · all employers"
	names := make([]string, len(rows))
	data := make([]opts.BarData, len(rows))
	for i, s := range rows {
		names[i] = areaName(s)
		data[i] = opts.BarData{Value: *s.AnnualMedian}
		if isTopCoded(s, "annual_median") {
			data[i].ItemStyle = &opts.ItemStyle{Color: topCodedColor}
			subtitle = "USD per year · OEWS · all employers · light bar: top-coded (at least this value)"
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, root, height)),
		charts.WithAnimation(false),
		charts.WithColorsOpts(opts.Colors{"#4292c6"}),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "60", Bottom: "40", Left: "10", Right: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Name: "USD per year", NameLocation: "middle", NameGap: 28,
			AxisLabel: &opts.AxisLabel{Formatter: "${value}"},
		}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(names).AddSeries("Annual median", data).XYReversal()
	return newChartBlock(id, title+"; the same figures are in the table below.", height, bar)
}
