module github.com/pdconnect/pdconnect/examples/nethttp

go 1.25.0

require github.com/pdconnect/pdconnect v0.0.0

require (
	golang.org/x/oauth2 v0.35.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

replace github.com/pdconnect/pdconnect => ../..
