package report

import "html/template"

// pageTemplate is the HTML page: one file, inline CSS, figures as data
// URIs, no script and nothing fetched, so it opens anywhere, offline, and
// prints cleanly.
var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="erosion {{.Generated}}">
<title>{{.Title}}</title>
<style>
:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #1a1a1a; --faint: #e6e6e6; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 "Liberation Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
main p, main ul, main dl, .incomplete { max-width: 62rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 1.5rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 1rem; padding-bottom: .3rem; border-bottom: 1px solid var(--faint); }
h3 { font-size: 1.05rem; margin: 1.8rem 0 .6rem; }
.numbers { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 1rem; margin: 0 0 1.5rem; }
.number { border: 1px solid var(--faint); border-radius: 6px; padding: .9rem 1rem; }
.number .env { font-weight: bold; }
.number .value { font-size: 2.1rem; font-weight: bold; color: var(--accent); line-height: 1.2; }
.number .what, .number .ci { color: var(--muted); font-size: .9rem; }
ul.sentences { padding-left: 1.2rem; }
.incomplete { border: 2px solid #D55E00; border-radius: 6px; padding: .8rem 1rem; margin: 0 0 1.5rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .88rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .4rem; }
thead th { border-top: 2px solid var(--rule); border-bottom: 1px solid var(--rule); }
tbody tr:last-child td { border-bottom: 2px solid var(--rule); }
th, td { padding: .25rem .6rem; text-align: left; }
td { white-space: nowrap; }
/* Heads wrap (bottom-aligned) so that a long head does not widen its
   column of short numbers: tables fit a 1,400 px window without scrolling. */
th { white-space: normal; vertical-align: bottom; min-width: 3.5rem; hyphens: auto; }
.r { text-align: right; }
p.note { color: var(--muted); font-size: .85rem; max-width: 50rem; margin: .3rem 0 1.2rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1.5rem 2.5rem; align-items: start; }
figure { margin: 0; }
figure img { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; max-width: 40rem; margin-top: .4rem; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.kv dt { font-weight: bold; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
details { margin: .4rem 0; }
summary { cursor: pointer; }
.pkgs { columns: 16rem; font-size: .85rem; margin: .5rem 0 1rem; padding: 0; list-style: none; }
code { font-family: "Liberation Mono", Menlo, Consolas, monospace; font-size: .85em; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{- if .Incomplete}}
<p class="incomplete" id="incomplete"><strong>{{.Incomplete}}</strong></p>
{{- end}}

<section id="headline">
<h2>{{if .Incomplete}}Partial results{{else}}Headline{{end}}</h2>
{{- if .Headline}}
<div class="numbers">
{{- range .Headline}}
<div class="number"><div class="env">{{.Env}}</div><div class="value">{{.Value}}</div><div class="what">{{.What}}</div><div class="ci">{{.CI}}</div></div>
{{- end}}
</div>
{{- end}}
<ul class="sentences">
{{- range .Sentences}}
<li>{{.}}</li>
{{- end}}
</ul>
{{template "table" .Headtable}}
</section>

{{- if .Figures}}
<section id="figures">
<h2>Figures</h2>
<div class="figures">
{{- range $i, $f := .Figures}}
<figure id="figure-{{$f.Name}}">
<img src="{{$f.DataURI}}" alt="{{$f.Caption}}" width="{{printf "%.0f" $f.Width}}">
<figcaption><strong>Figure {{inc $i}}.</strong> {{$f.Caption}}</figcaption>
</figure>
{{- end}}
</div>
</section>
{{- end}}

<section id="tables">
<h2>Tables</h2>
{{- range .Tables}}
{{template "table" .}}
{{- end}}
</section>

<section id="method">
<h2>Method</h2>
<dl class="kv">
{{- range .Method.Dataset}}
<dt>{{.K}}</dt><dd>{{.V}}</dd>
{{- end}}
</dl>
<h3>Criteria</h3>
<ul>
{{- range .Method.Criteria}}
<li>{{.}}</li>
{{- end}}
</ul>
<h3>Statistics</h3>
<ul>
{{- range .Method.Statistics}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- if .Method.Inventories}}
<h3>Environments</h3>
{{- range .Method.Inventories}}
<details>
<summary><strong>{{.Env}}</strong>: {{.Kind}}, Python {{.Python}}, {{len .Packages}} distributions, <code>{{.Digest}}</code></summary>
<ul class="pkgs">
{{- range .Packages}}
<li>{{.K}} {{.V}}</li>
{{- end}}
</ul>
</details>
{{- end}}
{{- end}}
</section>

<section id="provenance">
<h2>Provenance</h2>
<dl class="kv">
{{- range .Provenance}}
<dt>{{.K}}</dt><dd><code>{{.V}}</code></dd>
{{- end}}
</dl>
</section>
</main>
</body>
</html>
{{define "table"}}
<div class="scroll" id="table-{{.Name}}">
<table>
<caption>{{.Title}}</caption>
<thead><tr>{{range .Heads}}<th{{if .Right}} class="r"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- $heads := .Heads}}
{{- range .Rows}}
<tr>{{range $i, $c := .}}<td{{if (index $heads $i).Right}} class="r"{{end}}>{{$c}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
{{- if .Note}}
<p class="note">{{.Note}}</p>
{{- end}}
{{end}}
`))
