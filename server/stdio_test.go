package main

import (
	"net"
	"strings"
	"testing"
)

func TestMCPStdioWithoutASandboxStopsWithOneLine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	var out strings.Builder
	err = run(t.Context(), []string{"-mcp-stdio", "ana", "-sandbox-addr", addr, "-data", t.TempDir()}, func(string) string { return "" }, &out)
	if err == nil || !strings.Contains(err.Error(), "no sandbox answers at SANDBOX_ADDR "+addr) || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v", err)
	}
}
