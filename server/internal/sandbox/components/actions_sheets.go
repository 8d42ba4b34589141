package components

import (
	"fmt"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

func sheetsActions(p *provider.Provider) []*Definition {
	type opts = map[string]func(*Call) (pipedream.ConfigurePropResult, error)
	sheetID := pipedream.ConfigurableProp{
		Name: "sheetId", Type: pipedream.PropString, Label: "Spreadsheet",
		Description: "The spreadsheet to use.", RemoteOptions: true, UseQuery: true,
	}
	sheetOptions := opts{"sheetId": func(c *Call) (pipedream.ConfigurePropResult, error) {
		a, err := c.Account("google_sheets")
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		sheets, err := p.Sheets(c.Ctx, a)
		if err != nil {
			return pipedream.ConfigurePropResult{}, err
		}
		all := make([]pipedream.PropOption, len(sheets))
		for i, sh := range sheets {
			all[i] = pipedream.PropOption{Label: sh.Title, Value: sh.ID}
		}
		return pageOptions(c, all, optionsPage), nil
	}}

	addRow := action(pipedream.Component{
		Key: "google_sheets-add-single-row", Name: "Add Single Row",
		Description: "Add a row to a spreadsheet: one field per column of its header row.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("google_sheets"),
			func() pipedream.ConfigurableProp { s := sheetID; s.ReloadProps = true; return s }(),
		},
	}, false)
	addRow.Options = sheetOptions
	addRow.Reload = func(c *Call) ([]pipedream.ConfigurableProp, error) {
		a, err := c.Account("google_sheets")
		if err != nil {
			return nil, err
		}
		sh, err := p.Sheet(c.Ctx, a, c.String("sheetId"))
		if err != nil {
			return nil, err
		}
		props := []pipedream.ConfigurableProp{{
			Name: "columns_note", Type: pipedream.PropAlert, AlertType: pipedream.AlertInfo,
			Content: fmt.Sprintf("%s has %d columns. Leave a field empty to leave its cell blank.", sh.Title, len(sh.Header)),
		}}
		for _, col := range sh.Header {
			props = append(props, pipedream.ConfigurableProp{Name: col, Type: pipedream.PropString, Label: col, Optional: true,
				Description: fmt.Sprintf("The value of column %q.", col)})
		}
		return props, nil
	}
	addRow.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("google_sheets")
		sh, err := p.Sheet(c.Ctx, a, c.String("sheetId"))
		if err != nil {
			return Result{}, err
		}
		vals := make([]string, len(sh.Header))
		for i, col := range sh.Header {
			vals[i] = c.String(col)
		}
		row, err := p.SheetAppend(c.Ctx, a, sh.ID, vals)
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: fmt.Sprintf("Added row %d to %s", row.Number, sh.Title), Ret: map[string]any{
			"spreadsheetId": sh.ID, "updatedRange": fmt.Sprintf("Sheet1!A%d:%c%d", row.Number, 'A'+rune(max(len(vals)-1, 0)), row.Number),
			"updatedRows": 1, "values": [][]string{row.Values},
		}}, nil
	}

	getValues := action(pipedream.Component{
		Key: "google_sheets-get-values", Name: "Get Values",
		Description:       "Get every row of a spreadsheet, the header row first.",
		ConfigurableProps: []pipedream.ConfigurableProp{appProp("google_sheets"), sheetID},
	}, true)
	getValues.Options = sheetOptions
	getValues.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("google_sheets")
		sh, err := p.Sheet(c.Ctx, a, c.String("sheetId"))
		if err != nil {
			return Result{}, err
		}
		values := append([][]string{sh.Header}, sh.Rows...)
		return Result{Summary: fmt.Sprintf("Got %d rows of %s", len(values), sh.Title), Ret: map[string]any{"spreadsheetId": sh.ID, "title": sh.Title, "values": values}}, nil
	}

	create := action(pipedream.Component{
		Key: "google_sheets-create-spreadsheet", Name: "Create Spreadsheet",
		Description: "Create a spreadsheet with a header row.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("google_sheets"),
			{Name: "title", Type: pipedream.PropString, Label: "Title"},
			{Name: "headers", Type: pipedream.PropStringArray, Label: "Column Headers", Description: "The header row, one name per column."},
		},
	}, false)
	create.Run = func(c *Call) (Result, error) {
		a, _ := c.Account("google_sheets")
		headers := c.Strings("headers")
		if len(headers) == 0 || len(headers) > 26 {
			return Result{}, fmt.Errorf("a spreadsheet needs 1 to 26 columns, got %d", len(headers))
		}
		sh, err := p.SheetCreate(c.Ctx, a, c.String("title"), headers)
		if err != nil {
			return Result{}, err
		}
		return Result{Summary: "Created spreadsheet " + sh.Title, Ret: map[string]any{"spreadsheetId": sh.ID, "title": sh.Title, "header": sh.Header}}, nil
	}
	return []*Definition{addRow, getValues, create}
}
