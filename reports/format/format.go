// Package format writes tables in the notations reports and comparisons
// share: plain text for a terminal, Markdown, LaTeX, CSV and HTML. A report or a
// comparison lays out what it shows as a Table once; each Format of All
// writes it, so a new notation is one Format here and every table gains
// it.
package format

import (
	"fmt"
	"io"
	"strings"
)

// Align is a column's alignment where the notation has one.
type Align int

// Alignments.
const (
	Left Align = iota
	Right
)

// Cell is one table entry: its text, whether it stands out (bold), and
// footnote marks written after it (†, ‡); marks that start with a space
// stand apart from the text ("2^-4 ‡") where the notation writes them
// inline.
type Cell struct {
	Text  string
	Bold  bool
	Marks string
}

// Layout is how a Markdown table's source is laid out. Rendered, all look
// alike; they differ for a reader of the source and in the alignment the
// rule under the header gives.
type Layout int

// Markdown layouts.
const (
	// Rows writes each row as it is (| a | b |) under a rule of --- per
	// column, with no alignment.
	Rows Layout = iota
	// AlignedRows is Rows with the columns' alignment in the rule (:-- for
	// Left, --: for Right).
	AlignedRows
	// Padded pads every column to its widest cell, the header centred and
	// the cells left-aligned, so the source reads as a grid.
	Padded
)

// Table is a grid of cells under a header row, and notes written after it
// by the notations meant for reading as prose (text and Markdown).
type Table struct {
	Header []string
	Align  []Align // per column (missing: Left)
	Rows   [][]Cell
	Notes  string
	// Markdown is the layout of the Markdown source.
	Markdown Layout
	// TeXHeader, when set, is the header as LaTeX writes it (a paper's
	// table capitalizes its column titles); it has the header's width.
	TeXHeader []string
}

// Plain makes a row of cells with the given texts.
func Plain(texts ...string) []Cell {
	row := make([]Cell, len(texts))
	for i, t := range texts {
		row[i] = Cell{Text: t}
	}
	return row
}

func (t *Table) align(col int) Align {
	if col < len(t.Align) {
		return t.Align[col]
	}
	return Left
}

// check reports a row whose width is not the header's.
func (t *Table) check() error {
	if t.TeXHeader != nil && len(t.TeXHeader) != len(t.Header) {
		return fmt.Errorf("format: the LaTeX header has %d cells, the header %d", len(t.TeXHeader), len(t.Header))
	}
	for i, r := range t.Rows {
		if len(r) != len(t.Header) {
			return fmt.Errorf("format: row %d has %d cells, the header %d", i+1, len(r), len(t.Header))
		}
	}
	return nil
}

// Format is one notation for tables.
type Format struct {
	Name  string // as a user names it: text, markdown, latex, csv, html
	Title string // as prose names it: Markdown, LaTeX, CSV
	// Ext is the extension of a file in this notation ("" for text, which
	// is for terminals and never written as a report's file).
	Ext string
	// Data marks a notation for programs rather than readers: a report
	// writes in it the numbers behind its table in full (one row per
	// problem × optimizer) rather than the laid-out grid.
	Data  bool
	write func(w io.Writer, t *Table) error
}

// Write writes t in the notation.
func (f Format) Write(w io.Writer, t *Table) error {
	if err := t.check(); err != nil {
		return err
	}
	return f.write(w, t)
}

// The formats.
var (
	Text     = Format{Name: "text", Title: "text", write: writeText}
	Markdown = Format{Name: "markdown", Title: "Markdown", Ext: ".md", write: writeMarkdown}
	LaTeX    = Format{Name: "latex", Title: "LaTeX", Ext: ".tex", write: writeLaTeX}
	CSV      = Format{Name: "csv", Title: "CSV", Ext: ".csv", Data: true, write: writeCSV}
	HTML     = Format{Name: "html", Title: "HTML", Ext: ".html", write: writeHTML}
)

// All lists the formats, files' formats in the order reports name them.
var All = []Format{Text, Markdown, LaTeX, CSV, HTML}

// Files are the formats written as files (those with an extension).
func Files() []Format {
	var out []Format
	for _, f := range All {
		if f.Ext != "" {
			out = append(out, f)
		}
	}
	return out
}

// ByName returns the format called name.
func ByName(name string) (Format, error) {
	var names []string
	for _, f := range All {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Format{}, fmt.Errorf("unknown table format %q (want %s)", name, strings.Join(names, ", "))
}
