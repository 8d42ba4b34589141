module github.com/pdconnect/pdconnect/examples/goapp

go 1.25.0

require (
	github.com/maxence-charriere/go-app/v10 v10.1.10
	github.com/pdconnect/pdconnect v0.0.0
)

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/hack-pad/safejs v0.1.1 // indirect
	golang.org/x/oauth2 v0.35.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

replace github.com/pdconnect/pdconnect => ../..
