// Package apicheck records the exported API of the module's public packages
// as lines of text, one per identifier, field or method, as Go keeps its
// own in api/go1.*.txt, so that a change to the public API is a visible,
// reviewed diff of api/public.txt (see the package's test). It also finds
// the doc links ([Name], [pkg.Name]) that name nothing.
//
// It reads source with go/parser alone: a package's files are those the
// host or js/wasm would build (a line only one of them has says which), so
// the wasm packages' js-only files are covered.
package apicheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Platforms are the build contexts a package is read in.
var Platforms = []Platform{
	{Name: "host", GOOS: "linux", GOARCH: "amd64"},
	{Name: "js-wasm", GOOS: "js", GOARCH: "wasm"},
}

// Platform is one build context.
type Platform struct{ Name, GOOS, GOARCH string }

// Public returns the import paths, relative to the module root dir, of the
// module's public packages: every directory with Go files under it, but
// internal/, testdata/, modules of their own (examples/, third_party/),
// web/ and main packages.
func Public(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root && (name == "internal" || name == "testdata" || name == "examples" || name == "web" ||
			name == "node_modules" || name == "bin" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); p != root && err == nil {
			return filepath.SkipDir // a module of its own (third_party/go-app)
		}
		files, err := packageFiles(p, Platforms[0])
		if err != nil {
			return err
		}
		if len(files) == 0 {
			if files, err = packageFiles(p, Platforms[1]); err != nil {
				return err
			}
		}
		if len(files) > 0 && files[0].Name.Name != "main" {
			rel, _ := filepath.Rel(root, p)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	return dirs, err
}

// packageFiles parses the non-test Go files of dir that plat builds.
func packageFiles(dir string, plat Platform) ([]*ast.File, error) {
	files, _, err := parseBuild(dir, plat)
	return files, err
}

// parseBuild parses the non-test Go files of dir that plat builds, in one
// file set.
func parseBuild(dir string, plat Platform) ([]*ast.File, *token.FileSet, error) {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = plat.GOOS, plat.GOARCH, false
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := ctx.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, f)
	}
	return files, fset, nil
}

// bracketed is a [Name], [*Name], [pkg.Name] or [Name.Member] as go doc
// prints it when it is no link.
var bracketed = regexp.MustCompile(`\[\*?[A-Za-z_][A-Za-z0-9_./]*\]`)

// Unlinked returns what go doc itself leaves in brackets in the docs of
// the package at dir as plat builds it: each a [Name] that was meant as a
// link and names nothing go doc knows ([WORD]s in capitals and lowercase
// [words] are text).
func Unlinked(dir string, plat Platform) ([]string, error) {
	files, fset, err := parseBuild(dir, plat)
	if err != nil || len(files) == 0 {
		return nil, err
	}
	p, err := doc.NewFromFiles(fset, files, "example.com/"+filepath.Base(dir))
	if err != nil {
		return nil, err
	}
	var out []string
	check := func(where, text string) {
		var pr comment.Printer
		for _, m := range bracketed.FindAllString(string(pr.Text(p.Parser().Parse(text))), -1) {
			name := strings.Trim(m, "[]*")
			if strings.ToUpper(name) != name && (strings.Contains(name, ".") || ast.IsExported(name)) {
				out = append(out, fmt.Sprintf("%s (%s): %s: %s is no link", dir, plat.Name, where, m))
			}
		}
	}
	check("package doc", p.Doc)
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			check(strings.Join(v.Names, ", "), v.Doc)
		}
	}
	values(p.Consts)
	values(p.Vars)
	for _, f := range p.Funcs {
		check(f.Name, f.Doc)
	}
	for _, t := range p.Types {
		check(t.Name, t.Doc)
		values(t.Consts)
		values(t.Vars)
		for _, f := range t.Funcs {
			check(f.Name, f.Doc)
		}
		for _, m := range t.Methods {
			check(t.Name+"."+m.Name, m.Doc)
		}
	}
	return out, nil
}

// Package is one public package as read on every platform.
type Package struct {
	Path  string                     // import path
	Lines map[string][]string        // API line -> the platforms that have it
	Links []Link                     // the doc links of its exported declarations and package doc
	Syms  map[string]map[string]bool // by platform, its names: "Name" and "Type.Member"
}

// Link is one doc link in a package's docs.
type Link struct {
	Where   string // the declaration whose doc has it
	Text    string // as written, e.g. "[Client.Close]"
	Import  string // the package it names; "" for the package itself
	Recv    string // the type, for a member
	Name    string
	Package bool // a link to a package, not a symbol
	// Platform is the build the doc is read in: a link must resolve in the
	// same build, as go doc and pkg.go.dev show one build (the host's).
	Platform string
}

// Read reads the package at root/rel, whose import path is module/rel.
func Read(root, module, rel string) (*Package, error) {
	p := &Package{Path: path.Join(module, rel), Lines: map[string][]string{}, Syms: map[string]map[string]bool{}}
	seenDoc := map[string]bool{}
	for _, plat := range Platforms {
		p.Syms[plat.Name] = map[string]bool{}
		files, err := packageFiles(filepath.Join(root, filepath.FromSlash(rel)), plat)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			imports := fileImports(f)
			for _, l := range declLines(f) {
				if !slices.Contains(p.Lines[l], plat.Name) {
					p.Lines[l] = append(p.Lines[l], plat.Name)
				}
			}
			symbols(f, p.Syms[plat.Name])
			for where, doc := range docs(f) {
				if key := plat.Name + "\x00" + where + "\x00" + doc; !seenDoc[key] {
					seenDoc[key] = true
					for _, l := range links(where, doc, imports) {
						l.Platform = plat.Name
						p.Links = append(p.Links, l)
					}
				}
			}
		}
	}
	return p, nil
}

// APILines renders p's API: "pkg PATH, DECL", with " (PLATFORM)" after PATH
// for a line only some platforms have.
func (p *Package) APILines() []string {
	var out []string
	for l, plats := range p.Lines {
		prefix := "pkg " + p.Path
		if len(plats) < len(Platforms) {
			prefix += " (" + strings.Join(plats, ", ") + ")"
		}
		out = append(out, prefix+", "+l)
	}
	slices.Sort(out)
	return out
}

// declLines renders f's exported declarations, one line per identifier,
// struct field, interface method and method.
func declLines(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			if d.Recv == nil {
				out = append(out, "func "+d.Name.Name+signature(d.Type))
				continue
			}
			recv := node(d.Recv.List[0].Type)
			if !ast.IsExported(strings.TrimLeft(typeName(d.Recv.List[0].Type), "*")) {
				continue
			}
			out = append(out, "method ("+recv+") "+d.Name.Name+signature(d.Type))
		case *ast.GenDecl:
			out = append(out, genLines(d)...)
		}
	}
	return out
}

// genLines renders the exported specs of a const, var or type declaration.
func genLines(d *ast.GenDecl) []string {
	var out []string
	var lastType ast.Expr // a const spec without a type repeats the previous one's
	for _, s := range d.Specs {
		switch s := s.(type) {
		case *ast.ValueSpec:
			if d.Tok == token.CONST && (s.Type != nil || len(s.Values) > 0) {
				lastType = s.Type
			}
			typ := s.Type
			if typ == nil && d.Tok == token.CONST && len(s.Values) == 0 {
				typ = lastType
			}
			for i, n := range s.Names {
				if !n.IsExported() {
					continue
				}
				l := d.Tok.String() + " " + n.Name
				if typ != nil {
					l += " " + node(typ)
				}
				if d.Tok == token.CONST && i < len(s.Values) {
					l += " = " + node(s.Values[i])
				}
				out = append(out, l)
			}
		case *ast.TypeSpec:
			if !s.Name.IsExported() {
				continue
			}
			head := "type " + s.Name.Name
			if s.TypeParams != nil {
				head += "[" + fieldList(s.TypeParams, true) + "]"
			}
			if s.Assign.IsValid() {
				out = append(out, head+" = "+node(s.Type))
				continue
			}
			switch t := s.Type.(type) {
			case *ast.StructType:
				out = append(out, head+" struct")
				for _, fld := range t.Fields.List {
					if len(fld.Names) == 0 {
						if ast.IsExported(strings.TrimLeft(typeName(fld.Type), "*")) {
							out = append(out, head+" struct, embedded "+node(fld.Type))
						}
						continue
					}
					for _, n := range fld.Names {
						if n.IsExported() {
							out = append(out, head+" struct, "+n.Name+" "+node(fld.Type))
						}
					}
				}
			case *ast.InterfaceType:
				out = append(out, head+" interface")
				for _, m := range t.Methods.List {
					if len(m.Names) == 0 {
						out = append(out, head+" interface, embedded "+node(m.Type))
						continue
					}
					if ft, ok := m.Type.(*ast.FuncType); ok && m.Names[0].IsExported() {
						out = append(out, head+" interface, "+m.Names[0].Name+signature(ft))
					}
				}
			default:
				out = append(out, head+" "+node(s.Type))
			}
		}
	}
	return out
}

// typeName is the name of a (possibly pointer, generic or qualified) type.
func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return "*" + typeName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	case *ast.IndexExpr:
		return typeName(t.X)
	case *ast.IndexListExpr:
		return typeName(t.X)
	}
	return ""
}

// signature renders a function type without parameter names, as Go's
// api files do: "(context.Context, string) (Account, error)".
func signature(ft *ast.FuncType) string {
	s := "(" + fieldList(ft.Params, false) + ")"
	if ft.Results != nil && len(ft.Results.List) > 0 {
		res := fieldList(ft.Results, false)
		if len(ft.Results.List) == 1 && len(ft.Results.List[0].Names) <= 1 {
			s += " " + res
		} else {
			s += " (" + res + ")"
		}
	}
	return s
}

// fieldList renders a parameter list's types, one per name; with names
// only for type parameters.
func fieldList(fl *ast.FieldList, names bool) string {
	var parts []string
	for _, fld := range fl.List {
		t := node(fld.Type)
		n := max(1, len(fld.Names))
		for i := range n {
			if names && i < len(fld.Names) {
				parts = append(parts, fld.Names[i].Name+" "+t)
			} else {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, ", ")
}

// node prints an expression on one line, with the parameters of the
// function types in it unnamed.
func node(n ast.Node) string {
	ast.Inspect(n, func(n ast.Node) bool {
		if ft, ok := n.(*ast.FuncType); ok {
			unname(ft.Params)
			unname(ft.Results)
		}
		return true
	})
	var b bytes.Buffer
	_ = printer.Fprint(&b, token.NewFileSet(), n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// fileImports maps the names f imports packages under to their paths.
func fileImports(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := path.Base(p)
		if v := path.Base(p); strings.HasPrefix(v, "v") && strings.Trim(v[1:], "0123456789") == "" {
			name = path.Base(path.Dir(p)) // example.com/x/v10 is package x
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		m[name] = p
	}
	return m
}

// symbols adds f's exported names to syms: "Name" and "Type.Member" for
// methods and struct fields.
func symbols(f *ast.File, syms map[string]bool) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				syms[d.Name.Name] = true
			} else {
				syms[strings.TrimLeft(typeName(d.Recv.List[0].Type), "*")+"."+d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						syms[n.Name] = true
					}
				case *ast.TypeSpec:
					syms[s.Name.Name] = true
					members := func(fl *ast.FieldList) {
						for _, fld := range fl.List {
							for _, n := range fld.Names {
								syms[s.Name.Name+"."+n.Name] = true
							}
							if len(fld.Names) == 0 {
								syms[s.Name.Name+"."+strings.TrimLeft(typeName(fld.Type), "*")] = true
							}
						}
					}
					switch t := s.Type.(type) {
					case *ast.StructType:
						members(t.Fields)
					case *ast.InterfaceType:
						members(t.Methods)
					}
				}
			}
		}
	}
}

// docs returns the doc comments of f's package clause and exported
// declarations, by the declaration's name.
func docs(f *ast.File) map[string]string {
	m := map[string]string{}
	add := func(where string, g *ast.CommentGroup) {
		if g != nil {
			m[where] += g.Text()
		}
	}
	add("package "+f.Name.Name, f.Doc)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				add(strings.TrimLeft(typeName(d.Recv.List[0].Type), "*")+"."+d.Name.Name, d.Doc)
			} else {
				add(d.Name.Name, d.Doc)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					add(s.Names[0].Name, d.Doc)
					add(s.Names[0].Name, s.Doc)
				case *ast.TypeSpec:
					add(s.Name.Name, d.Doc)
					add(s.Name.Name, s.Doc)
					var fl *ast.FieldList
					switch t := s.Type.(type) {
					case *ast.StructType:
						fl = t.Fields
					case *ast.InterfaceType:
						fl = t.Methods
					}
					if fl != nil {
						for _, fld := range fl.List {
							if len(fld.Names) > 0 {
								add(s.Name.Name+"."+fld.Names[0].Name, fld.Doc)
							}
						}
					}
				}
			}
		}
	}
	for where := range m {
		if n := where[strings.LastIndex(where, ".")+1:]; !strings.HasPrefix(where, "package ") && !ast.IsExported(n) {
			delete(m, where)
		}
	}
	return m
}

// lowerLink is a [name] that begins with a lowercase letter.
var lowerLink = regexp.MustCompile(`\[([a-z][A-Za-z0-9_]*)\]`)

// links finds the doc links in text: every [Name], [Name.Member],
// [pkg.Name] and [pkg.Name.Member] that the doc comment syntax reads as a
// link when it resolves.
func links(where, text string, imports map[string]string) []Link {
	var out []Link
	p := comment.Parser{
		LookupPackage: func(name string) (string, bool) {
			ip, ok := imports[name]
			return ip, ok
		},
		LookupSym: func(recv, name string) bool { return true },
	}
	var walk func(texts []comment.Text)
	walk = func(texts []comment.Text) {
		for _, t := range texts {
			switch t := t.(type) {
			case *comment.DocLink:
				var w bytes.Buffer
				for _, tt := range t.Text {
					if pl, ok := tt.(comment.Plain); ok {
						w.WriteString(string(pl))
					}
				}
				out = append(out, Link{Where: where, Text: "[" + w.String() + "]", Import: t.ImportPath, Recv: t.Recv, Name: t.Name, Package: t.Name == ""})
			case *comment.Link:
				walk(t.Text)
			case *comment.Italic, comment.Plain:
			}
		}
	}
	// The syntax never links a lowercase [name] to a symbol: go doc shows
	// it with its brackets. Found here, it is flagged when it names an
	// unexported identifier.
	for _, m := range lowerLink.FindAllStringSubmatch(text, -1) {
		if _, isImport := imports[m[1]]; !isImport {
			out = append(out, Link{Where: where, Text: m[0], Name: m[1]})
		}
	}
	for _, b := range p.Parse(text).Content {
		switch b := b.(type) {
		case *comment.Paragraph:
			walk(b.Text)
		case *comment.List:
			for _, it := range b.Items {
				for _, c := range it.Content {
					if par, ok := c.(*comment.Paragraph); ok {
						walk(par.Text)
					}
				}
			}
		case *comment.Heading:
			walk(b.Text)
		}
	}
	return out
}

// Resolve reports the links of pkgs that name nothing: a symbol of the
// package itself or of another package of the module that it does not
// have. Links to other modules' packages are taken on trust.
func Resolve(pkgs map[string]*Package, module string) []string {
	var bad []string
	for _, p := range pkgs {
		for _, l := range p.Links {
			target := p
			if l.Import != "" {
				if !strings.HasPrefix(l.Import, module+"/") {
					continue
				}
				t, ok := pkgs[l.Import]
				if !ok {
					bad = append(bad, fmt.Sprintf("%s: %s: %s names %s, which is not a public package", p.Path, l.Where, l.Text, l.Import))
					continue
				}
				target = t
			}
			if l.Package {
				continue
			}
			if l.Import == "" && l.Recv == "" && !ast.IsExported(l.Name) {
				if target.Syms[l.Platform][l.Name] {
					bad = append(bad, fmt.Sprintf("%s: %s: %s names an unexported identifier, which the docs do not show", p.Path, l.Where, l.Text))
				}
				continue // [word]: plain text
			}
			if l.Import == "" && l.Recv == "" && strings.ToUpper(l.Name) == l.Name && !target.Syms[l.Platform][l.Name] {
				continue // [WORD]: plain text
			}
			sym := l.Name
			if l.Recv != "" {
				sym = l.Recv + "." + l.Name
			}
			if !target.Syms[l.Platform][sym] {
				bad = append(bad, fmt.Sprintf("%s: %s: %s names nothing%s", p.Path, l.Where, l.Text, onlyElsewhere(target, l.Platform, sym)))
			}
		}
	}
	slices.Sort(bad)
	return slices.Compact(bad)
}

// unname drops the names of a parameter list, keeping one field per
// parameter.
func unname(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	var fields []*ast.Field
	for _, f := range fl.List {
		for range max(1, len(f.Names)) {
			fields = append(fields, &ast.Field{Type: f.Type})
		}
	}
	fl.List = fields
}

// onlyElsewhere says where sym exists, when another platform has it.
func onlyElsewhere(p *Package, plat, sym string) string {
	var in []string
	for _, other := range Platforms {
		if other.Name != plat && p.Syms[other.Name][sym] {
			in = append(in, other.Name)
		}
	}
	if len(in) == 0 {
		return ""
	}
	return " in the " + plat + " build (only in " + strings.Join(in, ", ") + ")"
}
