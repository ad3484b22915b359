package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
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

// topCodedIndexes turns per-series flags into the indexes newChartBlock
// takes, or nil when no point is a bound.
func topCodedIndexes(flags [][]bool) [][]int {
	var out [][]int
	found := false
	for _, series := range flags {
		idx := []int{}
		for i, tc := range series {
			if tc {
				idx = append(idx, i)
				found = true
			}
		}
		out = append(out, idx)
	}
	if !found {
		return nil
	}
	return out
}

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

// newChartBlock validates the chart and encodes its option: u tells the
// page's script whether to print tooltip values with cents, and topCoded
// lists, per series, the indexes of points that are top-code bounds, which
// the tooltip prints as "≥ $239,200 (top-coded)" (go-echarts' data items
// have no field to carry the flag).
func newChartBlock(id, label string, height int, u wageUnit, c echartsChart, topCoded [][]int) (chartBlock, error) {
	c.Validate()
	option := c.JSON()
	if topCoded != nil {
		option["wagescopeTopCoded"] = topCoded
	}
	return optionChart(id, label, height, u, option)
}

// optionChart encodes a chart's option, marking an hourly one for cents
// (markCents). Charts go-echarts does not model with the fields the pages
// need (per-item tooltip text on box plots and tile maps) are built as
// plain data and come here directly.
func optionChart(id, label string, height int, u wageUnit, option map[string]any) (chartBlock, error) {
	markCents(option, u)
	b, err := json.Marshal(option)
	if err != nil {
		return chartBlock{}, fmt.Errorf("reports: encode chart %s: %w", id, err)
	}
	return chartBlock{ID: id, Label: label, Height: height, Option: template.JS(b)}, nil
}

// markCents tells the page's script to print an hourly chart's tooltip
// values with cents ("$20.50"), annual ones in whole dollars.
func markCents(option map[string]any, u wageUnit) {
	if u == perHour {
		option["wagescopeCents"] = true
	}
}

// trendLine is one line of a trend chart: a value per release (nil: none).
type trendLine struct {
	key, label string // key as in WageStat.TopCoded
	values     []*float64
	topCoded   []bool
}

// trendChart draws lines across releases. Top-coded points are drawn at the
// bound with a triangle marker.
func trendChart(id, title, subtitle, root string, u wageUnit, releases []string, lines []trendLine) (chartBlock, error) {
	const height = 400
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, root, height)),
		charts.WithAnimation(false),
		charts.WithColorsOpts(percentileColors),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "80", Bottom: "50", Left: "10", Right: "20", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Name:      u.axis(),
			Scale:     opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Formatter: "${value}"},
		}),
	)
	line.SetXAxis(releases)
	flags := make([][]bool, len(lines))
	for i, l := range lines {
		flags[i] = l.topCoded
		data := make([]opts.LineData, len(l.values))
		for i, v := range l.values {
			data[i] = lineValue(v, i < len(l.topCoded) && l.topCoded[i])
		}
		style := opts.LineStyle{Width: 2}
		switch l.key {
		case "annual_median", "hourly_median":
			style.Width = 3.5
		case "annual_p10", "annual_p90", "hourly_p10", "hourly_p90":
			style.Type = "dashed"
		}
		line.AddSeries(l.label, data,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false)}),
			charts.WithLineStyleOpts(style),
		)
	}
	return newChartBlock(id, title+"; the same figures are in the table beside it.", height, u, line, topCodedIndexes(flags))
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

// barItem is one bar of a horizontal bar chart.
type barItem struct {
	Label    string
	Value    float64
	TopCoded bool // drawn light and marked ≥: the value is a lower bound
}

// boundLabel marks a bar whose value is a top-code bound: "≥" at its end.
func boundLabel() *opts.Label {
	return &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "≥"}
}

// topCodedBars is what a bar chart's subtitle adds when a bar is a bound.
const topCodedBars = " · light bars marked ≥: top-coded, the true figure is at least this"

// horizontalBar is the frame every horizontal bar chart shares: categories
// top to bottom, USD per u on the value axis.
func horizontalBar(id, title, subtitle, root string, height int, u wageUnit, colors opts.Colors, legend bool, labels []string) *charts.Bar {
	bottom := "40"
	if legend {
		bottom = "60"
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(initOpts(id, root, height)),
		charts.WithAnimation(false),
		charts.WithColorsOpts(colors),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "60", Bottom: bottom, Left: "10", Right: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Name: u.axis(), NameLocation: "middle", NameGap: 28,
			AxisLabel: &opts.AxisLabel{Formatter: "${value}"},
		}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(labels)
	return bar
}

// barChart is a horizontal bar chart in the given order (top to bottom).
func barChart(id, title, subtitle, seriesName, root string, u wageUnit, items []barItem) (chartBlock, error) {
	names := make([]string, len(items))
	data := make([]opts.BarData, len(items))
	flags := make([]bool, len(items))
	for i, it := range items {
		names[i] = it.Label
		data[i] = opts.BarData{Value: it.Value}
		if it.TopCoded {
			data[i].ItemStyle = &opts.ItemStyle{Color: topCodedColor}
			data[i].Label = boundLabel()
			flags[i] = true
		}
	}
	topCoded := topCodedIndexes([][]bool{flags})
	if topCoded != nil {
		subtitle += topCodedBars
	}
	height := 110 + 22*len(items)
	bar := horizontalBar(id, title, subtitle, root, height, u, opts.Colors{"#4292c6"}, false, names)
	bar.AddSeries(seriesName, data).XYReversal()
	return newChartBlock(id, title+"; the same figures are in the table beside it.", height, u, bar, topCoded)
}

// pairSeries is one series of a paired bar chart: a value per label (nil:
// none), and which values are top-code bounds.
type pairSeries struct {
	Name, Color string
	Values      []*float64
	TopCoded    []bool
}

// pairedBarChart compares two or more series per label, horizontally, in
// USD per year (posted pay is annualized).
func pairedBarChart(id, title, subtitle, root string, labels []string, series []pairSeries) (chartBlock, error) {
	height := 130 + 26*len(series)*len(labels)
	colors := make(opts.Colors, len(series))
	for i, s := range series {
		colors[i] = s.Color
	}
	flags := make([][]bool, len(series))
	for i, s := range series {
		flags[i] = s.TopCoded
	}
	topCoded := topCodedIndexes(flags)
	if topCoded != nil {
		subtitle += " · bars marked ≥: top-coded, the true figure is at least this"
	}
	bar := horizontalBar(id, title, subtitle, root, height, perYear, colors, true, labels)
	for _, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			if finite(v) {
				data[i] = opts.BarData{Value: *v}
				if i < len(s.TopCoded) && s.TopCoded[i] {
					data[i].Label = boundLabel()
				}
			} else {
				data[i] = opts.BarData{Value: "-"}
			}
		}
		bar.AddSeries(s.Name, data)
	}
	bar.XYReversal()
	return newChartBlock(id, title+"; the same figures are in the table beside it.", height, perYear, bar, topCoded)
}

// rangeItem is one box of a range chart: p10, p25, median, p75 and p90.
type rangeItem struct {
	Label    string // axis label, with its n or employment
	Title    string // tooltip heading
	Values   [5]float64
	TopCoded [5]bool // which Values are top-code bounds
	Color    string
	Empty    bool // a category with no box (only marks); Values unused
}

// percentileNames name a range item's five values, p10 first.
var percentileNames = [5]string{"10th", "25th", "median", "75th", "90th"}

// topCodedMarks are triangles at a range chart's top-coded values, one per
// box and bound (OEWS top-codes the median, 75th and 90th percentiles of
// 29-1211 at one value), as the trend chart marks its top-coded points.
func topCodedMarks(items []rangeItem) []map[string]any {
	var out []map[string]any
	for i, it := range items {
		if it.Empty {
			continue
		}
		var names []string
		var bound float64
		for k := 4; k >= 0; k-- { // from p90 down, one mark per bound value
			if !it.TopCoded[k] {
				continue
			}
			if len(names) > 0 && it.Values[k] != bound {
				out = append(out, topCodedMark(it, i, names, bound))
				names = nil
			}
			names, bound = append(names, percentileNames[k]), it.Values[k]
		}
		if len(names) > 0 {
			out = append(out, topCodedMark(it, i, names, bound))
		}
	}
	return out
}

func topCodedMark(it rangeItem, index int, names []string, bound float64) map[string]any {
	slices.Reverse(names)
	return map[string]any{"value": []any{bound, index}, "title": it.Title + ": " + strings.Join(names, ", "), "topCoded": true}
}

// rangeMark is a single value drawn over a range chart's category.
type rangeMark struct {
	Index    int // category index
	Value    float64
	Title    string
	TopCoded bool // Value is a top-code bound: ≥ in the tooltip
}

// Colors of the range charts: surveyed (OEWS), posted, and modeled marks.
const (
	surveyColor  = "#2171b5"
	postedColor  = "#e6550d"
	modeledColor = "#7b3294"
)

// rangeChart draws p10–p90 (whiskers) and p25–p75 (box) with the median,
// one horizontal box per item, and marks (e.g. modeled values) over them.
func rangeChart(id, title, subtitle, root string, u wageUnit, items []rangeItem, marks []rangeMark, markName string) (chartBlock, error) {
	height := 130 + 40*len(items)
	labels := make([]string, len(items))
	boxes := make([]map[string]any, len(items))
	for i, it := range items {
		labels[i] = it.Label
		var value any = it.Values[:]
		if it.Empty {
			value = []string{"-", "-", "-", "-", "-"} // ECharts' missing value: no box drawn
		}
		boxes[i] = map[string]any{
			"name": it.Label, "title": it.Title, "value": value,
			"itemStyle": map[string]any{"color": "#ffffff", "borderColor": it.Color, "borderWidth": 2},
		}
		if !it.Empty && slices.Contains(it.TopCoded[:], true) {
			boxes[i]["topCoded"] = it.TopCoded[:]
		}
	}
	series := []map[string]any{{
		"name": "10th–90th percentile (box: 25th–75th, line: median)", "type": "boxplot", "data": boxes,
	}}
	if bounds := topCodedMarks(items); len(bounds) > 0 {
		series = append(series, map[string]any{
			"name": "▲ top-coded: at least this value", "type": "scatter", "symbol": "triangle", "symbolSize": 12,
			"itemStyle": map[string]any{"color": "#08306b"}, "data": bounds,
		})
	}
	if len(marks) > 0 {
		points := make([]map[string]any, len(marks))
		for i, m := range marks {
			points[i] = map[string]any{"value": []any{m.Value, m.Index}, "title": m.Title}
			if m.TopCoded {
				points[i]["topCoded"] = true
			}
		}
		series = append(series, map[string]any{
			"name": markName, "type": "scatter", "symbol": "diamond", "symbolSize": 14,
			"itemStyle": map[string]any{"color": modeledColor}, "data": points,
		})
	}
	option := map[string]any{
		"animation":        false,
		"title":            map[string]any{"text": title, "subtext": subtitle},
		"tooltip":          map[string]any{"show": true, "trigger": "item"},
		"wagescopeTooltip": "range",
		"legend":           map[string]any{"show": true, "bottom": 0},
		"grid":             map[string]any{"top": 70, "bottom": 60, "left": 10, "right": 30, "containLabel": true},
		"xAxis": map[string]any{"type": "value", "name": u.axis(), "nameLocation": "middle", "nameGap": 28,
			"scale": true, "boundaryGap": []string{"3%", "3%"}, "axisLabel": map[string]any{"formatter": "${value}"}},
		"yAxis":  map[string]any{"type": "category", "inverse": true, "data": labels},
		"series": series,
	}
	return optionChart(id, title+"; the same figures are in the table beside it.", height, u, option)
}

// tileValue is one state's figure on a tile map; Text replaces the value
// where there is none to draw ("suppressed, n 3", "not published").
type tileValue struct {
	Title    string
	Value    *float64
	TopCoded bool // Value is a top-code bound: marked ≥ on the tile and in its tooltip
	Text     string
}

// tileMapChart draws the states as equal tiles shaded by value; states
// without a value are grey and say why in their tooltip.
func tileMapChart(id, title, subtitle, root string, u wageUnit, values map[string]tileValue) (chartBlock, error) {
	const height = 470
	var shaded, grey []map[string]any
	lo, hi := math.Inf(1), math.Inf(-1)
	bounds := false
	for _, t := range stateTiles {
		v, ok := values[t.Postal]
		if !ok && territoryTiles[t.Postal] {
			continue
		}
		if v.Title == "" {
			v.Title = t.Postal
		}
		if finite(v.Value) {
			item := map[string]any{"name": t.Postal, "title": v.Title, "value": []any{t.Col, t.Row, *v.Value}}
			if v.TopCoded {
				item["topCoded"] = true
				item["label"] = map[string]any{"formatter": "{b} ≥"}
				bounds = true
			}
			shaded = append(shaded, item)
			lo, hi = math.Min(lo, *v.Value), math.Max(hi, *v.Value)
			continue
		}
		if v.Text == "" {
			v.Text = "no figure"
		}
		grey = append(grey, map[string]any{"name": t.Postal, "title": v.Title, "text": v.Text, "value": []any{t.Col, t.Row, 0}})
	}
	if len(shaded) == 0 {
		lo, hi = 0, 1
	}
	step := 1000.0 // the scale's ends, in whole thousands a year or whole dollars an hour
	if u == perHour {
		step = 1
	}
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi <= lo {
		hi = lo + step
	}
	cols, rows := make([]string, tileGridCols), make([]string, tileGridRows)
	for i := range cols {
		cols[i] = fmt.Sprint(i)
	}
	for i := range rows {
		rows[i] = fmt.Sprint(i)
	}
	if bounds {
		subtitle += " · ≥ on a tile: top-coded, the true figure is at least this"
	}
	tile := map[string]any{"borderColor": "#ffffff", "borderWidth": 3}
	option := map[string]any{
		"animation":        false,
		"title":            map[string]any{"text": title, "subtext": subtitle},
		"tooltip":          map[string]any{"show": true, "trigger": "item"},
		"wagescopeTooltip": "tile",
		"grid":             map[string]any{"top": 70, "bottom": 70, "left": 10, "right": 10},
		"xAxis":            map[string]any{"type": "category", "data": cols, "show": false},
		"yAxis":            map[string]any{"type": "category", "data": rows, "show": false, "inverse": true},
		"visualMap": map[string]any{
			"type": "continuous", "min": lo, "max": hi, "seriesIndex": 0, "orient": "horizontal",
			"left": "center", "bottom": 5, "calculable": false, "itemHeight": 240,
			"text":    []string{u.short(&hi, false), u.short(&lo, false)},
			"inRange": map[string]any{"color": []string{"#deebf7", "#6baed6", "#08306b"}},
		},
		"series": []map[string]any{
			{"name": title, "type": "heatmap", "data": shaded, "itemStyle": tile,
				"label": map[string]any{"show": true, "formatter": "{b}", "color": "#ffffff", "textBorderColor": "#08306b", "textBorderWidth": 2}},
			{"name": "no figure", "type": "heatmap", "data": grey,
				"itemStyle": map[string]any{"color": "#e4e8ec", "borderColor": "#ffffff", "borderWidth": 3},
				"label":     map[string]any{"show": true, "formatter": "{b}", "color": "#57606a"}},
		},
	}
	return optionChart(id, title+" as a tile map of the states; the same figures are in the table.", height, u, option)
}
