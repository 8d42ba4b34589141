package components

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pdconnect/pdconnect/server/internal/sandbox/provider"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Call is one configure, reload or run of a component: the props it was
// given and what it logged.
type Call struct {
	Ctx      context.Context
	Provider *provider.Provider
	Now      time.Time
	// Props are the configured values: labeled values unwrapped and, for
	// runs, checked against the props and completed with defaults.
	Props    pipedream.ConfiguredProps
	Accounts map[string]provider.Account // by app prop name
	// Configure only: the search text, page and previous page's context.
	Query string
	Page  int
	Prev  map[string]any

	obs []pipedream.Observation
}

// Log adds a console.log observation.
func (c *Call) Log(format string, args ...any) {
	c.obs = append(c.obs, pipedream.Observation{K: "console.log", TS: c.Now.UnixMilli(), Msg: fmt.Sprintf(format, args...)})
}

// Account returns the account of app prop name, or an error asking for one.
func (c *Call) Account(name string) (provider.Account, error) {
	a, ok := c.Accounts[name]
	if !ok {
		return a, fmt.Errorf("connect an account and choose it in %q first", name)
	}
	return a, nil
}

// String returns a string prop's value, "" when unset.
func (c *Call) String(name string) string {
	switch v := c.Props[name].(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(v)
	}
	return ""
}

// Int returns an integer prop's value, 0 when unset.
func (c *Call) Int(name string) int64 {
	switch v := c.Props[name].(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	}
	return 0
}

// Bool returns a boolean prop's value.
func (c *Call) Bool(name string) bool { b, _ := c.Props[name].(bool); return b }

// Strings returns a string[] prop's value.
func (c *Call) Strings(name string) []string {
	var out []string
	switch v := c.Props[name].(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = slices.Clone(v)
	}
	return out
}

// Object returns an object prop's value.
func (c *Call) Object(name string) map[string]any { m, _ := c.Props[name].(map[string]any); return m }

// PropError is a configured value the component refuses: a 400 naming
// the prop.
type PropError struct {
	Prop    string
	Message string
}

func (e *PropError) Error() string { return fmt.Sprintf("prop %q: %s", e.Prop, e.Message) }

// RequestError is a request the component cannot serve (an unknown prop,
// a stale dynamic_props_id): a 400.
type RequestError struct{ Message string }

func (e *RequestError) Error() string { return e.Message }

// ResolveFunc returns the account id names for app prop prop (of app),
// or a *PropError when the user may not use it.
type ResolveFunc func(prop pipedream.ConfigurableProp, id string) (provider.Account, error)

// Request is a configure, reload or run request, decoded.
type Request struct {
	Configured     pipedream.ConfiguredProps
	DynamicPropsID string
	PropName       string // configure
	Query          string
	Page           int
	Prev           map[string]any
}

// newCall resolves the app props of props into accounts and unwraps the
// configured values.
func (d *Definition) newCall(ctx context.Context, p *provider.Provider, now time.Time, req Request, resolve ResolveFunc) (*Call, error) {
	c := &Call{Ctx: ctx, Provider: p, Now: now, Props: pipedream.ConfiguredProps{}, Accounts: map[string]provider.Account{},
		Query: req.Query, Page: req.Page, Prev: req.Prev}
	for name := range req.Configured {
		v, _ := req.Configured.Value(name)
		c.Props[name] = v
	}
	for _, prop := range d.ConfigurableProps {
		if prop.Type != pipedream.PropApp {
			continue
		}
		raw, set := req.Configured[prop.Name]
		if !set || raw == nil {
			continue
		}
		id, ok := req.Configured.AccountID(prop.Name)
		if !ok {
			return nil, &PropError{prop.Name, `must be {"authProvisionId": "apn_..."}`}
		}
		a, err := resolve(prop, id)
		if err != nil {
			return nil, err
		}
		c.Accounts[prop.Name] = a
	}
	return c, nil
}

// props returns d's props for c: the static ones, then the dynamic ones
// when d has any, with the dynamic props' id ("" without). With a
// non-empty wantID that no longer matches, it is a *RequestError.
func (d *Definition) props(c *Call, wantID string) ([]pipedream.ConfigurableProp, string, error) {
	if d.Reload == nil {
		return d.ConfigurableProps, "", nil
	}
	for _, p := range d.ConfigurableProps {
		if p.ReloadProps {
			if _, set := c.Props[p.Name]; !set {
				return d.ConfigurableProps, "", nil
			}
		}
	}
	extra, err := d.Reload(c)
	if err != nil {
		return nil, "", err
	}
	all := append(slices.Clone(d.ConfigurableProps), extra...)
	b, _ := json.Marshal(all)
	sum := sha256.Sum256(append([]byte(d.Key+"\n"), b...))
	id := "dyp_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15]))
	if wantID != "" && wantID != id {
		return nil, "", &RequestError{fmt.Sprintf("dynamic_props_id %s is unknown or out of date: reload the props", truncate(wantID, 40))}
	}
	return all, id, nil
}

// Configure computes the options of req.PropName.
func (d *Definition) Configure(ctx context.Context, p *provider.Provider, now time.Time, req Request, resolve ResolveFunc) (pipedream.ConfigurePropResult, error) {
	c, err := d.newCall(ctx, p, now, req, resolve)
	if err != nil {
		return pipedream.ConfigurePropResult{}, err
	}
	var props []pipedream.ConfigurableProp
	if req.DynamicPropsID != "" {
		if props, _, err = d.props(c, req.DynamicPropsID); err != nil {
			return failedOptions(c, err)
		}
	} else {
		props = d.ConfigurableProps
	}
	i := slices.IndexFunc(props, func(p pipedream.ConfigurableProp) bool { return p.Name == req.PropName })
	if i < 0 {
		return pipedream.ConfigurePropResult{}, &RequestError{fmt.Sprintf("prop_name %q is not a prop of %s", truncate(req.PropName, 64), d.Key)}
	}
	prop := props[i]
	fn := d.Options[prop.Name]
	switch {
	case fn != nil:
	case len(prop.Options) > 0:
		return pipedream.ConfigurePropResult{Options: prop.Options, Observations: c.obs}, nil
	default:
		return pipedream.ConfigurePropResult{}, &RequestError{fmt.Sprintf("prop %q of %s has no options to configure", prop.Name, d.Key)}
	}
	res, err := fn(c)
	if err != nil {
		return failedOptions(c, err)
	}
	res.Observations = append(c.obs, res.Observations...)
	if res.Options == nil && res.StringOptions == nil {
		res.Options = []pipedream.PropOption{}
	}
	return res, nil
}

// failedOptions answers a configure whose options could not be computed:
// not a failed request, but errors and an error observation.
func failedOptions(c *Call, err error) (pipedream.ConfigurePropResult, error) {
	var re *RequestError
	var pe *PropError
	if errors.As(err, &re) || errors.As(err, &pe) {
		return pipedream.ConfigurePropResult{}, err
	}
	return pipedream.ConfigurePropResult{Errors: []string{err.Error()}, Observations: append(c.obs, errObservation(c.Now, err))}, nil
}

// ReloadProps returns d's props as they stand for req.
func (d *Definition) ReloadProps(ctx context.Context, p *provider.Provider, now time.Time, req Request, resolve ResolveFunc) (pipedream.ReloadPropsResult, error) {
	c, err := d.newCall(ctx, p, now, req, resolve)
	if err != nil {
		return pipedream.ReloadPropsResult{}, err
	}
	props, id, err := d.props(c, "")
	if err != nil {
		return pipedream.ReloadPropsResult{Errors: []string{err.Error()}, Observations: append(c.obs, errObservation(now, err))}, nil
	}
	return pipedream.ReloadPropsResult{Observations: c.obs, DynamicProps: &pipedream.DynamicProps{ID: id, ConfigurableProps: props}}, nil
}

// RunAction validates req against d's props and runs d. A refused value
// is a *PropError; a run that fails is a result whose observations say why.
func (d *Definition) RunAction(ctx context.Context, p *provider.Provider, now time.Time, req Request, resolve ResolveFunc) (pipedream.RunResult, error) {
	if d.Run == nil {
		return pipedream.RunResult{}, &RequestError{fmt.Sprintf("%s is a %s, not an action", d.Key, d.ComponentType)}
	}
	c, err := d.newCall(ctx, p, now, req, resolve)
	if err != nil {
		return pipedream.RunResult{}, err
	}
	raw := c.Props
	// The static props first: the dynamic ones are computed from them.
	if c.Props, err = check(d.ConfigurableProps, c); err != nil {
		return pipedream.RunResult{}, err
	}
	props, _, err := d.props(c, req.DynamicPropsID)
	if err != nil {
		return failedRun(c, err)
	}
	c.Props = raw
	if c.Props, err = check(props, c); err != nil {
		return pipedream.RunResult{}, err
	}
	res, err := d.Run(c)
	if err != nil {
		return failedRun(c, err)
	}
	out := pipedream.RunResult{Exports: map[string]any{}, Observations: c.obs}
	if out.Observations == nil {
		out.Observations = []pipedream.Observation{}
	}
	for k, v := range res.Exports {
		out.Exports[k] = v
	}
	if res.Summary != "" {
		out.Exports[pipedream.SummaryExport] = res.Summary
	}
	if out.Ret, err = json.Marshal(res.Ret); err != nil {
		return pipedream.RunResult{}, fmt.Errorf("components: encode the return value of %s: %w", d.Key, err)
	}
	return out, nil
}

// failedRun answers a run that raised err.
func failedRun(c *Call, err error) (pipedream.RunResult, error) {
	var re *RequestError
	var pe *PropError
	if errors.As(err, &re) || errors.As(err, &pe) {
		return pipedream.RunResult{}, err
	}
	return pipedream.RunResult{Exports: map[string]any{}, Observations: append(c.obs, errObservation(c.Now, err)), Ret: json.RawMessage("null")}, nil
}

// errObservation is an error as the service observes it.
func errObservation(now time.Time, err error) pipedream.Observation {
	name := "Error"
	var nf *provider.NotFoundError
	if errors.As(err, &nf) {
		name = "NotFoundError"
	}
	msg := err.Error()
	return pipedream.Observation{K: "error", TS: now.UnixMilli(), Err: &pipedream.ObservationError{
		Name: name, Message: msg, Stack: name + ": " + msg + "\n    at run (sandbox component)",
	}}
}

// check validates c's values against props and returns them completed
// with defaults: the first refused value is a *PropError.
func check(props []pipedream.ConfigurableProp, c *Call) (pipedream.ConfiguredProps, error) {
	out := pipedream.ConfiguredProps{}
	for _, p := range props {
		if !p.Type.IsInput() || p.Disabled {
			continue
		}
		if p.Type == pipedream.PropApp {
			if _, ok := c.Accounts[p.Name]; !ok && !p.Optional {
				return nil, &PropError{p.Name, "an account is required"}
			}
			continue
		}
		v, set := c.Props[p.Name]
		if !set || v == nil || v == "" {
			if p.Default != nil {
				out[p.Name] = p.Default
				continue
			}
			if p.Optional {
				continue
			}
			return nil, &PropError{p.Name, "a value is required"}
		}
		nv, err := checkValue(p, v)
		if err != nil {
			return nil, &PropError{p.Name, err.Error()}
		}
		out[p.Name] = nv
	}
	return out, nil
}

// checkValue checks one value against its prop's type, bounds and static
// options, and returns it normalised.
func checkValue(p pipedream.ConfigurableProp, v any) (any, error) {
	switch p.Type {
	case pipedream.PropString:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("must be a string, got %s", jsonType(v))
		}
		return s, inOptions(p, s)
	case pipedream.PropStringArray:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("must be a list of strings, got %s", jsonType(v))
		}
		out := make([]any, len(list))
		for i, x := range list {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("item %d must be a string, got %s", i, jsonType(x))
			}
			if err := inOptions(p, s); err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = s
		}
		return out, nil
	case pipedream.PropInteger:
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return nil, fmt.Errorf("must be a whole number, got %s", jsonType(v))
		}
		n := int64(f)
		if p.Min != nil && n < *p.Min {
			return nil, fmt.Errorf("must be at least %d, got %d", *p.Min, n)
		}
		if p.Max != nil && n > *p.Max {
			return nil, fmt.Errorf("must be at most %d, got %d", *p.Max, n)
		}
		return f, inOptions(p, f)
	case pipedream.PropBoolean:
		if _, ok := v.(bool); !ok {
			return nil, fmt.Errorf("must be true or false, got %s", jsonType(v))
		}
	case pipedream.PropObject:
		if _, ok := v.(map[string]any); !ok {
			return nil, fmt.Errorf("must be a JSON object, got %s", jsonType(v))
		}
	}
	return v, nil
}

// inOptions checks v is among p's static options, when it has any.
func inOptions(p pipedream.ConfigurableProp, v any) error {
	if len(p.Options) == 0 {
		return nil
	}
	for _, o := range p.Options {
		if o.Value == v || fmt.Sprint(o.Value) == fmt.Sprint(v) {
			return nil
		}
	}
	vals := make([]string, len(p.Options))
	for i, o := range p.Options {
		vals[i] = fmt.Sprint(o.Value)
	}
	return fmt.Errorf("%v is not one of the options (%s)", truncate(fmt.Sprint(v), 64), strings.Join(vals, ", "))
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}
