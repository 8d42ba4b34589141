package provider

import (
	"context"
	"fmt"
	"slices"
)

// Sheets is a simulated Google Sheets account: spreadsheets with a header
// row and data rows.
type Sheets struct {
	Sheets []Sheet `json:"sheets"`
}

// Sheet is one spreadsheet (its first sheet).
type Sheet struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// SheetRow is a row added to a sheet, as published in a Change.
type SheetRow struct {
	SheetID string   `json:"sheet_id"`
	Number  int      `json:"number"` // 1-based, the header being row 1
	Values  []string `json:"values"`
}

var seedSheetsData = []Sheet{
	{Title: "Leads", Header: []string{"Name", "Email", "Company", "Status"}, Rows: [][]string{
		{"Ada Lovelace", "ada@example.com", "Analytical Engines", "Qualified"},
		{"Grace Hopper", "grace@example.com", "Navy Labs", "Contacted"},
		{"Alan Turing", "alan@example.com", "Bletchley", "New"},
	}},
	{Title: "Expenses", Header: []string{"Date", "Description", "Amount", "Category"}, Rows: [][]string{
		{"2026-09-02", "Team lunch", "84.50", "Meals"},
		{"2026-09-05", "Train to Berlin", "129.00", "Travel"},
	}},
	{Title: "Inventory", Header: []string{"SKU", "Item", "Quantity", "Location"}, Rows: [][]string{
		{"SKU-001", "Desk lamp", "14", "Shelf A"},
		{"SKU-002", "Monitor arm", "6", "Shelf B"},
		{"SKU-003", "USB-C hub", "31", "Shelf A"},
	}},
	{Title: "Team roster", Header: []string{"Name", "Role", "Team", "Start date"}, Rows: [][]string{
		{"Margaret Hamilton", "Engineer", "Apollo", "2026-01-10"},
	}},
}

// seedSheets builds four spreadsheets with header rows.
func seedSheets(a Account) *Sheets {
	r := rng(a, "sheets")
	s := &Sheets{}
	for _, sh := range seedSheetsData {
		sh.ID = "1" + code(r, upperDigits+lowerDigits, 20)
		sh.Header = slices.Clone(sh.Header)
		rows := make([][]string, len(sh.Rows))
		for i, row := range sh.Rows {
			rows[i] = slices.Clone(row)
		}
		sh.Rows = rows
		s.Sheets = append(s.Sheets, sh)
	}
	return s
}

func (s *Sheets) sheet(id string) (*Sheet, error) {
	for i := range s.Sheets {
		if s.Sheets[i].ID == id {
			return &s.Sheets[i], nil
		}
	}
	return nil, &NotFoundError{What: "spreadsheet", ID: id}
}

func cloneSheet(sh Sheet) Sheet {
	sh.Header = slices.Clone(sh.Header)
	rows := make([][]string, len(sh.Rows))
	for i, row := range sh.Rows {
		rows[i] = slices.Clone(row)
	}
	sh.Rows = rows
	return sh
}

// Sheets returns the account's spreadsheets, rows included.
func (p *Provider) Sheets(ctx context.Context, a Account) ([]Sheet, error) {
	var out []Sheet
	err := p.view(ctx, a, func(s *State) error {
		gs, err := s.sheets(a)
		if err != nil {
			return err
		}
		for _, sh := range gs.Sheets {
			out = append(out, cloneSheet(sh))
		}
		return nil
	})
	return out, err
}

// Sheet returns one spreadsheet.
func (p *Provider) Sheet(ctx context.Context, a Account, id string) (Sheet, error) {
	var out Sheet
	err := p.view(ctx, a, func(s *State) error {
		_, sh, err := s.sheet(a, id)
		if err != nil {
			return err
		}
		out = cloneSheet(*sh)
		return nil
	})
	return out, err
}

// SheetAppend adds a row to a sheet; values shorter than the header are
// padded, longer ones refused.
func (p *Provider) SheetAppend(ctx context.Context, a Account, id string, values []string) (SheetRow, error) {
	var row SheetRow
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		_, sh, err := s.sheet(a, id)
		if err != nil {
			return err
		}
		if len(values) > len(sh.Header) {
			return fmt.Errorf("row has %d values but the sheet has %d columns", len(values), len(sh.Header))
		}
		if len(sh.Rows) >= maxRowsPerSheet {
			return &LimitError{What: "rows per spreadsheet", Max: maxRowsPerSheet}
		}
		vals := make([]string, len(sh.Header))
		copy(vals, values)
		sh.Rows = append(sh.Rows, vals)
		row = SheetRow{SheetID: sh.ID, Number: len(sh.Rows) + 1, Values: slices.Clone(vals)}
		*changes = append(*changes, Change{Kind: KindSheetRow, Key: sh.ID, Item: row})
		return nil
	})
	return row, err
}

// SheetCreate creates a spreadsheet with a header row.
func (p *Provider) SheetCreate(ctx context.Context, a Account, title string, header []string) (Sheet, error) {
	var sh Sheet
	err := p.update(ctx, a, func(s *State, changes *[]Change) error {
		gs, err := s.sheets(a)
		if err != nil {
			return err
		}
		if len(gs.Sheets) >= maxSheets {
			return &LimitError{What: "spreadsheets", Max: maxSheets}
		}
		sh = Sheet{ID: fmt.Sprintf("1sbx%016d", p.next()), Title: title, Header: slices.Clone(header), Rows: [][]string{}}
		gs.Sheets = append(gs.Sheets, sh)
		*changes = append(*changes, Change{Kind: KindSheet, Key: sh.ID, Item: cloneSheet(sh)})
		return nil
	})
	return sh, err
}
