package main

import (
	"erosion/analysis"
	"erosion/datasets"
	"erosion/study"
)

// StudyFlags say which results to read and how to read them; analyze,
// figures and report share them, and only render what load computed.
type StudyFlags struct {
	Results string   `default:"out" type:"path" placeholder:"DIR" help:"Results folder to read."`
	Dataset string   `type:"path" placeholder:"DIR" help:"Dataset folder the runs came from: notebook years, eras and libraries, the planned notebooks, the method and the dataset checksum (default: datasets/<name> when it holds the runs' dataset)."`
	Order   []string `placeholder:"ENV" help:"Environments to list first, in this order (default: current environments newest first, then backported, then modernized)."`
}

// load reads the results (and the dataset, when known) into the Study,
// checking every flag before anything is printed.
func (c *StudyFlags) load() (*analysis.Study, *datasets.Dataset, error) {
	return study.LoadResults(c.Results, c.Dataset, c.Order)
}
