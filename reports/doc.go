// Package reports builds the static report site from the published database:
// an index page with run metadata, sources and all occupations, one page per
// occupation with wage percentile charts, wages by area and the Employment
// Projections outlook, and the shipped ECharts asset they load by relative
// path. It reads only the store read models through Reader, renders pages
// with html/template and go-echarts options, and writes byte-identical output
// for identical inputs so the site opens offline and diffs cleanly.
package reports
